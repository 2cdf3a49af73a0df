"""The visitor's address, on which the API's budgets and the sign-in lockout count, cannot be forged."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from config.client_ip import client_ip
from tests.api.test_errors import assert_throttled, tight_throttle  # noqa: F401 (a fixture)
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

requests = RequestFactory()


def test_without_a_trusted_proxy_the_forwarded_for_header_is_ignored():
    request = requests.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="10.0.0.1")

    assert client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.20", "198.51.100.20"),
        # The visitor wrote the left part himself; the proxy appended what it saw.
        (1, "10.9.9.9, 198.51.100.20", "198.51.100.20"),
        (2, "10.9.9.9, 198.51.100.20, 192.0.2.1", "198.51.100.20"),
        (1, " , ", "10.0.0.1"),
    ],
)
def test_behind_trusted_proxies_the_visitor_is_counted_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = requests.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_a_forged_forwarded_for_header_does_not_buy_a_fresh_api_budget(tight_throttle):  # noqa: F811
    SiteFactory(published=True)
    api = APIClient()
    answers = [api.get("/api/sites/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]

    assert answers == [200, 200, 200]
    assert_throttled(api.get("/api/sites/", HTTP_X_FORWARDED_FOR="10.0.0.99"))


def test_behind_a_trusted_proxy_two_visitors_have_a_budget_each(settings, tight_throttle):  # noqa: F811
    settings.TRUSTED_PROXY_COUNT = 1
    SiteFactory(published=True)
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/sites/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 200
    assert_throttled(api.get("/api/sites/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"))

    assert api.get("/api/sites/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 200
