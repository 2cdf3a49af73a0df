"""The dashboard's filters: a plain form, so that unknown values become messages, not errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from belts.models import Belt, District
from inspections.progress.selectors import ProgressFilters
from sites.choices import ProjectStatus


class BeltChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.district.name} · {obj.name}"


class ProgressFilterForm(forms.Form):
    """District, belt and project status, offered among what the user may see."""

    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("All districts")
    )
    belt = BeltChoiceField(label=_("Belt"), queryset=Belt.objects.none(), required=False, empty_label=_("All belts"))
    status = forms.ChoiceField(
        label=_("Project status"), choices=[("", _("All statuses")), *ProjectStatus.choices], required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.visible_to(user).order_by("code")
        self.fields["belt"].queryset = (
            Belt.objects.visible_to(user).select_related("district").order_by("district__code", "name")
        )

    def clean(self):
        cleaned_data = super().clean()
        district, belt = cleaned_data.get("district"), cleaned_data.get("belt")
        if district and belt and belt.district_id != district.pk:
            self.add_error(
                "belt", _("The belt %(belt)s is not in %(district)s.") % {"belt": belt, "district": district}
            )
        return cleaned_data

    def filters(self) -> ProgressFilters:
        """The filters that were understood; call after ``is_valid()``. Values not understood are left out."""
        data = getattr(self, "cleaned_data", {})
        return ProgressFilters(district=data.get("district"), belt=data.get("belt"), status=data.get("status") or "")
