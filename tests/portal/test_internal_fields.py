"""Internal fields (contacts, delay reasons, responsible persons, inspections, follow-ups) never reach the public."""

import datetime

import pytest

from inspections.choices import FollowUpStatus
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

# Distinctive values that would show up verbatim if any internal field leaked.
SECRETS = {
    "contact_name": "内部联系人甲乙",
    "contact_phone": "13800138000",
    "delay_reason": "内部延期原因疫情",
    "responsible_person": "内部项目责任人丙",
    "inspection_summary": "内部调研小结丁",
    "inspection_guidance": "内部指导意见戊",
    "inspection_team": "内部调研组成员己",
    "visit_note": "内部点位核查记录庚",
    "followup_task": "内部督办事项辛",
    "followup_responsible_person": "内部督办责任人壬",
    "followup_response": "内部整改答复癸",
}


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, slug="nanjiangbin")
    site = SiteFactory(
        belt=belt,
        name="江滨党群服务中心",
        contact_name=SECRETS["contact_name"],
        contact_phone=SECRETS["contact_phone"],
    )
    ProjectFactory(
        site=site,
        planned_completion=datetime.date(2026, 6, 30),
        delay_reason=SECRETS["delay_reason"],
        responsible_person=SECRETS["responsible_person"],
    )
    inspection = InspectionFactory(
        belt=belt,
        summary=SECRETS["inspection_summary"],
        guidance=SECRETS["inspection_guidance"],
        team=SECRETS["inspection_team"],
    )
    InspectionSiteFactory(inspection=inspection, site=site, note=SECRETS["visit_note"])
    FollowUpFactory(
        inspection=inspection,
        site=site,
        task=SECRETS["followup_task"],
        responsible_person=SECRETS["followup_responsible_person"],
        status=FollowUpStatus.ANSWERED,
        response=SECRETS["followup_response"],
        answered_at=datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC),
    )
    return site


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda site: "/", id="home"),
        pytest.param(lambda site: site.belt.get_absolute_url(), id="belt"),
        pytest.param(lambda site: site.get_absolute_url(), id="site"),
        pytest.param(lambda site: "/search/?q=江滨", id="search"),
        pytest.param(lambda site: "/sitemap.xml", id="sitemap"),
        pytest.param(lambda site: "/robots.txt", id="robots"),
    ],
)
def test_public_page_source_holds_no_internal_field(client, site, url):
    response = client.get(url(site))

    assert response.status_code == 200
    assert [field for field, secret in SECRETS.items() if secret in response.text] == []


@pytest.mark.parametrize("field", list(SECRETS))
def test_search_does_not_match_internal_fields(client, site, field):
    response = client.get("/search/", {"q": SECRETS[field]})

    assert site.get_absolute_url() not in response.text
