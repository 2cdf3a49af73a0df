"""Admin for districts and belts, and the building blocks every app's admin shares.

Each ModelAdmin starts from ``Model.objects.visible_to(request.user)``, the one
rule of who sees which district (``belts.base`` and ``belts.roles``), and offers
in its foreign-key fields only the rows that rule lets the user see.
"""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from belts import roles
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


class DistrictScopedAdmin(DistrictScopedMixin, admin.ModelAdmin):
    """A ModelAdmin showing only the rows of the user's districts (every district for the committee).

    Another district's row is not there at all: its URLs answer 404, and it can
    be changed or deleted only by those ``belts.roles.may_edit`` allows.
    """

    def get_queryset(self, request):
        queryset = self.model._default_manager.visible_to(request.user)
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
class BeltAdmin(DistrictScopedAdmin):
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
