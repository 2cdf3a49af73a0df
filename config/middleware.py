"""Request-wide middleware of the portal."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from belts import maps


class LanguageMiddleware:
    """Activate the visitor's chosen language, Simplified Chinese unless chosen otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language header, which
    would show an English-configured browser an English portal. Here the pages
    follow only the explicit choice (the language cookie set by ``set_language``);
    the API, used by programs, honours Accept-Language.
    """

    api_prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.api_prefix):
            language = translation.get_language_from_request(request)
        else:
            language = self.chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        is_api = request.path.startswith(self.api_prefix)
        patch_vary_headers(response, ["Accept-Language"] if is_api else ["Cookie"])
        return response

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
