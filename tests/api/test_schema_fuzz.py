"""The whole API fuzzed against its own OpenAPI description (schemathesis, in-process over WSGI).

The description is the one ``/api/schema/`` serves, made by its generator at
collection (the URL itself needs the database, which collection may not use;
``tests/api/test_schema.py`` pins that both are equal). Every operation in it
becomes one test per caller: anonymous, a superuser's token and a district
editor's token. Each test sends generated requests, valid and invalid
(``mode: all``), through ``config.wsgi.application``, and each answer must

- not be a server error (no 5xx),
- have a status code the operation documents,
- have a content type the operation documents for that status,
- have a body (and documented headers) matching the schema for that status.

The other default checks of schemathesis are left out on purpose:

- ``positive_data_acceptance``: schema-valid input is refused, rightly, when a
  generated id names no row (404), a row outside the caller's districts (404), a
  stale ``version`` (409), a rule of the model the schema cannot state (a site
  published without coordinates, a project finishing before it starts: 400) or a
  workflow step the task's state or the caller's role forbids (403/409).
- ``negative_data_rejection``: the API accepts some input the schema calls
  invalid, as HTTP clients expect: unknown fields and query parameters are
  ignored, and a number sent as a string (``"3"``) is read as a number.
- ``ignored_auth``: it expects every operation with a security scheme to refuse
  a request without credentials, but the open reads answer anyone.
- ``missing_required_header``, ``unsupported_method``, ``use_after_free``,
  ``ensure_resource_availability``: they judge cases of the coverage and stateful
  phases (missing headers, methods the schema does not list, a record used after
  its deletion), which this bounded run does not take; the API deletes nothing,
  and tests/api/test_errors.py pins the 405s.

The run is deterministic (fixed seed, derandomized Hypothesis, no example
database) and sized for CI on 2 cores. To dig deeper locally: ``FUZZ_MAX_EXAMPLES``
(default 20 per operation and caller), ``FUZZ_SEED`` and ``FUZZ_COVERAGE=1`` (adds
schemathesis' coverage phase: boundary values, missing and wrong-typed fields).
Throttling is off in test settings (config/settings/test.py).

Seeding: the demo belt plus a second district, loaded once for the module in a
transaction rolled back at its end; every request runs in a savepoint rolled back
after it, so each sees exactly the seeded rows. Generated ids (in paths, filters
and bodies) are swapped half the time for ids of seeded rows, so that requests
reach real records, of the editor's district and of the other one.
"""

import datetime
import io
import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from belts.models import Belt, District
from config.wsgi import application
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection
from sites.models import Organization, Photo, ProgressUpdate, Project, Site
from tests.factories import (
    BeltFactory,
    DistrictFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionSiteFactory,
    OrganizationFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
    UserFactory,
)

# The suite's fixed "today" (tests/conftest.py): the demo is loaded as it reads on that day.
AS_OF = datetime.date(2026, 11, 29)
SEED = int(os.environ.get("FUZZ_SEED", "20261129"))
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "20"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": os.environ.get("FUZZ_COVERAGE") == "1"},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)


def served_schema() -> dict:
    """The document ``/api/schema/`` serves, made by its generator (no database needed, so usable at collection).

    ``tests/api/test_schema.py::test_the_served_schema_is_the_generated_one`` pins that it equals what the
    URL answers.
    """
    return SchemaGenerator(urlconf=None).get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(served_schema(), config=CONFIG)
schema.app = application


@dataclass
class Seeded:
    """Tokens of the callers and, per resource, ids of real rows (visible or not to a given caller)."""

    tokens: dict[str, str]
    ids: dict[str, list[int]] = field(default_factory=dict)


# Filled by the module's seeding fixture; read by the hooks below while cases are drawn.
SEEDED_IDS: dict[str, list[int]] = {}

# Which resource an id names: the path's first segment, a query parameter or a body field.
RESOURCE_OF = {
    "district": "districts",
    "district_id": "districts",
    "belt": "belts",
    "belt_id": "belts",
    "organization_id": "organizations",
    "site": "sites",
    "site_id": "sites",
    "project": "projects",
    "project_id": "projects",
    "progress_update": "progress-updates",
    "progress_update_id": "progress-updates",
}


def _seeded(names: dict[str, str]) -> dict[str, list]:
    """For each parameter or field name, the ids of the seeded rows of the resource it names."""
    return {name: SEEDED_IDS.get(resource, []) for name, resource in names.items()}


