"""A made-up province of demonstration belts at realistic scale, for load tests and query plans.

:func:`generate_scale` builds 13 districts, a belt per ~20 sites, host
organisations, sites, ~5 projects per site with milestones and progress
updates, activities, and inspection visits of half the belts with their
follow-up tasks, with ``bulk_create`` in batches. Every value comes from one
``random.Random(seed)`` and every date is placed relative to an as-of day, so a
seed and a day give the same rows every time (only keys and timestamps differ).

``bulk_create`` skips ``save()``, ``full_clean()``, signals and simple-history:
no historical rows are written, so rows are built to satisfy every constraint
and ``clean()`` rule themselves. No photos are made.

Generated belts have URL names starting with :data:`SLUG_PREFIX`: that marks
what :func:`delete_generated` may remove, and nothing else (the ``load_demo``
belt, hand-made records). Districts are matched on their code, reused when they
exist and kept on deletion.
"""

import datetime
import time
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from config.caching import invalidate_pages
from demo.loader import DEMO_MODELS
from demo.scale.cleanup import delete_generated, generated_exists
from demo.scale.generator import SLUG_PREFIX, Generator, Progress
from inspections.models import FollowUpEvent

__all__ = [
    "GENERATED_MODELS",
    "SLUG_PREFIX",
    "ScaleError",
    "ScaleSummary",
    "analyze",
    "delete_generated",
    "generate_scale",
    "generated_exists",
]

# The models generated, in the order the summary lists them: the demo's, and the follow-ups' steps.
GENERATED_MODELS = (*DEMO_MODELS, FollowUpEvent)


class ScaleError(Exception):
    """Generation cannot go ahead as asked."""


@dataclass
class ScaleSummary:
    """What one run did: rows generated per model, districts reused, rows of an earlier run deleted, seconds taken."""

    counts: dict[type[models.Model], int]
    reused_districts: int
    deleted: dict[type[models.Model], int]
    seconds: float = 0.0
    analyzed: bool = False


def analyze() -> bool:
    """Refresh the planner's statistics of the generated tables on PostgreSQL; False elsewhere."""
    if connection.vendor != "postgresql":
        return False
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in GENERATED_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return True


def generate_scale(
    *, sites: int, seed: int, as_of: datetime.date, replace: bool = False, progress: Progress | None = None
) -> ScaleSummary:
    """Generate a province of ``sites`` bead sites, in one transaction; then ``ANALYZE`` on PostgreSQL.

    Refuses when an earlier run's rows exist, unless ``replace``: then they are
    deleted first, in the same transaction.
    """
    if sites < 1:
        raise ScaleError(_("The number of sites must be at least 1, not %(sites)d.") % {"sites": sites})
    started = time.monotonic()
    with transaction.atomic():
        deleted = {}
        if generated_exists():
            if not replace:
                raise ScaleError(
                    _(
                        "Generated data from an earlier run exists (belts whose URL name starts with “%(prefix)s”). "
                        "Pass --replace to delete it and generate anew."
                    )
                    % {"prefix": SLUG_PREFIX}
                )
            deleted = delete_generated()
        generator = Generator(sites=sites, seed=seed, as_of=as_of, progress=progress)
        generator.run()
        # Bulk inserts and deletes send no signals: the cached public pages are made stale here.
        invalidate_pages()
    summary = ScaleSummary(
        counts={model: generator.counts.get(model, 0) for model in GENERATED_MODELS},
        reused_districts=generator.reused_districts,
        deleted=deleted,
    )
    summary.analyzed = analyze()
    summary.seconds = time.monotonic() - started
    return summary
