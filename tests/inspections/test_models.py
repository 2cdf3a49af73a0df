import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, InspectionSite
from tests.factories import BeltFactory, FollowUpFactory, InspectionFactory, InspectionSiteFactory, SiteFactory

pytestmark = pytest.mark.django_db

ANSWERED_AT = datetime.datetime(2026, 4, 28, 10, 0, tzinfo=datetime.UTC)
CLOSED_AT = datetime.datetime(2026, 5, 6, 16, 30, tzinfo=datetime.UTC)
ANSWERED = {"status": FollowUpStatus.ANSWERED, "response": "已明确责任人和完成时限。", "answered_at": ANSWERED_AT}
CLOSED = {**ANSWERED, "status": FollowUpStatus.CLOSED, "closed_at": CLOSED_AT}


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with their English source text."""
    with translation.override("en"):
        yield


# --- Follow-up check constraints: refused by the database even when clean() is bypassed ------

FOLLOWUP_VIOLATIONS = [
    pytest.param(
        {**ANSWERED, "response": ""},
        "response",
        "An answered or closed task needs the district's response.",
        id="answered without response",
    ),
    pytest.param(
        {**ANSWERED, "answered_at": None},
        "answered_at",
        "An answered or closed task needs the time it was answered.",
        id="answered without time",
    ),
    pytest.param(
        {**CLOSED, "response": ""},
        "response",
        "An answered or closed task needs the district's response.",
        id="closed without response",
    ),
    pytest.param(
        {**CLOSED, "closed_at": None},
        "closed_at",
        "A closed task needs the time it was closed.",
        id="closed without time",
    ),
]
CONSTRAINT_OF_FIELD = {
    "response": "inspections_followup_answered_has_response",
    "answered_at": "inspections_followup_answered_has_response",
    "closed_at": "inspections_followup_closed_has_time",
}


@pytest.mark.parametrize(("changes", "field", "message"), FOLLOWUP_VIOLATIONS)
def test_database_refuses_followup_breaking_check_constraint(changes, field, message):
    followup = FollowUpFactory()

    with pytest.raises(IntegrityError, match=CONSTRAINT_OF_FIELD[field]), transaction.atomic():
        FollowUp.objects.filter(pk=followup.pk).update(**changes)


def test_database_refuses_creating_answered_followup_without_response():
    inspection = InspectionFactory()

    with pytest.raises(IntegrityError, match="inspections_followup_answered_has_response"), transaction.atomic():
        FollowUp.objects.create(
            inspection=inspection,
            task="细化目标任务",
            responsible_person="区委两新工委",
            deadline=datetime.date(2026, 4, 30),
            status=FollowUpStatus.ANSWERED,
            answered_at=ANSWERED_AT,
        )


@pytest.mark.parametrize("changes", [ANSWERED, CLOSED], ids=["answered", "closed"])
def test_database_accepts_followup_with_its_response_and_times(changes):
    followup = FollowUpFactory()

    FollowUp.objects.filter(pk=followup.pk).update(**changes)

    assert FollowUp.objects.get(pk=followup.pk).status == changes["status"]


@pytest.mark.parametrize(("changes", "field", "message"), FOLLOWUP_VIOLATIONS)
def test_full_clean_reports_followup_rule_on_its_field(changes, field, message):
    followup = FollowUpFactory()
    for name, value in changes.items():
        setattr(followup, name, value)

    with pytest.raises(ValidationError) as excinfo:
        followup.full_clean()

    assert excinfo.value.message_dict == {field: [message]}


def test_full_clean_refuses_followup_about_site_off_inspected_belt():
    followup = FollowUpFactory()
    followup.site = SiteFactory()

    with pytest.raises(ValidationError) as excinfo:
        followup.full_clean()

    assert excinfo.value.message_dict == {"site": ["The site is not on the inspected belt."]}


def test_full_clean_accepts_followup_about_site_on_inspected_belt():
    followup = FollowUpFactory()
    followup.site = SiteFactory(belt=followup.inspection.belt)

    followup.full_clean()


# --- Visited sites ---------------------------------------------------------------------------------

# A second visit on the same inspection repeating the first one's site or place in the order.
VISIT_CLASHES = pytest.mark.parametrize(
    ("clash", "field", "message"),
    [
        pytest.param(
            lambda visit: {"site": visit.site, "order": visit.order + 1},
            "site",
            "This site is already on the visit's route.",
            id="site twice",
        ),
        pytest.param(
            lambda visit: {"site": SiteFactory(belt=visit.inspection.belt), "order": visit.order},
            "order",
            "Another site already has this place in the visiting order.",
            id="order twice",
        ),
    ],
)


@VISIT_CLASHES
def test_database_refuses_visit_breaking_unique_constraint(clash, field, message):
    visit = InspectionSiteFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionSite.objects.create(inspection=visit.inspection, **clash(visit))


@VISIT_CLASHES
def test_full_clean_refuses_visit_breaking_unique_constraint_next_to_field(clash, field, message):
    visit = InspectionSiteFactory()
    duplicate = InspectionSite(inspection=visit.inspection, **clash(visit))

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert excinfo.value.message_dict == {field: [message]}


def test_full_clean_refuses_visit_to_site_off_inspected_belt():
    visit = InspectionSite(inspection=InspectionFactory(), site=SiteFactory(), order=1)

    with pytest.raises(ValidationError) as excinfo:
        visit.full_clean()

    assert excinfo.value.message_dict == {"site": ["The site is not on the inspected belt."]}


def test_full_clean_refuses_off_belt_site_while_inspection_is_still_unsaved():
    inspection = InspectionFactory.build(belt=BeltFactory())
    visit = InspectionSite(inspection=inspection, site=SiteFactory(), order=1)

    with pytest.raises(ValidationError) as excinfo:
        visit.full_clean(exclude=["inspection"])

    assert excinfo.value.message_dict == {"site": ["The site is not on the inspected belt."]}
