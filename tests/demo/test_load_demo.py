import datetime
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

import demo
from belts.choices import BeltStatus
from belts.models import Belt, District
from demo import nanjiangbin
from demo.loader import DEMO_MODELS, load_demo, report_year
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection, InspectionSite
from sites.choices import OrganizationKind, PartyOrganizationKind, ProjectStatus
from sites.models import Activity, Milestone, Organization, ProgressUpdate, Project, Site

pytestmark = pytest.mark.django_db

# The visit report the demo is drawn from, kept beside the demo data.
REPORT = Path(demo.__file__).resolve().parent / "nanjiangbin-report.txt"

# Dates on either side of the 1 July switch of the report year, and well after it.
AS_OF_DATES = [
    datetime.date(2026, 6, 30),
    datetime.date(2026, 7, 1),
    datetime.date(2026, 11, 29),
    datetime.date(2027, 3, 15),
    datetime.date(2027, 6, 30),
]

SITE_NAMES_AND_POSITIONINGS = [
    ("福州非物质文化遗产保护和传承联盟工作站", "一个专注于保护和开发福州非物质文化遗产的社会组织工作站。"),
    ("春天国际影城", "全市首个由非公企业党组织独立承办的党员宣教基地。"),
    ("悦享社区教育服务点(盖山镇浦江社区党群服务中心)", "仓山区社会组织与社区发展共同体。"),
    ("华威集团", "一家专业从事城市服务,守护城市生活的非公企业。"),
    ("悦享港头社区教育服务中心(南江滨政治生活中心、港头社区)", "社会组织全面融入社区服务的示范项目。"),
    ("三盛滨江国际党群服务中心", "一个专业提供家庭化服务的时尚楼宇党群服务中心。"),
    ("山水境现代筝乐艺术体验馆", "一个致力于用古典音乐诉说仓山烟台山故事的中国风艺术体验馆。"),
    ("互联网小镇", "一个致力于打造仓山互联网生态产业链,发展仓山智能产业的现代园区。"),
]


def run_load_demo(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out, no_color=True)
    return out.getvalue()


def printed_password(output: str) -> str:
    return re.search(r"password (\S+)", output).group(1)


@pytest.fixture
def loaded(today):
    run_load_demo("--as-of", today.isoformat())


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def snapshot() -> dict:
    """Every demo row's values, timestamps included, keyed by model and primary key."""
    return {(model.__name__, row["id"]): row for model in DEMO_MODELS for row in model.objects.values()}


def cinema_project() -> Project:
    return Project.objects.get(site__sequence=2, site__belt__slug="nanjiangbin")


# --- Date anchoring -------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "year"),
    [
        (datetime.date(2026, 6, 30), 2025),
        (datetime.date(2026, 7, 1), 2026),
        (datetime.date(2026, 11, 29), 2026),
        (datetime.date(2027, 3, 15), 2026),
    ],
)
def test_report_year_is_the_latest_whose_june_has_passed(as_of, year):
    assert report_year(as_of) == year


def test_inspection_falls_on_8_april_of_the_report_year(loaded):
    assert Inspection.objects.get().date == datetime.date(2026, 4, 8)


# --- What the report says ---------------------------------------------------------


def test_loads_cangshan_district_and_its_published_belt(loaded):
    district = District.objects.get()
    belt = Belt.objects.get()
    assert (district.code, district.name) == ("350104", "仓山区")
    assert belt.district == district
    assert belt.slug == "nanjiangbin"
    assert belt.name == "南江滨“两新”党建示范带"
    assert belt.status == BeltStatus.UNDER_CONSTRUCTION
    assert belt.published
    assert "典型引路、整体推进、带动一片、辐射周边" in belt.principles
    assert "发挥作用、推动发展、体现特色" in belt.principles


