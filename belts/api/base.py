"""What every endpoint of the API shares: who may do what, paging, and saving under the admin's rules.

Reading follows ``visible_to(user)``: the public sees published records with
public fields; staff see their districts' records (the committee every district),
drafts included, with internal fields. Writing follows the admin: Django's model
permissions decide the kind of record, ``belts.roles.may_edit`` the row, and each
save runs the model's ``full_clean()`` and, for versioned records, the version
check of ``belts.concurrency``.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.renderers import JSONRenderer

from belts import roles
from belts.concurrency import StaleWording, claim_version
from config import caching
from config.api_errors import Conflict


def is_staff(user) -> bool:
    return roles.is_district_staff(user)


class ReadOpenWriteScoped(permissions.BasePermission):
    """Anyone reads (what ``visible_to`` lets him see); staff write under the admin's permissions and scope."""

    actions = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}
    open_reads = True

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not is_staff(request.user):
            return False
        action = self.actions.get(request.method)
        if action is None or request.method.lower() not in view.http_method_names:
            return True  # answered 405 by the view, whatever the user's model permissions
        opts = view.get_queryset().model._meta
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def has_object_permission(self, request, view, obj):
        return request.method in permissions.SAFE_METHODS or roles.may_edit(request.user, obj)


class StaffOnly(permissions.BasePermission):
    """Internal records (inspections, follow-ups): signed-in staff only, within their scope."""

    def has_permission(self, request, view):
        return is_staff(request.user)


class ServedFromCache(Exception):  # noqa: N818 (a short-cut, not an error)
    """Raised once a request is let in, to answer it with the cached ``response``."""

    def __init__(self, response):
        super().__init__()
        self.response = response


class ScopedViewSet(viewsets.GenericViewSet):
    """A viewset over ``model.objects.visible_to(user)``: another district's row is simply not there (404).

    Subclasses give ``public_serializer_class`` (published records, public fields)
    and ``staff_serializer_class`` (drafts and internal fields; also used to write),
    and override ``get_queryset`` through their app's selector.
    """

    permission_classes = [ReadOpenWriteScoped]
    public_serializer_class = None
    staff_serializer_class = None
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_today(self):
        return timezone.localdate()

    # Public reads (anonymous, GET) are cached whole with the public pages, and invalidated with them.
    public_cache_key = None

    def initial(self, request, *args, **kwargs):
        # Authentication, permissions and throttling first: a cached answer still counts against the budget.
        super().initial(request, *args, **kwargs)
        anonymous = request.auth is None and not request.user.is_authenticated
        if request.method in ("GET", "HEAD") and anonymous:
            self.public_cache_key = caching.page_key(request._request, vary_on_accept=True)
            hit = caching.cached_response(self.public_cache_key)
            if hit is not None:
                raise ServedFromCache(hit)

    def handle_exception(self, exc):
        if isinstance(exc, ServedFromCache):
            self.public_cache_key = None
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code >= 400 and getattr(response, "accepted_media_type", None) != "application/json":
            # Refusals always come as JSON in the error shape, whatever the endpoint's own media type.
            response.accepted_renderer, response.accepted_media_type = JSONRenderer(), "application/json"
        if self.public_cache_key and response.status_code == 200:
            response = caching.store(self.public_cache_key, request._request, response)
        return response

    def get_serializer_class(self):
        if self.staff_serializer_class is not None and is_staff(self.request.user):
            return self.staff_serializer_class
        return self.public_serializer_class


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    http_method_names = ["get", "head", "options"]


class WritableScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """List, read, create and update (no delete: records are archived in the admin, with their history)."""

    def perform_create(self, serializer):
        serializer.save()
        self._refresh(serializer)

    def perform_update(self, serializer):
        serializer.save()
        self._refresh(serializer)

    def _refresh(self, serializer):
        # The saved record is answered as it now is, with the annotations of the list's queryset.
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


def scoped_to_editable(serializer: serializers.ModelSerializer, *fields: str) -> None:
    """Limit the foreign keys ``fields`` of a write serializer to rows the requesting user may change.

    A row outside his districts answers "object does not exist", as if it were not there.
    """
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    for name in fields:
        field = serializer.fields.get(name)
        if field is None or field.read_only:
            continue
        model = field.queryset.model
        field.queryset = model._default_manager.editable_by(user).active()


# A stale update, worded for the program that sent it (the admin words it for a person at a form).
STALE_WORDING = StaleWording(
    unknown=gettext_lazy(
        "Someone else has saved this record since you read it. "
        "Read it again and make your change on the latest version."
    ),
    changes=gettext_lazy(
        "Not saved: since you read this record (version %(version)s), %(people)s saved it (last at %(when)s) "
        "and changed: %(changes)s. Read it again and make your change on the latest version."
    ),
)


class CleanModelSerializer(serializers.ModelSerializer):
    """Saves like the admin: the model's ``full_clean()`` (its ``clean()`` and constraints) before ``save()``.

    For versioned records an update must send the ``version`` it read; a newer
    version in the database means someone else saved meanwhile, and the update is
    refused with 409 naming who changed what (``belts.concurrency``).
    """

    def create(self, validated_data):
        validated_data.pop("version", None)
        instance = self.Meta.model(**validated_data)
        self.before_save(instance, created=True)
        instance.full_clean()
        instance.save()
        return instance

    def update(self, instance, validated_data):
        loaded_version = validated_data.pop("version", None)
        if hasattr(instance, "version"):
            if loaded_version is None:
                raise exceptions.ValidationError({"version": [_("Send the version you read, to update.")]})
            try:
                claim_version(instance, loaded_version, wording=STALE_WORDING)
            except DjangoValidationError as refusal:
                raise Conflict(refusal.messages[0]) from refusal
        self.remember_initial(instance)
        for field, value in validated_data.items():
            setattr(instance, field, value)
        self.before_save(instance, created=False)
        instance.full_clean()
        instance.save()
        return instance

    def remember_initial(self, instance):
        """Hook: note values of ``instance`` before the update is applied."""

    def before_save(self, instance, *, created: bool):
        """Hook: further rules checked on the instance with its new values, before ``full_clean()``."""
