"""Who may do what through the API, asked as real HTTP requests by every role of the portal.

Roles: anonymous; a district editor of district A and one of district B (users
in the group 区级管理员 linked to their districts through ``District.editors``);
a committee reviewer (group 市级审核); a superuser. Each role sends every method
to every endpoint, about rows of district A (published and draft) and, for
reads, of district B too; the answer must be exactly the status that
``expected()`` derives from the rules below, and a refused write must have
written nothing. The rows are built once for the module, and each test rolls
back what it wrote.

The rules, as the API implements them (``belts/api/base.py``):

- Reads follow ``visible_to(user)``: anonymous visitors see published rows; a
  district editor sees his districts' rows, drafts included, and nothing of
  another district, not even its published rows (404); the committee reviewer
  and the superuser see everything. Inspections and follow-ups are internal:
  anonymous visitors get 401.
- Writes: anonymous visitors get 401, before anything else. A method an
  endpoint does not offer (DELETE anywhere, PUT and PATCH on append-only and
  read-only endpoints) answers 405 to any signed-in user. The reviewer holds no
  add or change permission on belts, organisations, sites, projects, progress
  updates or photos: 403. A district editor adds and changes his districts'
  rows; a new row pointing at another district's parent is refused on that
  field (400); another district's row is not there (404). A stale ``version``
  answers 409.
- Follow-ups: the task's district editor (or a superuser) answers an open task;
  the reviewer (or a superuser) closes or sends back an answered one. Another
  role gets 403, another state 409.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from belts.models import Belt, District
from belts.roles import COMMITTEE_REVIEWER_GROUP, DISTRICT_EDITOR_GROUP
from config.api_router import router
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, FollowUpEvent, Inspection
from sites.choices import OrganizationKind
from sites.models import Organization, Photo, ProgressUpdate, Project, Site
from tests.admin_helpers import snapshot
from tests.factories import (
    BeltFactory,
    DistrictFactory,
    FollowUpFactory,
    InspectionFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)
from tests.images import jpeg

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor A", "editor B", "reviewer", "superuser"]
SCOPES = {"anonymous": set(), "editor A": {"A"}, "editor B": {"B"}, "reviewer": {"A", "B"}, "superuser": {"A", "B"}}
DISTRICTS = ("A", "B")
PUBLISHABLE = ("A published", "A draft", "B published", "B draft")
FOLLOWUPS = ("A open", "A answered", "A closed", "B open", "B answered", "B closed")

# --- The endpoints ------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One endpoint under /api/ and what it offers."""

    model: type
    writes: frozenset = frozenset()  # the write methods it offers: POST, PUT, PATCH
    subjects: tuple = PUBLISHABLE  # the labels of the rows built for it
    detail: tuple = PUBLISHABLE  # the rows read one by one
    written: tuple = ("A published", "A draft")  # the rows changed (all of district A)
    parent_field: str = ""  # the field naming the parent of a new row
    changed_field: str = "name"
    versioned: bool = False
    internal: bool = False  # staff only
    staff_fields: bool = False  # staff read internal fields the public does not
    steps: tuple = ()  # workflow actions (follow-ups)
    multipart: bool = False


WRITABLE = frozenset({"POST", "PUT", "PATCH"})
ENDPOINTS = {
    "districts": Endpoint(District),
    "belts": Endpoint(Belt, WRITABLE, parent_field="district_id", staff_fields=True),
    "organizations": Endpoint(Organization, WRITABLE, parent_field="district_id", staff_fields=True),
    "sites": Endpoint(Site, WRITABLE, parent_field="belt_id", versioned=True, staff_fields=True),
    "sites/geojson": Endpoint(Site, detail=()),
    "projects": Endpoint(
        Project, WRITABLE, parent_field="site_id", changed_field="title", versioned=True, staff_fields=True
    ),
    "progress-updates": Endpoint(
        ProgressUpdate, frozenset({"POST"}), written=("A published",), parent_field="project_id", changed_field="note"
    ),
    "photos": Endpoint(
        Photo,
        frozenset({"POST"}),
        written=("A published",),
        parent_field="site_id",
        changed_field="caption",
        multipart=True,
    ),
    "inspections": Endpoint(
        Inspection, subjects=DISTRICTS, detail=DISTRICTS, written=("A",), changed_field="title", internal=True
    ),
    "followups": Endpoint(
        FollowUp,
        subjects=FOLLOWUPS,
        detail=("A open", "B open"),
        written=("A open",),
        changed_field="task",
        internal=True,
        steps=("answer", "close", "send-back"),
    ),
}
STEP_TAKERS = {"answer": {"editor A", "editor B", "superuser"}, "close": {"reviewer", "superuser"}}
STEP_TAKERS["send-back"] = STEP_TAKERS["close"]
STEP_FROM = {"answer": "open", "close": "answered", "send-back": "answered"}
STEP_BODY = {
    "answer": {"response": "已按要求整改。"},
    "close": {"note": "核查属实。"},
    "send-back": {"reason": "请补充照片。"},
}


