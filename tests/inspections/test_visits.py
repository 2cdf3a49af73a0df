"""Inspection visits at /inspections/: plan, brief, record, detail and list, per role, at fixed dates."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from belts.roles import COMMITTEE_REVIEWER_GROUP
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection
from inspections.visits import views as visit_views
from inspections.visits.views import VisitPageMixin
from tests.conftest import TODAY
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    PhotoFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PLAN_URL = reverse("inspections:inspection_plan")
LIST_URL = reverse("inspections:inspection_list")


def url(name, inspection):
    return reverse(f"inspections:{name}", kwargs={"pk": inspection.pk})


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(VisitPageMixin, "get_today", lambda self: TODAY)


@pytest.fixture
def reviewer():
    """A committee reviewer (市级审核), as the role's group makes him."""
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    return user


@pytest.fixture
def belt(district):
    return BeltFactory(district=district, name="南江滨示范带")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def plan_data(belt, stops, **overrides):
    """The plan form as a browser posts it; ``stops`` are (site or None, order or None) rows."""
    data = {
        "belt": belt.pk,
        "date": "2026-12-10",
        "title": "",
        "inspecting_body": "市委两新工委",
        "leader_name": "陈有飞",
        "leader_title": "专职副书记",
        "team": "区委两新工委负责同志",
        "stops-TOTAL_FORMS": len(stops),
        "stops-INITIAL_FORMS": len(stops),
        "stops-MIN_NUM_FORMS": 0,
        "stops-MAX_NUM_FORMS": 99,
    }
    for index, (site, order) in enumerate(stops):
        data[f"stops-{index}-site"] = site.pk if site else ""
        data[f"stops-{index}-order"] = "" if order is None else order
    data.update(overrides)
    return data


def visit_with_stops(belt, n, *, date=datetime.date(2026, 11, 20)):
    inspection = InspectionFactory(belt=belt, date=date)
    for order, site in enumerate(SiteFactory.create_batch(n, belt=belt), start=1):
        InspectionSiteFactory(inspection=inspection, site=site, order=order)
    return inspection


def closed_task(**kwargs):
    answered = datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC)
    return FollowUpFactory(
        status=FollowUpStatus.CLOSED,
        response="已整改。",
        answered_at=answered,
        closed_at=answered + datetime.timedelta(days=1),
        **kwargs,
    )


def record_data(inspection, tasks=(), **overrides):
    visits = list(inspection.visits.order_by("order"))
    data = {
        "summary": "听取汇报,实地查看。",
        "guidance": "细化目标任务,压实责任。",
        "notes-TOTAL_FORMS": len(visits),
        "notes-INITIAL_FORMS": len(visits),
        "notes-MIN_NUM_FORMS": 0,
        "notes-MAX_NUM_FORMS": 1000,
        "tasks-TOTAL_FORMS": 3,
        "tasks-INITIAL_FORMS": 0,
        "tasks-MIN_NUM_FORMS": 0,
        "tasks-MAX_NUM_FORMS": 30,
    }
    for index, visit in enumerate(visits):
        data[f"notes-{index}-id"] = visit.pk
        data[f"notes-{index}-note"] = f"第{visit.order}站:阵地已投用。"
    for index, task in enumerate(tasks):
        for field, value in task.items():
            data[f"tasks-{index}-{field}"] = value
    data.update(overrides)
    return data


# --- Plan a visit -----------------------------------------------------------------


def test_plan_visit_saves_the_route_in_visiting_order(reviewer_client, belt):
    first, second, skipped = SiteFactory.create_batch(3, belt=belt)

    response = reviewer_client.post(PLAN_URL, plan_data(belt, [(first, 2), (second, 1), (skipped, None)]))

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == url("inspection_detail", inspection)
    assert [(v.site, v.order) for v in inspection.visits.order_by("order")] == [(second, 1), (first, 2)]
    assert belt.name in inspection.title
    assert (inspection.date, inspection.leader_name) == (datetime.date(2026, 12, 10), "陈有飞")


def test_plan_step_two_offers_the_belts_sites_numbered_in_sequence(reviewer_client, belt):
    sites = SiteFactory.create_batch(2, belt=belt)
    SiteFactory()  # another belt's site is not offered

    response = reviewer_client.get(PLAN_URL, {"belt": belt.pk})

    formset = response.context["formset"]
    assert [(form.initial["site"], form.initial["order"]) for form in formset] == [(sites[0].pk, 1), (sites[1].pk, 2)]
    assert [choice for choice, _label in formset.forms[0].fields["site"].choices][1:] == [s.pk for s in sites]


