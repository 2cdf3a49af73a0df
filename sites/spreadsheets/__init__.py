"""Spreadsheets of sites, projects and activities: import and export as .xlsx and CSV, with Chinese column names.

A column is headed by the verbose name of its model field (示范带, 序号, 名称…).
Belts, sites and host organisations are named, never numbered, and are looked
up only among the rows the importing user may see (``visible_to``) and change
(``belts.roles.may_edit``). Every row goes through the model's ``full_clean``;
an import writes nothing unless every row is valid. A row updates the record
with its key (a site: belt + sequence; a project: site + title; an activity:
site + date + title) and adds one otherwise. Rows are numbered as Excel numbers
them: the column names are row 1, the first record is row 2.

``SpreadsheetAdminMixin`` puts this into a ModelAdmin: import (a preview of
every row, then confirm) for users who may add and change the model, export of
the changelist's rows for users who may view it, and a template workbook.
"""

from sites.spreadsheets.admin import SpreadsheetAdminMixin
from sites.spreadsheets.resources import ActivityResource, ProjectResource, SiteResource

__all__ = ["ActivityResource", "ProjectResource", "SiteResource", "SpreadsheetAdminMixin"]
