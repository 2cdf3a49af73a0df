"""Request budgets of the API, counted in the shared cache (Redis when REDIS_URL is set).

DRF's throttles keep a list of every request's time in the window and write it back on
each request: with a generous budget that list grows to thousands of entries, and two
app servers reading and writing it at once can lose counts. These count in fixed
windows with the cache's atomic increment instead: one small operation per request,
exact across app servers.
"""

from django.core.cache import cache as default_cache
from rest_framework import throttling


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
        # add() leaves an existing count alone; incr() then counts this request atomically.
        self.cache.add(key, 0, self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # expired between the two calls
            self.cache.set(key, 1, self.duration + 1)
            count = 1
        self.window_end = (window + 1) * self.duration
        return count <= self.num_requests

    def wait(self):
        return max(1, self.window_end - self.now)


class AnonRateThrottle(WindowedThrottleMixin, throttling.AnonRateThrottle):
    """Anonymous clients, by IP address: ``API_THROTTLE_ANON`` requests per window."""


class UserRateThrottle(WindowedThrottleMixin, throttling.UserRateThrottle):
    """Signed-in users, by user: ``API_THROTTLE_USER`` requests per window."""
