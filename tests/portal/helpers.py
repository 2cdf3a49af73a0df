"""Reading public pages in tests: the embedded map data, meta tags, cards, SQL statements issued."""

import json
import re

from django.utils import formats, translation

MAP_DATA = re.compile(r'<script id="map-data" type="application/json">(.*?)</script>', re.DOTALL)
# Transaction control around each request (ATOMIC_REQUESTS): savepoints inside the test's transaction.
TRANSACTION_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.IGNORECASE)


def tr(message: str, language: str = "zh-hans") -> str:
    """``message`` as the page shows it in ``language`` (Chinese, the default, unless told)."""
    with translation.override(language):
        return translation.gettext(message)


def ntr(singular: str, plural: str, count: int, language: str = "zh-hans") -> str:
    """A ``{% blocktranslate count counter=… %}`` phrase as the page shows it."""
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def formatted_date(value, format_name: str = "DATE_FORMAT", language: str = "zh-hans") -> str:
    """A date as the ``date`` filter shows it in ``language``."""
    with translation.override(language):
        return formats.date_format(value, format_name)


def in_language(value, language: str = "zh-hans") -> str:
    """A lazy label (a choice's label, a formatted value) rendered in ``language``."""
    with translation.override(language):
        return str(value() if callable(value) else value)


def map_block(response) -> str:
    """The raw text of the page's ``json_script`` map data block."""
    found = MAP_DATA.findall(response.text)
    assert len(found) == 1, "expected one map data block"
    return found[0]


def map_data(response) -> dict:
    return json.loads(map_block(response))


def meta(response, key: str) -> str:
    """The content of ``<meta name=key>`` or ``<meta property=key>``."""
    pattern = rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"'
    found = re.findall(pattern, response.text)
    assert len(found) == 1, f"expected one meta {key}"
    return found[0]


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.DOTALL).group(1)


def blocks(response, css_class: str, tag: str = "li") -> list[str]:
    """The inner HTML of each ``<tag class="css_class">`` element (not nested in itself)."""
    return re.findall(rf'<{tag} class="{css_class}"[^>]*>(.*?)</{tag}>', response.text, re.DOTALL)


def sql_statements(captured) -> list[str]:
    """The SQL a request issued, without the transaction control around it."""
    return [query["sql"] for query in captured.captured_queries if not TRANSACTION_CONTROL.match(query["sql"])]


def readable(response) -> str:
    """The page's HTML followed by its map data decoded, so that text in either can be looked for."""
    found = MAP_DATA.findall(response.text)
    decoded = [json.dumps(json.loads(block), ensure_ascii=False) for block in found]
    return "\n".join([response.text, *decoded])


def map_of(client, path: str) -> dict:
    """The map of the page at ``path`` as its script draws it: the embedded data, with the city map's sites
    fetched from ``points_url`` and grouped per belt as static/js/map.js does."""
    data = map_data(client.get(path))
    if "points_url" in data:
        points = client.get(data["points_url"]).json()
        belts = [{"name": belt["name"], "url": belt["url"], "sites": []} for belt in points["belts"]]
        for belt, n, pk, name, status, lat, lng in points["sites"]:
            belts[belt]["sites"].append(
                {"n": n, "name": name, "status": status, "url": f"/sites/{pk}/", "lat": lat, "lng": lng}
            )
        data["belts"] = belts
    return data
