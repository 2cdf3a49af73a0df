"""Reads of the progress dashboard: per-district and per-belt figures and the lists behind them.

Every rule comes from the QuerySet vocabulary (``overdue``, ``at_risk``, ``published``,
``visible_to``, ``unresolved``) and ``sites.publishing``; figures are aggregated in the
database per belt and summed per district here, so the page issues the same number of
queries for 2 districts or 200.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from belts.models import Belt, District
from inspections.models import FollowUp
from inspections.querysets import followup_overdue_condition
from sites import publishing
from sites.choices import ProjectStatus, SiteStatus
from sites.models import Milestone, ProgressUpdate, Project, Site
from sites.querysets import at_risk_condition, overdue_condition, stale_condition

DUE_SOON_DAYS = 30
# The page lists at most this many rows per list; the export has them all.
LIST_LIMIT = 200


@dataclass(frozen=True)
class ProgressFilters:
    """What the dashboard is narrowed to: a district, a belt, a project status (each optional)."""

    district: District | None = None
    belt: Belt | None = None
    status: str = ""


def _in_scope(queryset: QuerySet, filters: ProgressFilters, belt_path: str) -> QuerySet:
    """``queryset`` narrowed to the chosen district and belt; ``belt_path`` leads from its rows to the belt."""
    district_lookup = f"{belt_path}__district" if belt_path else "district"
    belt_lookup = belt_path or "pk"
    if filters.district is not None:
        queryset = queryset.filter(**{district_lookup: filters.district.pk})
    if filters.belt is not None:
        queryset = queryset.filter(**{belt_lookup: filters.belt.pk})
    return queryset


def progress_sites(*, user, filters: ProgressFilters) -> QuerySet[Site]:
    """The sites ``user`` may see, within the filters."""
    return _in_scope(Site.objects.visible_to(user), filters, "belt")


def progress_projects(*, user, filters: ProgressFilters) -> QuerySet[Project]:
    """The projects ``user`` may see, within the filters (the status filter applies to projects)."""
    projects = _in_scope(Project.objects.visible_to(user), filters, "site__belt")
    return projects.filter(status=filters.status) if filters.status else projects


def progress_followups(*, user, filters: ProgressFilters, today: datetime.date) -> QuerySet[FollowUp]:
    """Follow-up tasks not yet closed, flagged ``is_overdue``, by deadline."""
    followups = _in_scope(FollowUp.objects.visible_to(user).unresolved(), filters, "inspection__belt")
    return (
        followups.with_overdue_flag(today=today)
        .select_related("inspection__belt__district", "site")
        .order_by("deadline", "pk")
    )


def progress_milestones_due(*, user, filters: ProgressFilters, today: datetime.date) -> QuerySet[Milestone]:
    """Milestones not done and due within ``DUE_SOON_DAYS`` days from ``today``, by due date."""
    milestones = _in_scope(
        Milestone.objects.visible_to(user).due_within(DUE_SOON_DAYS, today=today), filters, "project__site__belt"
    )
    if filters.status:
        milestones = milestones.filter(project__status=filters.status)
    return milestones.select_related("project__site__belt__district").order_by("due_date", "pk")


def progress_overdue_projects(*, user, filters: ProgressFilters, today: datetime.date) -> QuerySet[Project]:
    """Overdue projects, the longest overdue first."""
    return (
        progress_projects(user=user, filters=filters)
        .overdue(today=today)
        .select_related("site__belt__district")
        .order_by("planned_completion", "pk")
    )


def progress_stale_projects(*, user, filters: ProgressFilters, today: datetime.date) -> QuerySet[Project]:
    """Projects without a progress update in the last ``STALE_AFTER_DAYS`` days, with ``last_update`` (or None)."""
    latest = ProgressUpdate.objects.filter(project=OuterRef("pk")).order_by("-date", "-pk").values("date")[:1]
    return (
        progress_projects(user=user, filters=filters)
        .stale(today=today)
        .annotate(last_update=Subquery(latest))
        .select_related("site__belt__district")
        .order_by("site__belt__district__code", "site__belt__name", "site__sequence", "pk")
    )


@dataclass
class SiteGaps:
    """A published site and what it lacks of what publishing requires."""

    site: Site
    lacks_photo: bool
    lacks_location: bool
    lacks_positioning: bool


def progress_site_gaps(*, user, filters: ProgressFilters) -> list[SiteGaps]:
    """Published sites lacking a photo, a location or a positioning, by ``sites.publishing.publication_gaps``."""
    sites = (
        progress_sites(user=user, filters=filters)
        .published()
        .with_photo_count()
        .select_related("belt__district")
        .order_by("belt__district__code", "belt__name", "sequence")
    )
    rows = []
    for site in sites:
        gaps = publishing.publication_gaps(site)
        row = SiteGaps(
            site=site,
            lacks_photo=publishing.PHOTO in gaps,
            lacks_location=publishing.LOCATION in gaps,
            lacks_positioning=publishing.POSITIONING in gaps,
        )
        if row.lacks_photo or row.lacks_location or row.lacks_positioning:
            rows.append(row)
    return rows


@dataclass
class Figures:
    """The dashboard's counts for one belt, one district or the whole scope."""

    sites: int = 0
    sites_by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SiteStatus.values, 0))
    projects: int = 0
    projects_by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ProjectStatus.values, 0))
    overdue: int = 0
    at_risk: int = 0
    stale: int = 0
    # The mean of the sites' progress (``Site.objects.with_progress``), kept as sum and count to add up.
    progress_sum: float = 0
    progress_count: int = 0
    followups_open: int = 0
    followups_overdue: int = 0
    lacking_photo: int = 0
    lacking_location: int = 0
    lacking_positioning: int = 0

    @property
    def progress(self) -> float | None:
        """Average progress in percent, None when no site has a project."""
        return self.progress_sum / self.progress_count if self.progress_count else None

    @property
    def completed(self) -> int:
        return self.projects_by_status[ProjectStatus.COMPLETED]

    @property
    def in_progress(self) -> int:
        return self.projects_by_status[ProjectStatus.IN_PROGRESS]

    @property
    def delayed(self) -> int:
        return self.projects_by_status[ProjectStatus.DELAYED]

    @property
    def site_status_counts(self) -> list[int]:
        """Site counts in ``SiteStatus`` order, as the tables' columns run."""
        return [self.sites_by_status[status] for status in SiteStatus.values]

    @property
    def project_status_counts(self) -> list[int]:
        """Project counts in ``ProjectStatus`` order."""
        return [self.projects_by_status[status] for status in ProjectStatus.values]

    def add(self, other: "Figures") -> None:
        for name in (
            "sites",
            "projects",
            "overdue",
            "at_risk",
            "stale",
            "progress_sum",
            "progress_count",
            "followups_open",
            "followups_overdue",
            "lacking_photo",
            "lacking_location",
            "lacking_positioning",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, count in other.sites_by_status.items():
            self.sites_by_status[status] += count
        for status, count in other.projects_by_status.items():
            self.projects_by_status[status] += count


@dataclass
class Row:
    """One line of the district or belt table: the record and its figures."""

    record: District | Belt
    figures: Figures


@dataclass
class Listing:
    """A list shown on the page: its rows, and whether more were left for the export."""

    rows: list
    truncated: bool = False


@dataclass
class Dashboard:
    today: datetime.date
    total: Figures
    districts: list[Row]
    belts: list[Row]
    overdue_projects: Listing
    milestones_due: Listing
    followups: Listing
    site_gaps: Listing
    stale_projects: Listing


def _listing(queryset, limit: int | None) -> Listing:
    if limit is None:
        return Listing(list(queryset))
    rows = list(queryset[: limit + 1])
    return Listing(rows[:limit], truncated=len(rows) > limit)


def _belt_figures(*, user, filters: ProgressFilters, today: datetime.date, site_gaps: list[SiteGaps]):
    """Figures per belt id, from three grouped queries (sites, projects, follow-ups) and the gaps found."""
    figures: dict[int, Figures] = {}

    def of(belt_id: int) -> Figures:
        return figures.setdefault(belt_id, Figures())

    projects = progress_projects(user=user, filters=filters)
    site_rows = (
        progress_sites(user=user, filters=filters)
        .with_progress(projects)
        .order_by()
        .values("belt")
        .annotate(
            total=Count("pk"),
            progress_sum=Sum("progress"),
            progress_count=Count("progress"),
            **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in SiteStatus.values},
        )
    )
    for data in site_rows:
        row = of(data["belt"])
        row.sites = data["total"]
        row.progress_sum = float(data["progress_sum"] or 0)
        row.progress_count = data["progress_count"]
        row.sites_by_status = {status: data[f"status_{status}"] for status in SiteStatus.values}

    project_rows = (
        projects.order_by()
        .values("site__belt")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=overdue_condition(today)),
            at_risk=Count("pk", filter=at_risk_condition(today)),
            stale=Count("pk", filter=stale_condition(today)),
            **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in ProjectStatus.values},
        )
    )
    for data in project_rows:
        row = of(data["site__belt"])
        row.projects = data["total"]
        row.overdue, row.at_risk, row.stale = data["overdue"], data["at_risk"], data["stale"]
        row.projects_by_status = {status: data[f"status_{status}"] for status in ProjectStatus.values}

    followup_rows = (
        _in_scope(FollowUp.objects.visible_to(user).unresolved(), filters, "inspection__belt")
        .order_by()
        .values("inspection__belt")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=followup_overdue_condition(today)))
    )
    for data in followup_rows:
        row = of(data["inspection__belt"])
        row.followups_open, row.followups_overdue = data["total"], data["overdue"]

    for gaps in site_gaps:
        row = of(gaps.site.belt_id)
        row.lacking_photo += gaps.lacks_photo
        row.lacking_location += gaps.lacks_location
        row.lacking_positioning += gaps.lacks_positioning
    return figures


