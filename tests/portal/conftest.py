import functools

import pytest
from django.utils import translation

from sites import selectors


@pytest.fixture(autouse=True)
def _site_page_today(monkeypatch, today):
    """The site page judges "behind schedule" against the fixed ``today``, never the real date."""
    monkeypatch.setattr(selectors, "site_detail_public", functools.partial(selectors.site_detail_public, today=today))


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """The middleware activates a language for the thread; leave none behind for the next test."""
    yield
    translation.deactivate()


@pytest.fixture
def english(client, settings):
    """The client has chosen English with the language switch's cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
