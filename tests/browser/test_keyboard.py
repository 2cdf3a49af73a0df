"""Keyboard use: the skip link comes first, the map's beads open with Enter, every focus ring can be seen."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_BELT

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    className: String(element.className),
    id: element.id,
    text: element.textContent.trim(),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth,
  };
}"""


def test_keyboard_reaches_the_skip_link_first_then_the_map_beads(portal, demo):
    page = portal.page
    portal.open(f"/belts/{DEMO_BELT}/")
    expect(page.locator("#map .bead-marker")).to_have_count(8)

    page.keyboard.press("Tab")

    focused = page.evaluate(FOCUSED)
    assert focused["className"] == "skip-link", focused
    assert focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0, focused
    assert focused["onScreen"], focused

    page.keyboard.press("Enter")

    assert page.evaluate(FOCUSED)["id"] == "main"
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if "bead-marker" in focused["className"]:
            break
    else:
        pytest.fail("Tab from the content never reached a bead on the map")
    assert focused["text"] == "01", focused
    assert focused["outlineStyle"] != "none" and focused["outlineWidth"] > 0, focused
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "02"

    page.keyboard.press("Enter")

    popup = page.locator(".leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.locator("strong")).to_contain_text("02 ")


# The focus ring of the focused element and the colours just outside it on each side
# on screen: for an outline drawn outside the box that is whatever lies behind it.
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const middle = [box.left + box.width / 2, box.top + box.height / 2];
  const points = [
    [box.right + reach, middle[1]], [box.left - reach, middle[1]],
    [middle[0], box.bottom + reach], [middle[0], box.top - reach],
  ].filter(([x, y]) => x >= 0 && y >= 0 && x < window.innerWidth && y < window.innerHeight);
  const backdrop = ([x, y]) => {
    let node = document.elementFromPoint(x, y);
    if (node && element.contains(node)) node = element;
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/^rgba\\(.*,\\s*0\\)$|^transparent$/.test(colour)) return colour;
    }
    return 'rgb(255, 255, 255)';
  };
  const text = (element.getAttribute('aria-label') || element.textContent).trim().slice(0, 30);
  return {
    element: [element.tagName.toLowerCase(), ...element.classList].join('.') + ` "${text}"`,
    isBody: element === document.body,
    outlineStyle: style.outlineStyle,
    outlineColour: style.outlineColor,
    backdrops: points.map(backdrop),
  };
}"""


def relative_luminance(css_colour: str) -> float:
    red, green, blue = (float(part) / 255 for part in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_focus_ring_stands_out_from_what_lies_behind_it(portal, demo):
    """WCAG 1.4.11: a focus indicator needs 3:1 against its adjacent colours, on every side it is drawn.

    Tabs through every stop of the belt page and of a site page (masthead, map, cards, links along the belt).
    """
    page = portal.page
    faint = []
    for path in (f"/belts/{DEMO_BELT}/", demo.sites.get(sequence=2).get_absolute_url()):
        portal.open(path)
        expect(page.locator("#map .bead-marker").first).to_be_visible()
        stops = []
        for _ in range(60):
            page.keyboard.press("Tab")
            ring = page.evaluate(FOCUS_RING)
            if ring["isBody"] or ring["element"] in stops:
                break
            stops.append(ring["element"])
            worst = min((contrast(ring["outlineColour"], colour) for colour in ring["backdrops"]), default=21.0)
            if ring["outlineStyle"] == "none" or worst < 3:
                faint.append(
                    f"{path} {ring['element']}: {ring['outlineStyle']} {ring['outlineColour']} "
                    f"on {ring['backdrops']} ({worst:.2f}:1)"
                )
        assert len(stops) > 5, stops

    assert not faint, "focus rings too faint (below 3:1) or missing:\n" + "\n".join(faint)
