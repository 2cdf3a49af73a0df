"""Reads of districts and belts for the API: what ``user`` may see, in a fixed number of queries."""

from django.db.models import QuerySet

from belts.models import Belt, District


def district_list(*, user) -> QuerySet[District]:
    """Districts ``user`` may see: for the public, those with a published belt."""
    return District.objects.visible_to(user).order_by("code")


def belt_list(*, user) -> QuerySet[Belt]:
    """Belts ``user`` may see, with their district, number of sites and progress over what he may see."""
    return (
        Belt.objects.visible_to(user)
        .select_related("district")
        .with_figures_for(user)
        .order_by("district__code", "name")
    )
