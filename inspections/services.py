"""Writes with a rule on inspections and follow-up tasks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.choices import FollowUpStatus
from inspections.models import FollowUp


@transaction.atomic
def followup_answer(*, followup: FollowUp, response: str, user) -> FollowUp:
    """The district answers a task: the response is recorded with who and when, and the task awaits the committee."""
    if followup.status == FollowUpStatus.CLOSED:
        raise ValidationError({"response": _("This task is closed; it can no longer be answered.")})
    if not response.strip():
        raise ValidationError({"response": _("Write the district's response.")})
    followup.response = response
    followup.status = FollowUpStatus.ANSWERED
    followup.answered_at = timezone.now()
    followup.answered_by = user
    followup.full_clean()
    followup.save()
    return followup


def followup_record_closing(*, followup: FollowUp, user) -> None:
    """When the committee sets a task to closed, note who closed it and when, unless given."""
    if followup.status == FollowUpStatus.CLOSED and followup.closed_at is None:
        followup.closed_at = timezone.now()
        followup.closed_by = followup.closed_by or user
