from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from belts.api.base import ReadOnlyScopedViewSet, WritableScopedViewSet
from sites import selectors
from sites.api.serializers import (
    OrganizationSerializer,
    OrganizationStaffSerializer,
    PhotoSerializer,
    ProgressUpdateSerializer,
    ProjectSerializer,
    ProjectStaffSerializer,
    SiteSerializer,
    SiteStaffSerializer,
)
from sites.filtersets import (
    OrganizationFilterSet,
    PhotoFilterSet,
    ProgressUpdateFilterSet,
    ProjectFilterSet,
    SiteFilterSet,
)


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class OrganizationViewSet(WritableScopedViewSet):
    """Host organisations (承办单位) of sites. The public sees those hosting a published site; staff write theirs."""

    public_serializer_class = OrganizationSerializer
    staff_serializer_class = OrganizationStaffSerializer
    filterset_class = OrganizationFilterSet

    def get_queryset(self):
        return selectors.organization_list(user=self.request.user)


FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                                "description": "[longitude, latitude], WGS-84",
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "required": ["name", "sequence", "belt", "belt_name", "status", "progress", "url"],
                        "properties": {
                            "name": {"type": "string"},
                            "sequence": {"type": "integer"},
                            "belt": {"type": "integer"},
                            "belt_name": {"type": "string"},
                            "status": {"type": "string"},
                            "progress": {"type": "integer", "nullable": True},
                            "url": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}


class SiteViewSet(WritableScopedViewSet):
    """Bead sites (串珠) of the belts, with their progress. The public sees published sites; staff their districts'
    sites, drafts and contacts included, and add or change them (an update sends the `version` it read).
    """

    public_serializer_class = SiteSerializer
    staff_serializer_class = SiteStaffSerializer
    filterset_class = SiteFilterSet

    def get_queryset(self):
        if self.action == "geojson":
            return selectors.site_features(user=self.request.user)
        return selectors.site_list(user=self.request.user)

    @extend_schema(
        summary=_("Sites as GeoJSON"),
        description=_(
            "A FeatureCollection of the located sites, with the same filters as the list and no paging; "
            "coordinates are WGS-84 [longitude, latitude]."
        ),
        responses={200: OpenApiResponse(response=FEATURE_COLLECTION)},
        # Not a paged list, so drf-spectacular would leave its filters out: they are the list's, state them.
        filters=True,
    )
    @action(detail=False, url_path="geojson", renderer_classes=[GeoJSONRenderer, JSONRenderer], pagination_class=None)
    def geojson(self, request):
        sites = self.filter_queryset(self.get_queryset())
        return Response(selectors.site_feature_collection(sites, user=request.user))


class ProjectViewSet(WritableScopedViewSet):
    """Construction projects (建设项目) at the sites, flagged when overdue or at risk. Staff add or change their
    districts' projects (an update sends the `version` it read).
    """

    public_serializer_class = ProjectSerializer
    staff_serializer_class = ProjectStaffSerializer
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        return selectors.project_list(user=self.request.user, today=self.get_today())


class ProgressUpdateViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Dated progress reports (进展记录) on projects; staff report on their districts' projects."""

    public_serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.progress_update_list(user=self.request.user)


class PhotoViewSet(mixins.CreateModelMixin, ReadOnlyScopedViewSet):
    """Photos of sites, projects and progress updates. Staff upload (multipart/form-data) photos of their
    districts' records; each is checked, turned upright and stripped of location data like in the admin.
    """

    public_serializer_class = PhotoSerializer
    filterset_class = PhotoFilterSet
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return selectors.photo_list(user=self.request.user)
