"""The public selectors: published records only, in the order and shape the pages show them."""

import datetime

import pytest

from belts.maps import GCJ02, WGS84, to_map_datum
from sites import selectors
from sites.choices import ProjectStatus, SiteStatus
from sites.models import Photo, Site
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    MilestoneFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def completed_project(site, **kwargs):
    return ProjectFactory(
        site=site,
        status=ProjectStatus.COMPLETED,
        percent_complete=100,
        actual_completion=datetime.date(2026, 5, 1),
        **kwargs,
    )


# --- belt_list_public -------------------------------------------------------------------------


def test_belt_list_public_holds_published_belts_only(district):
    shown = BeltFactory(district=district)
    BeltFactory(district=district, published=False)

    assert list(selectors.belt_list_public()) == [shown]


def test_belt_list_public_progress_counts_only_published_projects(district):
    site = SiteFactory(belt=BeltFactory(district=district))
    ProjectFactory(site=site, percent_complete=80)
    ProjectFactory(site=site, percent_complete=0, published=False)

    assert selectors.belt_list_public().get().progress == 80


def test_belt_list_public_progress_ignores_projects_of_unpublished_sites(district):
    belt = BeltFactory(district=district)
    ProjectFactory(site=SiteFactory(belt=belt), percent_complete=60)
    ProjectFactory(site=SiteFactory(belt=belt, published=False), percent_complete=0)

    assert selectors.belt_list_public().get().progress == 60


def test_belt_list_public_progress_is_the_mean_of_its_sites(district):
    belt = BeltFactory(district=district)
    first, second = SiteFactory(belt=belt), SiteFactory(belt=belt)
    ProjectFactory(site=first, percent_complete=20)
    ProjectFactory(site=first, percent_complete=60)
    ProjectFactory(site=second, percent_complete=90)

    assert selectors.belt_list_public().get().progress == pytest.approx(65)


def test_belt_list_public_progress_is_none_without_projects(district):
    SiteFactory(belt=BeltFactory(district=district))

    assert selectors.belt_list_public().get().progress is None


def test_belt_list_public_counts_published_sites_only(district):
    belt = BeltFactory(district=district)
    SiteFactory(belt=belt)
    SiteFactory(belt=belt)
    SiteFactory(belt=belt, published=False)

    assert selectors.belt_list_public().get().site_count == 2


def test_belt_list_public_orders_by_district_code_then_name(district, other_district):
    later = BeltFactory(district=district, name="B带")
    earlier = BeltFactory(district=district, name="A带")
    first = BeltFactory(district=other_district, name="C带")

    assert list(selectors.belt_list_public()) == [first, earlier, later]


# --- belt_sites_public ----------------------------------------------------------------------------


def test_belt_sites_public_lists_published_sites_in_sequence(district):
    belt = BeltFactory(district=district)
    third = SiteFactory(belt=belt, sequence=3)
    SiteFactory(belt=belt, sequence=2, published=False)
    first = SiteFactory(belt=belt, sequence=1)
    SiteFactory()  # another belt

    assert list(selectors.belt_sites_public(belt)) == [first, third]


def test_belt_sites_public_progress_counts_only_published_projects(district):
    site = SiteFactory(belt=BeltFactory(district=district))
    ProjectFactory(site=site, percent_complete=40)
    ProjectFactory(site=site, percent_complete=100, published=False)

    assert selectors.belt_sites_public(site.belt).get().progress == 40


def test_belt_sites_public_leaves_out_photos_without_thumbnail(district):
    site = SiteFactory(belt=BeltFactory(district=district))
    photo = PhotoFactory(site=site)
    Photo.objects.filter(pk=PhotoFactory(site=site).pk).update(thumbnail="")

    assert list(selectors.belt_sites_public(site.belt).get().photos.all()) == [photo]


# --- site_detail_public ---------------------------------------------------------------------------


def test_site_detail_public_lists_published_projects_only(district, today):
    site = SiteFactory(belt=BeltFactory(district=district))
    shown = ProjectFactory(site=site)
    ProjectFactory(site=site, published=False)

    assert selectors.site_detail_public(today=today).get(pk=site.pk).public_projects == [shown]


