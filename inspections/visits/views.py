"""The visit pages: list, plan, detail, brief (printed) and record.

Every signed-in staff user reaches them (``StaffRequiredMixin``) and sees the
visits ``visible_to`` him: district editors their districts' visits, read-only.
Planning and recording are the committee's: a user who oversees every district
and holds the permission to add (plan) or change (record) inspections.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from belts import roles
from belts.maps import current_preset, tile_config
from inspections.access import StaffRequiredMixin
from inspections.models import Inspection
from inspections.visits import selectors, services
from inspections.visits.forms import (
    BeltChoiceForm,
    InspectionPlanForm,
    InspectionRecordForm,
    NoteFormSet,
    StopFormSet,
    TaskFormSet,
    site_choices,
)
from sites.models import Site


def may_plan(user) -> bool:
    """Committee reviewers plan visits (in every district)."""
    return roles.sees_all_districts(user) and user.has_perm("inspections.add_inspection")


def may_record(user) -> bool:
    """Committee reviewers record visits and set their follow-up tasks."""
    return (
        roles.sees_all_districts(user)
        and user.has_perm("inspections.change_inspection")
        and user.has_perm("inspections.add_followup")
    )


class VisitPageMixin(StaffRequiredMixin):
    """Signed-in staff; one "today" per request (tests replace ``get_today``)."""

    extra_context = {"section": "visits"}

    def get_today(self) -> datetime.date:
        return timezone.localdate()

    @cached_property
    def today(self) -> datetime.date:
        return self.get_today()

    def visit_context(self, **kwargs) -> dict:
        user = self.request.user
        return {"today": self.today, "can_plan": may_plan(user), "can_record": may_record(user), **kwargs}


class InspectionListView(VisitPageMixin, ListView):
    """Visits the user may see, newest first, with their route's length and their tasks not yet closed."""

    template_name = "inspections/visits/inspection_list.html"
    context_object_name = "inspections"
    paginate_by = 50

    def get_queryset(self):
        return selectors.inspection_list(user=self.request.user, today=self.today)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.visit_context(**kwargs))