def test_loads_eight_published_sites_in_report_order_with_their_positioning(loaded):
    sites = Site.objects.published().order_by("sequence")
    assert [(s.sequence, s.name, s.positioning) for s in sites] == [
        (n, name, positioning) for n, (name, positioning) in enumerate(SITE_NAMES_AND_POSITIONINGS, start=1)
    ]


def test_sites_carry_either_construction_status_or_experience(loaded):
    with_experience = set(Site.objects.exclude(experience="").values_list("sequence", flat=True))
    with_status = set(Site.objects.exclude(construction_status="").values_list("sequence", flat=True))
    assert with_experience == {4, 6}
    assert with_status == {1, 2, 3, 5, 7, 8}
    assert Site.objects.filter(introduction="").count() == 0


def test_site_texts_are_verbatim_from_the_report(loaded):
    report = REPORT.read_text(encoding="utf-8")
    for site in Site.objects.order_by("sequence"):
        section = report.split(f" {site.sequence:02d} 主要定位:")[1]
        assert section.startswith(site.positioning)
        assert f"串珠简介:{site.introduction} " in section
        if site.construction_status:
            assert f"打造情况:{site.construction_status}" in section
        if site.experience:
            assert f"经验介绍:{site.experience}" in section


def test_quoted_texts_are_verbatim_from_the_report(loaded):
    report = REPORT.read_text(encoding="utf-8")
    inspection = Inspection.objects.get()
    quoted = [
        Belt.objects.get().theme,
        Belt.objects.get().principles,
        inspection.guidance,
        *inspection.summary.splitlines(),
        *InspectionSite.objects.values_list("note", flat=True),
        *Activity.objects.values_list("description", flat=True),
        *Project.objects.values_list("description", flat=True),
        *Project.objects.exclude(delay_reason="").values_list("delay_reason", flat=True),
    ]
    assert [text for text in quoted if text not in report] == []


def test_loads_the_eight_host_organisations_with_their_party_organisations(loaded):
    hosts = {site.sequence: site.organization for site in Site.objects.select_related("organization")}
    assert Organization.objects.count() == 8
    assert {n: (o.name, o.kind, o.party_org_kind) for n, o in hosts.items()} == {
        1: (
            "福州非物质文化遗产保护和传承联盟",
            OrganizationKind.SOCIAL_ORGANIZATION,
            PartyOrganizationKind.EMBEDDED_BRANCH,
        ),
        2: ("福建春天影城有限公司", OrganizationKind.NON_PUBLIC_ENTERPRISE, PartyOrganizationKind.BRANCH),
        3: ("浦江社区", OrganizationKind.COMMUNITY, ""),
        4: ("福建华威集团", OrganizationKind.NON_PUBLIC_ENTERPRISE, PartyOrganizationKind.COMMITTEE),
        5: ("悦享青少年活动中心", OrganizationKind.SOCIAL_ORGANIZATION, PartyOrganizationKind.BRANCH),
        6: ("三盛集团", OrganizationKind.NON_PUBLIC_ENTERPRISE, PartyOrganizationKind.COMMITTEE),
        7: ("福州市山水境文化传播有限公司", OrganizationKind.NON_PUBLIC_ENTERPRISE, ""),
        8: ("福建飞客科技有限公司", OrganizationKind.NON_PUBLIC_ENTERPRISE, PartyOrganizationKind.BRANCH),
    }


def test_party_organisations_keep_the_founding_months_the_report_gives_and_no_others(loaded):
    founded = dict(Organization.objects.exclude(party_org_founded=None).values_list("name", "party_org_founded"))
    assert founded == {
        "福州非物质文化遗产保护和传承联盟": datetime.date(2020, 4, 1),
        "福建春天影城有限公司": datetime.date(2019, 12, 1),
        "福建华威集团": datetime.date(1999, 7, 1),
        "福建飞客科技有限公司": datetime.date(2018, 10, 1),
    }
    assert not Organization.objects.exclude(party_member_count=None).exists()


