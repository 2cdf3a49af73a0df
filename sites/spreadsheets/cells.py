"""Cells: turning what people type into spreadsheets into field values, and back."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import widgets
from import_export.fields import Field

from sites.spreadsheets.files import cell_text
from sites.spreadsheets.messages import (
    ENTER_DATE,
    ENTER_NUMBER,
    ENTER_WHOLE_NUMBER,
    INTEGER_LIMIT,
    NOT_A_CHOICE,
    NUMBER_LIMIT,
    TOO_LARGE_NUMBER,
)

# --- Cells ----------------------------------------------------------------------------


def parse_number(value) -> Decimal | None:
    if isinstance(value, bool | datetime.date):
        raise ValueError(str(ENTER_NUMBER))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(format(value, ".15g"))  # the 15 digits Excel shows, not 26.043000000000003
    else:
        text = cell_text(value).replace(",", "").replace("\uff0c", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(str(ENTER_NUMBER)) from None
    if not number.is_finite():
        raise ValueError(str(ENTER_NUMBER))
    if abs(number) >= NUMBER_LIMIT:
        raise ValueError(str(TOO_LARGE_NUMBER))
    return number


class TextWidget(widgets.Widget):
    hint = _("Text.")

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NumberWidget(widgets.Widget):
    hint = _("A number.")

    def clean(self, value, row=None, **kwargs):
        return parse_number(value)

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)


class IntegerWidget(NumberWidget):
    hint = _("A whole number.")

    def clean(self, value, row=None, **kwargs):
        number = parse_number(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(str(ENTER_WHOLE_NUMBER))
        if abs(number) > INTEGER_LIMIT:
            raise ValueError(str(TOO_LARGE_NUMBER))
        return int(number)


class DateWidget(widgets.Widget):
    """Date cells, or text such as 2026-05-01, 2026/5/1 or 2026年5月1日."""

    hint = ENTER_DATE
    pattern = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::[\d.]+)?)?")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        match = self.pattern.fullmatch(text)
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except (AttributeError, ValueError):  # no date pattern, or no such day
            raise ValueError(str(ENTER_DATE)) from None

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else value.isoformat()


class ChoiceWidget(widgets.Widget):
    """A choice written as its label (建设中), in Chinese or English, or as its code."""

    def __init__(self, choices):
        super().__init__()
        self.choices = list(choices)

    @property
    def hint(self):
        return _("One of: %(choices)s.") % {"choices": self.labels()}

    def labels(self) -> str:
        return "、".join(str(label) for _code, label in self.choices)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        for code, label in self.choices:
            names = {code, str(label)}
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    names.add(str(label))
            if text.casefold() in {name.casefold() for name in names}:
                return code
        raise ValueError(str(NOT_A_CHOICE % {"value": text, "choices": self.labels()}))

    def render(self, value, obj=None, **kwargs):
        return next((str(label) for code, label in self.choices if code == value), value or "")


class NameWidget(widgets.Widget):
    """A related record shown by its name; the resource looks it up."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(getattr(value, "name", value))


def model_field(model, lookup: str):
    """The model field at the end of ``lookup`` (``site__belt__district``)."""
    *hops, last = lookup.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)


def column(model, lookup: str, *, readonly: bool = False) -> Field:
    """A column for ``lookup``, headed by its field's verbose name; a blank cell keeps a field that has a default."""
    field = model_field(model, lookup)
    if field.is_relation:
        widget = NameWidget()
    elif field.choices:
        widget = ChoiceWidget(field.choices)
    elif isinstance(field, models.DateField):
        widget = DateWidget()
    elif isinstance(field, models.DecimalField):
        widget = NumberWidget()
    elif isinstance(field, models.IntegerField):
        widget = IntegerWidget()
    else:
        widget = TextWidget()
    saves_null = field.null or not field.has_default()
    return Field(lookup, field.verbose_name, widget, readonly=readonly, saves_null_values=saves_null)
