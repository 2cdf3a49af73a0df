"""Whole-page caching of the public pages, invalidated whenever a record they show changes.

Every cached page is keyed by a version number kept in the cache; saving or
deleting any public record bumps it, so the next request renders afresh. On
several app servers the shared cache (Redis) carries the version to all of them.
"""

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

VERSION_KEY = "portal:pages-version"

# The models whose rows appear on public pages.
WATCHED_MODELS = (
    "belts.District",
    "belts.Belt",
    "sites.Organization",
    "sites.Site",
    "sites.Project",
    "sites.Milestone",
    "sites.ProgressUpdate",
    "sites.Photo",
    "sites.Activity",
)


def pages_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def invalidate_pages(**kwargs) -> None:
    """Make every cached public page stale: now, and again once the transaction commits.

    The second bump covers a page rendered from the old data while the change was
    still uncommitted.
    """

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 2, timeout=None)

    bump()
    transaction.on_commit(bump)


def invalidate_on_change() -> None:
    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"portal-pages-save-{label}")
        post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"portal-pages-delete-{label}")
    m2m_changed.connect(invalidate_pages, dispatch_uid="portal-pages-m2m")


def cached_public_page(view):
    """Serve a GET of ``view`` from the cache when the same page, in the same language, is there.

    Only successful responses are stored; the key holds the full path with its
    query string, the language and the current version.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        # Hashed: a long address (a long search, tracking parameters) must still make a valid key.
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
        key = f"portal:page:{pages_version()}:{get_language()}:{address}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if response.status_code == 200:
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapper
