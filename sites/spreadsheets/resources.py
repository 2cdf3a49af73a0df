"""The resources: which columns a sheet of sites, projects or activities has, and how rows become records."""

import openpyxl
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import resources
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from belts import roles
from belts.models import Belt
from sites.models import Activity, Organization, Project, Site
from sites.spreadsheets.cells import ChoiceWidget, column, model_field
from sites.spreadsheets.files import SpreadsheetError, cell_text, header_key, workbook_bytes, write_sheet
from sites.spreadsheets.messages import (
    AMBIGUOUS_BELT,
    AMBIGUOUS_RECORD,
    BELT_NOT_EDITABLE,
    CHANGE_REASON,
    MAX_ROWS,
    MISSING_COLUMNS,
    NO_BELT,
    NO_ORGANIZATION,
    NO_SITE,
    OTHER_SITE,
    REPEATED_COLUMN,
    REPEATED_ROW,
    REQUIRED,
    REQUIRED_COLUMN,
    TEMPLATE_KEYS,
    TEMPLATE_ROWS,
    UNKNOWN_COLUMNS,
)

# --- Resources ------------------------------------------------------------------------


class SpreadsheetResource(resources.ModelResource):
    """What the three sheets share: header checks, scoped look-ups, row numbers, all-or-nothing imports."""

    #: Columns that name the record (required in an imported sheet).
    key_columns: tuple[str, ...] = ()
    #: The model field set from the key columns.
    parent = ""
    #: What the export prints of related rows.
    related: tuple[str, ...] = ()
    #: Instructions for columns whose widget's hint is not enough.
    hints: dict = {
        "district": _("Optional: the belt's district, where belts of several districts share a name."),
        "belt": _("The name (or URL name) of a belt you manage."),
    }

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        store_row_values = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            field.column_name = str(field.column_name)  # in the request's language
        self.lookups = {}  # belts, sites and organisations by what names them
        self.seen = {}  # key of each record in the file → its row
        self.dry_run = True
        self.sheet_rows = []
        self.row_number = None
        self.row_errors, self.row_values = {}, {}

    def column_name(self, name: str) -> str:
        return self.fields[name].column_name

    def get_queryset(self):
        return self._meta.model.objects.visible_to(self.user)

    # Export

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.related)

    def after_export(self, queryset, dataset, **kwargs):
        dataset.title = str(self._meta.model._meta.verbose_name_plural)

    def template_workbook(self) -> bytes:
        """An empty sheet with the column names (and a drop-down list for choices), and a sheet of instructions."""
        fields = self.get_import_fields()
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = str(self._meta.model._meta.verbose_name_plural)[:31]
        write_sheet(sheet, [field.column_name for field in fields], [])
        for index, field in enumerate(fields, 1):
            if isinstance(field.widget, ChoiceWidget):
                labels = ",".join(str(label) for _code, label in field.widget.choices)
                validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True)
                letter = get_column_letter(index)
                validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
                sheet.add_data_validation(validation)
        names = {field.column_name: name for name, field in self.fields.items()}
        instructions = [(field.column_name, self.hint(names[field.column_name], field)) for field in fields]
        keys = "、".join(self.column_name(name) for name in self.key_columns)
        instructions += [("", ""), ("", str(TEMPLATE_ROWS)), ("", TEMPLATE_KEYS % {"key": keys})]
        write_sheet(workbook.create_sheet(str(_("Instructions"))), [_("Column"), _("What to enter")], instructions)
        return workbook_bytes(workbook)

    def hint(self, name: str, field) -> str:
        text = str(self.hints.get(name) or getattr(field.widget, "hint", ""))
        return f"{REQUIRED_COLUMN} {text}" if name in self.key_columns else text

    # Import

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        """Import ``dataset`` in one transaction, rolled back unless every row is valid."""
        self.dry_run = dry_run
        self.sheet_rows = list(getattr(dataset, "sheet_rows", range(2, len(dataset) + 2)))
        try:
            self.check_headers(dataset)
        except SpreadsheetError as error:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            for message in error.messages:
                result.append_base_error(self.get_error_result_class()(SpreadsheetError(message)))
            return result
        kwargs.update(use_transactions=True, rollback_on_validation_errors=True)
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def check_headers(self, dataset):
        """Name the columns as this resource does; refuse unknown, repeated and missing ones."""
        aliases = {}
        for name, field in self.fields.items():
            label = model_field(self._meta.model, field.attribute).verbose_name
            names = {name, field.column_name}
            for language in ("zh-hans", "en"):
                with translation.override(language):
                    names.add(str(label))
            aliases.update({header_key(alias): field.column_name for alias in names})
        headers, unknown, problems = [], [], []
        for header in dataset.headers:
            text = cell_text(header)
            name = aliases.get(header_key(text)) if text else ""
            if name is None:
                unknown.append(text)
            elif name and name in headers:
                problems.append(REPEATED_COLUMN % {"column": name})
            headers.append(text if name is None else name)
        if unknown:
            known = "、".join(field.column_name for field in self.get_import_fields())
            problems.insert(0, UNKNOWN_COLUMNS % {"columns": "、".join(unknown), "known": known})
        missing = [self.column_name(name) for name in self.key_columns if self.column_name(name) not in headers]
        if missing:
            problems.append(MISSING_COLUMNS % {"columns": "、".join(missing)})
        if problems:
            raise SpreadsheetError(*problems)
        dataset.headers = headers

    def import_row(self, row, instance_loader, **kwargs):
        index = kwargs["row_number"]
        self.row_number = self.sheet_rows[index - 1] if index <= len(self.sheet_rows) else index + 1
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.sheet_row = self.row_number
        return row_result

    def get_or_init_instance(self, instance_loader, row):
        self.row_errors, self.row_values = {}, {}
        instance = self.find_instance(row)
        if instance is None:
            return self.init_instance(row), True
        return instance, False

    def find_instance(self, row):
        """The record the row's key names, None for a new one; fills ``row_values`` and ``row_errors``."""
        raise NotImplementedError

    def import_instance(self, instance, row, **kwargs):
        for attribute, value in self.row_values.items():
            setattr(instance, attribute, value)
        errors = {name: list(problems) for name, problems in self.row_errors.items()}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's rules (``full_clean``) on top of the cells' own errors, each under its column name."""
        errors = dict(import_validation_errors or {})
        exclude = set(errors) | ({self.parent} if set(errors) & set(self.key_columns) else set())
        try:
            instance.full_clean(exclude=exclude, validate_unique=validate_unique)
        except ValidationError as error:
            # A cell that could not be read has its reason already, not also what its emptiness breaks.
            model_errors = {key: value for key, value in error.update_error_dict({}).items() if key not in exclude}
            errors.update(model_errors)
        if errors:
            by_column = {}
            for key, problems in errors.items():
                by_column.setdefault(self.column_for(key), []).extend(problems)
            raise ValidationError(by_column)

    def column_for(self, key: str) -> str:
        if key == NON_FIELD_ERRORS:
            return key
        if key in self.fields:
            return self.column_name(key)
        for field in self.fields.values():
            if field.attribute == key:
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            return key

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is not None and hasattr(instance, "version"):
            instance.version += 1  # a form opened before the import can no longer save over it
        instance._change_reason = str(CHANGE_REASON)

    # Look-ups, each within the user's districts

    def error(self, name: str, message) -> None:
        self.row_errors.setdefault(name, []).append(str(message))

    def locked(self, queryset):
        """``queryset`` locked until the import commits, when it is not a preview."""
        return queryset if self.dry_run else queryset.select_for_update(of=("self",))

    def parse(self, row, name: str):
        """A key cell's value; an empty cell is an error, an invalid one too where no column import reports it."""
        field = self.fields[name]
        try:
            value = field.widget.clean(row.get(field.column_name))
        except ValueError as error:
            if field.readonly:
                self.error(name, error)
            return None
        if value in (None, ""):
            self.error(name, REQUIRED)
            return None
        return value

    def check_repeated(self, key: tuple, name: str):
        first = self.seen.setdefault(key, self.row_number)
        if first != self.row_number:
            names = "、".join(self.column_name(column) for column in self.key_columns)
            self.error(name, REPEATED_ROW % {"row": first, "key": names})

    def find_belt(self, row):
        name = cell_text(row.get(self.column_name("belt")))
        if not name:
            return self.error("belt", REQUIRED)
        district = cell_text(row.get(self.column_name("district")))
        key = ("belt", name, district)
        if key not in self.lookups:
            belts = Belt.objects.visible_to(self.user).filter(Q(name=name) | Q(slug=name)).select_related("district")
            if district:
                belts = belts.filter(district__name=district)
            found, problem = list(belts[:2]), None
            if not found:
                problem = NO_BELT % {"name": name}
            elif len(found) > 1:
                problem = AMBIGUOUS_BELT % {"name": name}
            elif not roles.may_edit(self.user, found[0]):
                problem = BELT_NOT_EDITABLE % {"name": name}
            self.lookups[key] = (None if problem else found[0], problem)
        belt, problem = self.lookups[key]
        if problem:
            self.error("belt", problem)
        return belt

    def find_site(self, row, belt):
        """The site that the belt and sequence columns name (and the site column, if filled, confirms)."""
        sequence = self.parse(row, "sequence")
        if belt is None or sequence is None:
            return None
        key = ("site", belt.pk, sequence)
        if key not in self.lookups:
            self.lookups[key] = Site.objects.visible_to(self.user).filter(belt=belt, sequence=sequence).first()
        site = self.lookups[key]
        if site is None:
            return self.error("sequence", NO_SITE % {"belt": belt.name, "sequence": sequence})
        given = cell_text(row.get(self.column_name("site")))
        if given and given != site.name:
            return self.error("site", OTHER_SITE % {"sequence": sequence, "name": site.name, "given": given})
        self.row_values["site"] = site
        return site

    def find_one(self, queryset, name: str):
        found = list(self.locked(queryset)[:2])
        if len(found) > 1:
            keys = "、".join(self.column_name(column) for column in self.key_columns)
            return self.error(name, AMBIGUOUS_RECORD % {"key": keys})
        return found[0] if found else None


