import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sites.admin import ProjectAdmin
from sites.choices import ProjectStatus
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site
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
    ActivityFactory,
    BeltFactory,
    MilestoneFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def make_sites(n):
    return [ProjectFactory().site for _ in range(n)]


def make_progress_updates(n):
    return [ProgressUpdateFactory(author=UserFactory()) for _ in range(n)]


def make_photos(n):
    """Photos of sites, projects and progress updates in turn: the column "photo of" shows each kind."""
    subjects = [
        lambda: {"site": SiteFactory()},
        lambda: {"site": None, "project": ProjectFactory()},
        lambda: {"site": None, "progress_update": ProgressUpdateFactory()},
    ]
    return [PhotoFactory(**subjects[i % 3]()) for i in range(n)]


CASES = [
    pytest.param(AdminCase(Organization, OrganizationFactory.create_batch, max_queries=8), id="organization"),
    pytest.param(AdminCase(Site, make_sites, max_queries=9), id="site"),
    pytest.param(AdminCase(Project, ProjectFactory.create_batch, max_queries=11), id="project"),
    pytest.param(AdminCase(Milestone, MilestoneFactory.create_batch, max_queries=9), id="milestone"),
    pytest.param(AdminCase(ProgressUpdate, make_progress_updates, max_queries=9), id="progressupdate"),
    pytest.param(AdminCase(Photo, make_photos, max_queries=7), id="photo"),
    pytest.param(AdminCase(Activity, ActivityFactory.create_batch, max_queries=10), id="activity"),
]


def add_site_rows(site, n):
    ProjectFactory.create_batch(n, site=site)
    PhotoFactory.create_batch(n, site=site)
    ActivityFactory.create_batch(n, site=site)


def add_project_rows(project, n):
    MilestoneFactory.create_batch(n, project=project)
    for _ in range(n):
        ProgressUpdateFactory(project=project, author=UserFactory())


@pytest.mark.parametrize(
    ("make_parent", "add_rows", "max_queries"),
    [
        pytest.param(SiteFactory, add_site_rows, 11, id="site"),
        pytest.param(ProjectFactory, add_project_rows, 8, id="project"),
    ],
)
def test_change_form_query_count_does_not_grow_with_inline_rows(admin_client, make_parent, add_rows, max_queries):
    parent = make_parent()
    add_rows(parent, 2)
    assert_queries_independent_of_rows(
        admin_client, change_url(parent), lambda: add_rows(parent, MORE_ROWS), max_queries
    )


