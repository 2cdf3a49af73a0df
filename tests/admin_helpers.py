"""Shared helpers for the admin tests: URLs, query counts, and posting a rendered form back."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.forms import CheckboxInput, FileInput, MultiWidget, SelectMultiple
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

# Rows added between the "few" and the "many" measurement of a page.
MORE_ROWS = 20


@dataclass(frozen=True)
class AdminCase:
    """A registered ModelAdmin under test.

    ``make(n)`` creates ``n`` rows of the model, each with the related rows its
    changelist displays, and returns them. ``max_queries`` pins the changelist's
    query count, which must not grow with the number of rows.
    """

    model: type
    make: Callable[[int], list]
    max_queries: int

    def __str__(self):
        return self.model._meta.model_name


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_url(obj) -> str:
    return admin_url(type(obj), "change", obj.pk)


def get_queries(client, url: str) -> list[str]:
    """The SQL a GET of ``url`` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in context.captured_queries]


def assert_queries_independent_of_rows(client, url: str, add_rows: Callable[[], object], max_queries: int) -> int:
    """Count the queries of ``url`` before and after ``add_rows()``; they must be equal and at most ``max_queries``."""
    client.get(url)  # fill per-process caches (content types) so that both counts start alike
    few = get_queries(client, url)
    add_rows()
    many = get_queries(client, url)
    assert len(many) == len(few), f"{len(few)} queries became {len(many)}:\n" + "\n".join(many)
    assert len(many) <= max_queries, f"{len(many)} queries:\n" + "\n".join(many)
    return len(many)


def _widget(bound_field):
    widget = bound_field.field.widget
    return getattr(widget, "widget", widget)  # unwrap the admin's RelatedFieldWidgetWrapper


def form_data(response) -> dict:
    """What a browser posts back, unchanged, from the admin form rendered in ``response``."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound_field in form:
            widget, value = _widget(bound_field), bound_field.value()
            if isinstance(widget, FileInput):
                continue  # the stored file is kept when none is uploaded
            if isinstance(widget, CheckboxInput):
                if value:
                    data[bound_field.html_name] = "on"
            elif isinstance(widget, MultiWidget):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{bound_field.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(widget, SelectMultiple):
                data[bound_field.html_name] = [str(item) for item in value or []]
            elif isinstance(value, list | tuple):
                data[bound_field.html_name] = [str(item) for item in value]
            else:
                data[bound_field.html_name] = "" if value is None else str(value)
    return data


def snapshot(obj) -> dict:
    """Every stored field of ``obj``, fetched afresh, to show that a refused form changed nothing."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {**model_to_dict(fresh), "updated_at": fresh.updated_at}


def assert_refused_at_field(response, field: str):
    """The admin form re-rendered (no redirect) with ``field``'s error shown next to that field."""
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    assert field in form.errors, form.errors
    html = response.content.decode()
    with translation.override("zh-hans"):
        messages = [str(message) for message in form.errors[field]]
    error_list_start = html.index(f'id="id_{field}_error"')
    error_list = html[error_list_start : html.index("</ul>", error_list_start)]
    for message in messages:
        assert escape(message) in error_list
    return messages
