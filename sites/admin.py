"""Admin for host organisations, sites, projects and what hangs from them."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from belts.admin import (
    SHORT_TEXTAREA,
    ArchiveFilter,
    ArchivingAdminMixin,
    DistrictScopedAdmin,
    DistrictScopedInline,
    QuerySetMethodFilter,
    ScopedHistoryAdmin,
    TodayMixin,
    VersionedForm,
    VersionedInlineForm,
    flag,
    percent_bar,
)
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site
from sites.publishing import publication_gaps
from sites.services import photo_save, projects_set_published, sites_set_published
from sites.spreadsheets import ActivityResource, ProjectResource, SiteResource, SpreadsheetAdminMixin
from sites.widgets import LocationPickerAdminMixin


def photo_preview(photo):
    """The thumbnail of an uploaded photo, linking to the full image; nothing before one is uploaded."""
    if photo is None or not photo.image:
        return None
    return format_html(
        '<a href="{0}" target="_blank" rel="noopener"><img src="{1}" alt="{2}" height="60" loading="lazy"></a>',
        photo.image.url,
        (photo.thumbnail or photo.image).url,
        photo.caption,
    )


# --- Filters ------------------------------------------------------------------------


class ProjectScheduleFilter(QuerySetMethodFilter):
    title = _("schedule")
    parameter_name = "schedule"
    methods = {"overdue": (_("Overdue"), "overdue"), "at_risk": (_("At risk"), "at_risk")}
    dated = ("overdue", "at_risk")


class MilestoneStateFilter(QuerySetMethodFilter):
    title = _("state")
    parameter_name = "state"
    methods = {"pending": (_("Pending"), "pending"), "overdue": (_("Overdue"), "overdue")}
    dated = ("overdue",)


class PhotoSubjectFilter(admin.SimpleListFilter):
    title = _("photo of")
    parameter_name = "subject"

    def lookups(self, request, model_admin):
        return [("site", _("a site")), ("project", _("a project")), ("progress_update", _("a progress update"))]

    def queryset(self, request, queryset):
        if self.value() in {"site", "project", "progress_update"}:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


# --- Inlines ------------------------------------------------------------------------


class ProjectInline(DistrictScopedInline):
    model = Project
    form = VersionedInlineForm
    fields = (
        "title",
        "status",
        "planned_start",
        "planned_completion",
        "actual_completion",
        "percent_complete",
        "edit_version",
    )
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).active()


class PhotoInline(DistrictScopedInline):
    """Photos of the site itself; photos of its projects and progress updates are kept on the photo page."""

    model = Photo
    fk_name = "site"
    fields = ("image", "preview", "caption", "taken_on", "order")
    readonly_fields = ("preview",)
    ordering = ("order", "pk")

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return photo_preview(obj)


class ActivityInline(DistrictScopedInline):
    model = Activity
    fields = ("date", "title", "sessions", "participants")


class MilestoneInline(DistrictScopedInline):
    model = Milestone
    fields = ("title", "due_date", "done_date")
    ordering = ("due_date", "pk")


class ProgressUpdateInline(DistrictScopedInline):
    model = ProgressUpdate
    fields = ("date", "percent", "note", "author")
    readonly_fields = ("author",)
    formfield_overrides = SHORT_TEXTAREA
    ordering = ("-date", "-pk")

    def get_queryset(self, request):
        # Each row prints itself (its project) and its author.
        return super().get_queryset(request).select_related("project", "author")


# --- Model admins -------------------------------------------------------------------


@admin.register(Organization)
class OrganizationAdmin(DistrictScopedAdmin):
    list_display = ("name", "kind", "district", "party_org_name", "party_org_kind", "party_member_count")
    list_filter = ("kind", "party_org_kind", ("district", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("district",)
    search_fields = ("name", "party_org_name", "credit_code")
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("district", "name", "kind", "credit_code")}),
        (
            _("Party organisation"),
            {"fields": ("party_org_name", "party_org_kind", "party_org_founded", "party_member_count")},
        ),
    )


class SiteAdminForm(VersionedForm):
    """The site form: versioned, and refusing to publish a site that is not ready."""

    def clean(self):
        cleaned_data = super().clean()
        newly_published = cleaned_data.get("published") and not (self.instance.pk and self.initial.get("published"))
        if newly_published:
            candidate = SimpleNamespace(
                positioning=cleaned_data.get("positioning"),
                latitude=cleaned_data.get("latitude"),
                longitude=cleaned_data.get("longitude"),
                organization_id=cleaned_data.get("organization") and cleaned_data["organization"].pk,
                photo_count=self.instance.photos.count() if self.instance.pk else 0,
            )
            if gaps := publication_gaps(candidate):
                self.add_error("published", not_ready_message(gaps))
        return cleaned_data


def not_ready_message(gaps) -> str:
    return _("Not ready to publish; the site still needs %(gaps)s. (Save new photos first, then publish.)") % {
        "gaps": "、".join(str(gap) for gap in gaps)
    }


@admin.register(Site)
class SiteAdmin(
    LocationPickerAdminMixin, SpreadsheetAdminMixin, ArchivingAdminMixin, ScopedHistoryAdmin, DistrictScopedAdmin
):
    resource_classes = [SiteResource]
    form = SiteAdminForm
    list_display = (
        "number",
        "name",
        "belt",
        "belt_district",
        "organization",
        "status",
        "published",
        "readiness",
        "progress",
    )
    list_display_links = ("number", "name")
    list_filter = (
        ArchiveFilter,
        "status",
        "published",
        ("belt__district", admin.RelatedOnlyFieldListFilter),
        ("belt", admin.RelatedOnlyFieldListFilter),
    )
    actions = [*ArchivingAdminMixin.actions, "publish_selected", "unpublish_selected"]
    readonly_fields = ("publication_check",)
    list_select_related = ("belt__district", "organization")
    search_fields = ("name", "positioning", "address", "belt__name", "organization__name")
    ordering = ("belt__district__code", "belt__name", "sequence")
    autocomplete_fields = ("belt", "organization")
    inlines = (ProjectInline, PhotoInline, ActivityInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "belt",
                    "sequence",
                    "name",
                    "positioning",
                    "status",
                    "published",
                    "publication_check",
                    "edit_version",
                )
            },
        ),
        (_("Description"), {"fields": ("introduction", "construction_status", "experience")}),
        (_("Host organisation"), {"fields": ("organization",)}),
        (
            _("Location"),
            {"fields": ("address", ("latitude", "longitude"), "location_approximate", "opening_hours")},
        ),
        (_("Figures"), {"fields": ("area_m2", "investment_10k_yuan")}),
        (_("Contact (internal)"), {"fields": ("contact_name", "contact_phone")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("belt__district", "organization")
            .with_progress()
            .with_photo_count()
        )

    def get_view_on_site_url(self, obj=None):
        # A draft opens in the staff preview; a published site on its public page.
        if obj is None or obj.pk is None:
            return None
        if obj.published and obj.archived_at is None and obj.belt.published:
            return obj.get_absolute_url()
        return reverse("portal:site_preview", kwargs={"pk": obj.pk})

    @admin.action(description=_("Publish selected sites"))
    def publish_selected(self, request, queryset):
        editable = queryset.filter(pk__in=Site.objects.editable_by(request.user).values("pk"))
        refused = sites_set_published(sites=editable, published=True)
        for site, gaps in refused.items():
            self.message_user(request, f"{site}: {not_ready_message(gaps)}", messages.WARNING)
        published = editable.count() - len(refused)
        self.message_user(request, _("%(count)d sites are published.") % {"count": published}, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected sites"))
    def unpublish_selected(self, request, queryset):
        editable = queryset.filter(pk__in=Site.objects.editable_by(request.user).values("pk"))
        sites_set_published(sites=editable, published=False)
        self.message_user(request, _("%(count)d sites are drafts again.") % {"count": editable.count()})

    @admin.display(description=_("ready to publish"))
    def readiness(self, obj):
        gaps = publication_gaps(obj)
        return _("ready") if not gaps else _("needs %(gaps)s") % {"gaps": "、".join(str(gap) for gap in gaps)}

    @admin.display(description=_("ready to publish"))
    def publication_check(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the site first; then this shows what it still lacks to be published.")
        gaps = publication_gaps(obj)
        return _("Ready to publish.") if not gaps else not_ready_message(gaps)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Photo:
            return super().save_formset(request, form, formset, change)
        photos = formset.save(commit=False)
        for photo in formset.deleted_objects:
            photo.delete()
        for photo in photos:
            photo_save(photo=photo)
        return None

    @admin.display(description=_("sequence"), ordering="sequence")
    def number(self, obj):
        return obj.number

    @admin.display(description=_("district"), ordering="belt__district__code")
    def belt_district(self, obj):
        return obj.belt.district

    @admin.display(description=_("progress"), ordering="progress")
    def progress(self, obj):
        return percent_bar(obj.progress)


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


@admin.register(Photo)
class PhotoAdmin(DistrictScopedAdmin):
    list_display = ("preview", "caption", "subject", "taken_on", "order")
    list_display_links = ("preview", "caption")
    list_filter = (PhotoSubjectFilter,)
    list_select_related = ("site", "project", "progress_update__project")
    search_fields = ("caption", "site__name", "project__title", "progress_update__project__title")
    ordering = ("order", "pk")
    autocomplete_fields = ("site", "project", "progress_update")
    fieldsets = (
        (None, {"fields": ("image", "preview", "caption", "taken_on", "order")}),
        (
            _("Photo of"),
            {
                "fields": ("site", "project", "progress_update"),
                "description": _("Choose exactly one: a site, a project or a progress update."),
            },
        ),
    )
    readonly_fields = ("preview",)

    def save_model(self, request, obj, form, change):
        photo_save(photo=obj)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return photo_preview(obj)

    @admin.display(description=_("photo of"))
    def subject(self, obj):
        return obj.site or obj.project or obj.progress_update


@admin.register(Activity)
class ActivityAdmin(SpreadsheetAdminMixin, DistrictScopedAdmin):
    resource_classes = [ActivityResource]
    list_display = ("title", "site", "date", "sessions", "participants")
    list_filter = (("site__belt__district", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("site",)
    search_fields = ("title", "site__name", "description")
    ordering = ("-date", "pk")
    date_hierarchy = "date"
    autocomplete_fields = ("site",)
    fields = ("site", "date", "title", "sessions", "participants", "description")
