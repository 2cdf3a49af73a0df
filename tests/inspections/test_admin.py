import datetime

import pytest

from inspections.admin import FollowUpAdmin
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection, InspectionSite
from tests.admin_helpers import (
    MORE_ROWS,
    AdminCase,
    admin_url,
    assert_queries_independent_of_rows,
    assert_refused_at_field,
    change_url,
    form_data,
    snapshot,
)
from tests.conftest import TODAY
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def add_visit_rows(inspection, n):
    """``n`` visited sites of the inspection's belt, each with a follow-up task about it."""
    for visit in InspectionSiteFactory.create_batch(n, inspection=inspection):
        FollowUpFactory(inspection=inspection, site=visit.site)


def make_inspections(n):
    inspections = InspectionFactory.create_batch(n)
    for inspection in inspections:
        add_visit_rows(inspection, 1)
    return inspections


def make_followups(n):
    return [
        FollowUpFactory(inspection=visit.inspection, site=visit.site) for visit in InspectionSiteFactory.create_batch(n)
    ]


CASES = [
    pytest.param(AdminCase(Inspection, make_inspections, max_queries=11), id="inspection"),
    pytest.param(AdminCase(FollowUp, make_followups, max_queries=10), id="followup"),
]


def test_inspection_change_form_query_count_does_not_grow_with_visits_and_tasks(admin_client):
    inspection = InspectionFactory()
    add_visit_rows(inspection, 2)
    assert_queries_independent_of_rows(
        admin_client, change_url(inspection), lambda: add_visit_rows(inspection, MORE_ROWS), max_queries=10
    )


def inline_models(response):
    return [inline.formset.model for inline in response.context["inline_admin_formsets"]]


def test_visited_sites_and_tasks_are_offered_once_the_visit_is_saved(admin_client):
    add_page = admin_client.get(admin_url(Inspection, "add"))
    change_page = admin_client.get(change_url(InspectionFactory()))

    assert inline_models(add_page) == []
    assert inline_models(change_page) == [InspectionSite, FollowUp]


def test_visit_rows_offer_only_the_sites_of_the_inspected_belt(admin_client):
    inspection = InspectionFactory()
    on_belt = SiteFactory.create_batch(2, belt=inspection.belt)
    SiteFactory()

    response = admin_client.get(change_url(inspection))

    for inline in response.context["inline_admin_formsets"]:
        choices = inline.formset.empty_form.fields["site"].choices
        assert {str(value) for value, _label in choices if value} == {str(site.pk) for site in on_belt}


def test_visit_row_with_a_site_of_another_belt_is_refused(admin_client):
    inspection = InspectionFactory()
    foreign_site = SiteFactory(belt=BeltFactory(district=inspection.belt.district))
    data = form_data(admin_client.get(change_url(inspection)))
    data.update({"visits-TOTAL_FORMS": "1", "visits-0-order": "1", "visits-0-site": str(foreign_site.pk)})

    response = admin_client.post(change_url(inspection), data)

    assert response.status_code == 200
    assert "site" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert not InspectionSite.objects.exists()


def test_answered_task_without_response_is_shown_next_to_the_field_and_changes_nothing(admin_client):
    followup = FollowUpFactory()
    before = snapshot(followup)
    data = {**form_data(admin_client.get(change_url(followup))), "status": FollowUpStatus.ANSWERED}

    response = admin_client.post(change_url(followup), data)

    assert_refused_at_field(response, "response")
    assert snapshot(followup) == before


@pytest.mark.parametrize("model", [Inspection, FollowUp])
def test_district_editor_sees_only_their_districts_visits_and_tasks(
    client, district_editor, district, other_district, model
):
    own = FollowUpFactory(inspection__belt__district=district)
    foreign = FollowUpFactory(inspection__belt__district=other_district)
    own, foreign = (own.inspection, foreign.inspection) if model is Inspection else (own, foreign)
    client.force_login(district_editor)

    response = client.get(admin_url(model, "changelist"))

    assert list(response.context["cl"].result_list) == [own]
    assert client.get(change_url(foreign)).status_code == 404


def test_inspection_changelist_counts_visited_sites_and_tasks_not_closed(admin_client):
    inspection = InspectionFactory()
    add_visit_rows(inspection, 3)
    inspection.followups.filter(pk=inspection.followups.first().pk).update(
        status=FollowUpStatus.CLOSED,
        response="已整改",
        answered_at=datetime.datetime(2026, 4, 20, tzinfo=datetime.UTC),
        closed_at=datetime.datetime(2026, 4, 30, tzinfo=datetime.UTC),
    )

    response = admin_client.get(admin_url(Inspection, "changelist"))

    html = response.content.decode()
    assert '<td class="field-visit_count">3</td>' in html
    assert '<td class="field-unresolved_followups">2</td>' in html


@pytest.fixture
def tasks(monkeypatch):
    """Follow-up tasks in each state as of TODAY, which the follow-up admin takes as its today."""
    monkeypatch.setattr(FollowUpAdmin, "get_today", lambda self, request: TODAY)
    answered = {
        "status": FollowUpStatus.ANSWERED,
        "response": "已落实",
        "answered_at": datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    }
    return {
        "overdue": FollowUpFactory(deadline=datetime.date(2026, 11, 28)),
        "due_today": FollowUpFactory(deadline=TODAY),
        "answered_late": FollowUpFactory(deadline=datetime.date(2026, 11, 1), **answered),
    }


def test_followup_changelist_flags_overdue_tasks(admin_client, tasks):
    response = admin_client.get(admin_url(FollowUp, "changelist"))

    flags = {task.pk: task.is_overdue for task in response.context["cl"].result_list}
    assert flags == {tasks["overdue"].pk: True, tasks["due_today"].pk: False, tasks["answered_late"].pk: False}


def test_followup_overdue_filter_keeps_only_overdue_tasks(admin_client, tasks):
    response = admin_client.get(admin_url(FollowUp, "changelist"), {"state": "overdue"})

    assert list(response.context["cl"].result_list) == [tasks["overdue"]]
