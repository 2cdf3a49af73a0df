from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from belts.api.serializers import BeltBriefSerializer, DistrictBriefSerializer
from inspections.models import FollowUp, Inspection, InspectionSite
from sites.api.serializers import SiteBriefSerializer


class VisitSerializer(serializers.ModelSerializer):
    site = SiteBriefSerializer(read_only=True)

    class Meta:
        model = InspectionSite
        fields = ["order", "site", "note"]


class InspectionSerializer(serializers.ModelSerializer):
    """An inspection visit by the committee, its route of sites and counts of its follow-up tasks."""

    belt = BeltBriefSerializer(read_only=True)
    district = DistrictBriefSerializer(source="belt.district", read_only=True)
    visits = VisitSerializer(many=True, read_only=True)
    unresolved_count = serializers.IntegerField(read_only=True, help_text=_("Its tasks not yet closed."))
    overdue_count = serializers.IntegerField(read_only=True, help_text=_("Its tasks still open past the deadline."))

    class Meta:
        model = Inspection
        fields = [
            "id",
            "belt",
            "district",
            "date",
            "title",
            "inspecting_body",
            "leader_name",
            "leader_title",
            "team",
            "summary",
            "guidance",
            "visits",
            "unresolved_count",
            "overdue_count",
        ]


class InspectionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = ["id", "date", "title"]


class FollowUpSerializer(serializers.ModelSerializer):
    """A follow-up task (督办事项) of an inspection and where it stands in its workflow."""

    inspection = InspectionBriefSerializer(read_only=True)
    belt = BeltBriefSerializer(source="inspection.belt", read_only=True)
    district = DistrictBriefSerializer(source="inspection.belt.district", read_only=True)
    site = SiteBriefSerializer(read_only=True, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text=_("Still open past the deadline."))

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "inspection",
            "belt",
            "district",
            "site",
            "task",
            "responsible_person",
            "deadline",
            "status",
            "is_overdue",
            "response",
            "answered_at",
            "closed_at",
        ]
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    response = serializers.CharField(help_text=_("What the district has done."))
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=9,
        help_text=_("Evidence photos (multipart/form-data): JPEG, PNG or WebP, at most 9."),
    )


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, help_text=_("An optional remark."))


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=_("Why the answer is not enough: the district will read it."))
