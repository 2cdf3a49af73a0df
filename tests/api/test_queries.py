"""Every list, detail and the GeoJSON of the API answer in a fixed number of SQL queries, whatever the rows.

Each test counts the queries of one request with 5 rows of every kind, grows the
data to 200 rows of every kind and counts again (``page_size=200``, so the page
holds them all): both counts must equal the pinned number, so that an N+1 query
or a new query per request shows here. The counts include the token lookup, the
permission checks of the committee member, and the SAVEPOINT/RELEASE pair that
``ATOMIC_REQUESTS`` wraps each request in (inside the test's transaction).
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from belts.models import Belt, District
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection, InspectionSite
from sites.choices import OrganizationKind, ProjectStatus, SiteStatus
from sites.models import Organization, Photo, ProgressUpdate, Project, Site

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 200

ANONYMOUS, EDITOR, COMMITTEE = "anonymous", "district editor", "committee member"


class Rows:
    """Rows of every kind the API lists, grown to ``n`` of each with ``bulk_create`` (quick at 200).

    The first batch's rows stay the ones the detail endpoints are asked for; as the
    data grows, the first inspection visits every new site, so that its detail too
    carries ``n`` visits. Every row is published and in a district the editor keeps.
    """

    def __init__(self, editor):
        self.editor = editor
        self.count = 0
        self.districts: list[District] = []
        self.belts: list[Belt] = []
        self.organizations: list[Organization] = []
        self.sites: list[Site] = []
        self.projects: list[Project] = []
        self.updates: list[ProgressUpdate] = []
        self.photos: list[Photo] = []
        self.inspections: list[Inspection] = []
        self.followups: list[FollowUp] = []

    def grow_to(self, n: int) -> None:
        new = range(self.count, n)
        districts = District.objects.bulk_create(District(name=f"规模{i}区", code=f"{700000 + i}") for i in new)
        self.editor.districts.add(*districts)
        belts = Belt.objects.bulk_create(
            Belt(district=d, name=f"规模示范带{i}", slug=f"scale-{i}", published=True)
            for i, d in zip(new, districts, strict=True)
        )
        self.districts += districts
        self.belts += belts
        # Sites, projects and what hangs from them all lie on the first belt, in the first district.
        belt = self.belts[0]
        organizations = Organization.objects.bulk_create(
            Organization(district=belt.district, name=f"承办单位{i}", kind=OrganizationKind.NON_PUBLIC_ENTERPRISE)
            for i in new
        )
        sites = Site.objects.bulk_create(
            Site(
                belt=belt,
                sequence=i + 1,
                name=f"串珠{i}",
                organization=organization,
                latitude=f"{26 + i / 1000:.6f}",
                longitude=f"{119.3 + i / 1000:.6f}",
                status=SiteStatus.OPEN,
                published=True,
            )
            for i, organization in zip(new, organizations, strict=True)
        )
        projects = Project.objects.bulk_create(
            Project(
                site=site,
                title=f"建设项目{i}",
                status=ProjectStatus.IN_PROGRESS,
                planned_start=datetime.date(2026, 1, 1),
                planned_completion=datetime.date(2026, 11, 1) if i % 2 else datetime.date(2026, 12, 20),
                percent_complete=40,
                published=True,
            )
            for i, site in zip(new, sites, strict=True)
        )
        updates = ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                project=project, date=datetime.date(2026, 4, 8), percent=40, note="已动工。", author=self.editor
            )
            for project in projects
        )
        photos = Photo.objects.bulk_create(
            Photo(site=site, image=f"photos/{i}.jpg", thumbnail=f"photos/thumbnails/{i}.jpg", width=64, height=48)
            for i, site in zip(new, sites, strict=True)
        )
        inspections = Inspection.objects.bulk_create(
            Inspection(
                belt=belt,
                date=datetime.date(2026, 4, 8),
                title=f"调研{i}",
                inspecting_body="市委两新工委",
                leader_name="陈",
            )
            for i in new
        )
        self.organizations += organizations
        self.sites += sites
        self.projects += projects
        self.updates += updates
        self.photos += photos
        self.inspections += inspections
        first = self.inspections[0]
        visits = [InspectionSite(inspection=first, site=site, order=i + 1) for i, site in zip(new, sites, strict=True)]
        visits += [
            InspectionSite(inspection=inspection, site=site, order=1)
            for inspection, site in zip(inspections, sites, strict=True)
            if inspection != first
        ]
        InspectionSite.objects.bulk_create(visits)
        self.followups += FollowUp.objects.bulk_create(
            FollowUp(
                inspection=inspection,
                site=site,
                task="细化目标任务。",
                responsible_person="区委两新工委",
                deadline=datetime.date(2026, 11, 1) if i % 2 else datetime.date(2026, 12, 31),
                status=FollowUpStatus.OPEN,
            )
            for i, inspection, site in zip(new, inspections, sites, strict=True)
        )
        self.count = n


@pytest.fixture
def rows(district_editor):
    return Rows(district_editor)


@pytest.fixture
def client_as(request, api, client_for):
    def make(role):
        if role == ANONYMOUS:
            return api
        user = request.getfixturevalue("district_editor" if role == EDITOR else "committee_member")
        return client_for(user)

    return make


def queries_of(client, path: str, *, at_least: int) -> int:
    """The number of queries one GET of ``path`` issues; its answer must carry ``at_least`` rows."""
    client.get(path)  # first-request caches (content types…) are not what is measured
    cache.clear()  # the public answer is cached whole: measure the work of making it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    if "results" in body:
        assert len(body["results"]) >= at_least
    elif "features" in body:
        assert len(body["features"]) >= at_least
    elif "visits" in body:
        assert len(body["visits"]) >= at_least
    return len(queries)


def assert_queries_do_not_grow(rows, client, path, pinned, *, detail_rows=False):
    rows.grow_to(FEW)
    target = path(rows) if callable(path) else path
    few = queries_of(client, target, at_least=FEW if not detail_rows else 0)
    rows.grow_to(MANY)
    many = queries_of(client, target, at_least=MANY if not detail_rows else 0)
    assert (few, many) == (pinned, pinned)


# --- Lists (and the GeoJSON): queries per request, pinned ------------------------------------------------
#
# An anonymous list: SAVEPOINT, COUNT, the page's SELECT (relations joined, progress and flags as
# subqueries), RELEASE = 4. Signed in: + the token with its user, + the user's and his groups'
# permissions (asked once by ``visible_to``) = 7. Inspections: + their visits with sites (one
# prefetch). The GeoJSON has no COUNT but one grouped query for progress; a detail has no COUNT.

PUBLIC_LISTS = {
    #  path                          anonymous, district editor, committee member
    "/api/districts/": (4, 7, 7),
    "/api/belts/": (4, 7, 7),
    "/api/organizations/": (4, 7, 7),
    "/api/sites/": (4, 7, 7),
    "/api/projects/": (4, 7, 7),
    "/api/progress-updates/": (4, 7, 7),
    "/api/photos/": (4, 7, 7),
    "/api/sites/geojson/": (4, 7, 7),
}

STAFF_LISTS = {
    #  path                      district editor, committee member
    "/api/inspections/": (8, 8),
    "/api/followups/": (7, 7),
}


@pytest.mark.parametrize(
    ("path", "role", "pinned"),
    [
        (path, role, pinned)
        for path, counts in PUBLIC_LISTS.items()
        for role, pinned in zip((ANONYMOUS, EDITOR, COMMITTEE), counts, strict=True)
    ]
    + [
        (path, role, pinned)
        for path, counts in STAFF_LISTS.items()
        for role, pinned in zip((EDITOR, COMMITTEE), counts, strict=True)
    ],
)
def test_list_queries_do_not_grow_with_rows(rows, client_as, path, role, pinned):
    separator = "&" if "?" in path else "?"
    client = client_as(role)

    assert_queries_do_not_grow(rows, client, f"{path}{separator}page_size={MANY}", pinned)


# --- Details: queries per request, pinned ----------------------------------------------------------------

DETAILS = {
    #  endpoint: (the first batch's row it reads, (anonymous, district editor, committee member))
    "districts": (lambda rows: rows.districts[0], (3, 6, 6)),
    "belts": (lambda rows: rows.belts[0], (3, 6, 6)),
    "organizations": (lambda rows: rows.organizations[0], (3, 6, 6)),
    "sites": (lambda rows: rows.sites[0], (3, 6, 6)),
    "projects": (lambda rows: rows.projects[0], (3, 6, 6)),
    "progress-updates": (lambda rows: rows.updates[0], (3, 6, 6)),
    "photos": (lambda rows: rows.photos[0], (3, 6, 6)),
    "inspections": (lambda rows: rows.inspections[0], (None, 7, 7)),
    "followups": (lambda rows: rows.followups[0], (None, 6, 6)),
}


@pytest.mark.parametrize(
    ("endpoint", "role", "pinned"),
    [
        (endpoint, role, pinned)
        for endpoint, (_row, counts) in DETAILS.items()
        for role, pinned in zip((ANONYMOUS, EDITOR, COMMITTEE), counts, strict=True)
        if pinned is not None
    ],
)
def test_detail_queries_do_not_grow_with_rows(rows, client_as, endpoint, role, pinned):
    row = DETAILS[endpoint][0]
    client = client_as(role)

    assert_queries_do_not_grow(rows, client, lambda rows: f"/api/{endpoint}/{row(rows).pk}/", pinned, detail_rows=True)


def test_the_first_inspection_is_read_with_all_its_visits(rows, client_as):
    """The inspection detail measured above does carry a growing route: 5 visits, then 200."""
    client = client_as(COMMITTEE)
    rows.grow_to(FEW)
    assert len(client.get(f"/api/inspections/{rows.inspections[0].pk}/").json()["visits"]) == FEW
    rows.grow_to(MANY)
    assert len(client.get(f"/api/inspections/{rows.inspections[0].pk}/").json()["visits"]) == MANY


# --- Staff lists are not for the public ---------------------------------------------------------------------


@pytest.mark.parametrize("path", list(STAFF_LISTS))
def test_staff_lists_refuse_the_public_without_reading_rows(rows, api, path):
    rows.grow_to(FEW)

    with CaptureQueriesContext(connection) as queries:
        response = api.get(path)

    assert response.status_code == 401
    assert not [q for q in queries.captured_queries if "inspections_" in q["sql"]]


# --- The public cache ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/sites/", "/api/sites/geojson/", "/api/projects/?overdue=true"])
def test_an_anonymous_repeat_is_answered_from_the_cache_without_queries(rows, api, path):
    rows.grow_to(FEW)
    first = api.get(path, HTTP_ACCEPT_ENCODING="gzip")

    with CaptureQueriesContext(connection) as queries:
        again = api.get(path, HTTP_ACCEPT_ENCODING="gzip")

    # Only the request's own transaction (ATOMIC_REQUESTS): no statement reads anything.
    assert [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))] == []
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again["Content-Encoding"] == "gzip"


def test_a_saved_change_is_in_the_next_anonymous_answer(rows, api):
    rows.grow_to(FEW)
    site = Site.objects.published().order_by("pk").first()
    assert site.name in api.get("/api/sites/geojson/").content.decode()

    site.name = "改名后的串珠"
    site.save()

    assert "改名后的串珠" in api.get("/api/sites/geojson/").content.decode()


def test_signed_in_staff_are_never_answered_from_the_public_cache(rows, api, client_as):
    rows.grow_to(FEW)
    api.get("/api/sites/")
    editor = client_as(EDITOR)

    with CaptureQueriesContext(connection) as queries:
        response = editor.get("/api/sites/")

    assert response.status_code == 200 and len(queries) > 0
    assert "version" in response.json()["results"][0]
