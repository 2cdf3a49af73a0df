"""Resized copies of uploaded photos, so that pages never send the original to a phone."""

from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

THUMBNAIL_SIZE = (480, 360)
THUMBNAIL_QUALITY = 80


def thumbnail_of(image_file, *, size: tuple[int, int] = THUMBNAIL_SIZE) -> ContentFile:
    """A JPEG no larger than ``size``, upright (EXIF orientation applied), without metadata."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(size, Image.Resampling.LANCZOS)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.convert("RGBA").getchannel("A"))
            image = background
        buffer = BytesIO()
        image.save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="thumbnail.jpg")
