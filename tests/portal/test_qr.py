"""The QR code on a site's plaque: an SVG of the site's absolute public address."""

import io

import pytest
import segno

from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db


def qr_svg(content: str) -> bytes:
    """``content`` as a QR code, rendered as the plaque's SVG is."""
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue()


@pytest.fixture
def site():
    return SiteFactory()


def test_qr_code_is_svg(client, site):
    response = client.get(f"/sites/{site.pk}/qr.svg")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml")
    assert b"<svg" in response.content


def test_qr_code_encodes_the_site_address_on_the_request_host(client, site):
    response = client.get(f"/sites/{site.pk}/qr.svg")

    assert response.content == qr_svg(f"http://testserver/sites/{site.pk}/")


def test_qr_code_encodes_the_portal_base_url_when_set(client, settings, site):
    settings.PORTAL_BASE_URL = "https://belts.example.gov.cn"

    response = client.get(f"/sites/{site.pk}/qr.svg")

    assert response.content == qr_svg(f"https://belts.example.gov.cn/sites/{site.pk}/")


def test_qr_code_differs_from_site_to_site(client, site):
    other = SiteFactory(belt=site.belt)

    assert client.get(f"/sites/{site.pk}/qr.svg").content != client.get(f"/sites/{other.pk}/qr.svg").content
