"""Reads for the follow-up pages and reminders: each in a fixed number of queries, whatever the number of rows."""

import datetime

from django.db.models import Prefetch, QuerySet

from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence
from sites.models import Project

REMINDER_WINDOW_DAYS = 7


def followup_list(*, user, today: datetime.date) -> QuerySet[FollowUp]:
    """The tasks ``user`` may see, flagged when overdue, by deadline (narrowed by ``FollowUpFilterSet``)."""
    return (
        FollowUp.objects.visible_to(user)
        .with_overdue_flag(today=today)
        .select_related("inspection__belt__district", "site")
        .order_by("deadline", "pk")
    )


def followup_detail(*, user, today: datetime.date) -> QuerySet[FollowUp]:
    """Visible tasks with their visit, who answered and closed them, and their history with evidence photos."""
    events = FollowUpEvent.objects.select_related("user").prefetch_related(
        Prefetch("photos", queryset=FollowUpEvidence.objects.order_by("pk"))
    )
    return (
        FollowUp.objects.visible_to(user)
        .with_overdue_flag(today=today)
        .select_related("inspection__belt__district", "site", "answered_by", "closed_by")
        .prefetch_related(Prefetch("events", queryset=events.order_by("at", "pk")))
    )


def followups_to_remind(*, today: datetime.date) -> QuerySet[FollowUp]:
    """Tasks awaiting their district's answer that are overdue or due within the reminder window."""
    return (
        (FollowUp.objects.overdue(today=today) | FollowUp.objects.due_within(REMINDER_WINDOW_DAYS, today=today))
        .with_overdue_flag(today=today)
        .select_related("inspection__belt__district", "site")
        .order_by("deadline", "pk")
    )


def projects_to_remind(*, today: datetime.date) -> QuerySet[Project]:
    """Projects not completed that are overdue or due within the reminder window (archived ones left out)."""
    return (
        (Project.objects.overdue(today=today) | Project.objects.due_within(REMINDER_WINDOW_DAYS, today=today))
        .active()
        .with_schedule_flags(today=today)
        .select_related("site__belt__district")
        .order_by("planned_completion", "pk")
    )
