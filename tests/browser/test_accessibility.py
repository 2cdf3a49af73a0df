"""Automatic accessibility checks: axe-core's WCAG 2 A and AA rules on the public pages, as a visitor sees them.

axe-core is vendored (tests/browser/vendor/, MPL-2.0) so that the check runs offline.
It finds what a machine can find (contrast, names, roles, structure); it does not
replace trying the pages with a keyboard and a screen reader.
"""

import json
import pathlib
import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from sites.models import Site
from tests.browser.conftest import DEMO_BELT

pytestmark = pytest.mark.browser

AXE = pathlib.Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
RUN_AXE = """async () => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""
PAGES = {
    "home": lambda belt: "/",
    "belt": lambda belt: f"/belts/{DEMO_BELT}/",
    "site": lambda belt: Site.objects.get(belt=belt, sequence=2).get_absolute_url(),
    "search": lambda belt: "/search/?q=党群服务中心",
}


def describe(violations_by_page: dict[str, list[dict]]) -> str:
    """The violations as a readable list: page, rule, impact, help page, then each offending element."""
    lines = []
    for page_name, violations in violations_by_page.items():
        lines.append(f"{page_name}: {len(violations)} WCAG 2 A/AA rule(s) violated")
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
            for node in violation["nodes"]:
                lines.append(f"    at {json.dumps(node['target'], ensure_ascii=False)}: {node['html'][:160]}")
                lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


def test_public_pages_have_no_wcag_a_or_aa_violations(make_portal, demo):
    """Home, the belt, a site and search results, each as a visitor meets it (map drawn, tiles failed, popup open)."""
    # axe-core goes in as an inline script, which the portal's Content-Security-Policy rightly refuses.
    portal = make_portal(bypass_csp=True)
    page = portal.page
    violations_by_page = {}
    for page_name, path in PAGES.items():
        portal.open(path(demo))
        if page.locator("#map").count():
            expect(page.locator("#map .bead-marker").first).to_be_visible()
            expect(page.locator(".map-notice")).to_be_visible()
            portal.open_popup(page.locator("#map .bead-marker").nth(1 if page_name == "belt" else 0))
        page.add_script_tag(path=AXE)
        violations = page.evaluate(RUN_AXE)
        if violations:
            violations_by_page[page_name] = violations

    assert not violations_by_page, describe(violations_by_page)


def test_refusal_pages_have_no_wcag_a_or_aa_violations(make_portal):
    """What a visitor meets when something is refused or down: a bad address, a missing page, the database out
    of reach, a sign-in paused after five failures. Each in Chinese, fitting the screen, without A/AA faults."""
    portal = make_portal(bypass_csp=True)
    page = portal.page
    with translation.override("zh-hans"):
        unavailable = render_to_string("503.html")
    page.route(portal.url("/unavailable/"), lambda route: route.fulfill(status=503, body=unavailable))
    statuses, violations_by_page = {}, {}

    def check(name: str, status: int) -> None:
        statuses[name] = status
        portal.assert_fits_width()
        page.add_script_tag(path=AXE)
        if violations := page.evaluate(RUN_AXE):
            violations_by_page[name] = violations

    check("bad address", page.goto(portal.url("/search/?q=%00")).status)
    check("not found", page.goto(portal.url("/no-such-page/")).status)
    check("unavailable", page.goto(portal.url("/unavailable/")).status)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto(portal.url(reverse("admin:login")))
        page.fill("#id_username", "cangshan")
        page.fill("#id_password", "not the password")
        with page.expect_navigation() as navigation:
            page.click("input[type=submit]")
    check("sign-in paused", navigation.value.status)

    assert statuses == {"bad address": 400, "not found": 404, "unavailable": 503, "sign-in paused": 429}
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert not violations_by_page, describe(violations_by_page)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_map_controls_are_named_in_the_language_of_the_page(portal, demo):
    """WCAG 3.1.2: on a Chinese page a screen reader reads the map's buttons in Chinese, not Leaflet's English."""
    page = portal.page
    portal.open(f"/belts/{DEMO_BELT}/")
    portal.open_popup(page.locator("#map .bead-marker").first)

    controls = page.locator(".leaflet-control-zoom a, .leaflet-popup-close-button")
    expect(controls).to_have_count(3)
    names = [controls.nth(i).get_attribute("aria-label") for i in range(3)]

    assert all(re.search(r"[\u4e00-\u9fff]", name or "") for name in names), f"English names on a zh-hans page: {names}"


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_probe_reports_a_known_violation(new_page):
    """The probe itself works: a page with known faults gets them reported."""
    page = new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"><p style="color:#bbb">pale</p></main>')

    page.add_script_tag(path=AXE)
    violations = page.evaluate(RUN_AXE)

    assert {violation["id"] for violation in violations} >= {"image-alt", "color-contrast"}
