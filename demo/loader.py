"""Load the demo belt (:mod:`demo.nanjiangbin`) into the database, anchored to a date.

The report gives months without a year. :func:`report_year` places the visit in
the latest year whose June deadlines have passed by the as-of date, so that on
that date the demo shows work done, work in progress, one overdue project and
follow-up tasks in every state. Rows are matched on natural keys and saved only
when a value differs, so loading twice with the same as-of date changes nothing.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from belts.models import Belt, District
from demo import nanjiangbin as data
from inspections.choices import FollowUpAction
from inspections.models import FollowUp, FollowUpEvent, Inspection, InspectionSite
from sites.models import Activity, Milestone, Organization, ProgressUpdate, Project, Site

# The models the demo fills, in the order the summary lists them.
DEMO_MODELS = (
    District,
    Belt,
    Organization,
    Site,
    Project,
    Milestone,
    ProgressUpdate,
    Activity,
    Inspection,
    InspectionSite,
    FollowUp,
)

DEMO_ADMIN_USERNAME = "admin"


def report_year(as_of: datetime.date) -> int:
    """The year given to the report's dates: ``as_of``'s year from 1 July on, the year before until then.

    Either way the visit (8 April) and the June deadlines lie before ``as_of``.
    """
    return as_of.year if as_of >= datetime.date(as_of.year, 7, 1) else as_of.year - 1


@dataclass
class Tally:
    """What loading did to the rows of one model."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows of this model in the demo after loading."""
        return self.created + self.updated + self.unchanged


@dataclass
class DemoSummary:
    """The outcome of one load: the dates used and, per model, what happened to its rows."""

    as_of: datetime.date
    report_year: int
    tallies: dict[type[models.Model], Tally] = field(default_factory=lambda: {m: Tally() for m in DEMO_MODELS})

    @property
    def changed(self) -> bool:
        """True when loading created, updated or deleted any row."""
        return any(t.created or t.updated or t.deleted for t in self.tallies.values())


class _Calendar:
    """Turns the date specifications of :mod:`demo.nanjiangbin` into dates for one as-of date."""

    def __init__(self, as_of: datetime.date):
        self.as_of = as_of
        self.year = report_year(as_of)

    def day(self, spec) -> datetime.date | None:
        match spec:
            case None:
                return None
            case data.ReportDay(month=month, day=day, not_after_as_of=capped):
                resolved = datetime.date(self.year, month, day)
                return min(resolved, self.as_of) if capped else resolved
            case data.DaysAfterAsOf(days=days):
                return self.as_of + datetime.timedelta(days=days)
            case data.MonthEndAfterAsOf(months=months):
                year, month0 = divmod(self.as_of.month - 1 + months, 12)
                year, month = self.as_of.year + year, month0 + 1
                return datetime.date(year, month, calendar.monthrange(year, month)[1])
        raise TypeError(f"not a date specification: {spec!r}")

    def moment(self, spec: data.ReportMoment | None) -> datetime.datetime | None:
        if spec is None:
            return None
        return datetime.datetime(
            self.year, spec.month, spec.day, spec.hour, spec.minute, tzinfo=timezone.get_default_timezone()
        )


