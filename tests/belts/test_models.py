import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from belts.models import Belt, District
from tests.factories import BeltFactory, DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are compared with their English source text."""
    with translation.override("en"):
        yield


# --- Database constraints: refused even when clean() is bypassed ------------------


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        pytest.param({"slug": ""}, "belts_belt_slug_not_blank", id="blank slug"),
        pytest.param({"target_year": 1999}, "belts_belt_target_year_range", id="target year before 2000"),
        pytest.param({"target_year": 2101}, "belts_belt_target_year_range", id="target year after 2100"),
    ],
)
def test_database_refuses_belt_breaking_check_constraint(changes, constraint):
    belt = BeltFactory()

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Belt.objects.filter(pk=belt.pk).update(**changes)


def test_database_refuses_creating_belt_with_blank_slug(district):
    with pytest.raises(IntegrityError, match="belts_belt_slug_not_blank"), transaction.atomic():
        Belt.objects.create(district=district, name="南江滨党建示范带", slug="")


def test_database_refuses_second_belt_of_same_name_in_district(district):
    BeltFactory(district=district, name="南江滨党建示范带")

    with pytest.raises(IntegrityError), transaction.atomic():
        BeltFactory(district=district, name="南江滨党建示范带")


def test_database_accepts_same_belt_name_in_another_district(district, other_district):
    BeltFactory(district=district, name="沿江党建示范带")

    BeltFactory(district=other_district, name="沿江党建示范带")

    assert Belt.objects.filter(name="沿江党建示范带").count() == 2


def test_database_refuses_duplicate_belt_slug():
    BeltFactory(slug="nan-jiang-bin")

    with pytest.raises(IntegrityError), transaction.atomic():
        BeltFactory(slug="nan-jiang-bin")


@pytest.mark.parametrize("field", ["name", "code"])
def test_database_refuses_duplicate_district_field(district, field):
    values = {"name": "另一区", "code": "350199", field: getattr(district, field)}

    with pytest.raises(IntegrityError), transaction.atomic():
        District.objects.create(**values)


# --- The same rules in full_clean(), keyed on the field the admin shows them next to ----


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        pytest.param(
            {"target_year": 1999}, "target_year", "Ensure this value is greater than or equal to 2000.", id="1999"
        ),
        pytest.param(
            {"target_year": 2101}, "target_year", "Ensure this value is less than or equal to 2100.", id="2101"
        ),
    ],
)
def test_full_clean_reports_target_year_out_of_range_on_its_field(changes, field, message):
    belt = BeltFactory()
    for name, value in changes.items():
        setattr(belt, name, value)

    with pytest.raises(ValidationError) as excinfo:
        belt.full_clean()

    assert excinfo.value.message_dict == {field: [message]}


def test_full_clean_reports_taken_slug_on_slug_field():
    BeltFactory(slug="nan-jiang-bin")
    belt = BeltFactory.build(district=DistrictFactory(), slug="nan-jiang-bin")

    with pytest.raises(ValidationError) as excinfo:
        belt.full_clean()

    assert list(excinfo.value.message_dict) == ["slug"]


def test_full_clean_reports_duplicate_belt_name_in_district_next_to_name(district):
    BeltFactory(district=district, name="南江滨党建示范带")
    belt = BeltFactory.build(district=district, name="南江滨党建示范带")

    with pytest.raises(ValidationError) as excinfo:
        belt.full_clean()

    assert excinfo.value.message_dict == {"name": ["This district already has a belt of this name."]}


@pytest.mark.parametrize("field", ["name", "code"])
def test_full_clean_reports_taken_district_field_on_that_field(district, field):
    other = DistrictFactory.build(**{field: getattr(district, field)})

    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()

    assert list(excinfo.value.message_dict) == [field]


@pytest.mark.parametrize("code", ["35010", "3501040", "35o104"])
def test_full_clean_refuses_district_code_not_six_digits(code):
    district = DistrictFactory.build(code=code)

    with pytest.raises(ValidationError) as excinfo:
        district.full_clean()

    assert "Enter the six-digit administrative division code." in excinfo.value.message_dict["code"]


def test_full_clean_of_belt_without_name_or_slug_shows_no_raw_constraint_name(district):
    belt = Belt(district=district, name="", slug="")

    with pytest.raises(ValidationError) as excinfo:
        belt.full_clean()

    # The slug cannot be made without a name; staff should read why, not "belts_belt_slug_not_blank".
    assert not any("belts_belt_slug_not_blank" in message for message in excinfo.value.messages)
