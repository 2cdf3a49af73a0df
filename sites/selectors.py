"""Reads that the public pages (and later the API) need, built from the QuerySet vocabulary.

Every selector returns published records only and issues a fixed number of
queries whatever the number of rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from belts.maps import to_map_datum
from belts.models import Belt
from belts.selectors import belt_list
from sites.choices import ProjectStatus, SiteStatus
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site

LATEST_UPDATES = 5
SEARCH_LIMIT = 50


def _public_photos() -> QuerySet[Photo]:
    return Photo.objects.exclude(thumbnail="").order_by("order", "pk")


def belt_list_public() -> QuerySet[Belt]:
    """Published belts with their district, number of published sites and progress, in district order:
    the API's belt list as anyone, signed in or not, sees it."""
    return belt_list(user=None)


def belt_sites_public(belt: Belt) -> QuerySet[Site]:
    """The published sites of ``belt`` in sequence, with progress and their photos for a thumbnail."""
    return (
        Site.objects.published()
        .filter(belt=belt)
        .select_related("belt")
        .with_progress(Project.objects.published())
        .prefetch_related(Prefetch("photos", queryset=_public_photos()))
        .order_by("sequence")
    )


def map_sites_public() -> QuerySet[Site]:
    """Every published site with a location, for the city map: only the fields the map shows."""
    return (
        Site.objects.published()
        .located()
        .select_related("belt")
        .only("pk", "name", "sequence", "status", "latitude", "longitude", "belt__name", "belt__slug")
        .order_by("belt__district__code", "belt__name", "sequence")
    )


@dataclass(frozen=True)
class CityFigures:
    belts: int
    sites: int
    sites_open: int
    projects_completed: int
    projects: int


def city_figures() -> CityFigures:
    """The headline figures of the home page, over published records."""
    sites = Site.objects.published().aggregate(total=Count("pk"), open=Count("pk", filter=Q(status=SiteStatus.OPEN)))
    projects = Project.objects.published().aggregate(
        total=Count("pk"), completed=Count("pk", filter=Q(status=ProjectStatus.COMPLETED))
    )
    return CityFigures(
        belts=Belt.objects.published().count(),
        sites=sites["total"],
        sites_open=sites["open"],
        projects_completed=projects["completed"],
        projects=projects["total"],
    )


def site_detail_public(*, today: datetime.date | None = None) -> QuerySet[Site]:
    """Published sites with everything their public page shows; pick one with ``.get(pk=…)``."""
    return site_detail(sites=Site.objects.published(), projects=Project.objects.published(), today=today)


def site_detail(*, sites: QuerySet[Site], projects: QuerySet[Project], today: datetime.date | None = None):
    """``sites`` with everything the site page shows, counting only ``projects`` (e.g. a draft's, for a preview)."""
    today = timezone.localdate() if today is None else today
    projects = (
        projects.with_schedule_flags(today=today)
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "pk")))
        .order_by("planned_completion", "pk")
    )
    return (
        sites.select_related("belt__district", "organization")
        .with_progress(projects)
        .with_activity_totals()
        .prefetch_related(
            Prefetch("projects", queryset=projects, to_attr="public_projects"),
            Prefetch("photos", queryset=_public_photos()),
            Prefetch("activities", queryset=Activity.objects.order_by("-date", "pk")),
        )
    )


def latest_progress_updates(site: Site, *, limit: int = LATEST_UPDATES, updates=None) -> list[ProgressUpdate]:
    """The latest progress updates of the site's published projects (or of ``updates``), newest first."""
    updates = ProgressUpdate.objects.published() if updates is None else updates
    return list(updates.filter(project__site=site).select_related("project").order_by("-date", "-pk")[:limit])


def site_neighbours(site: Site) -> tuple[Site | None, Site | None]:
    """The previous and next published sites along the belt, by sequence."""
    around = list(
        Site.objects.published()
        .filter(belt_id=site.belt_id)
        .exclude(pk=site.pk)
        .only("pk", "name", "sequence")
        .order_by("sequence")
    )
    previous = [other for other in around if other.sequence < site.sequence]
    following = [other for other in around if other.sequence > site.sequence]
    return (previous[-1] if previous else None, following[0] if following else None)


def search_public(query: str, *, limit: int = SEARCH_LIMIT) -> tuple[list[Belt], list[Site]]:
    """Published belts and sites whose name, positioning or introduction contain ``query``."""
    belts = (
        Belt.objects.published()
        .filter(Q(name__icontains=query) | Q(theme__icontains=query))
        .select_related("district")
        .order_by("district__code", "name")[:limit]
    )
    sites = (
        Site.objects.published()
        .filter(Q(name__icontains=query) | Q(positioning__icontains=query) | Q(introduction__icontains=query))
        .select_related("belt")
        .order_by("belt__name", "sequence")[:limit]
    )
    return list(belts), list(sites)