class SiteResource(SpreadsheetResource):
    district = column(Site, "belt__district", readonly=True)
    belt = column(Site, "belt", readonly=True)
    sequence = column(Site, "sequence")
    name = column(Site, "name")
    positioning = column(Site, "positioning")
    introduction = column(Site, "introduction")
    construction_status = column(Site, "construction_status")
    experience = column(Site, "experience")
    organization = column(Site, "organization", readonly=True)
    address = column(Site, "address")
    latitude = column(Site, "latitude")
    longitude = column(Site, "longitude")
    area_m2 = column(Site, "area_m2")
    investment_10k_yuan = column(Site, "investment_10k_yuan")
    opening_hours = column(Site, "opening_hours")
    contact_name = column(Site, "contact_name")
    contact_phone = column(Site, "contact_phone")
    status = column(Site, "status")

    key_columns = ("belt", "sequence")
    parent = "belt"
    related = ("belt__district", "organization")
    hints = {
        **SpreadsheetResource.hints,
        "sequence": _("Position on the belt: 1 for the first bead, 2 for the next…"),
        "organization": _("The name of a host organisation of the belt's district, as kept under host organisations."),
    }

    class Meta:
        model = Site
        fields = import_order = export_order = (
            "district",
            "belt",
            "sequence",
            "name",
            "positioning",
            "introduction",
            "construction_status",
            "experience",
            "organization",
            "address",
            "latitude",
            "longitude",
            "area_m2",
            "investment_10k_yuan",
            "opening_hours",
            "contact_name",
            "contact_phone",
            "status",
        )

    def find_instance(self, row):
        belt = self.find_belt(row)
        sequence = self.parse(row, "sequence")
        if belt is None:
            return None
        self.row_values["belt"] = belt
        self.find_organization(row, belt)
        if sequence is None:
            return None
        self.check_repeated(("site", belt.pk, sequence), "sequence")
        return self.find_one(Site.objects.visible_to(self.user).filter(belt=belt, sequence=sequence), "sequence")

    def find_organization(self, row, belt):
        if self.column_name("organization") not in row:
            return
        name = cell_text(row[self.column_name("organization")])
        if not name:
            self.row_values["organization"] = None
            return
        key = ("organization", belt.district_id, name)
        if key not in self.lookups:
            organizations = Organization.objects.visible_to(self.user)
            self.lookups[key] = organizations.filter(district_id=belt.district_id, name=name).first()
        if self.lookups[key] is None:
            self.error("organization", NO_ORGANIZATION % {"district": belt.district.name, "name": name})
        else:
            self.row_values["organization"] = self.lookups[key]