@pytest.mark.parametrize(
    ("days_past_due", "expected"),
    [pytest.param(1, True, id="due yesterday"), pytest.param(0, False, id="due today")],
)
def test_site_detail_public_flags_overdue_projects_against_today(district, today, days_past_due, expected):
    site = SiteFactory(belt=BeltFactory(district=district))
    ProjectFactory(site=site, planned_completion=today - datetime.timedelta(days=days_past_due))

    (project,) = selectors.site_detail_public(today=today).get(pk=site.pk).public_projects

    assert project.is_overdue is expected


def test_site_detail_public_orders_milestones_by_due_date(district, today):
    project = ProjectFactory(site=SiteFactory(belt=BeltFactory(district=district)))
    late = MilestoneFactory(project=project, due_date=datetime.date(2026, 12, 1))
    early = MilestoneFactory(project=project, due_date=datetime.date(2026, 2, 1))

    (shown,) = selectors.site_detail_public(today=today).get(pk=project.site_id).public_projects

    assert list(shown.milestones.all()) == [early, late]


def test_site_detail_public_totals_activities_and_people(district, today):
    site = SiteFactory(belt=BeltFactory(district=district))
    ActivityFactory(site=site, sessions=3, participants=90)
    ActivityFactory(site=site, sessions=2, participants=None)

    shown = selectors.site_detail_public(today=today).get(pk=site.pk)

    assert (shown.activities_held, shown.people_reached) == (5, 90)


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param({"published": False}, id="unpublished site"),
        pytest.param({"belt__published": False}, id="site on unpublished belt"),
    ],
)
def test_site_detail_public_does_not_hold_unpublished_sites(today, hidden):
    site = SiteFactory(**hidden)

    assert not selectors.site_detail_public(today=today).filter(pk=site.pk).exists()


# --- site_neighbours ------------------------------------------------------------------------------


@pytest.fixture
def beads(district):
    """Sequences 1–5 of a belt; 2 and 4 unpublished."""
    belt = BeltFactory(district=district)
    return {n: SiteFactory(belt=belt, sequence=n, published=n not in (2, 4)) for n in range(1, 6)}


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [
        pytest.param(3, (1, 5), id="middle: skips the unpublished on both sides"),
        pytest.param(1, (None, 3), id="first"),
        pytest.param(5, (3, None), id="last"),
    ],
)
def test_site_neighbours_skip_unpublished_sites(beads, sequence, expected):
    previous, following = selectors.site_neighbours(beads[sequence])

    assert (previous and previous.sequence, following and following.sequence) == expected


def test_site_neighbours_stay_on_the_same_belt(beads):
    SiteFactory(sequence=4)  # another belt's 4th bead

    assert selectors.site_neighbours(beads[3])[1] == beads[5]


# --- latest_progress_updates ----------------------------------------------------------------------


def test_latest_progress_updates_are_newest_first_and_limited(district):
    project = ProjectFactory(site=SiteFactory(belt=BeltFactory(district=district)))
    updates = [ProgressUpdateFactory(project=project, date=datetime.date(2026, 4, day)) for day in (3, 1, 4, 2)]

    assert selectors.latest_progress_updates(project.site, limit=3) == [updates[2], updates[0], updates[3]]


def test_latest_progress_updates_default_to_five(district):
    project = ProjectFactory(site=SiteFactory(belt=BeltFactory(district=district)))
    for day in range(1, 9):
        ProgressUpdateFactory(project=project, date=datetime.date(2026, 4, day))

    assert len(selectors.latest_progress_updates(project.site)) == 5


def test_latest_progress_updates_on_the_same_day_newest_record_first(district):
    project = ProjectFactory(site=SiteFactory(belt=BeltFactory(district=district)))
    first, second = ProgressUpdateFactory.create_batch(2, project=project, date=datetime.date(2026, 4, 8))

    assert selectors.latest_progress_updates(project.site) == [second, first]


def test_latest_progress_updates_leave_out_unpublished_projects_and_other_sites(district):
    site = SiteFactory(belt=BeltFactory(district=district))
    shown = ProgressUpdateFactory(project=ProjectFactory(site=site))
    ProgressUpdateFactory(project=ProjectFactory(site=site, published=False))
    ProgressUpdateFactory(project=ProjectFactory(site=SiteFactory(belt=site.belt)))

    assert selectors.latest_progress_updates(site) == [shown]


# --- city_figures ---------------------------------------------------------------------------------