def map_features(sites, *, datum: str) -> list[dict]:
    """Sites as the map script draws them: grouped per belt in sequence, in the tiles' datum."""
    belts: dict[int, dict] = {}
    for site in sites:
        if site.latitude is None or site.longitude is None:
            continue
        belt = belts.setdefault(
            site.belt_id,
            {"name": site.belt.name, "url": site.belt.get_absolute_url(), "sites": []},
        )
        lat, lng = to_map_datum(float(site.latitude), float(site.longitude), datum)
        belt["sites"].append(
            {
                "n": site.sequence,
                "name": site.name,
                "positioning": site.positioning,
                "status": site.get_status_display(),
                "url": site.get_absolute_url(),
                "lat": lat,
                "lng": lng,
            }
        )
    for belt in belts.values():
        belt["sites"].sort(key=lambda s: s["n"])
    return list(belts.values())


def city_map_points(sites, *, datum: str) -> dict:
    """Every located site of ``sites`` for the city map, compactly: thousands of sites in a few hundred KB.

    ``belts`` lists each belt once (name, public path); each entry of ``sites`` is
    ``[belt index, sequence, site id, name, status label, lat, lng]`` in the tiles'
    datum, in belt and sequence order, so that the script draws each route in order.
    """
    belt_index: dict[int, int] = {}
    belts, points = [], []
    for site in sites:
        if site.latitude is None or site.longitude is None:
            continue
        if site.belt_id not in belt_index:
            belt_index[site.belt_id] = len(belts)
            belts.append({"name": site.belt.name, "url": site.belt.get_absolute_url()})
        lat, lng = to_map_datum(float(site.latitude), float(site.longitude), datum)
        points.append(
            [belt_index[site.belt_id], site.sequence, site.pk, site.name, site.get_status_display(), lat, lng]
        )
    return {"belts": belts, "sites": points}


# --- The API: what ``user`` may see (``visible_to``), each list in a fixed number of queries -------------


def organization_list(*, user) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).select_related("district").order_by("name", "pk")


def site_list(*, user) -> QuerySet[Site]:
    """Sites with belt, district and host, and their progress over the projects ``user`` may see."""
    return (
        Site.objects.visible_to(user)
        .select_related("belt__district", "organization")
        .with_progress(Project.objects.visible_to(user))
        .order_by("belt__district__code", "belt__name", "sequence")
    )


def site_features(*, user) -> QuerySet[Site]:
    """Located sites ``user`` may see, to be narrowed by the FilterSet and made into ``site_feature_collection``."""
    return Site.objects.visible_to(user).located()


def site_feature_collection(sites: QuerySet[Site], *, user) -> dict:
    """``sites`` as a GeoJSON FeatureCollection (RFC 7946: WGS-84, [longitude, latitude]), in their order (the
    route's unless the list's ``ordering`` says otherwise), each with the few properties a map needs; progress
    counts the projects ``user`` may see.

    Two queries whatever the number of sites, and no model instances: thousands of sites stay cheap.
    """
    progress = sites.progress_by_site(Project.objects.visible_to(user))
    rows = sites.values_list("pk", "name", "sequence", "status", "latitude", "longitude", "belt_id", "belt__name")
    features = []
    for pk, name, sequence, status, latitude, longitude, belt_id, belt_name in rows:
        mean = progress.get(pk)
        features.append(
            {
                "type": "Feature",
                "id": pk,
                "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
                "properties": {
                    "name": name,
                    "sequence": sequence,
                    "belt": belt_id,
                    "belt_name": belt_name,
                    "status": status,
                    "progress": None if mean is None else round(mean),
                    "url": reverse("portal:site_detail", kwargs={"pk": pk}),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def project_list(*, user, today: datetime.date | None = None) -> QuerySet[Project]:
    """Projects with site, belt and district, flagged ``is_overdue`` and ``is_at_risk`` as of ``today``."""
    return (
        Project.objects.visible_to(user)
        .select_related("site__belt__district")
        .with_schedule_flags(today=today)
        .order_by("planned_completion", "pk")
    )


def progress_update_list(*, user) -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.visible_to(user).select_related("project__site", "author").order_by("-date", "-pk")


def photo_list(*, user) -> QuerySet[Photo]:
    return Photo.objects.visible_to(user).exclude(thumbnail="").order_by("order", "pk")
