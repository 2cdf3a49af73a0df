"""``manage.py send_reminders [--date YYYY-MM-DD] [--base-url URL]``: the daily email of what falls due (for cron)."""

import argparse
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from inspections.followups.reminders import ALREADY_SENT, NO_RECIPIENT, SENT, reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Email each district's editors the open follow-up tasks and unfinished projects that are overdue or due "
        "within 7 days. Run daily; a second run on the same day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="The day to remind for (default: today).")
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help="Address the links in the emails start with (default: the PORTAL_BASE_URL setting).",
        )

    def handle(self, *args, date=None, base_url=None, **options):
        today = date or timezone.localdate()
        reminders = reminders_send(today=today, base_url=base_url)
        outcomes = {
            SENT: _("sent to %(recipients)s"),
            ALREADY_SENT: _("already sent today, nothing sent"),
            NO_RECIPIENT: _("no editor with an email address, nothing sent"),
        }
        for reminder in reminders:
            self.stdout.write(
                _("%(district)s: %(followups)d follow-up tasks, %(projects)d projects — %(outcome)s")
                % {
                    "district": reminder.district,
                    "followups": len(reminder.followups),
                    "projects": len(reminder.projects),
                    "outcome": outcomes[reminder.outcome] % {"recipients": ", ".join(reminder.recipients)},
                }
            )
        sent = sum(reminder.outcome == SENT for reminder in reminders)
        self.stdout.write(
            _("Reminders for %(date)s: %(sent)d emails sent, %(districts)d districts with something due.")
            % {"date": today.isoformat(), "sent": sent, "districts": len(reminders)}
        )
