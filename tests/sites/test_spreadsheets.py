"""Spreadsheet import and export of sites, projects and activities, through the admin as staff use it.

Row numbers are those Excel shows: the column names are row 1, the first record row 2.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxValueValidator
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from belts.roles import COMMITTEE_REVIEWER_GROUP
from sites.choices import ProjectStatus, SiteStatus
from sites.models import SEQUENCE_TAKEN, Activity, Project, Site
from sites.spreadsheets import messages as sheet_messages
from tests.admin_helpers import admin_url
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    OrganizationFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

XLSX, CSV = "0", "1"  # the import and export forms' format choices
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SITE_COLUMNS = [
    "区县",
    "示范带",
    "序号",
    "名称",
    "主要定位",
    "串珠简介",
    "打造情况",
    "经验介绍",
    "承办单位",
    "地址",
    "纬度",
    "经度",
    "面积(平方米)",
    "投资(万元)",
    "开放时间",
    "联系人",
    "联系电话",
    "状态",
]
SITE_HEADER = ["示范带", "序号", "名称", "主要定位", "承办单位", "纬度", "经度", "面积(平方米)", "状态"]
PROJECT_HEADER = ["示范带", "序号", "标题", "状态", "计划开工", "计划完成", "实际完成", "完成进度(%)", "责任人"]


# --- Arrange --------------------------------------------------------------------------


@pytest.fixture
def belt(district):
    return BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")


@pytest.fixture
def other_belt(other_district):
    return BeltFactory(district=other_district, name="鼓楼示范带", slug="gulou")


@pytest.fixture
def organization(district):
    return OrganizationFactory(district=district, name="仓山区党群服务中心")


@pytest.fixture
def editor(client, district_editor):
    client.force_login(district_editor)
    return client


@pytest.fixture
def committee_reviewer():
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    return user


def site_row(number: int, **changes) -> list:
    """A valid row under SITE_HEADER for the site with sequence ``number`` on the Nanjiangbin belt."""
    row = {
        "示范带": "南江滨示范带",
        "序号": number,
        "名称": f"串珠{number}",
        "主要定位": "服务周边党员群众的党群服务中心。",
        "承办单位": "仓山区党群服务中心",
        "纬度": round(26.04 + number / 1000, 3),
        "经度": 119.31,
        "面积(平方米)": 120.5,
        "状态": "建设中",
    }
    row.update(changes)
    return [row[column] for column in SITE_HEADER]


def xlsx_upload(rows, name="sheet.xlsx") -> SimpleUploadedFile:
    """A workbook whose first sheet holds ``rows`` from row 1 (the column names) on."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)


def csv_upload(text: str, name="sheet.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def csv_text(rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def upload(client, model, file, file_format=XLSX):
    return client.post(admin_url(model, "import"), {"resource": "0", "format": file_format, "import_file": file})


def confirm(client, model, preview):
    """Confirm the import previewed in ``preview``, as the button on that page does."""
    initial = preview.context["confirm_form"].initial
    fields = ("import_file_name", "original_file_name", "format", "resource")
    return client.post(admin_url(model, "process_import"), {name: initial[name] for name in fields})


def export(client, model, file_format=XLSX):
    return client.post(admin_url(model, "export"), {"resource": "0", "format": file_format})


def sheet_rows(content: bytes) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def problems(response) -> list[str]:
    return response.context["spreadsheet"]["problems"]


def zh(message) -> str:
    with translation.override("zh-hans"):
        return str(message)


def cell_problem(row: int, column: str, message) -> str:
    """The sentence the import page shows for a wrong cell."""
    with translation.override("zh-hans"):
        return sheet_messages.CELL_PROBLEM % {"row": row, "column": column, "message": str(message)}


def assert_shown(response, message: str):
    assert escape(message) in response.content.decode()


# --- Import: nothing is written unless every row is valid -------------------------------


def test_an_invalid_seventh_row_writes_nothing_and_is_reported_as_row_7_with_its_column(editor, belt, organization):
    rows = [SITE_HEADER] + [site_row(n) for n in range(1, 11)]
    rows[6] = site_row(6, 纬度=95)  # spreadsheet row 7: the sixth record, below the column names in row 1
    response = upload(editor, Site, xlsx_upload(rows))

    latitude_limit = zh(MaxValueValidator(90).message) % {"limit_value": 90}
    assert problems(response) == [cell_problem(7, "纬度", latitude_limit)]
    assert_shown(response, problems(response)[0])
    assert_shown(response, zh(sheet_messages.ROW_NUMBERS))
    assert "confirm_form" not in response.context
    assert Site.objects.count() == 0


def test_the_preview_lists_every_row_by_its_spreadsheet_row_number(editor, belt, organization):
    rows = [SITE_HEADER] + [site_row(n) for n in range(1, 11)]
    rows[6] = site_row(6, 纬度=95)
    report = upload(editor, Site, xlsx_upload(rows)).context["spreadsheet"]

    assert [row["number"] for row in report["rows"]] == list(range(2, 12))
    assert [row["kind"] for row in report["rows"] if row["number"] == 7] == ["invalid"]


def test_a_row_invalid_only_at_confirmation_rolls_back_the_rows_before_it(editor, belt, organization):
    rows = [SITE_HEADER] + [site_row(n) for n in range(1, 11)]
    preview = upload(editor, Site, xlsx_upload(rows))
    assert problems(preview) == []
    # Meanwhile an archived site has taken sequence 6, which row 7 of the file adds.
    SiteFactory(belt=belt, sequence=6, archived_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC))

    response = confirm(editor, Site, preview)

    assert response.status_code == 200
    assert problems(response) == [cell_problem(7, "序号", zh(SEQUENCE_TAKEN))]
    assert Site.objects.filter(archived_at__isnull=True).count() == 0


