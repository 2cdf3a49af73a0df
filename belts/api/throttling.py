"""Request budgets of the API, counted in the shared cache (Redis when REDIS_URL is set).

DRF's throttles keep a list of every request's time in the window and write it back on
each request: with a generous budget that list grows to thousands of entries, and two
app servers reading and writing it at once can lose counts. These count in fixed
windows with the cache's atomic increment instead: one small operation per request,
exact across app servers.
"""

from django.core.cache import cache as default_cache
from rest_framework import throttling

from config.client_ip import client_ip


class WindowedThrottleMixin:
    cache = default_cache

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        key = f"{self.key}:{window}"
        count = self.count(key)
        self.window_end = (window + 1) * self.duration
        return count <= self.num_requests

    def count(self, key: str) -> int:
        """Count this request in ``key``'s window, atomically; usually one operation on the cache."""
        for _attempt in range(3):
            try:
                return self.cache.incr(key)
            except ValueError:  # the window's first request
                if self.cache.add(key, 1, self.duration + 1):
                    return 1
        return self.cache.incr(key)

    def wait(self):
        return max(1, self.window_end - self.now)

    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(WindowedThrottleMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by IP address: ``API_THROTTLE_ANON`` requests per window."""


class UserRateThrottle(WindowedThrottleMixin, throttling.UserRateThrottle):
    """Signed-in users, by user: ``API_THROTTLE_USER`` requests per window (anonymous ones count only as such)."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
