import datetime

import pytest

from sites.choices import ProjectStatus
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site
from tests.factories import (
    ActivityFactory,
    MilestoneFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


def days(today, offset):
    return None if offset is None else today + datetime.timedelta(days=offset)


def make_project(today, *, start=-365, due=0, percent=50, status=ProjectStatus.IN_PROGRESS):
    """A project whose planned dates are ``start`` and ``due`` days from ``today``."""
    completed = status == ProjectStatus.COMPLETED
    return ProjectFactory(
        planned_start=days(today, start),
        planned_completion=days(today, due),
        percent_complete=100 if completed else percent,
        actual_completion=days(today, -1) if completed else None,
        status=status,
    )


# --- Project.overdue(today) ------------------------------------------------------------------

OVERDUE_CASES = [
    pytest.param({"due": -1}, True, id="due yesterday"),
    pytest.param({"due": 0}, False, id="due today"),
    pytest.param({"due": 1}, False, id="due tomorrow"),
    pytest.param({"due": -30, "status": ProjectStatus.COMPLETED}, False, id="completed"),
    pytest.param({"start": None, "due": None}, False, id="no planned completion"),
    pytest.param({"due": -1, "status": ProjectStatus.PLANNED}, True, id="planned past due"),
    pytest.param({"due": -90, "status": ProjectStatus.DELAYED}, True, id="delayed past due"),
    pytest.param({"due": -90, "status": ProjectStatus.SUSPENDED}, True, id="suspended past due"),
]


@pytest.mark.parametrize(("shape", "expected"), OVERDUE_CASES)
def test_overdue_means_planned_completion_passed_and_not_completed(today, shape, expected):
    project = make_project(today, **shape)

    assert (project in Project.objects.overdue(today=today)) is expected


# --- Project.at_risk(today) ------------------------------------------------------------------
# Behind schedule: percent complete below the share of planned start → planned completion elapsed.

AT_RISK_CASES = [
    pytest.param({"due": 0, "percent": 50}, True, id="due today and behind"),
    pytest.param({"due": 30, "percent": 50}, True, id="due in 30 days and behind"),
    pytest.param({"due": 31, "percent": 0}, False, id="due in 31 days"),
    pytest.param({"start": -10, "due": 10, "percent": 49}, True, id="just behind schedule"),
    pytest.param({"start": -10, "due": 10, "percent": 50}, False, id="exactly on schedule"),
    pytest.param({"start": -10, "due": 10, "percent": 60}, False, id="ahead of schedule"),
    pytest.param({"start": 5, "due": 20, "percent": 0}, False, id="not started yet"),
    pytest.param({"start": None, "due": 10, "percent": 0}, False, id="no planned start"),
    pytest.param({"start": -10, "due": 0, "status": ProjectStatus.COMPLETED}, False, id="completed"),
    pytest.param({"due": -1, "percent": 10}, False, id="already overdue"),
    pytest.param({"start": None, "due": None, "percent": 0}, False, id="no planned dates"),
    pytest.param({"start": -10, "due": None, "percent": 0}, False, id="no planned completion"),
    pytest.param({"start": 0, "due": 0, "percent": 0}, False, id="one-day project due today"),
    pytest.param({"due": 20, "percent": 30, "status": ProjectStatus.DELAYED}, True, id="delayed and behind"),
]


@pytest.mark.parametrize(("shape", "expected"), AT_RISK_CASES)
def test_at_risk_means_due_within_30_days_and_behind_schedule(today, shape, expected):
    project = make_project(today, **shape)

    assert (project in Project.objects.at_risk(today=today)) is expected


def _every_schedule_case(today):
    for case in OVERDUE_CASES + AT_RISK_CASES:
        make_project(today, **case.values[0])


def test_with_schedule_flags_is_overdue_agrees_with_overdue_row_by_row(today):
    _every_schedule_case(today)
    overdue = set(Project.objects.overdue(today=today).values_list("pk", flat=True))

    flags = dict(Project.objects.with_schedule_flags(today=today).values_list("pk", "is_overdue"))

    assert flags == {pk: pk in overdue for pk in flags}


def test_with_schedule_flags_is_at_risk_agrees_with_at_risk_row_by_row(today):
    _every_schedule_case(today)
    at_risk = set(Project.objects.at_risk(today=today).values_list("pk", flat=True))

    flags = dict(Project.objects.with_schedule_flags(today=today).values_list("pk", "is_at_risk"))

    assert flags == {pk: pk in at_risk for pk in flags}


@pytest.mark.parametrize("flag", ["is_overdue", "is_at_risk"])
def test_with_schedule_flags_are_false_not_null_without_planned_completion(today, flag):
    make_project(today, start=-10, due=None)

    value = Project.objects.with_schedule_flags(today=today).values_list(flag, flat=True).get()

    assert value is False


# --- Milestones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        pytest.param(-1, None, True, id="due yesterday"),
        pytest.param(0, None, False, id="due today"),
        pytest.param(-10, -12, False, id="done"),
    ],
)
def test_milestone_overdue_means_pending_and_due_before_today(today, due, done, expected):
    milestone = MilestoneFactory(due_date=days(today, due), done_date=days(today, done))

    assert (milestone in Milestone.objects.overdue(today=today)) is expected


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        pytest.param(-1, None, False, id="due yesterday"),
        pytest.param(0, None, True, id="due today"),
        pytest.param(30, None, True, id="due in 30 days"),
        pytest.param(31, None, False, id="due in 31 days"),
        pytest.param(10, -1, False, id="done"),
    ],
)
def test_milestone_due_within_includes_both_ends_of_window(today, due, done, expected):
    milestone = MilestoneFactory(due_date=days(today, due), done_date=days(today, done))

    assert (milestone in Milestone.objects.due_within(30, today=today)) is expected


