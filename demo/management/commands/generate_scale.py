"""``manage.py generate_scale --sites N [--seed N] [--as-of YYYY-MM-DD] [--replace]``: a province of made-up data."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from demo.management.commands.load_demo import iso_date
from demo.scale import SLUG_PREFIX, ScaleError, generate_scale

DEFAULT_SITES = 20_000
DEFAULT_SEED = 2026


class ProgressBar:
    """A one-line text bar per phase, redrawn in place with ``\\r`` and ended with a newline."""

    WIDTH = 30

    def __init__(self, stdout):
        self.stdout = stdout
        self.shown = None

    def __call__(self, label: str, done: int, total: int) -> None:
        finished = done >= total
        filled = self.WIDTH if finished else self.WIDTH * done // total
        percent = 100 if finished else 100 * done // total
        if (label, percent) == self.shown:
            return
        self.shown = (label, percent)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stdout.write(f"\r{label:<16} [{bar}] {done:>9,}/{total:,}", ending="\n" if finished else "")
        self.stdout.flush()


class Command(BaseCommand):
    help = (
        "Generate a province of made-up demonstration belts for load tests: 13 districts, a belt per ~20 sites, "
        "~5 projects per site with milestones and progress updates, activities, inspection visits and follow-up "
        "tasks, inserted in batches in one transaction. No photos, and no history rows. Generated belts have URL "
        f"names starting with “{SLUG_PREFIX}”; districts are reused by code, so it coexists with load_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sites",
            type=int,
            default=DEFAULT_SITES,
            help=f"How many bead sites to generate (default: {DEFAULT_SITES:,}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Seed of the random choices: the same seed and as-of date give the same data "
            f"(default: {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--as-of",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="Place the dates around this day, so some projects are overdue and some at risk (default: today).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the data of an earlier run first (and only that: not load_demo's nor anything made by hand).",
        )

    def handle(self, *args, sites: int, seed: int, as_of: datetime.date | None, replace: bool, **options):
        if sites < 1:
            raise CommandError(_("--sites must be at least 1, not %(sites)d.") % {"sites": sites})
        verbosity = options["verbosity"]
        try:
            summary = generate_scale(
                sites=sites,
                seed=seed,
                as_of=as_of or timezone.localdate(),
                replace=replace,
                progress=ProgressBar(self.stdout) if verbosity > 0 else None,
            )
        except ScaleError as error:
            raise CommandError(str(error)) from error
        if verbosity == 0:
            return
        if summary.deleted:
            self.stdout.write(
                _("Deleted the earlier run: %(rows)s rows.") % {"rows": f"{sum(summary.deleted.values()):,}"}
            )
        for model, count in summary.counts.items():
            self.stdout.write(f"  {capfirst(model._meta.verbose_name_plural)}: {count:,}")
        self.stdout.write(
            _("%(districts)d districts were already there and reused.") % {"districts": summary.reused_districts}
        )
        if summary.analyzed:
            self.stdout.write(_("Statistics refreshed with ANALYZE."))
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated %(rows)s rows in %(seconds).1f seconds.")
                % {"rows": f"{sum(summary.counts.values()):,}", "seconds": summary.seconds}
            )
        )
