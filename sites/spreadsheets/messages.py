"""What a spreadsheet import says to the user, and the limits it keeps."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.results import RowResult

MAX_UPLOAD_MB = 5
MAX_UNPACKED_MB = 100
MAX_UNPACKED_BYTES = MAX_UNPACKED_MB * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks into a bomb
MAX_ROWS = 5000
INTEGER_LIMIT = 2**31 - 1  # PostgreSQL's integer
NUMBER_LIMIT = Decimal(10) ** 12

REQUIRED = forms.Field.default_error_messages["required"]
ENTER_NUMBER = forms.DecimalField.default_error_messages["invalid"]
ENTER_WHOLE_NUMBER = forms.IntegerField.default_error_messages["invalid"]
ENTER_DATE = _("Enter a date such as 2026-05-01.")
TOO_LARGE_NUMBER = _("This number is too large.")
NOT_A_CHOICE = _("“%(value)s” is not one of: %(choices)s.")
NOT_XLSX = _("The file is not an Excel workbook (.xlsx); save it as .xlsx in Excel or WPS, or choose the format csv.")
NOT_CSV = _("The file cannot be read as CSV text; save it as “CSV UTF-8” or upload the .xlsx workbook.")
UNREADABLE = _("The file could not be read; upload it again.")
NO_HEADER = _("Row 1 must hold the column names.")
NO_ROWS = _("The file has no rows below the column names.")
TOO_MANY_ROWS = _("The file has more than %(max)s rows; split it into smaller files.")
TOO_LARGE_FILE = _("The file is larger than %(max)s MB; split it into smaller files.")
UNPACKS_TOO_LARGE = _(
    "The workbook unpacks to more than %(max)s MB, more than a sheet of records needs; save only the records"
    " in a new .xlsx workbook."
)
UNNAMED_COLUMN = _("Column %(column)s has values but no name in row 1.")
UNKNOWN_COLUMNS = _("Unknown columns: %(columns)s. The columns of this sheet are: %(known)s.")
MISSING_COLUMNS = _("Missing columns: %(columns)s.")
REPEATED_COLUMN = _("The column “%(column)s” appears more than once.")
NO_BELT = _("There is no belt “%(name)s” in the districts you manage.")
AMBIGUOUS_BELT = _("Belts of several districts are named “%(name)s”; fill in the district column or use the URL name.")
BELT_NOT_EDITABLE = _("You may not change the records of belt “%(name)s”.")
NO_SITE = _("Belt “%(belt)s” has no site with sequence %(sequence)s.")
OTHER_SITE = _("The site with sequence %(sequence)s is “%(name)s”, not “%(given)s”.")
NO_ORGANIZATION = _("%(district)s has no host organisation “%(name)s”; add it under host organisations first.")
REPEATED_ROW = _("Row %(row)s already names the same %(key)s.")
AMBIGUOUS_RECORD = _("Several records have the same %(key)s; make them differ in the admin first.")
ROW_NOT_SAVED = _("The row could not be saved (%(error)s).")
CELL_PROBLEM = _("Row %(row)s, column “%(column)s”: %(message)s")
ROW_PROBLEM = _("Row %(row)s: %(message)s")
NOTHING_IMPORTED = _("Nothing has been imported. Correct the errors below in the file and upload it again.")
ROW_NUMBERS = _("Rows are numbered as in Excel: the column names are row 1, the first record is row 2.")
EXPIRED = _("This import is no longer pending (already done, or too old); upload the file again.")
CHANGE_REASON = _("Spreadsheet import")
REQUIRED_COLUMN = _("Required.")
TEMPLATE_ROWS = _("Row 1 holds the column names; enter one record a row from row 2. Only this first sheet is read.")
TEMPLATE_KEYS = _("A row with the same %(key)s as an existing record updates it; others add records.")
KINDS = {
    RowResult.IMPORT_TYPE_NEW: _("New"),
    RowResult.IMPORT_TYPE_UPDATE: _("Update"),
    RowResult.IMPORT_TYPE_SKIP: _("Unchanged"),
    RowResult.IMPORT_TYPE_INVALID: _("Errors"),
    RowResult.IMPORT_TYPE_ERROR: _("Errors"),
}
