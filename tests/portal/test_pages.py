"""What each public page shows: the city overview, a belt and its beads, a site."""

import datetime
import re

import pytest

from sites.choices import OrganizationKind, PartyOrganizationKind, ProjectStatus, SiteStatus
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    MilestoneFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.portal.helpers import blocks, formatted_date, in_language, ntr, tr

pytestmark = pytest.mark.django_db


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def completed_project(site, **kwargs):
    return ProjectFactory(
        site=site,
        status=ProjectStatus.COMPLETED,
        percent_complete=100,
        actual_completion=datetime.date(2026, 5, 1),
        **kwargs,
    )


# --- / ------------------------------------------------------------------------------------------


def test_home_groups_belts_under_their_district(client, district, other_district):
    BeltFactory(district=district, name="南江滨示范带")
    BeltFactory(district=district, name="北江滨示范带")
    BeltFactory(district=other_district, name="西湖示范带")

    sections = blocks(get_ok(client, "/"), "district", tag="section")

    # Districts in the order of their administrative code: 鼓楼区 350102, then 仓山区 350104.
    assert [("鼓楼区" in s, "西湖示范带" in s, "南江滨示范带" in s, "北江滨示范带" in s) for s in sections] == [
        (True, True, False, False),
        (False, False, True, True),
    ]


def test_home_belt_card_shows_bead_count_and_progress(client, district):
    belt = BeltFactory(district=district, name="南江滨示范带")
    first, second = SiteFactory(belt=belt), SiteFactory(belt=belt)
    ProjectFactory(site=first, percent_complete=20)
    ProjectFactory(site=first, percent_complete=60)
    ProjectFactory(site=second, percent_complete=80)
    SiteFactory(belt=belt)  # no project: not counted in the progress

    (card,) = blocks(get_ok(client, "/"), "card")

    assert ntr("%(counter)s bead site", "%(counter)s bead sites", 3) in card
    assert '<progress max="100" value="60"' in card


def test_home_shows_headline_figures(client, district):
    belt = BeltFactory(district=district)
    open_site = SiteFactory(belt=belt, status=SiteStatus.OPEN)
    building = SiteFactory(belt=belt, status=SiteStatus.UNDER_CONSTRUCTION)
    completed_project(open_site)
    ProjectFactory(site=open_site)
    ProjectFactory(site=building)
    BeltFactory(district=district)

    (figures,) = blocks(get_ok(client, "/"), "figures", tag="ul")

    # Belts, sites, sites open, projects completed of total.
    assert re.findall(r"<strong>(.*?)</strong>", figures) == ["2", "2", "1", "1/3"]


def test_home_without_belts_says_none_is_published(client):
    response = get_ok(client, "/")

    assert tr("No belt has been published yet.") in response.text


# --- /belts/<slug>/ -----------------------------------------------------------------------------


@pytest.fixture
def belt(district):
    return BeltFactory(
        district=district,
        name="南江滨示范带",
        slug="nanjiangbin",
        theme="沿闽江南岸串联八个党建阵地。",
        principles="坚持党建引领,因地制宜。",
    )


def test_belt_page_lists_bead_cards_in_sequence_order(client, belt):
    for sequence, name in [(3, "丙串珠"), (1, "甲串珠"), (2, "乙串珠")]:
        SiteFactory(belt=belt, sequence=sequence, name=name)

    cards = blocks(get_ok(client, "/belts/nanjiangbin/"), "bead card")

    assert [name for card in cards for name in ["甲串珠", "乙串珠", "丙串珠"] if name in card] == [
        "甲串珠",
        "乙串珠",
        "丙串珠",
    ]


def test_belt_bead_card_shows_number_name_positioning_status_and_progress(client, belt):
    site = SiteFactory(
        belt=belt, sequence=7, name="清凉山党群服务站", positioning="红色文化教育基地", status=SiteStatus.OPEN
    )
    ProjectFactory(site=site, percent_complete=35)

    (card,) = blocks(get_ok(client, "/belts/nanjiangbin/"), "bead card")

    assert '<span class="bead-number" aria-hidden="true">07</span>' in card
    assert f'<a href="/sites/{site.pk}/"><span class="visually-hidden">07 </span>清凉山党群服务站</a>' in card
    assert '<p class="positioning">红色文化教育基地</p>' in card
    assert in_language(SiteStatus.OPEN.label) in card
    assert '<progress max="100" value="35"' in card


def test_belt_bead_card_without_project_says_so(client, belt):
    SiteFactory(belt=belt)

    (card,) = blocks(get_ok(client, "/belts/nanjiangbin/"), "bead card")

    assert tr("No project yet") in card


