"""The dashboard's Excel export, read back with openpyxl: sheets, headers, typed values, filters, scope."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from inspections.progress.views import ProgressMixin
from sites.choices import ProjectStatus
from sites.models import Project
from tests.conftest import TODAY
from tests.factories import BeltFactory, FollowUpFactory, MilestoneFactory, ProjectFactory, SiteFactory
from tests.portal.helpers import tr

pytestmark = pytest.mark.django_db

URL = reverse("progress:export")


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    monkeypatch.setattr(ProgressMixin, "today", lambda self: TODAY)


@pytest.fixture
def data(district, other_district):
    belt = BeltFactory(district=district, name="南江滨")
    site = SiteFactory(belt=belt, name="一号串珠")
    project = ProjectFactory(
        site=site,
        title="逾期项目",
        planned_completion=datetime.date(2026, 11, 19),
        percent_complete=60,
        responsible_person="李四",
    )
    ProjectFactory(site=site, title="在建项目", percent_complete=20)
    MilestoneFactory(project=project, title="近期节点", due_date=datetime.date(2026, 12, 15))
    FollowUpFactory(inspection__belt=belt, site=site, task="逾期督办", deadline=datetime.date(2026, 11, 20))
    other_site = SiteFactory(belt=BeltFactory(district=other_district, name="鼓楼带"), name="鼓楼串珠")
    ProjectFactory(site=other_site, title="鼓楼逾期项目", planned_completion=datetime.date(2026, 10, 1))
    return {"belt": belt}


def export(client, user, query=None):
    client.force_login(user)
    response = client.get(URL, query or {})
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(response.content))


def column(sheet, header: str) -> list:
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_export_is_an_xlsx_named_with_the_date(client, committee_member, data):
    response, _workbook = export(client, committee_member)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="progress-2026-11-29.xlsx"' in response["Content-Disposition"]


def test_export_has_one_sheet_per_table_with_translated_headers(client, committee_member, data):
    _response, workbook = export(client, committee_member)
    assert workbook.sheetnames == [
        tr("Districts"),
        tr("Belts"),
        tr("Overdue projects"),
        tr("Milestones due"),
        tr("Follow-up tasks"),
    ]
    headers = [cell.value for cell in workbook[tr("Overdue projects")][1]]
    assert headers[:3] == [tr("Project"), tr("Site"), tr("Belt")]
    assert tr("Days late") in headers


def test_every_sheet_freezes_its_header_row_and_sets_column_widths(client, committee_member, data):
    _response, workbook = export(client, committee_member)
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 8


def test_export_values_are_real_numbers_and_dates(client, committee_member, data):
    _response, workbook = export(client, committee_member)
    sheet = workbook[tr("Overdue projects")]
    assert column(sheet, tr("Project")) == ["鼓楼逾期项目", "逾期项目"]
    assert column(sheet, tr("Days late")) == [59, 10]
    assert column(sheet, tr("Responsible person"))[1] == "李四"
    completions = column(sheet, tr("Planned completion"))
    assert all(isinstance(value, datetime.datetime) for value in completions)
    assert completions[1].date() == datetime.date(2026, 11, 19)
    assert sheet.cell(row=2, column=7).number_format == "yyyy-mm-dd"

    districts = workbook[tr("Districts")]
    assert column(districts, tr("District")) == ["鼓楼区", "仓山区"]
    assert column(districts, tr("Projects")) == [1, 2]
    assert column(districts, tr("Overdue projects")) == [1, 1]
    assert column(districts, tr("Average progress (%)"))[1] == 40.0  # (60 + 20) / 2

    milestones = workbook[tr("Milestones due")]
    assert column(milestones, tr("Due date"))[0].date() == datetime.date(2026, 12, 15)
    assert column(milestones, tr("Days left")) == [16]

    followups = workbook[tr("Follow-up tasks")]
    assert column(followups, tr("Task")) == ["逾期督办"]
    assert column(followups, tr("Days overdue")) == [9]


def test_export_applies_the_filters(client, committee_member, data, district):
    _response, workbook = export(client, committee_member, {"district": district.pk})
    assert column(workbook[tr("Districts")], tr("District")) == ["仓山区"]
    assert column(workbook[tr("Belts")], tr("Belt")) == ["南江滨"]
    assert column(workbook[tr("Overdue projects")], tr("Project")) == ["逾期项目"]


def test_export_applies_the_status_filter(client, committee_member, data):
    _response, workbook = export(client, committee_member, {"status": ProjectStatus.PLANNED})
    assert column(workbook[tr("Districts")], tr("Projects")) == [0, 0]
    assert column(workbook[tr("Overdue projects")], tr("Project")) == []


def test_export_is_scoped_like_the_page(client, district_editor, data):
    _response, workbook = export(client, district_editor)
    assert column(workbook[tr("Districts")], tr("District")) == ["仓山区"]
    assert column(workbook[tr("Overdue projects")], tr("Project")) == ["逾期项目"]


def test_export_with_an_unknown_filter_returns_to_the_page_that_explains_it(client, committee_member, data):
    client.force_login(committee_member)
    response = client.get(URL, {"district": "nowhere"})
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:dashboard") + "?district=nowhere"


def test_export_refuses_anonymous_users(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("title", ['=HYPERLINK("http://example.org","点此")', "+1+1", "-1+1", "@SUM(A1)"])
def test_staff_text_that_looks_like_a_formula_stays_text(client, committee_member, data, title):
    Project.objects.filter(title="逾期项目").update(title=title)
    _response, workbook = export(client, committee_member)

    sheet = workbook[tr("Overdue projects")]
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == title]
    assert cell.data_type == "s"