def test_milestone_pending_excludes_done_milestones(today):
    pending = MilestoneFactory(due_date=today)
    MilestoneFactory(due_date=today, done_date=today)

    assert list(Milestone.objects.pending()) == [pending]


# --- published() -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "belt", "expected"),
    [(True, True, True), (False, True, False), (True, False, False)],
    ids=["both published", "site unpublished", "belt unpublished"],
)
def test_site_published_needs_site_and_belt_published(site, belt, expected):
    row = SiteFactory(published=site, belt__published=belt)

    assert (row in Site.objects.published()) is expected


# (project, site, belt) published flags: public only when all three are.
PROJECT_CHAIN = pytest.mark.parametrize(
    ("project", "site", "belt", "expected"),
    [(True, True, True, True), (False, True, True, False), (True, False, True, False), (True, True, False, False)],
    ids=["all published", "project unpublished", "site unpublished", "belt unpublished"],
)


@PROJECT_CHAIN
def test_project_published_needs_project_site_and_belt_published(project, site, belt, expected):
    row = ProjectFactory(published=project, site__published=site, site__belt__published=belt)

    assert (row in Project.objects.published()) is expected


@pytest.mark.parametrize(("factory", "model"), [(MilestoneFactory, Milestone), (ProgressUpdateFactory, ProgressUpdate)])
@PROJECT_CHAIN
def test_project_part_published_follows_its_project(factory, model, project, site, belt, expected):
    row = factory(project__published=project, project__site__published=site, project__site__belt__published=belt)

    assert (row in model.objects.published()) is expected


@pytest.mark.parametrize(
    ("site", "belt", "expected"),
    [(True, True, True), (False, True, False), (True, False, False)],
    ids=["both published", "site unpublished", "belt unpublished"],
)
def test_activity_published_follows_its_site(site, belt, expected):
    row = ActivityFactory(site__published=site, site__belt__published=belt)

    assert (row in Activity.objects.published()) is expected


def _photo_of_site(project, site, belt):
    return PhotoFactory(site__published=site, site__belt__published=belt)


def _photo_of_project(project, site, belt):
    owner = ProjectFactory(published=project, site__published=site, site__belt__published=belt)
    return PhotoFactory(site=None, project=owner)


def _photo_of_progress_update(project, site, belt):
    owner = ProgressUpdateFactory(
        project__published=project, project__site__published=site, project__site__belt__published=belt
    )
    return PhotoFactory(site=None, progress_update=owner)


