"""The OpenAPI description of the API (/api/schema/) and its documentation page (/api/docs/).

The schema must validate as OpenAPI 3 with no generator warning, name every
endpoint of the router with its methods, document every filter of every list
(with the allowed values where there are choices), the paging bounds, the one
error shape and the refusals each operation can give, and the token scheme. The
docs page must be served entirely from the portal: no script, stylesheet or
request goes to a CDN.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import django_filters
import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework import permissions

from belts.api.listing import MAX_PAGE_SIZE
from belts.filtersets import YesNoFilter
from config.api_router import router
from sites.choices import SiteStatus
from sites.filtersets import ProjectFilterSet

ERROR_REF = "#/components/schemas/Error"
JSON_SCHEMA = "application/vnd.oai.openapi+json"

# Every endpoint of the router and the methods it answers: the contract other systems build on.
ENDPOINTS = {
    "/api/districts/": {"get"},
    "/api/districts/{id}/": {"get"},
    "/api/belts/": {"get", "post"},
    "/api/belts/{id}/": {"get", "put", "patch"},
    "/api/organizations/": {"get", "post"},
    "/api/organizations/{id}/": {"get", "put", "patch"},
    "/api/sites/": {"get", "post"},
    "/api/sites/{id}/": {"get", "put", "patch"},
    "/api/sites/geojson/": {"get"},
    "/api/projects/": {"get", "post"},
    "/api/projects/{id}/": {"get", "put", "patch"},
    "/api/progress-updates/": {"get", "post"},
    "/api/progress-updates/{id}/": {"get"},
    "/api/photos/": {"get", "post"},
    "/api/photos/{id}/": {"get"},
    "/api/inspections/": {"get"},
    "/api/inspections/{id}/": {"get"},
    "/api/followups/": {"get"},
    "/api/followups/{id}/": {"get"},
    "/api/followups/{id}/answer/": {"post"},
    "/api/followups/{id}/close/": {"post"},
    "/api/followups/{id}/send-back/": {"post"},
}
STAFF_ONLY_PREFIXES = ("/api/inspections/", "/api/followups/")


@pytest.fixture(scope="module")
def openapi() -> dict:
    """The schema as /api/schema/ serves it (``test_the_served_schema_is_the_generated_one`` pins the equality)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(openapi):
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def query_parameters(operation) -> dict[str, dict]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}


LISTS = [pytest.param(f"/api/{prefix}/", viewset, id=prefix) for prefix, viewset, _basename in router.registry]


# --- The schema as a whole ---------------------------------------------------------------------------


