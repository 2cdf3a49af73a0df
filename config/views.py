"""Views of the project as a whole rather than of one app."""

import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.api_errors import error_response
from config.middleware import LanguageMiddleware

# How long a client is asked to wait before trying again while the database is out of reach.
RETRY_AFTER_SECONDS = 120


@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise: for load balancers and monitors.

    Outside ATOMIC_REQUESTS, so that a database that is down reaches this view
    instead of failing while the request's transaction opens.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_safe
def switch_language(request, code: str):
    """Remember ``code`` as the visitor's language and go back to the page he came from.

    A plain link rather than Django's POST-only ``set_language``, so that public
    pages carry no CSRF token and can be cached whole.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def server_error(request):
    """The answer to any exception no view handled (``handler500``).

    When the database is out of reach or the connection to it broke, it is a 503 with ``Retry-After``:
    the visitor is asked to come back in a few minutes, not told of a fault. Otherwise the 500 page.
    Under /api/ both come in the API's error shape. Nothing here touches the database: the pages are
    rendered without the request's context processors, and the language is the one the request chose.
    The error itself is logged by Django (``django.request``) with its traceback, after this returns.
    """
    unavailable = _database_unreachable(sys.exception())
    # The language LanguageMiddleware would choose: the error may come before it ran.
    with translation.override(LanguageMiddleware.language_for(request)):
        if unavailable:
            message = _("The service is temporarily unavailable. Please try again in a few minutes.")
            response = error_response(
                request, status_code=503, code="service_unavailable", message=message, page="503.html"
            )
        else:
            message = _("The request failed because of a fault on our side. It has been recorded.")
            response = error_response(request, status_code=500, code="server_error", message=message, page="500.html")
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
    return response


def _database_unreachable(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised from or while handling, is the database's connection
    failing: no connection to be had, or one that broke (DB-API ``OperationalError`` and ``InterfaceError``)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
