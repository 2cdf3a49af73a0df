import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from belts.models import Belt, District
from config.caching import pages_version
from demo.loader import DEMO_MODELS
from demo.scale import GENERATED_MODELS, SLUG_PREFIX
from demo.scale.generator import _ensure_pks
from demo.scale.words import DISTRICTS
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, FollowUpEvent, Inspection, InspectionSite
from sites.choices import ProjectStatus
from sites.models import Activity, Milestone, Organization, ProgressUpdate, Project, Site

pytestmark = pytest.mark.django_db

SITES = 60
SMALL_RUN = ("--sites", str(SITES), "--as-of", "2026-11-29", "--seed", "1")


def generate(*args: str, verbosity: int = 0) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("generate_scale", *args, stdout=out, verbosity=verbosity, no_color=True)
    return out.getvalue()


@pytest.fixture
def generated(today):
    assert today == datetime.date(2026, 11, 29)  # the as-of date of SMALL_RUN
    generate(*SMALL_RUN)


def generated_projects():
    return Project.objects.filter(site__belt__slug__startswith=SLUG_PREFIX)


def snapshot() -> dict[str, list]:
    """Every generated value, without keys or timestamps (they differ between runs), plus how rows hang together."""
    rows = {}
    for model in GENERATED_MODELS:
        skipped = {"id", "created_at", "updated_at"} | {f.attname for f in model._meta.concrete_fields if f.is_relation}
        names = [f.attname for f in model._meta.concrete_fields if f.attname not in skipped]
        rows[model.__name__] = sorted(map(repr, model.objects.values_list(*names)))
    placement = Project.objects.values_list("site__belt__slug", "site__sequence", "title", "site__organization__name")
    rows["placement"] = sorted(map(repr, placement))
    return rows


