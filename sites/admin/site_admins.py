"""Host organisations and sites: the site form with its publishing check, map picker and inlines."""

from types import SimpleNamespace

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from belts.admin import (
    ArchiveFilter,
    ArchivingAdminMixin,
    DistrictScopedAdmin,
    ScopedHistoryAdmin,
    VersionedForm,
    percent_bar,
)
from sites.admin.common import ActivityInline, PhotoInline, ProjectInline
from sites.models import Organization, Photo, Site
from sites.publishing import not_ready_message, publication_gaps, publication_refusal
from sites.services import photo_save, sites_set_published
from sites.spreadsheets import SiteResource, SpreadsheetAdminMixin
from sites.widgets import LocationPickerAdminMixin

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
        candidate = SimpleNamespace(
            pk=self.instance.pk,
            published=cleaned_data.get("published"),
            positioning=cleaned_data.get("positioning"),
            latitude=cleaned_data.get("latitude"),
            longitude=cleaned_data.get("longitude"),
            organization_id=cleaned_data.get("organization") and cleaned_data["organization"].pk,
            photo_count=self.instance.photos.count() if self.instance.pk else 0,
        )
        was_published = bool(self.instance.pk and self.initial.get("published"))
        if refusal := publication_refusal(candidate, was_published=was_published):
            self.add_error("published", refusal)
        return cleaned_data


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
