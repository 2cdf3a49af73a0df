from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import api_errors, converters, views
from config.api_router import router

register_converter(converters.RowIdConverter, "id")

admin.site.site_header = _("Demonstration belt portal · administration")
admin.site.site_title = _("Demonstration belt portal")
admin.site.index_title = _("Records")

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    re_path(r"^.*$", api_errors.not_found),
]

urlpatterns = [
    path("api/", include((api_urlpatterns, "api"))),
    path(settings.ADMIN_URL, admin.site.urls),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("progress/", include("inspections.progress.urls")),
    path("inspections/", include("inspections.urls")),
    path("", include("portal.urls")),
]

handler500 = views.server_error

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
