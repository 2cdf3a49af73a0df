"""Writes with a rule or a side effect on sites and what hangs from them."""

from django.db import transaction

from belts.images import store_photo
from sites.models import Photo, Project, Site
from sites.publishing import publication_gaps


@transaction.atomic
def photo_save(*, photo: Photo) -> Photo:
    """Validate and save ``photo``; a new or replaced image is stored cleaned, under a random name, with a thumbnail.

    Raises ValidationError (on ``image``) for anything but a complete JPEG, PNG or
    WebP photo within the limits of ``belts.images``.
    """
    photo.full_clean()
    store_photo(photo)
    photo.save()
    return photo


@transaction.atomic
def sites_set_published(*, sites, published: bool) -> dict[Site, list]:
    """Publish or unpublish ``sites`` one by one (each save recorded in its history, its version raised).

    A site is published only when ready (``publication_gaps``); returns the sites
    refused, each with what it lacks.
    """
    refused = {}
    # A fresh queryset: the admin's may carry outer joins that cannot be locked.
    for site in Site.objects.filter(pk__in=sites.values("pk")).select_for_update().with_photo_count():
        if site.published == published:
            continue
        if published and (gaps := publication_gaps(site)):
            refused[site] = gaps
            continue
        site.published = published
        site.version += 1
        site.save()
    return refused


@transaction.atomic
def projects_set_published(*, projects, published: bool) -> int:
    """Publish or unpublish ``projects`` one by one, recording each in its history; returns how many changed."""
    changed = 0
    for project in Project.objects.filter(pk__in=projects.values("pk")).select_for_update():
        if project.published != published:
            project.published = published
            project.version += 1
            project.save()
            changed += 1
    return changed
