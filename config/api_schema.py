"""The OpenAPI description of the API: every operation also lists the refusals it may answer, in one shape."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (``config.api_errors``)."""

    status = serializers.IntegerField(help_text=_("The HTTP status code."))
    code = serializers.CharField(help_text=_("A stable code: invalid, not_found, not_authenticated, stale…"))
    message = serializers.CharField(help_text=_("What went wrong, in the language of the request."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For each field that was wrong, its messages (non_field_errors for the request as a whole)."),
    )

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    400: _("Wrong input: the fields at fault and why."),
    401: _("Not signed in: send a token (Authorization: Token …) or a session cookie."),
    403: _("Signed in, but not allowed to do this."),
    404: _("No such record among those you may see."),
    405: _("This method is not allowed here."),
    406: _("The response cannot be given in the media type asked for."),
    409: _("The record changed since you read it, or its state does not allow the step."),
    413: _("The request is larger than the portal accepts at once (REQUEST_MAX_MB, files included)."),
    415: _("The request body's media type is not accepted here."),
    429: _("Too many requests: wait the seconds given in Retry-After."),
    503: _("The service is temporarily unavailable (its database is out of reach): try again after Retry-After."),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema, adding the error responses each operation can give."""

    def reads_open(self) -> bool:
        """Whether anyone, signed in or not, may read through this view."""
        permission_classes = getattr(self.view, "permission_classes", [])
        return all(getattr(p, "open_reads", False) for p in permission_classes)

    def error_statuses(self) -> list[int]:
        # 401 everywhere: a wrong or revoked token is refused even where no sign-in is needed.
        statuses = [400, 401, 404, 405, 406, 429, 503]
        writes = self.method not in permissions.SAFE_METHODS
        if writes or not self.reads_open():
            statuses += [403]
        if writes:
            statuses += [409, 413, 415]
        return sorted(set(statuses))

    def get_auth(self):
        """The token and the session, and for open reads also no credentials at all (``{}``)."""
        auths = super().get_auth()
        if self.method in permissions.SAFE_METHODS and self.reads_open() and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            responses.setdefault(
                str(status),
                self._get_response_for_code(ErrorSerializer, str(status), ["application/json"], direction),
            )
            responses[str(status)]["description"] = str(ERROR_DESCRIPTIONS[status])
        return responses
