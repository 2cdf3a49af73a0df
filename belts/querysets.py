from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from belts.base import DistrictScopedQuerySet


class DistrictQuerySet(DistrictScopedQuerySet):
    district_lookups = ("pk",)

    def published(self):
        """Districts with at least one published belt."""
        return self.filter(belts__published=True).distinct()


class BeltQuerySet(DistrictScopedQuerySet):
    district_lookups = ("district",)

    def published(self):
        return self.filter(published=True)

    def _site_queryset(self):
        # The Site model lives in a later app; reach it through the relation
        # rather than importing it, so that imports keep running one way.
        return self.model._meta.get_field("sites").related_model.objects.all()

    def with_progress(self, sites=None, projects=None):
        """Annotate ``progress``: the mean of its sites' progress (0–100, sites without projects ignored).

        ``sites`` and ``projects`` narrow what is counted, e.g. only published ones on public pages.
        """
        sites = self._site_queryset() if sites is None else sites
        per_belt = (
            sites.filter(belt=OuterRef("pk"))
            .with_progress(projects)
            .order_by()
            .values("belt")
            .annotate(mean=Avg("progress"))
            .values("mean")
        )
        return self.annotate(progress=Subquery(per_belt))

    def with_site_count(self, sites=None):
        """Annotate ``site_count``: how many of ``sites`` (default: all) lie on the belt."""
        sites = self._site_queryset() if sites is None else sites
        counts = sites.filter(belt=OuterRef("pk")).order_by().values("belt").annotate(n=Count("pk"))
        return self.annotate(site_count=Coalesce(Subquery(counts.values("n")), 0))

    def with_figures_for(self, user):
        """Annotate ``site_count`` and ``progress`` counting only the sites and projects ``user`` may see."""
        sites = self._site_queryset().visible_to(user)
        projects = sites.model._meta.get_field("projects").related_model.objects.visible_to(user)
        return self.with_site_count(sites).with_progress(sites=sites, projects=projects)
