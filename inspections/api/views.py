from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from belts.api.base import ReadOnlyScopedViewSet, StaffOnly
from config.api_errors import Conflict
from inspections.api.serializers import (
    AnswerSerializer,
    CloseSerializer,
    FollowUpSerializer,
    InspectionSerializer,
    SendBackSerializer,
)
from inspections.filtersets import FollowUpFilterSet, InspectionFilterSet
from inspections.followups import services
from inspections.followups.selectors import followup_list
from inspections.models import InspectionSite
from inspections.visits.selectors import inspection_list


class InspectionViewSet(ReadOnlyScopedViewSet):
    """Inspection visits (调研核查) with their route of sites: staff only, each within his districts
    (the committee sees every district). Visits are planned and recorded on the committee's pages.
    """

    permission_classes = [StaffOnly]
    public_serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet

    def get_queryset(self):
        visits = InspectionSite.objects.select_related("site").order_by("order")
        return inspection_list(user=self.request.user, today=self.get_today()).prefetch_related(
            Prefetch("visits", queryset=visits)
        )


class FollowUpViewSet(ReadOnlyScopedViewSet):
    """Follow-up tasks (督办事项) of the inspections: staff only, within their districts. The task's district
    answers an open task; the committee closes an answered task or sends it back with a reason.
    """

    permission_classes = [StaffOnly]
    public_serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return followup_list(user=self.request.user, today=self.get_today())

    def _step(self, request, serializer_class, service):
        """Take one workflow step through its service: 403 for a step the role may not take, 409 for the state."""
        followup = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            service(followup=followup, user=request.user, **serializer.validated_data)
        except services.TransitionRefused as refusal:
            if refusal.code == "role":
                raise exceptions.PermissionDenied(refusal.messages[0]) from refusal
            raise Conflict(refusal.messages[0]) from refusal
        return Response(FollowUpSerializer(self.get_queryset().get(pk=followup.pk)).data)

    @extend_schema(request=AnswerSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def answer(self, request, pk=None):
        """The task's district answers an open task, with evidence photos if any (403 for anyone else)."""
        return self._step(request, AnswerSerializer, services.followup_answer)

    @extend_schema(request=CloseSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """The committee accepts the answer and closes the task."""
        return self._step(request, CloseSerializer, services.followup_close)

    @extend_schema(request=SendBackSerializer, responses=FollowUpSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """The committee sends an answered task back to the district, with the reason."""
        return self._step(request, SendBackSerializer, services.followup_send_back)