class InspectionPlanView(VisitPageMixin, View):
    """Plan a visit in two steps: choose the belt, then date, team and the sites in visiting order."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.is_district_staff(request.user) and not may_plan(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def belts(self):
        return selectors.belts_for_planning(user=self.request.user)

    def get(self, request):
        if "belt" not in request.GET:
            return self.render_step_one(BeltChoiceForm(belts=self.belts))
        belt_form = BeltChoiceForm(request.GET, belts=self.belts)
        if not belt_form.is_valid():
            return self.render_step_one(belt_form)
        belt = belt_form.cleaned_data["belt"]
        route = list(selectors.belt_route_sites(belt=belt))
        form = InspectionPlanForm(belts=self.belts, initial={"belt": belt.pk, "title": services.default_title(belt)})
        formset = self.stop_formset(
            belt, route, initial=[{"site": site.pk, "order": n} for n, site in enumerate(route, start=1)]
        )
        return self.render_step_two(belt, form, formset)

    def post(self, request):
        belt_form = BeltChoiceForm(request.POST, belts=self.belts)
        if not belt_form.is_valid():
            return self.render_step_one(belt_form, status=400)
        belt = belt_form.cleaned_data["belt"]
        route = list(selectors.belt_route_sites(belt=belt))
        form = InspectionPlanForm(request.POST, belts=self.belts)
        formset = self.stop_formset(belt, route, data=request.POST)
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.inspection_plan(
                    belt=belt,
                    date=data["date"],
                    stops=formset.stops(),
                    title=data["title"],
                    inspecting_body=data["inspecting_body"],
                    leader_name=data["leader_name"],
                    leader_title=data["leader_title"],
                    team=data["team"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The visit has been planned."))
                return redirect("inspections:inspection_detail", pk=inspection.pk)
        return self.render_step_two(belt, form, formset, status=400)

    def stop_formset(self, belt, route, **kwargs):
        sites = Site.objects.visible_to(self.request.user)
        return StopFormSet(
            prefix="stops", belt=belt, form_kwargs={"sites": sites, "choices": site_choices(route)}, **kwargs
        )

    def render_step_one(self, belt_form, status=200):
        return render(
            self.request,
            "inspections/visits/inspection_plan.html",
            self.visit_context(step=1, belt_form=belt_form, **self.extra_context),
            status=status,
        )

    def render_step_two(self, belt, form, formset, status=200):
        return render(
            self.request,
            "inspections/visits/inspection_plan.html",
            self.visit_context(step=2, belt=belt, form=form, formset=formset, **self.extra_context),
            status=status,
        )


class InspectionDetailView(VisitPageMixin, DetailView):
    """One visit: its route with the notes taken, the guidance given and the tasks set."""

    template_name = "inspections/visits/inspection_detail.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return selectors.inspection_detail(user=self.request.user, today=self.today)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.visit_context(**kwargs))


class InspectionBriefView(VisitPageMixin, DetailView):
    """The visit brief, printed on A4: a cover with the route and the agenda, then one page per site."""

    template_name = "inspections/visits/inspection_brief.html"
    context_object_name = "inspection"

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user).select_related("belt__district")

    def get_context_data(self, **kwargs):
        stops = selectors.inspection_brief(inspection=self.object, user=self.request.user, today=self.today)
        map_data = {
            "tiles": tile_config(),
            "belts": selectors.route_map_features(stops, datum=current_preset().datum),
        }
        return super().get_context_data(**self.visit_context(stops=stops, map_data=map_data, **kwargs))


class InspectionRecordView(VisitPageMixin, View):
    """After the visit: its summary, guidance, a note per site and new follow-up tasks, saved together."""

    template_name = "inspections/visits/inspection_record.html"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and roles.is_district_staff(request.user)):
            return super().dispatch(request, *args, **kwargs)  # the mixin signs in or refuses
        self.inspection = get_object_or_404(
            Inspection.objects.visible_to(request.user).select_related("belt__district"), pk=kwargs["pk"]
        )
        if not may_record(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        inspection = self.inspection
        route = list(selectors.belt_route_sites(belt=inspection.belt))
        record_form = InspectionRecordForm(data, instance=inspection)
        notes = NoteFormSet(data, prefix="notes", queryset=inspection.visits.select_related("site").order_by("order"))
        tasks = TaskFormSet(
            data,
            prefix="tasks",
            form_kwargs={
                "today": self.today,
                "sites": Site.objects.filter(belt=inspection.belt_id),
                "choices": site_choices(route),
            },
        )
        return record_form, notes, tasks

    def get(self, request, pk):
        return self.render_forms(*self.forms())

    def post(self, request, pk):
        record_form, notes, tasks = self.forms(request.POST)
        if record_form.is_valid() and notes.is_valid() and tasks.is_valid():
            try:
                services.inspection_record(
                    inspection=self.inspection,
                    summary=record_form.cleaned_data["summary"],
                    guidance=record_form.cleaned_data["guidance"],
                    notes={form.instance.pk: form.cleaned_data["note"] for form in notes.forms},
                    tasks=[form.draft() for form in tasks.forms if form.has_changed() and form.cleaned_data],
                    today=self.today,
                )
            except ValidationError as error:
                record_form.add_error(None, error.messages)
            else:
                messages.success(request, _("The visit has been recorded."))
                return redirect(reverse("inspections:inspection_detail", kwargs={"pk": self.inspection.pk}))
        return self.render_forms(record_form, notes, tasks, status=400)

    def render_forms(self, record_form, notes, tasks, status=200):
        context = self.visit_context(
            inspection=self.inspection,
            form=record_form,
            notes=notes,
            tasks=tasks,
            too_early=self.inspection.date > self.today,
            **self.extra_context,
        )
        return render(self.request, self.template_name, context, status=status)