@pytest.mark.parametrize(
    ("make", "project", "site", "belt", "expected"),
    [
        pytest.param(_photo_of_site, True, True, True, True, id="site published"),
        pytest.param(_photo_of_site, True, False, True, False, id="site unpublished"),
        pytest.param(_photo_of_site, True, True, False, False, id="site's belt unpublished"),
        pytest.param(_photo_of_project, True, True, True, True, id="project published"),
        pytest.param(_photo_of_project, False, True, True, False, id="project unpublished"),
        pytest.param(_photo_of_project, True, False, True, False, id="project's site unpublished"),
        pytest.param(_photo_of_project, True, True, False, False, id="project's belt unpublished"),
        pytest.param(_photo_of_progress_update, True, True, True, True, id="update's project published"),
        pytest.param(_photo_of_progress_update, False, True, True, False, id="update's project unpublished"),
        pytest.param(_photo_of_progress_update, True, False, True, False, id="update's site unpublished"),
        pytest.param(_photo_of_progress_update, True, True, False, False, id="update's belt unpublished"),
    ],
)
def test_photo_published_follows_its_subject(make, project, site, belt, expected):
    photo = make(project, site, belt)

    assert (photo in Photo.objects.published()) is expected


@pytest.mark.parametrize(
    ("site", "belt", "expected"),
    [(True, True, True), (False, True, False), (True, False, False)],
    ids=["hosts published site", "hosts unpublished site", "hosts site on unpublished belt"],
)
def test_organization_published_needs_a_published_site(site, belt, expected):
    row = SiteFactory(published=site, belt__published=belt).organization

    assert (row in Organization.objects.published()) is expected


def test_organization_published_excludes_organization_hosting_no_site():
    OrganizationFactory()

    assert not Organization.objects.published().exists()


def test_organization_published_lists_organization_once_whatever_its_number_of_sites():
    site = SiteFactory()
    SiteFactory(belt=site.belt, organization=site.organization)

    assert list(Organization.objects.published()) == [site.organization]


# --- Roll-ups ----------------------------------------------------------------------------------


def test_site_progress_is_mean_percent_of_its_projects():
    site = SiteFactory()
    for percent in (20, 50, 90):
        ProjectFactory(site=site, percent_complete=percent)
    ProjectFactory(percent_complete=0)

    progress = Site.objects.with_progress().get(pk=site.pk).progress

    assert float(progress) == pytest.approx(160 / 3)


def test_site_progress_is_none_without_projects():
    site = SiteFactory()

    assert Site.objects.with_progress().get(pk=site.pk).progress is None


def test_site_activity_totals_sum_sessions_and_participants():
    site = SiteFactory()
    ActivityFactory(site=site, sessions=12, participants=600)
    ActivityFactory(site=site, sessions=1, participants=None)
    ActivityFactory(site=site, sessions=3, participants=90)
    ActivityFactory(sessions=5, participants=1000)

    totals = Site.objects.with_activity_totals().get(pk=site.pk)

    assert (totals.activities_held, totals.people_reached) == (16, 690)


def test_site_activity_totals_are_none_without_activities():
    site = SiteFactory()

    totals = Site.objects.with_activity_totals().get(pk=site.pk)

    assert (totals.activities_held, totals.people_reached) == (None, None)


def test_due_within_includes_both_ends_of_the_window_and_excludes_completed(today):
    due_today = ProjectFactory(planned_completion=today)
    due_last_day = ProjectFactory(planned_completion=today + datetime.timedelta(days=7))
    ProjectFactory(planned_completion=today + datetime.timedelta(days=8))
    ProjectFactory(planned_completion=today - datetime.timedelta(days=1))
    ProjectFactory(
        planned_completion=today, status=ProjectStatus.COMPLETED, percent_complete=100, actual_completion=today
    )

    due = set(Project.objects.due_within(7, today=today))

    assert due == {due_today, due_last_day}


def test_stale_projects_have_no_update_within_sixty_days(today):
    stale = ProjectFactory()
    ProgressUpdateFactory(project=stale, date=today - datetime.timedelta(days=61))
    fresh = ProjectFactory()
    ProgressUpdateFactory(project=fresh, date=today - datetime.timedelta(days=60))
    never_updated = ProjectFactory()
    ProjectFactory(status=ProjectStatus.COMPLETED, percent_complete=100, actual_completion=today)

    assert set(Project.objects.stale(today=today)) == {stale, never_updated}