class _Loader:
    def __init__(self, as_of: datetime.date):
        self.calendar = _Calendar(as_of)
        self.summary = DemoSummary(as_of=as_of, report_year=self.calendar.year)
        # The tasks' history: listed in the summary, not among the demo's own records.
        self.summary.tallies[FollowUpEvent] = Tally()

    def upsert(self, model, keys: dict, values: dict):
        """The row of ``model`` matching ``keys``, created or brought up to ``values``; validated before saving."""
        tally = self.summary.tallies[model]
        obj = model.objects.filter(**keys).first()
        if obj is None:
            obj = model(**keys, **values)
        else:
            stale = {name: value for name, value in values.items() if not _holds(obj, name, value)}
            if not stale:
                tally.unchanged += 1
                return obj
            for name, value in stale.items():
                setattr(obj, name, value)
        created = obj.pk is None
        obj.full_clean()
        obj.save()
        if created:
            tally.created += 1
        else:
            tally.updated += 1
        return obj

    def delete(self, queryset):
        count = queryset.count()
        if count:
            queryset.delete()
            self.summary.tallies[queryset.model].deleted += count

    def load(self) -> DemoSummary:
        day = self.calendar.day
        district = self.upsert(District, {"code": data.DISTRICT["code"]}, {"name": data.DISTRICT["name"]})
        belt_values = {key: value for key, value in data.BELT.items() if key != "slug"}
        belt = self.upsert(Belt, {"slug": data.BELT["slug"]}, {"district": district, **belt_values})

        organizations = {
            spec["name"]: self.upsert(
                Organization,
                {"district": district, "name": spec["name"]},
                {key: value for key, value in spec.items() if key != "name"},
            )
            for spec in data.ORGANIZATIONS
        }

        sites = {}
        for spec in data.SITES:
            site = self.upsert(
                Site,
                {"belt": belt, "sequence": spec["sequence"]},
                {
                    **_without(spec, "sequence", "organization", "activities", "projects"),
                    "organization": organizations[spec["organization"]],
                    "location_approximate": True,
                    "published": True,
                },
            )
            sites[spec["sequence"]] = site
            for activity in spec["activities"]:
                self.upsert(
                    Activity,
                    {"site": site, "title": activity["title"]},
                    {**_without(activity, "title", "date"), "date": day(activity["date"])},
                )
            for project_spec in spec["projects"]:
                self.load_project(site, project_spec)

        self.load_inspection(belt, sites)
        return self.summary

    def load_project(self, site: Site, spec: dict) -> None:
        day = self.calendar.day
        project = self.upsert(
            Project,
            {"site": site, "title": spec["title"]},
            {
                **_without(spec, "title", "milestones", "progress_updates"),
                "planned_start": day(spec["planned_start"]),
                "planned_completion": day(spec["planned_completion"]),
                "actual_completion": day(spec["actual_completion"]),
                "published": True,
            },
        )
        for milestone in spec["milestones"]:
            self.upsert(
                Milestone,
                {"project": project, "title": milestone["title"]},
                {"due_date": day(milestone["due_date"]), "done_date": day(milestone["done_date"])},
            )
        dates = []
        for update in spec["progress_updates"]:
            dates.append(day(update["date"]))
            self.upsert(
                ProgressUpdate,
                {"project": project, "date": dates[-1]},
                {"percent": update["percent"], "note": update["note"]},
            )
        # Loaded for another as-of date: the demo's own updates (they have no
        # author) that now fall on other days would tell a contradictory story.
        self.delete(ProgressUpdate.objects.filter(project=project, author__isnull=True).exclude(date__in=dates))

    def load_inspection(self, belt: Belt, sites: dict[int, Site]) -> None:
        spec = data.INSPECTION
        date = self.calendar.day(spec["date"])
        # Loaded for another report year: the demo visit moves rather than repeats.
        stale = Inspection.objects.filter(belt=belt, title=spec["title"]).exclude(date=date)
        self.delete(FollowUp.objects.filter(inspection__in=stale))
        self.delete(InspectionSite.objects.filter(inspection__in=stale))
        self.delete(stale)

        inspection = self.upsert(
            Inspection,
            {"belt": belt, "date": date},
            _without(spec, "date", "visits", "followups"),
        )
        for order, (sequence, note) in enumerate(spec["visits"], start=1):
            self.upsert(
                InspectionSite,
                {"inspection": inspection, "site": sites[sequence]},
                {"order": order, "note": note},
            )
        for followup in spec["followups"]:
            task = self.upsert(
                FollowUp,
                {"inspection": inspection, "task": followup["task"]},
                {
                    **_without(followup, "task", "site", "deadline", "answered_at", "closed_at"),
                    "site": sites[followup["site"]] if followup["site"] else None,
                    "deadline": self.calendar.day(followup["deadline"]),
                    "answered_at": self.calendar.moment(followup["answered_at"]),
                    "closed_at": self.calendar.moment(followup["closed_at"]),
                },
            )
            self.load_followup_events(task, followup)

    def load_followup_events(self, task: FollowUp, spec: dict) -> None:
        """The steps that brought a demo task to its state: answered, then closed, as the report's dates say."""
        steps = {}
        if spec["answered_at"]:
            steps[FollowUpAction.ANSWERED] = (spec["answered_at"], spec["response"])
        if spec["closed_at"]:
            steps[FollowUpAction.CLOSED] = (spec["closed_at"], "")
        for action, (moment, text) in steps.items():
            self.upsert(
                FollowUpEvent,
                {"followup": task, "action": action, "user": None},
                {"at": self.calendar.moment(moment), "text": text},
            )
        # The demo's own steps (they have no author) that its present state no longer tells.
        self.delete(FollowUpEvent.objects.filter(followup=task, user__isnull=True).exclude(action__in=list(steps)))


def _without(spec: dict, *keys: str) -> dict:
    return {key: value for key, value in spec.items() if key not in keys}


def _holds(obj: models.Model, name: str, value) -> bool:
    """Whether ``obj.<name>`` already equals ``value``; a relation is compared by key, without a query."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value


@transaction.atomic
def load_demo(*, as_of: datetime.date) -> DemoSummary:
    """Create or update the Nanjiangbin demo belt so that it reads as it would on ``as_of``.

    Idempotent: a second call with the same ``as_of`` saves nothing. Everything is
    validated with ``full_clean()`` and written in one transaction.
    """
    return _Loader(as_of).load()


@transaction.atomic
def demo_admin_reset(*, username: str = DEMO_ADMIN_USERNAME) -> str:
    """Create the local demo superuser ``username``, or reset it, with a new random password; return the password."""
    password = get_random_string(20)
    user_model = get_user_model()
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    if user is None:
        user = user_model(**{user_model.USERNAME_FIELD: username})
    user.is_active = user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return password
