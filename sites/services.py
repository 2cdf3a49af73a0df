"""Writes with a rule or a side effect on sites and what hangs from them."""

from django.db import transaction

from sites.images import cleaned_photo, thumbnail_of
from sites.models import Photo


@transaction.atomic
def photo_save(*, photo: Photo) -> Photo:
    """Validate and save ``photo``; a new or replaced image is stored cleaned, under a random name, with a thumbnail.

    Raises ValidationError (on ``image``) for anything but a complete JPEG, PNG or
    WebP photo within the limits of ``sites.images``.
    """
    photo.full_clean()
    if photo.pk is None or photo.image._committed is False or not photo.thumbnail:
        if photo.image._committed is False:
            photo.image.save("photo", cleaned_photo(photo.image), save=False)
        photo.thumbnail.save("thumbnail.jpg", thumbnail_of(photo.image), save=False)
    photo.save()
    return photo
