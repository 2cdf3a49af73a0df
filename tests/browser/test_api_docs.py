"""The API's documentation page (/api/docs/) in a real browser: Swagger UI from the portal's own files.

Every request that leaves the live server is aborted and recorded (tests/browser/conftest.py);
the page must not even try one. The page is a tool for developers at a desk, so it
is tried on the desktop screen only.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("viewport", ["desktop"], indirect=True)]


@pytest.fixture
def docs(portal):
    """The docs page, loaded, with every request it made recorded as (resource type, URL)."""
    page = portal.page
    requests: list[tuple[str, str]] = []
    page.on("request", lambda request: requests.append((request.resource_type, request.url)))
    response = page.goto(portal.url("/api/docs/"))
    assert response is not None and response.status == 200
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    return page, requests


def test_swagger_ui_loads_from_the_portal_alone(docs, portal, traffic):
    page, requests = docs
    expect(page.locator("#operations-tag-sites")).to_be_visible()

    assert traffic.blocked == [], f"the docs page tried to reach other hosts: {traffic.blocked}"
    assert {urlsplit(url).netloc for _kind, url in requests} == {urlsplit(portal.base_url).netloc}
    scripts = [urlsplit(url).path for kind, url in requests if kind == "script"]
    stylesheets = [urlsplit(url).path for kind, url in requests if kind == "stylesheet"]
    assert any(path.startswith("/static/") and path.endswith("/swagger-ui-bundle.js") for path in scripts), scripts
    assert any(path.startswith("/static/") and path.endswith("/swagger-ui.css") for path in stylesheets), stylesheets
    assert any(urlsplit(url).path == "/api/schema/" for _kind, url in requests), "the schema was not fetched"


def test_the_operations_are_listed_by_tag(docs):
    page, _requests = docs
    for tag in ["districts", "belts", "organizations", "sites", "projects", "progress-updates", "photos"]:
        expect(page.locator(f"#operations-tag-{tag}")).to_be_visible()
    geojson = page.locator("#operations-sites-sites_geojson_retrieve")
    expect(geojson).to_be_visible()
    expect(geojson.locator(".opblock-summary-path")).to_contain_text("/api/sites/geojson/")


def test_try_it_out_lists_the_overdue_projects(docs, traffic):
    page, _requests = docs
    operation = page.locator("#operations-projects-projects_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("tr[data-param-name='overdue'] select").select_option("true")
    operation.get_by_role("button", name="Execute").click()

    expect(operation.locator(".request-url")).to_contain_text("/api/projects/?overdue=true")
    answer = operation.locator(".live-responses-table tr.response")
    expect(answer.locator("td.response-col_status")).to_have_text("200")
    expect(answer.locator("td.response-col_description")).to_contain_text('"results"')
    assert traffic.blocked == []
