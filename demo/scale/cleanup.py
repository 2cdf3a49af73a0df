"""Finding and deleting the rows of earlier runs, and only those."""

from django.db import models
from django.db.models import Q

from belts.models import Belt
from demo.scale.generator import BATCH_SIZE, SLUG_PREFIX
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence, Inspection, InspectionSite
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site


def generated_exists() -> bool:
    """Whether rows of an earlier run are in the database."""
    return Belt.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def _on_generated_belt(path: str = "") -> Q:
    """Rows whose ``path`` leads to a generated belt's fields (``""`` for the belt's own)."""
    return Q(**{f"{path}belt__slug__startswith": SLUG_PREFIX})


def delete_generated() -> dict[type[models.Model], int]:
    """Delete the rows of earlier runs: everything on generated belts and the organisations only they host.

    Districts are kept (the next run reuses them by code). Deletes are raw, children
    first: no signals, no historical rows, no loading of half a million rows into Python.
    (Generated rows have no photos; files of photos added to them by hand stay in storage.)
    """
    organization_ids = list(
        Site.objects.filter(_on_generated_belt())
        .exclude(organization=None)
        .order_by()
        .values_list("organization_id", flat=True)
        .distinct()
    )
    followups = FollowUp.objects.filter(_on_generated_belt("inspection__") | _on_generated_belt("site__"))
    photos = Photo.objects.filter(
        _on_generated_belt("site__")
        | _on_generated_belt("project__site__")
        | _on_generated_belt("progress_update__project__site__")
    )
    steps = [
        (FollowUpEvidence, FollowUpEvidence.objects.filter(event__followup__in=followups)),
        (FollowUpEvent, FollowUpEvent.objects.filter(followup__in=followups)),
        (FollowUp, followups),
        (
            InspectionSite,
            InspectionSite.objects.filter(_on_generated_belt("inspection__") | _on_generated_belt("site__")),
        ),
        (Inspection, Inspection.objects.filter(_on_generated_belt())),
        (Photo, photos),
        (Activity, Activity.objects.filter(_on_generated_belt("site__"))),
        (ProgressUpdate, ProgressUpdate.objects.filter(_on_generated_belt("project__site__"))),
        (Milestone, Milestone.objects.filter(_on_generated_belt("project__site__"))),
        (Project, Project.objects.filter(_on_generated_belt("site__"))),
        (Site, Site.objects.filter(_on_generated_belt())),
    ]
    deleted = {}
    for model, queryset in steps:
        deleted[model] = deleted.get(model, 0) + _raw_delete(queryset)
    deleted[Organization] = 0
    for start in range(0, len(organization_ids), BATCH_SIZE):
        chunk = organization_ids[start : start + BATCH_SIZE]
        deleted[Organization] += _raw_delete(Organization.objects.filter(pk__in=chunk, sites__isnull=True))
    deleted[Belt] = _raw_delete(Belt.objects.filter(slug__startswith=SLUG_PREFIX))
    return deleted


def _raw_delete(queryset: models.QuerySet) -> int:
    # QuerySet.delete() would fetch every row to send signals (simple-history
    # writes a historical row for each); the rows are generated, so skip that.
    return queryset._raw_delete(queryset.db)
