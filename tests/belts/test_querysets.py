import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField, Value

from belts.expressions import DayNumber
from belts.models import Belt, District
from sites.models import Site
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    FollowUpFactory,
    InspectionFactory,
    MilestoneFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


# --- published() ---------------------------------------------------------------------


@pytest.mark.parametrize("published", [True, False])
def test_belt_published_follows_its_flag(published):
    belt = BeltFactory(published=published)

    assert (belt in Belt.objects.published()) is published


def test_district_published_needs_a_published_belt(district, other_district):
    BeltFactory(district=district, published=True)
    BeltFactory(district=other_district, published=False)

    assert list(District.objects.published()) == [district]


def test_district_published_lists_district_once_whatever_its_number_of_belts(district):
    BeltFactory.create_batch(2, district=district, published=True)

    assert list(District.objects.published()) == [district]


# --- visible_to(user): the district boundary, for every district-scoped model ---------------


@dataclass(frozen=True)
class Scoped:
    """Four rows of one model: published and unpublished, in the user's district and in another."""

    model: type
    public_own: int
    hidden_own: int
    public_other: int
    hidden_other: int
    ever_public: bool

    @property
    def public(self):
        return {self.public_own, self.public_other} if self.ever_public else set()

    @property
    def own(self):
        return {self.public_own, self.hidden_own}

    @property
    def every(self):
        return self.own | {self.public_other, self.hidden_other}


def _organization(district, published):
    organization = OrganizationFactory(district=district)
    SiteFactory(belt__district=district, organization=organization, published=published)
    return organization


# Each builder makes one row of its model in ``district``, public when ``published``.
BUILDERS = {
    "belt": (lambda d, p: BeltFactory(district=d, published=p), True),
    "organization": (_organization, True),
    "site": (lambda d, p: SiteFactory(belt__district=d, published=p), True),
    "project": (lambda d, p: ProjectFactory(site__belt__district=d, published=p), True),
    "milestone": (lambda d, p: MilestoneFactory(project__site__belt__district=d, project__published=p), True),
    "progress update": (
        lambda d, p: ProgressUpdateFactory(project__site__belt__district=d, project__published=p),
        True,
    ),
    "photo of site": (lambda d, p: PhotoFactory(site__belt__district=d, site__published=p), True),
    "photo of project": (
        lambda d, p: PhotoFactory(site=None, project=ProjectFactory(site__belt__district=d, published=p)),
        True,
    ),
    "photo of progress update": (
        lambda d, p: PhotoFactory(
            site=None,
            progress_update=ProgressUpdateFactory(project__site__belt__district=d, project__published=p),
        ),
        True,
    ),
    "activity": (lambda d, p: ActivityFactory(site__belt__district=d, site__published=p), True),
    "inspection": (lambda d, p: InspectionFactory(belt__district=d, belt__published=p), False),
    "follow-up": (lambda d, p: FollowUpFactory(inspection__belt__district=d, inspection__belt__published=p), False),
}


@pytest.fixture(params=list(BUILDERS), ids=list(BUILDERS))
def scoped(request, district, other_district):
    build, ever_public = BUILDERS[request.param]
    rows = [build(d, p) for d in (district, other_district) for p in (True, False)]
    return Scoped(type(rows[0]), *(row.pk for row in rows), ever_public=ever_public)


def test_anonymous_user_sees_only_public_rows(scoped):
    assert pks(scoped.model.objects.visible_to(AnonymousUser())) == scoped.public


def test_inactive_district_staff_sees_only_public_rows(scoped, district):
    user = UserFactory(is_staff=True, is_active=False)
    district.editors.add(user)

    assert pks(scoped.model.objects.visible_to(user)) == scoped.public


def test_district_editor_sees_every_row_of_own_district_and_none_of_another(scoped, district_editor):
    assert pks(scoped.model.objects.visible_to(district_editor)) == scoped.own


