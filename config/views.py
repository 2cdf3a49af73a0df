"""Views of the project as a whole rather than of one app."""

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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
