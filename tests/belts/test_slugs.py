import pytest

from belts.models import Belt
from belts.slugs import pinyin_slug, unique_slug
from tests.factories import BeltFactory

NAME = "南江滨党建示范带"
SLUG = "nan-jiang-bin-dang-jian-shi-fan-dai"


# --- belts/slugs.py ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        (NAME, SLUG),
        ("仓山·南江滨", "cang-shan-nan-jiang-bin"),
        ("2号线示范带", "2-hao-xian-shi-fan-dai"),
        ("ABC党建", "abc-dang-jian"),
        ("重庆路", "chong-qing-lu"),
        ("！！", ""),
    ],
)
def test_pinyin_slug_spells_name_in_ascii_pinyin(name, slug):
    assert pinyin_slug(name) == slug


def test_pinyin_slug_cuts_to_max_length_without_trailing_hyphen():
    slug = pinyin_slug("南" * 60, max_length=8)

    assert slug == "nan-nan"


def test_unique_slug_is_pinyin_slug_when_free():
    assert unique_slug(NAME, lambda slug: False) == SLUG


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ({SLUG}, f"{SLUG}-2"),
        ({SLUG, f"{SLUG}-2"}, f"{SLUG}-3"),
    ],
)
def test_unique_slug_adds_first_free_number_suffix(taken, expected):
    assert unique_slug(NAME, taken.__contains__) == expected


def test_unique_slug_falls_back_to_belt_without_pinyin():
    assert unique_slug("！！", lambda slug: False) == "belt"


def test_unique_slug_with_suffix_fits_max_length():
    base = unique_slug("南" * 60, lambda slug: False)

    slug = unique_slug("南" * 60, {base}.__contains__)

    assert slug == f"{base}-2"
    assert len(slug) <= 80


# --- Belt.full_clean() makes the slug -------------------------------------------------


@pytest.mark.django_db
def test_full_clean_makes_blank_slug_from_chinese_name(district):
    belt = Belt(district=district, name=NAME)

    belt.full_clean()

    assert belt.slug == SLUG


@pytest.mark.django_db
def test_full_clean_suffixes_slug_taken_by_another_belt(district, other_district):
    BeltFactory(district=other_district, name=NAME, slug=SLUG)
    belt = Belt(district=district, name=NAME)

    belt.full_clean()

    assert belt.slug == f"{SLUG}-2"


@pytest.mark.django_db
def test_full_clean_does_not_count_belts_own_slug_as_taken():
    belt = BeltFactory(name=NAME, slug=SLUG)
    belt.slug = ""

    belt.full_clean()

    assert belt.slug == SLUG


@pytest.mark.django_db
def test_full_clean_keeps_given_slug(district):
    belt = Belt(district=district, name=NAME, slug="njb")

    belt.full_clean()

    assert belt.slug == "njb"