def progress_dashboard(
    *, user, filters: ProgressFilters, today: datetime.date, limit: int | None = LIST_LIMIT
) -> Dashboard:
    """Everything the dashboard (and its export) shows for ``user`` within ``filters`` as of ``today``.

    ``limit`` caps each list (None: all rows, for the export). A fixed number of queries.
    """
    districts = District.objects.visible_to(user).order_by("code")
    if filters.district is not None:
        districts = districts.filter(pk=filters.district.pk)
    if filters.belt is not None:
        districts = districts.filter(pk=filters.belt.district_id)
    belts = _in_scope(Belt.objects.visible_to(user), filters, "").select_related("district")
    belts = belts.order_by("district__code", "name", "pk")

    site_gaps = progress_site_gaps(user=user, filters=filters)
    by_belt = _belt_figures(user=user, filters=filters, today=today, site_gaps=site_gaps)

    belt_rows = [Row(belt, by_belt.get(belt.pk, Figures())) for belt in belts]
    district_rows = {district.pk: Row(district, Figures()) for district in districts}
    total = Figures()
    for row in belt_rows:
        if row.record.district_id in district_rows:
            district_rows[row.record.district_id].figures.add(row.figures)
        total.add(row.figures)

    args = {"user": user, "filters": filters, "today": today}
    overdue_projects = _listing(progress_overdue_projects(**args), limit)
    for project in overdue_projects.rows:
        project.days_late = (today - project.planned_completion).days
    return Dashboard(
        today=today,
        total=total,
        districts=list(district_rows.values()),
        belts=belt_rows,
        overdue_projects=overdue_projects,
        milestones_due=_listing(progress_milestones_due(**args), limit),
        followups=_listing(progress_followups(**args), limit),
        site_gaps=Listing(site_gaps[:limit], truncated=limit is not None and len(site_gaps) > limit),
        stale_projects=_listing(progress_stale_projects(**args), limit),
    )
