"""Writes on inspection visits: planning a visit's route, recording what was seen, said and set."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from belts.models import Belt
from inspections.models import SITE_ALREADY_VISITED, FollowUp, Inspection, InspectionSite
from sites.models import Site


@dataclass(frozen=True)
class Stop:
    """A site on a planned route and its place in the visiting order (1 for the first)."""

    site: Site
    order: int


@dataclass(frozen=True)
class TaskDraft:
    """A follow-up task set while recording a visit."""

    task: str
    responsible_person: str
    deadline: datetime.date
    site: Site | None = None


def route_errors(*, belt: Belt, stops: list[Stop]) -> list[tuple[int, str, str]]:
    """What is wrong with a route, as ``(stop index, field, message)``; empty when it is right.

    A route's sites lie on the visited belt, each once, and its stops are
    numbered 1 to n without gaps or repeats.
    """
    errors = []
    seen_sites: set[int] = set()
    seen_orders: set[int] = set()
    for index, stop in enumerate(stops):
        if stop.site.belt_id != belt.pk:
            message = _("“%(site)s” is not on the belt %(belt)s.") % {"site": stop.site.name, "belt": belt.name}
            errors.append((index, "site", message))
        elif stop.site.pk in seen_sites:
            errors.append((index, "site", str(SITE_ALREADY_VISITED)))
        seen_sites.add(stop.site.pk)
        if not 1 <= stop.order <= len(stops):
            message = _("Number the sites from 1 to %(count)d in visiting order.") % {"count": len(stops)}
            errors.append((index, "order", message))
        elif stop.order in seen_orders:
            errors.append((index, "order", _("Another site already has this place in the visiting order.")))
        seen_orders.add(stop.order)
    return errors


def check_new_deadline(deadline: datetime.date, *, today: datetime.date) -> None:
    """A new task's deadline lies today or later; raises ``ValidationError`` otherwise."""
    if deadline < today:
        raise ValidationError(
            _("The deadline %(deadline)s has already passed; choose today (%(today)s) or a later day.")
            % {"deadline": deadline.isoformat(), "today": today.isoformat()},
            code="deadline_past",
        )


def default_title(belt: Belt) -> str:
    return _("Inspection visit to %(belt)s") % {"belt": belt.name}


@transaction.atomic
def inspection_plan(
    *,
    belt: Belt,
    date: datetime.date,
    stops: list[Stop],
    inspecting_body: str,
    leader_name: str,
    leader_title: str = "",
    team: str = "",
    title: str = "",
) -> Inspection:
    """Plan a visit to ``belt``: the visit and its route in visiting order, all saved or none."""
    if not stops:
        raise ValidationError({"sites": _("Choose at least one site to visit.")})
    errors = route_errors(belt=belt, stops=stops)
    if errors:
        raise ValidationError({"sites": [message for _index, _field, message in errors]})
    inspection = Inspection(
        belt=belt,
        date=date,
        title=title.strip() or default_title(belt),
        inspecting_body=inspecting_body,
        leader_name=leader_name,
        leader_title=leader_title,
        team=team,
    )
    inspection.full_clean()
    inspection.save()
    for stop in sorted(stops, key=lambda s: s.order):
        visit = InspectionSite(inspection=inspection, site=stop.site, order=stop.order)
        visit.full_clean()
        visit.save()
    return inspection


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    summary: str,
    guidance: str,
    notes: dict[int, str],
    tasks: list[TaskDraft],
    today: datetime.date,
) -> list[FollowUp]:
    """Record a visit once it has taken place: its summary, guidance, a note per visited site
    (``notes`` maps visited-site ids to their note) and the new follow-up tasks, all saved or none.
    """
    if inspection.date > today:
        raise ValidationError(
            _("This visit is planned for %(date)s; it can be recorded from that day on.")
            % {"date": inspection.date.isoformat()}
        )
    for task in tasks:
        check_new_deadline(task.deadline, today=today)
    inspection.summary = summary
    inspection.guidance = guidance
    inspection.full_clean()
    inspection.save(update_fields=["summary", "guidance", "updated_at"])
    visits = {visit.pk: visit for visit in inspection.visits.filter(pk__in=notes)}
    for visit_id, note in notes.items():
        visit = visits.get(visit_id)
        if visit is None:
            raise ValidationError(_("A note was given for a site this visit does not include."))
        if visit.note != note:
            visit.note = note
            visit.full_clean()
            visit.save(update_fields=["note"])
    followups = []
    for task in tasks:
        followup = FollowUp(
            inspection=inspection,
            site=task.site,
            task=task.task,
            responsible_person=task.responsible_person,
            deadline=task.deadline,
        )
        followup.full_clean()
        followup.save()
        followups.append(followup)
    return followups
