"""The progress dashboard at a fixed date: every figure for a small crafted dataset, scope and filters."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from inspections.choices import FollowUpStatus
from inspections.progress.views import ProgressMixin
from sites.choices import ProjectStatus, SiteStatus
from tests.conftest import TODAY
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    MilestoneFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.portal.helpers import tr

pytestmark = pytest.mark.django_db

URL = "/progress/"
ANSWERED_AT = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)


def day(month: int, day_: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day_)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(ProgressMixin, "today", lambda self: TODAY)


@pytest.fixture
def data(district, other_district):
    """As of TODAY (2026-11-29), in 仓山区:

    belt 南江滨 with site 1 (open, photo, two projects: one overdue 10 days, one at risk),
    site 2 (open, published, no photo and no location: a completed project and a delayed one),
    site 3 (under construction, unpublished, no project); four follow-ups (open overdue,
    answered past deadline, closed, open in time); milestones due in, past and beyond 30 days.
    In 鼓楼区: one published site without photo or positioning, one project 59 days late.
    """
    belt = BeltFactory(district=district, name="南江滨", slug="nanjiangbin")
    site1 = SiteFactory(belt=belt, sequence=1, name="一号串珠")
    PhotoFactory(site=site1)
    site2 = SiteFactory(belt=belt, sequence=2, name="二号串珠", latitude=None, longitude=None)
    SiteFactory(belt=belt, sequence=3, name="三号串珠", status=SiteStatus.UNDER_CONSTRUCTION, published=False)
    ProjectFactory(
        site=site1, title="逾期项目", planned_completion=day(11, 19), percent_complete=60, responsible_person="李四"
    )
    at_risk = ProjectFactory(site=site1, title="风险项目", planned_completion=day(12, 20), percent_complete=10)
    ProgressUpdateFactory(project=at_risk, date=day(9, 1))  # older than 60 days: stale
    ProjectFactory(
        site=site2,
        title="已完成项目",
        status=ProjectStatus.COMPLETED,
        planned_completion=day(11, 1),
        actual_completion=day(10, 30),
        percent_complete=100,
    )
    delayed = ProjectFactory(
        site=site2,
        title="延期项目",
        status=ProjectStatus.DELAYED,
        planned_completion=day(6, 30, 2027),
        percent_complete=30,
    )
    ProgressUpdateFactory(project=delayed, date=day(11, 1))  # recent: not stale
    MilestoneFactory(project=at_risk, title="十五日节点", due_date=day(12, 15))
    MilestoneFactory(project=at_risk, title="今日节点", due_date=TODAY)
    MilestoneFactory(project=delayed, title="远期节点", due_date=day(1, 15, 2027))
    MilestoneFactory(project=delayed, title="已完成节点", due_date=day(12, 1), done_date=day(11, 20))
    MilestoneFactory(project=delayed, title="过期节点", due_date=day(11, 28))

    inspection = InspectionFactory(belt=belt)
    FollowUpFactory(inspection=inspection, site=site1, task="逾期督办", deadline=day(11, 20))
    FollowUpFactory(
        inspection=inspection,
        task="已答复督办",
        deadline=day(11, 1),
        status=FollowUpStatus.ANSWERED,
        response="已整改",
        answered_at=ANSWERED_AT,
    )
    FollowUpFactory(
        inspection=inspection,
        task="已办结督办",
        deadline=day(11, 1),
        status=FollowUpStatus.CLOSED,
        response="已整改",
        answered_at=ANSWERED_AT,
        closed_at=ANSWERED_AT,
    )
    FollowUpFactory(inspection=inspection, task="未到期督办", deadline=day(12, 10))

    other_belt = BeltFactory(district=other_district, name="鼓楼带", slug="gulou")
    other_site = SiteFactory(belt=other_belt, sequence=1, name="鼓楼串珠", positioning="")
    ProjectFactory(
        site=other_site,
        title="鼓楼逾期项目",
        planned_completion=day(10, 1),
        percent_complete=80,
        responsible_person="王五",
    )
    return {"belt": belt, "other_belt": other_belt}


def dashboard_of(client, user, query=""):
    client.force_login(user)
    response = client.get(URL + query)
    assert response.status_code == 200
    return response


def test_district_figures_at_a_fixed_date(client, committee_member, data, district):
    dashboard = dashboard_of(client, committee_member).context["dashboard"]
    row = next(row for row in dashboard.districts if row.record == district)
    figures = row.figures
    assert figures.sites == 3
    assert figures.sites_by_status == {"planned": 0, "under_construction": 1, "open": 2, "suspended": 0}
    assert figures.projects == 4
    assert (figures.completed, figures.in_progress, figures.delayed) == (1, 2, 1)
    assert figures.overdue == 1  # the completed project, past its date, is not overdue
    assert figures.at_risk == 1
    assert figures.progress == 50  # sites 1 and 2: (60+10)/2 and (100+30)/2; site 3 has no project
    assert (figures.followups_open, figures.followups_overdue) == (3, 1)  # answered past deadline: not overdue
    assert (figures.lacking_photo, figures.lacking_location, figures.lacking_positioning) == (1, 1, 0)
    assert figures.stale == 2  # no update, or the latest older than 60 days; completed ones never


def test_belt_figures_equal_their_district_figures_with_one_belt(client, committee_member, data, district):
    dashboard = dashboard_of(client, committee_member).context["dashboard"]
    belt_row = next(row for row in dashboard.belts if row.record == data["belt"])
    district_row = next(row for row in dashboard.districts if row.record == district)
    assert belt_row.figures == district_row.figures


def test_other_district_figures(client, committee_member, data, other_district):
    dashboard = dashboard_of(client, committee_member).context["dashboard"]
    figures = next(row for row in dashboard.districts if row.record == other_district).figures
    assert (figures.sites, figures.projects, figures.overdue, figures.at_risk) == (1, 1, 1, 0)
    assert figures.progress == 80
    assert (figures.lacking_photo, figures.lacking_location, figures.lacking_positioning) == (1, 0, 1)
    assert (figures.followups_open, figures.followups_overdue) == (0, 0)


def test_totals_add_up_every_district(client, committee_member, data):
    total = dashboard_of(client, committee_member).context["dashboard"].total
    assert (total.sites, total.projects, total.overdue, total.at_risk, total.stale) == (4, 5, 2, 1, 3)
    assert total.progress == pytest.approx((35 + 65 + 80) / 3)


def test_overdue_projects_list_days_late_and_responsible_person(client, committee_member, data):
    response = dashboard_of(client, committee_member)
    rows = response.context["dashboard"].overdue_projects.rows
    assert [(p.title, p.days_late, p.responsible_person) for p in rows] == [
        ("鼓楼逾期项目", 59, "王五"),
        ("逾期项目", 10, "李四"),
    ]
    assert reverse("admin:sites_project_change", args=[rows[0].pk]) in response.content.decode()


def test_milestones_due_within_30_days_include_today_and_exclude_done_past_and_later(client, committee_member, data):
    rows = dashboard_of(client, committee_member).context["dashboard"].milestones_due.rows
    assert [m.title for m in rows] == ["今日节点", "十五日节点"]


def test_followups_list_unresolved_with_the_overdue_one_flagged(client, committee_member, data):
    response = dashboard_of(client, committee_member)
    rows = response.context["dashboard"].followups.rows
    assert [(f.task, f.is_overdue) for f in rows] == [("已答复督办", False), ("逾期督办", True), ("未到期督办", False)]
    assert f'href="{rows[1].link}"' in response.content.decode()


def test_missing_lists_published_sites_with_gaps_and_stale_projects(client, committee_member, data):
    dashboard = dashboard_of(client, committee_member).context["dashboard"]
    assert [(g.site.name, g.lacks_photo, g.lacks_location, g.lacks_positioning) for g in dashboard.site_gaps.rows] == [
        ("鼓楼串珠", True, False, True),
        ("二号串珠", True, True, False),
    ]
    assert sorted(p.title for p in dashboard.stale_projects.rows) == ["逾期项目", "风险项目", "鼓楼逾期项目"]


def test_page_shows_charts_with_their_tables(client, committee_member, data):
    html = dashboard_of(client, committee_member).content.decode()
    assert html.count('<svg role="img"') == 2
    assert 'aria-labelledby="district-chart-title district-chart-desc"' in html
    assert '<title id="belt-chart-title">' in html
    assert html.count('<table class="figures-table">') == 4
    assert "南江滨" in html and "鼓楼带" in html


def test_page_links_counts_to_filtered_admin_lists(client, committee_member, data, district):
    html = dashboard_of(client, committee_member).content.decode()
    url = reverse("admin:sites_project_changelist")
    assert f"{url}?schedule=overdue&amp;site__belt__district__id__exact={district.pk}" in html


def test_admin_list_behind_an_overdue_count_applies_its_filters(client, superuser, data, district):
    client.force_login(superuser)
    url = reverse("admin:sites_project_changelist")
    response = client.get(url, {"site__belt__district__id__exact": district.pk, "status__exact": "delayed"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


# --- Scope ------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_signed_in_non_staff_is_refused(client):
    client.force_login(get_user_model().objects.create_user("visitor", password="x"))
    assert client.get(URL).status_code == 403


def test_district_editor_sees_only_his_district(client, district_editor, data, district):
    dashboard = dashboard_of(client, district_editor).context["dashboard"]
    assert [row.record for row in dashboard.districts] == [district]
    assert [row.record for row in dashboard.belts] == [data["belt"]]
    assert [p.title for p in dashboard.overdue_projects.rows] == ["逾期项目"]
    assert dashboard.total.projects == 4


def test_committee_member_sees_every_district(client, committee_member, data, district, other_district):
    dashboard = dashboard_of(client, committee_member).context["dashboard"]
    assert {row.record for row in dashboard.districts} == {district, other_district}


def test_superuser_sees_every_district(client, superuser, data):
    assert len(dashboard_of(client, superuser).context["dashboard"].districts) == 2


def test_page_marks_its_nav_section(client, committee_member):
    html = dashboard_of(client, committee_member).content.decode()
    assert f'<a href="{URL}" aria-current="page">' in html


# --- Filters ----------------------------------------------------------------------------


def test_filter_by_district(client, committee_member, data, other_district):
    dashboard = dashboard_of(client, committee_member, f"?district={other_district.pk}").context["dashboard"]
    assert [row.record for row in dashboard.districts] == [other_district]
    assert [p.title for p in dashboard.overdue_projects.rows] == ["鼓楼逾期项目"]
    assert dashboard.followups.rows == []


def test_filter_by_belt(client, committee_member, data, district):
    dashboard = dashboard_of(client, committee_member, f"?belt={data['belt'].pk}").context["dashboard"]
    assert [row.record for row in dashboard.belts] == [data["belt"]]
    assert [row.record for row in dashboard.districts] == [district]
    assert dashboard.total.projects == 4


def test_filter_by_project_status(client, committee_member, data):
    dashboard = dashboard_of(client, committee_member, "?status=completed").context["dashboard"]
    assert dashboard.total.projects == 1
    assert dashboard.total.completed == 1
    assert dashboard.overdue_projects.rows == []


@pytest.mark.parametrize("query", ["?district=999999", "?district=abc", "?belt=0", "?status=bogus"])
def test_unknown_filter_value_gives_a_message_not_an_error(client, committee_member, data, query):
    response = dashboard_of(client, committee_member, query)
    assert response.context["form"].errors
    assert tr("Some filters were not understood and have been left out:") in response.content.decode()
    assert len(response.context["dashboard"].districts) == 2  # the filter is left out


def test_district_editor_cannot_filter_on_another_district(client, district_editor, data, other_district):
    response = dashboard_of(client, district_editor, f"?district={other_district.pk}")
    assert "district" in response.context["form"].errors
    assert [row.record.name for row in response.context["dashboard"].districts] == ["仓山区"]


def test_belt_outside_the_chosen_district_gives_a_message(client, committee_member, data, district):
    response = dashboard_of(client, committee_member, f"?district={district.pk}&belt={data['other_belt'].pk}")
    assert "belt" in response.context["form"].errors
    assert [row.record for row in response.context["dashboard"].districts] == [district]
