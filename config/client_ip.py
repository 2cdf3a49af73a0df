"""The visitor's IP address: one rule for the sign-in lockout and the API's budgets.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appending the address it saw to
``X-Forwarded-For``, the visitor is the entry that many places from the right; anything
further left was written by the visitor and is not trusted. With no proxy (the default)
the header is ignored altogether, so a client cannot choose its own address.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")
