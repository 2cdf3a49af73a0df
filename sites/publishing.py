"""What a site needs before the public may see it: the one "ready to publish" rule."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

POSITIONING = _("a positioning")
LOCATION = _("a location on the map")
PHOTO = _("at least one photo")
HOST = _("a host organisation")


def publication_gaps(site) -> list:
    """What ``site`` still lacks to be published, in the order staff fill them in; empty when ready.

    Uses the ``photo_count`` annotation (``Site.objects.with_photo_count()``) when
    present, so that lists ask no query per row.
    """
    gaps = []
    if not (site.positioning or "").strip():
        gaps.append(POSITIONING)
    if site.latitude is None or site.longitude is None:
        gaps.append(LOCATION)
    photo_count = getattr(site, "photo_count", None)
    if photo_count is None:
        photo_count = site.photos.count() if site.pk else 0
    if not photo_count:
        gaps.append(PHOTO)
    if site.organization_id is None:
        gaps.append(HOST)
    return gaps


def publication_refusal(site, *, was_published: bool) -> str | None:
    """Why ``site``, with the values about to be saved, may not become public now; None when it may.

    Only a site being newly published is checked: one already public stays so.
    """
    if not site.published or was_published:
        return None
    gaps = publication_gaps(site)
    return not_ready_message(gaps) if gaps else None


def not_ready_message(gaps) -> str:
    return gettext("Not ready to publish; the site still needs %(gaps)s. (Save new photos first, then publish.)") % {
        "gaps": "、".join(str(gap) for gap in gaps)
    }
