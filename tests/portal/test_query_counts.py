"""Each public page issues a fixed number of SQL queries, whatever the number of rows it shows.

Counts exclude the savepoints that ATOMIC_REQUESTS opens inside the test's transaction.
The cache is cleared before each measured request: pages are cached whole.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.choices import ProjectStatus
from sites.models import Activity, Milestone, Photo, ProgressUpdate, Project, Site
from tests.factories import BeltFactory, DistrictFactory, OrganizationFactory, SiteFactory
from tests.portal.helpers import sql_statements

pytestmark = pytest.mark.django_db

HOME_QUERIES = 4  # belts with counts and progress, three headline figures (the map's sites come separately)
MAP_POINTS_QUERIES = 1  # every located published site with its belt
BELT_QUERIES = 3  # the belt, its sites with progress, their photos
SITE_QUERIES = 7  # the site, projects, milestones, photos, activities, progress updates, neighbours


def measured_get(client, url):
    """The response to a GET of ``url`` rendered afresh, and the SQL statements it issued."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, sql_statements(captured)


def add_sites(belt, count: int) -> list[Site]:
    """``count`` published sites on ``belt``, each with a published project and a photo, in three queries."""
    sites = Site.objects.bulk_create(
        Site(
            belt=belt,
            sequence=n,
            name=f"串珠{n:03d}",
            positioning="党群服务阵地",
            latitude=26.0 + n / 10000,
            longitude=119.3 + n / 10000,
            published=True,
        )
        for n in range(1, count + 1)
    )
    Project.objects.bulk_create(
        Project(site=site, title=f"项目{site.sequence}", percent_complete=site.sequence % 101, published=True)
        for site in sites
    )
    Photo.objects.bulk_create(
        Photo(
            site=site,
            image=f"photos/{site.sequence}.jpg",
            thumbnail=f"photos/thumbnails/{site.sequence}.jpg",
            width=640,
            height=480,
            caption=f"外景{site.sequence}",
        )
        for site in sites
    )
    return sites


# --- /belts/<slug>/ -----------------------------------------------------------------------------


@pytest.mark.parametrize("sites", [5, 200])
def test_belt_page_issues_same_queries_for_5_or_200_sites(client, district, sites):
    belt = BeltFactory(district=district, slug="measured")
    add_sites(belt, sites)

    response, statements = measured_get(client, "/belts/measured/")

    assert response.text.count('<li class="bead card">') == sites
    assert len(statements) == BELT_QUERIES, "\n".join(statements)


# --- / ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("belts", [1, 25])
def test_home_page_issues_same_queries_for_few_or_many_belts(client, belts):
    districts = [DistrictFactory() for _ in range(min(belts, 5))]
    for n in range(belts):
        add_sites(BeltFactory(district=districts[n % len(districts)]), 3)

    response, statements = measured_get(client, "/")

    assert response.text.count('<li class="card">') == belts
    assert len(statements) == HOME_QUERIES, "\n".join(statements)


@pytest.mark.parametrize("belts", [1, 25])
def test_city_map_points_take_one_query_for_few_or_many_belts(client, belts):
    district = DistrictFactory()
    for _ in range(belts):
        add_sites(BeltFactory(district=district), 3)

    response, statements = measured_get(client, "/map/sites.json")

    assert len(response.json()["sites"]) == 3 * belts
    assert len(statements) == MAP_POINTS_QUERIES, "\n".join(statements)


# --- /sites/<id>/ -------------------------------------------------------------------------------


def fill_site(site, count: int) -> None:
    """``count`` each of projects, milestones, progress updates, photos and activities on ``site``."""
    projects = Project.objects.bulk_create(
        Project(
            site=site,
            title=f"项目{n}",
            status=ProjectStatus.DELAYED if n % 2 else ProjectStatus.IN_PROGRESS,
            planned_completion=datetime.date(2026, 1, 1) + datetime.timedelta(days=n * 20),
            percent_complete=n,
            published=True,
        )
        for n in range(count)
    )
    Milestone.objects.bulk_create(
        Milestone(project=project, title=f"节点{n}", due_date=datetime.date(2026, 6, 1))
        for n, project in enumerate(projects)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(project=project, date=datetime.date(2026, 4, 1), percent=10, note=f"进展{n}")
        for n, project in enumerate(projects)
    )
    Photo.objects.bulk_create(
        Photo(site=site, image=f"photos/{n}.jpg", thumbnail=f"photos/thumbnails/{n}.jpg", width=640, height=480)
        for n in range(count)
    )
    Activity.objects.bulk_create(
        Activity(site=site, date=datetime.date(2026, 3, 1), title=f"活动{n}", participants=20) for n in range(count)
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_site_page_issues_same_queries_for_1_or_30_of_each_record(client, district, rows):
    belt = BeltFactory(district=district)
    SiteFactory(belt=belt, sequence=1)
    site = SiteFactory(belt=belt, sequence=2, organization=OrganizationFactory(district=district))
    SiteFactory(belt=belt, sequence=3)
    fill_site(site, rows)

    response, statements = measured_get(client, site.get_absolute_url())

    assert response.text.count('<li class="card project">') == rows
    assert len(statements) == SITE_QUERIES, "\n".join(statements)
