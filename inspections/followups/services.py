"""The follow-up workflow (督办): the one place where a task is answered, closed or sent back.

open ──answer (the task's district)──▶ answered ──close (the committee)──▶ closed
  ▲                                        │
  └──────send back with a reason (the committee)

Each step checks who may take it and from which state, locks the task's row,
records who and when on the task and in its history (``FollowUpEvent``), and
raises ``TransitionRefused`` (a ``ValidationError``) for a step the user may not
take or the task's state does not allow; views answer that with 403. The admin,
the committee's pages and any other caller go through these functions.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from belts import roles
from belts.images import store_photo, validate_photo
from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence

CHANGE_FOLLOWUP = "inspections.change_followup"

ANSWER = "answer"
CLOSE = "close"
SEND_BACK = "send_back"


class TransitionRefused(ValidationError):
    """A workflow step this user may not take, or that the task's present state does not allow."""


def is_committee_reviewer(user) -> bool:
    """A superuser, or a committee member (sees every district) allowed to change follow-ups."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or (roles.sees_all_districts(user) and user.has_perm(CHANGE_FOLLOWUP))


def is_task_district_editor(user, followup: FollowUp) -> bool:
    """A superuser, or an editor of the task's district allowed to change follow-ups (not a committee member)."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    if roles.sees_all_districts(user) or not user.has_perm(CHANGE_FOLLOWUP):
        return False
    return roles.may_edit(user, followup)


def _check_answer(followup: FollowUp, user) -> None:
    if not is_task_district_editor(user, followup):
        raise TransitionRefused(_("Only an editor of the task's district may answer it."), code="role")
    if followup.status == FollowUpStatus.ANSWERED:
        raise TransitionRefused(_("This task has already been answered and awaits the committee."), code="state")
    if followup.status == FollowUpStatus.CLOSED:
        raise TransitionRefused(_("This task is closed; it can no longer be answered."), code="state")


def _check_review(followup: FollowUp, user) -> None:
    if not is_committee_reviewer(user):
        raise TransitionRefused(_("Only the committee may close a task or send it back."), code="role")
    if followup.status == FollowUpStatus.OPEN:
        raise TransitionRefused(
            _("This task has not been answered yet; only an answered task can be closed or sent back."), code="state"
        )
    if followup.status == FollowUpStatus.CLOSED:
        raise TransitionRefused(_("This task is already closed."), code="state")


def followup_refusal(*, followup: FollowUp, user, action: str) -> TransitionRefused | None:
    """Why ``user`` may not take ``action`` on ``followup`` as it stands, or None when he may."""
    check = _check_answer if action == ANSWER else _check_review
    try:
        check(followup, user)
    except TransitionRefused as refusal:
        return refusal
    return None


def followup_allowed_actions(*, followup: FollowUp, user) -> set[str]:
    """The workflow steps ``user`` may take on ``followup`` as it stands (``ANSWER``, ``CLOSE``, ``SEND_BACK``)."""
    return {
        action
        for action in (ANSWER, CLOSE, SEND_BACK)
        if followup_refusal(followup=followup, user=user, action=action) is None
    }


def _locked(followup: FollowUp) -> FollowUp:
    """The task's row as it is now in the database, locked until the transaction ends."""
    return FollowUp.objects.select_for_update().get(pk=followup.pk)


def _save(followup: FollowUp, locked: FollowUp) -> FollowUp:
    locked.full_clean()
    locked.save()
    # The caller's instance reflects the step too.
    for name in ("status", "response", "answered_at", "answered_by_id", "closed_at", "closed_by_id", "updated_at"):
        setattr(followup, name, getattr(locked, name))
    return locked


def validate_response(response: str) -> None:
    """An answer needs the district's response."""
    if not response or not response.strip():
        raise ValidationError({"response": _("Write the district's response.")})


def validate_reason(reason: str) -> None:
    """Sending back needs a reason."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Say why the task is sent back: the district will read it.")})


def evidence_validate(photos: Iterable) -> None:
    """Refuse, on the ``photos`` field, any upload that is not a photo accepted like a site's photos."""
    for photo in photos:
        try:
            validate_photo(photo)
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from error


def _evidence_save(*, event: FollowUpEvent, upload) -> FollowUpEvidence:
    evidence = FollowUpEvidence(event=event, image=upload)
    evidence.full_clean()
    store_photo(evidence)
    evidence.save()
    return evidence


@transaction.atomic
def followup_answer(*, followup: FollowUp, response: str, user, photos: Iterable = ()) -> FollowUp:
    """The task's district answers an open task: its response and evidence photos, with who and when.

    The task then awaits the committee. Refused (``TransitionRefused``) for anyone
    but an editor of the task's district or a superuser, and for a task not open.
    """
    photos = list(photos)
    locked = _locked(followup)
    _check_answer(locked, user)
    validate_response(response)
    evidence_validate(photos)
    now = timezone.now()
    locked.response = response.strip()
    locked.status = FollowUpStatus.ANSWERED
    locked.answered_at, locked.answered_by = now, user
    locked.closed_at = locked.closed_by = None
    _save(followup, locked)
    event = FollowUpEvent.objects.create(
        followup=locked, action=FollowUpAction.ANSWERED, text=locked.response, user=user, at=now
    )
    for photo in photos:
        _evidence_save(event=event, upload=photo)
    return locked


@transaction.atomic
def followup_close(*, followup: FollowUp, user, note: str = "") -> FollowUp:
    """The committee accepts the district's answer and closes the task, recording who and when."""
    locked = _locked(followup)
    _check_review(locked, user)
    now = timezone.now()
    locked.status = FollowUpStatus.CLOSED
    locked.closed_at, locked.closed_by = now, user
    _save(followup, locked)
    FollowUpEvent.objects.create(followup=locked, action=FollowUpAction.CLOSED, text=note.strip(), user=user, at=now)
    return locked


@transaction.atomic
def followup_send_back(*, followup: FollowUp, user, reason: str) -> FollowUp:
    """The committee finds the answer insufficient: the task is open again, with the reason shown to the district.

    The previous answer stays in the task's history; the district answers again.
    """
    locked = _locked(followup)
    _check_review(locked, user)
    validate_reason(reason)
    now = timezone.now()
    locked.status = FollowUpStatus.OPEN
    locked.answered_at = locked.answered_by = None
    _save(followup, locked)
    FollowUpEvent.objects.create(
        followup=locked, action=FollowUpAction.SENT_BACK, text=reason.strip(), user=user, at=now
    )
    return locked
