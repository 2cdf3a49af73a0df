"""Admin for districts and belts, and the building blocks every app's admin shares.

Each ModelAdmin starts from ``Model.objects.visible_to(request.user)``, the one
rule of who sees which district (``belts.base`` and ``belts.roles``), and offers
in its foreign-key fields only the rows that rule lets the user see.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, OuterRef, ProtectedError, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from belts import roles
from belts.archiving import archive, restore
from belts.concurrency import claim_version
from belts.models import Belt, District

# Long texts in a tabular inline row: two lines, widened by hand when needed.
SHORT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


def visible_rows(model, request):
    """``model``'s rows the requesting user may see, or None for a model without a district scope."""
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        return None
    return manager.visible_to(request.user)


class DistrictScopedMixin:
    """Offer in foreign-key and many-to-many fields only the rows visible to the user.

    Mixed into ModelAdmins and inlines alike. A submitted id outside the user's
    districts is refused by the form field ("Select a valid choice").
    """

    def scoped_field_queryset(self, db_field, request):
        queryset = visible_rows(db_field.related_model, request)
        if queryset is None:
            return None
        if self.admin_site.is_registered(db_field.related_model):
            ordering = self.admin_site.get_model_admin(db_field.related_model).get_ordering(request)
            if ordering:
                queryset = queryset.order_by(*ordering)
        return queryset

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.scoped_field_queryset(db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = self.scoped_field_queryset(db_field, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class VersionedForm(forms.ModelForm):
    """A ModelForm that refuses to save over a version of its record newer than the one it was built from.

    The version travels in the hidden ``edit_version`` field (list it in the
    admin's fields); ``belts.concurrency.claim_version`` checks it under a row lock.
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # An inline row the editor left untouched is not saved, so it cannot overwrite anything.
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is not None and (self.check_unchanged or self.has_changed()):
            claim_version(self.instance, cleaned_data.get("edit_version"))
        return cleaned_data


class VersionedInlineForm(VersionedForm):
    check_unchanged = False


class ArchiveFilter(admin.SimpleListFilter):
    """Archived rows are out of the list unless asked for."""

    title = _("archive")
    parameter_name = "archive"

    def lookups(self, request, model_admin):
        return [("archived", _("Archived"))]

    def queryset(self, request, queryset):
        return queryset.archived() if self.value() == "archived" else queryset.active()


class ArchivingAdminMixin:
    """Deleting archives the row (hidden everywhere, restorable, history kept); superusers may purge.

    Put ``ArchiveFilter`` in ``list_filter``: the list shows active rows unless
    archived ones are asked for.
    """

    shows_archived = True
    delete_confirmation_template = "admin/archive_confirmation.html"
    delete_selected_confirmation_template = "admin/archive_selected_confirmation.html"
    actions = ["restore_selected", "purge_selected"]

    def get_deleted_objects(self, objs, request):
        # Nothing is deleted, so nothing is in the way: the confirmation lists what will be archived.
        objs = list(objs)
        return [str(obj) for obj in objs], {}, set(), []

    def delete_model(self, request, obj):
        archive(obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            archive(obj=obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, _("Archive selected %(verbose_name_plural)s"))
        if not request.user.is_superuser:
            actions.pop("purge_selected", None)
        return actions

    @admin.action(description=_("Restore selected %(verbose_name_plural)s"))
    def restore_selected(self, request, queryset):
        restorable = [obj for obj in queryset.archived() if roles.may_edit(request.user, obj)]
        for obj in restorable:
            restore(obj=obj)
        self.message_user(request, _("%(count)d restored.") % {"count": len(restorable)}, messages.SUCCESS)

    @admin.action(description=_("Purge selected %(verbose_name_plural)s for good (superusers only)"))
    def purge_selected(self, request, queryset):
        if not request.user.is_superuser:
            raise PermissionDenied
        try:
            with transaction.atomic():
                count, _deleted = queryset.delete()
        except ProtectedError as error:
            blocking = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            self.message_user(
                request,
                _("Not purged: other records still refer to them (%(objects)s).") % {"objects": blocking},
                messages.ERROR,
            )
            return
        self.message_user(request, _("%(count)d rows purged.") % {"count": count}, messages.SUCCESS)


class ScopedHistoryAdmin(SimpleHistoryAdmin):
    """Change history (who, when, which field from what to what), only of rows the user may see."""

    def history_view(self, request, object_id, extra_context=None):
        # Without this, django-simple-history would show another district's row from its history.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version may be looked at, never saved back: a revert would bypass the version check.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class DistrictScopedAdmin(DistrictScopedMixin, admin.ModelAdmin):
    """A ModelAdmin showing only the rows of the user's districts (every district for the committee).

    Another district's row is not there at all: its URLs answer 404, and it can
    be changed or deleted only by those ``belts.roles.may_edit`` allows.
    """

    shows_archived = False

    def get_queryset(self, request):
        queryset = self.model._default_manager.visible_to(request.user, include_archived=self.shows_archived)
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return queryset

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and roles.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.may_edit(request.user, obj)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; outside the
        # user's districts the row is not his to know about.
        raise Http404


class DistrictScopedInline(DistrictScopedMixin, admin.TabularInline):
    """A tabular inline whose foreign-key choices are limited to the user's districts.

    Its rows are those of a parent the user may already see; they may be added,
    changed or deleted only where the parent may be changed.
    """

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and roles.may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and roles.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and roles.may_edit(request.user, obj)


class TodayMixin:
    """One "today" per request for the date-dependent columns and filters of a ModelAdmin."""

    def get_today(self, request) -> datetime.date:
        return timezone.localdate()


class QuerySetMethodFilter(admin.SimpleListFilter):
    """A list filter whose options each call a method of the model's QuerySet vocabulary.

    ``methods`` maps an option's URL value to ``(label, method name)``; a method
    taking ``today`` gets the ModelAdmin's ``get_today(request)``.
    """

    methods: dict[str, tuple[str, str]] = {}
    dated: tuple[str, ...] = ()

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.today = model_admin.get_today(request) if self.dated else None

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _method) in self.methods.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.methods:
            return queryset
        method = self.methods[self.value()][1]
        if method in self.dated:
            return getattr(queryset, method)(today=self.today)
        return getattr(queryset, method)()


def count_of(queryset, fk: str):
    """How many rows of ``queryset`` point through ``fk`` at the outer row, as a subquery annotation.

    A subquery keeps GROUP BY out of the changelist's query, so that its row
    count and date hierarchy stay plain queries.
    """
    counts = queryset.filter(**{fk: OuterRef("pk")}).order_by().values(fk).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts), 0)


def flag(label, kind: str):
    """A coloured warning label for a changelist row; ``kind`` is "overdue" or "at-risk"."""
    return format_html('<span class="flag flag-{}">{}</span>', kind, label)


def percent_bar(value):
    """A percentage (0–100, may be fractional) as a small bar followed by its rounded figure, "60%"."""
    if value is None:
        return None
    percent = round(value)
    return format_html('<meter min="0" max="100" value="{0}" title="{0}%"></meter> {0}%', percent)


# --- Districts and belts ----------------------------------------------------------


@admin.register(District)
class DistrictAdmin(DistrictScopedAdmin):
    list_display = ("name", "code", "belt_count")
    search_fields = ("name", "code")
    ordering = ("code",)
    filter_horizontal = ("editors",)
    fields = ("name", "code", "editors")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(belt_count=count_of(Belt.objects.all(), "district"))

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser decides who keeps a district's records.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "editors")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "editors":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("belts"), ordering="belt_count")
    def belt_count(self, obj):
        return obj.belt_count


@admin.register(Belt)
class BeltAdmin(ScopedHistoryAdmin, DistrictScopedAdmin):
    list_display = ("name", "district", "status", "target_year", "published", "site_count", "progress")
    list_filter = ("status", "published", ("district", admin.RelatedOnlyFieldListFilter), "target_year")
    list_select_related = ("district",)
    search_fields = ("name", "slug", "district__name")
    ordering = ("district__code", "name")
    fieldsets = (
        (None, {"fields": ("district", "name", "slug", "status", "target_year", "published")}),
        (_("Introduction"), {"fields": ("theme", "principles", "cover_image")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_site_count().with_progress()

    @admin.display(description=_("sites"), ordering="site_count")
    def site_count(self, obj):
        return obj.site_count or 0

    @admin.display(description=_("progress"), ordering="progress")
    def progress(self, obj):
        return percent_bar(obj.progress)
