"""A visitor's way through the portal: from the city overview to the demo belt, along its beads, in both languages.

Every request outside the live server is aborted, tile servers included, so these
pages are also shown to work without their background map.
"""

import re

import pytest
from playwright.sync_api import expect

from belts.maps import tile_config
from sites.models import Site
from sites.selectors import city_figures
from tests.browser.conftest import DEMO_BELT, zh

pytestmark = pytest.mark.browser

BELT_PATH = f"/belts/{DEMO_BELT}/"
NUMBERS = [f"{n:02d}" for n in range(1, 9)]
SITE_02_POSITIONING = "全市首个由非公企业党组织独立承办的党员宣教基地。"


def demo_sites(belt) -> list[Site]:
    return list(Site.objects.filter(belt=belt).order_by("sequence"))


def tile_urls() -> re.Pattern:
    """URLs of the configured tile layers, with any subdomain and any tile coordinates."""
    placeholders = {"s": r"[^./]+", "z": r"\d+", "x": r"\d+", "y": r"\d+"}
    layers = []
    for layer in tile_config()["layers"]:
        pattern = re.escape(layer["url"])
        for name, replacement in placeholders.items():
            pattern = pattern.replace(re.escape("{" + name + "}"), replacement)
        layers.append(pattern)
    return re.compile("|".join(layers))


def test_from_home_to_the_belt_map_with_its_numbered_beads_and_route_while_tiles_are_cut_off(portal, demo, traffic):
    page = portal.page
    site = demo_sites(demo)[1]
    portal.open("/")
    figures = city_figures()
    assert (figures.belts, figures.sites) == (1, 8)
    expect(page.locator("ul.figures > li strong")).to_have_text(
        [
            str(figures.belts),
            str(figures.sites),
            str(figures.sites_open),
            f"{figures.projects_completed}/{figures.projects}",
        ]
    )
    belt_link = page.locator(".district .card h3 a")
    expect(belt_link).to_have_text(demo.name)

    portal.follow(belt_link)

    assert portal.path() == BELT_PATH
    expect(page.locator("h1")).to_have_text(demo.name)
    expect(page.locator("#map .bead-marker")).to_have_text(NUMBERS)
    route = page.locator("#map path.route")
    expect(route).to_have_count(1)
    expect(route).to_be_visible()
    expect(route).to_have_attribute("d", re.compile(r"^M[^M]+L"))  # one line through the beads
    # The tiles were asked for and cut off, and the page says so instead of showing a broken map.
    expect(page.locator(".map-notice")).to_be_visible()
    expect(page.locator("#map")).to_have_class(re.compile(r"\btiles-failed\b"))
    tiles = tile_urls()
    assert any(tiles.match(url) for url in traffic.blocked), f"no tile request was blocked: {traffic.blocked}"
    assert not [url for url in traffic.blocked if "://localhost" in url or "://127.0.0.1" in url]
    # The markers still answer: bead 02 names its site and links to it.
    popup = portal.open_popup(page.locator("#map .bead-marker", has_text="02"))
    expect(popup.locator("strong")).to_have_text(f"02 {site.name}")
    expect(popup.get_by_role("link")).to_have_attribute("href", site.get_absolute_url())


def test_bead_list_leads_to_a_site_its_positioning_and_its_neighbours(portal, demo):
    page = portal.page
    first, second, third = demo_sites(demo)[:3]
    portal.open(BELT_PATH)
    beads = page.locator("ol.beads > li")
    expect(beads).to_have_count(8)
    expect(beads.locator(".bead-number")).to_have_text(NUMBERS)
    expect(beads.locator("h3 a")).to_have_text([f"{site.number} {site.name}" for site in demo_sites(demo)])
    map_box, list_box = page.locator("#map").bounding_box(), beads.first.bounding_box()
    assert list_box["y"] >= map_box["y"] + map_box["height"], "the bead list is below the map"

    portal.follow(beads.nth(1).locator("h3 a"))

    assert portal.path() == second.get_absolute_url()
    positioning = page.locator(".site-header .positioning")
    expect(positioning.locator(".label")).to_have_text("主要定位")
    expect(positioning).to_contain_text(SITE_02_POSITIONING)
    expect(positioning).to_be_in_viewport()
    expect(page.locator(".bead-nav a[rel=prev]")).to_have_text(f"← 01 {first.name}")

    portal.follow(page.locator(".bead-nav a[rel=next]"))

    assert portal.path() == third.get_absolute_url()
    expect(page.locator("h1")).to_have_text(f"03 {third.name}")

    portal.follow(page.locator(".bead-nav a[rel=prev]"))

    assert portal.path() == second.get_absolute_url()
    expect(page.locator("h1")).to_have_text(f"02 {second.name}")


def test_language_link_switches_to_english_and_back(portal, demo):
    page = portal.page
    portal.open(BELT_PATH)
    switch = page.locator(".masthead .language-switch a")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#beads")).to_have_text(zh("Bead sites in order"))
    expect(switch).to_have_text("English")

    portal.follow(switch)

    assert portal.path() == BELT_PATH
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#beads")).to_have_text("Bead sites in order")
    expect(page.locator(".masthead")).to_contain_text("Search")
    expect(page.locator("#map .bead-marker")).to_have_count(8)
    expect(switch).to_have_text("简体中文")

    portal.follow(switch)

    assert portal.path() == BELT_PATH
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#beads")).to_have_text(zh("Bead sites in order"))


@pytest.mark.parametrize("viewport", ["narrow"], indirect=True)
def test_walk_along_the_whole_belt_in_both_languages_without_sideways_scrolling(portal, demo):
    """Home, the belt, all 8 sites in Chinese and again in English, search: none wider than a 360 px phone.

    ``portal`` checks the width of every page it reaches; the other tests check theirs at 375 px.
    """
    page = portal.page
    sites = demo_sites(demo)
    portal.open("/")
    portal.follow(page.locator(".district .card h3 a"))
    portal.follow(page.locator("ol.beads h3 a").first)
    for site in sites[1:]:
        portal.follow(page.locator(".bead-nav a[rel=next]"))
        assert portal.path() == site.get_absolute_url()
    expect(page.locator(".bead-nav a[rel=next]")).to_have_count(0)

    portal.follow(page.locator(".masthead .language-switch a"))
    for site in reversed(sites[:-1]):
        portal.follow(page.locator(".bead-nav a[rel=prev]"))
        assert portal.path() == site.get_absolute_url()
    expect(page.locator(".bead-nav a[rel=prev]")).to_have_count(0)
    portal.follow(page.locator(".bead-nav a", has_text="All sites of this belt"))
    portal.follow(page.locator(".masthead").get_by_role("link", name="Search"))
    page.get_by_role("searchbox").fill("党群服务中心")
    portal.follow(page.get_by_role("button", name="Search"))
    expect(page.locator(".results li").first).to_be_visible()
