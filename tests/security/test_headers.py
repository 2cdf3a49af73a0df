"""Every answer carries the security headers: a Content-Security-Policy without inline scripts, and the rest."""

import pytest

from belts.maps import PRESETS, tile_hosts

pytestmark = pytest.mark.django_db

PATHS = ["/", "/search/", "/api/sites/", "/api/docs/", "/admin/login/", "/healthz", "/no-such-page/"]


def policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", PATHS)
def test_scripts_come_only_from_the_portal_and_never_inline(client, path):
    directives = policy(client.get(path))

    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", PATHS)
def test_the_other_security_headers_are_sent(client, path):
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_images_may_come_from_the_configured_tile_servers_only(client):
    directives = policy(client.get("/"))

    assert directives["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]


@pytest.mark.parametrize(
    ("preset", "hosts"),
    [
        ("osm", ["https://tile.openstreetmap.org"]),
        ("tianditu", ["https://*.tianditu.gov.cn"]),
        ("autonavi", ["https://*.is.autonavi.com"]),
    ],
)
def test_each_tile_preset_names_the_hosts_its_layers_load_from(preset, hosts):
    assert preset in PRESETS
    assert list(tile_hosts(preset)) == hosts


def test_the_tile_servers_in_the_policy_follow_the_preset_in_use(client, settings):
    settings.MAP_TILE_PRESET = "autonavi"

    assert policy(client.get("/"))["img-src"] == ["'self'", "data:", "https://*.is.autonavi.com"]