def test_plan_refuses_a_site_of_another_belt_and_saves_nothing(reviewer_client, belt):
    own = SiteFactory(belt=belt)
    foreign = SiteFactory(belt=BeltFactory(district=belt.district))

    response = reviewer_client.post(PLAN_URL, plan_data(belt, [(own, 1), (foreign, 2)]))

    assert response.status_code == 400
    assert "site" in response.context["formset"].forms[1].errors
    assert not Inspection.objects.exists()


def test_plan_refuses_a_duplicate_site_and_saves_nothing(reviewer_client, belt):
    site = SiteFactory(belt=belt)

    response = reviewer_client.post(PLAN_URL, plan_data(belt, [(site, 1), (site, 2)]))

    assert response.status_code == 400
    assert "site" in response.context["formset"].forms[1].errors
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("orders", [(1, 3), (1, 1), (0, 1)], ids=["gap", "repeat", "zero"])
def test_plan_refuses_a_visiting_order_other_than_1_to_n(reviewer_client, belt, orders):
    sites = SiteFactory.create_batch(2, belt=belt)

    response = reviewer_client.post(PLAN_URL, plan_data(belt, list(zip(sites, orders, strict=True))))

    assert response.status_code == 400
    assert any("order" in form.errors for form in response.context["formset"].forms)
    assert not Inspection.objects.exists()


def test_plan_refuses_a_route_without_sites(reviewer_client, belt):
    site = SiteFactory(belt=belt)

    response = reviewer_client.post(PLAN_URL, plan_data(belt, [(site, None)]))

    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()
    assert not Inspection.objects.exists()


def test_plan_refuses_missing_leader_next_to_the_field(reviewer_client, belt):
    site = SiteFactory(belt=belt)

    response = reviewer_client.post(PLAN_URL, plan_data(belt, [(site, 1)], leader_name=""))

    assert response.status_code == 400
    assert "leader_name" in response.context["form"].errors
    assert not Inspection.objects.exists()


def test_plan_is_forbidden_to_a_district_editor(client, district_editor, belt):
    site = SiteFactory(belt=belt)
    client.force_login(district_editor)

    assert client.get(PLAN_URL).status_code == 403
    assert client.post(PLAN_URL, plan_data(belt, [(site, 1)])).status_code == 403
    assert not Inspection.objects.exists()


