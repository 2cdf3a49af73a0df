"""Search over published belt and site names, positioning and introduction; bad input gets a message."""

import pytest
from django.utils import translation

from portal.forms import SearchForm
from tests.factories import BeltFactory, SiteFactory
from tests.portal.helpers import blocks

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin", theme="沿闽江南岸串联党建阵地")
    return SiteFactory(
        belt=belt,
        name="江滨党群服务中心",
        positioning="两新组织红色驿站",
        introduction="中心由某科技公司党支部运营,面向快递小哥开放。",
    )


def results(response) -> str:
    assert response.status_code == 200
    return "".join(blocks(response, "results", tag="ul"))


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("党群服务", id="site name"),
        pytest.param("红色驿站", id="site positioning"),
        pytest.param("快递小哥", id="site introduction"),
    ],
)
def test_search_finds_site_by_name_positioning_or_introduction(client, site, query):
    assert site.get_absolute_url() in results(client.get("/search/", {"q": query}))


@pytest.mark.parametrize(
    "query",
    [pytest.param("南江滨", id="belt name"), pytest.param("闽江南岸", id="belt introduction")],
)
def test_search_finds_belt_by_name_or_introduction(client, site, query):
    assert site.belt.get_absolute_url() in results(client.get("/search/", {"q": query}))


def test_search_ignores_surrounding_spaces(client, site):
    assert site.get_absolute_url() in results(client.get("/search/", {"q": "  红色驿站  "}))


def test_search_without_match_says_so(client, site):
    response = client.get("/search/", {"q": "无此点位"})

    assert results(response) == ""
    with translation.override("zh-hans"):
        assert translation.gettext("Nothing matches “%(query)s”.") % {"query": "无此点位"} in response.text


@pytest.mark.parametrize("query", ["%", "_", "\\"])
def test_search_takes_wildcard_characters_literally(client, site, query):
    assert results(client.get("/search/", {"q": query})) == ""


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/search/", id="no q"),
        pytest.param("/search/?q=", id="empty q"),
        pytest.param("/search/?q=+++", id="blank q"),
    ],
)
def test_empty_search_shows_the_form_without_results_or_error(client, site, url):
    response = client.get(url)

    assert response.status_code == 200
    assert 'name="q"' in response.text
    assert results(response) == ""
    assert 'role="alert"' not in response.text


def test_search_longer_than_50_characters_gets_a_clear_message(client, site):
    query = "x" * 51

    response = client.get("/search/", {"q": query})

    with translation.override("zh-hans"):
        message = SearchForm({"q": query}).errors["q"][0]
    assert response.status_code == 200
    assert f'<p class="error" id="id_q_error" role="alert">{message}</p>' in response.text
    assert results(response) == ""


def test_search_with_null_character_gets_a_message_not_an_error(client, site):
    """Refused for every page by config.middleware.RefuseNulCharactersMiddleware, with a page saying why."""
    response = client.get("/search/?q=%00")

    assert response.status_code == 400
    assert "空字符" in response.text


@pytest.mark.parametrize(
    "extra",
    [
        "page=abc",
        "sort[]=name&sort[]=%01",
        "q2=%E4%B8%AD&format=json",
        "district=99999999999999999999999",
        "%ZZ=1",
    ],
)
def test_search_ignores_unknown_parameters(client, site, extra):
    plain = results(client.get("/search/", {"q": "红色驿站"}))

    assert results(client.get(f"/search/?q=%E7%BA%A2%E8%89%B2%E9%A9%BF%E7%AB%99&{extra}")) == plain


def test_search_lists_site_with_number_and_belt(client, site):
    found = results(client.get("/search/", {"q": "红色驿站"}))

    assert f'<a href="{site.get_absolute_url()}">{site.number} 江滨党群服务中心</a>' in found
    assert "南江滨示范带" in found
