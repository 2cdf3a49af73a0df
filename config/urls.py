from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _

from config import converters, views

register_converter(converters.RowIdConverter, "id")

admin.site.site_header = _("Demonstration belt portal · administration")
admin.site.site_title = _("Demonstration belt portal")
admin.site.index_title = _("Records")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("progress/", include("inspections.progress.urls")),
    path("inspections/", include("inspections.urls")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