def test_plan_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get(PLAN_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- The brief --------------------------------------------------------------------


def test_brief_renders_every_visited_site_in_visiting_order(reviewer_client, belt):
    sites = [
        SiteFactory(belt=belt, name=name, positioning=f"{name}的定位")
        for name in ("南江滨党群服务中心", "中庚红色影院", "烟台山文化站")
    ]
    for site in sites:
        ProjectFactory(site=site, title=f"{site.name}改造", percent_complete=70)
    inspection = InspectionFactory(belt=belt)
    for order, site in zip((2, 3, 1), sites, strict=True):
        InspectionSiteFactory(inspection=inspection, site=site, order=order)

    response = reviewer_client.get(url("inspection_brief", inspection))

    html = response.content.decode()
    visiting_order = [sites[2], sites[0], sites[1]]
    sections = [html.index(f'id="stop-{n}"') for n in (1, 2, 3)]
    assert sections == sorted(sections)
    for n, site in enumerate(visiting_order, start=1):
        section = html[sections[n - 1] : sections[n] if n < 3 else None]
        assert site.name in section
        assert site.positioning in section
        assert f"{site.name}改造" in section
        assert "70%" in section
    route = response.context["map_data"]["belts"][0]["sites"]
    assert [(point["n"], point["name"]) for point in route] == [(n, s.name) for n, s in enumerate(visiting_order, 1)]
    embedded = json.loads(html.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert [point["n"] for point in embedded["belts"][0]["sites"]] == [1, 2, 3]


def test_brief_flags_overdue_projects_and_lists_open_tasks_of_the_site(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1)
    site = inspection.visits.get().site
    ProjectFactory(site=site, title="二期工程", planned_completion=datetime.date(2026, 10, 31))
    FollowUpFactory(inspection=inspection, site=site, task="完善阵地标识", deadline=datetime.date(2026, 11, 1))
    closed_task(inspection=inspection, site=site, task="已办结事项")

    response = reviewer_client.get(url("inspection_brief", inspection))

    stop = response.context["stops"][0]
    assert [(p.title, p.is_overdue) for p in stop.site.brief_projects] == [("二期工程", True)]
    assert [(t.task, t.is_overdue) for t in stop.site.open_followups] == [("完善阵地标识", True)]


def test_brief_shows_the_latest_photo_thumbnail(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1)
    site = inspection.visits.get().site
    PhotoFactory(site=site, taken_on=datetime.date(2026, 1, 1))
    latest = PhotoFactory(site=site, taken_on=datetime.date(2026, 9, 1))

    response = reviewer_client.get(url("inspection_brief", inspection))

    assert response.context["stops"][0].site.latest_photo == latest
    assert latest.thumbnail.url in response.content.decode()


def _brief_queries(client, inspection) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("inspection_brief", inspection)).status_code == 200
    return len(queries)


def _furnished_visit(belt, n):
    inspection = visit_with_stops(belt, n)
    for visit in inspection.visits.all():
        ProjectFactory.create_batch(2, site=visit.site)
        FollowUpFactory(inspection=inspection, site=visit.site)
        PhotoFactory(site=visit.site)
    return inspection


def test_brief_query_count_is_the_same_for_3_and_12_sites(reviewer_client, belt):
    small = _furnished_visit(belt, 3)
    large = _furnished_visit(BeltFactory(district=belt.district), 12)
    _brief_queries(reviewer_client, small)  # warm the session and content-type caches

    assert _brief_queries(reviewer_client, small) == _brief_queries(reviewer_client, large)


# --- Record the visit -------------------------------------------------------------


def test_record_saves_summary_notes_and_two_follow_ups(reviewer_client, belt):
    inspection = visit_with_stops(belt, 2)
    first_site = inspection.visits.get(order=1).site
    tasks = [
        {
            "task": "细化目标任务",
            "site": first_site.pk,
            "responsible_person": "仓山区委两新工委",
            "deadline": "2026-12-31",
        },
        {"task": "完善长效机制", "site": "", "responsible_person": "南江滨街道", "deadline": "2026-11-29"},
    ]

    response = reviewer_client.post(url("inspection_record", inspection), record_data(inspection, tasks))

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.summary, inspection.guidance) == ("听取汇报,实地查看。", "细化目标任务,压实责任。")
    assert list(inspection.visits.order_by("order").values_list("note", flat=True)) == [
        "第1站:阵地已投用。",
        "第2站:阵地已投用。",
    ]
    followups = list(inspection.followups.order_by("deadline"))
    assert [(f.task, f.site, f.deadline, f.status) for f in followups] == [
        ("完善长效机制", None, TODAY, FollowUpStatus.OPEN),
        ("细化目标任务", first_site, datetime.date(2026, 12, 31), FollowUpStatus.OPEN),
    ]


def test_record_refuses_a_past_deadline_on_a_new_task_and_writes_nothing(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1)
    tasks = [
        {"task": "细化目标任务", "responsible_person": "仓山区委两新工委", "deadline": "2026-12-31"},
        {"task": "补齐台账", "responsible_person": "南江滨街道", "deadline": "2026-11-28"},
    ]

    response = reviewer_client.post(url("inspection_record", inspection), record_data(inspection, tasks))

    assert response.status_code == 400
    assert list(response.context["tasks"].forms[1].errors) == ["deadline"]
    assert "2026-11-28" in response.content.decode()
    inspection.refresh_from_db()
    assert (inspection.summary, inspection.guidance) == ("", "")
    assert not inspection.visits.exclude(note="").exists()
    assert not FollowUp.objects.exists()


def test_record_refuses_a_task_on_a_site_of_another_belt(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1)
    foreign = SiteFactory(belt=BeltFactory(district=belt.district))
    tasks = [{"task": "补齐台账", "site": foreign.pk, "responsible_person": "南江滨街道", "deadline": "2026-12-31"}]

    response = reviewer_client.post(url("inspection_record", inspection), record_data(inspection, tasks))

    assert response.status_code == 400
    assert "site" in response.context["tasks"].forms[0].errors
    assert not FollowUp.objects.exists()


def test_record_waits_until_the_day_of_the_visit(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1, date=datetime.date(2026, 12, 10))

    response = reviewer_client.post(url("inspection_record", inspection), record_data(inspection))

    assert response.status_code == 400
    inspection.refresh_from_db()
    assert inspection.summary == ""


