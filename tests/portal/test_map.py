"""The maps' data embedded in the pages: tiles from settings, beads per belt in sequence, in the tiles' datum."""

import pytest

from belts.maps import GCJ02, to_map_datum
from tests.factories import BeltFactory, SiteFactory
from tests.portal.helpers import map_data, map_of

pytestmark = pytest.mark.django_db

REVIEW_NUMBER = "GS(2024)0650号"


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")
    return SiteFactory(belt=belt, sequence=1, latitude="26.048000", longitude="119.312000")


MAP_PAGES = [
    pytest.param(lambda site: "/", id="home"),
    pytest.param(lambda site: site.belt.get_absolute_url(), id="belt"),
    pytest.param(lambda site: site.get_absolute_url(), id="site"),
]


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_review_number_is_shown_with_the_attribution(client, settings, site, url):
    settings.MAP_REVIEW_NUMBER = REVIEW_NUMBER

    response = client.get(url(site))

    assert REVIEW_NUMBER in map_data(response)["tiles"]["attribution"]
    assert f"{REVIEW_NUMBER}</figcaption>" in response.text


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_shows_stored_coordinates_on_wgs84_tiles(client, site, url):
    (point,) = map_of(client, url(site))["belts"][0]["sites"]

    assert (point["lat"], point["lng"]) == (26.048, 119.312)


@pytest.mark.parametrize("url", MAP_PAGES)
def test_map_on_autonavi_tiles_shows_coordinates_converted_to_gcj02(client, settings, site, url):
    settings.MAP_TILE_PRESET = "autonavi"

    (point,) = map_of(client, url(site))["belts"][0]["sites"]

    assert (point["lat"], point["lng"]) == to_map_datum(26.048, 119.312, GCJ02)


def test_map_on_tianditu_draws_vector_and_label_layers_with_the_key(client, settings, site):
    settings.MAP_TILE_PRESET = "tianditu"
    settings.TIANDITU_KEY = "k3y"

    layers = map_of(client, "/")["tiles"]["layers"]

    assert [("LAYER=vec" in layer["url"], "LAYER=cva" in layer["url"]) for layer in layers] == [
        (True, False),
        (False, True),
    ]
    assert all(layer["url"].endswith("&tk=k3y") for layer in layers)


def test_belt_map_numbers_beads_in_sequence(client, site):
    for sequence in (3, 2):
        SiteFactory(belt=site.belt, sequence=sequence)

    (belt,) = map_of(client, site.belt.get_absolute_url())["belts"]

    assert [(point["n"], point["url"]) for point in belt["sites"]] == [
        (s.sequence, s.get_absolute_url()) for s in site.belt.sites.order_by("sequence")
    ]


def test_home_map_draws_each_belt_separately_in_district_order(client, other_district, site):
    other = SiteFactory(belt=BeltFactory(district=other_district, name="北江滨示范带"))

    belts = map_of(client, "/")["belts"]

    assert [(belt["name"], [point["url"] for point in belt["sites"]]) for belt in belts] == [
        ("北江滨示范带", [other.get_absolute_url()]),
        ("南江滨示范带", [site.get_absolute_url()]),
    ]


def test_map_leaves_out_sites_without_location_but_the_list_keeps_them(client, site):
    unplaced = SiteFactory(belt=site.belt, sequence=2, name="未定位串珠", latitude=None, longitude=None)

    response = client.get(site.belt.get_absolute_url())

    assert [point["name"] for point in map_data(response)["belts"][0]["sites"]] == [site.name]
    assert f'href="{unplaced.get_absolute_url()}"' in response.text


def test_belt_page_lists_the_beads_below_the_map_for_readers_without_javascript(client, site):
    text = client.get(site.belt.get_absolute_url()).text

    assert text.index('id="map"') < text.index('<ol class="beads"') < text.index(f'href="{site.get_absolute_url()}"')
