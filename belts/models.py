from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from belts.base import RandomFilename, TimeStampedModel, clashes
from belts.choices import BeltStatus
from belts.images import PhotoField, validate_photo
from belts.querysets import BeltQuerySet, DistrictQuerySet
from belts.slugs import unique_slug


class District(TimeStampedModel):
    """A district or county (区县): owns belts, and bounds what its staff may see."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.CharField(
        _("administrative code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("Enter the six-digit administrative division code."))],
        help_text=_("Six-digit code of the administrative division, e.g. 350104."),
    )
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        related_name="districts",
        blank=True,
        help_text=_("Staff users who keep this district's records."),
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]
        permissions = [("view_all_districts", _("Can see the records of every district"))]

    def __str__(self):
        return self.name


BELT_NAME_TAKEN = _("This district already has a belt of this name.")


class Belt(TimeStampedModel):
    """A party-building demonstration belt (示范带): an ordered route of bead sites with a theme."""

    district = models.ForeignKey(District, verbose_name=_("district"), related_name="belts", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("URL name"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Latin letters, digits and hyphens; left blank, it is made from the name in pinyin."),
    )
    theme = models.TextField(_("theme and introduction"), blank=True)
    principles = models.TextField(_("guiding principles"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BeltStatus.choices, default=BeltStatus.PLANNED)
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Year by which the belt is to be completed."),
    )
    cover_image = PhotoField(
        _("cover image"),
        upload_to=RandomFilename("belts"),
        blank=True,
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels; location data is removed."),
    )
    published = models.BooleanField(_("published"), default=False)

    objects = BeltQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("demonstration belt")
        verbose_name_plural = _("demonstration belts")
        ordering = ["district__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="%(app_label)s_%(class)s_unique_name",
                violation_error_message=BELT_NAME_TAKEN,
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="%(app_label)s_%(class)s_slug_not_blank",
                violation_error_message=_("Enter a URL name, or a name to make it from."),
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_year__gte=2000, target_year__lte=2100),
                name="%(app_label)s_%(class)s_target_year_range",
                violation_error_message=_("The target year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:belt_detail", kwargs={"slug": self.slug})

    def clean(self):
        # A blank slug is made from the Chinese name, so staff never have to invent one.
        if not self.slug and self.name:
            others = Belt.objects.exclude(pk=self.pk)
            self.slug = unique_slug(self.name, lambda s: others.filter(slug=s).exists())
        if not self.slug:
            raise ValidationError({"slug": _("Enter a URL name, or a name to make it from.")})
        if clashes(self, district_id=self.district_id, name=self.name):
            raise ValidationError({"name": BELT_NAME_TAKEN})
