import pytest
from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

from config import views

pytestmark = pytest.mark.django_db

PAGE = "/admin/login/"
API_404 = "/api/no-such-endpoint/"


@pytest.fixture(autouse=True)
def default_language():
    """The middleware activates a language for the thread; leave none behind for the next test."""
    yield
    translation.deactivate()


# --- /healthz --------------------------------------------------------------------------------


def test_healthz_answers_200_json_when_database_answers(client):
    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "up"})


class _BrokenConnection:
    """Stands in for django.db.connection: every cursor fails as an unreachable server does."""

    def cursor(self):
        raise DatabaseError("connection refused")


def test_healthz_answers_503_when_database_fails(client, monkeypatch):
    monkeypatch.setattr(views, "connection", _BrokenConnection())

    response = client.get("/healthz")

    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "database": "down"})


def test_healthz_is_not_cached(client):
    response = client.get("/healthz")

    assert "no-cache" in response.headers["Cache-Control"]


# --- LanguageMiddleware: pages follow the chosen language, Chinese by default ------------------


def test_page_is_chinese_by_default_even_when_browser_asks_for_english(client):
    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.text


def test_page_is_english_with_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(PAGE)

    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.text


@pytest.mark.parametrize("cookie", ["xx", "fr", "../../etc"])
def test_page_falls_back_to_chinese_with_unknown_language_cookie(client, cookie):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "zh-hans"


def test_page_varies_on_cookie(client):
    response = client.get(PAGE)

    assert "Cookie" in response.headers["Vary"]


# --- LanguageMiddleware: the API honours Accept-Language -----------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-CN,zh;q=0.9", "zh-hans"), ("fr", "zh-hans"), (None, "zh-hans")],
)
def test_api_path_honours_accept_language(client, accept_language, expected):
    headers = {} if accept_language is None else {"HTTP_ACCEPT_LANGUAGE": accept_language}

    response = client.get(API_404, **headers)

    assert (response.status_code, response.headers["Content-Language"]) == (404, expected)


def test_api_path_varies_on_accept_language(client):
    response = client.get(API_404, HTTP_ACCEPT_LANGUAGE="en")

    assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/admin/login/", "/"])
def test_every_page_offers_the_language_switch(client, path):
    html = client.get(path).content.decode()

    assert f'href="/lang/en/?next={path}"' in html


def test_switching_to_english_and_back_changes_the_admin_language(client):
    client.get("/lang/en/", {"next": "/admin/login/"})
    english = client.get("/admin/login/").content.decode()
    client.get("/lang/zh-hans/", {"next": "/admin/login/"})
    chinese = client.get("/admin/login/").content.decode()

    assert "Log in" in english
    assert "登录" in chinese


def test_language_switch_returns_to_the_page_it_came_from(client):
    response = client.get("/lang/en/", {"next": "/search/?q=1"})

    assert response.status_code == 302
    assert response["Location"] == "/search/?q=1"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("target", ["https://evil.example.org/", "//evil.example.org/", "javascript:alert(1)"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/lang/en/", {"next": target})

    assert response["Location"] == "/"


def test_language_switch_refuses_unknown_language(client):
    response = client.get("/lang/fr/", {"next": "/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_server_error_page_is_styled_and_says_what_happened(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "/static/css/site.css" in html
    assert "出错了" in html


def test_a_fault_in_a_view_reaches_the_styled_500_page_not_a_traceback(client, monkeypatch):
    from portal import views as portal_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(portal_views.selectors, "city_figures", broken)
    client.raise_request_exception = False

    response = client.get("/")

    assert response.status_code == 500
    assert "出错了" in response.content.decode()
    assert "boom" not in response.content.decode()
