"""Every filter of every API list: exactly which rows come back, with the rows it must leave out present.

Staff lists are read as the committee member, who sees every district, drafts
included, so that only the filter under test narrows the rows.
"""

import datetime

import pytest

from belts.choices import BeltStatus
from belts.filtersets import SEARCH_MAX_LENGTH
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp
from sites.choices import OrganizationKind, ProjectStatus, SiteStatus
from sites.models import Project
from tests.factories import (
    BeltFactory,
    DistrictFactory,
    FollowUpFactory,
    InspectionFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

DONE_ON = datetime.date(2026, 11, 3)
ANSWERED_AT = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def ids(response) -> list[int]:
    """The ids of a list answer's rows, in the order given."""
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def staff(client_for, committee_member):
    """The committee member's client: every district, drafts included."""
    return client_for(committee_member)


@pytest.fixture
def belt(district):
    return BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")


@pytest.fixture
def other_belt(other_district):
    return BeltFactory(district=other_district, name="鼓楼示范带", slug="gulou")


@pytest.fixture
def site(belt):
    return SiteFactory(belt=belt, sequence=1, name="仓山党群服务中心")


@pytest.fixture
def other_site(other_belt):
    return SiteFactory(belt=other_belt, sequence=1, name="鼓楼党群服务中心")


# --- Districts ------------------------------------------------------------------------------------


def test_districts_search_matches_name_or_code(staff, district, other_district):
    DistrictFactory(name="晋安区", code="350111")

    assert ids(staff.get("/api/districts/", {"search": "仓山"})) == [district.pk]
    assert ids(staff.get("/api/districts/", {"search": "350102"})) == [other_district.pk]


def test_districts_ordering_by_name_descending(staff, district, other_district):
    jinan = DistrictFactory(name="晋安区", code="350111")

    # By code they run 350102, 350104, 350111; by name (descending, Unicode order) differently.
    assert ids(staff.get("/api/districts/")) == [other_district.pk, district.pk, jinan.pk]
    expected = [d.pk for d in sorted([district, other_district, jinan], key=lambda d: d.name, reverse=True)]
    assert ids(staff.get("/api/districts/", {"ordering": "-name"})) == expected


# --- Belts ----------------------------------------------------------------------------------------


def test_belts_district_filter(staff, belt, other_belt):
    assert ids(staff.get("/api/belts/", {"district": belt.district_id})) == [belt.pk]


def test_belts_status_filter(staff, district):
    planned = BeltFactory(district=district, status=BeltStatus.PLANNED)
    BeltFactory(district=district, status=BeltStatus.UNDER_CONSTRUCTION)
    BeltFactory(district=district, status=BeltStatus.COMPLETED)

    assert ids(staff.get("/api/belts/", {"status": "planned"})) == [planned.pk]


def test_belts_search_matches_name_or_theme(staff, district):
    by_name = BeltFactory(district=district, name="闽江之心示范带", theme="")
    by_theme = BeltFactory(district=district, name="城南示范带", theme="串联闽江沿岸阵地")
    BeltFactory(district=district, name="乌山示范带", theme="老城区")

    assert set(ids(staff.get("/api/belts/", {"search": "闽江"}))) == {by_name.pk, by_theme.pk}


def test_belts_ordering_by_target_year(staff, district):
    late = BeltFactory(district=district, name="甲", target_year=2028)
    early = BeltFactory(district=district, name="乙", target_year=2025)
    middle = BeltFactory(district=district, name="丙", target_year=2026)

    assert ids(staff.get("/api/belts/", {"ordering": "target_year"})) == [early.pk, middle.pk, late.pk]
    assert ids(staff.get("/api/belts/", {"ordering": "-target_year"})) == [late.pk, middle.pk, early.pk]


# --- Organizations --------------------------------------------------------------------------------


def test_organizations_district_filter(staff, district, other_district):
    ours = OrganizationFactory(district=district)
    OrganizationFactory(district=other_district)

    assert ids(staff.get("/api/organizations/", {"district": district.pk})) == [ours.pk]


def test_organizations_kind_filter(staff, district):
    park = OrganizationFactory(district=district, kind=OrganizationKind.PARK)
    OrganizationFactory(district=district, kind=OrganizationKind.NON_PUBLIC_ENTERPRISE)
    OrganizationFactory(district=district, kind=OrganizationKind.COMMUNITY)

    assert ids(staff.get("/api/organizations/", {"kind": "park"})) == [park.pk]


def test_organizations_search_matches_name_or_party_organisation(staff, district):
    by_name = OrganizationFactory(district=district, name="海峡物流有限公司", party_org_name="")
    by_party_org = OrganizationFactory(district=district, name="某科技公司", party_org_name="海峡联合党支部")
    OrganizationFactory(district=district, name="江滨社区", party_org_name="江滨社区党委")

    assert set(ids(staff.get("/api/organizations/", {"search": "海峡"}))) == {by_name.pk, by_party_org.pk}


def test_organizations_ordering_by_party_member_count_descending(staff, district):
    few = OrganizationFactory(district=district, name="甲", party_member_count=3)
    many = OrganizationFactory(district=district, name="乙", party_member_count=40)
    some = OrganizationFactory(district=district, name="丙", party_member_count=12)

    assert ids(staff.get("/api/organizations/", {"ordering": "-party_member_count"})) == [many.pk, some.pk, few.pk]


# --- Sites ----------------------------------------------------------------------------------------


def test_sites_district_filter(staff, site, other_site):
    assert ids(staff.get("/api/sites/", {"district": site.belt.district_id})) == [site.pk]


def test_sites_belt_filter(staff, site, belt, other_site):
    second_belt = BeltFactory(district=belt.district)
    SiteFactory(belt=second_belt)

    assert ids(staff.get("/api/sites/", {"belt": belt.pk})) == [site.pk]


def test_sites_status_filter(staff, belt):
    suspended = SiteFactory(belt=belt, status=SiteStatus.SUSPENDED)
    SiteFactory(belt=belt, status=SiteStatus.OPEN)
    SiteFactory(belt=belt, status=SiteStatus.PLANNED)

    assert ids(staff.get("/api/sites/", {"status": "suspended"})) == [suspended.pk]


def test_sites_organization_kind_filter(staff, belt):
    social = SiteFactory(belt=belt, organization__kind=OrganizationKind.SOCIAL_ORGANIZATION)
    SiteFactory(belt=belt, organization__kind=OrganizationKind.NON_PUBLIC_ENTERPRISE)
    SiteFactory(belt=belt, organization=None)

    assert ids(staff.get("/api/sites/", {"organization_kind": "social"})) == [social.pk]


def test_sites_search_matches_name_or_positioning(staff, belt):
    by_name = SiteFactory(belt=belt, name="马尾船政文化站", positioning="")
    by_positioning = SiteFactory(belt=belt, name="某公司党群服务中心", positioning="传承船政文化的教育基地")
    SiteFactory(belt=belt, name="江滨社区", positioning="社区党群服务")

    assert set(ids(staff.get("/api/sites/", {"search": "船政"}))) == {by_name.pk, by_positioning.pk}


def test_sites_ordering_by_name_descending(staff, belt):
    first = SiteFactory(belt=belt, sequence=1, name="A 站")
    second = SiteFactory(belt=belt, sequence=2, name="C 站")
    third = SiteFactory(belt=belt, sequence=3, name="B 站")

    assert ids(staff.get("/api/sites/")) == [first.pk, second.pk, third.pk]
    assert ids(staff.get("/api/sites/", {"ordering": "-name"})) == [second.pk, third.pk, first.pk]


def test_ties_in_an_ordering_are_broken_by_id_so_pages_neither_repeat_nor_skip_rows(staff, belt):
    tied = [SiteFactory(belt=belt, sequence=n, name="同名站") for n in range(1, 8)]

    pages = [ids(staff.get("/api/sites/", {"ordering": "name", "page_size": 3, "page": page})) for page in (1, 2, 3)]

    assert [pk for page in pages for pk in page] == sorted(site.pk for site in tied)


# --- Projects -------------------------------------------------------------------------------------


@pytest.fixture
def schedule(site):
    """Projects on either side of every line of the overdue and at-risk rules, as of 2026-11-29."""
    make = ProjectFactory
    return {
        # Overdue: planned completion passed, not completed.
        "late": make(site=site, planned_completion=datetime.date(2026, 11, 1), percent_complete=80),
        "late_delayed": make(
            site=site, status=ProjectStatus.DELAYED, planned_completion=datetime.date(2026, 10, 1), percent_complete=20
        ),
        # Past its date but completed: neither.
        "late_but_done": make(
            site=site,
            status=ProjectStatus.COMPLETED,
            planned_completion=datetime.date(2026, 11, 1),
            actual_completion=DONE_ON,
            percent_complete=100,
        ),
        # At risk: due within 30 days and behind the share of time elapsed.
        "due_today_lagging": make(site=site, planned_completion=datetime.date(2026, 11, 29), percent_complete=50),
        "due_soon_lagging": make(site=site, planned_completion=datetime.date(2026, 12, 20), percent_complete=40),
        # Due soon but on schedule (57 % of the time elapsed, 90 % done): neither.
        "due_soon_on_schedule": make(
            site=site,
            planned_start=datetime.date(2026, 11, 1),
            planned_completion=datetime.date(2026, 12, 20),
            percent_complete=90,
        ),
        # Due soon, no planned start: no schedule to lag behind.
        "due_soon_unscheduled": make(
            site=site, planned_start=None, planned_completion=datetime.date(2026, 12, 10), percent_complete=0
        ),
        # Lagging but due beyond the window: neither.
        "due_later": make(site=site, planned_completion=datetime.date(2027, 6, 30), percent_complete=10),
        # No dates at all: neither.
        "undated": make(site=site, planned_start=None, planned_completion=None, percent_complete=0),
    }


def pks(projects: dict, *names: str) -> set[int]:
    return {projects[name].pk for name in names}


def test_projects_district_filter(staff, site, other_site):
    ours = ProjectFactory(site=site)
    ProjectFactory(site=other_site)

    assert ids(staff.get("/api/projects/", {"district": site.belt.district_id})) == [ours.pk]


def test_projects_belt_filter(staff, site, belt):
    ours = ProjectFactory(site=site)
    ProjectFactory(site=SiteFactory(belt=BeltFactory(district=belt.district)))

    assert ids(staff.get("/api/projects/", {"belt": belt.pk})) == [ours.pk]


def test_projects_site_filter(staff, site, belt):
    ours = ProjectFactory(site=site)
    ProjectFactory(site=SiteFactory(belt=belt, sequence=2))

    assert ids(staff.get("/api/projects/", {"site": site.pk})) == [ours.pk]


def test_projects_status_filter(staff, site):
    delayed = ProjectFactory(site=site, status=ProjectStatus.DELAYED)
    ProjectFactory(site=site, status=ProjectStatus.IN_PROGRESS)
    ProjectFactory(site=site, status=ProjectStatus.COMPLETED, percent_complete=100, actual_completion=DONE_ON)

    assert ids(staff.get("/api/projects/", {"status": "delayed"})) == [delayed.pk]


def test_projects_overdue_true_are_those_of_the_overdue_rule(staff, schedule, today):
    rule = set(Project.objects.overdue(today=today).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/projects/", {"overdue": "true"})))

    assert answered == rule == pks(schedule, "late", "late_delayed")


def test_projects_overdue_false_are_all_the_others(staff, schedule, today):
    rule = set(Project.objects.exclude(pk__in=Project.objects.overdue(today=today)).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/projects/", {"overdue": "false"})))

    assert answered == rule == {p.pk for p in schedule.values()} - pks(schedule, "late", "late_delayed")


def test_projects_at_risk_true_are_those_of_the_at_risk_rule(staff, schedule, today):
    rule = set(Project.objects.at_risk(today=today).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/projects/", {"at_risk": "true"})))

    assert answered == rule == pks(schedule, "due_today_lagging", "due_soon_lagging")


def test_projects_at_risk_false_are_all_the_others(staff, schedule, today):
    rule = set(Project.objects.exclude(pk__in=Project.objects.at_risk(today=today)).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/projects/", {"at_risk": "false"})))

    expected = {p.pk for p in schedule.values()} - pks(schedule, "due_today_lagging", "due_soon_lagging")
    assert answered == rule == expected


def test_projects_flags_agree_with_the_filters(staff, schedule):
    rows = {row["id"]: row for row in staff.get("/api/projects/").json()["results"]}

    assert {pk for pk, row in rows.items() if row["is_overdue"]} == pks(schedule, "late", "late_delayed")
    assert {pk for pk, row in rows.items() if row["is_at_risk"]} == pks(
        schedule, "due_today_lagging", "due_soon_lagging"
    )


def test_projects_due_before_includes_the_day(staff, site):
    before = ProjectFactory(site=site, planned_completion=datetime.date(2026, 11, 30))
    on_the_day = ProjectFactory(site=site, planned_completion=datetime.date(2026, 12, 1))
    ProjectFactory(site=site, planned_completion=datetime.date(2026, 12, 2))
    ProjectFactory(site=site, planned_start=None, planned_completion=None)

    assert set(ids(staff.get("/api/projects/", {"due_before": "2026-12-01"}))) == {before.pk, on_the_day.pk}


def test_projects_due_after_includes_the_day(staff, site):
    ProjectFactory(site=site, planned_completion=datetime.date(2026, 11, 30))
    on_the_day = ProjectFactory(site=site, planned_completion=datetime.date(2026, 12, 1))
    after = ProjectFactory(site=site, planned_completion=datetime.date(2026, 12, 2))
    ProjectFactory(site=site, planned_start=None, planned_completion=None)

    assert set(ids(staff.get("/api/projects/", {"due_after": "2026-12-01"}))) == {on_the_day.pk, after.pk}


def test_projects_search_matches_title_or_site_name(staff, site, belt):
    by_title = ProjectFactory(site=SiteFactory(belt=belt, sequence=2, name="江滨社区"), title="仓山党群阵地提升")
    by_site = ProjectFactory(site=site, title="二期装修")  # site.name is 仓山党群服务中心
    ProjectFactory(site=SiteFactory(belt=belt, sequence=3, name="鼓楼站"), title="外立面改造")

    assert set(ids(staff.get("/api/projects/", {"search": "仓山"}))) == {by_title.pk, by_site.pk}


def test_projects_ordering_by_percent_complete_descending(staff, site):
    half = ProjectFactory(site=site, percent_complete=50)
    most = ProjectFactory(site=site, percent_complete=90)
    little = ProjectFactory(site=site, percent_complete=10)

    assert ids(staff.get("/api/projects/", {"ordering": "-percent_complete"})) == [most.pk, half.pk, little.pk]


# --- Progress updates -------------------------------------------------------------------------------


def test_progress_updates_project_filter(staff, site):
    project = ProjectFactory(site=site)
    ours = ProgressUpdateFactory(project=project)
    ProgressUpdateFactory(project=ProjectFactory(site=site))

    assert ids(staff.get("/api/progress-updates/", {"project": project.pk})) == [ours.pk]


def test_progress_updates_site_filter(staff, site, other_site):
    ours = ProgressUpdateFactory(project=ProjectFactory(site=site))
    ProgressUpdateFactory(project=ProjectFactory(site=other_site))

    assert ids(staff.get("/api/progress-updates/", {"site": site.pk})) == [ours.pk]


def test_progress_updates_date_after_includes_the_day(staff, site):
    project = ProjectFactory(site=site)
    ProgressUpdateFactory(project=project, date=datetime.date(2026, 10, 31))
    on_the_day = ProgressUpdateFactory(project=project, date=datetime.date(2026, 11, 1))
    after = ProgressUpdateFactory(project=project, date=datetime.date(2026, 11, 2))

    assert set(ids(staff.get("/api/progress-updates/", {"date_after": "2026-11-01"}))) == {on_the_day.pk, after.pk}


def test_progress_updates_date_before_includes_the_day(staff, site):
    project = ProjectFactory(site=site)
    before = ProgressUpdateFactory(project=project, date=datetime.date(2026, 10, 31))
    on_the_day = ProgressUpdateFactory(project=project, date=datetime.date(2026, 11, 1))
    ProgressUpdateFactory(project=project, date=datetime.date(2026, 11, 2))

    assert set(ids(staff.get("/api/progress-updates/", {"date_before": "2026-11-01"}))) == {before.pk, on_the_day.pk}


def test_progress_updates_search_matches_note_or_project_title(staff, site):
    by_note = ProgressUpdateFactory(project=ProjectFactory(site=site, title="一期"), note="展陈墙已安装。")
    by_title = ProgressUpdateFactory(project=ProjectFactory(site=site, title="展陈提升"), note="已招标。")
    ProgressUpdateFactory(project=ProjectFactory(site=site, title="外立面"), note="主体完工。")

    assert set(ids(staff.get("/api/progress-updates/", {"search": "展陈"}))) == {by_note.pk, by_title.pk}


def test_progress_updates_ordering_by_percent(staff, site):
    project = ProjectFactory(site=site)
    middle = ProgressUpdateFactory(project=project, percent=50, date=datetime.date(2026, 5, 1))
    low = ProgressUpdateFactory(project=project, percent=20, date=datetime.date(2026, 6, 1))
    high = ProgressUpdateFactory(project=project, percent=80, date=datetime.date(2026, 4, 1))

    assert ids(staff.get("/api/progress-updates/", {"ordering": "percent"})) == [low.pk, middle.pk, high.pk]


# --- Photos ---------------------------------------------------------------------------------------


def test_photos_site_filter(staff, site, belt):
    ours = PhotoFactory(site=site)
    PhotoFactory(site=SiteFactory(belt=belt, sequence=2))
    PhotoFactory(site=None, project=ProjectFactory(site=site))  # of a project at the site, not of the site

    assert ids(staff.get("/api/photos/", {"site": site.pk})) == [ours.pk]


def test_photos_project_filter(staff, site):
    project = ProjectFactory(site=site)
    ours = PhotoFactory(site=None, project=project)
    PhotoFactory(site=None, project=ProjectFactory(site=site))
    PhotoFactory(site=site)

    assert ids(staff.get("/api/photos/", {"project": project.pk})) == [ours.pk]


def test_photos_progress_update_filter(staff, site):
    update = ProgressUpdateFactory(project=ProjectFactory(site=site))
    ours = PhotoFactory(site=None, progress_update=update)
    PhotoFactory(site=None, progress_update=ProgressUpdateFactory(project=update.project))
    PhotoFactory(site=None, project=update.project)

    assert ids(staff.get("/api/photos/", {"progress_update": update.pk})) == [ours.pk]


def test_photos_search_matches_caption(staff, site):
    ours = PhotoFactory(site=site, caption="江滨夜景")
    PhotoFactory(site=site, caption="党群服务中心外景")

    assert ids(staff.get("/api/photos/", {"search": "夜景"})) == [ours.pk]


def test_photos_ordering_by_taken_on_descending(staff, site):
    older = PhotoFactory(site=site, order=1, taken_on=datetime.date(2026, 3, 1))
    newer = PhotoFactory(site=site, order=2, taken_on=datetime.date(2026, 9, 1))

    assert ids(staff.get("/api/photos/")) == [older.pk, newer.pk]
    assert ids(staff.get("/api/photos/", {"ordering": "-taken_on"})) == [newer.pk, older.pk]


# --- Inspections ----------------------------------------------------------------------------------


def test_inspections_district_filter(staff, belt, other_belt):
    ours = InspectionFactory(belt=belt)
    InspectionFactory(belt=other_belt)

    assert ids(staff.get("/api/inspections/", {"district": belt.district_id})) == [ours.pk]


def test_inspections_belt_filter(staff, belt):
    ours = InspectionFactory(belt=belt)
    InspectionFactory(belt=BeltFactory(district=belt.district))

    assert ids(staff.get("/api/inspections/", {"belt": belt.pk})) == [ours.pk]


def test_inspections_date_after_includes_the_day(staff, belt):
    InspectionFactory(belt=belt, date=datetime.date(2026, 4, 7))
    on_the_day = InspectionFactory(belt=belt, date=datetime.date(2026, 4, 8))
    after = InspectionFactory(belt=belt, date=datetime.date(2026, 4, 9))

    assert set(ids(staff.get("/api/inspections/", {"date_after": "2026-04-08"}))) == {on_the_day.pk, after.pk}


def test_inspections_date_before_includes_the_day(staff, belt):
    before = InspectionFactory(belt=belt, date=datetime.date(2026, 4, 7))
    on_the_day = InspectionFactory(belt=belt, date=datetime.date(2026, 4, 8))
    InspectionFactory(belt=belt, date=datetime.date(2026, 4, 9))

    assert set(ids(staff.get("/api/inspections/", {"date_before": "2026-04-08"}))) == {before.pk, on_the_day.pk}


def test_inspections_search_matches_title_body_or_leader(staff, belt):
    by_title = InspectionFactory(belt=belt, title="南江滨示范带年中调研", leader_name="陈有飞")
    by_body = InspectionFactory(belt=belt, title="调研", inspecting_body="南江滨街道党工委", leader_name="王五")
    by_leader = InspectionFactory(belt=belt, title="核查", inspecting_body="市委两新工委", leader_name="南宫明")
    InspectionFactory(belt=belt, title="鼓楼调研", inspecting_body="市委两新工委", leader_name="李四")

    assert set(ids(staff.get("/api/inspections/", {"search": "南"}))) == {by_title.pk, by_body.pk, by_leader.pk}


def test_inspections_ordering_by_date_ascending(staff, belt):
    middle = InspectionFactory(belt=belt, date=datetime.date(2026, 5, 1))
    early = InspectionFactory(belt=belt, date=datetime.date(2026, 3, 1))
    late = InspectionFactory(belt=belt, date=datetime.date(2026, 9, 1))

    assert ids(staff.get("/api/inspections/")) == [late.pk, middle.pk, early.pk]
    assert ids(staff.get("/api/inspections/", {"ordering": "date"})) == [early.pk, middle.pk, late.pk]


# --- Follow-ups -----------------------------------------------------------------------------------


@pytest.fixture
def inspection(belt):
    return InspectionFactory(belt=belt)


@pytest.fixture
def tasks(inspection):
    """Follow-ups on either side of the overdue rule, as of 2026-11-29."""
    make = FollowUpFactory
    past = datetime.date(2026, 11, 1)
    return {
        "open_late": make(inspection=inspection, deadline=past),
        "open_due_today": make(inspection=inspection, deadline=datetime.date(2026, 11, 29)),
        "open_later": make(inspection=inspection, deadline=datetime.date(2026, 12, 31)),
        "answered_late": make(
            inspection=inspection,
            deadline=past,
            status=FollowUpStatus.ANSWERED,
            response="已完成整改。",
            answered_at=ANSWERED_AT,
        ),
        "closed_late": make(
            inspection=inspection,
            deadline=past,
            status=FollowUpStatus.CLOSED,
            response="已完成整改。",
            answered_at=ANSWERED_AT,
            closed_at=ANSWERED_AT,
        ),
    }


def test_followups_status_filter(staff, tasks):
    assert ids(staff.get("/api/followups/", {"status": "answered"})) == [tasks["answered_late"].pk]


def test_followups_overdue_true_are_those_of_the_overdue_rule(staff, tasks, today):
    rule = set(FollowUp.objects.overdue(today=today).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/followups/", {"overdue": "true"})))

    assert answered == rule == {tasks["open_late"].pk}


def test_followups_overdue_false_are_all_the_others(staff, tasks, today):
    rule = set(FollowUp.objects.exclude(pk__in=FollowUp.objects.overdue(today=today)).values_list("pk", flat=True))

    answered = set(ids(staff.get("/api/followups/", {"overdue": "false"})))

    assert answered == rule == {task.pk for task in tasks.values()} - {tasks["open_late"].pk}


def test_followups_district_filter(staff, inspection, other_belt):
    ours = FollowUpFactory(inspection=inspection)
    FollowUpFactory(inspection=InspectionFactory(belt=other_belt))

    assert ids(staff.get("/api/followups/", {"district": inspection.belt.district_id})) == [ours.pk]


def test_followups_belt_filter(staff, inspection, belt):
    ours = FollowUpFactory(inspection=inspection)
    FollowUpFactory(inspection=InspectionFactory(belt=BeltFactory(district=belt.district)))

    assert ids(staff.get("/api/followups/", {"belt": belt.pk})) == [ours.pk]


def test_followups_search_matches_task_or_responsible_person(staff, inspection):
    by_task = FollowUpFactory(inspection=inspection, task="完善船政文化展陈。", responsible_person="区委两新工委")
    by_person = FollowUpFactory(inspection=inspection, task="细化目标任务。", responsible_person="船政社区")
    FollowUpFactory(inspection=inspection, task="补齐台账。", responsible_person="街道党工委")

    assert set(ids(staff.get("/api/followups/", {"search": "船政"}))) == {by_task.pk, by_person.pk}


def test_followups_ordering_by_deadline_descending(staff, tasks):
    by_deadline = sorted(tasks.values(), key=lambda task: (task.deadline, task.pk))
    # Ties on the deadline keep no particular order; compare the deadlines.
    rows = staff.get("/api/followups/", {"ordering": "-deadline"}).json()["results"]

    assert [row["deadline"] for row in rows] == [task.deadline.isoformat() for task in reversed(by_deadline)]
    assert rows[0]["id"] == tasks["open_later"].pk


# --- What the public's filters see ------------------------------------------------------------------


def test_public_district_filter_offers_only_districts_with_a_published_belt(api, site, other_belt):
    other_belt.published = False
    other_belt.save()

    assert ids(api.get("/api/sites/", {"district": site.belt.district_id})) == [site.pk]
    refused = api.get("/api/sites/", {"district": other_belt.district_id})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"district"}


def test_staff_district_filter_offers_only_their_districts(client_for, district_editor, site, other_site):
    editor = client_for(district_editor)

    assert ids(editor.get("/api/sites/", {"district": site.belt.district_id})) == [site.pk]
    refused = editor.get("/api/sites/", {"district": other_site.belt.district_id})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"district"}


# --- Wrong values: 400 naming the parameter ------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("/api/belts/", "status", "bogus"),
        ("/api/sites/", "status", "bogus"),
        ("/api/projects/", "status", "bogus"),
        ("/api/followups/", "status", "bogus"),
        ("/api/sites/", "organization_kind", "bogus"),
        ("/api/organizations/", "kind", "bogus"),
        ("/api/belts/", "district", "999999"),
        ("/api/sites/", "district", "999999"),
        ("/api/sites/", "belt", "999999"),
        ("/api/projects/", "district", "999999"),
        ("/api/projects/", "site", "abc"),
        ("/api/inspections/", "district", "999999"),
        ("/api/followups/", "district", "999999"),
        ("/api/projects/", "due_before", "not-a-date"),
        ("/api/projects/", "due_after", "2026-13-01"),
        ("/api/progress-updates/", "date_after", "yesterday"),
        ("/api/inspections/", "date_before", "not-a-date"),
        ("/api/projects/", "overdue", "maybe"),
        ("/api/projects/", "at_risk", "maybe"),
        ("/api/followups/", "overdue", "maybe"),
        ("/api/districts/", "ordering", "bogus"),
        ("/api/belts/", "ordering", "bogus"),
        ("/api/sites/", "ordering", "bogus"),
        ("/api/projects/", "ordering", "-bogus"),
        ("/api/followups/", "ordering", "bogus"),
        ("/api/sites/", "search", "串" * (SEARCH_MAX_LENGTH + 1)),
        ("/api/inspections/", "search", "x" * (SEARCH_MAX_LENGTH + 1)),
    ],
)
def test_a_wrong_filter_value_is_refused_naming_the_parameter(staff, site, path, parameter, value):
    response = staff.get(path, {parameter: value})

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    assert body["errors"][parameter]


def test_a_search_of_the_maximum_length_is_accepted(staff, site):
    assert ids(staff.get("/api/sites/", {"search": "串" * SEARCH_MAX_LENGTH})) == []


def test_several_wrong_parameters_are_all_named(staff):
    response = staff.get("/api/projects/", {"status": "bogus", "due_before": "not-a-date", "ordering": "bogus"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"status", "due_before", "ordering"}


# --- Filters combine ------------------------------------------------------------------------------


def test_project_filters_combine(staff, site, other_site):
    wanted = ProjectFactory(site=site, status=ProjectStatus.DELAYED, planned_completion=datetime.date(2026, 11, 1))
    # Each of these fails exactly one of the three conditions.
    ProjectFactory(site=other_site, status=ProjectStatus.DELAYED, planned_completion=datetime.date(2026, 11, 1))
    ProjectFactory(site=site, status=ProjectStatus.IN_PROGRESS, planned_completion=datetime.date(2026, 11, 1))
    ProjectFactory(site=site, status=ProjectStatus.DELAYED, planned_completion=datetime.date(2026, 12, 31))

    response = staff.get("/api/projects/", {"district": site.belt.district_id, "status": "delayed", "overdue": "true"})

    assert ids(response) == [wanted.pk]


def test_site_filters_combine_with_search_and_ordering(staff, belt, other_belt):
    second = SiteFactory(belt=belt, sequence=2, name="江滨二站", status=SiteStatus.OPEN)
    first = SiteFactory(belt=belt, sequence=1, name="江滨一站", status=SiteStatus.OPEN)
    SiteFactory(belt=belt, sequence=3, name="江滨三站", status=SiteStatus.PLANNED)
    SiteFactory(belt=belt, sequence=4, name="乌山站", status=SiteStatus.OPEN)
    SiteFactory(belt=other_belt, sequence=1, name="江滨四站", status=SiteStatus.OPEN)

    response = staff.get("/api/sites/", {"belt": belt.pk, "status": "open", "search": "江滨", "ordering": "-sequence"})

    assert ids(response) == [second.pk, first.pk]


def test_followup_filters_combine(staff, tasks, other_belt):
    FollowUpFactory(inspection=InspectionFactory(belt=other_belt), deadline=datetime.date(2026, 11, 1))

    response = staff.get(
        "/api/followups/", {"district": tasks["open_late"].inspection.belt.district_id, "overdue": "true"}
    )

    assert ids(response) == [tasks["open_late"].pk]
