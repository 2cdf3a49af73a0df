"""The dashboard and its export issue the same number of queries for 2 districts as for 13."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.progress.views import ProgressMixin
from tests.conftest import TODAY
from tests.factories import (
    BeltFactory,
    DistrictFactory,
    FollowUpFactory,
    MilestoneFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.portal.helpers import sql_statements

pytestmark = pytest.mark.django_db

# Session and user (2); the user's permissions (2); published sites and their gaps; figures per belt
# for sites, projects and follow-ups (3); belts; districts; overdue projects; milestones due; follow-ups;
# projects without an update (4); the filter form's lists of districts and belts (2).
DASHBOARD_QUERIES = 16
EXPORT_QUERIES = 14  # the same, without the form's lists


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(ProgressMixin, "today", lambda self: TODAY)


def build(districts: int) -> None:
    """Per district, two belts; per belt two sites with projects (one overdue), a milestone, an update, a follow-up."""
    for _n in range(districts):
        district = DistrictFactory()
        for _b in range(2):
            belt = BeltFactory(district=district)
            for sequence in (1, 2):
                site = SiteFactory(
                    belt=belt, sequence=sequence, **({"latitude": None, "longitude": None} if sequence == 2 else {})
                )
                overdue = ProjectFactory(site=site, planned_completion=datetime.date(2026, 11, 1))
                ProjectFactory(site=site)
                MilestoneFactory(project=overdue, due_date=datetime.date(2026, 12, 5))
                ProgressUpdateFactory(project=overdue, date=datetime.date(2026, 11, 1))
            PhotoFactory(site=site)
            FollowUpFactory(inspection__belt=belt, deadline=datetime.date(2026, 11, 1))


def statements(client, user, url) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return sql_statements(captured)


@pytest.mark.parametrize("districts", [2, 13])
def test_dashboard_query_count_does_not_grow_with_districts(client, committee_member, districts):
    build(districts)
    assert len(statements(client, committee_member, reverse("progress:dashboard"))) == DASHBOARD_QUERIES


@pytest.mark.parametrize("districts", [2, 13])
def test_export_query_count_does_not_grow_with_districts(client, committee_member, districts):
    build(districts)
    assert len(statements(client, committee_member, reverse("progress:export"))) == EXPORT_QUERIES


def test_dashboard_of_13_districts_shows_them_all(client, committee_member):
    build(13)
    client.force_login(committee_member)
    dashboard = client.get(reverse("progress:dashboard")).context["dashboard"]
    assert len(dashboard.districts) == 13
    assert len(dashboard.belts) == 26
    assert dashboard.total.overdue == 52
    assert dashboard.total.lacking_location == 26


def test_district_editor_dashboard_has_the_same_query_count(client, district_editor, district):
    build(3)
    belt = BeltFactory(district=district)
    ProjectFactory(site__belt=belt)
    assert len(statements(client, district_editor, reverse("progress:dashboard"))) == DASHBOARD_QUERIES


# --- The per-user cache -----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [reverse("progress:dashboard"), reverse("progress:export")])
def test_a_repeat_is_answered_from_the_users_cache_with_only_the_sign_in_queries(client, committee_member, url):
    build(2)
    first = statements(client, committee_member, url)

    again = statements(client, committee_member, url)

    assert len(first) > 2
    assert len(again) == 2, again  # the session and its user: who is asking, before the cache is read


def test_each_user_gets_his_own_copy(client, committee_member, district_editor, district):
    build(1)
    belt = BeltFactory(district=district, name="仓山本区示范带")
    SiteFactory(belt=belt)
    client.force_login(committee_member)
    committee_page = client.get(reverse("progress:dashboard")).text
    client.force_login(district_editor)

    editor_page = client.get(reverse("progress:dashboard")).text

    assert committee_page != editor_page
    assert "仓山本区示范带" in editor_page
    assert '<span class="committee-user">cangshan</span>' in editor_page
    assert '<span class="committee-user">committee</span>' in committee_page


def test_a_saved_change_shows_on_the_next_request(client, committee_member):
    build(1)
    client.force_login(committee_member)
    client.get(reverse("progress:dashboard"))
    belt = BeltFactory(name="新加入的示范带")
    SiteFactory(belt=belt)

    assert "新加入的示范带" in client.get(reverse("progress:dashboard")).text
