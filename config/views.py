"""Views of the project as a whole rather than of one app."""

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
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
