"""Every path that accepts a file keeps the upload rules: photos those of ``belts.images``, spreadsheets their own.

The paths: the photo admin, the site's photo inline, a belt's cover image in the
admin, the evidence photos of a follow-up answer on the task page and through
the API, photo uploads through the API, and the spreadsheet import of the
admin. A hostile uploader's files are sent as a browser or another system sends
them, multipart with the file name and content type the uploader chose. Each is
refused at its field in the user's language (Chinese by default), as a form
error (200) or an API 400, and nothing is written: no row, no file in
MEDIA_ROOT or in the temporary folder.
A valid photo named ``../../evil.php.jpg`` carrying its GPS position is stored
re-encoded, under a random name inside MEDIA_ROOT, without any metadata; a JPEG
carrying HTML is stored without the HTML.

A request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with 400 on the
form pages here; the API's refusal (JSON and multipart) is tested in
``tests/api/test_errors.py``.
"""

import datetime
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from PIL import ExifTags, Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from belts.models import Belt
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence
from sites.models import Photo, Site
from sites.spreadsheets import messages as sheet_messages
from tests.admin_helpers import admin_url, assert_refused_at_field, change_url, form_data, snapshot
from tests.conftest import TODAY
from tests.factories import BeltFactory, FollowUpFactory, InspectionFactory, SiteFactory
from tests.images import DAMAGED, MB, NOT_A_PHOTO, TOO_MUCH_MEMORY, encoded, gps_exif, png_claiming

pytestmark = pytest.mark.django_db

