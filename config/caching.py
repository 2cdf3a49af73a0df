"""Whole-page caching of the public pages and the public API, invalidated whenever a record they show changes.

Every cached page is keyed by a version number kept in the cache; saving or
deleting any public record bumps it, so the next request renders afresh. On
several app servers the shared cache (Redis) carries the version to all of them.
"""

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language

VERSION_KEY = "portal:pages-version"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")

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
    # Not public, but on the committee's pages, cached per user with the same version.
    "inspections.Inspection",
    "inspections.InspectionSite",
    "inspections.FollowUp",
    "inspections.FollowUpEvent",
)


def pages_version() -> int:
    # Started from the clock, not 1: after the cache is emptied (a Redis restart) no key repeats an
    # earlier one, so no process's recent copy of an old page (RecentResponses) can come back.
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def invalidate_pages(**kwargs) -> None:
    """Make every cached public page stale: now, and again once the transaction commits.

    The second bump covers a page rendered from the old data while the change was
    still uncommitted.
    """

    def bump():
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)

    bump()
    transaction.on_commit(bump)


def invalidate_on_change() -> None:
    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"portal-pages-save-{label}")
        post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"portal-pages-delete-{label}")
    m2m_changed.connect(invalidate_pages, dispatch_uid="portal-pages-m2m")


def page_key(request, *, vary_on_accept: bool = False, user_pk: int | None = None) -> str:
    """The cache key of a public page: its address, language, the encoding it is sent in, and the version.

    Hashed, so that a long address (a long search, tracking parameters) still makes a valid key.
    """
    parts = [request.get_host(), request.get_full_path(), str(accepts_gzip(request))]
    if vary_on_accept:
        parts.append(request.META.get("HTTP_ACCEPT", ""))
    if user_pk is not None:
        # A signed-in user's page (what he may see, his name in the header), dated: figures count from today.
        parts += [f"user:{user_pk}", timezone.localdate().isoformat()]
    address = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"portal:page:{pages_version()}:{get_language()}:{address}"


def accepts_gzip(request) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def store(key: str, request, response) -> HttpResponse:
    """Cache a successful, rendered ``response`` under ``key`` as a plain response, gzipped when the client
    takes gzip, and return what was stored: a hit then costs no rendering and no compression.
    """
    if hasattr(response, "render") and callable(response.render):
        response.render()
    stored = _copy(response)
    patch_vary_headers(stored, ["Accept-Encoding"])
    if accepts_gzip(request) and not stored.has_header("Content-Encoding") and len(stored.content) >= 200:
        stored.content = compress_string(stored.content)
        stored["Content-Encoding"] = "gzip"
        stored["Content-Length"] = str(len(stored.content))
    cache.set(key, stored, settings.PUBLIC_PAGE_CACHE_SECONDS)
    _recent.put(key, stored)
    return _copy(stored)


def _copy(response: HttpResponse) -> HttpResponse:
    """A response of its own for one request, sharing the body: middleware adds headers (and could add
    cookies) to what it sends, and none of that may reach the copy kept for the next visitor."""
    duplicate = HttpResponse(response.content, status=response.status_code)
    for header, value in response.items():
        duplicate[header] = value
    return duplicate


def cached_response(key: str) -> HttpResponse | None:
    """The response stored under ``key``: from this process's recent copies, else from the shared cache."""
    response = _recent.get(key)
    if response is None:
        response = cache.get(key)
        if response is None:
            return None
        _recent.put(key, response)
    return _copy(response)


class RecentResponses:
    """The last responses this process served from the cache, by key, up to ``limit`` bytes of content.

    Every key holds the pages' version, so a copy kept here can never be stale: a change makes a new
    key. It spares fetching and unpickling a large body (the GeoJSON of every site) from Redis each time.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.entries: OrderedDict[str, HttpResponse] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> HttpResponse | None:
        with self.lock:
            response = self.entries.get(key)
            if response is not None:
                self.entries.move_to_end(key)
            return response

    def put(self, key: str, response: HttpResponse) -> None:
        size = len(response.content)
        if size > self.limit:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = response
            self.size += size
            while self.size > self.limit:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= len(evicted.content)


_recent = RecentResponses(limit=settings.RECENT_RESPONSES_BYTES)


def _served(key: str, view, request, *args, **kwargs):
    """The response cached under ``key``, or ``view``'s, stored when successful."""
    response = cached_response(key)
    if response is None:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response = store(key, request, response)
    return response


def cached_public_page(view):
    """Serve a GET of ``view`` from the cache when the same page, in the same language, is there.

    Only successful responses are stored; the key holds the full path with its
    query string, the language, the encoding and the current version.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        response = _served(page_key(request), view, request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapper


def cached_staff_page(view):
    """Like ``cached_public_page`` for a signed-in user's own copy of a page that is slow to make
    (the committee's dashboard and its export): cached per user and day, invalidated by any change.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        response = _served(page_key(request, user_pk=request.user.pk), view, request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    return wrapper
