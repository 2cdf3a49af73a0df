"""Writes through the API go through the admin's rules, and a refused write changes nothing.

An update sends the ``version`` it read (409 when stale, 400 when missing) and
is recorded in the history under the token's user; the models' rules answer 400
naming the field; a site is published only when ready; photos are checked and
stored clean; progress updates and follow-up steps record who sent them. The
browser's session works too, with CSRF enforced, and messages follow
Accept-Language.
"""

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image
from rest_framework.test import APIClient

from belts.models import Belt
from belts.roles import COMMITTEE_REVIEWER_GROUP, DISTRICT_EDITOR_GROUP
from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence
from sites.choices import ProjectStatus
from sites.models import Photo, ProgressUpdate, Project, Site
from tests.admin_helpers import snapshot
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    OrganizationFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)
from tests.images import gps_exif, jpeg

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

# --- People and rows ----------------------------------------------------------------


@pytest.fixture
def editor(district):
    """A district editor of ``district`` (仓山区), through the group of ``inspections/migrations/0002_roles.py``."""
    user = UserFactory(username="cangshan", is_staff=True)
    user.groups.add(Group.objects.get(name=DISTRICT_EDITOR_GROUP))
    district.editors.add(user)
    return user


@pytest.fixture
def reviewer():
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    return user


@pytest.fixture
def belt(district):
    return BeltFactory(district=district, name="南江滨示范带")


@pytest.fixture
def site(belt):
    return SiteFactory(belt=belt, sequence=1)


@pytest.fixture
def project(site):
    return ProjectFactory(site=site, percent_complete=50)


@pytest.fixture
def as_editor(client_for, editor):
    return client_for(editor)


