"""Forms of the visit pages; they check what one form can see and leave the rules to the services."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from inspections.models import Inspection, InspectionSite
from inspections.visits.services import Stop, TaskDraft, check_new_deadline, route_errors

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def site_choices(sites) -> list[tuple]:
    """A select's choices over ``sites``, built once for every row of a formset."""
    return [("", "---------"), *((site.pk, str(site)) for site in sites)]


class BeltChoiceForm(forms.Form):
    """The first step of planning: which belt the visit goes to (its sites are offered next)."""

    belt = forms.ModelChoiceField(label=_("Belt"), queryset=None, empty_label=None)

    def __init__(self, *args, belts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["belt"].queryset = belts
        self.fields["belt"].label_from_instance = lambda belt: f"{belt.district.name} · {belt.name}"


class InspectionPlanForm(forms.ModelForm):
    """The visit itself: when, where, who; its route comes from ``StopFormSet``."""

    class Meta:
        model = Inspection
        fields = ["belt", "date", "title", "inspecting_body", "leader_name", "leader_title", "team"]
        widgets = {"belt": forms.HiddenInput, "date": DATE_INPUT, "team": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"title": _("Left blank, it is made from the belt's name.")}

    def __init__(self, *args, belts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["belt"].queryset = belts
        self.fields["title"].required = False


class StopForm(forms.Form):
    """One site on the route and its place in the visiting order; a row without a number is left out."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    order = forms.IntegerField(label=_("Visiting order"), required=False, min_value=1, max_value=99)

    def __init__(self, *args, sites, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].choices = choices

    def clean(self):
        cleaned = super().clean()
        site, order = cleaned.get("site"), cleaned.get("order")
        if site is not None and order is None and "order" not in self.errors:
            # Leaving the number empty leaves the site out.
            cleaned["site"] = None
        elif site is None and order is not None and "site" not in self.errors:
            self.add_error("site", _("Choose the site to visit in this place, or clear its number."))
        return cleaned


class BaseStopFormSet(BaseFormSet):
    def __init__(self, *args, belt, **kwargs):
        self.belt = belt
        super().__init__(*args, **kwargs)

    def stops(self) -> list[Stop]:
        """The route as entered: rows with a site and a number (call after ``is_valid()``)."""
        return [
            Stop(site=form.cleaned_data["site"], order=form.cleaned_data["order"])
            for form in self.forms
            if form.cleaned_data.get("site") is not None and form.cleaned_data.get("order") is not None
        ]

    def clean(self):
        if any(self.errors):
            return
        rows = [
            form
            for form in self.forms
            if form.cleaned_data.get("site") is not None and form.cleaned_data.get("order") is not None
        ]
        if not rows:
            raise ValidationError(_("Choose at least one site to visit and give it its number."))
        for index, field, message in route_errors(belt=self.belt, stops=self.stops()):
            rows[index].add_error(field, message)


StopFormSet = formset_factory(StopForm, formset=BaseStopFormSet, extra=0, max_num=99, validate_max=True)


class InspectionRecordForm(forms.ModelForm):
    """What the visit found and what the committee said."""

    class Meta:
        model = Inspection
        fields = ["summary", "guidance"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "guidance": forms.Textarea(attrs={"rows": 5})}


NoteFormSet = modelformset_factory(
    InspectionSite,
    fields=["note"],
    extra=0,
    edit_only=True,
    widgets={"note": forms.Textarea(attrs={"rows": 3})},
)


class TaskForm(forms.Form):
    """A new follow-up task; a blank row is ignored."""

    task = forms.CharField(label=_("Task"), widget=forms.Textarea(attrs={"rows": 2}))
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=100)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_INPUT)

    def __init__(self, *args, today: datetime.date, sites, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["site"].queryset = sites
        self.fields["site"].choices = choices

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        check_new_deadline(deadline, today=self.today)
        return deadline

    def draft(self) -> TaskDraft:
        data = self.cleaned_data
        return TaskDraft(
            task=data["task"],
            site=data.get("site"),
            responsible_person=data["responsible_person"],
            deadline=data["deadline"],
        )


TaskFormSet = formset_factory(TaskForm, extra=3, max_num=30, validate_max=True)
