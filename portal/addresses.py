"""The portal's public address: what QR codes, sitemaps and shared links point at."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(request, path: str) -> str:
    """``path`` on the portal's public address (``PORTAL_BASE_URL``), else on the request's host."""
    if settings.PORTAL_BASE_URL:
        return settings.PORTAL_BASE_URL + path
    return request.build_absolute_uri(path)


def public_scheme_and_host() -> tuple[str, str] | None:
    """``("https", "belts.example.gov.cn")`` from ``PORTAL_BASE_URL``, or None when it is not set."""
    if not settings.PORTAL_BASE_URL:
        return None
    parts = urlsplit(settings.PORTAL_BASE_URL)
    return parts.scheme, parts.netloc


def canonical(request) -> dict:
    """Context processor: ``canonical_url``, the page's address without its query string."""
    return {"canonical_url": absolute_url(request, request.path)}