def refusal(response, status: int) -> dict:
    """The body of a refusal, which must be in the API's one error shape."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}, body
    assert body["status"] == status
    return body


def fresh(row):
    return type(row)._default_manager.get(pk=row.pk)


# --- Versions and history -----------------------------------------------------------


def test_patch_with_the_version_read_saves_raises_the_version_and_records_the_tokens_user(as_editor, editor, project):
    response = as_editor.patch(f"/api/projects/{project.pk}/", {"percent_complete": 70, "version": 1}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["percent_complete"], response.json()["version"]) == (70, 2)
    saved = fresh(project)
    assert (saved.percent_complete, saved.version) == (70, 2)
    record = project.history.order_by("-history_date", "-history_id").first()
    assert (record.history_type, record.percent_complete, record.version) == ("~", 70, 2)
    assert record.history_user == editor


def test_patch_with_a_stale_version_is_refused_with_409_naming_who_saved_and_changes_nothing(
    client_for, as_editor, superuser, project
):
    # Someone else saves first, from the same version 1.
    first = client_for(superuser).patch(
        f"/api/projects/{project.pk}/", {"percent_complete": 60, "version": 1}, format="json"
    )
    assert first.status_code == 200
    before, history = snapshot(project), project.history.count()

    response = as_editor.patch(f"/api/projects/{project.pk}/", {"percent_complete": 80, "version": 1}, format="json")

    body = refusal(response, 409)
    assert body["code"] == "stale" and body["errors"] == {}
    assert superuser.username in body["message"]
    # Worded for a program that read the record (version 1), not for a person at the admin's form.
    assert "版本 1" in body["message"] and "重新读取" in body["message"] and "表单" not in body["message"]
    assert snapshot(project) == before and fresh(project).version == 2
    assert project.history.count() == history


@pytest.mark.parametrize("method", ["patch", "put"])
def test_update_without_a_version_is_refused_on_version_and_changes_nothing(as_editor, project, method):
    before = snapshot(project)
    data = {"percent_complete": 80}
    if method == "put":
        data |= {"site_id": project.site_id, "title": project.title}

    response = getattr(as_editor, method)(f"/api/projects/{project.pk}/", data, format="json")

    assert list(refusal(response, 400)["errors"]) == ["version"]
    assert snapshot(project) == before and fresh(project).version == 1


# --- The models' rules ----------------------------------------------------------------


def what_is_stored() -> dict:
    """Every row and history record a refused write could have touched."""
    models = [Belt, Site, Project, ProgressUpdate]
    return {
        **{model.__name__: sorted(map(snapshot, model.objects.all()), key=lambda row: row["id"]) for model in models},
        **{f"history of {model.__name__}": model.history.count() for model in models},
        "versions": list(Site.objects.values_list("pk", "version"))
        + list(Project.objects.values_list("pk", "version")),
    }


RULES = [
    pytest.param(
        "patch",
        lambda r: f"/api/projects/{r['project'].pk}/",
        lambda r: {"status": ProjectStatus.COMPLETED, "percent_complete": 100, "version": 1},
        "actual_completion",
        id="completed-without-actual-completion",
    ),
    pytest.param(
        "patch",
        lambda r: f"/api/projects/{r['project'].pk}/",
        lambda r: {"planned_start": "2026-06-01", "planned_completion": "2026-05-01", "version": 1},
        "planned_completion",
        id="planned-completion-before-start",
    ),
    pytest.param(
        "patch",
        lambda r: f"/api/sites/{r['site'].pk}/",
        lambda r: {"latitude": "95.000000", "version": 1},
        "latitude",
        id="site-latitude-95",
    ),
    pytest.param(
        "post",
        lambda r: "/api/sites/",
        lambda r: {"belt_id": r["site"].belt_id, "sequence": r["site"].sequence, "name": "另一颗串珠"},
        "sequence",
        id="duplicate-sequence-on-the-belt",
    ),
    pytest.param(
        "patch",
        lambda r: f"/api/sites/{r['other site'].pk}/",
        lambda r: {"sequence": r["site"].sequence, "version": 1},
        "sequence",
        id="sequence-changed-to-a-taken-one",
    ),
    pytest.param(
        "post",
        lambda r: "/api/belts/",
        lambda r: {"district_id": r["site"].belt.district_id, "name": r["site"].belt.name},
        "name",
        id="belt-name-clash",
    ),
    pytest.param(
        "post",
        lambda r: "/api/progress-updates/",
        lambda r: {"project_id": r["project"].pk, "date": "2026-11-20", "percent": 120},
        "percent",
        id="progress-over-100-percent",
    ),
]


@pytest.mark.parametrize(("method", "url", "data", "field_name"), RULES)
def test_a_model_rule_refuses_the_write_on_its_field_and_nothing_is_written(
    as_editor, site, project, method, url, data, field_name
):
    rows = {"site": site, "project": project, "other site": SiteFactory(belt=site.belt, sequence=2)}
    before = what_is_stored()

    response = getattr(as_editor, method)(url(rows), data(rows), format="json")

    assert list(refusal(response, 400)["errors"]) == [field_name]
    assert what_is_stored() == before


# --- Publishing ---------------------------------------------------------------------


@pytest.fixture
def bare_site(belt):
    """A draft site without positioning, location, photo or host organisation."""
    return SiteFactory(belt=belt, positioning="", latitude=None, longitude=None, organization=None, published=False)


def test_publishing_a_site_that_is_not_ready_is_refused_on_published_naming_its_gaps(as_editor, bare_site):
    before = snapshot(bare_site)

    response = as_editor.patch(
        f"/api/sites/{bare_site.pk}/", {"published": True, "version": 1}, format="json", **ENGLISH
    )

    errors = refusal(response, 400)["errors"]
    assert list(errors) == ["published"]
    [message] = errors["published"]
    for gap in ["a positioning", "a location on the map", "at least one photo", "a host organisation"]:
        assert gap in message
    assert snapshot(bare_site) == before and fresh(bare_site).version == 1


def test_a_site_is_published_once_it_is_ready(client_for, as_editor, district, bare_site):
    host = OrganizationFactory(district=district)
    url = f"/api/sites/{bare_site.pk}/"
    filled = {
        "positioning": "沿江党群服务阵地。",
        "latitude": "26.048000",
        "longitude": "119.312000",
        "organization_id": host.pk,
        "version": 1,
    }
    assert as_editor.patch(url, filled, format="json").status_code == 200
    photo = as_editor.post("/api/photos/", {"site_id": bare_site.pk, "image": jpeg()}, format="multipart")
    assert photo.status_code == 201, photo.json()
    assert client_for(None).get(url).status_code == 404

    response = as_editor.patch(url, {"published": True, "version": 2}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["published"] is True and fresh(bare_site).published
    assert client_for(None).get(url).status_code == 200


# --- Photos -------------------------------------------------------------------------


def text_renamed_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", "会议纪要:请各区报送进展。\n".encode() * 20, content_type="image/jpeg")


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def read_back(field_file) -> tuple[Image.Image, bytes]:
    with field_file.open("rb") as opened:
        content = opened.read()
    image = Image.open(BytesIO(content))
    image.load()
    return image, content


def test_photo_upload_is_stored_re_encoded_without_gps_and_with_a_thumbnail(as_editor, site):
    upload = jpeg(size=(800, 600), exif=gps_exif())
    sent = upload.read()
    upload.seek(0)
    assert Image.open(BytesIO(sent)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does carry a position

    response = as_editor.post(
        "/api/photos/", {"site_id": site.pk, "image": upload, "caption": "外景"}, format="multipart"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert "/photos/thumbnails/" in body["thumbnail"] and (body["width"], body["height"]) == (800, 600)
    photo = Photo.objects.get(pk=body["id"])
    for stored in (photo.image, photo.thumbnail):
        image, content = read_back(stored)
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0 and b"Exif\x00\x00" not in content and b"Apple" not in content
    assert read_back(photo.image)[1] != sent
    assert "IMG_0001" not in photo.image.name


def test_a_text_file_named_jpg_is_refused_on_image_and_nothing_is_stored(as_editor, site):
    files = stored_files()

    response = as_editor.post("/api/photos/", {"site_id": site.pk, "image": text_renamed_jpg()}, format="multipart")

    assert list(refusal(response, 400)["errors"]) == ["image"]
    assert not Photo.objects.exists()
    assert stored_files() == files


# --- Progress updates ---------------------------------------------------------------


def test_a_progress_update_records_the_requesting_user_as_its_author(as_editor, editor, superuser, project):
    data = {"project_id": project.pk, "date": "2026-11-20", "percent": 60, "note": "主体完工。"}

    # A forged author is not a field of the API: it is ignored.
    response = as_editor.post("/api/progress-updates/", {**data, "author": superuser.pk}, format="json")

    assert response.status_code == 201, response.json()
    update = ProgressUpdate.objects.get(pk=response.json()["id"])
    assert (update.author, update.percent, update.note) == (editor, 60, "主体完工。")


# --- Follow-up steps ----------------------------------------------------------------


@pytest.fixture
def task(site):
    inspection = InspectionFactory(belt=site.belt)
    return FollowUpFactory(inspection=inspection, site=site, deadline=datetime.date(2026, 12, 10))


@pytest.fixture
def answered(task):
    FollowUp.objects.filter(pk=task.pk).update(
        status=FollowUpStatus.ANSWERED, response="已整改。", answered_at=timezone.now()
    )
    return fresh(task)


def events(task) -> list[tuple]:
    return list(FollowUpEvent.objects.filter(followup=task).values_list("action", "text", "user__username"))


def test_the_district_answers_an_open_task_and_the_step_is_recorded(as_editor, editor, task):
    response = as_editor.post(f"/api/followups/{task.pk}/answer/", {"response": "已设立专人负责。"}, format="json")

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["response"]) == ("answered", "已设立专人负责。")
    saved = fresh(task)
    assert (saved.status, saved.answered_by) == (FollowUpStatus.ANSWERED, editor)
    assert events(task) == [(FollowUpAction.ANSWERED, "已设立专人负责。", editor.username)]


def test_the_committee_closes_an_answered_task_and_the_step_is_recorded(client_for, reviewer, answered):
    response = client_for(reviewer).post(f"/api/followups/{answered.pk}/close/", {"note": "核查属实。"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed" and response.json()["closed_at"]
    saved = fresh(answered)
    assert (saved.status, saved.closed_by) == (FollowUpStatus.CLOSED, reviewer)
    assert events(answered) == [(FollowUpAction.CLOSED, "核查属实。", reviewer.username)]


def test_the_committee_sends_an_answered_task_back_with_its_reason(client_for, reviewer, answered):
    response = client_for(reviewer).post(
        f"/api/followups/{answered.pk}/send-back/", {"reason": "请补充整改照片。"}, format="json"
    )

    assert response.status_code == 200, response.json()
    saved = fresh(answered)
    assert (saved.status, saved.answered_at) == (FollowUpStatus.OPEN, None)
    assert events(answered) == [(FollowUpAction.SENT_BACK, "请补充整改照片。", reviewer.username)]


def test_sending_back_without_a_reason_is_refused_on_reason(client_for, reviewer, answered):
    before = snapshot(answered)

    response = client_for(reviewer).post(f"/api/followups/{answered.pk}/send-back/", {}, format="json")

    assert list(refusal(response, 400)["errors"]) == ["reason"]
    assert snapshot(answered) == before and events(answered) == []


def test_an_answer_keeps_its_evidence_photos_uploaded_as_multipart(as_editor, task):
    photos = [jpeg("现场1.jpg", exif=gps_exif()), jpeg("现场2.jpg")]

    response = as_editor.post(
        f"/api/followups/{task.pk}/answer/", {"response": "已完成。", "photos": photos}, format="multipart"
    )

    assert response.status_code == 200, response.json()
    evidence = FollowUpEvidence.objects.filter(event__followup=task)
    assert evidence.count() == 2
    for photo in evidence:
        assert photo.event.action == FollowUpAction.ANSWERED and photo.thumbnail
        image, content = read_back(photo.image)
        assert len(image.getexif()) == 0 and b"Apple" not in content


def test_an_answer_with_a_bad_evidence_photo_is_refused_on_photos_and_nothing_is_written(as_editor, task):
    before, files = snapshot(task), stored_files()

    response = as_editor.post(
        f"/api/followups/{task.pk}/answer/",
        {"response": "已完成。", "photos": [jpeg(), text_renamed_jpg()]},
        format="multipart",
    )

    assert list(refusal(response, 400)["errors"]) == ["photos"]
    assert snapshot(task) == before and events(task) == []
    assert not FollowUpEvidence.objects.exists()
    assert stored_files() == files


# --- Session authentication ---------------------------------------------------------


@pytest.fixture
def browser(editor):
    """The API as a signed-in browser calls it: the session cookie, and CSRF checked as Django checks it."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_the_browsers_session_reads_the_districts_drafts(browser, belt):
    draft = BeltFactory(district=belt.district, published=False)

    response = browser.get(f"/api/belts/{draft.pk}/")

    assert response.status_code == 200 and response.json()["published"] is False


def test_a_session_write_without_the_csrf_token_is_refused_with_403_in_the_error_shape(browser, district):
    response = browser.post("/api/belts/", {"district_id": district.pk, "name": "新示范带"}, format="json")

    body = refusal(response, 403)
    assert body["code"] == "permission_denied" and "CSRF" in body["message"]
    assert not Belt.objects.filter(name="新示范带").exists()


def test_a_session_write_with_the_csrf_token_is_saved(browser, district):
    browser.get("/admin/")  # any page with a form hands the browser its CSRF cookie
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value

    response = browser.post(
        "/api/belts/", {"district_id": district.pk, "name": "新示范带"}, format="json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 201, response.json()
    assert Belt.objects.filter(name="新示范带", district=district).exists()


# --- Language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        pytest.param(ENGLISH, "This field is required.", id="accept-language-en"),
        pytest.param({}, "该字段是必填项。", id="no-header-zh-hans"),
        pytest.param({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, "该字段是必填项。", id="accept-language-zh-cn"),
    ],
)
def test_messages_follow_accept_language_with_chinese_by_default(as_editor, headers, message):
    response = as_editor.post("/api/belts/", {}, format="json", **headers)

    assert refusal(response, 400)["errors"] == {"district_id": [message], "name": [message]}
