"""Attackers' itineraries: everything an anonymous visitor and another district's editor might try.

Each walks every door of the portal (public pages, the committee's pages, the admin and the
API) with reads and writes of records that are not theirs. They get refusals or public pages
only: no internal field or draft of the other district in any answer, and not one row or file
changed. The third attacker, the malicious uploader, is in test_uploads.py.
"""

import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from inspections.choices import FollowUpStatus
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.inspections.test_followups import make_users

pytestmark = pytest.mark.django_db

# Values of the away district that only its staff and the committee may read.
SECRETS = (
    "草稿点位机密",  # a draft site's name
    "13800138000",  # a contact's phone
    "内部项目责任人丙",
    "内部延期原因疫情",
    "内部调研小结丁",
    "内部督办事项辛",
    "内部整改答复癸",
)
REFUSED = {301, 302, 400, 401, 403, 404, 405}


@pytest.fixture
def world():
    users = make_users()
    away = users["other editor"].districts.get()
    belt = BeltFactory(district=away, slug="gulou-belt")
    site = SiteFactory(belt=belt, name="鼓楼党群服务中心", contact_phone="13800138000")
    draft = SiteFactory(belt=belt, name="草稿点位机密", published=False)
    project = ProjectFactory(
        site=site,
        planned_completion=datetime.date(2026, 6, 30),
        responsible_person="内部项目责任人丙",
        delay_reason="内部延期原因疫情",
    )
    inspection = InspectionFactory(belt=belt, summary="内部调研小结丁")
    InspectionSiteFactory(inspection=inspection, site=site)
    task = FollowUpFactory(
        inspection=inspection,
        site=site,
        task="内部督办事项辛",
        status=FollowUpStatus.ANSWERED,
        response="内部整改答复癸",
        answered_at=datetime.datetime(2026, 4, 20, 9, 0, tzinfo=datetime.UTC),
    )
    home_belt = BeltFactory(district=users["home"], slug="cangshan-belt")
    home_site = SiteFactory(belt=home_belt, name="仓山文化站")
    return {
        "users": users,
        "belt": belt,
        "site": site,
        "draft": draft,
        "project": project,
        "inspection": inspection,
        "task": task,
        "home_site": home_site,
    }


def everything() -> dict:
    """Every row of the portal's own tables, and every file under MEDIA_ROOT."""
    rows = {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for label in ("belts", "sites", "inspections")
        for model in apps.get_app_config(label).get_models()
    }
    media = Path(settings.MEDIA_ROOT)
    rows["files"] = sorted(str(path) for path in media.rglob("*")) if media.exists() else []
    return rows


