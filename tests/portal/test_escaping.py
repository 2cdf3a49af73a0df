"""Text typed by staff is always shown as text: in the page, its meta tags and the embedded map data."""

import json

import pytest

from tests.factories import BeltFactory, SiteFactory
from tests.portal.helpers import map_block, meta

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
QUOTED = '"><img src=x onerror=alert(2)>'


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, name=SCRIPT, slug="scripted", theme=QUOTED)
    return SiteFactory(belt=belt, name=SCRIPT, positioning=QUOTED, introduction=SCRIPT)


PAGES = [
    pytest.param(lambda site: "/", id="home"),
    pytest.param(lambda site: site.belt.get_absolute_url(), id="belt"),
    pytest.param(lambda site: site.get_absolute_url(), id="site"),
]


@pytest.mark.parametrize("url", [*PAGES, pytest.param(lambda site: "/search/?q=alert", id="search")])
def test_names_show_escaped_in_page(client, site, url):
    text = client.get(url(site)).text

    assert SCRIPT not in text
    assert ESCAPED in text


@pytest.mark.parametrize("url", PAGES)
def test_map_data_block_cannot_close_its_script_element(client, site, url):
    block = map_block(client.get(url(site)))

    assert "<" not in block
    assert ">" not in block


@pytest.mark.parametrize("url", PAGES[1:])
def test_map_data_carries_names_unchanged(client, site, url):
    belts = json.loads(map_block(client.get(url(site))))["belts"]

    assert [(belt["name"], [s["name"] for s in belt["sites"]]) for belt in belts] == [(SCRIPT, [SCRIPT])]


def test_city_map_points_carry_names_unchanged_as_json(client, site):
    response = client.get("/map/sites.json")

    assert response["Content-Type"] == "application/json"
    points = response.json()
    assert [belt["name"] for belt in points["belts"]] == [SCRIPT]
    assert [row[3] for row in points["sites"]] == [SCRIPT]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        pytest.param(lambda site: site.belt.get_absolute_url(), "description", id="belt description"),
        pytest.param(lambda site: site.belt.get_absolute_url(), "og:description", id="belt og:description"),
        pytest.param(lambda site: site.get_absolute_url(), "description", id="site description"),
        pytest.param(lambda site: site.get_absolute_url(), "og:description", id="site og:description"),
    ],
)
def test_quotes_cannot_break_out_of_meta_attributes(client, site, url, key):
    response = client.get(url(site))

    assert meta(response, key) == "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"


def test_search_query_is_echoed_escaped(client, site):
    text = client.get("/search/", {"q": "<b>无此结果</b>"}).text

    assert "<b>无此结果</b>" not in text
    assert "&lt;b&gt;无此结果&lt;/b&gt;" in text
