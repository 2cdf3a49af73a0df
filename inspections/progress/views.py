"""/progress/: the committee's dashboard of every district and belt, and its Excel export."""

import datetime

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from config.caching import cached_staff_page
from inspections.access import StaffRequiredMixin
from inspections.progress import charts, exports
from inspections.progress.forms import ProgressFilterForm
from inspections.progress.selectors import DUE_SOON_DAYS, progress_dashboard
from sites.choices import ProjectStatus, SiteStatus
from sites.querysets import STALE_AFTER_DAYS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def followup_link(pk: int) -> str:
    """The follow-up's own page where the follow-up pages exist, else its admin page."""
    try:
        return reverse("inspections:followup_detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return reverse("admin:inspections_followup_change", args=[pk])


class ProgressMixin(StaffRequiredMixin):
    """Staff only; the filters read through a form; one ``today`` per request."""

    def today(self) -> datetime.date:
        """The date the figures are computed for; tests replace it with a fixed date."""
        return timezone.localdate()

    def get_form(self) -> ProgressFilterForm:
        form = ProgressFilterForm(self.request.GET, user=self.request.user)
        form.is_valid()
        return form


@method_decorator(cached_staff_page, name="get")
class DashboardView(ProgressMixin, TemplateView):
    template_name = "inspections/progress/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        dashboard = progress_dashboard(user=self.request.user, filters=form.filters(), today=self.today())
        for followup in dashboard.followups.rows:
            followup.link = followup_link(followup.pk)
        query = self.request.GET.urlencode()
        context.update(
            section="progress",
            form=form,
            dashboard=dashboard,
            due_soon_days=DUE_SOON_DAYS,
            project_statuses=ProjectStatus.choices,
            site_statuses=SiteStatus.choices,
            stale_after_days=STALE_AFTER_DAYS,
            export_url=reverse("progress:export") + (f"?{query}" if query else ""),
            district_chart=charts.stacked_bars(
                dashboard.districts,
                chart_id="district-chart",
                title=_("Projects per district by status"),
                description=_("Bar length is the number of projects; the table below gives the figures."),
            ),
            belt_chart=charts.stacked_bars(
                dashboard.belts,
                chart_id="belt-chart",
                title=_("Projects per belt by status"),
                description=_("Bar length is the number of projects; the table below gives the figures."),
            ),
        )
        return context


@method_decorator(cached_staff_page, name="get")
class ExportView(ProgressMixin, View):
    """The dashboard's tables as .xlsx, with the same filters and scope as the page."""

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.errors:
            # The page explains which filter was not understood.
            return redirect(f"{reverse('progress:dashboard')}?{request.GET.urlencode()}")
        today = self.today()
        dashboard = progress_dashboard(user=request.user, filters=form.filters(), today=today, limit=None)
        response = HttpResponse(exports.dashboard_workbook(dashboard), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="progress-{today:%Y-%m-%d}.xlsx"'
        return response