def test_a_valid_import_writes_nothing_before_and_every_row_after_confirmation(editor, belt, organization):
    rows = [SITE_HEADER] + [site_row(n) for n in range(1, 11)]
    preview = upload(editor, Site, xlsx_upload(rows))
    assert problems(preview) == []
    assert [row["kind"] for row in preview.context["spreadsheet"]["rows"]] == ["new"] * 10
    assert Site.objects.count() == 0

    response = confirm(editor, Site, preview)

    assert response.status_code == 302
    assert response["Location"] == admin_url(Site, "changelist")
    sites = list(Site.objects.order_by("sequence"))
    assert [site.sequence for site in sites] == list(range(1, 11))
    third = sites[2]
    assert (third.belt, third.name, third.organization) == (belt, "串珠3", organization)
    assert (third.latitude, third.longitude, third.area_m2) == (Decimal("26.043"), Decimal("119.31"), Decimal("120.5"))
    assert third.status == SiteStatus.UNDER_CONSTRUCTION


def test_a_row_with_the_key_of_an_existing_site_updates_it(editor, belt, organization):
    site = SiteFactory(belt=belt, sequence=3, name="旧名称", organization=organization)
    version = site.version
    preview = upload(editor, Site, xlsx_upload([SITE_HEADER, site_row(3, 名称="新名称", 状态="open")]))
    assert [row["kind"] for row in preview.context["spreadsheet"]["rows"]] == ["update"]

    confirm(editor, Site, preview)

    site.refresh_from_db()
    assert (site.name, site.status, site.version) == ("新名称", SiteStatus.OPEN, version + 1)
    assert Site.objects.count() == 1


def test_blank_rows_do_not_shift_the_row_numbers(editor, belt, organization):
    rows = [SITE_HEADER, site_row(1), [None] * len(SITE_HEADER), site_row(2), site_row(3, 纬度=95)]
    response = upload(editor, Site, xlsx_upload(rows))

    latitude_limit = zh(MaxValueValidator(90).message) % {"limit_value": 90}
    assert problems(response) == [cell_problem(5, "纬度", latitude_limit)]
    assert [row["number"] for row in response.context["spreadsheet"]["rows"]] == [2, 4, 5]


def test_an_import_is_recorded_in_the_history_with_who_and_why(editor, district_editor, belt, organization):
    confirm(editor, Site, upload(editor, Site, xlsx_upload([SITE_HEADER, site_row(1)])))

    record = Site.objects.get().history.get()
    assert (record.history_user, record.history_change_reason) == (district_editor, zh(sheet_messages.CHANGE_REASON))


