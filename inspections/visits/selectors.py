"""Reads for the visit pages: each screen's rows in a fixed number of queries, whatever their number."""

import datetime

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from belts.models import Belt
from inspections.models import FollowUp, Inspection, InspectionSite
from sites.models import Photo, Project, Site
from sites.selectors import map_features


def _count(queryset: QuerySet, fk: str):
    """How many rows of ``queryset`` point through ``fk`` at the outer row (a subquery, no GROUP BY outside)."""
    counts = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts), 0)


def inspection_list(*, user, today: datetime.date) -> QuerySet[Inspection]:
    """The visits ``user`` may see, newest first, with their belt, number of sites and unresolved/overdue tasks."""
    return (
        Inspection.objects.visible_to(user)
        .select_related("belt__district")
        .annotate(
            site_count=_count(InspectionSite.objects.all(), "inspection"),
            unresolved_count=_count(FollowUp.objects.unresolved(), "inspection"),
            overdue_count=_count(FollowUp.objects.overdue(today=today), "inspection"),
        )
        .order_by("-date", "-pk")
    )


def belts_for_planning(*, user) -> QuerySet[Belt]:
    """The belts ``user`` may plan a visit to, by district."""
    return Belt.objects.visible_to(user).select_related("district").order_by("district__code", "name")


def belt_route_sites(*, belt: Belt) -> QuerySet[Site]:
    """The sites of ``belt`` a visit may include, in sequence."""
    return Site.objects.active().filter(belt=belt).order_by("sequence")


def inspection_detail(*, user, today: datetime.date) -> QuerySet[Inspection]:
    """Visible visits with their route (sites in visiting order) and follow-up tasks flagged when overdue."""
    return (
        Inspection.objects.visible_to(user)
        .select_related("belt__district")
        .prefetch_related(
            Prefetch("visits", queryset=InspectionSite.objects.select_related("site").order_by("order")),
            Prefetch(
                "followups",
                queryset=FollowUp.objects.with_overdue_flag(today=today)
                .select_related("site")
                .order_by("deadline", "pk"),
            ),
        )
    )


def inspection_brief(*, inspection: Inspection, user, today: datetime.date) -> list[InspectionSite]:
    """The visit's stops in visiting order, each site with what its page of the brief shows.

    On each ``stop.site``: ``brief_projects`` (with ``is_overdue``/``is_at_risk``),
    ``open_followups`` (every unresolved task on the site, with ``is_overdue``)
    and ``latest_photo`` (or None). Five queries, whatever the number of stops.
    """
    projects = Project.objects.visible_to(user).with_schedule_flags(today=today).order_by("planned_completion", "pk")
    followups = (
        FollowUp.objects.visible_to(user)
        .unresolved()
        .with_overdue_flag(today=today)
        .select_related("inspection")
        .order_by("deadline", "pk")
    )
    stops = list(
        InspectionSite.objects.filter(inspection=inspection)
        .select_related("site__organization", "site__belt")
        .prefetch_related(
            Prefetch("site__projects", queryset=projects, to_attr="brief_projects"),
            Prefetch("site__followups", queryset=followups, to_attr="open_followups"),
        )
        .order_by("order")
    )
    latest = latest_photos([stop.site_id for stop in stops])
    for stop in stops:
        stop.site.latest_photo = latest.get(stop.site_id)
    return stops


def latest_photos(site_ids: list[int]) -> dict[int, Photo]:
    """The latest photo (with a thumbnail) of each site, of itself, its projects or their updates: one query."""
    if not site_ids:
        return {}
    subject_site = Coalesce("site", "project__site", "progress_update__project__site")
    photos = (
        Photo.objects.exclude(thumbnail="")
        .filter(Q(site__in=site_ids) | Q(project__site__in=site_ids) | Q(progress_update__project__site__in=site_ids))
        .annotate(subject_site=subject_site)
        .order_by(F("taken_on").desc(nulls_last=True), "-created_at", "-pk")
    )
    latest: dict[int, Photo] = {}
    for photo in photos:
        latest.setdefault(photo.subject_site, photo)
    return latest


def route_map_features(stops: list[InspectionSite], *, datum: str) -> list[dict]:
    """The route as the map script draws it: one line through the stops, numbered in visiting order.

    Each marker links to the stop's page of the brief rather than to the
    public page, which an unpublished site does not have.
    """
    route: dict | None = None
    for stop in stops:
        for belt in map_features([stop.site], datum=datum):
            for feature in belt["sites"]:
                feature.update(n=stop.order, url=f"#stop-{stop.order}")
            if route is None:
                route = {**belt, "sites": []}
            route["sites"].extend(belt["sites"])
    return [route] if route else []
