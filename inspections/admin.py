"""Admin for inspection visits, the sites they visit and the follow-up tasks they set."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from belts import roles
from belts.admin import (
    SHORT_TEXTAREA,
    DistrictScopedAdmin,
    DistrictScopedInline,
    QuerySetMethodFilter,
    ScopedHistoryAdmin,
    TodayMixin,
    count_of,
    flag,
)
from inspections.models import FollowUp, Inspection, InspectionSite
from inspections.services import followup_answer, followup_record_closing


class FollowUpStateFilter(QuerySetMethodFilter):
    title = _("state")
    parameter_name = "state"
    methods = {"overdue": (_("Overdue"), "overdue"), "unresolved": (_("Not closed"), "unresolved")}
    dated = ("overdue",)


class InspectedBeltSitesMixin:
    """Offer as a row's site only the sites of the inspected belt, fetched once for all rows.

    A visit's sites lie on its belt (the models' ``clean()`` says so too); a
    belt has a handful of them, so a plain select fits, and sharing one list
    of choices keeps the page's query count independent of its row count.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site_field = formset.form.base_fields.get("site")
        if site_field is not None and obj is not None:
            site_field.queryset = site_field.queryset.filter(belt=obj.belt_id)
            site_field.choices = list(iter(site_field.choices))  # iter(): no COUNT query for a length hint
        return formset


class InspectionSiteInline(InspectedBeltSitesMixin, DistrictScopedInline):
    model = InspectionSite
    fields = ("order", "site", "note")
    ordering = ("order",)
    formfield_overrides = SHORT_TEXTAREA

    def get_queryset(self, request):
        # Each row prints itself as "order. site name".
        return super().get_queryset(request).select_related("site")


class FollowUpInline(InspectedBeltSitesMixin, DistrictScopedInline):
    """Tasks set by the visit; they are answered and closed on their own page."""

    model = FollowUp
    fields = ("task", "site", "responsible_person", "deadline", "status")
    readonly_fields = ("status",)
    ordering = ("deadline", "pk")
    formfield_overrides = SHORT_TEXTAREA
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(DistrictScopedAdmin):
    list_display = ("date", "title", "belt", "belt_district", "leader", "visit_count", "unresolved_followups")
    list_display_links = ("date", "title")
    list_filter = (("belt__district", admin.RelatedOnlyFieldListFilter), ("belt", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("belt__district",)
    search_fields = ("title", "leader_name", "inspecting_body", "belt__name")
    ordering = ("-date", "-pk")
    date_hierarchy = "date"
    autocomplete_fields = ("belt",)
    fieldsets = (
        (
            None,
            {
                "fields": ("belt", "date", "title", "inspecting_body", ("leader_name", "leader_title"), "team"),
                "description": _("Visited sites and follow-up tasks can be added once the visit is saved."),
            },
        ),
        (_("Findings"), {"fields": ("summary", "guidance")}),
    )

    def get_inlines(self, request, obj):
        # A visited site must lie on the inspected belt: its rows are offered once the belt is saved.
        return (InspectionSiteInline, FollowUpInline) if obj is not None else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                visit_count=count_of(InspectionSite.objects.all(), "inspection"),
                unresolved_followups=count_of(FollowUp.objects.unresolved(), "inspection"),
            )
        )

    @admin.display(description=_("district"), ordering="belt__district__code")
    def belt_district(self, obj):
        return obj.belt.district

    @admin.display(description=_("leader"), ordering="leader_name")
    def leader(self, obj):
        return " ".join(part for part in (obj.leader_name, obj.leader_title) if part)

    @admin.display(description=_("sites visited"), ordering="visit_count")
    def visit_count(self, obj):
        return obj.visit_count

    @admin.display(description=_("tasks not closed"), ordering="unresolved_followups")
    def unresolved_followups(self, obj):
        return obj.unresolved_followups


@admin.register(FollowUp)
class FollowUpAdmin(ScopedHistoryAdmin, TodayMixin, DistrictScopedAdmin):
    list_display = ("__str__", "inspection", "site", "responsible_person", "deadline", "status", "is_overdue")
    list_filter = (FollowUpStateFilter, "status", ("inspection__belt__district", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("inspection", "site")
    search_fields = ("task", "responsible_person", "response", "inspection__title", "site__name")
    ordering = ("deadline", "pk")
    date_hierarchy = "deadline"
    autocomplete_fields = ("inspection", "site")
    fieldsets = (
        (None, {"fields": ("inspection", "site", "task", "responsible_person", "deadline", "status")}),
        (_("District's response"), {"fields": ("response", "answered_at", "answered_by")}),
        (_("Closing"), {"fields": ("closed_at", "closed_by")}),
    )

    # What a district editor may change of a task addressed to his district: only the answer.
    district_fields = ("response",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_overdue_flag(today=self.get_today(request))

    def get_readonly_fields(self, request, obj=None):
        if roles.sees_all_districts(request.user):
            return self.readonly_fields
        return [
            field for fieldset in self.fieldsets for field in fieldset[1]["fields"] if field not in self.district_fields
        ]

    def save_model(self, request, obj, form, change):
        if not roles.sees_all_districts(request.user):
            # The district answers; the committee closes (or sends back).
            if "response" in form.changed_data:
                followup_answer(followup=obj, response=obj.response, user=request.user)
            return
        followup_record_closing(followup=obj, user=request.user)
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"answered_by", "closed_by"}:
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("overdue"), ordering="is_overdue")
    def is_overdue(self, obj):
        return flag(_("Overdue"), "overdue") if obj.is_overdue else ""
