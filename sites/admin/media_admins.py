"""Photos and activities."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from belts.admin import (
    DistrictScopedAdmin,
)
from sites.admin.common import PhotoSubjectFilter, photo_preview
from sites.models import Activity, Photo
from sites.services import photo_save
from sites.spreadsheets import ActivityResource, SpreadsheetAdminMixin


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
