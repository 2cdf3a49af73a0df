"""The filters of district and belt lists: one FilterSet per model, for the API and HTML lists alike."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ChoiceField

from belts.choices import BeltStatus
from belts.models import Belt, District

SEARCH_MAX_LENGTH = 50


def visible(model):
    """Choices of a filter on ``model``: the rows the requesting user may see (the public: published ones)."""

    def rows(request):
        return model._default_manager.visible_to(getattr(request, "user", None))

    return rows


class YesNoField(ChoiceField):
    def clean(self, value):
        value = super().clean(value)
        return None if value in EMPTY_VALUES else value == "true"


class YesNoFilter(django_filters.ChoiceFilter):
    """A yes/no question about each row: ``true`` or ``false``; any other value is refused, not ignored.

    Give it a ``method``, which receives a bool.
    """

    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        kwargs.setdefault("empty_label", pgettext_lazy("any value", "Any"))
        super().__init__(*args, **kwargs)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's ``?ordering=``, skipping blank entries (``?ordering=,`` keeps the list's own order),
    and ending with the id.

    Without this, blank entries cleared the default order and left the pages of a list unordered.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Order by"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = [param for param in value or [] if param]
        if not value:
            return qs
        # The row's id breaks ties, so that rows neither repeat nor go missing from page to page.
        ordered = super().filter(qs, value)
        return ordered.order_by(*ordered.query.order_by, "pk")


class PortalFilterSet(django_filters.FilterSet):
    """A FilterSet that knows "today" (for dated rules such as overdue) and searches a few text fields.

    ``search_fields`` lists the fields ``?search=`` looks in (case-insensitive, any of them).
    """

    search_fields: tuple[str, ...] = ()

    search = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Words to look for in names and descriptions, at most 50 characters."),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, today=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = timezone.localdate() if today is None else today

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class DistrictFilterSet(PortalFilterSet):
    search_fields = ("name", "code")
    ordering = OrderingFilter(fields=(("code", "code"), ("name", "name")))

    class Meta:
        model = District
        fields = ["search"]


class BeltFilterSet(PortalFilterSet):
    search_fields = ("name", "theme")
    district = django_filters.ModelChoiceFilter(label=_("District"), queryset=visible(District))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BeltStatus.choices)
    ordering = OrderingFilter(fields=(("name", "name"), ("district__code", "district"), ("target_year", "target_year")))

    class Meta:
        model = Belt
        fields = ["district", "status", "search"]
