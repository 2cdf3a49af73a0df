"""The phases of a generated province: build the rows of one model at a time, insert them in batches."""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import models
from django.utils.text import capfirst

from belts.choices import BeltStatus
from belts.models import Belt, District
from demo.scale import words
from demo.scale.makers import (
    BELT_STATUSES,
    FOLLOWUP_STATUSES,
    LATITUDE_RANGE,
    LONGITUDE_RANGE,
    PROJECT_STATUSES,
    SITE_STATUSES,
    BeltPlan,
    DistrictPlan,
    Maker,
)
from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.models import FollowUp, FollowUpEvent, Inspection, InspectionSite
from sites.choices import ProjectStatus, SiteStatus
from sites.models import Activity, Milestone, Organization, ProgressUpdate, Project, Site

SLUG_PREFIX = "scale-"
BATCH_SIZE = 5000
SITES_PER_BELT = 20

# Called as progress(label, done, total) while a phase inserts its rows.
Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class ProjectRow:
    """What later phases need of a project, without keeping 100,000 model instances."""

    pk: int
    status: str
    planned_start: datetime.date | None
    planned_completion: datetime.date | None
    actual_completion: datetime.date | None
    percent_complete: int


class Generator(Maker):
    """Builds a province of ``sites`` bead sites, phase by phase, reporting to ``progress``."""

    def __init__(self, *, sites: int, seed: int, as_of: datetime.date, progress: Progress | None):
        super().__init__(random.Random(seed), as_of)  # noqa: S311 -- made-up data, reproducible by design
        self.site_count = sites
        self.progress = progress or (lambda label, done, total: None)
        self.counts: dict[type[models.Model], int] = {}
        self.reused_districts = 0
        self.districts: list[DistrictPlan] = []
        self.belts: list[BeltPlan] = []
        self.projects: list[ProjectRow] = []
        self.inspections: list[tuple[Inspection, BeltPlan, list[Site]]] = []

    def run(self) -> None:
        self.make_districts()
        self.make_belts()
        self.make_organizations()
        self.make_sites()
        self.make_projects()
        self.make_milestones()
        self.make_progress_updates()
        self.make_activities()
        self.make_inspections()
        self.make_followups()

    # -- inserting

    def insert(self, model: type[models.Model], objects: Iterable[models.Model], total: int, on_batch=None) -> None:
        """``bulk_create`` ``objects`` in batches, reporting progress; ``on_batch`` sees each batch with its keys."""
        label = str(capfirst(model._meta.verbose_name_plural))
        done = 0
        self.progress(label, done, total)
        iterator = iter(objects)
        while batch := list(islice(iterator, BATCH_SIZE)):
            model.objects.bulk_create(batch)
            _ensure_pks(model, batch)
            if on_batch:
                on_batch(batch)
            done += len(batch)
            self.progress(label, done, total)
        self.counts[model] = self.counts.get(model, 0) + done

    # -- districts, belts, organisations, sites

    def make_districts(self) -> None:
        codes = [spec[0] for spec in words.DISTRICTS]
        names = [spec[1] for spec in words.DISTRICTS]
        by_code = {d.code: d for d in District.objects.filter(code__in=codes)}
        by_name = {d.name: d for d in District.objects.filter(name__in=names)}
        new = []
        for code, name, city, latitude, longitude, places in words.DISTRICTS:
            district = by_code.get(code) or by_name.get(name)
            if district is None:
                district = District(code=code, name=name)
                new.append(district)
            self.districts.append(DistrictPlan(district, city, latitude, longitude, places))
        self.insert(District, new, len(new))
        self.reused_districts = len(self.districts) - len(new)
        self.counts[District] = len(self.districts)

    def belt_sizes(self, belt_count: int) -> list[int]:
        """``belt_count`` sizes around the mean, at least 1 each, adding up to the number of sites."""
        weights = [self.rng.uniform(0.5, 1.5) for _ in range(belt_count)]
        total = sum(weights)
        sizes = [max(1, int(self.site_count * w / total)) for w in weights]
        difference = self.site_count - sum(sizes)
        while difference:
            i = self.rng.randrange(belt_count)
            if difference > 0:
                sizes[i] += 1
                difference -= 1
            elif sizes[i] > 1:
                sizes[i] -= 1
                difference += 1
        return sizes

    def make_belts(self) -> None:
        belt_count = max(1, round(self.site_count / SITES_PER_BELT))
        district_ids = [plan.district.pk for plan in self.districts]
        taken: dict[int, set[str]] = {pk: set() for pk in district_ids}
        for district_id, name in Belt.objects.filter(district__in=district_ids).values_list("district_id", "name"):
            taken[district_id].add(name)
        width = max(4, len(str(belt_count)))
        for number, size in enumerate(self.belt_sizes(belt_count), start=1):
            district = self.rng.choice(self.districts)
            place, theme = self.rng.choice(district.places), self.rng.choice(words.BELT_THEMES)
            name = self.unique(
                taken[district.district.pk],
                lambda d=district: (
                    self.rng.choice(d.places) + self.rng.choice(words.BELT_THEMES) + self.rng.choice(words.BELT_KINDS)
                ),
            )
            status = self.weighted(BELT_STATUSES)
            principle = self.rng.choice(words.PRINCIPLES)
            belt = Belt(
                district=district.district,
                name=name,
                slug=f"{SLUG_PREFIX}belt-{number:0{width}d}",
                theme=(
                    f"{name}以{theme}党建为主题，串联{place}片区{size}个示范点，{principle}，"
                    "推动“两新”组织党建工作从“盆景”变“风景”。"
                ),
                principles=principle,
                status=status,
                target_year=min(2100, max(2000, self.as_of.year + self.rng.randint(-2, 2))),
                published=self.rng.random() < (0.5 if status == BeltStatus.PLANNED else 0.95),
            )
            self.belts.append(
                BeltPlan(
                    belt=belt,
                    district=district,
                    place=place,
                    theme=theme,
                    size=size,
                    latitude=self.coordinate(district.latitude + self.rng.gauss(0, 0.05), LATITUDE_RANGE),
                    longitude=self.coordinate(district.longitude + self.rng.gauss(0, 0.05), LONGITUDE_RANGE),
                )
            )
        self.insert(Belt, (plan.belt for plan in self.belts), len(self.belts))

    def make_organizations(self) -> None:
        taken: dict[int, set[str]] = {plan.district.pk: set() for plan in self.districts}
        existing = Organization.objects.filter(district__in=list(taken)).values_list("district_id", "name")
        for district_id, name in existing:
            taken[district_id].add(name)
        counts = [max(1, round(plan.size * 0.7)) for plan in self.belts]

        def organizations():
            for plan, count in zip(self.belts, counts, strict=True):
                for _i in range(count):
                    organization, short = self.organization(plan.district, taken[plan.district.district.pk])
                    plan.organizations.append((organization, short))
                    yield organization

        self.insert(Organization, organizations(), sum(counts))

    def make_sites(self) -> None:
        def sites():
            rng = self.rng
            for plan in self.belts:
                hosts = list(plan.organizations)
                hosts += [
                    None if rng.random() < 0.08 else rng.choice(plan.organizations)
                    for _ in range(plan.size - len(hosts))
                ]
                rng.shuffle(hosts)
                district = plan.district
                for sequence, host in enumerate(hosts[: plan.size], start=1):
                    organization, short = host or (None, plan.place)
                    kind = organization.kind if organization else None
                    suffixes = words.SITE_SUFFIXES[kind] if kind else words.GENERIC_SITE_SUFFIXES
                    name = short + rng.choice(suffixes)
                    status = self.weighted(SITE_STATUSES)
                    latitude = self.coordinate(plan.latitude + rng.gauss(0, 0.006), LATITUDE_RANGE)
                    longitude = self.coordinate(plan.longitude + rng.gauss(0, 0.006), LONGITUDE_RANGE)
                    site = Site(
                        belt=plan.belt,
                        sequence=sequence,
                        name=name,
                        organization=organization,
                        address=(
                            f"福建省{district.city}市{district.district.name}{rng.choice(words.ROADS)}"
                            f"{rng.randint(1, 399)}号"
                        ),
                        latitude=Decimal(f"{latitude:.6f}"),
                        longitude=Decimal(f"{longitude:.6f}"),
                        location_approximate=rng.random() < 0.3,
                        investment_10k_yuan=(Decimal(f"{rng.uniform(5, 500):.2f}") if rng.random() < 0.8 else None),
                        opening_hours=rng.choice(words.OPENING_HOURS),
                        contact_name=self.person(),
                        contact_phone=f"{words.AREA_CODES[district.city]}-{rng.randint(22000000, 89999999)}",
                        status=status,
                        published=rng.random() < (0.4 if status == SiteStatus.PLANNED else 0.92),
                        **self.site_texts(plan, organization, short, name),
                    )
                    plan.sites.append(site)
                    yield site

        self.insert(Site, sites(), self.site_count)

    # -- projects and what hangs from them

    def make_projects(self) -> None:
        sites = [site for plan in self.belts for site in plan.sites]
        counts = [self.rng.randint(3, 7) for _ in sites]
        planned_site = {ProjectStatus.PLANNED: 70, ProjectStatus.IN_PROGRESS: 30}

        def projects():
            rng = self.rng
            for site, count in zip(sites, counts, strict=True):
                for work in rng.sample(words.PROJECT_WORKS, count):
                    status = self.weighted(planned_site if site.status == SiteStatus.PLANNED else PROJECT_STATUSES)
                    schedule = self.schedule(status)
                    lagging = status in (ProjectStatus.DELAYED, ProjectStatus.SUSPENDED)
                    yield Project(
                        site=site,
                        title=work,
                        description=rng.choice(words.PROJECT_DESCRIPTIONS),
                        responsible_person=self.person(),
                        responsible_unit=(
                            site.organization.name
                            if site.organization and rng.random() < 0.7
                            else f"{site.belt.district.name}委两新工委"
                        ),
                        delay_reason=rng.choice(words.DELAY_REASONS) if lagging else "",
                        published=site.published and rng.random() < 0.9,
                        **schedule,
                    )

        def keep(batch):
            self.projects.extend(
                ProjectRow(
                    p.pk, p.status, p.planned_start, p.planned_completion, p.actual_completion, p.percent_complete
                )
                for p in batch
            )

        self.insert(Project, projects(), sum(counts), on_batch=keep)

    def make_milestones(self) -> None:
        counts = [self.rng.choice((1, 2, 2, 3)) if p.planned_start else 0 for p in self.projects]

        def milestones():
            rng, today = self.rng, self.as_of
            for project, count in zip(self.projects, counts, strict=True):
                if not count:
                    continue
                start, span = project.planned_start, (project.planned_completion - project.planned_start).days
                completed = project.status == ProjectStatus.COMPLETED
                for i, title in enumerate(words.MILESTONES[count], start=1):
                    due = start + datetime.timedelta(days=round(span * i / count))
                    done = None
                    if completed:
                        done = min(max(due + self.days(-10, 10), start), project.actual_completion)
                    elif (
                        i < count
                        and due <= today
                        and project.status != ProjectStatus.PLANNED
                        and rng.random() < project.percent_complete / 100 + 0.3
                    ):
                        done = min(max(due + self.days(-10, 15), start), today)
                    yield Milestone(project_id=project.pk, title=title, due_date=due, done_date=done)

        self.insert(Milestone, milestones(), sum(counts))

    def make_progress_updates(self) -> None:
        today = self.as_of

        def started(p: ProjectRow) -> bool:
            return p.status != ProjectStatus.PLANNED and p.planned_start is not None and p.planned_start <= today

        counts = [self.rng.choice((2, 3, 3)) if started(p) else 0 for p in self.projects]

        def updates():
            rng = self.rng
            for project, count in zip(self.projects, counts, strict=True):
                if not count:
                    continue
                start = project.planned_start
                if project.status == ProjectStatus.COMPLETED:
                    end = project.actual_completion
                else:
                    end = max(start, today - self.days(0, 120))  # some go stale
                span = (end - start).days
                dates = sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count - 1))
                final = project.percent_complete
                percents = sorted(rng.randint(max(0, final - 60), final) for _ in range(count - 1))
                for date, percent in zip([*dates, end], [*percents, final], strict=True):
                    note = rng.choice(words.PROGRESS_NOTES[:-1] if percent < 100 else words.PROGRESS_NOTES[-1:])
                    yield ProgressUpdate(project_id=project.pk, date=date, percent=percent, note=note)

        self.insert(ProgressUpdate, updates(), sum(counts))

    def make_activities(self) -> None:
        sites = [(plan, site) for plan in self.belts for site in plan.sites]
        counts = [self.rng.choice((0, 1) if site.status == SiteStatus.PLANNED else (1, 1, 2, 2)) for _, site in sites]

        def activities():
            rng = self.rng
            for (plan, site), count in zip(sites, counts, strict=True):
                for title in rng.sample(words.ACTIVITY_TITLES, count):
                    sessions = rng.choice((1, 1, 1, 2, 3, 4, 6, 12))
                    yield Activity(
                        site=site,
                        date=self.as_of - self.days(0, 720),
                        title=title.format(theme=plan.theme.strip("“”")),
                        sessions=sessions,
                        participants=sessions * rng.randint(15, 120) if rng.random() < 0.9 else None,
                        description=rng.choice(words.ACTIVITY_DESCRIPTIONS),
                    )

        self.insert(Activity, activities(), sum(counts))

    # -- inspection visits and their follow-up tasks

    def make_inspections(self) -> None:
        rng = self.rng
        chosen = sorted(rng.sample(range(len(self.belts)), max(1, len(self.belts) // 2)))
        for index in chosen:
            plan = self.belts[index]
            visited = sorted(rng.sample(plan.sites, min(plan.size, rng.randint(3, 6))), key=lambda s: s.sequence)
            inspection = Inspection(
                belt=plan.belt,
                date=self.as_of - self.days(7, 540),
                title=f"{plan.belt.name}调研核查",
                inspecting_body=f"{plan.district.city}市委两新工委",
                leader_name=self.person(),
                leader_title=rng.choice(words.LEADER_TITLES),
                team="、".join(self.person() for _ in range(rng.randint(2, 5))),
                summary=rng.choice(words.SUMMARIES),
                guidance="".join(f"{n}.{text}" for n, text in enumerate(rng.sample(words.GUIDANCE, 3), start=1)),
            )
            self.inspections.append((inspection, plan, visited))
        self.insert(Inspection, (inspection for inspection, _, _ in self.inspections), len(self.inspections))

        visits = [
            InspectionSite(inspection=inspection, site=site, order=order, note=rng.choice(words.VISIT_NOTES))
            for inspection, _, visited in self.inspections
            for order, site in enumerate(visited, start=1)
        ]
        self.insert(InspectionSite, visits, len(visits))

    def make_followups(self) -> None:
        rng, today = self.rng, self.as_of
        followups, events = [], []
        for inspection, plan, visited in self.inspections:
            for task in rng.sample(words.FOLLOWUP_TASKS, rng.choice((1, 2, 2, 3))):
                status = self.weighted(FOLLOWUP_STATUSES)
                followup = FollowUp(
                    inspection=inspection,
                    site=rng.choice(visited) if rng.random() < 0.8 else None,
                    task=task,
                    responsible_person=f"{plan.district.district.name}委两新工委",
                    deadline=inspection.date + self.days(15, 120),
                    status=status,
                )
                if status != FollowUpStatus.OPEN:
                    answered = min(today, inspection.date + self.days(3, 90))
                    followup.response = rng.choice(words.FOLLOWUP_RESPONSES)
                    followup.answered_at = self.moment(answered, 9, 11)
                    events.append((followup, FollowUpAction.ANSWERED, followup.answered_at, followup.response))
                if status == FollowUpStatus.CLOSED:
                    followup.closed_at = self.moment(min(today, answered + self.days(0, 30)), 14, 17)
                    events.append((followup, FollowUpAction.CLOSED, followup.closed_at, ""))
                followups.append(followup)
        self.insert(FollowUp, followups, len(followups))
        self.insert(
            FollowUpEvent,
            (FollowUpEvent(followup=f, action=action, at=at, text=text) for f, action, at, text in events),
            len(events),
        )


def _ensure_pks(model: type[models.Model], batch: list[models.Model]) -> None:
    """Give ``batch`` its primary keys where the backend did not return them from the insert.

    PostgreSQL and SQLite 3.35+ return them. Otherwise the batch holds the latest
    rows of the table: this runs in one transaction that alone writes the table.
    """
    if batch[0].pk is not None:
        return
    pks = list(model.objects.order_by("-pk").values_list("pk", flat=True)[: len(batch)])
    for obj, pk in zip(batch, reversed(pks), strict=True):
        obj.pk = pk
