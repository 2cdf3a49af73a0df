"""The admin side: import with a preview of every row, export of the changelist, the template workbook."""

import contextlib
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.tmp_storages import CacheStorage, TempFolderStorage

from sites.spreadsheets.files import CSVFormat, SpreadsheetError, XLSXFormat, cell_text
from sites.spreadsheets.messages import (
    CELL_PROBLEM,
    EXPIRED,
    KINDS,
    MAX_UPLOAD_MB,
    NOTHING_IMPORTED,
    ROW_NOT_SAVED,
    ROW_NUMBERS,
    ROW_PROBLEM,
    TOO_LARGE_FILE,
    UNREADABLE,
)

# --- Admin ----------------------------------------------------------------------------


def import_report(result) -> dict:
    """What the import page shows: every row with its action and cells, and each problem as a sentence."""
    headers = list(result.diff_headers)
    problems = [describe(error.error) for error in result.base_errors]
    rows = []
    for row_result in result.rows:
        number = getattr(row_result, "sheet_row", "")
        row_problems = []
        if row_result.validation_error is not None:
            error = row_result.validation_error
            by_column = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            for column_name in sorted(
                by_column, key=lambda name: headers.index(name) if name in headers else len(headers)
            ):
                row_problems += [sentence(number, column_name, problem) for problem in by_column[column_name]]
        row_problems += [sentence(number, NON_FIELD_ERRORS, describe(error.error)) for error in row_result.errors]
        if row_result.diff and not row_problems:
            cells = row_result.diff
        else:
            cells = [cell_text(row_result.row_values.get(header)) for header in headers]
        label = KINDS.get(row_result.import_type, "")
        rows.append({"number": number, "kind": row_result.import_type, "label": label, "cells": cells})
        problems += row_problems
    return {
        "headers": headers,
        "rows": rows,
        "problems": problems,
        "nothing_imported": NOTHING_IMPORTED,
        "row_numbers": ROW_NUMBERS,
    }


def sentence(row, column_name, message) -> str:
    if column_name == NON_FIELD_ERRORS:
        return ROW_PROBLEM % {"row": row, "message": message}
    return CELL_PROBLEM % {"row": row, "column": column_name, "message": message}


def describe(error) -> str:
    if isinstance(error, SpreadsheetError):
        return str(error)
    return ROW_NOT_SAVED % {"error": str(error)[:200]}


class SpreadsheetImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise ValidationError(TOO_LARGE_FILE % {"max": MAX_UPLOAD_MB})
        return upload


class SpreadsheetAdminMixin(ImportExportMixin):
    """Import and export of a ModelAdmin's rows as .xlsx and CSV, within what the user may see and change.

    Import needs the add and change permissions, export the view permission;
    both go through the ModelAdmin's scoped queryset and the resource's scoped
    look-ups. Set ``resource_classes`` to one ``SpreadsheetResource``.
    """

    import_formats = [XLSXFormat, CSVFormat]
    export_formats = [XLSXFormat, CSVFormat]
    import_form_class = SpreadsheetImportForm
    export_form_class = ExportForm
    import_template_name = "admin/import_export/spreadsheet_import.html"
    pending_imports_key = "spreadsheet_imports"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_resource_index(self, form):
        return 0

    def get_tmp_storage_class(self):
        # Between the preview and the confirmation the file waits in a shared cache
        # when several app servers use one (Redis), in the temporary folder otherwise.
        backend = settings.CACHES["default"]["BACKEND"].lower()
        return CacheStorage if "redis" in backend or "memcached" in backend else TempFolderStorage

    def get_urls(self):
        name = "{}_{}_import_template".format(*self.get_model_info())
        view = self.admin_site.admin_view(self.import_template_view)
        return [path("import/template/", view, name=name), *super().get_urls()]

    def import_template_view(self, request):
        """An empty workbook with this sheet's column names and instructions."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        resource = self.choose_import_resource_class(None, request)(**self.get_import_resource_kwargs(request))
        response = HttpResponse(resource.template_workbook(), content_type=XLSXFormat.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}-template.xlsx"'
        return response

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "spreadsheet_row_numbers": ROW_NUMBERS}

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", str(e) if isinstance(e, SpreadsheetError) else str(UNREADABLE))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = response.context_data.get("result")
        if result is not None:
            response.context_data["spreadsheet"] = import_report(result)
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name and "confirm_form" not in response.context_data:  # a file that cannot be confirmed: drop it now
            storage = self.get_tmp_storage_class()(name=os.path.basename(name), **self.get_tmp_storage_class_kwargs())
            with contextlib.suppress(OSError):
                storage.remove()
        return response

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        if import_form is not None:
            # Only a file this user previewed may be confirmed.
            pending = request.session.get(self.pending_imports_key, [])[-9:]
            name = os.path.basename(form.initial["import_file_name"])
            request.session[self.pending_imports_key] = [*pending, name]
        return form

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import the previewed file for good, or show why not; nothing is written unless every row is valid."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        pending = request.session.get(self.pending_imports_key, [])
        formats = self.get_import_formats()
        if not form.is_valid() or form.cleaned_data["import_file_name"] not in pending:
            return self.import_expired(request)
        name, format_index = form.cleaned_data["import_file_name"], form.cleaned_data["format"]
        if not format_index.isdigit() or int(format_index) >= len(formats):
            return self.import_expired(request)
        storage = self.get_tmp_storage_class()(name=name, read_mode="rb", **self.get_tmp_storage_class_kwargs())
        try:
            dataset = formats[int(format_index)]().create_dataset(storage.read())
        except (OSError, SpreadsheetError):
            return self.import_expired(request)
        result = self.process_dataset(dataset, form, request, **kwargs)
        request.session[self.pending_imports_key] = [other for other in pending if other != name]
        with contextlib.suppress(OSError):  # a second click on "confirm" may have removed it already
            storage.remove()
        return self.process_result(result, request)

    def import_expired(self, request):
        messages.error(request, EXPIRED)
        return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*self.get_model_info())))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            return self.import_failed(request, result)  # rolled back: nothing was written
        return super().process_result(result, request)

    def import_failed(self, request, result):
        form = self.get_import_form_class(request)(self.get_import_formats(), self.get_import_resource_classes(request))
        resource = self.choose_import_resource_class(form, request)(**self.get_import_resource_kwargs(request))
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [(resource.get_display_name(), [f.column_name for f in resource.get_import_fields()])],
            "import_error_display": self.import_error_display,
            "result": result,
            "spreadsheet": import_report(result),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:  # a filter in the URL that the list does not have
            return HttpResponseRedirect(reverse("admin:{}_{}_changelist".format(*self.get_model_info())) + "?e=1")

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        native = isinstance(file_format, XLSXFormat)  # dates and numbers as real cells
        return file_format.export_data(self.get_data_for_export(request, queryset, force_native_type=native, **kwargs))

    def get_export_filename(self, request, queryset, file_format):
        return f"{self.opts.model_name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"
