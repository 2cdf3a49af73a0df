"""Uploaded photos: accepted only when they are what they claim, stored without metadata, shown resized.

Phones send JPEGs with the GPS position of the photographer in their EXIF
data; people rename other files to ``.jpg``. Every upload is therefore decoded
in full by Pillow, judged by its content (never its name), re-encoded upright
with no metadata at all, and given a thumbnail that lists and cards use.

These rules serve every app (site photos, a belt's cover, follow-up evidence),
so they live in the bottom layer.
"""

import math
import warnings
from io import BytesIO

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (480, 360)
THUMBNAIL_QUALITY = 80
PHOTO_QUALITY = 90


def _open(upload) -> Image.Image:
    """The upload decoded in full, after the checks that need no decoding; ValidationError otherwise."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; photos may be at most 10 MB."),
            code="too_large",
            # Rounded up, so that a file just over the limit never reads "10.0 MB".
            params={"size": math.ceil(upload.size / 1024 / 1024 * 10) / 10},
        )
    if getattr(upload, "closed", False):
        upload.open("rb")
    upload.seek(0)
    # Decoded from a copy in memory (at most 10 MB), so the upload itself stays open for saving.
    data = BytesIO(upload.read())
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(data)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    _("This is a %(format)s file; only JPEG, PNG and WebP photos are accepted."),
                    code="format",
                    params={"format": image.format or "?"},
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("The photo has %(megapixels)d megapixels; at most 40 are accepted."),
                    code="too_many_pixels",
                    params={"megapixels": width * height // 1_000_000},
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The photo would take too much memory to open; at most 40 megapixels are accepted."),
            code="too_many_pixels",
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("This file is not a photo: only JPEG, PNG and WebP photos are accepted."), code="not_an_image"
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("The photo is damaged or incomplete and cannot be read."), code="damaged") from error
    return image


def validate_photo(upload) -> None:
    """Field validator: refuse anything but a complete JPEG, PNG or WebP photo within the limits.

    A photo already stored passed this check when it was uploaded, and an upload is decoded for it only
    once: the form field and the model's ``full_clean`` both ask.
    """
    if getattr(upload, "_committed", False):
        return
    # The uploaded file itself, given bare (a form field) or inside the model's FieldFile (full_clean).
    uploaded = getattr(upload, "_file", None) or upload
    if getattr(uploaded, "_photo_checked", False):
        return
    _open(upload).close()
    uploaded._photo_checked = True


class PhotoFormField(forms.ImageField):
    """The form field for photos: the checks of ``validate_photo`` come first, with their own messages.

    Django's ImageField would otherwise open the file itself and answer every
    refusal (a decompression bomb, an SVG…) with one generic message.
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            validate_photo(upload)
        return super().to_python(data)


class PhotoField(models.ImageField):
    """A model ImageField for photos: its forms use ``PhotoFormField``, and only the cleaned copy is stored.

    Whatever saves the model (the admin, the API, a service), a new upload is
    replaced by ``cleaned_photo`` (upright, no metadata, a name from its real
    format) just before it is written, so the uploaded bytes never reach the
    storage. Give it ``validators=[validate_photo]`` so that ``full_clean``
    refuses a bad upload with its reason first.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhotoFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = cleaned_photo(file)
            file.save(cleaned.name, cleaned, save=False)
        return super().pre_save(model_instance, add)


def _encode(image: Image.Image, image_format: str, **options) -> bytes:
    """``image`` (the caller's own copy) encoded with none of the metadata it was read with."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = _flatten(image)
    # Pillow writes some of what it read back out: a JPEG's comment, a PNG's ICC profile. Only the
    # transparency of a palette or grey PNG belongs to the pixels.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    buffer = BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB copy of ``image`` with any transparency laid on white."""
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.convert("RGBA").getchannel("A"))
    return background


def cleaned_photo(upload) -> ContentFile:
    """The photo upright, re-encoded in its own format with no metadata (EXIF, GPS, XMP, comments)."""
    with _open(upload) as image:
        image_format = image.format
        upright = ImageOps.exif_transpose(image)
        options = {"JPEG": {"quality": PHOTO_QUALITY, "optimize": True}, "WEBP": {"quality": PHOTO_QUALITY}}
        data = _encode(upright, image_format, **options.get(image_format, {"optimize": True}))
    return ContentFile(data, name=f"photo.{ACCEPTED_FORMATS[image_format]}")


def thumbnail_of(upload, *, size: tuple[int, int] = THUMBNAIL_SIZE) -> ContentFile:
    """A JPEG no larger than ``size``, upright, without metadata."""
    with _open(upload) as image:
        thumbnail = ImageOps.exif_transpose(image)
        thumbnail.thumbnail(size, Image.Resampling.LANCZOS)
        data = _encode(thumbnail, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True, progressive=True)
    return ContentFile(data, name="thumbnail.jpg")


def store_photo(obj) -> None:
    """Prepare a validated model instance with ``image`` (a ``PhotoField``) and ``thumbnail`` fields for saving.

    The thumbnail is made when the image is new or has none yet; the image
    itself is stored cleaned by its field when the caller saves ``obj``.
    """
    if obj.image._committed is False or not obj.thumbnail:
        obj.thumbnail.save("thumbnail.jpg", thumbnail_of(obj.image), save=False)
