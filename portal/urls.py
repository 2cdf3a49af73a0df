from django.contrib.sitemaps.views import sitemap
from django.urls import path

from portal import views
from portal.sitemaps import SITEMAPS

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("belts/<slug:slug>/", views.BeltDetailView.as_view(), name="belt_detail"),
    path("sites/<id:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<id:pk>/qr.svg", views.site_qr, name="site_qr"),
    path("preview/sites/<id:pk>/", views.SitePreviewView.as_view(), name="site_preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("map/sites.json", views.map_points, name="map_points"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
]