def operations(name: str) -> list[str]:
    """Every request the matrix sends to endpoint ``name``: reads, then writes, then workflow steps."""
    endpoint = ENDPOINTS[name]
    if not endpoint.detail:  # a read-only view of another endpoint's rows (the GeoJSON of the sites)
        return ["list"]
    ops = ["list", *(f"detail {label}" for label in endpoint.detail)]
    ops += [f"POST in {district}" for district in DISTRICTS] if endpoint.parent_field else ["POST"]
    ops += [f"{method} {label}" for method in ("PUT", "PATCH") for label in endpoint.written]
    if endpoint.versioned:
        ops.append(f"PATCH {endpoint.written[-1]} stale")
    ops.append(f"DELETE {endpoint.written[0]}")
    ops += [f"{step} {label}" for step in endpoint.steps for label in ("A open", "A answered", "A closed")]
    return ops


# --- The expectations ---------------------------------------------------------------


def sees(role: str, label: str) -> bool:
    """Whether ``role`` reads the row labelled ``label`` ("A published", "B draft", "A open"…)."""
    district, _, state = label.partition(" ")
    if role == "anonymous":
        return state == "published"
    return district in SCOPES[role]


def expected(name: str, role: str, op: str) -> str:
    """The answer to ``op`` on endpoint ``name`` by ``role``, from the rules in the module's docstring."""
    endpoint = ENDPOINTS[name]
    verb, _, target = op.partition(" ")
    reading = verb in ("list", "detail")
    if role == "anonymous" and (endpoint.internal or not reading):
        return "401"
    if verb == "list":
        return listed_as(label for label in endpoint.subjects if sees(role, label))
    if verb == "detail":
        if not sees(role, target):
            return "404"
        return ("200 public" if role == "anonymous" else "200 staff") if endpoint.staff_fields else "200"
    if verb in endpoint.steps:
        state = target.split()[1]
        if not sees(role, target):
            return "404"
        if role not in STEP_TAKERS[verb]:
            return "403"
        return "200" if state == STEP_FROM[verb] else "409"
    if verb not in endpoint.writes:
        return "405"
    if role == "reviewer":
        return "403"  # no add or change permission on the districts' records
    if verb == "POST":
        district = target.split()[-1]
        return "201" if role == "superuser" or district in SCOPES[role] else f"400 {endpoint.parent_field}"
    if not sees(role, target):
        return "404"
    return "409" if target.endswith("stale") else "200"


# --- The rows, built once -----------------------------------------------------------


@dataclass
class World:
    users: dict = field(default_factory=dict)
    subjects: dict = field(default_factory=dict)  # (endpoint, label) → row
    labels: dict = field(default_factory=dict)  # (model, pk) → label
    parents: dict = field(default_factory=dict)  # (endpoint, "A"|"B") → the row a new row names

    def add(self, name: str, label: str, row) -> None:
        self.subjects[(name, label)] = row
        self.labels[(type(row), row.pk)] = label


def editor_of(districts, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=DISTRICT_EDITOR_GROUP))
    for district in districts:
        district.editors.add(user)
    return user


def followup_in(inspection, site, state: str) -> FollowUp:
    now = timezone.now()
    answered = {"response": "已整改。", "answered_at": now} if state != "open" else {}
    closed = {"closed_at": now} if state == "closed" else {}
    return FollowUpFactory(inspection=inspection, site=site, status=FollowUpStatus(state), **answered, **closed)


