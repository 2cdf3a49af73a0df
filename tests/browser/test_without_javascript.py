"""The belt page with JavaScript off (a locked-down in-app browser): the bead list carries the page."""

import pytest
from playwright.sync_api import expect

from sites.models import Site
from tests.browser.conftest import DEMO_BELT, zh

pytestmark = pytest.mark.browser


def test_belt_page_without_javascript_lists_every_bead_with_a_link(make_portal, demo):
    portal = make_portal(java_script_enabled=False)
    page = portal.page
    sites = list(Site.objects.filter(belt=demo).order_by("sequence"))

    portal.open(f"/belts/{DEMO_BELT}/")

    links = page.locator("ol.beads > li h3 a")
    expect(links).to_have_text([f"{site.number} {site.name}" for site in sites])
    assert [links.nth(i).get_attribute("href") for i in range(8)] == [site.get_absolute_url() for site in sites]
    expect(page.locator(".map-fallback")).to_be_visible()
    expect(page.locator(".map-fallback")).to_have_text(zh("The map needs JavaScript; the list below shows every site."))
    expect(page.locator(".bead-marker")).to_have_count(0)

    portal.follow(links.nth(1))

    expect(page.locator(".site-header .positioning")).to_contain_text(sites[1].positioning)
