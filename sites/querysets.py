"""The vocabulary of reads on sites and projects: each rule defined once, here."""

import datetime

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields import DateField
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone

from belts.base import DistrictScopedQuerySet
from belts.expressions import DayNumber
from sites.choices import ProjectStatus


def _today(today: datetime.date | None) -> datetime.date:
    return timezone.localdate() if today is None else today


def overdue_condition(today: datetime.date) -> Q:
    """A project is overdue when its planned completion has passed and it is not completed."""
    return Q(planned_completion__isnull=False, planned_completion__lt=today) & ~Q(status=ProjectStatus.COMPLETED)


def at_risk_condition(today: datetime.date) -> Q:
    """A project is at risk when it falls due within the window and lags behind its schedule.

    "Behind" compares its percent complete with the share of the planned
    duration (planned start → planned completion) that has elapsed by ``today``:
    percent / 100 < elapsed / duration, multiplied out to avoid dividing by a
    zero-day duration. A project without a planned start has no schedule to lag.
    """
    window_end = today + datetime.timedelta(days=settings.AT_RISK_WINDOW_DAYS)
    start = DayNumber(F("planned_start"))
    duration = DayNumber(F("planned_completion")) - start
    elapsed = DayNumber(Value(today, output_field=DateField())) - start
    behind = LessThan(F("percent_complete") * duration, Value(100) * elapsed)
    return (
        Q(
            planned_start__isnull=False,
            planned_completion__isnull=False,
            planned_completion__gte=today,
            planned_completion__lte=window_end,
        )
        & ~Q(status=ProjectStatus.COMPLETED)
        & Q(behind)
    )


def published_site_q(prefix: str = "") -> Q:
    """A site is public when published, not archived, on a published belt (``prefix`` leads to the site)."""
    return Q(**{f"{prefix}published": True, f"{prefix}archived_at__isnull": True, f"{prefix}belt__published": True})


def published_project_q(prefix: str = "") -> Q:
    """A project is public when published, not archived, at a public site (``prefix`` leads to the project)."""
    return Q(**{f"{prefix}published": True, f"{prefix}archived_at__isnull": True}) & published_site_q(f"{prefix}site__")


STALE_AFTER_DAYS = 60


def stale_condition(today: datetime.date, days: int = STALE_AFTER_DAYS) -> Q:
    """A project is stale when it is not completed and has no progress update dated within ``days`` of ``today``."""
    from sites.models import ProgressUpdate

    recent = ProgressUpdate.objects.filter(project=OuterRef("pk"), date__gte=today - datetime.timedelta(days=days))
    return ~Q(status=ProjectStatus.COMPLETED) & ~Q(Exists(recent))


class OrganizationQuerySet(DistrictScopedQuerySet):
    district_lookups = ("district",)

    def published(self):
        """Organisations hosting at least one published site."""
        from sites.models import Site

        return self.filter(Exists(Site.objects.published().filter(organization=OuterRef("pk"))))


class SiteQuerySet(DistrictScopedQuerySet):
    district_lookups = ("belt__district",)
    archive_lookups = ("archived_at",)

    def published(self):
        """Sites published, not archived, on a published belt."""
        return self.filter(published_site_q())

    def located(self):
        """Sites placed on the map (a site has both coordinates or neither: a check constraint)."""
        return self.filter(latitude__isnull=False)

    def with_progress(self, projects=None):
        """Annotate ``progress``: the mean percent complete of the site's projects (None without projects).

        ``projects`` narrows the projects counted, e.g. ``Project.objects.published()`` on public pages.
        """
        mean = _mean_progress(projects).filter(site=OuterRef("pk")).values("mean")
        return self.annotate(progress=Subquery(mean))

    def progress_by_site(self, projects=None) -> dict[int, float]:
        """``with_progress`` for many sites at once: {site id: mean percent complete} from one grouped query.

        Sites without (counted) projects are absent. Cheaper than the per-row subquery for thousands of sites.
        """
        means = _mean_progress(projects).filter(site__in=self.order_by().values("pk"))
        return dict(means.values_list("site", "mean"))

    def with_photo_count(self):
        """Annotate ``photo_count``: how many photos of the site itself there are."""
        from sites.models import Photo

        counts = Photo.objects.filter(site=OuterRef("pk")).order_by().values("site").annotate(n=Count("pk"))
        return self.annotate(photo_count=Coalesce(Subquery(counts.values("n")), 0))

    def with_activity_totals(self):
        """Annotate ``activities_held`` and ``people_reached`` from the site's activity records."""
        from sites.models import Activity

        totals = Activity.objects.filter(site=OuterRef("pk")).order_by().values("site")
        return self.annotate(
            activities_held=Subquery(totals.annotate(n=Sum("sessions")).values("n")),
            people_reached=Subquery(totals.annotate(n=Sum("participants")).values("n")),
        )


