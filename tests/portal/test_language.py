"""Chinese by default and complete on the public pages; English on the visitor's explicit choice."""

import pytest

from tests.factories import BeltFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(district):
    site = SiteFactory(belt=BeltFactory(district=district, slug="nanjiangbin"))
    ProjectFactory(site=site)
    return site


# Text each page shows in English, which the Chinese page must show translated.
PAGE_TEXT = [
    pytest.param(lambda site: "/", "projects completed", id="home"),
    pytest.param(lambda site: site.belt.get_absolute_url(), "Bead sites in order", id="belt"),
    pytest.param(lambda site: site.get_absolute_url(), "Positioning", id="site"),
    pytest.param(lambda site: "/search/", "Site or belt name, positioning", id="search"),
    pytest.param(lambda site: "/no-such-page/", "Page not found", id="404"),
]


@pytest.mark.parametrize(("url", "text"), PAGE_TEXT)
def test_page_is_in_english_with_the_language_cookie(english, site, url, text):
    response = english.get(url(site))

    assert response.headers["Content-Language"] == "en"
    assert '<html lang="en">' in response.text
    assert text in response.text


@pytest.mark.parametrize(("url", "text"), PAGE_TEXT)
def test_page_is_in_chinese_by_default_even_for_an_english_browser(client, site, url, text):
    response = client.get(url(site), HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.text
    assert text not in response.text


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client, settings, site):
    response = client.get("/lang/en/", {"next": site.get_absolute_url()})

    assert response.status_code == 302
    assert response.headers["Location"] == site.get_absolute_url()
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_is_followed_by_english_pages(client, site):
    response = client.get("/lang/en/", {"next": site.get_absolute_url()}, follow=True)

    assert '<html lang="en">' in response.text


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_language_switch_never_leaves_the_portal(client, target):
    response = client.get("/lang/en/", {"next": target})

    assert response.headers["Location"] == "/"


def test_language_switch_to_unknown_language_is_404(client):
    assert client.get("/lang/fr/").status_code == 404


@pytest.mark.parametrize(("cookie", "other"), [(None, "en"), ("en", "zh-hans")])
def test_page_links_to_the_other_language(client, settings, site, cookie, other):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    url = site.get_absolute_url()

    text = client.get(url).text

    assert f'href="/lang/{other}/?next={url}"' in text
