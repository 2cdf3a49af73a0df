"""Pieces the sites admin pages share: photo previews, list filters and inlines."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from belts.admin import (
    SHORT_TEXTAREA,
    DistrictScopedInline,
    QuerySetMethodFilter,
    VersionedInlineForm,
)
from sites.models import Activity, Milestone, Photo, ProgressUpdate, Project


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
