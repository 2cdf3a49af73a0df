"""Photo uploads through the admin, with files crafted to be what a careless or hostile uploader sends.

Each bad file is refused next to the image field with a message in Chinese,
the form comes back (200, never a 500) and nothing is written: no row, no file.
A phone photo carrying its GPS position is accepted and stored without any
metadata, under a random name, with a thumbnail. The same files are also fed to
``belts.images`` directly, whose messages name the reason.
"""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from PIL import ExifTags, Image

from belts import images
from sites.models import Photo
from tests.admin_helpers import admin_url, assert_refused_at_field, change_url, form_data, snapshot
from tests.factories import SiteFactory
from tests.images import DAMAGED, MB, NOT_A_PHOTO, TOO_MUCH_MEMORY, encoded, gps_exif, png_claiming

pytestmark = pytest.mark.django_db

# --- Crafted files ------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def text_renamed_jpg():
    return upload("photo.jpg", "会议纪要:请各区于月底前报送示范带建设进展。\n".encode() * 20)


def truncated_jpeg():
    whole = encoded("JPEG", size=(800, 600))
    return upload("photo.jpg", whole[: len(whole) // 2])


def decompression_bomb():
    return upload("bomb.png", png_claiming(20_000, 20_000), "image/png")


def png_of_48_megapixels():
    return upload("huge.png", png_claiming(8_000, 6_000), "image/png")


def svg():
    content = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
    return upload("logo.svg", content, "image/svg+xml")


def html_with_png_signature():
    return upload("photo.png", b"\x89PNG\r\n\x1a\n<!DOCTYPE html><html><script>alert(1)</script></html>", "image/png")


def padded_jpeg(size: int) -> SimpleUploadedFile:
    """A real JPEG followed by padding, as some cameras write: ``size`` bytes without being hard to decode."""
    content = encoded("JPEG")
    return upload("IMG_0001.JPG", content + b"\x00" * (size - len(content)))


def jpeg_of_12_mb():
    return padded_jpeg(12 * MB)


def gif():
    return upload("animation.gif", encoded("GIF"), "image/gif")


BAD_FILES = [
    pytest.param(text_renamed_jpg, NOT_A_PHOTO, id="text-renamed-jpg"),
    pytest.param(truncated_jpeg, DAMAGED, id="truncated-jpeg"),
    pytest.param(decompression_bomb, TOO_MUCH_MEMORY, id="decompression-bomb-20000x20000"),
    pytest.param(
        png_of_48_megapixels,
        ("The photo has %(megapixels)d megapixels; at most 40 are accepted.", {"megapixels": 48}),
        id="48-megapixels",
    ),
    pytest.param(svg, NOT_A_PHOTO, id="svg"),
    pytest.param(html_with_png_signature, DAMAGED, id="html-with-png-signature"),
    pytest.param(
        jpeg_of_12_mb, ("The file is %(size).1f MB; photos may be at most 10 MB.", {"size": 12.0}), id="12-mb"
    ),
    pytest.param(
        gif, ("This is a %(format)s file; only JPEG, PNG and WebP photos are accepted.", {"format": "GIF"}), id="gif"
    ),
]


# --- Helpers ------------------------------------------------------------------------


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def chinese(message) -> str:
    """The Simplified Chinese of ``message``: a source string, or (source string, its parameters)."""
    source, params = message if isinstance(message, tuple) else (message, None)
    with translation.override("zh-hans"):
        translated = translation.gettext(source)
    assert re.search(r"[\u4e00-\u9fff]", translated), f"no Chinese for {source!r}"
    return translated % params if params else translated


def read_back(field_file) -> tuple[Image.Image, bytes]:
    field_file.open("rb")
    try:
        content = field_file.read()
    finally:
        field_file.close()
    image = Image.open(BytesIO(content))
    image.load()
    return image, content


@pytest.fixture
def site():
    return SiteFactory()


@pytest.fixture
def post_photo(admin_client, site):
    """POST the photo admin's add form with ``image`` for ``site``."""
    data = {**form_data(admin_client.get(admin_url(Photo, "add"))), "site": site.pk, "caption": "外景"}

    def post(image):
        return admin_client.post(admin_url(Photo, "add"), {**data, "image": image})

    return post


@pytest.fixture
def post_inline_photo(admin_client, site):
    """POST the site's change form with one new row in its photo inline carrying ``image``."""
    data = {
        **form_data(admin_client.get(change_url(site))),
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "外景",
        "photos-0-order": "0",
    }

    def post(image):
        return admin_client.post(change_url(site), {**data, "photos-0-image": image})

    return post


# --- Refused in the photo admin -----------------------------------------------------


@pytest.mark.parametrize(("make_file", "message"), BAD_FILES)
def test_photo_admin_refuses_bad_file_next_to_the_image_field(post_photo, make_file, message):
    files_before = stored_files()

    response = post_photo(make_file())

    assert assert_refused_at_field(response, "image") == [chinese(message)]
    assert not Photo.objects.exists()
    assert stored_files() == files_before


# --- Refused in the site's photo inline ---------------------------------------------


@pytest.mark.parametrize(("make_file", "message"), BAD_FILES)
def test_site_photo_inline_refuses_bad_file_next_to_the_image_field(post_inline_photo, site, make_file, message):
    before, files_before = snapshot(site), stored_files()

    response = post_inline_photo(make_file())

    assert response.status_code == 200
    (photo_formset,) = [
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is Photo
    ]
    assert list(photo_formset.errors[0]) == ["image"]
    html = response.content.decode()
    cell_start = html.index('class="field-image"', html.index('id="photos-0"'))
    cell = html[cell_start : html.index("</td>", cell_start)]
    assert escape(chinese(message)) in cell
    assert not Photo.objects.exists()
    assert snapshot(site) == before
    assert stored_files() == files_before


def test_photo_admin_names_a_decompression_bomb_for_what_it_is(post_photo):
    response = post_photo(decompression_bomb())

    assert assert_refused_at_field(response, "image") == [chinese(TOO_MUCH_MEMORY)]


# --- Accepted, stored clean ---------------------------------------------------------

UPLOADED_NAME = "IMG_20260408_张三家.JPG"
EXIF_ORIENTATION = 0x0112
ROTATE_90_CLOCKWISE = 6


def phone_photo(image_format: str, name: str = UPLOADED_NAME) -> SimpleUploadedFile:
    """An 800×600 photo taken upright on a phone held sideways: orientation 6 and the GPS position in its EXIF."""
    exif = gps_exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE
    return upload(name, encoded(image_format, size=(800, 600), exif=exif.tobytes()), f"image/{image_format.lower()}")


ACCEPTED = [
    pytest.param("JPEG", id="jpeg"),
    pytest.param("PNG", id="png"),
    pytest.param("WEBP", id="webp"),
]


@pytest.fixture(params=["photo-admin", "site-inline"])
def post_accepted(request, post_photo, post_inline_photo):
    """Upload through the photo admin or the site's photo inline; the response must be the redirect after saving."""
    post = post_photo if request.param == "photo-admin" else post_inline_photo

    def accepted(image):
        response = post(image)
        assert response.status_code == 302, response.context and response.context["errors"]
        return Photo.objects.get()

    return accepted


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_accepted_photo_is_stored_upright_in_its_format(post_accepted, image_format):
    photo = post_accepted(phone_photo(image_format))

    image, _content = read_back(photo.image)
    assert (image.format, image.size, (photo.width, photo.height)) == (image_format, (600, 800), (600, 800))


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_accepted_photo_keeps_no_metadata_at_all(post_accepted, image_format):
    photo = post_accepted(phone_photo(image_format))

    for stored in (photo.image, photo.thumbnail):
        image, content = read_back(stored)
        assert len(image.getexif()) == 0, stored.name
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(image.info), image.info
        assert b"Exif\x00\x00" not in content and b"Apple" not in content, stored.name


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_accepted_photo_gets_a_jpeg_thumbnail(post_accepted, image_format):
    photo = post_accepted(phone_photo(image_format))

    thumbnail, _content = read_back(photo.thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (270, 360))


def test_accepted_photo_is_stored_under_a_random_name(post_accepted):
    photo = post_accepted(phone_photo("JPEG"))

    assert re.fullmatch(r"photos/[0-9a-f]{32}(\.jpg)?", photo.image.name), photo.image.name
    assert re.fullmatch(r"photos/thumbnails/[0-9a-f]{32}\.jpg", photo.thumbnail.name), photo.thumbnail.name
    assert "IMG_20260408" not in photo.image.name and "张三" not in photo.image.name


@pytest.mark.parametrize(("image_format", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_accepted_photo_name_ends_with_the_extension_of_its_real_format(post_photo, image_format, extension):
    # Named .jpg whatever it is: the stored name follows the content.
    post_photo(phone_photo(image_format, name="photo.jpg"))

    assert Photo.objects.get().image.name.endswith(f".{extension}")


# --- belts.images on its own ----------------------------------------------------------


@pytest.mark.parametrize(
    ("make_file", "code"),
    [
        pytest.param(text_renamed_jpg, "not_an_image", id="text-renamed-jpg"),
        pytest.param(truncated_jpeg, "damaged", id="truncated-jpeg"),
        pytest.param(decompression_bomb, "too_many_pixels", id="decompression-bomb-20000x20000"),
        pytest.param(png_of_48_megapixels, "too_many_pixels", id="48-megapixels"),
        pytest.param(svg, "not_an_image", id="svg"),
        pytest.param(html_with_png_signature, "damaged", id="html-with-png-signature"),
        pytest.param(jpeg_of_12_mb, "too_large", id="12-mb"),
        pytest.param(gif, "format", id="gif"),
    ],
)
def test_validate_photo_refuses_crafted_file_with_its_reason(make_file, code):
    with pytest.raises(ValidationError) as raised:
        images.validate_photo(make_file())

    assert raised.value.code == code


def test_validate_photo_accepts_10_mb_and_refuses_a_byte_more():
    images.validate_photo(padded_jpeg(images.MAX_BYTES))

    with pytest.raises(ValidationError) as raised:
        images.validate_photo(padded_jpeg(images.MAX_BYTES + 1))
    assert raised.value.code == "too_large"


def test_crafted_bomb_is_a_valid_png_claiming_400_megapixels_in_a_few_kilobytes():
    bomb = png_claiming(20_000, 20_000)

    assert len(bomb) < 100_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(BytesIO(bomb))


@pytest.mark.parametrize("image_format", ACCEPTED)
def test_cleaned_photo_and_thumbnail_drop_the_gps_position(image_format):
    photo = phone_photo(image_format)

    for cleaned in (images.cleaned_photo(photo), images.thumbnail_of(photo)):
        image = Image.open(BytesIO(cleaned.read()))
        assert ExifTags.IFD.GPSInfo not in image.getexif() and not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_an_accepted_photo_is_decoded_once_to_check_it_then_once_each_to_clean_it_and_to_make_its_thumbnail(
    post_accepted, monkeypatch
):
    """The form field and the model's full_clean both ask for the check; a 40-megapixel photo is decoded three
    times, not four."""
    decoded = []
    open_image = images._open
    monkeypatch.setattr(images, "_open", lambda upload: decoded.append(upload) or open_image(upload))

    post_accepted(phone_photo("JPEG"))

    assert len(decoded) == 3
