"""Writes with a rule or a side effect on sites and what hangs from them."""

from django.db import transaction

from sites.images import thumbnail_of
from sites.models import Photo


@transaction.atomic
def photo_save(*, photo: Photo) -> Photo:
    """Validate and save ``photo``, making its thumbnail when the image is new or replaced."""
    photo.full_clean()
    image_changed = photo.pk is None or not photo.thumbnail or photo.image._committed is False
    if image_changed:
        photo.thumbnail.save("thumbnail.jpg", thumbnail_of(photo.image), save=False)
    photo.save()
    return photo
