"""The public pages: the city's belts on a map, one belt and its beads, one site."""

import io

import segno
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from belts.maps import current_preset, tile_config
from config.caching import cached_public_page
from portal.addresses import absolute_url
from portal.forms import SearchForm
from sites import selectors
from sites.models import ProgressUpdate, Project, Site


class MapMixin:
    """Adds the map's data (tiles and features, in the tiles' datum) to the context for ``json_script``."""

    def map_data(self, sites) -> dict:
        preset = current_preset()
        return {"tiles": tile_config(), "belts": selectors.map_features(sites, datum=preset.datum)}


@method_decorator(cached_public_page, name="dispatch")
class HomeView(TemplateView):
    """The city overview: all published belts on one map, by district, with the headline figures."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        belts = list(selectors.belt_list_public())
        # The sites come separately (city_map_points), so that the page stays small at province scale.
        map_data = {"tiles": tile_config(), "points_url": reverse("portal:map_points"), "cluster": True}
        return super().get_context_data(belts=belts, figures=selectors.city_figures(), map_data=map_data, **kwargs)


@cached_public_page
def map_points(request):
    """Every published site with a location, for the city map on the home page (JSON, cached)."""
    points = selectors.city_map_points(selectors.map_sites_public(), datum=current_preset().datum)
    return JsonResponse(points, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


@method_decorator(cached_public_page, name="dispatch")
class BeltDetailView(MapMixin, DetailView):
    """One belt: its route on a map with numbered beads, and the bead cards in order."""

    template_name = "portal/belt_detail.html"
    context_object_name = "belt"

    def get_object(self, queryset=None):
        return get_object_or_404(selectors.belt_list_public(), slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        sites = list(selectors.belt_sites_public(self.object))
        return super().get_context_data(sites=sites, map_data=self.map_data(sites), **kwargs)


class SitePage(MapMixin, DetailView):
    """One bead site: what it is for first, then its projects, photos, organisation and whereabouts."""

    template_name = "portal/site_detail.html"
    context_object_name = "site"

    def get_queryset(self):
        return selectors.site_detail_public()

    def get_context_data(self, **kwargs):
        site = self.object
        previous, following = selectors.site_neighbours(site)
        return super().get_context_data(
            previous_site=previous,
            next_site=following,
            updates=selectors.latest_progress_updates(site),
            map_data=self.map_data([site]),
            og_image_url=self.og_image_url(site),
            **kwargs,
        )

    def og_image_url(self, site) -> str | None:
        photos = site.photos.all()
        return absolute_url(self.request, photos[0].thumbnail.url) if photos else None


@method_decorator(cached_public_page, name="dispatch")
class SiteDetailView(SitePage):
    """The public page of a published site, cached."""


@method_decorator(staff_member_required, name="dispatch")
class SitePreviewView(SitePage):
    """A site's public page as it will look, for the staff who keep it, published or not; never cached."""

    def get_queryset(self):
        user = self.request.user
        return selectors.site_detail(sites=Site.objects.visible_to(user), projects=Project.objects.visible_to(user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = True
        context["updates"] = selectors.latest_progress_updates(
            self.object, updates=ProgressUpdate.objects.visible_to(self.request.user)
        )
        return context

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response


@cached_public_page
def site_qr(request, pk: int):
    """The site's public address as a QR code (SVG), for the plaque at the site."""
    site = get_object_or_404(Site.objects.published().only("pk"), pk=pk)
    buffer = io.BytesIO()
    segno.make(absolute_url(request, site.get_absolute_url()), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=True, svgns=True
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@method_decorator(cached_public_page, name="dispatch")
class SearchView(TemplateView):
    """Published belts and sites matching the query in their names, positioning or introduction."""

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        # An empty query shows the form, not a "required" error.
        query = self.request.GET.get("q", "").strip()
        form = SearchForm(self.request.GET if query else None)
        belts, sites = ([], [])
        if form.is_valid():
            belts, sites = selectors.search_public(form.cleaned_data["q"])
        return super().get_context_data(form=form, belts=belts, sites=sites, **kwargs)


class RobotsView(TemplateView):
    template_name = "portal/robots.txt"
    content_type = "text/plain"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sitemap_url=absolute_url(self.request, "/sitemap.xml"), **kwargs)