def test_site_facts_are_the_figures_of_the_report(loaded):
    facts = {
        s.sequence: (s.area_m2, s.investment_10k_yuan)
        for s in Site.objects.exclude(area_m2=None, investment_10k_yuan=None)
    }
    assert facts == {3: (Decimal("600"), None), 6: (Decimal("1500"), Decimal("500"))}


def test_activities_are_the_figures_of_the_report(loaded):
    activities = Activity.objects.values_list("site__sequence", "title", "sessions", "participants")
    assert sorted(activities) == [(1, "交流研讨活动", 30, None), (6, "特色党日活动", 21, 1300)]


def test_activity_totals_roll_up_to_the_sites(loaded):
    site = Site.objects.with_activity_totals().get(sequence=6)
    assert (site.activities_held, site.people_reached) == (21, 1300)


def test_sites_have_approximate_locations_along_the_south_bank_of_the_min(loaded):
    for site in Site.objects.all():
        assert site.location_approximate
        assert Decimal("26.02") <= site.latitude <= Decimal("26.06")
        assert Decimal("119.28") <= site.longitude <= Decimal("119.39")


def test_inspection_by_the_municipal_committee_visits_the_eight_sites_in_report_order(loaded):
    inspection = Inspection.objects.get()
    assert inspection.leader_name == "陈有飞"
    assert inspection.leader_title == "专职副书记"
    assert "市委非公企业和社会组织工委" in inspection.inspecting_body
    assert inspection.guidance.endswith("确保项目按时推进,优质呈现。")
    visits = inspection.visits.order_by("order")
    assert [(v.order, v.site.sequence) for v in visits] == [(n, n) for n in range(1, 9)]
    assert all(v.note for v in visits)


def test_follow_ups_are_in_each_state_of_the_workflow(loaded, today):
    followups = FollowUp.objects.all()
    closed = followups.get(status=FollowUpStatus.CLOSED)
    answered = followups.get(status=FollowUpStatus.ANSWERED)
    overdue = followups.overdue(today=today).get()
    pending = followups.filter(status=FollowUpStatus.OPEN).exclude(pk=overdue.pk).get()
    assert followups.count() == 4
    assert closed.response and closed.answered_at < closed.closed_at
    assert answered.response and answered.answered_at and answered.closed_at is None
    assert overdue.site.sequence == 2
    assert pending.deadline > today


# --- What the demo shows on a given day -----------------------------------------------


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_exactly_one_project_is_overdue_the_delayed_cinema(as_of):
    load_demo(as_of=as_of)
    overdue = Project.objects.overdue(today=as_of)
    assert list(overdue) == [cinema_project()]
    assert overdue.get().status == ProjectStatus.DELAYED
    assert overdue.get().delay_reason.startswith("受疫情影响")


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_the_experience_hall_project_is_at_risk(as_of):
    load_demo(as_of=as_of)
    assert list(Project.objects.at_risk(today=as_of).values_list("site__sequence", flat=True)) == [7]


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_projects_mix_completed_in_progress_and_delayed(as_of):
    load_demo(as_of=as_of)
    by_status = dict(Project.objects.values_list("site__sequence", "status"))
    assert by_status == {
        1: ProjectStatus.IN_PROGRESS,
        2: ProjectStatus.DELAYED,
        3: ProjectStatus.COMPLETED,
        5: ProjectStatus.COMPLETED,
        7: ProjectStatus.IN_PROGRESS,
        8: ProjectStatus.COMPLETED,
    }


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_one_follow_up_is_overdue_and_one_still_within_its_deadline(as_of):
    load_demo(as_of=as_of)
    still_open = FollowUp.objects.filter(status=FollowUpStatus.OPEN)
    assert FollowUp.objects.overdue(today=as_of).count() == 1
    assert still_open.filter(deadline__gte=as_of).count() == 1


