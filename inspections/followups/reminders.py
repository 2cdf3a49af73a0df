"""The daily reminder: each district's editors are emailed what falls due, at most once a day."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from belts.models import District
from inspections.followups.selectors import REMINDER_WINDOW_DAYS, followups_to_remind, projects_to_remind
from inspections.models import ReminderLog

SENT = "sent"
ALREADY_SENT = "already sent"
NO_RECIPIENT = "no recipient"


@dataclass
class DistrictReminder:
    """What one district's editors are reminded of, and what became of the reminder."""

    district: District
    followups: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    outcome: str = ""


def _link(base_url: str, path: str) -> str:
    return f"{base_url}{path}"


def reminders_build(*, today: datetime.date) -> list[DistrictReminder]:
    """Per district with anything due, the open tasks and unfinished projects overdue or due within 7 days.

    Districts with nothing due are left out. Three queries, whatever the number of districts and rows.
    """
    followups, projects = defaultdict(list), defaultdict(list)
    for followup in followups_to_remind(today=today):
        followups[followup.inspection.belt.district_id].append(followup)
    for project in projects_to_remind(today=today):
        projects[project.site.belt.district_id].append(project)
    editors = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("email")
    districts = District.objects.filter(pk__in={*followups, *projects}).prefetch_related(
        Prefetch("editors", queryset=editors)
    )
    return [
        DistrictReminder(
            district=district,
            followups=followups[district.pk],
            projects=projects[district.pk],
            recipients=sorted({editor.email for editor in district.editors.all()}),
        )
        for district in districts.order_by("code")
    ]


def _message(reminder: DistrictReminder, *, today: datetime.date, base_url: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "district": reminder.district,
            "today": today,
            "window_days": REMINDER_WINDOW_DAYS,
            "followups": [
                (followup, _link(base_url, reverse("inspections:followup_detail", kwargs={"pk": followup.pk})))
                for followup in reminder.followups
            ],
            "projects": [
                (project, _link(base_url, reverse("admin:sites_project_change", args=[project.pk])))
                for project in reminder.projects
            ],
        }
        subject = " ".join(render_to_string("inspections/email/reminder_subject.txt", context).split())
        body = render_to_string("inspections/email/reminder_body.txt", context)
    return EmailMessage(subject=subject, body=body, to=reminder.recipients)


def reminders_send(*, today: datetime.date, base_url: str | None = None) -> list[DistrictReminder]:
    """Email each district's editors their reminder for ``today``, unless it was already sent that day.

    A district's reminder is logged (``ReminderLog``, one per district and day) in
    the same transaction as it is sent: a second run that day sends nothing, and a
    failed send is not logged, so the next run tries again.
    """
    base_url = (settings.PORTAL_BASE_URL if base_url is None else base_url).rstrip("/")
    reminders = reminders_build(today=today)
    for reminder in reminders:
        if not reminder.recipients:
            reminder.outcome = NO_RECIPIENT
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    district=reminder.district,
                    date=today,
                    recipients=", ".join(reminder.recipients),
                    followup_count=len(reminder.followups),
                    project_count=len(reminder.projects),
                )
                _message(reminder, today=today, base_url=base_url).send()
        except IntegrityError:
            reminder.outcome = ALREADY_SENT
        else:
            reminder.outcome = SENT
    return reminders
