"""The filters of inspection and follow-up lists: the API and the /inspections/tasks/ page share them."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from belts.filtersets import OrderingFilter, PortalFilterSet, YesNoFilter, visible
from belts.models import Belt, District
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection
from inspections.querysets import followup_overdue_condition


class InspectionFilterSet(PortalFilterSet):
    search_fields = ("title", "inspecting_body", "leader_name")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="belt__district", queryset=visible(District)
    )
    belt = django_filters.ModelChoiceFilter(label=_("Belt"), queryset=visible(Belt))
    date_after = django_filters.DateFilter(label=_("On or after"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("On or before"), field_name="date", lookup_expr="lte")
    ordering = OrderingFilter(fields=(("date", "date"), ("title", "title")))

    class Meta:
        model = Inspection
        fields = ["district", "belt", "date_after", "date_before", "search"]


class FollowUpFilterSet(PortalFilterSet):
    search_fields = ("task", "responsible_person")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=FollowUpStatus.choices, empty_label=_("All statuses")
    )
    overdue = YesNoFilter(
        label=pgettext_lazy("follow-up filter", "Overdue"),
        method="filter_overdue",
        help_text=_("true: still open past the deadline; false: the others."),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        field_name="inspection__belt__district",
        queryset=visible(District),
        empty_label=_("All districts"),
    )
    belt = django_filters.ModelChoiceFilter(label=_("Belt"), field_name="inspection__belt", queryset=visible(Belt))
    ordering = OrderingFilter(fields=(("deadline", "deadline"), ("status", "status"), ("created_at", "created_at")))

    class Meta:
        model = FollowUp
        fields = ["status", "overdue", "district", "belt", "search"]

    def filter_overdue(self, queryset, name, value):
        condition = followup_overdue_condition(self.today)
        return queryset.filter(condition) if value else queryset.exclude(condition)
