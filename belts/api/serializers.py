from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from belts.api.base import CleanModelSerializer, scoped_to_editable
from belts.models import Belt, District


class DistrictBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code"]


class BeltBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Belt
        fields = ["id", "name", "slug"]


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["id", "name", "code"]


class BeltSerializer(serializers.ModelSerializer):
    """A belt as the public sees it."""

    district = DistrictBriefSerializer(read_only=True)
    site_count = serializers.IntegerField(read_only=True, help_text=_("Sites on the belt."))
    progress = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Mean progress of its sites' projects, 0–100.")
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text=_("Path of its public page."))

    class Meta:
        model = Belt
        fields = [
            "id",
            "district",
            "name",
            "slug",
            "theme",
            "principles",
            "status",
            "target_year",
            "site_count",
            "progress",
            "url",
        ]


class BeltStaffSerializer(CleanModelSerializer, BeltSerializer):
    """A belt as staff see and write it: drafts too; ``district_id`` among the districts they keep."""

    district_id = serializers.PrimaryKeyRelatedField(
        source="district", queryset=District.objects.all(), write_only=True, help_text=_("Its district's id.")
    )
    slug = serializers.SlugField(
        max_length=80, required=False, allow_blank=True, help_text=_("Left blank, it is made from the name in pinyin.")
    )

    class Meta(BeltSerializer.Meta):
        fields = [*BeltSerializer.Meta.fields, "district_id", "published", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        # Unique rules are checked by the model's full_clean(), with its own messages.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "district_id")