# --- Who sees what ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["inspection_detail", "inspection_brief", "inspection_record"])
def test_visit_pages_are_not_found_for_an_editor_of_another_district(client, district_editor, other_district, name):
    inspection = visit_with_stops(BeltFactory(district=other_district), 1)
    client.force_login(district_editor)

    assert client.get(url(name, inspection)).status_code == 404


@pytest.mark.parametrize(("name", "status"), [("inspection_detail", 200), ("inspection_brief", 200)])
def test_editor_of_the_visits_district_may_read_it(client, district_editor, belt, name, status):
    inspection = visit_with_stops(belt, 2)
    client.force_login(district_editor)

    response = client.get(url(name, inspection))

    assert response.status_code == status
    assert url("inspection_record", inspection) not in response.content.decode()


def test_editor_of_the_visits_district_may_not_record_it(client, district_editor, belt):
    inspection = visit_with_stops(belt, 1)
    client.force_login(district_editor)

    assert client.get(url("inspection_record", inspection)).status_code == 403
    assert client.post(url("inspection_record", inspection), record_data(inspection)).status_code == 403
    inspection.refresh_from_db()
    assert inspection.summary == ""


@pytest.mark.parametrize("name", ["inspection_detail", "inspection_brief", "inspection_record"])
def test_visit_pages_send_an_anonymous_visitor_to_sign_in(client, belt, name):
    inspection = visit_with_stops(belt, 1)

    response = client.get(url(name, inspection))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- Detail and list --------------------------------------------------------------


def test_detail_shows_tasks_with_their_overdue_flag_and_link(reviewer_client, belt):
    inspection = visit_with_stops(belt, 1)
    late = FollowUpFactory(inspection=inspection, deadline=datetime.date(2026, 11, 1))
    on_time = FollowUpFactory(inspection=inspection, deadline=datetime.date(2026, 12, 31))

    response = reviewer_client.get(url("inspection_detail", inspection))

    tasks = {task.pk: task.is_overdue for task in response.context["inspection"].followups.all()}
    assert tasks == {late.pk: True, on_time.pk: False}
    html = response.content.decode()
    assert reverse("inspections:followup_detail", kwargs={"pk": late.pk}) in html
    assert url("inspection_record", inspection) in html


def test_list_shows_visible_visits_newest_first_with_counts(client, district_editor, belt, other_district):
    older = visit_with_stops(belt, 2, date=datetime.date(2026, 3, 1))
    newer = visit_with_stops(belt, 3, date=datetime.date(2026, 12, 5))
    FollowUpFactory(inspection=older, deadline=datetime.date(2026, 4, 1))
    closed_task(inspection=older, deadline=datetime.date(2026, 4, 1))
    FollowUpFactory(inspection=older, deadline=datetime.date(2026, 12, 31))
    visit_with_stops(BeltFactory(district=other_district), 1)
    client.force_login(district_editor)

    response = client.get(LIST_URL)

    rows = [(i.pk, i.site_count, i.unresolved_count, i.overdue_count) for i in response.context["inspections"]]
    assert rows == [(newer.pk, 3, 0, 0), (older.pk, 2, 2, 1)]
    assert PLAN_URL not in response.content.decode()


def test_list_offers_the_committee_to_plan_a_visit(reviewer_client):
    assert PLAN_URL in reviewer_client.get(LIST_URL).content.decode()


def test_list_query_count_does_not_grow_with_visits(reviewer_client, belt, django_assert_max_num_queries):
    for _n in range(2):
        FollowUpFactory(inspection=visit_with_stops(belt, 2))
    reviewer_client.get(LIST_URL)
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(LIST_URL)
    for _n in range(8):
        FollowUpFactory(inspection=visit_with_stops(belt, 2))

    with django_assert_max_num_queries(len(few)):
        reviewer_client.get(LIST_URL)


def test_visit_list_pages_keep_their_place(admin_client, monkeypatch):
    monkeypatch.setattr(visit_views.InspectionListView, "paginate_by", 2)
    belt = BeltFactory()
    InspectionFactory.create_batch(3, belt=belt)

    first = admin_client.get("/inspections/")
    second = admin_client.get("/inspections/", {"page": "2"})

    assert 'href="?page=2"' in first.content.decode()
    assert second.status_code == 200
    assert len(second.context["object_list"]) == 1
