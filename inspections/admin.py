"""Admin for inspection visits, the sites they visit and the follow-up tasks they set."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from belts import roles
from belts.admin import (
    SHORT_TEXTAREA,
    DistrictScopedAdmin,
    DistrictScopedInline,
    QuerySetMethodFilter,
    ScopedHistoryAdmin,
    TodayMixin,
    count_of,
    flag,
)
from inspections.choices import FollowUpStatus
from inspections.followups import services
from inspections.models import FollowUp, FollowUpEvent, Inspection, InspectionSite


class FollowUpStateFilter(QuerySetMethodFilter):
    title = _("state")
    parameter_name = "state"
    methods = {"overdue": (_("Overdue"), "overdue"), "unresolved": (_("Not closed"), "unresolved")}
    dated = ("overdue",)


class InspectedBeltSitesMixin:
    """Offer as a row's site only the sites of the inspected belt, fetched once for all rows.

    A visit's sites lie on its belt (the models' ``clean()`` says so too); a
    belt has a handful of them, so a plain select fits, and sharing one list
    of choices keeps the page's query count independent of its row count.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        site_field = formset.form.base_fields.get("site")
        if site_field is not None and obj is not None:
            site_field.queryset = site_field.queryset.filter(belt=obj.belt_id)
            site_field.choices = list(iter(site_field.choices))  # iter(): no COUNT query for a length hint
        return formset


class InspectionSiteInline(InspectedBeltSitesMixin, DistrictScopedInline):
    model = InspectionSite
    fields = ("order", "site", "note")
    ordering = ("order",)
    formfield_overrides = SHORT_TEXTAREA

    def get_queryset(self, request):
        # Each row prints itself as "order. site name".
        return super().get_queryset(request).select_related("site")


class FollowUpInline(InspectedBeltSitesMixin, DistrictScopedInline):
    """Tasks set by the visit; they are answered and closed on their own page."""

    model = FollowUp
    fields = ("task", "site", "responsible_person", "deadline", "status")
    readonly_fields = ("status",)
    ordering = ("deadline", "pk")
    formfield_overrides = SHORT_TEXTAREA
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(DistrictScopedAdmin):
    list_display = ("date", "title", "belt", "belt_district", "leader", "visit_count", "unresolved_followups")
    list_display_links = ("date", "title")
    list_filter = (("belt__district", admin.RelatedOnlyFieldListFilter), ("belt", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("belt__district",)
    search_fields = ("title", "leader_name", "inspecting_body", "belt__name")
    ordering = ("-date", "-pk")
    date_hierarchy = "date"
    autocomplete_fields = ("belt",)
    fieldsets = (
        (
            None,
            {
                "fields": ("belt", "date", "title", "inspecting_body", ("leader_name", "leader_title"), "team"),
                "description": _("Visited sites and follow-up tasks can be added once the visit is saved."),
            },
        ),
        (_("Findings"), {"fields": ("summary", "guidance")}),
    )

    def get_inlines(self, request, obj):
        # A visited site must lie on the inspected belt: its rows are offered once the belt is saved.
        return (InspectionSiteInline, FollowUpInline) if obj is not None else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                visit_count=count_of(InspectionSite.objects.all(), "inspection"),
                unresolved_followups=count_of(FollowUp.objects.unresolved(), "inspection"),
            )
        )

    @admin.display(description=_("district"), ordering="belt__district__code")
    def belt_district(self, obj):
        return obj.belt.district

    @admin.display(description=_("leader"), ordering="leader_name")
    def leader(self, obj):
        return " ".join(part for part in (obj.leader_name, obj.leader_title) if part)

    @admin.display(description=_("sites visited"), ordering="visit_count")
    def visit_count(self, obj):
        return obj.visit_count

    @admin.display(description=_("tasks not closed"), ordering="unresolved_followups")
    def unresolved_followups(self, obj):
        return obj.unresolved_followups


class FollowUpEventInline(admin.TabularInline):
    """A task's history, read-only: every step is taken through the workflow (``inspections.followups.services``)."""

    model = FollowUpEvent
    fields = ("at", "action", "user", "text", "evidence")
    readonly_fields = fields
    ordering = ("at", "pk")
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("photos")

    def has_view_permission(self, request, obj=None):
        # Whoever sees the task sees its history.
        return request.user.has_perm("inspections.view_followup")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("evidence photos"))
    def evidence(self, obj):
        return format_html_join(
            " ",
            '<a href="{}"><img src="{}" alt="" style="height:60px"></a>',
            ((photo.image.url, (photo.thumbnail or photo.image).url) for photo in obj.photos.all()),
        )


