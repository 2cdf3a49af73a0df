from belts import selectors
from belts.api.base import ReadOnlyScopedViewSet, WritableScopedViewSet
from belts.api.serializers import BeltSerializer, BeltStaffSerializer, DistrictSerializer
from belts.filtersets import BeltFilterSet, DistrictFilterSet


class DistrictViewSet(ReadOnlyScopedViewSet):
    """Districts (区县). The public sees those with a published belt; staff see the districts they keep."""

    public_serializer_class = DistrictSerializer
    filterset_class = DistrictFilterSet

    def get_queryset(self):
        return selectors.district_list(user=self.request.user)


class BeltViewSet(WritableScopedViewSet):
    """Demonstration belts (示范带) with their number of sites and progress. The public sees published belts;
    staff see their districts' belts, drafts included, and add or change them.
    """

    public_serializer_class = BeltSerializer
    staff_serializer_class = BeltStaffSerializer
    filterset_class = BeltFilterSet

    def get_queryset(self):
        return selectors.belt_list(user=self.request.user)