# Photos as phones send them are larger than the 64×48 of the other tests.
PHOTO = (800, 600)
CJK = re.compile(r"[\u4e00-\u9fff]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/admin/')</script></body></html>"
PHP = b"<?php system($_GET['cmd']); ?>\n"


# --- Files as the uploader sends them ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    """A file as it travels in the request: its name and content type are the uploader's to choose."""

    name: str
    content: bytes
    content_type: str = "image/jpeg"


def text_renamed_jpg():
    return Upload("photo.jpg", "会议纪要:请各区于月底前报送示范带建设进展。\n".encode() * 20)


def html_renamed_jpg():
    return Upload("index.jpg", HTML)


def php_renamed_jpg():
    return Upload("shell.php.jpg", PHP)


def svg_with_script():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    return Upload("logo.svg", svg, "image/svg+xml")


def jpeg_of_11_mb():
    """A real JPEG padded to 11 MB, as some cameras pad theirs: over the limit without being hard to decode."""
    content = encoded("JPEG", size=PHOTO)
    return Upload("IMG_0001.JPG", content + b"\x00" * (11 * MB - len(content)))


def decompression_bomb():
    return Upload("bomb.png", png_claiming(20_000, 20_000), "image/png")


def png_of_48_megapixels():
    return Upload("huge.png", png_claiming(8_000, 6_000), "image/png")


def truncated_jpeg():
    whole = encoded("JPEG", size=PHOTO)
    return Upload("photo.jpg", whole[: len(whole) // 2])


def jpeg_header_then_html():
    """The first bytes of a real JPEG (its start and JFIF header), then a web page."""
    return Upload("photo.jpg", encoded("JPEG", size=PHOTO)[:20] + HTML)


def gif():
    return Upload("photo.gif", encoded("GIF", size=PHOTO), "image/gif")


TOO_LARGE = ("The file is %(size).1f MB; photos may be at most 10 MB.", {"size": 11.0})
TOO_MANY_PIXELS = ("The photo has %(megapixels)d megapixels; at most 40 are accepted.", {"megapixels": 48})
WRONG_FORMAT = ("This is a %(format)s file; only JPEG, PNG and WebP photos are accepted.", {"format": "GIF"})

BAD_FILES = [
    pytest.param(text_renamed_jpg, NOT_A_PHOTO, id="text-renamed-jpg"),
    pytest.param(html_renamed_jpg, NOT_A_PHOTO, id="html-renamed-jpg"),
    pytest.param(php_renamed_jpg, NOT_A_PHOTO, id="php-renamed-jpg"),
    pytest.param(svg_with_script, NOT_A_PHOTO, id="svg-with-script"),
    pytest.param(jpeg_of_11_mb, TOO_LARGE, id="over-10-mb"),
    pytest.param(decompression_bomb, TOO_MUCH_MEMORY, id="decompression-bomb-20000x20000"),
    pytest.param(png_of_48_megapixels, TOO_MANY_PIXELS, id="48-megapixels"),
    pytest.param(truncated_jpeg, DAMAGED, id="truncated-jpeg"),
    pytest.param(jpeg_header_then_html, NOT_A_PHOTO, id="jpeg-header-then-html"),
    pytest.param(gif, WRONG_FORMAT, id="gif"),
]


def phone_photo(name: str) -> Upload:
    """A real JPEG from a phone: its EXIF names the camera and the GPS position."""
    return Upload(name, encoded("JPEG", size=PHOTO, exif=gps_exif().tobytes()))


def jpeg_followed_by_html():
    """A complete JPEG with a web page after its end: image viewers show the photo, a browser may run the page."""
    return Upload("photo.jpg", encoded("JPEG", size=PHOTO) + HTML)


def jpeg_with_html_in_a_comment():
    return Upload("photo.jpg", encoded("JPEG", size=PHOTO, comment=HTML))


# --- Sending -----------------------------------------------------------------------------------------------------

BOUNDARY = "UploadRulesBoundary7MA4YWxkTrZu0gW"


def multipart(data: dict, files: dict[str, Upload]) -> bytes:
    """A multipart/form-data body carrying each upload's own file name (path and all) and content type.

    Django's test client would send only the last part of the name.
    """
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, upload in files.items():
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{upload.name}"\r\n'
            f"Content-Type: {upload.content_type}\r\n\r\n"
        )
        parts.append(head.encode() + upload.content + b"\r\n")
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post(client, url: str, data: dict, files: dict[str, Upload]):
    return client.post(url, multipart(data, files), content_type=f"multipart/form-data; boundary={BOUNDARY}")


@dataclass(frozen=True)
class World:
    """A district editor's belt, site and open follow-up task; he is signed in to the pages and the API."""

    belt: Belt
    site: Site
    task: FollowUp
    browser: Client
    api: APIClient


@pytest.fixture
def world(district, district_editor):
    belt = BeltFactory(district=district, name="南江滨示范带")
    task = FollowUpFactory(inspection=InspectionFactory(belt=belt), deadline=TODAY + datetime.timedelta(days=10))
    browser = Client()
    browser.force_login(district_editor)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=district_editor).key}")
    return World(belt=belt, site=SiteFactory(belt=belt), task=task, browser=browser, api=api)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def temp_folder(settings, tmp_path, monkeypatch) -> Path:
    """The temporary folder of large uploads (Django) and of imports awaiting confirmation (import-export)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def zh(message, params=None) -> str:
    """``message`` (a source string or a lazy translation) as the Chinese interface shows it."""
    with translation.override("zh-hans"):
        text = translation.gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


def written(world: World) -> dict:
    """Everything an upload path could write: its rows, and the records it would change."""
    return {
        "photos": list(Photo.objects.values_list("pk", flat=True)),
        "evidence": list(FollowUpEvidence.objects.values_list("pk", flat=True)),
        "follow-up steps": list(FollowUpEvent.objects.values_list("pk", flat=True)),
        "task": snapshot(world.task),
        "site": snapshot(world.site),
        "belt": snapshot(world.belt),
        "belt history": world.belt.history.count(),
        "admin log": LogEntry.objects.count(),
    }


# --- The upload paths --------------------------------------------------------------------------------------------


def send_to_photo_admin(world: World, upload: Upload):
    url = admin_url(Photo, "add")
    data = {**form_data(world.browser.get(url)), "site": world.site.pk, "caption": "外景"}
    return post(world.browser, url, data, {"image": upload})


def send_to_site_photo_inline(world: World, upload: Upload):
    url = change_url(world.site)
    data = {
        **form_data(world.browser.get(url)),
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "外景",
        "photos-0-order": "0",
    }
    return post(world.browser, url, data, {"photos-0-image": upload})


def send_to_belt_cover(world: World, upload: Upload):
    url = change_url(world.belt)
    return post(world.browser, url, form_data(world.browser.get(url)), {"cover_image": upload})


def send_to_task_page(world: World, upload: Upload):
    url = reverse("inspections:followup_detail", kwargs={"pk": world.task.pk})
    return post(world.browser, url, {"action": "answer", "response": "已完成整改。"}, {"photos": upload})


def send_to_api_photos(world: World, upload: Upload):
    return post(world.api, "/api/photos/", {"site_id": world.site.pk, "caption": "外景"}, {"image": upload})


def send_to_api_answer(world: World, upload: Upload):
    url = f"/api/followups/{world.task.pk}/answer/"
    return post(world.api, url, {"response": "已完成整改。"}, {"photos": upload})


def admin_form_refusal(field: str):
    def refusal(response) -> list[str]:
        return assert_refused_at_field(response, field)

    return refusal


def site_inline_refusal(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    (formset,) = [
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is Photo
    ]
    assert list(formset.errors[0]) == ["image"], formset.errors
    with translation.override("zh-hans"):
        messages = [str(message) for message in formset.errors[0]["image"]]
    html = response.content.decode()
    cell_start = html.index('class="field-image"', html.index('id="photos-0"'))
    cell = html[cell_start : html.index("</td>", cell_start)]
    assert all(escape(message) in cell for message in messages), cell
    return messages


def task_page_refusal(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    form = response.context["answer_form"]
    assert list(form.errors) == ["photos"], form.errors
    with translation.override("zh-hans"):
        messages = [str(message) for message in form.errors["photos"]]
    html = response.content.decode()
    error_list_start = html.index('id="id_photos_error"')
    error_list = html[error_list_start : html.index("</ul>", error_list_start)]
    assert all(escape(message) in error_list for message in messages), error_list
    return messages


def api_refusal(field: str):
    def refusal(response) -> list[str]:
        assert response.status_code == 400, response.content
        errors = response.json()["errors"]
        assert list(errors) == [field], errors
        return errors[field]

    return refusal


def photo_files(world: World) -> list:
    photo = Photo.objects.get()
    return [photo.image, photo.thumbnail]


def cover_files(world: World) -> list:
    return [Belt.objects.get(pk=world.belt.pk).cover_image]


def evidence_files(world: World) -> list:
    evidence = FollowUpEvidence.objects.get()
    return [evidence.image, evidence.thumbnail]


@dataclass(frozen=True)
class UploadPath:
    name: str
    send: Callable[[World, Upload], object]
    refusal: Callable[[object], list[str]]
    accepted_status: int
    stored: Callable[[World], list]
    folder: str

    def __str__(self):
        return self.name


PATHS = [
    UploadPath("admin-photo", send_to_photo_admin, admin_form_refusal("image"), 302, photo_files, "photos"),
    UploadPath("admin-site-photo-inline", send_to_site_photo_inline, site_inline_refusal, 302, photo_files, "photos"),
    UploadPath("admin-belt-cover", send_to_belt_cover, admin_form_refusal("cover_image"), 302, cover_files, "belts"),
    UploadPath("task-page-evidence", send_to_task_page, task_page_refusal, 302, evidence_files, "followups"),
    UploadPath("api-photo", send_to_api_photos, api_refusal("image"), 201, photo_files, "photos"),
    UploadPath("api-answer-evidence", send_to_api_answer, api_refusal("photos"), 200, evidence_files, "followups"),
]


# --- Refused ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PATHS, ids=str)
@pytest.mark.parametrize(("make_file", "message"), BAD_FILES)
def test_a_bad_file_is_refused_at_its_field_in_chinese_and_nothing_is_written(
    world, media_root, temp_folder, path, make_file, message
):
    before = written(world)
    expected = zh(*message) if isinstance(message, tuple) else zh(message)

    response = path.send(world, make_file())

    assert path.refusal(response) == [expected]
    assert CJK.search(expected), expected
    assert written(world) == before
    assert files_in(media_root) == [] and files_in(temp_folder) == []


# --- Accepted, stored clean ---------------------------------------------------------------------------------------


def read(field_file) -> bytes:
    with field_file.open("rb") as opened:
        return opened.read()


@pytest.mark.parametrize("path", PATHS, ids=str)
def test_a_photo_named_like_a_path_is_stored_re_encoded_under_a_random_name_inside_media_root(
    world, media_root, temp_folder, path
):
    upload = phone_photo("../../evil.php.jpg")

    response = path.send(world, upload)

    assert response.status_code == path.accepted_status, getattr(response, "context", None) and response.context
    image = path.stored(world)[0]
    assert re.fullmatch(rf"{path.folder}/[0-9a-f]{{32}}\.jpg", image.name), image.name
    assert Path(image.path).resolve().is_relative_to(media_root.resolve())
    assert read(image) != upload.content
    stored = files_in(media_root)
    assert stored and [file for file in stored if "evil" in file.name or ".php" in file.name] == []
    assert files_in(temp_folder) == []
    for field_file in path.stored(world):
        content = read(field_file)
        photo = Image.open(BytesIO(content))
        assert len(photo.getexif()) == 0 and not photo.getexif().get_ifd(ExifTags.IFD.GPSInfo), field_file.name
        assert b"Exif\x00\x00" not in content and b"Apple" not in content and b"iPhone" not in content


@pytest.mark.parametrize("path", PATHS, ids=str)
@pytest.mark.parametrize("make_file", [jpeg_followed_by_html, jpeg_with_html_in_a_comment])
def test_a_jpeg_carrying_html_is_stored_re_encoded_without_the_html(world, media_root, path, make_file):
    response = path.send(world, make_file())

    assert response.status_code == path.accepted_status
    stored = files_in(media_root)
    assert stored
    for file in stored:
        content = file.read_bytes().lower()
        assert b"<script" not in content and b"<html" not in content, file
        assert Image.open(file).format == "JPEG"


# --- Request bodies over DATA_UPLOAD_MAX_MEMORY_SIZE ------------------------------------------------------------


FORM_PAGES = [
    pytest.param(lambda world: admin_url(Photo, "add"), "image", id="admin-photo"),
    pytest.param(
        lambda world: reverse("inspections:followup_detail", kwargs={"pk": world.task.pk}), "photos", id="task-page"
    ),
]


@pytest.mark.parametrize(("url", "file_field"), FORM_PAGES)
def test_a_request_body_over_the_size_limit_is_refused_with_400_on_a_form_page(
    world, settings, media_root, temp_folder, url, file_field
):
    """Form fields count towards the limit; files do not (the photo rules and the web server bound those)."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024
    before = written(world)
    data = {"action": "answer", "response": "长" * 4000, "site": world.site.pk, "caption": "外景"}

    response = post(world.browser, url(world), data, {file_field: phone_photo("IMG_0001.JPG")})

    assert response.status_code == 400
    assert zh("The request cannot be accepted") in response.content.decode()
    assert written(world) == before
    assert files_in(media_root) == [] and files_in(temp_folder) == []