def _sometimes_known(values, candidates: dict[str, list]) -> st.SearchStrategy:
    """``values`` as generated, or with some named entries replaced by known good values (each half the time)."""
    if not isinstance(values, dict):
        return st.just(values)
    choices = {name: known for name, known in candidates.items() if known and name in values}
    if not choices:
        return st.just(values)
    replaced = st.fixed_dictionaries(
        {name: st.one_of(st.just(values[name]), st.sampled_from(known)) for name, known in choices.items()}
    )
    return replaced.map(lambda known: {**values, **known})


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _sometimes_known(path_parameters, _seeded({"id": context.operation.path.split("/")[2]}))


@schema.hook
def flatmap_query(context, query):
    return _sometimes_known(query, _seeded(RESOURCE_OF))


@schema.hook
def flatmap_body(context, body):
    # Seeded rows are at version 1 until someone saves them: an update sending it gets through.
    return _sometimes_known(body, {**_seeded(RESOURCE_OF), "version": [1]})


def _seed() -> Seeded:
    """The demo belt (Cangshan district), a second district with its own records, and two token holders."""
    call_command("load_demo", as_of=AS_OF, stdout=io.StringIO())
    cangshan = District.objects.get(code="350104")

    gulou = DistrictFactory(name="鼓楼区", code="350102")
    belt = BeltFactory(district=gulou, name="三坊七巷示范带", slug="sanfang-qixiang")
    site = SiteFactory(belt=belt, organization=OrganizationFactory(district=gulou))
    SiteFactory(belt=belt, published=False, organization=None)
    project = ProjectFactory(site=site, planned_completion=datetime.date(2026, 10, 1))
    ProjectFactory(site=site, published=False)
    update = ProgressUpdateFactory(project=project)
    PhotoFactory(site=site)
    PhotoFactory(site=None, progress_update=update)
    inspection = InspectionFactory(belt=belt)
    InspectionSiteFactory(inspection=inspection, site=site)
    FollowUpFactory(inspection=inspection, site=site)
    FollowUpFactory(
        inspection=inspection,
        status=FollowUpStatus.ANSWERED,
        response="已整改。",
        answered_at=datetime.datetime(2026, 4, 28, 9, 0, tzinfo=datetime.UTC),
    )
    demo_site = Site.objects.filter(belt__district=cangshan).first()
    PhotoFactory(site=demo_site)

    superuser = UserFactory(username="fuzz-root", is_staff=True, is_superuser=True)
    editor = UserFactory(username="fuzz-cangshan", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["belts", "sites", "inspections"]).exclude(
            codename="view_all_districts"
        )
    )
    cangshan.editors.add(editor)

    tokens = {user.username: Token.objects.create(user=user).key for user in (superuser, editor)}
    ids = {
        "districts": District.objects.all(),
        "belts": Belt.objects.all(),
        "organizations": Organization.objects.all(),
        "sites": Site.objects.all(),
        "projects": Project.objects.all(),
        "progress-updates": ProgressUpdate.objects.all(),
        "photos": Photo.objects.all(),
        "inspections": Inspection.objects.all(),
        "followups": FollowUp.objects.all(),
    }
    return Seeded(
        tokens={"superuser": tokens["fuzz-root"], "district_editor": tokens["fuzz-cangshan"]},
        ids={resource: sorted(rows.values_list("pk", flat=True)) for resource, rows in ids.items()},
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeds once for the module, inside a transaction rolled back at its end; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = _seed()
        SEEDED_IDS.update(data.ids)
        yield data
        SEEDED_IDS.clear()
        transaction.set_rollback(True)


@pytest.fixture
def in_process(seeded, db):
    """Requests reach the application in this thread, on the test's connection and inside its transaction.

    Django closes "old" connections when a request starts and finishes; inside the
    test's transaction that would poison it, so those handlers are off meanwhile (as
    Django's own test client does).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "superuser", "district_editor"])
def caller_headers(request, seeded) -> dict[str, str]:
    """The caller's headers: his token if he has one. Answers come uncompressed: the in-process
    client would hand GZipMiddleware's output undecoded to the checks."""
    headers = {"Accept-Encoding": "identity"}
    token = seeded.tokens.get(request.param)
    if token:
        headers["Authorization"] = f"Token {token}"
    return headers


@schema.parametrize()
# Each request runs in a savepoint rolled back after it, so the fixtures need no reset between examples;
# how fast cases are generated on a busy machine is not under test.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_api_answers_as_described(case, in_process, caller_headers):
    with transaction.atomic():
        case.call_and_validate(headers=caller_headers, checks=CHECKS)
        transaction.set_rollback(True)
