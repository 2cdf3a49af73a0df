import datetime

import pytest

from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection
from tests.factories import FollowUpFactory, InspectionSiteFactory

pytestmark = pytest.mark.django_db

ANSWERED_AT = datetime.datetime(2026, 4, 28, 10, 0, tzinfo=datetime.UTC)
CLOSED_AT = datetime.datetime(2026, 5, 6, 16, 30, tzinfo=datetime.UTC)
STATUS_FIELDS = {
    FollowUpStatus.OPEN: {},
    FollowUpStatus.ANSWERED: {"response": "已明确责任人和完成时限。", "answered_at": ANSWERED_AT},
    FollowUpStatus.CLOSED: {"response": "已整改到位。", "answered_at": ANSWERED_AT, "closed_at": CLOSED_AT},
}


def make_followup(today, *, deadline, status=FollowUpStatus.OPEN):
    """A follow-up due ``deadline`` days from ``today``, with what its ``status`` requires."""
    return FollowUpFactory(deadline=today + datetime.timedelta(days=deadline), status=status, **STATUS_FIELDS[status])


FOLLOWUP_OVERDUE_CASES = [
    pytest.param(-1, FollowUpStatus.OPEN, True, id="open past deadline"),
    pytest.param(0, FollowUpStatus.OPEN, False, id="open, deadline today"),
    pytest.param(7, FollowUpStatus.OPEN, False, id="open before deadline"),
    pytest.param(-1, FollowUpStatus.ANSWERED, False, id="answered past deadline"),
    pytest.param(-1, FollowUpStatus.CLOSED, False, id="closed past deadline"),
]


@pytest.mark.parametrize(("deadline", "status", "expected"), FOLLOWUP_OVERDUE_CASES)
def test_followup_overdue_means_still_open_past_deadline(today, deadline, status, expected):
    followup = make_followup(today, deadline=deadline, status=status)

    assert (followup in FollowUp.objects.overdue(today=today)) is expected


@pytest.mark.parametrize(("deadline", "status", "expected"), FOLLOWUP_OVERDUE_CASES)
def test_followup_overdue_flag_agrees_with_overdue(today, deadline, status, expected):
    followup = make_followup(today, deadline=deadline, status=status)

    assert FollowUp.objects.with_overdue_flag(today=today).get(pk=followup.pk).is_overdue is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [(FollowUpStatus.OPEN, True), (FollowUpStatus.ANSWERED, True), (FollowUpStatus.CLOSED, False)],
    ids=["open", "answered", "closed"],
)
def test_followup_unresolved_means_not_closed(today, status, expected):
    followup = make_followup(today, deadline=0, status=status)

    assert (followup in FollowUp.objects.unresolved()) is expected


def test_inspection_never_published():
    InspectionSiteFactory(inspection__belt__published=True, site__published=True)

    assert not Inspection.objects.published().exists()


def test_followup_never_published():
    FollowUpFactory(inspection__belt__published=True)

    assert not FollowUp.objects.published().exists()


def test_followup_due_within_counts_only_open_tasks_in_the_window(today):
    due = FollowUpFactory(deadline=today + datetime.timedelta(days=7))
    FollowUpFactory(deadline=today + datetime.timedelta(days=8))
    FollowUpFactory(deadline=today - datetime.timedelta(days=1))
    FollowUpFactory(
        deadline=today,
        status=FollowUpStatus.ANSWERED,
        response="已整改。",
        answered_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )

    assert list(FollowUp.objects.due_within(7, today=today)) == [due]