def build_world() -> World:
    world = World()
    for label, (name, code) in zip(DISTRICTS, [("仓山区", "350104"), ("鼓楼区", "350102")], strict=True):
        district = DistrictFactory(name=name, code=code)
        # A district of the same editor without a published belt: not public.
        quiet_district = DistrictFactory()
        world.users[f"editor {label}"] = editor_of([district, quiet_district], f"editor-{label.lower()}")
        belt = BeltFactory(district=district, published=True)
        host, draft_host = OrganizationFactory(district=district), OrganizationFactory(district=district)
        site = SiteFactory(belt=belt, organization=host, published=True)
        draft_site = SiteFactory(belt=belt, organization=draft_host, published=False)
        project = ProjectFactory(site=site, published=True)
        draft_project = ProjectFactory(site=site, published=False)
        rows = {
            "districts": (district, quiet_district),
            "belts": (belt, BeltFactory(district=district, published=False)),
            "organizations": (host, draft_host),  # an organisation is public while it hosts a public site
            "sites": (site, draft_site),
            "projects": (project, draft_project),
            "progress-updates": (
                ProgressUpdateFactory(project=project),
                ProgressUpdateFactory(project=draft_project),
            ),
            "photos": (PhotoFactory(site=site), PhotoFactory(site=draft_site)),
        }
        for endpoint, (published, draft) in rows.items():
            world.add(endpoint, f"{label} published", published)
            world.add(endpoint, f"{label} draft", draft)
        inspection = InspectionFactory(belt=belt)
        world.add("inspections", label, inspection)
        for state in FollowUpStatus.values:
            world.add("followups", f"{label} {state}", followup_in(inspection, site, state))
        world.parents |= {
            ("belts", label): district,
            ("organizations", label): district,
            ("sites", label): belt,
            ("projects", label): site,
            ("progress-updates", label): project,
            ("photos", label): site,
        }
    # Versioned rows were saved once more since created: an update sending version 1 is stale.
    for model in (Site, Project):
        model.objects.update(version=2)
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    world.users |= {"reviewer": reviewer, "superuser": UserFactory(username="root", is_staff=True, is_superuser=True)}
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The rows of districts A and B and the users of every role, kept for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


# --- What is sent -------------------------------------------------------------------


def new_row(world: World, name: str, district: str) -> dict:
    """What a client sends to add a row of endpoint ``name`` under ``district``'s parent."""
    parent = world.parents.get((name, district))
    rows = {
        "districts": lambda: {"name": "新区", "code": "350199"},
        "belts": lambda: {"district_id": parent.pk, "name": f"新示范带{district}"},
        "organizations": lambda: {
            "district_id": parent.pk,
            "name": f"新承办单位{district}",
            "kind": OrganizationKind.COMMUNITY,
        },
        "sites": lambda: {"belt_id": parent.pk, "sequence": 90, "name": f"新串珠{district}"},
        "projects": lambda: {"site_id": parent.pk, "title": f"新项目{district}"},
        "progress-updates": lambda: {"project_id": parent.pk, "date": "2026-11-20", "percent": 60},
        "photos": lambda: {"site_id": parent.pk, "image": jpeg()},
        "inspections": lambda: {"belt_id": world.parents[("sites", district)].pk, "title": "新调研"},
        "followups": lambda: {"task": "新任务"},
    }
    return rows[name]()


def full_row(name: str, row) -> dict:
    """What a client sends to replace ``row`` (PUT): every required field, ``changed_field`` changed."""
    endpoint = ENDPOINTS[name]
    changed = {endpoint.changed_field: f"{getattr(row, endpoint.changed_field)}改"}
    rows = {
        "districts": lambda: {"code": row.code},
        "belts": lambda: {"district_id": row.district_id},
        "organizations": lambda: {"district_id": row.district_id, "kind": row.kind},
        "sites": lambda: {"belt_id": row.belt_id, "sequence": row.sequence},
        "projects": lambda: {"site_id": row.site_id},
        "progress-updates": lambda: {"project_id": row.project_id, "date": str(row.date), "percent": row.percent},
        "photos": lambda: {"site_id": row.site_id},
        "inspections": lambda: {"date": str(row.date)},
        "followups": lambda: {"deadline": str(row.deadline), "responsible_person": row.responsible_person},
    }
    return {**rows[name](), **changed}


# --- Asking -------------------------------------------------------------------------


def listed_as(labels) -> str:
    return "200 " + ("+".join(sorted(labels)) or "nothing")


def answer(response, *, written: bool | None = None) -> str:
    """A response as the matrix writes it: its status, the fields a 400 names, and whether a write was done.

    Every refusal must come in the API's one error shape.
    """
    status = response.status_code
    text = str(status)
    if status >= 400:
        body = response.json()
        if set(body) != {"status", "code", "message", "errors"} or body["status"] != status:
            return f"{status}, not in the error shape: {body}"
        if status == 400:
            text += " " + ",".join(sorted(body["errors"]))
    if written is not None and written != (status < 300):
        text += " and written" if written else " but not written"
    return text


