"""Projects and what hangs from them: milestones and progress updates."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from belts.admin import (
    ArchiveFilter,
    ArchivingAdminMixin,
    DistrictScopedAdmin,
    ScopedHistoryAdmin,
    TodayMixin,
    VersionedForm,
    flag,
    percent_bar,
)
from sites.admin.common import MilestoneInline, MilestoneStateFilter, ProgressUpdateInline, ProjectScheduleFilter
from sites.models import Milestone, ProgressUpdate, Project
from sites.services import projects_set_published
from sites.spreadsheets import ProjectResource, SpreadsheetAdminMixin


@admin.register(Project)
class ProjectAdmin(SpreadsheetAdminMixin, ArchivingAdminMixin, ScopedHistoryAdmin, TodayMixin, DistrictScopedAdmin):
    resource_classes = [ProjectResource]
    form = VersionedForm
    actions = [*ArchivingAdminMixin.actions, "publish_selected", "unpublish_selected"]
    list_display = (
        "title",
        "site",
        "status",
        "schedule",
        "planned_completion",
        "percent",
    )
    list_filter = (
        ArchiveFilter,
        ProjectScheduleFilter,
        "status",
        "published",
        ("site__belt__district", admin.RelatedOnlyFieldListFilter),
        ("site__belt", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("site",)
    search_fields = ("title", "site__name", "responsible_person", "responsible_unit")
    ordering = ("site__belt__name", "site__sequence", "planned_completion", "pk")
    date_hierarchy = "planned_completion"
    autocomplete_fields = ("site",)
    inlines = (MilestoneInline, ProgressUpdateInline)
    fieldsets = (
        (None, {"fields": ("site", "title", "description", "status", "published", "edit_version")}),
        (
            _("Schedule"),
            {"fields": ("planned_start", "planned_completion", "actual_completion", "percent_complete")},
        ),
        (_("Responsibility (internal)"), {"fields": ("responsible_person", "responsible_unit", "delay_reason")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_schedule_flags(today=self.get_today(request))

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressUpdate:
            return super().save_formset(request, form, formset, change)
        updates = formset.save(commit=False)
        for update in formset.deleted_objects:
            update.delete()
        for update in updates:
            # A new progress update is signed by whoever records it.
            if update.pk is None and update.author_id is None:
                update.author = request.user
            update.save()
        formset.save_m2m()
        return None

    @admin.action(description=_("Publish selected projects"))
    def publish_selected(self, request, queryset):
        editable = queryset.filter(pk__in=Project.objects.editable_by(request.user).values("pk"))
        count = projects_set_published(projects=editable, published=True)
        self.message_user(request, _("%(count)d projects are published.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected projects"))
    def unpublish_selected(self, request, queryset):
        editable = queryset.filter(pk__in=Project.objects.editable_by(request.user).values("pk"))
        count = projects_set_published(projects=editable, published=False)
        self.message_user(request, _("%(count)d projects are drafts again.") % {"count": count})

    @admin.display(description=_("percent complete"), ordering="percent_complete")
    def percent(self, obj):
        return percent_bar(obj.percent_complete)

    @admin.display(description=_("schedule"))
    def schedule(self, obj):
        if obj.is_overdue:
            return flag(_("Overdue"), "overdue")
        if obj.is_at_risk:
            return flag(_("At risk"), "at-risk")
        return ""


@admin.register(Milestone)
class MilestoneAdmin(ScopedHistoryAdmin, TodayMixin, DistrictScopedAdmin):
    list_display = ("title", "project", "project_site", "due_date", "done_date")
    list_filter = (MilestoneStateFilter,)
    list_select_related = ("project__site",)
    search_fields = ("title", "project__title", "project__site__name")
    ordering = ("due_date", "pk")
    date_hierarchy = "due_date"
    autocomplete_fields = ("project",)
    fields = ("project", "title", "due_date", "done_date")

    @admin.display(description=_("site"), ordering="project__site__name")
    def project_site(self, obj):
        return obj.project.site


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ScopedHistoryAdmin, DistrictScopedAdmin):
    list_display = ("project", "project_site", "date", "percent_done", "author")
    list_select_related = ("project__site", "author")
    search_fields = ("project__title", "project__site__name", "note")
    ordering = ("-date", "-pk")
    date_hierarchy = "date"
    autocomplete_fields = ("project",)
    fields = ("project", "date", "percent", "note", "author")
    readonly_fields = ("author",)

    def save_model(self, request, obj, form, change):
        if obj.author_id is None and not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("site"), ordering="project__site__name")
    def project_site(self, obj):
        return obj.project.site

    @admin.display(description=_("percent complete"), ordering="percent")
    def percent_done(self, obj):
        return percent_bar(obj.percent)
