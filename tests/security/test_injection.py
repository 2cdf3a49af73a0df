"""No request value reaches SQL except as a bound parameter, and the filters answer hostile values plainly.

Escaping in pages is proven in test_escaping.py; formulas in exported spreadsheets in
tests/sites/test_spreadsheets.py and tests/inspections/test_progress_export.py.
"""

import ast
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("accounts", "belts", "config", "demo", "inspections", "portal", "sites")
REQUEST_DATA = ("GET", "POST", "data", "query_params", "FILES", "COOKIES", "META", "headers")
RAW_SQL = {"raw", "extra", "execute", "executemany", "RawSQL"}


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def mentions_request_data(node: ast.AST) -> bool:
    return any(isinstance(child, ast.Attribute) and child.attr in REQUEST_DATA for child in ast.walk(node))


def test_no_request_values_are_splatted_into_a_call():
    """``Site.objects.filter(**request.GET)`` would let a visitor choose the lookups, even across relations."""
    offenders = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg is None and mentions_request_data(keyword.value):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_sql_written_by_hand_is_never_built_from_strings_at_run_time():
    """Hand-written SQL, where there is any, is a constant: values go in as bound parameters."""
    offenders = []
    for path in source_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in RAW_SQL and not isinstance(node.args[0], ast.Constant):
                offenders.append(f"{path.relative_to(ROOT)}:{ast.unparse(node)}")
    # The one exception: ANALYZE of the generator's own table names, no request anywhere near.
    assert offenders == ["demo/scale/__init__.py:cursor.execute(f'ANALYZE {tables}')"]


@pytest.mark.parametrize(
    "value",
    ["' OR '1'='1", "1; DROP TABLE sites_site; --", "%' UNION SELECT password FROM auth_user --", "\\x00", "名称%_"],
)
def test_a_hostile_search_finds_nothing_and_breaks_nothing(value):
    SiteFactory(name="仓山区文化站", published=True)
    api = APIClient()

    response = api.get("/api/sites/", {"search": value})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert api.get("/api/sites/").json()["count"] == 1


def test_a_nul_character_is_refused_by_name_before_it_reaches_the_database():
    response = APIClient().get("/api/sites/", {"search": "nul\x00byte"})

    assert response.status_code == 400
    assert "search" in response.json()["errors"]


@pytest.mark.parametrize("ordering", ["name; DROP TABLE sites_site", "password", "belt__district__editors__password"])
def test_ordering_accepts_only_the_documented_fields(ordering):
    SiteFactory(published=True)

    response = APIClient().get("/api/sites/", {"ordering": ordering})

    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


@pytest.mark.parametrize("lookup", ["belt__district__editors__password__startswith", "published", "id__gt"])
def test_unknown_query_parameters_are_no_lookups(lookup):
    """A parameter that is not a declared filter is ignored: it cannot reach a draft or another field."""
    SiteFactory(published=True)
    SiteFactory(published=False)

    response = APIClient().get("/api/sites/", {lookup: "false" if lookup == "published" else "0"})

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    "path",
    [
        "/admin/sites/project/?status=%00",
        "/admin/sites/site/?status=a%00",
        "/admin/belts/belt/?q=%00",
        "/admin/inspections/followup/?status%00=open",
        "/search/?q=a%00b",
        "/inspections/tasks/?search=%00",
        "/progress/?district=%00",
    ],
)
def test_a_nul_character_in_an_address_gets_a_400_page_saying_so(client, superuser, path):
    client.force_login(superuser)

    response = client.get(path)

    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_a_nul_character_in_an_api_address_gets_a_400_in_the_error_shape():
    response = APIClient().get("/api/sites/?district=%00&search=ok")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == ["district"]
    assert "空字符" in body["message"]
