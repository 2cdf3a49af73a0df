"""``manage.py load_demo [--as-of YYYY-MM-DD] [--admin]``: the demo belt, and a local admin login."""

import argparse
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from demo.loader import DEMO_ADMIN_USERNAME, demo_admin_reset, load_demo


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "Load the Nanjiangbin demonstration belt from the committee's visit report (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="Show the demo as it stands on this day (default: today).",
        )
        parser.add_argument(
            "--admin",
            action="store_true",
            help=f"Also create or reset the local superuser “{DEMO_ADMIN_USERNAME}” and print its new password. "
            "Only with DEBUG on.",
        )

    def handle(self, *args, as_of=None, admin=False, **options):
        if admin and not settings.DEBUG:
            raise CommandError(
                _("--admin creates a login with a printed password and is for a local machine only: set DEBUG=true.")
            )
        summary = load_demo(as_of=as_of or timezone.localdate())

        self.stdout.write(
            _("Demo belt loaded as of %(as_of)s (the report's dates fall in %(year)s).")
            % {"as_of": summary.as_of.isoformat(), "year": summary.report_year}
        )
        for model, tally in summary.tallies.items():
            self.stdout.write(
                "  "
                + _("%(name)s: %(total)d (%(created)d created, %(updated)d updated, %(deleted)d removed)")
                % {
                    "name": capfirst(model._meta.verbose_name_plural),
                    "total": tally.total,
                    "created": tally.created,
                    "updated": tally.updated,
                    "deleted": tally.deleted,
                }
            )
        if not summary.changed:
            self.stdout.write(_("Nothing changed: the demo was already up to date."))

        if admin:
            password = demo_admin_reset()
            self.stdout.write(
                self.style.WARNING(
                    _("Local admin login (shown only now): username %(username)s, password %(password)s")
                    % {"username": DEMO_ADMIN_USERNAME, "password": password}
                )
            )