class ProjectQuerySet(DistrictScopedQuerySet):
    district_lookups = ("site__belt__district",)
    archive_lookups = ("archived_at", "site__archived_at")

    def published(self):
        """Projects published, not archived, at a public site."""
        return self.filter(published_project_q())

    def completed(self):
        return self.filter(status=ProjectStatus.COMPLETED)

    def overdue(self, today: datetime.date | None = None):
        """Planned completion before ``today`` and not completed."""
        return self.filter(overdue_condition(_today(today)))

    def at_risk(self, today: datetime.date | None = None):
        """Due within the at-risk window from ``today`` and behind the percent elapsed time suggests."""
        return self.filter(at_risk_condition(_today(today)))

    def due_within(self, days: int, today: datetime.date | None = None):
        """Not completed and due between ``today`` and ``days`` days later, both included."""
        today = _today(today)
        window = Q(planned_completion__gte=today, planned_completion__lte=today + datetime.timedelta(days=days))
        return self.filter(window & ~Q(status=ProjectStatus.COMPLETED))

    def stale(self, today: datetime.date | None = None, days: int = STALE_AFTER_DAYS):
        """Not completed and without a progress update in the last ``days`` days."""
        return self.filter(stale_condition(_today(today), days))

    def with_schedule_flags(self, today: datetime.date | None = None):
        """Annotate ``is_overdue`` and ``is_at_risk`` with the same rules as ``overdue()`` and ``at_risk()``."""
        today = _today(today)
        return self.annotate(
            is_overdue=ExpressionWrapper(overdue_condition(today), output_field=BooleanField()),
            is_at_risk=ExpressionWrapper(at_risk_condition(today), output_field=BooleanField()),
        )


class ProjectPartQuerySet(DistrictScopedQuerySet):
    """Rows that belong to a project (milestones, progress updates): scoped and published through it."""

    district_lookups = ("project__site__belt__district",)
    archive_lookups = ("project__archived_at", "project__site__archived_at")

    def published(self):
        return self.filter(published_project_q("project__"))


class MilestoneQuerySet(ProjectPartQuerySet):
    def pending(self):
        return self.filter(done_date__isnull=True)

    def overdue(self, today: datetime.date | None = None):
        """Not done and due before ``today``."""
        return self.pending().filter(due_date__lt=_today(today))

    def due_within(self, days: int, today: datetime.date | None = None):
        """Not done and due between ``today`` and ``days`` days later, both included."""
        today = _today(today)
        return self.pending().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))


class ActivityQuerySet(DistrictScopedQuerySet):
    district_lookups = ("site__belt__district",)
    archive_lookups = ("site__archived_at",)

    def published(self):
        return self.filter(published_site_q("site__"))


class PhotoQuerySet(DistrictScopedQuerySet):
    """A photo hangs from a site, a project or a progress update: it is scoped and published through it."""

    district_lookups = (
        "site__belt__district",
        "project__site__belt__district",
        "progress_update__project__site__belt__district",
    )

    archive_lookups = (
        "site__archived_at",
        "project__archived_at",
        "project__site__archived_at",
        "progress_update__project__archived_at",
        "progress_update__project__site__archived_at",
    )

    def published(self):
        return self.filter(
            published_site_q("site__")
            | published_project_q("project__")
            | published_project_q("progress_update__project__")
        )


def _mean_progress(projects=None):
    """The rule of a site's progress: the mean percent complete of its (counted) projects, one row per site."""
    from sites.models import Project

    projects = Project.objects.all() if projects is None else projects
    return projects.order_by().values("site").annotate(mean=Avg("percent_complete"))