# --- Bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "changes", "field"),
    [
        pytest.param(
            ProjectFactory,
            {"status": ProjectStatus.COMPLETED, "percent_complete": "100", "actual_completion": ""},
            "actual_completion",
            id="completed-project-without-actual-completion",
        ),
        pytest.param(ProjectFactory, {"percent_complete": "150"}, "percent_complete", id="project-percent-150"),
        pytest.param(
            ProjectFactory,
            {"planned_start": "2026-06-01", "planned_completion": "2026-05-31"},
            "planned_completion",
            id="project-completion-before-start",
        ),
        pytest.param(ProgressUpdateFactory, {"percent": "150"}, "percent", id="progress-update-percent-150"),
        pytest.param(SiteFactory, {"latitude": "95"}, "latitude", id="site-latitude-95"),
        pytest.param(SiteFactory, {"longitude": ""}, "longitude", id="site-latitude-without-longitude"),
        pytest.param(ActivityFactory, {"sessions": "0"}, "sessions", id="activity-held-zero-times"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_changes_nothing(admin_client, make, changes, field):
    obj = make()
    before = snapshot(obj)
    data = {**form_data(admin_client.get(change_url(obj))), **changes}

    response = admin_client.post(change_url(obj), data)

    assert_refused_at_field(response, field)
    assert snapshot(obj) == before


def test_unchanged_change_form_saves(admin_client):
    site = SiteFactory()
    add_site_rows(site, 1)
    data = {**form_data(admin_client.get(change_url(site))), "name": "新名字"}

    response = admin_client.post(change_url(site), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    site.refresh_from_db()
    assert site.name == "新名字"


def test_photo_with_two_subjects_is_refused(admin_client):
    photo = PhotoFactory()
    data = {**form_data(admin_client.get(change_url(photo))), "project": ProjectFactory().pk}

    response = admin_client.post(change_url(photo), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    assert Photo.objects.get(pk=photo.pk).project is None


# --- District scope -----------------------------------------------------------------


def test_district_editor_sees_only_their_districts_sites(client, district_editor, district, other_district):
    own = SiteFactory(belt__district=district)
    foreign = SiteFactory(belt__district=other_district)
    client.force_login(district_editor)

    response = client.get(admin_url(Site, "changelist"))

    assert list(response.context["cl"].result_list) == [own]
    assert client.get(change_url(foreign)).status_code == 404


def test_district_editor_cannot_put_a_site_on_another_districts_belt(client, district_editor, other_district):
    foreign_belt = BeltFactory(district=other_district)
    client.force_login(district_editor)
    data = {**form_data(client.get(admin_url(Site, "add"))), "belt": foreign_belt.pk, "sequence": "1", "name": "x"}

    response = client.post(admin_url(Site, "add"), data)

    assert_refused_at_field(response, "belt")
    assert not Site.objects.exists()


def test_belt_autocomplete_offers_a_district_editor_only_their_belts(client, district_editor, district, other_district):
    own = BeltFactory(district=district)
    BeltFactory(district=other_district)
    client.force_login(district_editor)

    response = client.get(
        "/admin/autocomplete/", {"app_label": "sites", "model_name": "site", "field_name": "belt", "term": ""}
    )

    assert [result["id"] for result in response.json()["results"]] == [str(own.pk)]


# --- Computed columns and filters ---------------------------------------------------


def test_site_changelist_shows_progress_from_the_queryset_rollup(admin_client):
    site = SiteFactory()
    ProjectFactory(site=site, percent_complete=40)
    ProjectFactory(site=site, percent_complete=80)

    response = admin_client.get(admin_url(Site, "changelist"))

    html = response.content.decode()
    assert '<meter min="0" max="100" value="60" title="60%"></meter> 60%' in html


@pytest.fixture
def schedule(monkeypatch):
    """Projects in each schedule state as of TODAY, which the project admin takes as its today."""
    monkeypatch.setattr(ProjectAdmin, "get_today", lambda self, request: TODAY)
    start = datetime.date(2026, 1, 1)
    return {
        "overdue": ProjectFactory(planned_start=start, planned_completion=datetime.date(2026, 11, 1)),
        "at_risk": ProjectFactory(
            planned_start=start, planned_completion=datetime.date(2026, 12, 15), percent_complete=10
        ),
        "on_track": ProjectFactory(
            planned_start=start, planned_completion=datetime.date(2026, 12, 15), percent_complete=99
        ),
        "completed": ProjectFactory(
            planned_start=start,
            planned_completion=datetime.date(2026, 10, 1),
            actual_completion=datetime.date(2026, 10, 8),
            status=ProjectStatus.COMPLETED,
            percent_complete=100,
        ),
    }


def test_project_changelist_flags_overdue_and_at_risk_projects(admin_client, schedule):
    response = admin_client.get(admin_url(Project, "changelist"))

    flags = {project.pk: (project.is_overdue, project.is_at_risk) for project in response.context["cl"].result_list}
    assert flags == {
        schedule["overdue"].pk: (True, False),
        schedule["at_risk"].pk: (False, True),
        schedule["on_track"].pk: (False, False),
        schedule["completed"].pk: (False, False),
    }


@pytest.mark.parametrize("state", ["overdue", "at_risk"])
def test_project_schedule_filter_keeps_only_projects_in_that_state(admin_client, schedule, state):
    response = admin_client.get(admin_url(Project, "changelist"), {"schedule": state})

    assert list(response.context["cl"].result_list) == [schedule[state]]


def test_milestone_filter_keeps_overdue_milestones(admin_client):
    late = MilestoneFactory(due_date=datetime.date(2000, 1, 31))
    MilestoneFactory(due_date=datetime.date(2000, 1, 31), done_date=datetime.date(2000, 1, 30))
    MilestoneFactory(due_date=datetime.date(2999, 1, 31))

    response = admin_client.get(admin_url(Milestone, "changelist"), {"state": "overdue"})

    assert list(response.context["cl"].result_list) == [late]


def test_photo_preview_escapes_the_caption(admin_client):
    site = SiteFactory()
    PhotoFactory(site=site, caption='"><script>alert(1)</script>')

    for url in (admin_url(Photo, "changelist"), change_url(site)):
        html = admin_client.get(url).content.decode()
        assert "<script>alert(1)" not in html
        assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_project_inline_links_to_the_projects_own_page(admin_client):
    project = ProjectFactory()

    html = admin_client.get(change_url(project.site)).content.decode()

    assert f'href="{change_url(project)}"' in html


def test_new_progress_update_is_signed_by_its_author(admin_client):
    project = ProjectFactory()
    data = form_data(admin_client.get(change_url(project)))
    data.update(
        {
            "progress_updates-TOTAL_FORMS": "1",
            "progress_updates-0-date": "2026-04-08",
            "progress_updates-0-percent": "40",
            "progress_updates-0-note": "主体完工",
        }
    )

    response = admin_client.post(change_url(project), data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    assert project.progress_updates.get().author.username == "admin"


def test_photo_uploaded_in_the_site_form_is_saved(admin_client):
    site = SiteFactory()
    data = {
        **form_data(admin_client.get(change_url(site))),
        "photos-TOTAL_FORMS": "1",
        "photos-0-caption": "外景",
        "photos-0-order": "0",
    }
    image = PhotoFactory.build().image
    image.open()
    data["photos-0-image"] = SimpleUploadedFile("IMG_0001.JPG", image.read(), content_type="image/jpeg")

    response = admin_client.post(change_url(site), data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    photo = site.photos.get()
    assert (photo.caption, photo.width, photo.height) == ("外景", 64, 48)


def test_site_and_its_photo_can_be_added_together(admin_client, district):
    belt = BeltFactory(district=district)
    data = {**form_data(admin_client.get(admin_url(Site, "add"))), "belt": belt.pk, "sequence": "1", "name": "串珠"}
    data.update({"photos-TOTAL_FORMS": "1", "photos-0-caption": "外景", "photos-0-order": "0"})
    image = PhotoFactory.build().image
    image.open()
    data["photos-0-image"] = SimpleUploadedFile("IMG_0001.JPG", image.read(), content_type="image/jpeg")

    response = admin_client.post(admin_url(Site, "add"), data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][1].formset.errors
    assert Site.objects.get().photos.count() == 1
