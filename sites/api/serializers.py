from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from belts.api.base import CleanModelSerializer, scoped_to_editable
from belts.api.serializers import BeltBriefSerializer, DistrictBriefSerializer
from belts.images import validate_photo
from belts.models import Belt, District
from sites.models import Organization, Photo, ProgressUpdate, Project, Site
from sites.publishing import publication_refusal
from sites.services import photo_save

VERSION_HELP = _(
    "The record's version: each save raises it. An update must send the version it read; "
    "if someone saved in between, the update is refused with 409."
)


def version_field():
    return serializers.IntegerField(min_value=1, required=False, help_text=VERSION_HELP)


# --- Brief forms for foreign keys --------------------------------------------------------------


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "kind"]


class SiteBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "sequence", "name"]


# --- Organisations ---------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    district = DistrictBriefSerializer(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "district", "name", "kind", "party_org_name", "party_org_kind"]


class OrganizationStaffSerializer(CleanModelSerializer, OrganizationSerializer):
    district_id = serializers.PrimaryKeyRelatedField(
        source="district", queryset=District.objects.all(), write_only=True, help_text=_("Its district's id.")
    )

    class Meta(OrganizationSerializer.Meta):
        fields = [
            *OrganizationSerializer.Meta.fields,
            "district_id",
            "credit_code",
            "party_org_founded",
            "party_member_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "district_id")


# --- Sites ---------------------------------------------------------------------------------


class SiteSerializer(serializers.ModelSerializer):
    """A bead site as the public sees it."""

    belt = BeltBriefSerializer(read_only=True)
    district = DistrictBriefSerializer(source="belt.district", read_only=True)
    organization = OrganizationBriefSerializer(read_only=True, allow_null=True)
    progress = serializers.FloatField(
        read_only=True, allow_null=True, help_text=_("Mean progress of its projects, 0–100; null without projects.")
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text=_("Path of its public page."))

    class Meta:
        model = Site
        fields = [
            "id",
            "belt",
            "district",
            "sequence",
            "name",
            "positioning",
            "introduction",
            "construction_status",
            "experience",
            "organization",
            "address",
            "latitude",
            "longitude",
            "location_approximate",
            "area_m2",
            "investment_10k_yuan",
            "opening_hours",
            "status",
            "progress",
            "url",
        ]


class SiteStaffSerializer(CleanModelSerializer, SiteSerializer):
    """A site as staff see and write it: drafts and contacts too; publishing only when it is ready."""

    belt_id = serializers.PrimaryKeyRelatedField(
        source="belt", queryset=Belt.objects.all(), write_only=True, help_text=_("Its belt's id.")
    )
    organization_id = serializers.PrimaryKeyRelatedField(
        source="organization",
        queryset=Organization.objects.all(),
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("Its host organisation's id."),
    )
    version = version_field()

    class Meta(SiteSerializer.Meta):
        fields = [
            *SiteSerializer.Meta.fields,
            "belt_id",
            "organization_id",
            "contact_name",
            "contact_phone",
            "published",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "belt_id", "organization_id")

    def remember_initial(self, instance):
        self._was_published = instance.published

    def before_save(self, instance, *, created):
        refusal = publication_refusal(instance, was_published=not created and self._was_published)
        if refusal:
            raise serializers.ValidationError({"published": [refusal]})


# --- Projects and what hangs from them ------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    """A construction project as the public sees it, flagged when overdue or at risk."""

    site = SiteBriefSerializer(read_only=True)
    belt = BeltBriefSerializer(source="site.belt", read_only=True)
    district = DistrictBriefSerializer(source="site.belt.district", read_only=True)
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Planned completion has passed and it is not completed.")
    )
    is_at_risk = serializers.BooleanField(read_only=True, help_text=_("Due within 30 days and behind schedule."))

    class Meta:
        model = Project
        fields = [
            "id",
            "site",
            "belt",
            "district",
            "title",
            "description",
            "status",
            "planned_start",
            "planned_completion",
            "actual_completion",
            "percent_complete",
            "responsible_unit",
            "is_overdue",
            "is_at_risk",
        ]


class ProjectStaffSerializer(CleanModelSerializer, ProjectSerializer):
    site_id = serializers.PrimaryKeyRelatedField(
        source="site", queryset=Site.objects.all(), write_only=True, help_text=_("Its site's id.")
    )
    version = version_field()

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "site_id",
            "responsible_person",
            "delay_reason",
            "published",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "site_id")


class ProgressUpdateSerializer(CleanModelSerializer):
    """A dated progress report on a project; its author is whoever sends it."""

    project_id = serializers.PrimaryKeyRelatedField(
        source="project", queryset=Project.objects.all(), help_text=_("The project's id.")
    )
    site_id = serializers.IntegerField(source="project.site_id", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "project_id", "site_id", "date", "percent", "note", "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "project_id")

    def before_save(self, instance, *, created):
        if created:
            instance.author = self.context["request"].user


class PhotoSerializer(CleanModelSerializer):
    """A photo of a site, project or progress update: JPEG, PNG or WebP, checked and cleaned like the admin's."""

    image = serializers.FileField(
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels; location data is removed.")
    )
    thumbnail = serializers.FileField(read_only=True)
    site_id = serializers.PrimaryKeyRelatedField(
        source="site", queryset=Site.objects.all(), required=False, allow_null=True
    )
    project_id = serializers.PrimaryKeyRelatedField(
        source="project", queryset=Project.objects.all(), required=False, allow_null=True
    )
    progress_update_id = serializers.PrimaryKeyRelatedField(
        source="progress_update", queryset=ProgressUpdate.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Photo
        fields = [
            "id",
            "image",
            "thumbnail",
            "width",
            "height",
            "caption",
            "taken_on",
            "order",
            "site_id",
            "project_id",
            "progress_update_id",
        ]
        read_only_fields = ["width", "height"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scoped_to_editable(self, "site_id", "project_id", "progress_update_id")

    def create(self, validated_data):
        return photo_save(photo=Photo(**validated_data))

    def validate_image(self, upload):
        validate_photo(upload)
        return upload

    def validate(self, attrs):
        subjects = [attrs.get(name) for name in ("site", "project", "progress_update")]
        if sum(subject is not None for subject in subjects) != 1:
            raise serializers.ValidationError(gettext("Choose exactly one: a site, a project or a progress update."))
        return attrs