def test_belts_of_one_name_in_two_districts_are_told_apart_by_the_district_column(
    client, superuser, district, other_district
):
    BeltFactory(district=district, name="滨江示范带")
    gulou = BeltFactory(district=other_district, name="滨江示范带")
    client.force_login(superuser)
    ambiguous = upload(client, Site, xlsx_upload([["示范带", "序号", "名称"], ["滨江示范带", 1, "驿站"]]))
    assert problems(ambiguous) == [
        cell_problem(2, "示范带", zh(sheet_messages.AMBIGUOUS_BELT) % {"name": "滨江示范带"})
    ]

    rows = [["区县", "示范带", "序号", "名称"], ["鼓楼区", "滨江示范带", 1, "驿站"]]
    confirm(client, Site, upload(client, Site, xlsx_upload(rows)))
    assert Site.objects.get().belt == gulou


def test_a_row_naming_another_districts_belt_is_refused_for_a_district_editor(editor, belt, other_belt, organization):
    rows = [SITE_HEADER, site_row(1), site_row(2, 示范带="鼓楼示范带")]
    response = upload(editor, Site, xlsx_upload(rows))

    assert problems(response) == [cell_problem(3, "示范带", zh(sheet_messages.NO_BELT) % {"name": "鼓楼示范带"})]
    assert Site.objects.count() == 0


def test_a_site_row_naming_another_districts_organisation_is_refused(editor, belt, other_district):
    OrganizationFactory(district=other_district, name="鼓楼区企业")
    response = upload(editor, Site, xlsx_upload([SITE_HEADER, site_row(1, 承办单位="鼓楼区企业")]))

    message = zh(sheet_messages.NO_ORGANIZATION) % {"district": "仓山区", "name": "鼓楼区企业"}
    assert problems(response) == [cell_problem(2, "承办单位", message)]


def test_project_rules_of_the_model_name_their_columns(editor, belt):
    SiteFactory(belt=belt, sequence=1)
    rows = [
        PROJECT_HEADER,
        ["南江滨示范带", 1, "二期提升", "推进中", "2026-03-01", "2026-09-30", None, 150, "张三"],
        ["南江滨示范带", 1, "展厅布展", "推进中", "2026-06-01", "2026-05-01", None, 20, "李四"],
    ]
    response = upload(editor, Project, xlsx_upload(rows))

    too_much = zh(MaxValueValidator(100).message) % {"limit_value": 100}
    before_start = zh(gettext_lazy("The planned completion cannot come before the planned start."))
    assert problems(response) == [cell_problem(2, "完成进度(%)", too_much), cell_problem(3, "计划完成", before_start)]
    assert Project.objects.count() == 0


def test_project_dates_are_read_from_date_cells_and_from_text(editor, belt):
    site = SiteFactory(belt=belt, sequence=1)
    rows = [
        PROJECT_HEADER,
        ["南江滨示范带", 1, "二期提升", "已完成", datetime.date(2026, 3, 1), "2026/9/30", "2026年9月28日", 100, "张三"],
    ]
    confirm(editor, Project, upload(editor, Project, xlsx_upload(rows)))

    project = Project.objects.get()
    assert project.site == site
    assert (project.planned_start, project.planned_completion) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 9, 30),
    )
    assert (project.actual_completion, project.status) == (datetime.date(2026, 9, 28), ProjectStatus.COMPLETED)


def test_a_project_row_with_the_site_and_title_of_an_existing_project_updates_it(editor, belt):
    project = ProjectFactory(site=SiteFactory(belt=belt, sequence=2), title="二期提升", percent_complete=10)
    rows = [PROJECT_HEADER, ["南江滨示范带", 2, "二期提升", "推进中", "2026-01-01", "2026-12-31", None, 60, "张三"]]
    confirm(editor, Project, upload(editor, Project, xlsx_upload(rows)))

    project.refresh_from_db()
    assert project.percent_complete == 60
    assert Project.objects.count() == 1


def test_an_activity_row_with_site_date_and_title_of_an_existing_activity_updates_it(editor, belt):
    activity = ActivityFactory(
        site=SiteFactory(belt=belt, sequence=1), date=datetime.date(2026, 3, 1), title="主题党日"
    )
    rows = [
        ["示范带", "序号", "日期", "标题", "场次", "参与人次"],
        ["南江滨示范带", 1, "2026-03-01", "主题党日", 2, 80],
        ["南江滨示范带", 1, "2026-04-01", "主题党日", None, 40],
    ]
    confirm(editor, Activity, upload(editor, Activity, xlsx_upload(rows)))

    activity.refresh_from_db()
    assert (activity.sessions, activity.participants) == (2, 80)
    added = Activity.objects.exclude(pk=activity.pk).get()
    assert (added.date, added.sessions, added.participants) == (datetime.date(2026, 4, 1), 1, 40)


