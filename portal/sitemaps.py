from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from belts.models import Belt
from portal.addresses import public_scheme_and_host
from sites.models import Site


class PortalSitemap(Sitemap):
    """Addresses on ``PORTAL_BASE_URL`` when it is set, else on the requested host."""

    def get_protocol(self, protocol=None):
        public = public_scheme_and_host()
        return public[0] if public else super().get_protocol(protocol)

    def get_domain(self, site=None):
        public = public_scheme_and_host()
        return public[1] if public else super().get_domain(site)


class HomeSitemap(PortalSitemap):
    priority = 1.0
    changefreq = "weekly"

    def items(self):
        return ["portal:home"]

    def location(self, item):
        return reverse(item)


class BeltSitemap(PortalSitemap):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return Belt.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, belt):
        return belt.updated_at


class SiteSitemap(PortalSitemap):
    priority = 0.6
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Site.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, site):
        return site.updated_at


SITEMAPS = {"home": HomeSitemap, "belts": BeltSitemap, "sites": SiteSitemap}