class FollowUpAdminForm(forms.ModelForm):
    """A task's form, whose workflow changes (status, the district's response) are steps of the workflow.

    ``clean()`` turns them into one step (answer, close, send back) and checks that
    the user may take it, leaving status and response as they were; the admin's
    ``save_model`` then takes the step through the service, which records who and when.
    """

    reason = forms.CharField(
        label=_("Reason for sending back"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("Required when setting an answered task back to open; the district reads it."),
    )
    user = None  # set by FollowUpAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status_before = self.instance.status
        self.response_before = self.instance.response
        self.workflow_step = None
        self.workflow_response = ""

    def _step(self, status, response):
        before = self.status_before
        if status == before and response == self.response_before:
            return None
        if before == FollowUpStatus.OPEN and status in (FollowUpStatus.OPEN, FollowUpStatus.ANSWERED):
            return services.ANSWER
        if before == FollowUpStatus.ANSWERED and status == FollowUpStatus.CLOSED:
            return services.CLOSE
        if before == FollowUpStatus.ANSWERED and status == FollowUpStatus.OPEN:
            return services.SEND_BACK
        if before == FollowUpStatus.ANSWERED and status == FollowUpStatus.ANSWERED:
            return services.ANSWER  # changing a sent answer: refused, it awaits the committee
        return "refused"

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        status = cleaned_data.get("status", self.status_before)
        response = cleaned_data.get("response", self.response_before)
        step = self._step(status, response)
        if step is None:
            return cleaned_data
        field = "status" if "status" in self.fields else "response"
        # Status and response change only through the step, never through this form's save.
        for name, before in (("status", self.status_before), ("response", self.response_before)):
            if name in cleaned_data:
                cleaned_data[name] = before
        if step == "refused":
            self.add_error(
                field,
                _("A task cannot go from “%(before)s” to “%(after)s”.")
                % {
                    "before": FollowUpStatus(self.status_before).label,
                    "after": FollowUpStatus(status).label,
                },
            )
            return cleaned_data
        refusal = services.followup_refusal(followup=self.instance, user=self.user, action=step)
        if refusal is not None:
            self.add_error(field, refusal.messages)
            return cleaned_data
        try:
            if step == services.ANSWER:
                services.validate_response(response)
            elif step == services.SEND_BACK:
                services.validate_reason(cleaned_data.get("reason", ""))
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned_data
        self.workflow_step, self.workflow_response = step, response
        return cleaned_data


@admin.register(FollowUp)
class FollowUpAdmin(ScopedHistoryAdmin, TodayMixin, DistrictScopedAdmin):
    form = FollowUpAdminForm
    inlines = (FollowUpEventInline,)
    list_display = ("__str__", "inspection", "site", "responsible_person", "deadline", "status", "is_overdue")
    list_filter = (FollowUpStateFilter, "status", ("inspection__belt__district", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("inspection", "site")
    search_fields = ("task", "responsible_person", "response", "inspection__title", "site__name")
    ordering = ("deadline", "pk")
    date_hierarchy = "deadline"
    autocomplete_fields = ("inspection", "site")
    fieldsets = (
        (None, {"fields": ("inspection", "site", "task", "responsible_person", "deadline", "status", "reason")}),
        (_("District's response"), {"fields": ("response", "answered_at", "answered_by")}),
        (_("Closing"), {"fields": ("closed_at", "closed_by")}),
    )
    # Who and when are recorded by the workflow's steps, never typed.
    workflow_record = ("answered_at", "answered_by", "closed_at", "closed_by")

    # What a district editor may change of a task addressed to his district: only the answer.
    district_fields = ("response",)

    def get_queryset(self, request):
        return super().get_queryset(request).with_overdue_flag(today=self.get_today(request))

    def get_fieldsets(self, request, obj=None):
        if obj is None or not services.is_committee_reviewer(request.user):
            # Sending back is the committee's; a new task starts open.
            return [
                (name, {**options, "fields": [f for f in options["fields"] if f != "reason"]})
                for name, options in self.fieldsets
            ]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("status", "response", *self.workflow_record)
        if roles.sees_all_districts(request.user):
            # The committee decides on the status; only a superuser may also answer for the district.
            answering = () if request.user.is_superuser else ("response",)
            return (*self.workflow_record, *answering)
        answerable = services.ANSWER in services.followup_allowed_actions(followup=obj, user=request.user)
        return [
            field
            for fieldset in self.fieldsets
            for field in fieldset[1]["fields"]
            if field != "reason" and not (field in self.district_fields and answerable)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        # The task's own fields (for the committee: task, site, deadline…), then the workflow's step.
        if roles.sees_all_districts(request.user) or obj.pk is None:
            super().save_model(request, obj, form, change)
        step = getattr(form, "workflow_step", None)
        try:
            if step == services.ANSWER:
                services.followup_answer(followup=obj, response=form.workflow_response, user=request.user)
            elif step == services.CLOSE:
                services.followup_close(followup=obj, user=request.user)
            elif step == services.SEND_BACK:
                services.followup_send_back(followup=obj, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            # Someone took another step in the meantime: nothing of this one was written.
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"answered_by", "closed_by"}:
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("overdue"), ordering="is_overdue")
    def is_overdue(self, obj):
        return flag(_("Overdue"), "overdue") if obj.is_overdue else ""
