"""Public pages are cached whole, per language, and made stale by any change to a record they show."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sites.models import Site
from sites.services import photo_save
from tests.factories import (
    ActivityFactory,
    BeltFactory,
    MilestoneFactory,
    PhotoFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.portal.helpers import readable, sql_statements

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(district):
    belt = BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")
    site = SiteFactory(belt=belt, name="江滨党群服务中心")
    project = ProjectFactory(site=site, title="二期装修", percent_complete=40)
    MilestoneFactory(project=project, title="完成设计")
    PhotoFactory(site=site, caption="服务中心外景")
    ActivityFactory(site=site, title="主题党日")
    return site


CACHED_PAGES = [
    pytest.param(lambda site: "/", id="home"),
    pytest.param(lambda site: site.belt.get_absolute_url(), id="belt"),
    pytest.param(lambda site: site.get_absolute_url(), id="site"),
    pytest.param(lambda site: f"/sites/{site.pk}/qr.svg", id="qr"),
    pytest.param(lambda site: "/search/?q=江滨", id="search"),
]


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_second_request_of_page_issues_no_sql(client, site, url):
    first = client.get(url(site))

    with CaptureQueriesContext(connection) as captured:
        second = client.get(url(site))

    assert sql_statements(captured) == []
    assert second.content == first.content


@pytest.mark.parametrize("url", CACHED_PAGES)
def test_cached_page_may_be_kept_by_browsers_for_a_minute(client, site, url):
    response = client.get(url(site))

    assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=60"}


def rename_site(site):
    site.name = "江滨党群服务驿站"
    site.save()
    return "江滨党群服务驿站"


def advance_project(site):
    project = site.projects.get()
    project.percent_complete = 73
    project.save()
    return '<progress max="100" value="73"'


def rename_belt(site):
    site.belt.name = "闽江南岸示范带"
    site.belt.save()
    return "闽江南岸示范带"


def rename_district(site):
    site.belt.district.name = "仓山新区"
    site.belt.district.save()
    return "仓山新区"


def rename_milestone(site):
    milestone = site.projects.get().milestones.get()
    milestone.title = "完成施工图设计"
    milestone.save()
    return "完成施工图设计"


def recaption_photo(site):
    photo = site.photos.get()
    photo.caption = "服务中心夜景"
    photo_save(photo=photo)
    return "服务中心夜景"


def rename_organization(site):
    site.organization.name = "福州江滨科技有限公司"
    site.organization.save()
    return "福州江滨科技有限公司"


def add_activity(site):
    ActivityFactory(site=site, title="政策宣讲会")
    return "政策宣讲会"


@pytest.mark.parametrize(
    ("url", "change"),
    [
        pytest.param(lambda site: site.get_absolute_url(), rename_site, id="site renamed, site page"),
        pytest.param(lambda site: site.belt.get_absolute_url(), rename_site, id="site renamed, belt page"),
        pytest.param(lambda site: "/map/sites.json", rename_site, id="site renamed, home map"),
        pytest.param(lambda site: site.get_absolute_url(), advance_project, id="project percent, site page"),
        pytest.param(lambda site: site.belt.get_absolute_url(), advance_project, id="project percent, belt page"),
        pytest.param(lambda site: "/", rename_belt, id="belt renamed, home"),
        pytest.param(lambda site: "/", rename_district, id="district renamed, home"),
        pytest.param(lambda site: site.get_absolute_url(), rename_milestone, id="milestone renamed"),
        pytest.param(lambda site: site.get_absolute_url(), recaption_photo, id="photo caption"),
        pytest.param(lambda site: site.get_absolute_url(), rename_organization, id="organisation renamed"),
        pytest.param(lambda site: site.get_absolute_url(), add_activity, id="activity added"),
    ],
)
def test_saving_a_record_the_page_shows_refreshes_the_page(client, site, url, change):
    client.get(url(site))

    expected = change(site)

    assert expected in readable(client.get(url(site)))


def test_unpublishing_a_site_removes_its_cached_page(client, site):
    client.get(site.get_absolute_url())
    site.published = False
    site.save()

    assert client.get(site.get_absolute_url()).status_code == 404


def test_deleting_a_project_removes_it_from_the_cached_page(client, site):
    client.get(site.get_absolute_url())
    site.projects.get().delete()

    assert "二期装修" not in client.get(site.get_absolute_url()).text


def test_not_found_answer_is_not_cached(client, site):
    site.published = False
    site.save()
    client.get(site.get_absolute_url())
    Site.objects.filter(pk=site.pk).update(published=True)  # no signal: only an uncached 404 shows the change

    assert client.get(site.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/search/?q=" + quote("江滨党群服务中心" * 6), id="search of 48 chinese characters"),
        pytest.param("/?utm_source=wechat&utm_campaign=" + "x" * 300, id="home with long tracking parameters"),
    ],
)
def test_long_address_is_cached_under_a_key_valid_for_every_cache_backend(client, site, url):
    # Keys over 250 characters raise CacheKeyWarning (memcached refuses them); this suite makes it an error.
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("cookie", "lang"),
    [pytest.param(None, '<html lang="zh-hans">', id="chinese"), pytest.param("en", '<html lang="en">', id="english")],
)
def test_pages_are_cached_per_language(client, settings, site, cookie, lang):
    other = "en" if cookie is None else "zh-hans"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = other
    client.get(site.get_absolute_url())  # cached in the other language
    if cookie is None:
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    else:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie

    assert lang in client.get(site.get_absolute_url()).text


# --- Each process's recent copies ---------------------------------------------------------------------


def test_an_emptied_cache_never_brings_back_a_processs_recent_copy(client, site):
    """After a Redis restart the version starts afresh from the clock: no key of an old page comes back."""
    from django.core.cache import cache

    assert site.name in client.get(site.get_absolute_url()).text
    Site.objects.filter(pk=site.pk).update(name="未经信号改名")  # no save signal: only the emptied cache tells
    cache.clear()

    assert "未经信号改名" in client.get(site.get_absolute_url()).text


def test_recent_copies_keep_to_their_byte_limit_dropping_the_oldest():
    from django.http import HttpResponse

    from config.caching import RecentResponses

    recent = RecentResponses(limit=10)
    recent.put("a", HttpResponse(b"12345"))
    recent.put("b", HttpResponse(b"12345"))
    recent.get("a")  # used: now the newest
    recent.put("c", HttpResponse(b"123"))
    recent.put("too big", HttpResponse(b"12345678901"))

    assert [key for key in ("a", "b", "c", "too big") if recent.get(key) is not None] == ["a", "c"]


def test_what_one_visitor_is_sent_never_changes_the_copy_the_next_one_gets(client, site):
    first = client.get(site.get_absolute_url())
    first.set_cookie("sessionid", "the-first-visitors-session")
    first["X-Only-For-The-First"] = "1"

    again = client.get(site.get_absolute_url())

    assert "sessionid" not in again.cookies and not again.has_header("X-Only-For-The-First")
    assert again.content == first.content
