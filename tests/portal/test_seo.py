"""What search engines and link previews read: titles, descriptions, Open Graph tags, sitemap, robots.txt."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import BeltFactory, PhotoFactory, SiteFactory
from tests.portal.helpers import meta, title, tr

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PORTAL = "Party-building demonstration belts"


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin", theme="沿闽江南岸串联八个党建阵地。")
    return SiteFactory(belt=belt, name="江滨党群服务中心", positioning="服务沿江两新组织的党群服务阵地")


def sitemap_locations(response) -> list[str]:
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input
    return [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]


# --- <title>, description, Open Graph -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(lambda site: "/", lambda site: tr(PORTAL), id="home"),
        pytest.param(lambda site: site.belt.get_absolute_url(), lambda site: f"南江滨示范带 · {tr(PORTAL)}", id="belt"),
        pytest.param(lambda site: site.get_absolute_url(), lambda site: "江滨党群服务中心 · 南江滨示范带", id="site"),
        pytest.param(lambda site: "/search/", lambda site: f"{tr('Search')} · {tr(PORTAL)}", id="search"),
    ],
)
def test_page_has_its_own_title(client, site, url, expected):
    assert title(client.get(url(site))) == expected(site)


@pytest.mark.parametrize(
    ("url", "tags"),
    [
        pytest.param(
            lambda site: site.belt.get_absolute_url(),
            {"og:title": "南江滨示范带", "description": "沿闽江南岸串联八个党建阵地。"},
            id="belt",
        ),
        pytest.param(
            lambda site: site.get_absolute_url(),
            {"og:title": "江滨党群服务中心", "description": "服务沿江两新组织的党群服务阵地"},
            id="site",
        ),
    ],
)
def test_page_describes_itself_in_meta_and_open_graph(client, site, url, tags):
    response = client.get(url(site))

    assert {
        "og:title": meta(response, "og:title"),
        "description": meta(response, "description"),
        "og:description": meta(response, "og:description"),
    } == {**tags, "og:description": tags["description"]}


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda site: "/", id="home"),
        pytest.param(lambda site: site.belt.get_absolute_url(), id="belt"),
        pytest.param(lambda site: site.get_absolute_url(), id="site"),
    ],
)
def test_open_graph_url_is_the_page_absolute_address(client, site, url):
    assert meta(client.get(url(site)), "og:url") == f"http://testserver{url(site)}"


def test_site_without_positioning_is_described_by_its_name(client, site):
    site.positioning = ""
    site.save()

    assert meta(client.get(site.get_absolute_url()), "description") == "江滨党群服务中心"


def test_long_positioning_is_shortened_in_the_description(client, site):
    site.positioning = "党" * 200
    site.save()

    assert len(meta(client.get(site.get_absolute_url()), "description")) == 150


def test_site_preview_image_is_its_first_thumbnail(client, site):
    photo = PhotoFactory(site=site)

    assert meta(client.get(site.get_absolute_url()), "og:image") == f"http://testserver{photo.thumbnail.url}"


@pytest.mark.parametrize(("cookie", "locale"), [(None, "zh_CN"), ("en", "en_US")])
def test_open_graph_locale_follows_the_language(client, settings, site, cookie, locale):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    assert meta(client.get(site.get_absolute_url()), "og:locale") == locale


# --- robots.txt -----------------------------------------------------------------------------------


def test_robots_txt_is_plain_text_naming_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text.splitlines()


def test_robots_txt_names_the_sitemap_on_the_portal_base_url(client, settings):
    settings.PORTAL_BASE_URL = "https://belts.example.gov.cn"

    assert "Sitemap: https://belts.example.gov.cn/sitemap.xml" in client.get("/robots.txt").text.splitlines()


def test_robots_txt_keeps_crawlers_out_of_admin(client):
    assert "Disallow: /admin/" in client.get("/robots.txt").text.splitlines()


# --- sitemap.xml --------------------------------------------------------------------------------


def test_sitemap_lists_home_and_published_belts_and_sites_only(client, site):
    hidden_belt = BeltFactory(district=site.belt.district, slug="hidden", published=False)
    SiteFactory(belt=hidden_belt)
    SiteFactory(belt=site.belt, published=False)

    assert sitemap_locations(client.get("/sitemap.xml")) == [
        "http://testserver/",
        "http://testserver/belts/nanjiangbin/",
        f"http://testserver/sites/{site.pk}/",
    ]


def test_sitemap_lists_addresses_on_the_portal_base_url(client, settings, site):
    # settings.PORTAL_BASE_URL: "The public address printed on plaques (QR codes) and in sitemaps".
    settings.PORTAL_BASE_URL = "https://belts.example.gov.cn"

    assert sitemap_locations(client.get("/sitemap.xml")) == [
        "https://belts.example.gov.cn/",
        "https://belts.example.gov.cn/belts/nanjiangbin/",
        f"https://belts.example.gov.cn/sites/{site.pk}/",
    ]