def sample(model: type[models.Model]) -> list[models.Model]:
    rows = list(model.objects.order_by("pk"))
    return rows[:: max(1, len(rows) // 40)]


# --- What it generates ------------------------------------------------------------------


def test_small_run_generates_a_province_in_proportion(generated):
    assert District.objects.count() == 13
    assert set(District.objects.values_list("code", flat=True)) == {spec[0] for spec in DISTRICTS}
    assert Site.objects.count() == SITES
    assert Belt.objects.count() == SITES // 20
    assert 4 * SITES <= Project.objects.count() <= 6 * SITES
    projects = Project.objects.count()
    assert 1.5 * projects <= Milestone.objects.count() <= 2.5 * projects
    assert 1.5 * projects <= ProgressUpdate.objects.count() <= 2.5 * projects
    assert SITES <= Activity.objects.count() <= 2 * SITES
    assert Organization.objects.count() == sum(round(belt.sites.count() * 0.7) for belt in Belt.objects.all())
    assert Inspection.objects.count() == 1
    assert 3 <= InspectionSite.objects.count() <= 6
    assert 1 <= FollowUp.objects.count() <= 3


def test_belts_have_prefixed_slugs_names_unique_in_their_district_and_sites_numbered_from_one(generated):
    for belt in Belt.objects.all():
        assert belt.slug.startswith(SLUG_PREFIX)
        assert list(belt.sites.values_list("sequence", flat=True)) == list(range(1, belt.sites.count() + 1))
    assert Belt.objects.filter(published=True).exists()


def test_sites_lie_in_fujian_and_carry_texts(generated):
    for site in Site.objects.all():
        assert 23.5 <= site.latitude <= 28.3
        assert 115.8 <= site.longitude <= 120.7
        assert site.name and site.positioning
        assert len(site.introduction) >= 150
        assert site.construction_status or site.experience
    assert Site.objects.published().exists()


def test_a_sample_of_every_model_passes_full_clean(generated):
    for model in GENERATED_MODELS:
        rows = sample(model)
        assert rows, model
        for row in rows:
            row.full_clean()


def test_project_statuses_are_mixed_and_consistent(generated):
    assert {p.status for p in Project.objects.all()} == set(ProjectStatus.values)
    for project in Project.objects.completed():
        assert project.actual_completion is not None
        assert project.percent_complete == 100
    for project in Project.objects.exclude(planned_start=None).exclude(planned_completion=None):
        assert project.planned_completion >= project.planned_start


def test_some_projects_are_overdue_and_some_at_risk_as_of_the_given_day(generated, today):
    projects = generated_projects()
    assert projects.overdue(today=today).exists()
    assert projects.at_risk(today=today).exists()
    assert projects.exclude(pk__in=projects.overdue(today=today)).exclude(pk__in=projects.at_risk(today=today)).exists()


def test_nothing_has_happened_after_the_as_of_date(generated, today):
    end_of_day = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time(), tzinfo=timezone.get_default_timezone()
    )
    assert not Project.objects.filter(actual_completion__gt=today).exists()
    assert not Milestone.objects.filter(done_date__gt=today).exists()
    assert not ProgressUpdate.objects.filter(date__gt=today).exists()
    assert not Activity.objects.filter(date__gt=today).exists()
    assert not Inspection.objects.filter(date__gt=today).exists()
    assert not FollowUp.objects.filter(answered_at__gte=end_of_day).exists()
    assert not FollowUp.objects.filter(closed_at__gte=end_of_day).exists()


def test_inspection_visits_sites_of_its_belt_in_order_and_sets_follow_ups(generated):
    inspection = Inspection.objects.get()
    visits = list(inspection.visits.order_by("order"))
    assert [visit.order for visit in visits] == list(range(1, len(visits) + 1))
    assert {visit.site.belt_id for visit in visits} == {inspection.belt_id}
    for followup in inspection.followups.all():
        assert followup.site is None or followup.site.belt_id == inspection.belt_id
        if followup.status != FollowUpStatus.OPEN:
            assert followup.response and followup.answered_at
            assert followup.events.filter(action="answered").exists()
        if followup.status == FollowUpStatus.CLOSED:
            assert followup.closed_at >= followup.answered_at


def test_follow_up_statuses_are_mixed_at_scale(today):
    generate("--sites", "400", "--as-of", today.isoformat(), "--seed", "3")
    assert set(FollowUp.objects.values_list("status", flat=True)) == set(FollowUpStatus.values)
    assert FollowUpEvent.objects.exists()


def test_queries_are_per_batch_not_per_row(today):
    def queries(sites: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            generate("--sites", str(sites), "--as-of", today.isoformat(), "--replace")
        return len(captured)

    queries(20)  # the first run has no earlier run to delete; the next two both do
    small, large = queries(200), queries(400)
    assert large < Site.objects.count() / 2  # let alone one per project (five per site)
    if connection.vendor == "postgresql":
        # One INSERT per batch of 5,000 rows (SQLite's batches are cut short by its 999 parameters).
        assert small == large


# --- Reproducibility -----------------------------------------------------------------------


def test_the_same_seed_and_date_give_the_same_data(generated):
    first = snapshot()
    generate(*SMALL_RUN, "--replace")
    assert snapshot() == first


def test_another_seed_gives_other_data(generated):
    first = snapshot()
    generate("--sites", str(SITES), "--as-of", "2026-11-29", "--seed", "2", "--replace")
    assert snapshot()["Site"] != first["Site"]


# --- Refusals and replacing ----------------------------------------------------------------


def test_refuses_a_second_run_without_replace(generated):
    with pytest.raises(CommandError, match="--replace"):
        generate(*SMALL_RUN)
    assert Site.objects.count() == SITES


def test_replace_deletes_the_earlier_run_first(generated):
    generate("--sites", "30", "--as-of", "2026-11-29", "--replace")
    assert Site.objects.count() == 30
    assert District.objects.count() == 13
    assert not Organization.objects.filter(sites=None).exists()


@pytest.mark.parametrize("sites", ["0", "-5", "many"])
def test_refuses_a_bad_number_of_sites(sites):
    with pytest.raises(CommandError):
        generate("--sites", sites)
    assert not Site.objects.exists()


def demo_rows() -> dict[str, dict]:
    return {model.__name__: {row[0]: row for row in model.objects.values_list()} for model in DEMO_MODELS}


def test_replace_leaves_the_load_demo_data_intact(today):
    call_command("load_demo", "--as-of", today.isoformat(), stdout=StringIO())
    before = demo_rows()

    generate(*SMALL_RUN)
    generate(*SMALL_RUN, "--replace")

    after = {
        model.__name__: {row[0]: row for row in model.objects.filter(pk__in=before[model.__name__]).values_list()}
        for model in DEMO_MODELS
    }
    assert after == before
    assert list(Belt.objects.exclude(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True)) == ["nanjiangbin"]
    # The demo's district is one of the thirteen, reused rather than duplicated.
    assert District.objects.count() == 13


# --- Output -----------------------------------------------------------------------------------


def test_prints_a_progress_bar_and_a_summary(today):
    output = generate("--sites", "40", "--as-of", today.isoformat(), verbosity=1)
    assert "\r" in output and "#" * 30 in output
    assert "Bead sites: 40" in output
    assert "Generated" in output and "seconds" in output


def test_is_silent_at_verbosity_zero(today):
    assert generate("--sites", "40", "--as-of", today.isoformat(), verbosity=0) == ""


def test_keys_are_read_back_where_the_backend_does_not_return_them():
    districts = District.objects.bulk_create(
        [District(name="甲区", code="999991"), District(name="乙区", code="999992")]
    )
    copies = [District(name=d.name, code=d.code) for d in districts]
    _ensure_pks(District, copies)
    assert [d.pk for d in copies] == [d.pk for d in districts]


def test_generating_makes_the_cached_public_pages_stale(client, today):
    """Bulk inserts send no signals: without the explicit invalidation the home page would stay as cached."""
    cached = client.get("/")
    assert "示范带" in cached.content.decode()
    version = pages_version()

    generate(*SMALL_RUN)

    assert pages_version() != version