def test_belt_bead_card_shows_thumbnail_never_the_original(client, belt):
    photo = PhotoFactory(site=SiteFactory(belt=belt))

    response = get_ok(client, "/belts/nanjiangbin/")

    assert f'src="{photo.thumbnail.url}"' in response.text
    assert photo.image.url not in response.text


def test_belt_page_shows_introduction_and_principles(client, belt):
    response = get_ok(client, "/belts/nanjiangbin/")

    assert "<p>沿闽江南岸串联八个党建阵地。</p>" in response.text
    assert "<p>坚持党建引领,因地制宜。</p>" in response.text


def test_belt_page_shows_district_and_published_bead_count(client, belt):
    SiteFactory(belt=belt)
    SiteFactory(belt=belt)

    response = get_ok(client, "/belts/nanjiangbin/")

    assert f"仓山区 · {in_language(belt.get_status_display)}" in response.text
    assert ntr("%(counter)s bead site", "%(counter)s bead sites", 2) in response.text


# --- /sites/<id>/ -------------------------------------------------------------------------------


@pytest.fixture
def site(district):
    """A site with everything its page shows, on a belt between two neighbours."""
    belt = BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")
    organization = OrganizationFactory(
        district=district,
        name="福州某科技有限公司",
        kind=OrganizationKind.NON_PUBLIC_ENTERPRISE,
        party_org_name="福州某科技有限公司党支部",
        party_org_kind=PartyOrganizationKind.BRANCH,
        party_org_founded=datetime.date(2018, 7, 1),
    )
    SiteFactory(belt=belt, sequence=1, name="上一串珠")
    site = SiteFactory(
        belt=belt,
        sequence=2,
        name="江滨党群服务中心",
        positioning="服务沿江两新组织的党群服务阵地",
        introduction="中心于2020年建成,面积800平方米。",
        construction_status="一期已建成,二期正在装修。",
        organization=organization,
        address="仓山区南江滨西大道100号",
        opening_hours="周二至周日 9:00–17:00",
    )
    SiteFactory(belt=belt, sequence=3, name="下一串珠")
    return site


@pytest.fixture
def site_url(site):
    return f"/sites/{site.pk}/"


def test_site_page_shows_positioning_before_introduction(client, site, site_url):
    text = get_ok(client, site_url).text

    assert 0 < text.index("服务沿江两新组织的党群服务阵地") < text.index("中心于2020年建成,面积800平方米。")


@pytest.mark.parametrize(
    ("field", "heading"),
    [("construction_status", "Construction status"), ("experience", "Experience")],
)
def test_site_page_shows_construction_status_or_experience(client, site, site_url, field, heading):
    site.construction_status = ""
    setattr(site, field, "党群服务与企业发展同频共振。")
    site.save()

    text = get_ok(client, site_url).text

    assert f">{tr(heading)}</h2><p>党群服务与企业发展同频共振。</p>" in text


def test_site_page_shows_project_progress_and_planned_completion(client, site, site_url):
    ProjectFactory(site=site, title="二期装修", percent_complete=45, planned_completion=datetime.date(2026, 12, 31))

    (card,) = blocks(get_ok(client, site_url), "card project")

    assert "二期装修" in card
    assert '<progress max="100" value="45"' in card
    assert tr("planned completion %(date)s") % {"date": formatted_date(datetime.date(2026, 12, 31))} in card


def test_site_page_shows_completion_date_of_completed_project(client, site, site_url):
    completed_project(site)

    (card,) = blocks(get_ok(client, site_url), "card project")

    assert tr("completed %(date)s") % {"date": formatted_date(datetime.date(2026, 5, 1))} in card


def test_site_page_marks_overdue_delayed_project_behind_schedule(client, site, site_url, today):
    ProjectFactory(site=site, status=ProjectStatus.DELAYED, planned_completion=today - datetime.timedelta(days=1))

    (card,) = blocks(get_ok(client, site_url), "card project")

    assert f'<span class="mark mark-late">{tr("Behind schedule")}</span>' in card
    assert in_language(ProjectStatus.DELAYED.label) in card


@pytest.mark.parametrize(
    "days_left",
    [pytest.param(0, id="due today"), pytest.param(31, id="due later"), pytest.param(None, id="no planned completion")],
)
def test_site_page_does_not_mark_project_on_schedule(client, site, site_url, today, days_left):
    due = None if days_left is None else today + datetime.timedelta(days=days_left)
    ProjectFactory(site=site, planned_completion=due)

    (card,) = blocks(get_ok(client, site_url), "card project")

    assert "mark-late" not in card


def test_site_page_does_not_mark_completed_project_past_its_planned_date(client, site, site_url):
    completed_project(site, planned_completion=datetime.date(2026, 3, 31))

    (card,) = blocks(get_ok(client, site_url), "card project")

    assert "mark-late" not in card


