import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from sites.choices import ProjectStatus
from sites.models import Organization, Photo, Project, Site
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

DONE_ON = datetime.date(2026, 10, 31)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with their English source text."""
    with translation.override("en"):
        yield


def _change(instance, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


# --- Check constraints: refused by the database even when clean() is bypassed -----------------

CHECK_VIOLATIONS = [
    pytest.param(SiteFactory, {"sequence": 0}, "sites_site_sequence_positive", id="site sequence 0"),
    pytest.param(SiteFactory, {"latitude": Decimal("90.5")}, "sites_site_latitude_range", id="latitude > 90"),
    pytest.param(SiteFactory, {"latitude": Decimal("-90.5")}, "sites_site_latitude_range", id="latitude < -90"),
    pytest.param(SiteFactory, {"longitude": Decimal("180.5")}, "sites_site_longitude_range", id="longitude > 180"),
    pytest.param(SiteFactory, {"longitude": Decimal("-180.5")}, "sites_site_longitude_range", id="longitude < -180"),
    pytest.param(SiteFactory, {"longitude": None}, "sites_site_location_complete", id="latitude alone"),
    pytest.param(SiteFactory, {"latitude": None}, "sites_site_location_complete", id="longitude alone"),
    pytest.param(SiteFactory, {"area_m2": Decimal("-1")}, "sites_site_area_not_negative", id="negative area"),
    pytest.param(
        SiteFactory,
        {"investment_10k_yuan": Decimal("-0.01")},
        "sites_site_investment_not_negative",
        id="negative investment",
    ),
    pytest.param(ProjectFactory, {"percent_complete": 101}, "sites_project_percent_range", id="project 101%"),
    pytest.param(
        ProjectFactory,
        {"planned_start": datetime.date(2026, 6, 1), "planned_completion": datetime.date(2026, 5, 31)},
        "sites_project_completion_after_start",
        id="completion before start",
    ),
    pytest.param(
        ProjectFactory,
        {"status": ProjectStatus.COMPLETED, "percent_complete": 100, "actual_completion": None},
        "sites_project_completed_is_complete",
        id="completed without actual completion",
    ),
    pytest.param(
        ProjectFactory,
        {"status": ProjectStatus.COMPLETED, "percent_complete": 90, "actual_completion": DONE_ON},
        "sites_project_completed_is_complete",
        id="completed below 100%",
    ),
    pytest.param(ProgressUpdateFactory, {"percent": 101}, "sites_progressupdate_percent_range", id="update 101%"),
    pytest.param(ActivityFactory, {"sessions": 0}, "sites_activity_sessions_positive", id="activity 0 sessions"),
    pytest.param(PhotoFactory, {"site": None}, "sites_photo_one_subject", id="photo of nothing"),
]


@pytest.mark.parametrize(("factory", "changes", "constraint"), CHECK_VIOLATIONS)
def test_database_refuses_update_breaking_check_constraint(factory, changes, constraint):
    row = factory()

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**changes)


def test_database_refuses_photo_of_site_and_project():
    photo = PhotoFactory()
    project = ProjectFactory(site=photo.site)

    with pytest.raises(IntegrityError, match="sites_photo_one_subject"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(project=project)


def test_database_refuses_creating_completed_project_without_actual_completion():
    site = SiteFactory()

    with pytest.raises(IntegrityError, match="sites_project_completed_is_complete"), transaction.atomic():
        Project.objects.create(site=site, title="二期提升", status=ProjectStatus.COMPLETED, percent_complete=100)


def test_database_accepts_completed_project_with_actual_completion_and_100_percent():
    project = ProjectFactory(status=ProjectStatus.COMPLETED, percent_complete=100, actual_completion=DONE_ON)

    assert Project.objects.completed().get() == project


def test_database_accepts_project_completing_the_day_it_starts():
    day = datetime.date(2026, 5, 1)

    ProjectFactory(planned_start=day, planned_completion=day)

    assert Project.objects.filter(planned_start=day, planned_completion=day).exists()


def test_database_refuses_second_site_with_same_sequence_on_belt():
    site = SiteFactory(sequence=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        SiteFactory(belt=site.belt, sequence=1)


def test_database_accepts_same_sequence_on_another_belt():
    SiteFactory(sequence=1)

    SiteFactory(sequence=1, belt=BeltFactory())

    assert Site.objects.filter(sequence=1).count() == 2


def test_database_refuses_second_organization_of_same_name_in_district(district):
    OrganizationFactory(district=district, name="福州仓山万达广场")

    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(district=district, name="福州仓山万达广场", kind="enterprise")


def test_database_accepts_same_organization_name_in_another_district(district, other_district):
    OrganizationFactory(district=district, name="社区党群服务中心")

    OrganizationFactory(district=other_district, name="社区党群服务中心")

    assert Organization.objects.filter(name="社区党群服务中心").count() == 2


# --- The same rules in full_clean(), keyed on the field the admin shows them next to ------------


@pytest.mark.parametrize(
    ("factory", "changes", "field", "message"),
    [
        pytest.param(
            SiteFactory, {"sequence": 0}, "sequence", "Ensure this value is greater than or equal to 1.", id="sequence"
        ),
        pytest.param(
            SiteFactory,
            {"latitude": Decimal("90.5")},
            "latitude",
            "Ensure this value is less than or equal to 90.",
            id="latitude > 90",
        ),
        pytest.param(
            SiteFactory,
            {"latitude": Decimal("-90.5")},
            "latitude",
            "Ensure this value is greater than or equal to -90.",
            id="latitude < -90",
        ),
        pytest.param(
            SiteFactory,
            {"longitude": Decimal("180.5")},
            "longitude",
            "Ensure this value is less than or equal to 180.",
            id="longitude > 180",
        ),
        pytest.param(
            SiteFactory,
            {"longitude": Decimal("-180.5")},
            "longitude",
            "Ensure this value is greater than or equal to -180.",
            id="longitude < -180",
        ),
        pytest.param(
            SiteFactory,
            {"longitude": None},
            "longitude",
            "Enter both the latitude and the longitude, or neither.",
            id="longitude missing",
        ),
        pytest.param(
            SiteFactory,
            {"latitude": None},
            "latitude",
            "Enter both the latitude and the longitude, or neither.",
            id="latitude missing",
        ),
        pytest.param(
            SiteFactory,
            {"area_m2": Decimal("-1")},
            "area_m2",
            "Ensure this value is greater than or equal to 0.",
            id="negative area",
        ),
        pytest.param(
            SiteFactory,
            {"investment_10k_yuan": Decimal("-0.01")},
            "investment_10k_yuan",
            "Ensure this value is greater than or equal to 0.",
            id="negative investment",
        ),
        pytest.param(
            ProjectFactory,
            {"percent_complete": 101},
            "percent_complete",
            "Ensure this value is less than or equal to 100.",
            id="project 101%",
        ),
        pytest.param(
            ProjectFactory,
            {"planned_start": datetime.date(2026, 6, 1), "planned_completion": datetime.date(2026, 5, 31)},
            "planned_completion",
            "The planned completion cannot come before the planned start.",
            id="completion before start",
        ),
        pytest.param(
            ProjectFactory,
            {"status": ProjectStatus.COMPLETED, "percent_complete": 100, "actual_completion": None},
            "actual_completion",
            "A completed project needs its actual completion date.",
            id="completed without actual completion",
        ),
        pytest.param(
            ProjectFactory,
            {"status": ProjectStatus.COMPLETED, "percent_complete": 90, "actual_completion": DONE_ON},
            "percent_complete",
            "A completed project must be 100 percent complete.",
            id="completed below 100%",
        ),
        pytest.param(
            ProgressUpdateFactory,
            {"percent": 101},
            "percent",
            "Ensure this value is less than or equal to 100.",
            id="update 101%",
        ),
        pytest.param(
            ActivityFactory,
            {"sessions": 0},
            "sessions",
            "Ensure this value is greater than or equal to 1.",
            id="activity 0 sessions",
        ),
    ],
)
def test_full_clean_reports_rule_on_its_field(factory, changes, field, message):
    row = _change(factory(), **changes)

    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()

    assert excinfo.value.message_dict == {field: [message]}


def test_full_clean_reports_both_missing_completion_facts_of_completed_project():
    project = _change(ProjectFactory(), status=ProjectStatus.COMPLETED, percent_complete=80, actual_completion=None)

    with pytest.raises(ValidationError) as excinfo:
        project.full_clean()

    assert set(excinfo.value.message_dict) == {"actual_completion", "percent_complete"}


@pytest.mark.parametrize(
    "subjects",
    [
        pytest.param(lambda photo: {"site": None}, id="no subject"),
        pytest.param(lambda photo: {"project": ProjectFactory(site=photo.site)}, id="site and project"),
    ],
)
def test_full_clean_reports_photo_subject_rule_once(subjects):
    photo = PhotoFactory()
    _change(photo, **subjects(photo))

    with pytest.raises(ValidationError) as excinfo:
        photo.full_clean()

    # The admin shows this non-field message at the top of the form: once, not twice.
    assert excinfo.value.messages == ["A photo belongs to exactly one site, project or progress update."]


def test_full_clean_refuses_taken_sequence_next_to_sequence():
    site = SiteFactory(sequence=1)
    clash = SiteFactory.build(belt=site.belt, sequence=1, organization=site.organization)

    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()

    assert excinfo.value.message_dict == {"sequence": ["Another site on this belt already has this sequence number."]}


def test_full_clean_refuses_taken_organization_name_next_to_name(district):
    OrganizationFactory(district=district, name="福州仓山万达广场")
    clash = OrganizationFactory.build(district=district, name="福州仓山万达广场")

    with pytest.raises(ValidationError) as excinfo:
        clash.full_clean()

    assert excinfo.value.message_dict == {"name": ["This district already has an organisation of this name."]}


@pytest.mark.parametrize(
    "factory", [SiteFactory, ProjectFactory, ProgressUpdateFactory, ActivityFactory, PhotoFactory, OrganizationFactory]
)
def test_full_clean_accepts_factory_row(factory):
    factory().full_clean()
