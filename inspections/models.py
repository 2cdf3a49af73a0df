from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from belts.base import RandomFilename, TimeStampedModel, clashes
from belts.images import PhotoField, validate_photo
from belts.models import Belt, District
from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.querysets import FollowUpQuerySet, InspectionQuerySet
from sites.models import Site

SITE_ALREADY_VISITED = _("This site is already on the visit's route.")
ORDER_TAKEN = _("Another site already has this place in the visiting order.")


def inspected_belt_id(row: models.Model) -> int | None:
    """The belt of ``row.inspection``, also while that inspection is being added in the same form."""
    if row.inspection_id is None and not row._meta.get_field("inspection").is_cached(row):
        return None
    return row.inspection.belt_id


class Inspection(TimeStampedModel):
    """An inspection visit (调研核查) by the committee to a belt: who came, what they saw and said."""

    belt = models.ForeignKey(Belt, verbose_name=_("belt"), related_name="inspections", on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    inspecting_body = models.CharField(_("inspecting body"), max_length=100)
    leader_name = models.CharField(_("leader"), max_length=50)
    leader_title = models.CharField(_("leader's title"), max_length=100, blank=True)
    team = models.TextField(_("team"), blank=True, help_text=_("Other members of the visiting team."))
    summary = models.TextField(_("summary"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    sites = models.ManyToManyField(Site, through="InspectionSite", related_name="inspections", verbose_name=_("sites"))

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection visit")
        verbose_name_plural = _("inspection visits")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class InspectionSite(models.Model):
    """A site on an inspection's route, in visiting order, with what was noted there."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection visit"), related_name="visits", on_delete=models.CASCADE
    )
    site = models.ForeignKey(Site, verbose_name=_("site"), related_name="visits", on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("visiting order"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("visited site")
        verbose_name_plural = _("visited sites")
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "site"],
                name="%(app_label)s_%(class)s_unique_site",
                violation_error_message=SITE_ALREADY_VISITED,
            ),
            models.UniqueConstraint(
                fields=["inspection", "order"],
                name="%(app_label)s_%(class)s_unique_order",
                violation_error_message=ORDER_TAKEN,
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.site.name}"

    def clean(self):
        errors = {}
        belt_id = inspected_belt_id(self)
        if belt_id and self.site_id and self.site.belt_id != belt_id:
            errors["site"] = _("The site is not on the inspected belt.")
        elif clashes(self, inspection_id=self.inspection_id, site_id=self.site_id):
            errors["site"] = SITE_ALREADY_VISITED
        if clashes(self, inspection_id=self.inspection_id, order=self.order):
            errors["order"] = ORDER_TAKEN
        if errors:
            raise ValidationError(errors)


class FollowUp(TimeStampedModel):
    """A follow-up task (督办事项) set by an inspection, tracked until the committee closes it."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection visit"), related_name="followups", on_delete=models.PROTECT
    )
    site = models.ForeignKey(
        Site, verbose_name=_("site"), related_name="followups", on_delete=models.PROTECT, null=True, blank=True
    )
    task = models.TextField(_("task"))
    responsible_person = models.CharField(_("responsible person"), max_length=100)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    response = models.TextField(_("district's response"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.OPEN) | (Q(answered_at__isnull=False) & ~Q(response="")),
                name="%(app_label)s_%(class)s_answered_has_response",
                violation_error_message=_("An answered or closed task needs the district's response and its time."),
            ),
            models.CheckConstraint(
                condition=~Q(status=FollowUpStatus.CLOSED) | Q(closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_time",
                violation_error_message=_("A closed task needs the time it was closed."),
            ),
        ]

    def __str__(self):
        return self.task[:40]

    def clean(self):
        errors = {}
        if self.status != FollowUpStatus.OPEN:
            if not self.response:
                errors["response"] = _("An answered or closed task needs the district's response.")
            if self.answered_at is None:
                errors["answered_at"] = _("An answered or closed task needs the time it was answered.")
        if self.status == FollowUpStatus.CLOSED and self.closed_at is None:
            errors["closed_at"] = _("A closed task needs the time it was closed.")
        belt_id = inspected_belt_id(self)
        if belt_id and self.site_id and self.site.belt_id != belt_id:
            errors["site"] = _("The site is not on the inspected belt.")
        if errors:
            raise ValidationError(errors)


class FollowUpEvent(models.Model):
    """One step of a follow-up task's workflow (answered, closed, sent back): who took it, when, and what was said."""

    followup = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up task"), related_name="events", on_delete=models.CASCADE
    )
    action = models.CharField(_("action"), max_length=20, choices=FollowUpAction.choices)
    text = models.TextField(_("text"), blank=True, help_text=_("The response, or the reason for sending it back."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        ordering = ["followup", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action=FollowUpAction.SENT_BACK) | ~Q(text=""),
                name="%(app_label)s_%(class)s_sent_back_has_reason",
                violation_error_message=_("Sending a task back needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class FollowUpEvidence(TimeStampedModel):
    """A photo the district sent with its answer to a follow-up task, as evidence of the work done."""

    event = models.ForeignKey(
        FollowUpEvent, verbose_name=_("follow-up step"), related_name="photos", on_delete=models.CASCADE
    )
    image = PhotoField(
        _("image"),
        upload_to=RandomFilename("followups"),
        width_field="width",
        height_field="height",
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, at most 10 MB and 40 megapixels; location data is removed."),
    )
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=RandomFilename("followups/thumbnails"), editable=False, blank=True
    )
    width = models.PositiveIntegerField(_("width"), editable=False, null=True)
    height = models.PositiveIntegerField(_("height"), editable=False, null=True)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.image.name


class ReminderLog(models.Model):
    """That a district's editors were sent their reminder of due and overdue work for a day: sent once a day."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), related_name="reminder_logs", on_delete=models.CASCADE
    )
    date = models.DateField(_("date"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.TextField(_("recipients"), blank=True)
    followup_count = models.PositiveIntegerField(_("follow-up tasks"), default=0)
    project_count = models.PositiveIntegerField(_("projects"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-date", "district"]
        constraints = [
            models.UniqueConstraint(fields=["district", "date"], name="%(app_label)s_%(class)s_once_a_day"),
        ]

    def __str__(self):
        return f"{self.district} {self.date:%Y-%m-%d}"
