"""photo_save: a photo is validated and gets an upright JPEG thumbnail, made again only when the image changes."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from belts.images import THUMBNAIL_SIZE
from sites.models import Photo
from sites.services import photo_save
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

EXIF_ORIENTATION = 0x0112
ROTATE_90_CLOCKWISE = 6


def upload(size, *, mode="RGB", color="red", image_format="JPEG", name="photo.jpg", draw=None, exif=None):
    image = Image.new(mode, size, color)
    if draw:
        draw(image)
    buffer = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def thumbnail_of(photo) -> Image.Image:
    photo.thumbnail.open("rb")
    try:
        image = Image.open(BytesIO(photo.thumbnail.read()))
        image.load()
    finally:
        photo.thumbnail.close()
    return image


@pytest.fixture
def site():
    return SiteFactory()


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        pytest.param((4000, 3000), (480, 360), id="landscape 4:3"),
        pytest.param((3000, 4000), (270, 360), id="portrait 3:4"),
        pytest.param((4000, 1000), (480, 120), id="panorama"),
        pytest.param((200, 100), (200, 100), id="small image is not enlarged"),
    ],
)
def test_photo_save_makes_a_jpeg_thumbnail_within_480_by_360(site, size, expected):
    photo = photo_save(photo=Photo(site=site, image=upload(size)))

    thumbnail = thumbnail_of(photo)

    assert (thumbnail.format, thumbnail.size) == ("JPEG", expected)
    assert thumbnail.width <= THUMBNAIL_SIZE[0] and thumbnail.height <= THUMBNAIL_SIZE[1]


def test_photo_save_keeps_the_original_image(site):
    photo = photo_save(photo=Photo(site=site, image=upload((1600, 1200))))

    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.image.name != photo.thumbnail.name


def test_transparent_png_gets_a_white_background(site):
    def opaque_left_half(image):
        image.paste((0, 0, 255, 255), (0, 0, 400, 600))

    png = upload(
        (800, 600), mode="RGBA", color=(0, 0, 0, 0), image_format="PNG", name="logo.png", draw=opaque_left_half
    )

    thumbnail = thumbnail_of(photo_save(photo=Photo(site=site, image=png)))

    assert thumbnail.mode == "RGB"
    assert _near(thumbnail.getpixel((60, 180)), (0, 0, 255))
    assert _near(thumbnail.getpixel((420, 180)), (255, 255, 255))


def test_jpeg_with_exif_orientation_6_comes_out_upright(site):
    # Stored 800×400 with the top half red; orientation 6 means "turn 90° clockwise to view":
    # upright it is 400×800 with the red half on the right.
    def red_top_blue_bottom(image):
        image.paste((0, 0, 255), (0, 200, 800, 400))

    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE
    jpeg = upload((800, 400), draw=red_top_blue_bottom, exif=exif.tobytes())

    thumbnail = thumbnail_of(photo_save(photo=Photo(site=site, image=jpeg)))

    assert thumbnail.size == (180, 360)
    assert _near(thumbnail.getpixel((150, 180)), (255, 0, 0))
    assert _near(thumbnail.getpixel((30, 180)), (0, 0, 255))


def test_thumbnail_carries_no_exif(site):
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = ROTATE_90_CLOCKWISE
    photo = photo_save(photo=Photo(site=site, image=upload((800, 400), exif=exif.tobytes())))

    assert EXIF_ORIENTATION not in thumbnail_of(photo).getexif()


def test_changing_only_the_caption_keeps_the_thumbnail(site):
    saved = photo_save(photo=Photo(site=site, image=upload((800, 600))))
    photo = Photo.objects.get(pk=saved.pk)
    photo.caption = "党群服务中心夜景"

    photo_save(photo=photo)

    photo.refresh_from_db()
    assert (photo.caption, photo.thumbnail.name) == ("党群服务中心夜景", saved.thumbnail.name)


def test_replacing_the_image_makes_a_new_thumbnail(site):
    saved = photo_save(photo=Photo(site=site, image=upload((800, 600))))
    photo = Photo.objects.get(pk=saved.pk)
    photo.image = upload((600, 800), color="green")

    photo_save(photo=photo)

    assert photo.thumbnail.name != saved.thumbnail.name
    assert thumbnail_of(photo).size == (270, 360)


def test_photo_without_subject_is_refused_and_not_saved(site):
    with pytest.raises(ValidationError):
        photo_save(photo=Photo(image=upload((800, 600))))

    assert not Photo.objects.exists()


def truncated_jpeg() -> SimpleUploadedFile:
    """The first half of a JPEG, as an interrupted upload leaves it: Django's ImageField form field accepts it."""
    whole = upload((800, 600)).read()
    return SimpleUploadedFile("photo.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(lambda: SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg"), id="text"),
        pytest.param(truncated_jpeg, id="truncated jpeg"),
    ],
)
def test_photo_save_refuses_unreadable_image_with_validation_error(site, image):
    with pytest.raises(ValidationError) as raised:
        photo_save(photo=Photo(site=site, image=image()))

    assert "image" in raised.value.message_dict


def _near(pixel, expected, tolerance=24) -> bool:
    """JPEG shifts colours a little: compare each channel within ``tolerance``."""
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))