def text_of(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return b"".join(response).decode() if response.streaming else response.content.decode()


def leaks(response) -> list[str]:
    text = text_of(response)
    return [secret for secret in SECRETS if secret in text]


def walk(itinerary):
    """Run every step; return the steps that leaked a secret or were not answered as expected."""
    findings = []
    for name, send, allowed in itinerary:
        response = send()
        if response.status_code not in allowed:
            findings.append(f"{name}: {response.status_code}")
        if found := leaks(response):
            findings.append(f"{name}: shows {found}")
    return findings


def test_an_anonymous_visitor_reads_only_published_public_fields_and_changes_nothing(world):
    site, draft, project, task, inspection = (world[k] for k in ("site", "draft", "project", "task", "inspection"))
    web, api = Client(), APIClient()
    before = everything()
    public = {200}
    itinerary = [
        ("home", lambda: web.get("/"), public),
        ("belt page", lambda: web.get("/belts/gulou-belt/"), public),
        ("site page", lambda: web.get(f"/sites/{site.pk}/"), public),
        ("draft's page", lambda: web.get(f"/sites/{draft.pk}/"), {404}),
        ("draft preview", lambda: web.get(f"/preview/sites/{draft.pk}/"), REFUSED),
        ("search", lambda: web.get("/search/", {"q": "机密"}), public),
        ("map points", lambda: web.get("/map/sites.json"), public),
        ("sitemap", lambda: web.get("/sitemap.xml"), public),
        ("dashboard", lambda: web.get("/progress/"), {302}),
        ("export", lambda: web.get("/progress/export.xlsx"), {302}),
        ("visits", lambda: web.get("/inspections/"), {302}),
        ("brief", lambda: web.get(f"/inspections/{inspection.pk}/brief/"), {302}),
        ("tasks", lambda: web.get("/inspections/tasks/"), {302}),
        ("task", lambda: web.get(f"/inspections/tasks/{task.pk}/"), {302}),
        ("answer a task", lambda: web.post(f"/inspections/tasks/{task.pk}/", {"action": "close"}), REFUSED),
        ("admin", lambda: web.get(f"/{settings.ADMIN_URL}"), {302}),
        ("admin change", lambda: web.post(f"/{settings.ADMIN_URL}sites/site/{site.pk}/change/", {"name": "x"}), {302}),
        ("API sites", lambda: api.get("/api/sites/", {"search": "机密"}), public),
        ("API site", lambda: api.get(f"/api/sites/{site.pk}/"), public),
        ("API draft", lambda: api.get(f"/api/sites/{draft.pk}/"), {404}),
        ("API projects", lambda: api.get("/api/projects/"), public),
        ("API project", lambda: api.get(f"/api/projects/{project.pk}/"), public),
        ("API geojson", lambda: api.get("/api/sites/geojson/"), public),
        ("API inspections", lambda: api.get("/api/inspections/"), {401}),
        ("API tasks", lambda: api.get(f"/api/followups/{task.pk}/"), {401}),
        ("API create", lambda: api.post("/api/sites/", {"name": "x", "belt": world["belt"].pk}), {401}),
        ("API change", lambda: api.patch(f"/api/sites/{site.pk}/", {"name": "篡改"}, format="json"), {401}),
        ("API delete", lambda: api.delete(f"/api/sites/{site.pk}/"), {401, 405}),
        ("API close", lambda: api.post(f"/api/followups/{task.pk}/close/"), {401}),
        ("off-site redirect", lambda: web.get("/lang/en/", {"next": "https://evil.example/"}), {302}),
    ]

    findings = walk(itinerary)
    assert findings == [], "\n".join(findings)
    assert web.get("/lang/en/", {"next": "https://evil.example/"})["Location"] == "/"
    assert everything() == before


def test_another_districts_editor_gets_nothing_of_theirs_and_changes_nothing(world):
    site, draft, project, task, inspection = (world[k] for k in ("site", "draft", "project", "task", "inspection"))
    intruder = world["users"]["editor"]
    web = Client()
    web.force_login(intruder)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=intruder).key}")
    admin = f"/{settings.ADMIN_URL}"
    before = everything()
    own = {200}
    itinerary = [
        ("dashboard", lambda: web.get("/progress/"), own),
        ("export", lambda: web.get("/progress/export.xlsx"), own),
        ("their visit", lambda: web.get(f"/inspections/{inspection.pk}/"), {404}),
        ("their brief", lambda: web.get(f"/inspections/{inspection.pk}/brief/"), {404}),
        ("their record form", lambda: web.get(f"/inspections/{inspection.pk}/record/"), REFUSED),
        ("tasks", lambda: web.get("/inspections/tasks/"), own),
        ("their task", lambda: web.get(f"/inspections/tasks/{task.pk}/"), {404}),
        ("answer theirs", lambda: web.post(f"/inspections/tasks/{task.pk}/", {"action": "answer"}), {404}),
        ("their draft's preview", lambda: web.get(f"/preview/sites/{draft.pk}/"), {404}),
        ("admin site list", lambda: web.get(f"{admin}sites/site/", {"q": "机密"}), own),
        ("admin their site", lambda: web.get(f"{admin}sites/site/{site.pk}/change/"), {404}),
        ("admin their history", lambda: web.get(f"{admin}sites/site/{site.pk}/history/"), REFUSED),
        ("admin their project", lambda: web.get(f"{admin}sites/project/{project.pk}/change/"), {404}),
        ("admin deface", lambda: web.post(f"{admin}sites/site/{site.pk}/change/", {"name": "篡改"}), {404}),
        ("admin delete", lambda: web.post(f"{admin}sites/site/{site.pk}/delete/", {"post": "yes"}), {404}),
        ("admin project search", lambda: web.get(f"{admin}sites/project/", {"q": "内部"}), own),
        ("admin autocomplete", lambda: web.get(f"{admin}autocomplete/", autocomplete_for_projects()), own),
        ("admin users", lambda: web.get(f"{admin}auth/user/"), {403}),
        ("admin tokens", lambda: web.get(f"{admin}authtoken/tokenproxy/"), {403}),
        ("admin sign-in records", lambda: web.get(f"{admin}accounts/failedsignin/"), {403}),
        ("admin groups", lambda: web.get(f"{admin}auth/group/"), {403}),
        ("API their draft", lambda: api.get(f"/api/sites/{draft.pk}/"), {404}),
        ("API their project", lambda: api.get(f"/api/projects/{project.pk}/"), {404}),
        ("API their visit", lambda: api.get(f"/api/inspections/{inspection.pk}/"), {404}),
        ("API their task", lambda: api.get(f"/api/followups/{task.pk}/"), {404}),
        ("API lists", lambda: api.get("/api/projects/", {"search": "内部"}), own),
        ("API change", lambda: api.patch(f"/api/sites/{site.pk}/", {"name": "篡改"}, format="json"), {404}),
        ("API project there", lambda: api.post("/api/projects/", new_project_in(site), format="json"), {400}),
        ("API move mine there", lambda: move_home_site(api, world), {400}),
        ("API answer theirs", lambda: api.post(f"/api/followups/{task.pk}/answer/", {"response": "x"}), {404}),
        ("API close theirs", lambda: api.post(f"/api/followups/{task.pk}/close/"), {404}),
    ]

    findings = walk(itinerary)
    assert findings == [], "\n".join(findings)
    assert everything() == before


def autocomplete_for_projects() -> dict:
    return {"app_label": "sites", "model_name": "milestone", "field_name": "project", "term": ""}


def new_project_in(site) -> dict:
    return {
        "site_id": site.pk,
        "title": "植入项目",
        "status": "in_progress",
        "planned_start": "2026-01-01",
        "planned_completion": "2026-12-31",
    }


def move_home_site(api, world):
    home_site = world["home_site"]
    body = {"belt_id": world["belt"].pk, "version": home_site.version}
    return api.patch(f"/api/sites/{home_site.pk}/", body, format="json")


def test_the_intruder_is_an_editor_who_does_see_his_own_district(world):
    """The itinerary above proves something only if the same user is let in at home."""
    intruder = world["users"]["editor"]
    web = Client()
    web.force_login(intruder)
    home_site = world["home_site"]

    assert web.get(f"/{settings.ADMIN_URL}sites/site/{home_site.pk}/change/").status_code == 200
    assert Client().get(f"/sites/{world['draft'].pk}/").status_code == 404
