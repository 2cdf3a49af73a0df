from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from belts.base import ArchivableModel, RandomFilename, TimeStampedModel, VersionedModel, clashes
from belts.images import PhotoField, validate_photo
from belts.models import Belt, District
from sites.choices import (
    OrganizationKind,
    PartyOrganizationKind,
    ProjectStatus,
    SiteStatus,
)
from sites.querysets import (
    ActivityQuerySet,
    MilestoneQuerySet,
    OrganizationQuerySet,
    PhotoQuerySet,
    ProjectPartQuerySet,
    ProjectQuerySet,
    SiteQuerySet,
)

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
PERCENT_RANGE_MESSAGE = _("A percentage must lie between 0 and 100.")
ORGANIZATION_NAME_TAKEN = _("This district already has an organisation of this name.")
SEQUENCE_TAKEN = _("Another site on this belt already has this sequence number.")


def _percent_in_range(field: str) -> Q:
    return Q(**{f"{field}__gte": 0, f"{field}__lte": 100})


class Organization(TimeStampedModel):
    """The host organisation (承办单位) running one or more sites, with its party organisation (党组织)."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), related_name="organizations", on_delete=models.PROTECT
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, help_text=_("18 characters, if registered.")
    )
    party_org_name = models.CharField(_("party organisation"), max_length=100, blank=True)
    party_org_kind = models.CharField(
        _("party organisation kind"), max_length=20, choices=PartyOrganizationKind.choices, blank=True
    )
    party_org_founded = models.DateField(
        _("party organisation founded"),
        null=True,
        blank=True,
        help_text=_("When only the month is known, enter its first day."),
    )
    party_member_count = models.PositiveIntegerField(_("party members"), null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind"], name="sites_organization_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=ORGANIZATION_NAME_TAKEN,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if clashes(self, district_id=self.district_id, name=self.name):
            raise ValidationError({"name": ORGANIZATION_NAME_TAKEN})


class Site(ArchivableModel, VersionedModel, TimeStampedModel):
    """A bead site (串珠/示范点) on a belt: a place with a positioning, a host organisation and projects."""

    belt = models.ForeignKey(Belt, verbose_name=_("belt"), related_name="sites", on_delete=models.PROTECT)
    sequence = models.PositiveSmallIntegerField(
        _("sequence"),
        validators=[MinValueValidator(1)],
        help_text=_("Position on the belt: 1 for the first bead, 2 for the next…"),
    )
    name = models.CharField(_("name"), max_length=100)
    positioning = models.CharField(
        _("positioning"), max_length=200, blank=True, help_text=_("One sentence: what the site is for.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    construction_status = models.TextField(_("construction status"), blank=True)
    experience = models.TextField(_("experience"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("host organisation"),
        related_name="sites",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("WGS-84 degrees north, e.g. 26.048000."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("WGS-84 degrees east, e.g. 119.312000."),
    )
    location_approximate = models.BooleanField(
        _("location is approximate"), default=False, help_text=_("Tick until the point has been checked on site.")
    )
    area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    investment_10k_yuan = models.DecimalField(
        _("investment (10,000 yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True, help_text=_("Internal."))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True, help_text=_("Internal."))
    status = models.CharField(_("status"), max_length=20, choices=SiteStatus.choices, default=SiteStatus.PLANNED)
    published = models.BooleanField(_("published"), default=False)

    objects = SiteQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("bead site")
        verbose_name_plural = _("bead sites")
        ordering = ["belt__district__code", "belt__name", "sequence"]
        # The filters of the API and the pages (checked with EXPLAIN on province-scale data).
        indexes = [models.Index(fields=["status"], name="sites_site_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["belt", "sequence"],
                name="%(app_label)s_%(class)s_unique_sequence",
                violation_error_message=SEQUENCE_TAKEN,
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1),
                name="%(app_label)s_%(class)s_sequence_positive",
                violation_error_message=_("The sequence starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_range",
                violation_error_message=_("The latitude must lie between -90 and 90 degrees."),
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_range",
                violation_error_message=_("The longitude must lie between -180 and 180 degrees."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="%(app_label)s_%(class)s_location_complete",
                violation_error_message=_("Enter both the latitude and the longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0),
                name="%(app_label)s_%(class)s_area_not_negative",
                violation_error_message=_("The floor area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(investment_10k_yuan__isnull=True) | Q(investment_10k_yuan__gte=0),
                name="%(app_label)s_%(class)s_investment_not_negative",
                violation_error_message=_("The investment cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.sequence:02d} {self.name}"

    def get_absolute_url(self):
        return reverse("portal:site_detail", kwargs={"pk": self.pk})

    @property
    def number(self) -> str:
        """The sequence as printed on the belt: ``01``, ``02``…"""
        return f"{self.sequence:02d}"

    @property
    def district(self) -> District:
        return self.belt.district

    def clean(self):
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            errors[missing] = _("Enter both the latitude and the longitude, or neither.")
        if clashes(self, belt_id=self.belt_id, sequence=self.sequence):
            errors["sequence"] = SEQUENCE_TAKEN
        if errors:
            raise ValidationError(errors)


class Project(ArchivableModel, VersionedModel, TimeStampedModel):
    """A construction project (建设项目) at a site: a fit-out, an upgrade, a second phase."""

    site = models.ForeignKey(Site, verbose_name=_("site"), related_name="projects", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    actual_completion = models.DateField(_("actual completion"), null=True, blank=True)
    percent_complete = models.PositiveSmallIntegerField(_("percent complete"), default=0, validators=PERCENT_VALIDATORS)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    delay_reason = models.TextField(_("reason for delay"), blank=True, help_text=_("Internal."))
    published = models.BooleanField(_("published"), default=False)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["site__belt__name", "site__sequence", "planned_completion", "pk"]
        # Overdue, at risk, due before/after: every dated rule reads planned_completion of projects not completed.
        indexes = [
            models.Index(
                fields=["planned_completion"],
                name="sites_project_due_open_idx",
                condition=~Q(status=ProjectStatus.COMPLETED),
            ),
            models.Index(fields=["planned_completion"], name="sites_project_due_idx"),
            models.Index(fields=["status"], name="sites_project_status_idx"),
            models.Index(fields=["percent_complete"], name="sites_project_percent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_percent_in_range("percent_complete"),
                name="%(app_label)s_%(class)s_percent_range",
                violation_error_message=PERCENT_RANGE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=models.F("planned_start")),
                name="%(app_label)s_%(class)s_completion_after_start",
                violation_error_message=_("The planned completion cannot come before the planned start."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProjectStatus.COMPLETED) | Q(actual_completion__isnull=False, percent_complete=100),
                name="%(app_label)s_%(class)s_completed_is_complete",
                violation_error_message=_(
                    "A completed project needs its actual completion date and 100 percent progress."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_completion and self.planned_completion < self.planned_start:
            errors["planned_completion"] = _("The planned completion cannot come before the planned start.")
        if self.status == ProjectStatus.COMPLETED:
            if self.actual_completion is None:
                errors["actual_completion"] = _("A completed project needs its actual completion date.")
            if self.percent_complete != 100:
                errors["percent_complete"] = _("A completed project must be 100 percent complete.")
        if errors:
            raise ValidationError(errors)


class Milestone(TimeStampedModel):
    """A dated checkpoint (时间节点) of a project."""

    project = models.ForeignKey(Project, verbose_name=_("project"), related_name="milestones", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "pk"]
        indexes = [
            models.Index(fields=["due_date"], name="sites_milestone_due_open_idx", condition=Q(done_date__isnull=True))
        ]

    def __str__(self):
        return self.title


class ProgressUpdate(TimeStampedModel):
    """A dated progress report (进展记录) on a project: percent done and what happened."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="progress_updates", on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    percent = models.PositiveSmallIntegerField(_("percent complete"), validators=PERCENT_VALIDATORS)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="progress_updates",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = ProjectPartQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["project", "-date", "-pk"]
        get_latest_by = ["date", "pk"]
        # The latest updates of a project, and "no update in 60 days" (stale).
        indexes = [models.Index(fields=["project", "-date"], name="sites_update_project_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=_percent_in_range("percent"),
                name="%(app_label)s_%(class)s_percent_range",
                violation_error_message=PERCENT_RANGE_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d} · {self.percent}%"


class Photo(TimeStampedModel):
    """A photograph of a site, of a project, or attached to a progress update."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), related_name="photos", on_delete=models.CASCADE, null=True, blank=True
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), related_name="photos", on_delete=models.CASCADE, null=True, blank=True
    )
    progress_update = models.ForeignKey(
        ProgressUpdate,
        verbose_name=_("progress update"),
        related_name="photos",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    image = PhotoField(
        _("image"),
        upload_to=RandomFilename("photos"),
        width_field="width",
        height_field="height",
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels; location data is removed."),
    )
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=RandomFilename("photos/thumbnails"), editable=False, blank=True
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(site__isnull=False, project__isnull=True, progress_update__isnull=True)
                | Q(site__isnull=True, project__isnull=False, progress_update__isnull=True)
                | Q(site__isnull=True, project__isnull=True, progress_update__isnull=False),
                name="%(app_label)s_%(class)s_one_subject",
                violation_error_message=_("A photo belongs to exactly one site, project or progress update."),
            ),
        ]

    def __str__(self):
        return self.caption or self.image.name


class Activity(TimeStampedModel):
    """An event (活动) held at a site; its sessions and participants measure the site's effect."""

    site = models.ForeignKey(Site, verbose_name=_("site"), related_name="activities", on_delete=models.CASCADE)
    date = models.DateField(_("date"), help_text=_("For a series of sessions, the date of the last one."))
    title = models.CharField(_("title"), max_length=200)
    sessions = models.PositiveIntegerField(
        _("sessions"), default=1, validators=[MinValueValidator(1)], help_text=_("How many times it was held.")
    )
    participants = models.PositiveIntegerField(
        _("participants"), null=True, blank=True, help_text=_("People reached, counted per attendance.")
    )
    description = models.TextField(_("description"), blank=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["site", "-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions__gte=1),
                name="%(app_label)s_%(class)s_sessions_positive",
                violation_error_message=_("An activity is held at least once."),
            ),
        ]

    def __str__(self):
        return self.title