def test_committee_member_sees_every_row(scoped, committee_member):
    assert pks(scoped.model.objects.visible_to(committee_member)) == scoped.every


def test_superuser_sees_every_row(scoped, superuser):
    assert pks(scoped.model.objects.visible_to(superuser)) == scoped.every


def test_staff_user_without_district_sees_no_row():
    BeltFactory(published=True)
    user = UserFactory(is_staff=True)

    assert not Belt.objects.visible_to(user).exists()


def test_district_editor_sees_own_district_without_published_belt(district, other_district, district_editor):
    BeltFactory(district=district, published=False)
    BeltFactory(district=other_district, published=True)

    assert list(District.objects.visible_to(district_editor)) == [district]


def test_anonymous_user_sees_districts_with_published_belt(district, other_district):
    BeltFactory(district=district, published=False)
    BeltFactory(district=other_district, published=True)

    assert list(District.objects.visible_to(AnonymousUser())) == [other_district]


@pytest.mark.parametrize("user_fixture", ["committee_member", "superuser"])
def test_overseer_sees_every_district(request, user_fixture, district, other_district):
    user = request.getfixturevalue(user_fixture)

    assert set(District.objects.visible_to(user)) == {district, other_district}


# --- Roll-ups ----------------------------------------------------------------------


def test_belt_progress_is_mean_of_site_progress_ignoring_sites_without_projects():
    belt = BeltFactory()
    first, second, _without_projects = SiteFactory.create_batch(3, belt=belt)
    ProjectFactory(site=first, percent_complete=20)
    ProjectFactory(site=first, percent_complete=40)
    ProjectFactory(site=second, percent_complete=90)

    progress = Belt.objects.with_progress().get(pk=belt.pk).progress

    assert float(progress) == pytest.approx(60)


def test_belt_progress_is_none_when_no_site_has_projects():
    belt = BeltFactory()
    SiteFactory(belt=belt)

    assert Belt.objects.with_progress().get(pk=belt.pk).progress is None


def test_belt_progress_ignores_other_belts_projects():
    belt, other = BeltFactory.create_batch(2)
    ProjectFactory(site__belt=belt, percent_complete=30)
    ProjectFactory(site__belt=other, percent_complete=100)

    assert float(Belt.objects.with_progress().get(pk=belt.pk).progress) == pytest.approx(30)


def test_belt_site_count_counts_every_site_by_default():
    belt = BeltFactory()
    SiteFactory.create_batch(2, belt=belt, published=True)
    SiteFactory(belt=belt, published=False)
    SiteFactory()

    assert Belt.objects.with_site_count().get(pk=belt.pk).site_count == 3


def test_belt_site_count_counts_only_given_sites():
    belt = BeltFactory()
    SiteFactory.create_batch(2, belt=belt, published=True)
    SiteFactory(belt=belt, published=False)

    annotated = Belt.objects.with_site_count(Site.objects.published()).get(pk=belt.pk)

    assert annotated.site_count == 2


def test_belt_site_count_is_zero_for_belt_without_sites():
    # A count of nothing is 0, not "unknown": lists and the API show it as a number.
    belt = BeltFactory()

    assert Belt.objects.with_site_count().get(pk=belt.pk).site_count == 0


# --- DayNumber ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2024, 2, 28), datetime.date(2024, 3, 1)),
        (datetime.date(2023, 2, 28), datetime.date(2023, 3, 1)),
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 1)),
        (datetime.date(2026, 11, 29), datetime.date(2026, 11, 29)),
        (datetime.date(2026, 12, 29), datetime.date(2026, 11, 29)),
        (datetime.date(1999, 12, 31), datetime.date(2026, 11, 29)),
    ],
)
def test_day_number_difference_counts_calendar_days(start, end):
    BeltFactory()
    days = DayNumber(Value(end, output_field=DateField())) - DayNumber(Value(start, output_field=DateField()))

    difference = Belt.objects.annotate(days=days).values_list("days", flat=True).get()

    assert difference == (end - start).days
