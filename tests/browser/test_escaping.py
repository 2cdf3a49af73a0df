"""Text typed by staff is shown as text: a site named like a script runs nowhere, on the page or in the map."""

import pytest
from playwright.sync_api import expect

from sites.models import Site
from tests.browser.conftest import DEMO_BELT

pytestmark = pytest.mark.browser

SCRIPT_NAME = "<script>alert(1)</script>"
# Scripts a page may carry: files, and the map data embedded with json_script.
FOREIGN_SCRIPTS = "scripts => scripts.filter(s => !s.src && s.type !== 'application/json').map(s => s.outerHTML)"


def test_site_named_like_a_script_shows_as_text_in_its_card_and_map_popup(portal, demo, traffic):
    page = portal.page
    site = Site.objects.get(belt=demo, sequence=2)
    site.name = SCRIPT_NAME
    site.save()  # the cached belt page is invalidated by the save

    portal.open(f"/belts/{DEMO_BELT}/")

    expect(page.locator("ol.beads > li").nth(1).locator("h3 a")).to_have_text(f"02 {SCRIPT_NAME}")
    marker = page.locator("#map .bead-marker", has_text="02")
    expect(marker).to_have_attribute("aria-label", f"02 {SCRIPT_NAME}")
    popup = portal.open_popup(marker)
    expect(popup.locator("strong")).to_have_text(f"02 {SCRIPT_NAME}")
    expect(popup.locator("script")).to_have_count(0)
    assert page.eval_on_selector_all("script", FOREIGN_SCRIPTS) == []

    portal.follow(popup.get_by_role("link"))

    expect(page.locator("h1")).to_have_text(f"02 {SCRIPT_NAME}")
    assert page.title().startswith(SCRIPT_NAME)
    assert page.eval_on_selector_all("script", FOREIGN_SCRIPTS) == []
    assert traffic.dialogs == []
