"""The dashboard's tables as an Excel workbook: one sheet per table, real dates and numbers."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from inspections.progress.selectors import Dashboard, Row
from sites.choices import ProjectStatus, SiteStatus
from sites.spreadsheets.files import as_text_cell, display_width

DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable
    number_format: str | None = None


def _add_sheet(workbook: Workbook, title: str, columns: list[Column], rows: Iterable) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([column.header for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [display_width(column.header) for column in columns]
    for row_number, row in enumerate(rows, 2):
        for index, column in enumerate(columns):
            value = column.value(row)
            # A name typed as "=HYPERLINK(…)" stays a name.
            as_text_cell(sheet.cell(row=row_number, column=index + 1, value=value))
            widths[index] = max(widths[index], display_width(value))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(widths[index - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        if column.number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = column.number_format
    sheet.freeze_panes = "A2"


def _figure_columns() -> list[Column]:
    def progress(row: Row):
        value = row.figures.progress
        return None if value is None else round(value, 1)

    columns = [Column(_("Sites"), lambda row: row.figures.sites)]
    columns += [
        Column(
            _("Sites: %(status)s") % {"status": label}, lambda row, status=status: row.figures.sites_by_status[status]
        )
        for status, label in SiteStatus.choices
    ]
    columns.append(Column(_("Projects"), lambda row: row.figures.projects))
    columns += [
        Column(
            _("Projects: %(status)s") % {"status": label},
            lambda row, status=status: row.figures.projects_by_status[status],
        )
        for status, label in ProjectStatus.choices
    ]
    columns += [
        Column(_("Overdue projects"), lambda row: row.figures.overdue),
        Column(_("Projects at risk"), lambda row: row.figures.at_risk),
        Column(_("Average progress (%)"), progress, "0.0"),
        Column(_("Follow-ups not closed"), lambda row: row.figures.followups_open),
        Column(_("Overdue follow-ups"), lambda row: row.figures.followups_overdue),
        Column(_("Published sites without a photo"), lambda row: row.figures.lacking_photo),
        Column(_("Published sites without a location"), lambda row: row.figures.lacking_location),
        Column(_("Published sites without a positioning"), lambda row: row.figures.lacking_positioning),
        Column(_("Projects without an update in 60 days"), lambda row: row.figures.stale),
    ]
    return columns


def dashboard_workbook(dashboard: Dashboard) -> bytes:
    """The workbook's bytes: districts, belts, overdue projects, milestones due, follow-ups."""
    today = dashboard.today
    workbook = Workbook()
    workbook.remove(workbook.active)
    figures = _figure_columns()

    _add_sheet(
        workbook, _("Districts"), [Column(_("District"), lambda row: row.record.name), *figures], dashboard.districts
    )
    _add_sheet(
        workbook,
        _("Belts"),
        [
            Column(_("District"), lambda row: row.record.district.name),
            Column(_("Belt"), lambda row: row.record.name),
            *figures,
        ],
        dashboard.belts,
    )
    _add_sheet(
        workbook,
        _("Overdue projects"),
        [
            Column(_("Project"), lambda p: p.title),
            Column(_("Site"), lambda p: p.site.name),
            Column(_("Belt"), lambda p: p.site.belt.name),
            Column(_("District"), lambda p: p.site.belt.district.name),
            Column(_("Responsible person"), lambda p: p.responsible_person),
            Column(_("Status"), lambda p: p.get_status_display()),
            Column(_("Planned completion"), lambda p: p.planned_completion, DATE_FORMAT),
            Column(_("Days late"), lambda p: p.days_late),
            Column(_("Percent complete"), lambda p: p.percent_complete),
        ],
        dashboard.overdue_projects.rows,
    )
    _add_sheet(
        workbook,
        _("Milestones due"),
        [
            Column(_("Milestone"), lambda m: m.title),
            Column(_("Due date"), lambda m: m.due_date, DATE_FORMAT),
            Column(_("Days left"), lambda m: (m.due_date - today).days),
            Column(_("Project"), lambda m: m.project.title),
            Column(_("Site"), lambda m: m.project.site.name),
            Column(_("Belt"), lambda m: m.project.site.belt.name),
            Column(_("District"), lambda m: m.project.site.belt.district.name),
            Column(_("Responsible person"), lambda m: m.project.responsible_person),
        ],
        dashboard.milestones_due.rows,
    )
    _add_sheet(
        workbook,
        _("Follow-up tasks"),
        [
            Column(_("Task"), lambda f: f.task),
            Column(_("Site"), lambda f: f.site.name if f.site else ""),
            Column(_("Belt"), lambda f: f.inspection.belt.name),
            Column(_("District"), lambda f: f.inspection.belt.district.name),
            Column(_("Responsible person"), lambda f: f.responsible_person),
            Column(_("Deadline"), lambda f: f.deadline, DATE_FORMAT),
            Column(_("Status"), lambda f: f.get_status_display()),
            Column(
                _("Overdue"), lambda f: pgettext("yes or no", "Yes") if f.is_overdue else pgettext("yes or no", "No")
            ),
            Column(_("Days overdue"), lambda f: max((today - f.deadline).days, 0) if f.is_overdue else None),
        ],
        dashboard.followups.rows,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
