"""Every refusal of the API comes in the one error shape, as JSON, in the request's language, and never as a 500."""

import json
import uuid

import pytest
import redis
from django import forms
from django.utils import translation
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from belts.api.listing import MAX_PAGE_SIZE
from config.api_errors import NON_FIELD_ERRORS
from sites.models import Site
from tests.factories import BeltFactory, ProgressUpdateFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "message", "errors"}


def refusal(response, status: int, code: str | None = None) -> dict:
    """The error body of ``response``, checked to be JSON in the one shape with ``status`` (and ``code``)."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == ERROR_KEYS
    assert body["status"] == status
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)
    if code is not None:
        assert body["code"] == code
    return body


@pytest.fixture
def root(client_for, superuser):
    return client_for(superuser)


@pytest.fixture
def belt(district):
    return BeltFactory(district=district)


@pytest.fixture
def site(belt):
    return SiteFactory(belt=belt, sequence=1)


# --- Wrong bodies --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sequence", "abc"),
        ("sequence", 10**20),
        ("sequence", 0),
        ("sequence", [1]),
        ("name", {"zh": "名称"}),
        ("name", "串\x00珠"),
        ("name", "串" * 101),
        ("latitude", "north"),
        ("latitude", 91),
        ("longitude", "1e400"),
        ("published", "maybe"),
        ("belt_id", "abc"),
        ("belt_id", 999999),
        ("organization_id", [1, 2]),
        ("status", "bogus"),
        ("area_m2", -5),
    ],
)
def test_a_wrong_value_in_a_post_body_is_refused_naming_the_field(root, belt, field, value):
    body = {"belt_id": belt.pk, "sequence": 1, "name": "新串珠", "status": "planned", field: value}

    response = root.post("/api/sites/", body, format="json")

    errors = refusal(response, 400, "invalid")["errors"]
    assert field in errors and errors[field]
    assert not Site.objects.exists()


def test_a_body_that_is_not_an_object_is_refused(root):
    response = root.post("/api/sites/", [1, 2, 3], format="json")

    assert NON_FIELD_ERRORS in refusal(response, 400, "invalid")["errors"]


def test_missing_required_fields_are_each_named(root):
    response = root.post("/api/sites/", {}, format="json")

    assert {"belt_id", "sequence", "name"} <= set(refusal(response, 400, "invalid")["errors"])


@pytest.mark.parametrize("raw", ['{"name": ', "{'name': 'x'}", "NaN", "\xff\xfe", '{"sequence": 1,}'])
def test_malformed_json_is_refused(root, raw):
    response = root.generic("POST", "/api/sites/", raw.encode("latin-1"), content_type="application/json")

    body = refusal(response, 400, "parse_error")
    # Said in the request's language, without the parser's own technical words.
    assert body["message"] == "无法读取请求体：请检查其格式是否正确、是否与 Content-Type 相符。"


def test_a_body_of_another_media_type_is_refused_with_415(root):
    response = root.generic("POST", "/api/sites/", b"name=x", content_type="text/plain")

    refusal(response, 415, "unsupported_media_type")


def test_a_json_body_to_the_photo_upload_is_refused_with_415(root, site):
    response = root.post("/api/photos/", {"site_id": site.pk}, format="json")

    refusal(response, 415, "unsupported_media_type")


def test_a_request_over_the_upload_size_limit_is_refused_with_400(root, belt, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = {"belt_id": belt.pk, "sequence": 1, "name": "新串珠", "introduction": "长" * 2000}

    response = root.post("/api/sites/", body, format="json")

    refusal(response, 400)
    assert not Site.objects.exists()


def test_a_multipart_request_over_the_upload_size_limit_is_refused_with_400(root, site, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024

    response = root.post("/api/photos/", {"site_id": site.pk, "caption": "x" * 4000}, format="multipart")

    refusal(response, 400)


# --- Wrong media type asked for, wrong method ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/sites/", "/api/sites/geojson/", "/api/districts/"])
def test_asking_for_xml_is_refused_with_406_in_json(api, site, path):
    response = api.get(path, HTTP_ACCEPT="application/xml")

    refusal(response, 406, "not_acceptable")


def test_asking_for_xml_is_refused_with_406_on_a_detail(api, site):
    refusal(api.get(f"/api/sites/{site.pk}/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("DELETE", "/api/sites/{site}/"),
        ("DELETE", "/api/sites/"),
        ("DELETE", "/api/belts/{belt}/"),
        ("PUT", "/api/districts/{district}/"),
        ("PATCH", "/api/districts/{district}/"),
        ("POST", "/api/districts/"),
        ("POST", "/api/sites/geojson/"),
        ("PUT", "/api/progress-updates/1/"),
        ("PUT", "/api/progress-updates/{update}/"),
        ("DELETE", "/api/photos/1/"),
    ],
)
def test_a_method_the_endpoint_does_not_offer_is_refused_with_405(root, site, method, path):
    update = ProgressUpdateFactory(project__site=site)
    url = path.format(site=site.pk, belt=site.belt_id, district=site.belt.district_id, update=update.pk)

    response = root.generic(method, url, b"{}", content_type="application/json")

    refusal(response, 405, "method_not_allowed")
    assert method not in response["Allow"]


# --- Unknown addresses and pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/nothing/",
        "/api/nothing",
        "/api/sites/abc/",
        "/api/sites/999999/",
        "/api/sites/1.5/",
        "/api/sites/%00/",
        "/api/sites/{site}/nothing/",
        "/api/v2/sites/",
    ],
)
def test_an_unknown_address_under_api_is_a_json_404(api, site, path):
    response = api.get(path.format(site=site.pk))

    refusal(response, 404, "not_found")


def test_another_districts_draft_is_a_404_like_a_missing_row(client_for, district_editor, other_district):
    draft = SiteFactory(belt=BeltFactory(district=other_district), published=False)

    missing = refusal(client_for(district_editor).get("/api/sites/999999/"), 404, "not_found")
    hidden = refusal(client_for(district_editor).get(f"/api/sites/{draft.pk}/"), 404, "not_found")

    assert hidden == missing


def test_a_page_past_the_end_is_a_404(api, site):
    refusal(api.get("/api/sites/", {"page": 999}), 404, "not_found")


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_page_number_is_refused_naming_page(api, site, page):
    response = api.get("/api/sites/", {"page": page})

    assert list(refusal(response, 400, "invalid")["errors"]) == ["page"]


@pytest.mark.parametrize("size", ["0", str(MAX_PAGE_SIZE + 1), "abc", "-1", "1.5", "99999999999999999999"])
def test_a_page_size_out_of_range_is_refused_naming_page_size(api, site, size):
    response = api.get("/api/sites/", {"page_size": size})

    assert list(refusal(response, 400, "invalid")["errors"]) == ["page_size"]


@pytest.mark.parametrize("size", ["1", str(MAX_PAGE_SIZE)])
def test_the_page_size_limits_are_accepted(api, site, size):
    assert api.get("/api/sites/", {"page_size": size}).status_code == 200


@pytest.mark.parametrize("value", ["串\x00珠", "\x00"])
def test_a_nul_character_in_a_query_parameter_is_refused_not_a_500(api, site, value):
    response = api.get("/api/sites/", {"search": value})

    assert list(refusal(response, 400, "invalid")["errors"]) == ["search"]


# --- Who may: 401 and 403 in the same shape ----------------------------------------------------------------


def test_an_anonymous_write_is_refused_with_401(api, belt):
    response = api.post("/api/sites/", {"belt_id": belt.pk, "sequence": 1, "name": "x"}, format="json")

    refusal(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")


def test_a_bad_token_is_refused_with_401(api, site):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    refusal(api.get("/api/sites/"), 401, "authentication_failed")


def test_a_staff_list_is_refused_to_a_signed_in_non_staff_user(client_for):
    refusal(client_for(UserFactory(username="visitor")).get("/api/inspections/"), 403, "permission_denied")


# --- Messages in the request's language --------------------------------------------------------------------


def in_language(language: str, message) -> str:
    with translation.override(language):
        return str(message)


def test_messages_default_to_simplified_chinese(api, site):
    response = api.get("/api/sites/999999/")

    assert response["Content-Language"] == "zh-hans"
    assert refusal(response, 404)["message"] == in_language("zh-hans", exceptions.NotFound.default_detail)
    assert refusal(response, 404)["message"] != in_language("en", exceptions.NotFound.default_detail)


def test_an_unsupported_language_falls_back_to_simplified_chinese(api, site):
    response = api.get("/api/sites/999999/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")

    assert refusal(response, 404)["message"] == in_language("zh-hans", exceptions.NotFound.default_detail)


LANGUAGES = [("en", "en-GB,en;q=0.9"), ("zh-hans", "zh-CN,zh;q=0.9")]


@pytest.fixture(params=LANGUAGES, ids=[language for language, _header in LANGUAGES])
def language(request):
    """``(language, Accept-Language header)``: each test runs once in English and once in Chinese."""
    return request.param


def test_not_found_follows_accept_language(api, site, language):
    code, header = language

    for path in ("/api/sites/999999/", "/api/sites/abc/"):
        response = api.get(path, HTTP_ACCEPT_LANGUAGE=header)
        assert response["Content-Language"] == code
        assert refusal(response, 404)["message"] == in_language(code, exceptions.NotFound.default_detail)


def test_unknown_address_follows_accept_language(api, language):
    code, header = language

    body = refusal(api.get("/api/nothing/", HTTP_ACCEPT_LANGUAGE=header), 404)

    with translation.override(code):
        assert body["message"] == translation.gettext("There is no API endpoint at this address.")


def test_filter_errors_follow_accept_language(api, site, language):
    code, header = language

    body = refusal(api.get("/api/sites/", {"status": "bogus"}, HTTP_ACCEPT_LANGUAGE=header), 400)

    invalid_choice = forms.ChoiceField.default_error_messages["invalid_choice"]
    assert body["errors"]["status"] == [in_language(code, invalid_choice) % {"value": "bogus"}]
    with translation.override(code):
        assert body["message"] == translation.gettext("The request has errors in the fields listed.")


def test_body_field_errors_follow_accept_language(root, belt, language):
    code, header = language

    response = root.post(
        "/api/sites/", {"belt_id": belt.pk, "sequence": "abc", "name": "x"}, format="json", HTTP_ACCEPT_LANGUAGE=header
    )

    expected = in_language(code, serializers.IntegerField.default_error_messages["invalid"])
    assert refusal(response, 400)["errors"]["sequence"] == [expected]


def test_page_size_errors_follow_accept_language(api, site, language):
    code, header = language

    body = refusal(api.get("/api/sites/", {"page_size": 0}, HTTP_ACCEPT_LANGUAGE=header), 400)

    with translation.override(code):
        assert body["errors"]["page_size"] == [
            translation.gettext("Enter a whole number from 1 to %(max)d.") % {"max": MAX_PAGE_SIZE}
        ]


def test_invalid_page_follows_accept_language(api, site, language):
    code, header = language

    body = refusal(api.get("/api/sites/", {"page": 999}, HTTP_ACCEPT_LANGUAGE=header), 404)

    assert body["message"] == in_language(code, PageNumberPagination.invalid_page_message)


def test_protocol_refusals_follow_accept_language(api, root, site, language):
    code, header = language
    detail = exceptions.MethodNotAllowed.default_detail
    media = exceptions.UnsupportedMediaType.default_detail

    unauthenticated = api.post("/api/sites/", {}, format="json", HTTP_ACCEPT_LANGUAGE=header)
    wrong_method = root.delete(f"/api/sites/{site.pk}/", HTTP_ACCEPT_LANGUAGE=header)
    wrong_media = root.generic("POST", "/api/sites/", b"x", content_type="text/plain", HTTP_ACCEPT_LANGUAGE=header)
    not_acceptable = api.get("/api/sites/", HTTP_ACCEPT="application/xml", HTTP_ACCEPT_LANGUAGE=header)

    assert refusal(unauthenticated, 401)["message"] == in_language(code, exceptions.NotAuthenticated.default_detail)
    assert refusal(wrong_method, 405)["message"] == in_language(code, detail).format(method="DELETE")
    assert refusal(wrong_media, 415)["message"] == in_language(code, media).format(media_type="text/plain")
    assert refusal(not_acceptable, 406)["message"] == in_language(code, exceptions.NotAcceptable.default_detail)


def test_built_in_messages_really_differ_between_the_two_languages(api, site):
    """Guards the tests above: were Chinese missing, both languages would compare equal to English."""
    english = refusal(api.get("/api/sites/", {"status": "bogus"}, HTTP_ACCEPT_LANGUAGE="en"), 400)
    chinese = refusal(api.get("/api/sites/", {"status": "bogus"}, HTTP_ACCEPT_LANGUAGE="zh-hans"), 400)

    assert english["errors"]["status"] != chinese["errors"]["status"]


# --- Throttling ------------------------------------------------------------------------------------------

RATES = {"anon": "3/minute", "user": "3/minute"}
REDIS_LOCATION = "redis://127.0.0.1:6379/15"
MID_WINDOW = 1_800_000_030.0


@pytest.fixture
def tight_throttle(settings, monkeypatch):
    """Three requests a minute for anonymous clients and for each user.

    ``settings`` fires ``setting_changed``, which reloads DRF's ``api_settings``;
    but ``SimpleRateThrottle.THROTTLE_RATES`` was bound to the rates dict at import,
    so it is patched too.
    """
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": RATES}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", RATES)
    # Half-way through a window: a test's requests never straddle two windows.
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: MID_WINDOW)


def assert_throttled(response):
    body = refusal(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    return body


def test_the_fourth_anonymous_request_in_a_minute_is_throttled(api, site, tight_throttle):
    answers = [api.get("/api/sites/").status_code for _ in range(3)]

    assert answers == [200, 200, 200]
    assert_throttled(api.get("/api/sites/"))


def test_the_throttle_counts_across_endpoints(api, site, tight_throttle):
    for path in ("/api/sites/", "/api/belts/", f"/api/sites/{site.pk}/"):
        assert api.get(path).status_code == 200

    assert_throttled(api.get("/api/sites/geojson/"))


def test_a_signed_in_user_has_his_own_budget(api, client_for, district_editor, committee_member, site, tight_throttle):
    for _ in range(3):
        api.get("/api/sites/")
    assert_throttled(api.get("/api/sites/"))

    editor = client_for(district_editor)
    assert [editor.get("/api/sites/").status_code for _ in range(3)] == [200, 200, 200]
    assert_throttled(editor.get("/api/sites/"))
    # Another user, from the same address, still has his.
    assert client_for(committee_member).get("/api/sites/").status_code == 200


def test_the_throttle_message_follows_accept_language(api, site, tight_throttle):
    for _ in range(3):
        api.get("/api/sites/")

    english = assert_throttled(api.get("/api/sites/", HTTP_ACCEPT_LANGUAGE="en"))
    chinese = assert_throttled(api.get("/api/sites/"))

    assert english["message"].startswith(in_language("en", exceptions.Throttled.default_detail))
    assert chinese["message"].startswith(in_language("zh-hans", exceptions.Throttled.default_detail))


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis (database 15), as on several app servers.

    Its keys carry a prefix of this run, removed before and after, rather than
    flushing a database others may share.
    """
    server = redis.Redis.from_url(REDIS_LOCATION)
    prefix = f"api-throttle-test-{uuid.uuid4().hex}"

    def clear():
        for key in server.scan_iter(f"{prefix}:*"):
            server.delete(key)

    clear()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_LOCATION,
            "KEY_PREFIX": prefix,
        }
    }
    yield server, prefix
    clear()


