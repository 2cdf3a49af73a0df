"""The map picker on the site form, in a browser: click, drag and type a position; tiles cut off as everywhere here."""

import math

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from belts.maps import wgs84_to_gcj02
from sites.models import Site
from tests.admin_helpers import change_url
from tests.factories import BeltFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def viewport() -> str:
    """Staff place sites at a desk: the picker is tried on the desktop screen only."""
    return "desktop"


@pytest.fixture
def site(demo) -> Site:
    """The demo belt's second bead, whose seven neighbours are all on the map."""
    return Site.objects.get(belt=demo, sequence=2)


@pytest.fixture
def form(make_portal, live_server, site):
    """The site's change form, opened by a signed-in superuser; returns the page once the picker is set up."""
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    portal = make_portal()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    portal.page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    # Not portal.open(): its no-sideways-scrolling check is for the public pages (the admin's inline
    # tables are wider than a phone anyway).
    response = portal.page.goto(portal.url(change_url(site)))
    assert response is not None and response.status == 200
    expect(portal.page.locator(".location-picker.location-picker-ready")).to_be_visible()
    return portal.page


def map_box(page) -> dict:
    """Where the map is on the screen, once scrolled into view: the mouse only reaches what is shown."""
    picker = page.locator(".location-picker")
    picker.scroll_into_view_if_needed()
    return page.locator(".location-picker-map").bounding_box()


def marker_centre(page) -> tuple[float, float]:
    box = page.locator(".location-picker-marker").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_picker_sits_under_the_coordinate_fields_with_the_belts_other_sites(form):
    row_class = form.evaluate("() => document.querySelector('.location-picker').previousElementSibling.className")

    assert "field-latitude" in row_class and "field-longitude" in row_class
    expect(form.locator(".location-picker-site")).to_have_count(7)
    expect(form.locator(".location-picker-marker")).to_have_count(1)


def test_clicking_the_map_writes_both_fields_with_six_decimals(form):
    box = map_box(form)

    form.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.7)

    latitude, longitude = form.input_value("#id_latitude"), form.input_value("#id_longitude")
    assert len(latitude.split(".")[1]) == 6 and len(longitude.split(".")[1]) == 6
    assert 25 < float(latitude) < 27 and 119 < float(longitude) < 120
    expect(form.locator(".location-picker-status")).to_contain_text(latitude)
    assert marker_centre(form) == pytest.approx((box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.7), abs=2)


def test_dragging_the_marker_writes_the_new_position(form):
    before = form.input_value("#id_latitude"), form.input_value("#id_longitude")
    map_box(form)
    x, y = marker_centre(form)

    form.mouse.move(x, y)
    form.mouse.down()
    form.mouse.move(x + 40, y + 30, steps=5)
    form.mouse.up()

    after = form.input_value("#id_latitude"), form.input_value("#id_longitude")
    assert float(after[0]) < float(before[0]) and float(after[1]) > float(before[1])  # moved south-east


def test_typing_the_coordinates_moves_the_marker(form):
    map_box(form)
    x, y = marker_centre(form)

    form.fill("#id_latitude", f"{float(form.input_value('#id_latitude')) + 0.001:.6f}")

    new_x, new_y = marker_centre(form)
    assert new_x == pytest.approx(x, abs=1) and new_y < y - 5  # further north is higher up


def test_clearing_the_fields_removes_the_marker(form):
    form.fill("#id_latitude", "")

    expect(form.locator(".location-picker-marker")).to_have_count(0)


def test_choosing_another_belt_shows_that_belts_sites(form, site):
    # Made after the page was drawn would be missing from its data: reload once they exist.
    other = BeltFactory(district=site.belt.district, name="闽江北岸示范带")
    SiteFactory.create_batch(3, belt=other, latitude="26.090000", longitude="119.300000")
    form.reload()
    expect(form.locator(".location-picker-site")).to_have_count(7)

    form.locator(".field-belt .select2-selection").click()
    form.locator(".select2-search__field").fill("闽江北岸")
    form.locator(".select2-results__option", has_text="闽江北岸示范带").click()

    expect(form.locator(".location-picker-site")).to_have_count(3)


@pytest.mark.parametrize("preset", ["osm", "autonavi"])
def test_a_clicked_point_typed_back_lands_where_it_was_clicked(form, settings, preset):
    # With GCJ-02 tiles the field receives the point shifted back to WGS-84, and typing
    # it in shifts it onto the tiles again: both ways must agree to the pixel.
    settings.MAP_TILE_PRESET = preset
    form.reload()
    expect(form.locator(".location-picker.location-picker-ready")).to_be_visible()
    box = map_box(form)
    point = (box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.4)
    form.mouse.click(*point)
    latitude, longitude = form.input_value("#id_latitude"), form.input_value("#id_longitude")

    form.fill("#id_latitude", "")
    form.fill("#id_latitude", latitude)
    form.fill("#id_longitude", longitude)

    assert marker_centre(form) == pytest.approx(point, abs=2)


@pytest.mark.parametrize("point", [(26.048, 119.312), (26.0881, 119.2961), (39.9087, 116.3975), (48.85, 2.35)])
def test_script_shifts_points_to_gcj02_as_the_server_does(form, point):
    shifted = form.evaluate("([lat, lng]) => window.LocationPicker.wgs84ToGcj02(lat, lng)", list(point))
    back = form.evaluate("([lat, lng]) => window.LocationPicker.gcj02ToWgs84(lat, lng)", shifted)

    assert shifted == pytest.approx(list(wgs84_to_gcj02(*point)), abs=1e-9)
    assert math.dist(back, point) < 1e-8  # about a millimetre