@pytest.mark.parametrize("as_of", AS_OF_DATES)
def test_nothing_has_happened_after_the_as_of_date(as_of):
    load_demo(as_of=as_of)
    assert not Project.objects.filter(actual_completion__gt=as_of).exists()
    assert not Milestone.objects.filter(done_date__gt=as_of).exists()
    assert not ProgressUpdate.objects.filter(date__gt=as_of).exists()
    assert not Activity.objects.filter(date__gt=as_of).exists()
    assert not Inspection.objects.filter(date__gt=as_of).exists()
    for followup in FollowUp.objects.exclude(status=FollowUpStatus.OPEN):
        assert followup.answered_at.date() <= as_of
        assert followup.closed_at is None or followup.closed_at.date() <= as_of


def test_late_project_is_completed_after_its_planned_completion(loaded):
    project = Project.objects.get(site__sequence=5)
    assert project.actual_completion > project.planned_completion


# --- Loading again --------------------------------------------------------------------


def test_loading_twice_creates_no_duplicates(loaded, today):
    counts = row_counts()
    run_load_demo("--as-of", today.isoformat())
    assert counts == row_counts()
    assert counts == {
        "District": 1,
        "Belt": 1,
        "Organization": 8,
        "Site": 8,
        "Project": 6,
        "Milestone": 9,
        "ProgressUpdate": 8,
        "Activity": 2,
        "Inspection": 1,
        "InspectionSite": 8,
        "FollowUp": 4,
    }


def test_loading_twice_with_the_same_date_changes_nothing(loaded, today):
    before = snapshot()
    summary = load_demo(as_of=today)
    assert not summary.changed
    assert snapshot() == before


def test_loading_again_restores_edited_values(loaded, today):
    Site.objects.filter(sequence=3).update(positioning="改过的定位", area_m2=1)
    summary = load_demo(as_of=today)
    site = Site.objects.get(sequence=3)
    assert (site.positioning, site.area_m2) == (SITE_NAMES_AND_POSITIONINGS[2][1], Decimal("600"))
    assert summary.tallies[Site].updated == 1


def test_loading_for_a_later_year_moves_the_demo_instead_of_repeating_it(loaded):
    counts = row_counts()
    load_demo(as_of=datetime.date(2027, 11, 29))
    assert row_counts() == counts
    assert Inspection.objects.get().date == datetime.date(2027, 4, 8)
    assert not ProgressUpdate.objects.filter(date__year=2026).exists()


# --- The command ----------------------------------------------------------------------------


def test_command_prints_what_it_loaded(today):
    output = run_load_demo("--as-of", today.isoformat())
    assert f"as of {today.isoformat()}" in output
    assert "Bead sites: 8 (8 created, 0 updated, 0 removed)" in output
    assert "Nothing changed" not in output


def test_command_says_when_nothing_changed(loaded, today):
    output = run_load_demo("--as-of", today.isoformat())
    assert "Bead sites: 8 (0 created, 0 updated, 0 removed)" in output
    assert "Nothing changed" in output


def test_command_refuses_a_malformed_as_of_date():
    with pytest.raises(CommandError, match="2026-13-01"):
        run_load_demo("--as-of", "2026-13-01")


def test_admin_option_is_refused_unless_debug_is_on(settings, today):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        run_load_demo("--as-of", today.isoformat(), "--admin")
    assert not get_user_model().objects.exists()
    assert not Site.objects.exists()


def test_admin_option_creates_a_superuser_with_the_printed_password(settings, today):
    settings.DEBUG = True
    output = run_load_demo("--as-of", today.isoformat(), "--admin")
    password = printed_password(output)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password)


def test_admin_option_resets_the_password_of_an_existing_admin(settings, today):
    settings.DEBUG = True
    first = printed_password(run_load_demo("--as-of", today.isoformat(), "--admin"))
    second = printed_password(run_load_demo("--as-of", today.isoformat(), "--admin"))
    user = get_user_model().objects.get(username="admin")
    assert first != second
    assert user.check_password(second) and not user.check_password(first)


def test_demo_data_declares_every_site_of_the_report_once():
    assert [site["sequence"] for site in nanjiangbin.SITES] == list(range(1, 9))