def test_the_same_site_twice_in_one_file_is_an_error_naming_the_first_row(editor, belt, organization):
    response = upload(editor, Site, xlsx_upload([SITE_HEADER, site_row(1), site_row(2), site_row(1)]))

    message = zh(sheet_messages.REPEATED_ROW) % {"row": 2, "key": "示范带、序号"}
    assert problems(response) == [cell_problem(4, "序号", message)]


def test_a_site_named_by_a_sequence_the_belt_does_not_have_is_an_error(editor, belt):
    rows = [PROJECT_HEADER, ["南江滨示范带", 9, "二期提升", "推进中", None, None, None, 0, ""]]
    response = upload(editor, Project, xlsx_upload(rows))

    message = zh(sheet_messages.NO_SITE) % {"belt": "南江滨示范带", "sequence": 9}
    assert problems(response) == [cell_problem(2, "序号", message)]


# --- Import: bad files and bad cells never give a 500 ------------------------------------


def bad_cell_cases():
    return [
        pytest.param("面积(平方米)", "1e999999", sheet_messages.TOO_LARGE_NUMBER, id="huge-number"),
        pytest.param("序号", 10**30, sheet_messages.TOO_LARGE_NUMBER, id="huge-integer"),
        pytest.param("纬度", "北纬26度", sheet_messages.ENTER_NUMBER, id="text-in-a-number-column"),
        pytest.param("序号", 2.5, sheet_messages.ENTER_WHOLE_NUMBER, id="fraction-in-a-whole-number-column"),
        pytest.param("状态", "完工", None, id="unknown-status"),
    ]


@pytest.mark.parametrize(("column_name", "value", "message"), bad_cell_cases())
def test_a_bad_cell_is_reported_with_its_row_and_column(editor, belt, organization, column_name, value, message):
    response = upload(editor, Site, xlsx_upload([SITE_HEADER, site_row(1, **{column_name: value})]))

    assert response.status_code == 200
    assert len(problems(response)) == 1
    expected = cell_problem(2, column_name, zh(message)) if message else cell_problem(2, column_name, "")
    assert problems(response)[0].startswith(expected)
    assert Site.objects.count() == 0


def test_text_in_a_date_column_is_reported_with_its_row_and_column(editor, belt):
    SiteFactory(belt=belt, sequence=1)
    rows = [PROJECT_HEADER, ["南江滨示范带", 1, "二期提升", "推进中", "明年春天", None, None, 0, ""]]
    response = upload(editor, Project, xlsx_upload(rows))

    assert problems(response) == [cell_problem(2, "计划开工", zh(sheet_messages.ENTER_DATE))]


def file_cases():
    header_only = xlsx_upload([SITE_HEADER])
    return [
        pytest.param(
            SimpleUploadedFile("sites.xlsx", b"just some text\n"), XLSX, sheet_messages.NOT_XLSX, id="text-as-xlsx"
        ),
        pytest.param(SimpleUploadedFile("sites.xlsx", b""), XLSX, None, id="empty-file"),
        pytest.param(header_only, XLSX, sheet_messages.NO_ROWS, id="no-rows"),
        pytest.param(xlsx_upload([SITE_HEADER, site_row(1)]), CSV, sheet_messages.NOT_CSV, id="xlsx-as-csv"),
    ]


@pytest.mark.parametrize(("file", "file_format", "message"), file_cases())
def test_a_file_that_is_no_usable_spreadsheet_is_refused_with_a_message(editor, belt, file, file_format, message):
    response = upload(editor, Site, file, file_format)

    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [zh(message or forms.FileField.default_error_messages["empty"])]
    assert_shown(response, errors[0])
    assert Site.objects.count() == 0


def test_missing_key_columns_are_named(editor, belt):
    response = upload(editor, Site, xlsx_upload([["名称", "主要定位"], ["串珠1", "党群服务中心"]]))

    assert problems(response) == [zh(sheet_messages.MISSING_COLUMNS) % {"columns": "示范带、序号"}]
    assert "confirm_form" not in response.context


