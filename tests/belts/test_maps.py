"""Tile presets from settings, and the WGS-84 → GCJ-02 shift for tiles drawn in China's datum."""

import math

import pytest
from django.core.exceptions import ImproperlyConfigured

from belts.maps import GCJ02, WGS84, current_preset, tile_config, to_map_datum, wgs84_to_gcj02


def metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lng) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(h))


# --- wgs84_to_gcj02 ---------------------------------------------------------------------------


def test_gcj02_of_tiananmen_matches_the_published_value():
    lat, lng = wgs84_to_gcj02(39.908692, 116.397477)

    assert lat == pytest.approx(39.910095, abs=1e-5)
    assert lng == pytest.approx(116.403721, abs=1e-5)


@pytest.mark.parametrize(
    "point",
    [
        pytest.param((48.858370, 2.294481), id="Paris"),
        pytest.param((-33.856784, 151.215297), id="Sydney"),
        pytest.param((40.689247, -74.044502), id="New York"),
        pytest.param((1.283, 103.860), id="Singapore, south of China's box"),
    ],
)
def test_gcj02_leaves_points_outside_china_unchanged(point):
    assert wgs84_to_gcj02(*point) == point


def test_gcj02_shifts_fuzhou_by_a_few_hundred_metres():
    wgs = (26.048, 119.312)

    assert 100 < metres_between(wgs, wgs84_to_gcj02(*wgs)) < 1000


# --- to_map_datum -------------------------------------------------------------------------------


def test_to_map_datum_on_wgs84_keeps_the_point_rounded_to_six_places():
    assert to_map_datum(26.04812345678, 119.31298765432, WGS84) == (26.048123, 119.312988)


def test_to_map_datum_on_gcj02_shifts_and_rounds():
    lat, lng = wgs84_to_gcj02(26.048, 119.312)

    assert to_map_datum(26.048, 119.312, GCJ02) == (round(lat, 6), round(lng, 6))


# --- presets ------------------------------------------------------------------------------------


def test_osm_preset_has_one_wgs84_layer(settings):
    settings.MAP_TILE_PRESET = "osm"

    preset = current_preset()

    assert (preset.datum, [layer.url for layer in preset.layers]) == (
        WGS84,
        ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
    )


def test_tianditu_preset_draws_vector_then_label_layer_with_the_key(settings):
    settings.MAP_TILE_PRESET = "tianditu"
    settings.TIANDITU_KEY = "0123abcd"

    layers = tile_config()["layers"]

    assert [("/vec_w/" in layer["url"], "/cva_w/" in layer["url"]) for layer in layers] == [
        (True, False),
        (False, True),
    ]
    assert all(layer["url"].endswith("&tk=0123abcd") for layer in layers)


def test_tianditu_preset_is_wgs84(settings):
    settings.MAP_TILE_PRESET = "tianditu"
    settings.TIANDITU_KEY = "0123abcd"

    assert current_preset().datum == WGS84


def test_autonavi_preset_is_gcj02(settings):
    settings.MAP_TILE_PRESET = "autonavi"

    assert current_preset().datum == GCJ02


@pytest.mark.parametrize("name", ["osm", "tianditu", "autonavi"])
def test_tile_config_names_the_preset_and_its_attribution(settings, name):
    settings.MAP_TILE_PRESET = name
    settings.TIANDITU_KEY = "0123abcd"

    config = tile_config()

    assert (config["preset"], config["attribution"]) == (name, current_preset().attribution)


def test_tile_config_adds_the_map_review_number_to_the_attribution(settings):
    settings.MAP_REVIEW_NUMBER = "GS(2024)0650号"

    assert tile_config()["attribution"].endswith("GS(2024)0650号")


def test_unknown_preset_is_a_configuration_error(settings):
    settings.MAP_TILE_PRESET = "googlemaps"

    with pytest.raises(ImproperlyConfigured, match="MAP_TILE_PRESET"):
        current_preset()


def test_tianditu_without_key_is_a_configuration_error(settings):
    settings.MAP_TILE_PRESET = "tianditu"
    settings.TIANDITU_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="TIANDITU_KEY"):
        current_preset()