SITE_KEY_HINTS = {
    **SpreadsheetResource.hints,
    "sequence": _("The sequence of the site on the belt."),
    "site": _("Optional: the site's name, checked against the sequence."),
}


class ProjectResource(SpreadsheetResource):
    district = column(Project, "site__belt__district", readonly=True)
    belt = column(Project, "site__belt", readonly=True)
    sequence = column(Project, "site__sequence", readonly=True)
    site = column(Project, "site", readonly=True)
    title = column(Project, "title")
    description = column(Project, "description")
    status = column(Project, "status")
    planned_start = column(Project, "planned_start")
    planned_completion = column(Project, "planned_completion")
    actual_completion = column(Project, "actual_completion")
    percent_complete = column(Project, "percent_complete")
    responsible_person = column(Project, "responsible_person")
    responsible_unit = column(Project, "responsible_unit")
    delay_reason = column(Project, "delay_reason")

    key_columns = ("belt", "sequence", "title")
    parent = "site"
    related = ("site__belt__district",)
    hints = SITE_KEY_HINTS

    class Meta:
        model = Project
        fields = import_order = export_order = (
            "district",
            "belt",
            "sequence",
            "site",
            "title",
            "description",
            "status",
            "planned_start",
            "planned_completion",
            "actual_completion",
            "percent_complete",
            "responsible_person",
            "responsible_unit",
            "delay_reason",
        )

    def find_instance(self, row):
        site = self.find_site(row, self.find_belt(row))
        title = self.parse(row, "title")
        if site is None or title is None:
            return None
        self.check_repeated(("project", site.pk, title), "title")
        return self.find_one(Project.objects.visible_to(self.user).filter(site=site, title=title), "title")


class ActivityResource(SpreadsheetResource):
    district = column(Activity, "site__belt__district", readonly=True)
    belt = column(Activity, "site__belt", readonly=True)
    sequence = column(Activity, "site__sequence", readonly=True)
    site = column(Activity, "site", readonly=True)
    date = column(Activity, "date")
    title = column(Activity, "title")
    sessions = column(Activity, "sessions")
    participants = column(Activity, "participants")
    description = column(Activity, "description")

    key_columns = ("belt", "sequence", "date", "title")
    parent = "site"
    related = ("site__belt__district",)
    hints = SITE_KEY_HINTS

    class Meta:
        model = Activity
        fields = import_order = export_order = (
            "district",
            "belt",
            "sequence",
            "site",
            "date",
            "title",
            "sessions",
            "participants",
            "description",
        )

    def find_instance(self, row):
        site = self.find_site(row, self.find_belt(row))
        date, title = self.parse(row, "date"), self.parse(row, "title")
        if site is None or date is None or title is None:
            return None
        self.check_repeated(("activity", site.pk, date, title), "title")
        return self.find_one(Activity.objects.visible_to(self.user).filter(site=site, date=date, title=title), "title")
