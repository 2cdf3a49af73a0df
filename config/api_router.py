"""The API's one router: every endpoint under /api/, plural kebab-case prefixes."""

from rest_framework.routers import DefaultRouter

from belts.api.views import BeltViewSet, DistrictViewSet
from inspections.api.views import FollowUpViewSet, InspectionViewSet
from sites.api.views import (
    OrganizationViewSet,
    PhotoViewSet,
    ProgressUpdateViewSet,
    ProjectViewSet,
    SiteViewSet,
)

router = DefaultRouter()
router.include_format_suffixes = False
router.register("districts", DistrictViewSet, basename="district")
router.register("belts", BeltViewSet, basename="belt")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("sites", SiteViewSet, basename="site")
router.register("projects", ProjectViewSet, basename="project")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
router.register("photos", PhotoViewSet, basename="photo")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("followups", FollowUpViewSet, basename="followup")