def test_the_schema_validates_as_openapi_3_without_generator_warnings(tmp_path):
    """What CI runs: ``manage.py spectacular --validate --fail-on-warn``."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.read_text(encoding="utf-8").startswith("openapi: 3.")


@pytest.mark.django_db
def test_the_served_schema_is_the_generated_one(client, openapi):
    response = client.get("/api/schema/", HTTP_ACCEPT=JSON_SCHEMA)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(JSON_SCHEMA)
    assert response.json() == openapi


@pytest.mark.django_db
def test_the_schema_is_also_served_as_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_every_endpoint_of_the_router_is_listed_with_its_methods(openapi):
    documented = {path: set(methods) for path, methods in openapi["paths"].items()}
    assert documented == ENDPOINTS
    assert {f"/api/{prefix}/" for prefix, _viewset, _basename in router.registry} <= set(documented)


def test_every_operation_has_a_unique_id_and_a_tag(openapi):
    ids = [operation["operationId"] for _path, _method, operation in operations(openapi)]
    assert len(ids) == len(set(ids))
    for path, _method, operation in operations(openapi):
        assert operation["tags"] == [path.split("/")[2]]


# --- Filters and paging ---------------------------------------------------------------------------


def _documented_values(parameter: dict) -> list[str] | None:
    schema = parameter["schema"]
    if schema.get("type") == "array":
        schema = schema["items"]
    return schema.get("enum")


def _expected_values(filter_) -> set[str] | None:
    """The values a filter accepts, when it has a fixed list of them."""
    if isinstance(filter_, django_filters.OrderingFilter):
        return {f"{sign}{param}" for param in filter_.param_map for sign in ("", "-")}
    choices = filter_.extra.get("choices")
    if choices is not None and not callable(choices):
        return {str(value) for value, _label in choices}
    return None


@pytest.mark.parametrize(("path", "viewset"), LISTS)
def test_every_filter_of_a_list_is_documented_with_its_values(openapi, path, viewset):
    parameters = query_parameters(openapi["paths"][path]["get"])
    for name, filter_ in viewset.filterset_class.base_filters.items():
        assert name in parameters, f"{path}: filter {name} is not documented"
        expected = _expected_values(filter_)
        if expected is not None:
            assert set(_documented_values(parameters[name]) or []) == expected, f"{path}?{name}"
        elif isinstance(filter_, django_filters.ModelChoiceFilter):
            assert parameters[name]["schema"]["type"] == "integer", f"{path}?{name} takes an id"
        elif isinstance(filter_, django_filters.DateFilter):
            assert parameters[name]["schema"] == {"type": "string", "format": "date"}, f"{path}?{name}"
        else:
            assert parameters[name]["schema"]["type"] == "string", f"{path}?{name}"


def test_site_status_filter_lists_the_statuses(openapi):
    status = query_parameters(openapi["paths"]["/api/sites/"]["get"])["status"]
    assert set(status["schema"]["enum"]) == set(SiteStatus.values)


@pytest.mark.parametrize("name", ["overdue", "at_risk"])
def test_project_yes_no_filters_accept_exactly_true_and_false(openapi, name):
    assert isinstance(ProjectFilterSet.base_filters[name], YesNoFilter)
    parameter = query_parameters(openapi["paths"]["/api/projects/"]["get"])[name]
    assert parameter["schema"]["enum"] == ["false", "true"]
    assert parameter["description"]


def test_project_ordering_lists_each_field_both_ways(openapi):
    ordering = query_parameters(openapi["paths"]["/api/projects/"]["get"])["ordering"]
    assert ordering["schema"]["type"] == "array"
    assert set(ordering["schema"]["items"]["enum"]) == {
        f"{sign}{field}"
        for field in ("planned_completion", "percent_complete", "title", "updated_at")
        for sign in ("", "-")
    }


def test_the_geojson_takes_the_site_list_filters_without_paging(openapi):
    geojson = query_parameters(openapi["paths"]["/api/sites/geojson/"]["get"])
    listing = query_parameters(openapi["paths"]["/api/sites/"]["get"])
    assert set(geojson) == set(listing) - {"page", "page_size"}


@pytest.mark.parametrize(("path", "viewset"), LISTS)
def test_every_list_documents_its_paging_bounds(openapi, path, viewset):
    parameters = query_parameters(openapi["paths"][path]["get"])
    assert parameters["page"]["schema"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}
    assert str(MAX_PAGE_SIZE) in parameters["page_size"]["description"]
    page = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert set(openapi["components"]["schemas"][page.rsplit("/", 1)[1]]["properties"]) == {
        "count",
        "next",
        "previous",
        "results",
    }


# --- Errors and authentication ------------------------------------------------------------------------


def test_the_error_component_is_the_one_error_shape(openapi):
    error = openapi["components"]["schemas"]["Error"]
    assert error["type"] == "object"
    assert set(error["required"]) == {"status", "code", "message", "errors"}
    assert error["properties"]["status"]["type"] == "integer"
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["message"]["type"] == "string"
    assert error["properties"]["errors"] == {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "description": error["properties"]["errors"]["description"],
    }


def _expected_refusals(path: str, method: str) -> set[int]:
    refusals = {400, 401, 404, 405, 406, 429, 503}
    writes = method.upper() not in permissions.SAFE_METHODS
    if writes or path.startswith(STAFF_ONLY_PREFIXES):
        refusals.add(403)
    if writes:
        refusals |= {409, 413, 415}
    return refusals


@pytest.mark.parametrize(
    ("path", "method"), [(path, method) for path, methods in ENDPOINTS.items() for method in sorted(methods)]
)
def test_every_operation_documents_its_refusals_in_the_error_shape(openapi, path, method):
    responses = openapi["paths"][path][method]["responses"]
    refusals = {int(status) for status in responses if int(status) >= 400}
    assert refusals == _expected_refusals(path, method)
    for status in refusals:
        assert responses[str(status)]["content"] == {"application/json": {"schema": {"$ref": ERROR_REF}}}
        assert responses[str(status)]["description"], f"{method} {path} {status} has no description"


def test_the_token_security_scheme(openapi):
    token = openapi["components"]["securitySchemes"]["tokenAuth"]
    assert token["type"] == "apiKey"
    assert token["in"] == "header"
    assert token["name"] == "Authorization"
    assert "Token" in token["description"]
    for _path, _method, operation in operations(openapi):
        assert {"tokenAuth": []} in operation["security"]
        assert {"cookieAuth": []} in operation["security"]


def test_open_reads_need_no_credentials_and_the_rest_do(openapi):
    for path, method, operation in operations(openapi):
        anonymous_allowed = {} in operation["security"]
        open_read = method == "get" and not path.startswith(STAFF_ONLY_PREFIXES)
        assert anonymous_allowed == open_read, f"{method.upper()} {path}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method"), [(path, method) for path, methods in ENDPOINTS.items() for method in sorted(methods)]
)
def test_a_wrong_token_is_answered_with_a_documented_401(api, openapi, path, method):
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    url = path.replace("{id}", "1")
    response = api.get(url) if method == "get" else getattr(api, method)(url, {}, format="json")
    assert response.status_code == 401
    assert "401" in openapi["paths"][path][method]["responses"]
    assert set(response.json()) == {"status", "code", "message", "errors"}


# --- The documentation page ---------------------------------------------------------------------------


class _Assets(HTMLParser):
    """The URLs of the scripts, stylesheets, icons and images a page loads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "img", "iframe"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def docs_page(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.django_db
def test_the_docs_page_loads_only_local_assets(docs_page):
    parser = _Assets()
    parser.feed(docs_page)
    assert parser.urls, "the docs page loads no assets?"
    assert [url for url in parser.urls if not _is_local(url)] == []
    static = [url for url in parser.urls if url.startswith("/static/")]
    assert any(url.endswith("/swagger-ui-bundle.js") for url in static)
    assert any(url.endswith("/swagger-ui.css") for url in static)


@pytest.mark.django_db
def test_the_docs_page_names_no_other_host(docs_page):
    assert re.findall(r"(?:https?:)?//[\w.-]+", docs_page) == []


@pytest.mark.django_db
def test_every_asset_of_the_docs_page_is_served(client, docs_page):
    parser = _Assets()
    parser.feed(docs_page)
    for url in parser.urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _body(response), url
        if url.endswith(".js") or "script" in url:
            assert "javascript" in response["Content-Type"], url
        if url.endswith(".css"):
            assert response["Content-Type"].startswith("text/css"), url


@pytest.mark.django_db
def test_swagger_ui_reads_the_local_schema_and_calls_no_validator(client, docs_page):
    parser = _Assets()
    parser.feed(docs_page)
    (initialiser,) = [url for url in parser.urls if not url.startswith("/static/")]
    script = _body(client.get(initialiser)).decode()
    assert '"/api/schema/"' in script
    # Swagger UI would otherwise fetch a badge from validator.swagger.io for any non-localhost schema URL.
    assert '"validatorUrl": null' in script
    assert re.findall(r"https?://[\w.-]+", script) == []
