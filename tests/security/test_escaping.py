"""Every text staff type is shown as text wherever it appears: public pages, the committee's pages, the visit
brief and the follow-up pages escape it, and the JSON the maps and the API serve is JSON, never HTML.

Each text field of every record carries a payload naming the field; no page may contain a payload as it was
typed, and each page must show some of them escaped (so the check is not passing on an empty page).
"""

import datetime
import html

import pytest

from inspections.progress.views import ProgressMixin
from tests.conftest import TODAY
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    MilestoneFactory,
    OrganizationFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def payload(field: str) -> str:
    """Markup naming ``field`` in a few letters: short enough for the 50-character fields."""
    tag = "".join(part[:3] for part in field.split("."))
    return f'<script>a("{tag}")</script><img src=x onerror=y>'


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(ProgressMixin, "today", lambda self: TODAY)


@pytest.fixture
def records(district):
    belt = BeltFactory(
        district=district,
        slug="payload",
        name=payload("belt.name"),
        theme=payload("belt.theme"),
        principles=payload("belt.principles"),
    )
    organization = OrganizationFactory(
        district=district, name=payload("organization.name"), party_org_name=payload("organization.party_org_name")
    )
    site = SiteFactory(
        belt=belt,
        sequence=1,
        organization=organization,
        name=payload("site.name"),
        positioning=payload("site.positioning"),
        introduction=payload("site.introduction"),
        construction_status=payload("site.construction_status"),
        experience=payload("site.experience"),
        address=payload("site.address"),
        opening_hours=payload("site.opening_hours"),
    )
    project = ProjectFactory(
        site=site,
        title=payload("project.title"),
        description=payload("project.description"),
        responsible_unit=payload("project.responsible_unit"),
        responsible_person=payload("project.responsible_person"),
        delay_reason=payload("project.delay_reason"),
        planned_start=datetime.date(2026, 1, 1),
        planned_completion=datetime.date(2026, 11, 1),
        published=True,
    )
    MilestoneFactory(project=project, title=payload("milestone.title"), due_date=datetime.date(2026, 12, 10))
    ProgressUpdateFactory(project=project, note=payload("update.note"), date=datetime.date(2026, 11, 20))
    ActivityFactory(site=site, title=payload("activity.title"), description=payload("activity.description"))
    inspection = InspectionFactory(
        belt=belt,
        title=payload("inspection.title"),
        inspecting_body=payload("inspection.inspecting_body"),
        leader_name=payload("inspection.leader_name"),
        leader_title=payload("inspection.leader_title"),
        team=payload("inspection.team"),
        summary=payload("inspection.summary"),
        guidance=payload("inspection.guidance"),
    )
    InspectionSiteFactory(inspection=inspection, site=site, order=1, note=payload("visit.note"))
    followup = FollowUpFactory(
        inspection=inspection,
        site=site,
        task=payload("followup.task"),
        responsible_person=payload("followup.responsible_person"),
        deadline=datetime.date(2026, 11, 20),
    )
    return {"belt": belt, "site": site, "inspection": inspection, "followup": followup}


def assert_shown_as_text(text: str) -> None:
    assert "<script>a(" not in text and "<img src=x" not in text
    assert html.escape("<script>a(") in text or "&lt;script&gt;a(" in text


@pytest.mark.parametrize(
    "path",
    [
        lambda r: "/",
        lambda r: r["belt"].get_absolute_url(),
        lambda r: r["site"].get_absolute_url(),
        lambda r: "/search/?q=script",
    ],
    ids=["home", "belt", "site", "search"],
)
def test_public_pages_show_staff_text_escaped(client, records, path):
    assert_shown_as_text(client.get(path(records)).text)


@pytest.mark.parametrize(
    "path",
    [
        lambda r: "/progress/",
        lambda r: "/inspections/",
        lambda r: f"/inspections/{r['inspection'].pk}/",
        lambda r: f"/inspections/{r['inspection'].pk}/brief/",
        lambda r: "/inspections/tasks/",
        lambda r: f"/inspections/tasks/{r['followup'].pk}/",
    ],
    ids=["progress", "visits", "visit", "brief", "tasks", "task"],
)
def test_the_committees_pages_show_staff_text_escaped(client, committee_member, records, path):
    client.force_login(committee_member)
    response = client.get(path(records))

    assert response.status_code == 200
    assert_shown_as_text(response.text)


@pytest.mark.parametrize(
    "path",
    ["/map/sites.json", "/api/sites/", "/api/sites/geojson/", "/api/projects/", "/api/belts/", "/api/organizations/"],
)
def test_map_and_api_answers_are_json_that_browsers_never_read_as_html(client, records, path):
    response = client.get(path)

    assert response["Content-Type"].split(";")[0] in {"application/json", "application/geo+json"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert '<script>a(\\"' in response.text or '<script>a("' in response.text  # kept as typed, as data


def test_the_api_docs_carry_no_staff_text(client, records):
    assert "<script>a(" not in client.get("/api/docs/").text
    assert "<script>a(" not in client.get("/api/schema/").text