def test_site_page_lists_projects_by_planned_completion(client, site, site_url):
    ProjectFactory(site=site, title="后完成的项目", planned_completion=datetime.date(2027, 6, 30))
    ProjectFactory(site=site, title="先完成的项目", planned_completion=datetime.date(2026, 12, 31))

    text = get_ok(client, site_url).text

    assert text.index("先完成的项目") < text.index("后完成的项目")


def test_site_page_shows_milestones_as_timeline_in_due_order(client, site, site_url):
    project = ProjectFactory(site=site)
    MilestoneFactory(project=project, title="竣工验收", due_date=datetime.date(2026, 12, 20))
    MilestoneFactory(
        project=project, title="完成设计", due_date=datetime.date(2026, 3, 1), done_date=datetime.date(2026, 2, 28)
    )

    timeline = blocks(get_ok(client, site_url), "timeline", tag="ol")[0]

    assert timeline.index("完成设计") < timeline.index("竣工验收")
    assert f'<time datetime="2026-03-01">{formatted_date(datetime.date(2026, 3, 1))}</time>' in timeline
    assert [("完成设计" in item, "竣工验收" in item) for item in blocks(get_ok(client, site_url), "done")] == [
        (True, False)
    ]


def test_site_page_shows_latest_five_progress_updates_newest_first(client, site, site_url):
    project = ProjectFactory(site=site)
    for day in range(1, 8):
        ProgressUpdateFactory(project=project, date=datetime.date(2026, 4, day), note=f"第{day}次进展")

    (updates,) = blocks(get_ok(client, site_url), "updates", tag="ul")

    assert [day for day in range(1, 8) if f"第{day}次进展" in updates] == [3, 4, 5, 6, 7]
    assert updates.index("第7次进展") < updates.index("第3次进展")


def test_site_page_shows_photo_thumbnail_linking_to_original(client, site, site_url):
    photo = PhotoFactory(site=site, caption="服务中心外景")

    text = get_ok(client, site_url).text

    assert f'<a href="{photo.image.url}"><img src="{photo.thumbnail.url}" alt="服务中心外景"' in text
    assert text.count(photo.image.url) == 1


def test_site_page_shows_host_and_party_organisation_with_kind_and_founding_month(client, site, site_url):
    text = get_ok(client, site_url).text

    assert "<dd>福州某科技有限公司</dd>" in text
    assert f"<dd>{in_language(OrganizationKind.NON_PUBLIC_ENTERPRISE.label)}</dd>" in text
    assert f"福州某科技有限公司党支部 ({in_language(PartyOrganizationKind.BRANCH.label)})" in text
    assert f"<dd>{formatted_date(datetime.date(2018, 7, 1), 'YEAR_MONTH_FORMAT')}</dd>" in text


def test_site_page_shows_activities_held_and_people_reached(client, site, site_url):
    ActivityFactory(site=site, title="主题党日", sessions=3, participants=90)
    ActivityFactory(site=site, title="政策宣讲", sessions=1, participants=40)

    text = get_ok(client, site_url).text

    assert ntr("%(counter)s activity held", "%(counter)s activities held", 4) in text
    assert ntr("%(counter)s person reached", "%(counter)s people reached", 130) in text
    assert "主题党日" in text and "政策宣讲" in text


def test_site_page_shows_address_and_opening_hours(client, site, site_url):
    text = get_ok(client, site_url).text

    assert f"<dt>{tr('Address')}</dt><dd>仓山区南江滨西大道100号</dd>" in text
    assert f"<dt>{tr('Opening hours')}</dt><dd>周二至周日 9:00–17:00</dd>" in text


def test_site_page_links_previous_and_next_bead(client, site, site_url):
    previous, following = site.belt.sites.exclude(pk=site.pk).order_by("sequence")

    text = get_ok(client, site_url).text

    assert f'<a rel="prev" href="/sites/{previous.pk}/">← 01 上一串珠</a>' in text
    assert f'<a rel="next" href="/sites/{following.pk}/">03 下一串珠 →</a>' in text


@pytest.mark.parametrize(("sequence", "missing"), [(1, 'rel="prev"'), (3, 'rel="next"')])
def test_site_page_at_end_of_belt_has_no_link_beyond(client, site, sequence, missing):
    end = site.belt.sites.get(sequence=sequence)

    text = get_ok(client, f"/sites/{end.pk}/").text

    assert missing not in text


def test_site_page_without_projects_or_photos_still_renders(client, district):
    bare = SiteFactory(belt=BeltFactory(district=district), organization=None, latitude=None, longitude=None)

    response = get_ok(client, f"/sites/{bare.pk}/")

    assert 'id="projects"' not in response.text
    assert 'id="map"' not in response.text
