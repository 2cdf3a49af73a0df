"""Archiving instead of deleting: a record with a history is hidden everywhere but can be restored."""

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def archive(*, obj) -> None:
    """Hide ``obj`` (and what hangs from it) from every list, page and API; its history stays."""
    if obj.archived_at is None:
        obj.archived_at = timezone.now()
        obj.version += 1
        obj.save()


@transaction.atomic
def restore(*, obj) -> None:
    """Bring an archived ``obj`` back where it was."""
    if obj.archived_at is not None:
        obj.archived_at = None
        obj.version += 1
        obj.save()
