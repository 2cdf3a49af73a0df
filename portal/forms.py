from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=50,
        strip=True,
        widget=forms.SearchInput(attrs={"placeholder": _("Site or belt name, positioning…")}),
    )