@pytest.mark.parametrize(("url", "file_field"), FORM_PAGES)
def test_a_request_with_files_over_the_whole_request_limit_is_refused_with_413_before_it_is_read(
    world, settings, media_root, temp_folder, url, file_field
):
    """Files count towards ``REQUEST_MAX_BYTES``: the request is refused on its declared length, nothing spooled."""
    settings.REQUEST_MAX_BYTES = 64 * 1024
    before = written(world)
    photos = {file_field: Upload("IMG_0002.JPG", phone_photo("IMG_0002.JPG").content + b"\0" * 70 * 1024)}

    response = post(world.browser, url(world), {"action": "answer", "response": "已整改。"}, photos)

    assert response.status_code == 413
    page = response.content.decode()
    assert zh("The request cannot be accepted") in page and "64.0\xa0KB" in page
    assert written(world) == before
    assert files_in(media_root) == [] and files_in(temp_folder) == []


def test_the_api_refuses_a_request_over_the_whole_request_limit_with_413_in_its_error_shape(world, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    before = written(world)
    big = Upload("IMG_0003.JPG", phone_photo("IMG_0003.JPG").content + b"\0" * 1024 * 1024)

    response = world.api.post(
        "/api/photos/",
        multipart({"site_id": world.site.pk, "caption": "外景"}, {"image": big}),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "too_large" and "1.0\xa0MB" in body["message"] and "照片" in body["message"]
    assert written(world) == before


# --- Spreadsheet import -------------------------------------------------------------------------------------------

SITE_HEADER = ["示范带", "序号", "名称", "主要定位", "状态"]


def workbook(*extra_members: tuple[str, bytes, int]) -> bytes:
    """A real .xlsx made by openpyxl (a site sheet of one row), with ``extra_members`` added to its zip."""
    book = openpyxl.Workbook()
    book.active.append(SITE_HEADER)
    book.active.append(["南江滨示范带", 1, "串珠1", "党群服务中心", "建设中"])
    buffer = BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer, "a") as archive:
        for name, content, compression in extra_members:
            archive.writestr(name, content, compress_type=compression, compresslevel=9)
    return buffer.getvalue()


def text_renamed_xlsx():
    return Upload("sites.xlsx", "示范带,序号,名称\n".encode() * 50, XLSX_TYPE)


def html_renamed_xlsx():
    return Upload("sites.xlsx", HTML, XLSX_TYPE)


def zip_of_a_php_file_renamed_xlsx():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shell.php", PHP)
    return Upload("sites.xlsx", buffer.getvalue(), XLSX_TYPE)


def xlsx_zip_bomb():
    """A workbook of a few hundred KB that unpacks past the limit: zeros compress about a thousandfold."""
    padding = b"\x00" * (sheet_messages.MAX_UNPACKED_BYTES + 1)
    content = workbook(("xl/media/image1.png", padding, zipfile.ZIP_DEFLATED))
    assert len(content) < MB
    return Upload("sites.xlsx", content, XLSX_TYPE)


def xlsx_over_5_mb():
    noise = os.urandom(sheet_messages.MAX_UPLOAD_MB * MB)  # random bytes do not compress
    return Upload("sites.xlsx", workbook(("xl/media/image1.png", noise, zipfile.ZIP_STORED)), XLSX_TYPE)


IMPORT_FILES = [
    pytest.param(text_renamed_xlsx, sheet_messages.NOT_XLSX, None, id="text-renamed-xlsx"),
    pytest.param(html_renamed_xlsx, sheet_messages.NOT_XLSX, None, id="html-renamed-xlsx"),
    pytest.param(zip_of_a_php_file_renamed_xlsx, sheet_messages.NOT_XLSX, None, id="zip-of-a-php-file"),
    pytest.param(
        xlsx_zip_bomb, sheet_messages.UNPACKS_TOO_LARGE, {"max": sheet_messages.MAX_UNPACKED_MB}, id="xlsx-zip-bomb"
    ),
    pytest.param(
        xlsx_over_5_mb, sheet_messages.TOO_LARGE_FILE, {"max": sheet_messages.MAX_UPLOAD_MB}, id="xlsx-over-5-mb"
    ),
]


@pytest.mark.parametrize(("make_file", "message", "params"), IMPORT_FILES)
def test_a_bad_spreadsheet_is_refused_at_the_file_field_and_nothing_is_imported_or_kept(
    world, media_root, temp_folder, make_file, message, params
):
    before, sites = written(world), list(Site.objects.values_list("pk", flat=True))

    response = post(
        world.browser, admin_url(Site, "import"), {"resource": "0", "format": "0"}, {"import_file": make_file()}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [zh(message, params)]
    assert escape(zh(message, params)) in response.content.decode()
    assert "confirm_form" not in response.context
    assert list(Site.objects.values_list("pk", flat=True)) == sites and written(world) == before
    assert files_in(media_root) == [] and files_in(temp_folder) == []


def test_the_crafted_spreadsheets_are_what_they_claim():
    """The zip bomb is a readable workbook once the limit is out of the way; the 5 MB one is over 5 MB."""
    assert len(xlsx_over_5_mb().content) > sheet_messages.MAX_UPLOAD_MB * MB
    bomb = openpyxl.load_workbook(BytesIO(xlsx_zip_bomb().content), read_only=True)
    assert next(bomb.active.iter_rows(values_only=True)) == tuple(SITE_HEADER)
