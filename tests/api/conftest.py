import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from belts.api.base import ScopedViewSet


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client sending ``user``'s token, as other systems do."""

    def make(user):
        client = APIClient()
        if user is not None:
            token, _created = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture(autouse=True)
def _api_today(monkeypatch, today):
    """Dated API filters and flags (overdue, at risk) count from the suite's fixed "today"."""
    monkeypatch.setattr(ScopedViewSet, "get_today", lambda self: today)