def ask(world: World, client, name: str, op: str) -> str:
    endpoint = ENDPOINTS[name]
    model = endpoint.model
    verb, _, target = op.partition(" ")
    label = target.removesuffix(" stale")
    row = world.subjects.get((name, label))
    send = {"format": "multipart" if endpoint.multipart else "json"}

    if verb == "list":
        response = client.get(f"/api/{name}/")
        if response.status_code != 200:
            return answer(response)
        body = response.json()
        rows = body["features"] if "features" in body else body["results"]
        return listed_as(world.labels.get((model, item["id"]), "?") for item in rows)

    url = f"/api/{name}/{row.pk}/" if row is not None else f"/api/{name}/"
    if verb == "detail":
        response = client.get(url)
        text = answer(response)
        if response.status_code == 200 and endpoint.staff_fields:
            text += " staff" if "updated_at" in response.json() else " public"
        return text

    if verb in endpoint.steps:
        events = FollowUpEvent.objects.filter(followup=row).count()
        response = client.post(f"{url}{verb}/", STEP_BODY[verb], format="json")
        stepped = FollowUpEvent.objects.filter(followup=row).count() > events
        return answer(response, written=stepped)

    if verb == "POST":
        count = model._default_manager.count()
        data = new_row(world, name, target.split()[-1] if target else "A")
        response = client.post(url, data, **send)
        return answer(response, written=model._default_manager.count() > count)

    if verb == "DELETE":
        response = client.delete(url)
        return answer(response, written=not model._default_manager.filter(pk=row.pk).exists())

    data = full_row(name, row) if verb == "PUT" else {endpoint.changed_field: f"{row}补"[:50]}
    if endpoint.versioned:
        current = model._default_manager.values_list("version", flat=True).get(pk=row.pk)
        data["version"] = current - 1 if target.endswith("stale") else current
    response = (client.put if verb == "PUT" else client.patch)(url, data, **send)
    sent = data[endpoint.changed_field]
    return answer(response, written=getattr(model._default_manager.get(pk=row.pk), endpoint.changed_field) == sent)


# --- Tests --------------------------------------------------------------------------


def test_the_matrix_covers_every_endpoint_of_the_router():
    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert prefixes | {"sites/geojson"} == set(ENDPOINTS)


def cases():
    for name in ENDPOINTS:
        for role in ROLES:
            for op in operations(name):
                yield pytest.param(name, role, op, id=f"{name}-{role.replace(' ', '')}-{op.replace(' ', '_')}")


@pytest.mark.parametrize(("name", "role", "op"), list(cases()))
def test_role_gets_exactly_the_answer_the_matrix_expects(world, client_for, name, role, op):
    client = client_for(world.users.get(role))

    assert ask(world, client, name, op) == expected(name, role, op)


# --- Forged writes ------------------------------------------------------------------
# A client is not limited to the choices a form offers: every foreign key of a write names
# only rows the user may change, whatever else the request says.


def b_row(name: str, label: str = "B published"):
    return lambda world: world.subjects[(name, label)].pk


@pytest.mark.parametrize(
    ("name", "data", "field_name"),
    [
        pytest.param("sites", {"organization_id": b_row("organizations")}, "organization_id", id="site-of-b-host"),
        pytest.param("photos", {"project_id": b_row("projects")}, "project_id", id="photo-of-b-project"),
        pytest.param(
            "photos", {"progress_update_id": b_row("progress-updates")}, "progress_update_id", id="photo-of-b-update"
        ),
    ],
)
def test_editor_a_cannot_add_a_row_naming_a_b_row(world, client_for, name, data, field_name):
    client = client_for(world.users["editor A"])
    model = ENDPOINTS[name].model
    count = model._default_manager.count()
    body = {**new_row(world, name, "A"), **{key: value(world) for key, value in data.items()}}
    if name == "photos":
        del body["site_id"]

    response = client.post(f"/api/{name}/", body, format="multipart" if name == "photos" else "json")

    assert answer(response) == f"400 {field_name}"
    assert model._default_manager.count() == count


@pytest.mark.parametrize(
    ("name", "data", "field_name"),
    [
        pytest.param("belts", {"district_id": lambda w: w.parents[("belts", "B")].pk}, "district_id", id="belt-to-b"),
        pytest.param(
            "organizations",
            {"district_id": lambda w: w.parents[("organizations", "B")].pk},
            "district_id",
            id="organization-to-b",
        ),
        pytest.param("sites", {"belt_id": lambda w: w.parents[("sites", "B")].pk}, "belt_id", id="site-to-b-belt"),
        pytest.param("sites", {"organization_id": b_row("organizations")}, "organization_id", id="site-to-b-host"),
        pytest.param("projects", {"site_id": lambda w: w.parents[("projects", "B")].pk}, "site_id", id="project-to-b"),
    ],
)
def test_editor_a_cannot_move_a_row_into_district_b(world, client_for, name, data, field_name):
    client = client_for(world.users["editor A"])
    endpoint = ENDPOINTS[name]
    row = world.subjects[(name, "A draft")]
    before = snapshot(row)
    body = {key: value(world) for key, value in data.items()}
    if endpoint.versioned:
        body["version"] = endpoint.model._default_manager.get(pk=row.pk).version

    response = client.patch(f"/api/{name}/{row.pk}/", body, format="json")

    assert answer(response) == f"400 {field_name}"
    assert snapshot(row) == before