def test_city_figures_count_published_records_only(district):
    belt = BeltFactory(district=district)
    BeltFactory(district=district, published=False)
    open_site = SiteFactory(belt=belt, status=SiteStatus.OPEN)
    SiteFactory(belt=belt, status=SiteStatus.UNDER_CONSTRUCTION)
    SiteFactory(belt=belt, status=SiteStatus.OPEN, published=False)
    completed_project(open_site)
    ProjectFactory(site=open_site)
    completed_project(open_site, published=False)

    assert selectors.city_figures() == selectors.CityFigures(
        belts=1, sites=2, sites_open=1, projects_completed=1, projects=2
    )


def test_city_figures_leave_out_sites_and_projects_of_unpublished_belts(district):
    hidden = SiteFactory(belt=BeltFactory(district=district, published=False))
    completed_project(hidden)

    assert selectors.city_figures() == selectors.CityFigures(
        belts=0, sites=0, sites_open=0, projects_completed=0, projects=0
    )


# --- map_sites_public and map_features ------------------------------------------------------------


def test_map_sites_public_holds_published_sites_with_a_location(district):
    belt = BeltFactory(district=district)
    placed = SiteFactory(belt=belt)
    SiteFactory(belt=belt, latitude=None, longitude=None)
    SiteFactory(belt=belt, published=False)

    assert list(selectors.map_sites_public()) == [placed]


def test_map_features_group_sites_per_belt_in_sequence(district, other_district):
    south = BeltFactory(district=district, name="南江滨示范带")
    north = BeltFactory(district=other_district, name="北江滨示范带")
    sites = [
        SiteFactory(belt=south, sequence=2),
        SiteFactory(belt=north, sequence=1),
        SiteFactory(belt=south, sequence=1),
    ]

    features = selectors.map_features(sites, datum=WGS84)

    assert [(belt["name"], belt["url"], [site["n"] for site in belt["sites"]]) for belt in features] == [
        ("南江滨示范带", south.get_absolute_url(), [1, 2]),
        ("北江滨示范带", north.get_absolute_url(), [1]),
    ]


def test_map_features_skip_sites_without_location(district):
    belt = BeltFactory(district=district)
    placed = SiteFactory(belt=belt, sequence=1)
    unplaced = SiteFactory(belt=belt, sequence=2, latitude=None, longitude=None)

    (feature,) = selectors.map_features([placed, unplaced], datum=WGS84)

    assert [site["url"] for site in feature["sites"]] == [placed.get_absolute_url()]


def test_map_features_leave_out_belts_without_located_sites(district):
    site = SiteFactory(belt=BeltFactory(district=district), latitude=None, longitude=None)

    assert selectors.map_features([site], datum=WGS84) == []


@pytest.mark.parametrize("datum", [WGS84, GCJ02])
def test_map_features_describe_each_site_in_the_tiles_datum(district, datum):
    site = SiteFactory(
        belt=BeltFactory(district=district),
        sequence=4,
        name="江滨党群服务中心",
        positioning="党群服务阵地",
        status=SiteStatus.OPEN,
        latitude="26.048000",
        longitude="119.312000",
    )
    lat, lng = to_map_datum(26.048, 119.312, datum)

    (feature,) = selectors.map_features(Site.objects.filter(pk=site.pk), datum=datum)

    assert feature["sites"] == [
        {
            "n": 4,
            "name": "江滨党群服务中心",
            "positioning": "党群服务阵地",
            "status": str(SiteStatus.OPEN.label),
            "url": site.get_absolute_url(),
            "lat": lat,
            "lng": lng,
        }
    ]


# --- search_public --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "positioning", "introduction"])
def test_search_public_matches_site_fields(district, field):
    site = SiteFactory(belt=BeltFactory(district=district), **{field: "独一无二的检索词"})

    assert selectors.search_public("检索词")[1] == [site]


def test_search_public_leaves_out_unpublished_sites_and_belts(district):
    hidden_belt = BeltFactory(district=district, name="检索词示范带", published=False)
    SiteFactory(belt=hidden_belt, name="检索词串珠甲")
    SiteFactory(belt=BeltFactory(district=district), name="检索词串珠乙", published=False)

    assert selectors.search_public("检索词") == ([], [])


def test_search_public_is_limited(district):
    belt = BeltFactory(district=district)
    SiteFactory.create_batch(4, belt=belt, positioning="检索词")

    assert len(selectors.search_public("检索词", limit=3)[1]) == 3
