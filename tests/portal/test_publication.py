"""Only published belts, sites and projects appear anywhere public; anything else is the styled 404."""

from types import SimpleNamespace

import pytest

from tests.factories import BeltFactory, ProjectFactory, SiteFactory
from tests.portal.helpers import map_of, tr

pytestmark = pytest.mark.django_db

HIDDEN_NAMES = ["隐藏示范带", "隐藏带上串珠", "隐藏串珠", "隐藏定位", "隐藏项目"]


@pytest.fixture
def world(district):
    """A published belt with an unpublished site between two published ones, and an unpublished belt."""
    belt = BeltFactory(district=district, name="公开示范带", slug="public-belt")
    first = SiteFactory(belt=belt, sequence=1, name="公开串珠甲")
    hidden_site = SiteFactory(belt=belt, sequence=2, name="隐藏串珠", positioning="隐藏定位", published=False)
    last = SiteFactory(belt=belt, sequence=3, name="公开串珠乙")
    hidden_belt = BeltFactory(district=district, name="隐藏示范带", slug="hidden-belt", published=False)
    site_on_hidden_belt = SiteFactory(belt=hidden_belt, sequence=1, name="隐藏带上串珠")
    ProjectFactory(site=first, title="公开项目")
    ProjectFactory(site=first, title="隐藏项目", published=False)
    return SimpleNamespace(
        belt=belt,
        first=first,
        last=last,
        hidden_site=hidden_site,
        hidden_belt=hidden_belt,
        site_on_hidden_belt=site_on_hidden_belt,
        hidden_urls=[
            hidden_belt.get_absolute_url(),
            hidden_site.get_absolute_url(),
            site_on_hidden_belt.get_absolute_url(),
        ],
    )


def assert_styled_404(response):
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert tr("Page not found") in response.text


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda w: w.hidden_belt.get_absolute_url(), id="unpublished belt"),
        pytest.param(lambda w: w.site_on_hidden_belt.get_absolute_url(), id="published site on unpublished belt"),
        pytest.param(lambda w: w.hidden_site.get_absolute_url(), id="unpublished site"),
        pytest.param(lambda w: f"/sites/{w.site_on_hidden_belt.pk}/qr.svg", id="qr of site on unpublished belt"),
        pytest.param(lambda w: f"/sites/{w.hidden_site.pk}/qr.svg", id="qr of unpublished site"),
    ],
)
def test_unpublished_record_page_is_404(client, world, url):
    assert_styled_404(client.get(url(world)))


PUBLIC_PAGES = [
    pytest.param(lambda w: "/", id="home"),
    pytest.param(lambda w: w.belt.get_absolute_url(), id="belt"),
    pytest.param(lambda w: w.first.get_absolute_url(), id="site before the unpublished one"),
    pytest.param(lambda w: w.last.get_absolute_url(), id="site after the unpublished one"),
    pytest.param(lambda w: "/search/?q=隐藏", id="search"),
    pytest.param(lambda w: "/sitemap.xml", id="sitemap"),
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_unpublished_records_are_not_shown_on_public_pages(client, world, url):
    response = client.get(url(world))

    assert response.status_code == 200
    assert [name for name in HIDDEN_NAMES if name in response.text] == []


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_do_not_link_to_unpublished_records(client, world, url):
    response = client.get(url(world))

    assert [
        hidden for hidden in world.hidden_urls if f"{hidden}<" in response.text or f'{hidden}"' in response.text
    ] == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(lambda w: "/", ["公开串珠甲", "公开串珠乙"], id="home"),
        pytest.param(lambda w: w.belt.get_absolute_url(), ["公开串珠甲", "公开串珠乙"], id="belt"),
    ],
)
def test_map_data_holds_only_published_sites(client, world, url, expected):
    assert [site["name"] for belt in map_of(client, url(world))["belts"] for site in belt["sites"]] == expected


def test_neighbour_links_skip_unpublished_site(client, world):
    text = client.get(world.first.get_absolute_url()).text

    assert f'<a rel="next" href="{world.last.get_absolute_url()}">03 公开串珠乙 →</a>' in text


@pytest.mark.parametrize(
    "url",
    [
        "/belts/no-such-belt/",
        "/belts/中文名/",
        "/sites/987654/",
        "/sites/987654/qr.svg",
        "/sites/0/",
        "/sites/-1/",
        "/sites/abc/",
        "/sites/999999999999999999/",
        "/sites/99999999999999999999999/",
        "/sites/99999999999999999999999/qr.svg",
        "/no-such-page/",
    ],
)
def test_unknown_address_gets_styled_404(client, url):
    assert_styled_404(client.get(url))