def test_unknown_columns_are_named_with_the_known_ones(editor, belt, organization):
    rows = [[*SITE_HEADER, "备注"], [*site_row(1), "无"]]
    response = upload(editor, Site, xlsx_upload(rows))

    assert len(problems(response)) == 1
    assert problems(response)[0].startswith(zh(sheet_messages.UNKNOWN_COLUMNS).split("%")[0] + "备注")
    assert "confirm_form" not in response.context


def test_column_names_in_english_or_with_full_width_brackets_are_understood(editor, belt, organization):
    header = [
        "belt",
        "sequence",
        "名称",
        "面积\uff08平方米\uff09",
    ]  # full-width brackets, as Chinese input methods type
    preview = upload(editor, Site, xlsx_upload([header, ["南江滨示范带", 1, "串珠1", 80]]))
    confirm(editor, Site, preview)

    assert Site.objects.get().area_m2 == Decimal("80")


def test_a_confirmation_of_a_file_this_user_did_not_preview_is_refused(editor, belt):
    data = {"import_file_name": "tmpforged", "original_file_name": "x.xlsx", "format": XLSX, "resource": "0"}
    response = editor.post(admin_url(Site, "process_import"), data, follow=True)

    assert response.redirect_chain[-1][0] == admin_url(Site, "import")
    assert_shown(response, zh(sheet_messages.EXPIRED))


# --- Template --------------------------------------------------------------------------


