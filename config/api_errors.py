"""One error shape for every refusal of the API, in the language of the request.

    {"status": 400, "code": "invalid", "message": "…", "errors": {"field": ["…"]}}

``errors`` names each field that was wrong (``non_field_errors`` for the request
as a whole) and is empty when no field is to blame. Validation errors of models
and services (Django's ``ValidationError``), refused workflow steps, bad requests
and unknown URLs under ``/api/`` all come out in this shape.
"""

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY
API_PREFIX = "/api/"


def is_api(request) -> bool:
    """Whether ``request`` is addressed to the API (programs: JSON, Accept-Language) rather than a page."""
    return request.path.startswith(API_PREFIX)


class Conflict(exceptions.APIException):
    """The record changed since the client read it (its ``version`` is out of date)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"


def error_body(*, status_code: int, code: str, message: str, errors: dict | None = None) -> dict:
    return {"status": status_code, "code": code, "message": str(message), "errors": errors or {}}


def error_json(*, status_code: int, code: str, message: str, errors: dict | None = None) -> JsonResponse:
    body = error_body(status_code=status_code, code=code, message=message, errors=errors)
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})


def error_response(request, *, status_code: int, code: str, message: str, page: str, errors: dict | None = None):
    """A refusal made outside the API's views (middleware, the 500 handler): the error shape under /api/,
    else the standalone page ``page`` with ``message``, rendered without context processors so that it
    needs no database."""
    if is_api(request):
        return error_json(status_code=status_code, code=code, message=message, errors=errors)
    return HttpResponse(render_to_string(page, {"message": message}), status=status_code)


def _messages(detail) -> list[str]:
    """Every message of a (possibly nested) DRF error detail, as strings."""
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [force_str(detail)]


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _messages(value) for field, value in detail.items()}
    return {NON_FIELD_ERRORS: _messages(detail)}


def _from_django_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        detail = {
            (NON_FIELD_ERRORS if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {NON_FIELD_ERRORS: error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler, answering in the one error shape; Django's ValidationError becomes a 400."""
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    elif isinstance(exc, Http404):
        # Django's "No Site matches the given query." is untranslated and names our model: say "Not found."
        exc = exceptions.NotFound()
    elif isinstance(exc, SuspiciousOperation):
        # A request body over the size limit, too many fields…: the client's fault, not ours.
        exc = exceptions.ParseError(_("The request is too large or malformed."))
    elif isinstance(exc, exceptions.ParseError):
        # The parser's own words ("JSON parse error - Expecting value: line 1…") are English and technical.
        exc = exceptions.ParseError(
            _("The request body could not be read: check that it is well-formed and matches its Content-Type.")
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        message = _("The request has errors in the fields listed.")
        code = "invalid"
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        errors = {}
        message = force_str(detail)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    response.data = error_body(status_code=response.status_code, code=code, message=message, errors=errors)
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any address under /api/ that is not an endpoint: a 404 in the error shape, not the HTML page.

    Exempt from the CSRF check, like the API's views: it changes nothing, and a POST to a wrong
    address must get this 404 rather than the CSRF failure's HTML page.
    """
    return error_json(status_code=404, code="not_found", message=_("There is no API endpoint at this address."))
