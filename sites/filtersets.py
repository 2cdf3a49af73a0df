"""The filters of organisation, site, project, progress-update and photo lists (API and HTML alike)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from belts.filtersets import OrderingFilter, PortalFilterSet, YesNoFilter, visible
from belts.models import Belt, District
from sites.choices import OrganizationKind, ProjectStatus, SiteStatus
from sites.models import Organization, Photo, ProgressUpdate, Project, Site
from sites.querysets import at_risk_condition, overdue_condition


class OrganizationFilterSet(PortalFilterSet):
    search_fields = ("name", "party_org_name")
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=visible(District))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    ordering = OrderingFilter(fields=(("name", "name"), ("party_member_count", "party_member_count")))

    class Meta:
        model = Organization
        fields = ["district", "kind", "search"]


class SiteFilterSet(PortalFilterSet):
    search_fields = ("name", "positioning")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="belt__district", queryset=visible(District)
    )
    belt = django_filters.ModelChoiceFilter(label=_("Belt"), queryset=visible(Belt))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SiteStatus.choices)
    organization_kind = django_filters.ChoiceFilter(
        label=_("Host organisation kind"), field_name="organization__kind", choices=OrganizationKind.choices
    )
    ordering = OrderingFilter(fields=(("sequence", "sequence"), ("name", "name"), ("updated_at", "updated_at")))

    class Meta:
        model = Site
        fields = ["district", "belt", "status", "organization_kind", "search"]


class ProjectFilterSet(PortalFilterSet):
    search_fields = ("title", "site__name")
    district = django_filters.ModelChoiceFilter(
        label=_("District"), field_name="site__belt__district", queryset=visible(District)
    )
    belt = django_filters.ModelChoiceFilter(label=_("Belt"), field_name="site__belt", queryset=visible(Belt))
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=visible(Site))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    overdue = YesNoFilter(
        label=_("Overdue"),
        method="filter_overdue",
        help_text=_("true: planned completion has passed and the project is not completed; false: the others."),
    )
    at_risk = YesNoFilter(
        label=_("At risk"),
        method="filter_at_risk",
        help_text=_("true: due within 30 days and behind schedule; false: the others."),
    )
    due_before = django_filters.DateFilter(
        label=_("Due on or before"), field_name="planned_completion", lookup_expr="lte"
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"), field_name="planned_completion", lookup_expr="gte"
    )
    ordering = OrderingFilter(
        fields=(
            ("planned_completion", "planned_completion"),
            ("percent_complete", "percent_complete"),
            ("title", "title"),
            ("updated_at", "updated_at"),
        ),
    )

    class Meta:
        model = Project
        fields = ["district", "belt", "site", "status", "overdue", "at_risk", "due_before", "due_after", "search"]

    def filter_overdue(self, queryset, name, value):
        condition = overdue_condition(self.today)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_at_risk(self, queryset, name, value):
        condition = at_risk_condition(self.today)
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ProgressUpdateFilterSet(PortalFilterSet):
    search_fields = ("note", "project__title")
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=visible(Project))
    site = django_filters.ModelChoiceFilter(label=_("Site"), field_name="project__site", queryset=visible(Site))
    date_after = django_filters.DateFilter(label=_("Dated on or after"), field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(label=_("Dated on or before"), field_name="date", lookup_expr="lte")
    ordering = OrderingFilter(fields=(("date", "date"), ("percent", "percent")))

    class Meta:
        model = ProgressUpdate
        fields = ["project", "site", "date_after", "date_before", "search"]


class PhotoFilterSet(PortalFilterSet):
    search_fields = ("caption",)
    site = django_filters.ModelChoiceFilter(label=_("Site"), queryset=visible(Site))
    project = django_filters.ModelChoiceFilter(label=_("Project"), queryset=visible(Project))
    progress_update = django_filters.ModelChoiceFilter(label=_("Progress update"), queryset=visible(ProgressUpdate))
    ordering = OrderingFilter(fields=(("order", "order"), ("taken_on", "taken_on")))

    class Meta:
        model = Photo
        fields = ["site", "project", "progress_update", "search"]
