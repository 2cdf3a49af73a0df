from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from belts.models import Belt
from sites.models import Site


class HomeSitemap(Sitemap):
    priority = 1.0
    changefreq = "weekly"

    def items(self):
        return ["portal:home"]

    def location(self, item):
        return reverse(item)


class BeltSitemap(Sitemap):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return Belt.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, belt):
        return belt.updated_at


class SiteSitemap(Sitemap):
    priority = 0.6
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Site.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, site):
        return site.updated_at


SITEMAPS = {"home": HomeSitemap, "belts": BeltSitemap, "sites": SiteSitemap}
