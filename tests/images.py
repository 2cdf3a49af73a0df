"""Real image files for the tests, made with Pillow (or by hand where Pillow would need the memory), and the
messages the photo rules (belts/images.py) answer them with."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

MB = 1024 * 1024

NOT_A_PHOTO = "This file is not a photo: only JPEG, PNG and WebP photos are accepted."
DAMAGED = "The photo is damaged or incomplete and cannot be read."
TOO_MUCH_MEMORY = "The photo would take too much memory to open; at most 40 megapixels are accepted."


def encoded(image_format: str, size=(64, 48), color="red", **options) -> bytes:
    """A plain image of ``size`` in ``image_format`` (JPEG, PNG, GIF…); ``options`` go to Pillow's save."""
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def jpeg(name: str = "IMG_0001.JPG", *, size=(64, 48), exif: Image.Exif | None = None) -> SimpleUploadedFile:
    """A real JPEG upload, with ``exif`` if given."""
    options = {"exif": exif.tobytes()} if exif is not None else {}
    return SimpleUploadedFile(name, encoded("JPEG", size=size, **options), content_type="image/jpeg")


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: camera, time and the GPS position (IFD 0x8825) of the photographer."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.DateTime] = "2026:04:08 10:30:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (26.0, 2.0, 52.8),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (119.0, 18.0, 43.2),
    }
    return exif


def png_claiming(width: int, height: int) -> bytes:
    """A complete, valid 1-bit PNG of ``width``×``height`` white pixels, a few KB however large it claims to be.

    Built by hand (Pillow would need the whole image in memory to write it): a
    decoder that trusted the header would allocate ``width × height`` bytes.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then the packed bits
    rows = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
