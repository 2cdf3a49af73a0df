"""Building blocks shared by every app's models and querysets."""

import uuid
from functools import reduce
from operator import or_
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from belts import roles


class ArchivableModel(models.Model):
    """Abstract base for records that are archived (hidden everywhere, restorable) rather than deleted."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Abstract base for records two people may edit at once: each save raises ``version``.

    A form that loaded version 3 may save only while the row is still at 3;
    otherwise someone else has saved in between and the save is refused.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    """Abstract base recording when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DistrictScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a district, the permission boundary.

    Subclasses name the lookup path(s) from their model to ``District`` in
    ``district_lookups`` (several when a row may hang from different parents)
    and define ``published()``.
    """

    district_lookups: tuple[str, ...] = ()
    # Paths to the ``archived_at`` fields of the row and the parents it hangs from:
    # an archived row, or one under an archived parent, is hidden everywhere.
    archive_lookups: tuple[str, ...] = ()
    # True for the committee's own records, which committee reviewers change in every district.
    committee_records = False

    def active(self):
        """Rows neither archived nor under an archived parent."""
        if not self.archive_lookups:
            return self.all()
        return self.exclude(reduce(or_, (Q(**{f"{lookup}__isnull": False}) for lookup in self.archive_lookups)))

    def archived(self):
        """Rows archived themselves (restorable by whoever may edit them)."""
        return self.filter(archived_at__isnull=False)

    def published(self):
        raise NotImplementedError

    def public(self):
        """What anyone, signed in or not, may see: published rows by default."""
        return self.published()

    def in_districts(self, districts):
        """Rows belonging to any of ``districts`` (a queryset, ids or instances)."""
        return self.filter(reduce(or_, (Q(**{f"{lookup}__in": districts}) for lookup in self.district_lookups)))

    def visible_to(self, user, *, include_archived: bool = False):
        """Rows ``user`` may see in the management interfaces.

        Superusers and committee members see everything; other staff see their
        districts' rows, published or not; everyone else sees the public rows.
        Archived rows only with ``include_archived`` (where they are restored).
        """
        queryset = self if include_archived else self.active()
        if roles.sees_all_districts(user):
            return queryset.all()
        if roles.is_district_staff(user):
            return queryset.in_districts(user.districts.all())
        return queryset.public()

    def editable_by(self, user):
        """Rows ``user`` may change: all for a superuser; his districts' rows for a district editor;
        for a committee reviewer, the committee's own records everywhere and nothing else.
        """
        if not (user and user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self.all()
        if roles.sees_all_districts(user):
            return self.all() if self.committee_records else self.none()
        return self.in_districts(user.districts.all())


@deconstructible
class RandomFilename:
    """``upload_to`` callable storing uploads under a random name in ``folder``.

    The uploader's file name (often a phone's ``IMG_0001.JPG``, sometimes a
    person's name) is neither kept nor trusted; only its lower-cased extension is.
    """

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomFilename) and other.folder == self.folder


def clashes(instance: models.Model, **lookups) -> bool:
    """True when another row of ``instance``'s model matches ``lookups``.

    Lets ``clean()`` report a two-field unique rule next to the field staff
    should change; the database constraint still guards every other path.
    """
    if any(value is None for value in lookups.values()):
        return False
    return type(instance)._default_manager.filter(**lookups).exclude(pk=instance.pk).exists()
