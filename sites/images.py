"""The photo rules of ``belts.images``, under the name the sites and inspections apps and their migrations use.

One implementation: a belt's cover image follows the same rules as a site's
photos, and belts may not import from sites.
"""

from belts.images import (
    ACCEPTED_FORMATS,
    MAX_BYTES,
    MAX_PIXELS,
    PHOTO_QUALITY,
    THUMBNAIL_QUALITY,
    THUMBNAIL_SIZE,
    PhotoField,
    PhotoFormField,
    cleaned_photo,
    store_photo,
    thumbnail_of,
    validate_photo,
)

__all__ = [
    "ACCEPTED_FORMATS",
    "MAX_BYTES",
    "MAX_PIXELS",
    "PHOTO_QUALITY",
    "THUMBNAIL_QUALITY",
    "THUMBNAIL_SIZE",
    "PhotoField",
    "PhotoFormField",
    "cleaned_photo",
    "store_photo",
    "thumbnail_of",
    "validate_photo",
]