def test_clients_from_one_address_share_the_budget_kept_in_redis(site, tight_throttle, redis_cache):
    # Two separate clients (as if behind two app servers) from the same address, and one from another.
    first, second = APIClient(REMOTE_ADDR="203.0.113.7"), APIClient(REMOTE_ADDR="203.0.113.7")
    elsewhere = APIClient(REMOTE_ADDR="203.0.113.8")

    assert [first.get("/api/sites/").status_code for _ in range(2)] == [200, 200]
    assert second.get("/api/sites/").status_code == 200

    assert_throttled(second.get("/api/sites/"))
    assert_throttled(first.get("/api/sites/"))
    assert elsewhere.get("/api/sites/").status_code == 200
    # The count lives in Redis, where every app server reads it.
    server, prefix = redis_cache
    keys = {key.decode() for key in server.scan_iter(f"{prefix}:*throttle_anon_*")}
    # One counter per address and window (belts/api/throttling.py), e.g. "…throttle_anon_203.0.113.7:29932162".
    assert {key.rsplit(":", 1)[0] for key in keys} == {
        f"{prefix}:1:throttle_anon_203.0.113.7",
        f"{prefix}:1:throttle_anon_203.0.113.8",
    }


def test_the_budget_is_counted_per_window_and_renews_with_the_next(monkeypatch):
    from rest_framework.test import APIRequestFactory

    from belts.api.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    clock = [600.0]
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: clock[0])
    request = APIRequestFactory().get("/api/sites/", REMOTE_ADDR="198.51.100.1")
    request.user = None

    def asks():
        throttle = AnonRateThrottle()
        return throttle.allow_request(request, None), throttle

    assert [asks()[0] for _ in range(3)] == [True, True, False]
    clock[0] = 630.0
    allowed, throttle = asks()
    assert not allowed and throttle.wait() == 30  # seconds until the window ends
    clock[0] = 660.0
    assert asks()[0] is True
