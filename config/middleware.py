"""Request-wide middleware of the portal."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext

from belts import maps
from config.api_errors import error_response, is_api


class LanguageMiddleware:
    """Activate the visitor's chosen language, Simplified Chinese unless chosen otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language header, which
    would show an English-configured browser an English portal. Here the pages
    follow only the explicit choice (the language cookie set by ``set_language``);
    the API, used by programs, honours Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(self.language_for(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ["Accept-Language"] if is_api(request) else ["Cookie"])
        return response

    @classmethod
    def language_for(cls, request) -> str:
        """The language ``request`` is answered in: Accept-Language for the API, the visitor's choice for pages."""
        if is_api(request):
            return translation.get_language_from_request(request)
        return cls.chosen_language(request)

    @staticmethod
    def chosen_language(request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if not chosen:
            return settings.LANGUAGE_CODE
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            return settings.LANGUAGE_CODE


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` (browser features the portal never uses), and the map's tile servers in the
    Content-Security-Policy's ``img-src``, from the tile preset in use (``belts.maps``).

    Listed after django-csp's middleware, which then writes the policy with this addition.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if settings.MAP_TILE_PRESET in maps.PRESETS:
            response._csp_update = {"img-src": list(maps.tile_hosts(settings.MAP_TILE_PRESET))}
        return response


class RefuseNulCharactersMiddleware:
    """Refuse a query string carrying a NUL character, with a 400 that says so.

    No text of the portal can hold one, and PostgreSQL refuses it in a query: an admin
    list filter such as ``?status=%00`` would otherwise end in a server error. Forms and
    the API's fields refuse NUL characters themselves, each naming its field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A NUL reaches a query string only percent-encoded; most requests are let through without parsing it.
        if "%00" not in request.META.get("QUERY_STRING", ""):
            return self.get_response(request)
        names = [name for name, values in request.GET.lists() if "\0" in name or any("\0" in v for v in values)]
        if names:
            message = gettext("The address contains a NUL character, which no search or filter accepts.")
            errors = {name.replace("\0", ""): [message] for name in names}
            return error_response(
                request, status_code=400, code="invalid", message=message, errors=errors, page="400.html"
            )
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is over ``REQUEST_MAX_BYTES``, before any of it is read.

    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` counts only form fields, not files, so a body of
    files would otherwise be read and spooled to disk whatever its size. The declared length
    is enough: Django reads no more of a body than its ``Content-Length``. The web server in
    front should refuse the same (README, "Request size").
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            message = gettext(
                "The request is larger than %(max)s, more than the portal accepts at once. "
                "Send fewer or smaller photos at a time."
            ) % {"max": filesizeformat(settings.REQUEST_MAX_BYTES)}
            return error_response(request, status_code=413, code="too_large", message=message, page="400.html")
        return self.get_response(request)
