"""Paging and filtering of API lists (kept apart from the views: DRF's settings import them early)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (1 to 200); a size over the cap is refused, not silently cut."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = gettext_lazy("Rows per page, from 1 to 200 (default 50).")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = None
        if size is None or not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "")
        if raw and not (raw.isdigit() and int(raw) >= 1):
            raise exceptions.ValidationError({self.page_query_param: [_("Enter a page number: 1, 2, 3…")]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        """DRF's ``page`` and ``page_size``, with the bounds the API enforces stated in the schema."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": MAX_PAGE_SIZE},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, giving each FilterSet the request's "today" for its dated filters."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view), "today": view.get_today()}
