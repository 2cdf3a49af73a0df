"""Who may do what in the admin, asked as real HTTP requests by every role of the portal.

Roles: anonymous; a district editor of district A and one of district B (users
in the group 区级管理员 linked to their district through ``District.editors``);
a committee reviewer (group 市级审核); a superuser. Each role asks every
admin page of every model for a row of district A and a row of district B, and
the answers must be exactly those of ``PERMISSIONS`` below, read through the
rules of ``expected()``. The rows are built once for the module, and each test
rolls back what it wrote.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse

from belts.models import Belt, District
from belts.roles import COMMITTEE_REVIEWER_GROUP, DISTRICT_EDITOR_GROUP
from inspections.models import FollowUp, Inspection
from sites.choices import OrganizationKind
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site
from tests.admin_helpers import admin_url, assert_refused_at_field, change_url, form_data, snapshot
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    DistrictFactory,
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
from tests.images import jpeg

pytestmark = pytest.mark.django_db

# --- The matrix ---------------------------------------------------------------------
# What each role may do with each kind of record: v(iew), a(dd), c(hange), d(elete),
# within its scope of districts. A superuser may do everything everywhere;
# anonymous visitors nothing (every admin URL sends them to the login page).
#
#                    district editor   committee reviewer
#                    (own district)    (every district)
PERMISSIONS = {
    District: ("v", "v"),
    Belt: ("vacd", "v"),
    Organization: ("vacd", "v"),
    Site: ("vacd", "v"),
    Project: ("vacd", "v"),
    Milestone: ("vacd", "v"),
    ProgressUpdate: ("vacd", "v"),
    Photo: ("vacd", "v"),
    Activity: ("vacd", "v"),
    Inspection: ("v", "vacd"),
    FollowUp: ("vc", "vacd"),
}
# Deleting these archives the row (hidden everywhere, restorable); only superusers purge it for good.
ARCHIVED_ON_DELETE = {Site, Project}
ROLES = ["anonymous", "editor A", "editor B", "reviewer", "superuser"]
SCOPES = {"editor A": {"A"}, "editor B": {"B"}, "reviewer": {"A", "B"}, "superuser": {"A", "B"}}
DISTRICTS = ("A", "B")

# The field each change POST alters, to see whether it was written.
CHANGED_FIELD = {
    District: "name",
    Belt: "name",
    Organization: "name",
    Site: "name",
    Project: "title",
    Milestone: "title",
    ProgressUpdate: "note",
    Photo: "caption",
    Activity: "title",
    Inspection: "title",
    FollowUp: "response",  # the one field a district editor may change: his district's answer
}
# The committee never writes the district's answer; it changes the task itself.
COMMITTEE_CHANGED_FIELD = {FollowUp: "task"}


def changed_field(model, role: str) -> str:
    if role == "reviewer":
        return COMMITTEE_CHANGED_FIELD.get(model, CHANGED_FIELD[model])
    return CHANGED_FIELD[model]


def permissions(role: str, model) -> str:
    if role == "anonymous":
        return ""
    if role == "superuser":
        return "vacd"
    return PERMISSIONS[model][0 if role.startswith("editor") else 1]


def expected(role: str, model) -> dict[str, str]:
    """The answer to each request of ``role`` about ``model``, from ``PERMISSIONS`` and the admin's rules.

    A missing model permission answers 403 before the row is looked up; a row
    outside the role's districts answers 404, as if it did not exist; an add
    naming another district's parent is refused by the form (200, errors,
    nothing written). "200 read" is the change page without save buttons.
    """
    deleted = "archived" if model in ARCHIVED_ON_DELETE else "deleted"
    if role == "anonymous":
        return dict.fromkeys(operations(), "login")
    perms, scope = permissions(role, model), SCOPES[role]
    answers = {
        "changelist": "200 " + "+".join(sorted(scope)) if "v" in perms else "403",
        "add form": "200" if "a" in perms else "403",
    }
    for district in DISTRICTS:
        mine = district in scope
        answers |= {
            f"view {district}": ("200 edit" if "c" in perms else "200 read") if mine else "404",
            f"history {district}": "200" if mine else "404",
            f"add in {district}": ("created" if mine else "refused") if "a" in perms else "403",
            f"change {district}": ("saved" if mine else "404") if "c" in perms else "403",
            f"delete form {district}": ("200" if mine else "404") if "d" in perms else "403",
            f"delete {district}": (deleted if mine else "404") if "d" in perms else "403",
        }
    return answers


def operations() -> list[str]:
    # GETs first, then the writes; a row is deleted last.
    per_district = ["view", "history", "add in", "change", "delete form", "delete"]
    return ["changelist", "add form"] + [f"{op} {d}" for op in per_district for d in DISTRICTS]


# --- The rows, built once -----------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)  # (model, "A"|"B") → the row new rows hang from
    subjects: dict = field(default_factory=dict)  # (model, "A"|"B") → the row viewed, changed and deleted
    district_of: dict = field(default_factory=dict)  # (model, pk) → "A"|"B"
    add_forms: dict = field(default_factory=dict)  # model → what the add form posts unchanged
    change_forms: dict = field(default_factory=dict)  # (model, "A"|"B") → what the subject's change form posts

    def rows(self, model, district: str) -> set[int]:
        return {pk for (row_model, pk), label in self.district_of.items() if row_model is model and label == district}


def editor_of(district: District, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=DISTRICT_EDITOR_GROUP))
    district.editors.add(user)
    return user


def posted(response) -> dict:
    """``form_data`` of the rendered form without its empty values, which a browser would leave out as well.

    (``form_data`` posts "" for an empty multiple choice, e.g. a district's editors, which the field refuses.)
    """
    return {name: value for name, value in form_data(response).items() if value != ""}


def build_world() -> World:
    world = World()
    for label, (name, code) in zip(DISTRICTS, [("仓山区", "350104"), ("鼓楼区", "350102")], strict=True):
        district = DistrictFactory(name=name, code=code)
        editor = editor_of(district, f"editor-{label.lower()}")
        world.users[f"editor {label}"] = editor
        belt = BeltFactory(district=district)
        organization = OrganizationFactory(district=district)
        site = SiteFactory(belt=belt, organization=organization)
        project = ProjectFactory(site=site)
        inspection = InspectionFactory(belt=belt)
        parents = {
            District: district,
            Belt: belt,
            Organization: organization,
            Site: site,
            Project: project,
            ProgressUpdate: ProgressUpdateFactory(project=project),
            Inspection: inspection,
        }
        # Subjects hang from the parents and have nothing under them, so that deleting them is allowed.
        empty_district = DistrictFactory()
        empty_district.editors.add(editor)
        subjects = {
            District: empty_district,
            Belt: BeltFactory(district=district),
            Organization: OrganizationFactory(district=district),
            Site: SiteFactory(belt=belt, organization=organization),
            Project: ProjectFactory(site=site),
            Milestone: MilestoneFactory(project=project),
            ProgressUpdate: ProgressUpdateFactory(project=project),
            Photo: PhotoFactory(site=site),
            Activity: ActivityFactory(site=site),
            Inspection: InspectionFactory(belt=belt),
            FollowUp: FollowUpFactory(inspection=inspection, site=site),
        }
        for model, row in [*parents.items(), *subjects.items()]:
            world.district_of[(model, row.pk)] = label
        world.parents |= {(model, label): row for model, row in parents.items()}
        world.subjects |= {(model, label): row for model, row in subjects.items()}
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    world.users |= {"reviewer": reviewer, "superuser": UserFactory(username="root", is_staff=True, is_superuser=True)}

    # The forms as a superuser's browser would post them back; each role then posts the same data.
    client = Client()
    client.force_login(world.users["superuser"])
    for model in PERMISSIONS:
        world.add_forms[model] = posted(client.get(admin_url(model, "add")))
        for label in DISTRICTS:
            subject = world.subjects[(model, label)]
            data = posted(client.get(change_url(subject)))
            for name in {CHANGED_FIELD[model], COMMITTEE_CHANGED_FIELD.get(model, CHANGED_FIELD[model])}:
                data[name] = f"{data.get(name, '')}改"[:50]
            world.change_forms[(model, label)] = data
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The rows of districts A and B and the users of every role, kept for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def new_row(world: World, model, district: str) -> dict:
    """The fields of a new row of ``model`` in ``district``, as typed into its add form."""
    parent = world.parents.get
    rows = {
        District: lambda: {"name": f"新区{district}", "code": f"35019{DISTRICTS.index(district)}"},
        Belt: lambda: {"district": parent((District, district)).pk, "name": f"新示范带{district}", "slug": ""},
        Organization: lambda: {
            "district": parent((District, district)).pk,
            "name": f"新承办单位{district}",
            "kind": OrganizationKind.COMMUNITY,
        },
        Site: lambda: {"belt": parent((Belt, district)).pk, "sequence": "90", "name": f"新串珠{district}"},
        Project: lambda: {"site": parent((Site, district)).pk, "title": f"新项目{district}"},
        Milestone: lambda: {"project": parent((Project, district)).pk, "title": "新节点", "due_date": "2026-06-30"},
        ProgressUpdate: lambda: {"project": parent((Project, district)).pk, "date": "2026-04-08", "percent": "60"},
        Photo: lambda: {"site": parent((Site, district)).pk, "image": jpeg()},
        Activity: lambda: {"site": parent((Site, district)).pk, "date": "2026-03-01", "title": "新活动"},
        Inspection: lambda: {
            "belt": parent((Belt, district)).pk,
            "date": "2026-04-08",
            "title": "新调研",
            "inspecting_body": "市委两新工委",
            "leader_name": "陈有飞",
        },
        FollowUp: lambda: {
            "inspection": parent((Inspection, district)).pk,
            "task": "新任务",
            "responsible_person": "区委两新工委",
            "deadline": "2026-04-30",
        },
    }
    return {**world.add_forms[model], **rows[model]()}


# --- Asking -------------------------------------------------------------------------


def client_for(world: World, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def answer(response, *, done: bool | None = None, done_as: str = "") -> str:
    """A response as the matrix writes it: "login", "403", "404", or for a write, what became of it."""
    if is_login_redirect(response):
        return "login"
    if response.status_code == 302 and done:
        return done_as
    if response.status_code == 200 and done is False and response.context["errors"]:
        return "refused"
    return f"{response.status_code} and written" if done else str(response.status_code)


def ask(world: World, role: str, model) -> dict[str, str]:
    client = client_for(world, role)
    answers = {}

    response = client.get(admin_url(model, "changelist"))
    answers["changelist"] = answer(response)
    if response.status_code == 200:
        listed = {world.district_of.get((model, row.pk), "?") for row in response.context["cl"].result_list}
        answers["changelist"] += " " + "+".join(sorted(listed))
    answers["add form"] = answer(client.get(admin_url(model, "add")))

    for district in DISTRICTS:
        subject = world.subjects[(model, district)]
        response = client.get(change_url(subject))
        answers[f"view {district}"] = answer(response)
        if response.status_code == 200:
            answers[f"view {district}"] += " edit" if b'name="_save"' in response.content else " read"
        answers[f"history {district}"] = answer(client.get(admin_url(model, "history", subject.pk)))

    for district in DISTRICTS:
        count = model._default_manager.count()
        response = client.post(admin_url(model, "add"), new_row(world, model, district))
        answers[f"add in {district}"] = answer(response, done=model._default_manager.count() > count, done_as="created")

    for district in DISTRICTS:
        subject = world.subjects[(model, district)]
        name = changed_field(model, role)
        data = world.change_forms[(model, district)]
        response = client.post(change_url(subject), data)
        written = getattr(model._default_manager.get(pk=subject.pk), name) == data[name]
        answers[f"change {district}"] = answer(response, done=written, done_as="saved")

    for district in DISTRICTS:
        subject = world.subjects[(model, district)]
        delete_url = admin_url(model, "delete", subject.pk)
        answers[f"delete form {district}"] = answer(client.get(delete_url))
        response = client.post(delete_url, {"post": "yes"})
        row = model._default_manager.filter(pk=subject.pk).first()
        if row is not None and getattr(row, "archived_at", None) is not None:
            answers[f"delete {district}"] = answer(response, done=True, done_as="archived")
        else:
            answers[f"delete {district}"] = answer(response, done=row is None, done_as="deleted")

    return answers


# --- Tests --------------------------------------------------------------------------


def test_the_matrix_covers_every_model_in_the_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label in {"belts", "sites", "inspections"}}
    assert registered == set(PERMISSIONS)


@pytest.mark.parametrize("model", PERMISSIONS, ids=lambda model: model._meta.model_name)
@pytest.mark.parametrize("role", ROLES)
def test_role_may_do_exactly_what_the_matrix_allows(world, role, model):
    assert ask(world, role, model) == expected(role, model)


# --- Autocompletes ------------------------------------------------------------------

# Every foreign key offered through an autocomplete: (app, model, field) → the model it offers.
AUTOCOMPLETES = {
    ("sites", "site", "belt"): Belt,
    ("sites", "site", "organization"): Organization,
    ("sites", "project", "site"): Site,
    ("sites", "milestone", "project"): Project,
    ("sites", "progressupdate", "project"): Project,
    ("sites", "photo", "site"): Site,
    ("sites", "photo", "project"): Project,
    ("sites", "photo", "progress_update"): ProgressUpdate,
    ("sites", "activity", "site"): Site,
    ("inspections", "inspection", "belt"): Belt,
    ("inspections", "followup", "inspection"): Inspection,
    ("inspections", "followup", "site"): Site,
}


def test_every_autocomplete_of_the_admin_is_in_the_matrix():
    declared = {
        (model._meta.app_label, model._meta.model_name, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.autocomplete_fields
    }
    assert declared == set(AUTOCOMPLETES)


@pytest.mark.parametrize("role", ROLES)
def test_autocompletes_offer_exactly_the_rows_of_the_roles_districts(world, role):
    client = client_for(world, role)
    answers, wanted = {}, {}
    for (app_label, model_name, field_name), offered in AUTOCOMPLETES.items():
        key = f"{model_name}.{field_name}"
        params = {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": ""}
        response = client.get(reverse("admin:autocomplete"), params)
        if response.status_code == 200:
            ids = {int(result["id"]) for result in response.json()["results"]}
            answers[key] = {district for district in DISTRICTS if ids & world.rows(offered, district)}
            assert ids <= world.rows(offered, "A") | world.rows(offered, "B"), key
        else:
            answers[key] = answer(response)
        wanted[key] = "login" if role == "anonymous" else SCOPES[role]
    assert answers == wanted


# --- Forged posts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "changes", "field_name"),
    [
        pytest.param(Site, lambda w: {"belt": w.parents[(Belt, "B")].pk}, "belt", id="site-on-b-belt"),
        pytest.param(
            Site, lambda w: {"organization": w.parents[(Organization, "B")].pk}, "organization", id="site-of-b-host"
        ),
        pytest.param(
            Organization, lambda w: {"district": w.parents[(District, "B")].pk}, "district", id="organization-in-b"
        ),
        pytest.param(Project, lambda w: {"site": w.parents[(Site, "B")].pk}, "site", id="project-on-b-site"),
        pytest.param(Photo, lambda w: {"site": w.parents[(Site, "B")].pk}, "site", id="photo-of-b-site"),
        pytest.param(
            Milestone, lambda w: {"project": w.parents[(Project, "B")].pk}, "project", id="milestone-of-b-project"
        ),
    ],
)
def test_editor_a_cannot_add_a_row_under_district_bs_parent(world, model, changes, field_name):
    client = client_for(world, "editor A")
    count = model._default_manager.count()

    response = client.post(admin_url(model, "add"), {**new_row(world, model, "A"), **changes(world)})

    assert_refused_at_field(response, field_name)
    assert model._default_manager.count() == count


@pytest.mark.parametrize(
    ("model", "changes", "field_name"),
    [
        pytest.param(Site, lambda w: {"belt": w.parents[(Belt, "B")].pk}, "belt", id="site-to-b-belt"),
        pytest.param(Project, lambda w: {"site": w.parents[(Site, "B")].pk}, "site", id="project-to-b-site"),
    ],
)
def test_editor_a_cannot_move_a_row_into_district_b(world, model, changes, field_name):
    client = client_for(world, "editor A")
    subject = world.subjects[(model, "A")]
    before = snapshot(subject)

    response = client.post(change_url(subject), {**world.change_forms[(model, "A")], **changes(world)})

    assert_refused_at_field(response, field_name)
    assert snapshot(subject) == before


def test_editor_a_cannot_move_a_followup_to_a_b_inspection(world):
    # For a district editor everything of a task but the answer is read-only: a forged value is ignored.
    client = client_for(world, "editor A")
    subject = world.subjects[(FollowUp, "A")]
    before = snapshot(subject)
    forged = {**world.change_forms[(FollowUp, "A")], "inspection": world.parents[(Inspection, "B")].pk}
    forged["response"] = before["response"]

    client.post(change_url(subject), forged)

    assert snapshot(subject)["inspection"] == before["inspection"]


def test_editor_a_cannot_change_a_b_project_through_the_inline_of_an_a_site(world):
    client = client_for(world, "editor A")
    site, foreign = world.parents[(Site, "A")], world.parents[(Project, "B")]
    before = snapshot(foreign)
    data = form_data(client.get(change_url(site)))
    data |= {
        "projects-TOTAL_FORMS": "1",
        "projects-INITIAL_FORMS": "1",
        "projects-0-id": str(foreign.pk),
        "projects-0-site": str(site.pk),
        "projects-0-title": "改到别区",
        "projects-0-status": foreign.status,
        "projects-0-percent_complete": "0",
    }

    client.post(change_url(site), data)

    # Django takes the unknown row id for a new row of the A site, at worst; B's project stays as it was.
    assert snapshot(foreign) == before


def test_reviewer_sees_a_sites_record_without_inputs_or_save_buttons(world):
    client = client_for(world, "reviewer")

    html = client.get(change_url(world.parents[(Site, "B")])).content.decode()

    assert 'name="_save"' not in html and 'name="_continue"' not in html
    assert 'name="name"' not in html and 'name="projects-0-title"' not in html


def test_roles_get_their_permissions_from_the_groups_only(world):
    for role, group in [("editor A", DISTRICT_EDITOR_GROUP), ("editor B", DISTRICT_EDITOR_GROUP)]:
        user = world.users[role]
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.user_permissions.exists()
        assert set(user.districts.values_list("pk", flat=True)) == {
            world.parents[(District, role[-1])].pk,
            world.subjects[(District, role[-1])].pk,
        }
    reviewer = world.users["reviewer"]
    assert list(reviewer.groups.values_list("name", flat=True)) == [COMMITTEE_REVIEWER_GROUP]
    assert not reviewer.user_permissions.exists() and not reviewer.districts.exists()
