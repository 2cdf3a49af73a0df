"""Reads that a screen needs, built from the QuerySet vocabulary."""

from django.db.models import QuerySet

from belts.models import Belt


def belt_list_public() -> QuerySet[Belt]:
    """Published belts with their district, count of published sites and progress, in district order."""
    published_sites = Belt.sites.rel.related_model.objects.published()
    return (
        Belt.objects.published()
        .select_related("district")
        .with_site_count(published_sites)
        .with_progress()
        .order_by("district__code", "name")
    )