def test_the_template_has_the_chinese_column_names(editor):
    response = editor.get(admin_url(Site, "import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert sheet_rows(response.content) == [tuple(SITE_COLUMNS)]


def test_the_import_page_links_to_the_template(editor):
    response = editor.get(admin_url(Site, "import"))

    assert f'href="{admin_url(Site, "import_template")}"' in response.content.decode()


def test_a_filled_in_template_imports(editor, belt):
    workbook = openpyxl.load_workbook(io.BytesIO(editor.get(admin_url(Site, "import_template")).content))
    workbook.worksheets[0].append(["", "南江滨示范带", 1, "党群服务中心"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = upload(editor, Site, SimpleUploadedFile("filled.xlsx", buffer.getvalue()))
    confirm(editor, Site, preview)

    assert Site.objects.get().name == "党群服务中心"


# --- Export ----------------------------------------------------------------------------


def test_the_xlsx_export_holds_exactly_the_users_district_rows_with_real_cells(editor, belt, other_belt):
    ours = [SiteFactory(belt=belt, sequence=n, area_m2=Decimal("120.5")) for n in (1, 2, 3)]
    SiteFactory(belt=other_belt, sequence=1)
    response = export(editor, Site)

    assert response.status_code == 200
    header, *rows = sheet_rows(response.content)
    assert list(header) == SITE_COLUMNS
    assert [row[SITE_COLUMNS.index("名称")] for row in rows] == [site.name for site in ours]
    assert {row[0] for row in rows} == {"仓山区"}
    first = dict(zip(SITE_COLUMNS, rows[0], strict=True))
    assert (first["序号"], first["面积(平方米)"], first["状态"]) == (1, 120.5, "已开放")
    assert isinstance(first["纬度"], float)


def test_the_project_export_has_date_cells_and_number_cells(editor, belt):
    ProjectFactory(
        site=SiteFactory(belt=belt, sequence=1), planned_start=datetime.date(2026, 1, 1), percent_complete=50
    )
    header, row = sheet_rows(export(editor, Project).content)
    cells = dict(zip(header, row, strict=True))

    assert cells["计划开工"].date() == datetime.date(2026, 1, 1)  # openpyxl reads date cells as datetimes
    assert (cells["完成进度(%)"], cells["序号"], cells["示范带"]) == (50, 1, "南江滨示范带")


FORMULAS = ['=HYPERLINK("http://example.org","点此")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("name", FORMULAS)
def test_text_that_looks_like_a_formula_is_exported_as_text(editor, belt, name):
    SiteFactory(belt=belt, sequence=1, name=name)
    sheet = openpyxl.load_workbook(io.BytesIO(export(editor, Site).content)).worksheets[0]

    cell = sheet.cell(row=2, column=SITE_COLUMNS.index("名称") + 1)
    assert (cell.value, cell.data_type) == (name, "s")


@pytest.mark.parametrize("name", FORMULAS)
def test_a_csv_export_defuses_formulas_with_an_apostrophe_and_imports_them_back_unchanged(editor, belt, name):
    SiteFactory(belt=belt, sequence=1, name=name)
    text = export(editor, Site, CSV).content.decode("utf-8").lstrip("\ufeff")

    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["名称"] == "'" + name
    unchanged = upload(editor, Site, csv_upload(text), CSV)
    assert [row["kind"] for row in unchanged.context["spreadsheet"]["rows"]] == ["skip"]


def test_an_export_with_a_filter_the_list_does_not_have_goes_back_to_the_list(editor):
    response = editor.get(admin_url(Site, "export") + "?no_such_field=1")

    assert response.status_code == 302
    assert response["Location"] == admin_url(Site, "changelist") + "?e=1"


def test_the_export_query_count_does_not_grow_with_rows(editor, belt, django_assert_max_num_queries):
    for n in range(1, 4):
        ActivityFactory(site=SiteFactory(belt=belt, sequence=n))
    with django_assert_max_num_queries(12) as few:
        export(editor, Activity)
    for n in range(4, 24):
        ActivityFactory(site=SiteFactory(belt=belt, sequence=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        export(editor, Activity)


def test_a_csv_export_imports_back_unchanged_and_with_changes(editor, belt, organization):
    sites = [
        SiteFactory(belt=belt, sequence=n, name=name, organization=organization)
        for n, name in ((1, "江滨驿站"), (2, "工会驿站"))
    ]
    exported = export(editor, Site, CSV)
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff区县,示范带,序号,名称")

    unchanged = upload(editor, Site, csv_upload(text.lstrip("\ufeff")), CSV)
    assert [row["kind"] for row in unchanged.context["spreadsheet"]["rows"]] == ["skip", "skip"]

    preview = upload(editor, Site, csv_upload(text.lstrip("\ufeff").replace(sites[1].name, "改名后的串珠")), CSV)
    confirm(editor, Site, preview)
    assert list(Site.objects.order_by("sequence").values_list("name", flat=True)) == [sites[0].name, "改名后的串珠"]


def test_a_csv_saved_by_chinese_excel_in_gb18030_is_read(editor, belt):
    text = csv_text([["示范带", "序号", "名称"], ["南江滨示范带", "1", "党群服务中心"]])
    file = SimpleUploadedFile("sites.csv", text.encode("gb18030"), content_type="text/csv")
    confirm(editor, Site, upload(editor, Site, file, CSV))

    assert Site.objects.get().name == "党群服务中心"


# --- Permissions -----------------------------------------------------------------------

MODELS = [pytest.param(Site, id="site"), pytest.param(Project, id="project"), pytest.param(Activity, id="activity")]


@pytest.mark.parametrize("model", MODELS)
def test_a_district_editor_may_import_and_export(editor, model):
    for view in ("import", "import_template", "export"):
        assert editor.get(admin_url(model, view)).status_code == 200, view
    assert export(editor, model).status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_a_committee_reviewer_may_export_but_not_import(client, committee_reviewer, model):
    client.force_login(committee_reviewer)

    assert client.get(admin_url(model, "export")).status_code == 200
    assert export(client, model).status_code == 200
    assert client.get(admin_url(model, "import")).status_code == 403
    assert client.get(admin_url(model, "import_template")).status_code == 403
    assert upload(client, model, xlsx_upload([SITE_HEADER])).status_code == 403
    assert client.post(admin_url(model, "process_import"), {}).status_code == 403


def test_a_committee_reviewers_export_holds_every_district(client, committee_reviewer, belt, other_belt):
    SiteFactory(belt=belt, sequence=1)
    SiteFactory(belt=other_belt, sequence=1)
    client.force_login(committee_reviewer)

    _header, *rows = sheet_rows(export(client, Site).content)
    assert sorted(row[0] for row in rows) == ["仓山区", "鼓楼区"]


def test_the_changelist_offers_import_only_to_those_who_may_import(editor, client, committee_reviewer):
    import_url = admin_url(Site, "import")
    assert import_url in editor.get(admin_url(Site, "changelist")).content.decode()
    client.force_login(committee_reviewer)
    page = client.get(admin_url(Site, "changelist")).content.decode()
    assert import_url not in page
    assert admin_url(Site, "export") in page


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["import", "import_template", "export"])
def test_anonymous_and_non_staff_users_are_sent_to_the_login_page(client, model, view):
    url = admin_url(model, view)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    client.force_login(UserFactory(username="visitor"))
    assert client.get(url)["Location"].startswith("/admin/login/")
