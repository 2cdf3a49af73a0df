"""Values of one row at a time, drawn from the generator's random source: names, texts, dates."""

import datetime
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from belts.choices import BeltStatus
from belts.models import Belt, District
from demo.scale import words
from inspections.choices import FollowUpStatus
from sites.choices import OrganizationKind, PartyOrganizationKind, ProjectStatus, SiteStatus
from sites.models import Organization, Site

LATITUDE_RANGE = (23.5, 28.3)  # Fujian province, degrees north
LONGITUDE_RANGE = (115.8, 120.7)  # degrees east

ORGANIZATION_KINDS = {
    OrganizationKind.NON_PUBLIC_ENTERPRISE: 40,
    OrganizationKind.SOCIAL_ORGANIZATION: 18,
    OrganizationKind.COMMUNITY: 16,
    OrganizationKind.VILLAGE: 6,
    OrganizationKind.PARK: 8,
    OrganizationKind.PUBLIC_INSTITUTION: 6,
    OrganizationKind.OTHER: 6,
}
P = PartyOrganizationKind
PARTY_ORGANIZATION_KINDS = {
    OrganizationKind.NON_PUBLIC_ENTERPRISE: {P.COMMITTEE: 15, P.GENERAL_BRANCH: 15, P.BRANCH: 55, P.JOINT_BRANCH: 15},
    OrganizationKind.SOCIAL_ORGANIZATION: {P.BRANCH: 50, P.JOINT_BRANCH: 30, P.EMBEDDED_BRANCH: 20},
    OrganizationKind.COMMUNITY: {P.COMMITTEE: 40, P.GENERAL_BRANCH: 30, P.BRANCH: 30},
    OrganizationKind.VILLAGE: {P.COMMITTEE: 30, P.GENERAL_BRANCH: 20, P.BRANCH: 50},
    OrganizationKind.PARK: {P.COMMITTEE: 60, P.GENERAL_BRANCH: 20, P.JOINT_BRANCH: 20},
    OrganizationKind.PUBLIC_INSTITUTION: {P.COMMITTEE: 30, P.GENERAL_BRANCH: 30, P.BRANCH: 40},
    OrganizationKind.OTHER: {P.JOINT_BRANCH: 60, P.EMBEDDED_BRANCH: 40},
}
PARTY_ORGANIZATION_SUFFIXES = {
    P.COMMITTEE: ("党委", (50, 400)),
    P.GENERAL_BRANCH: ("党总支", (30, 90)),
    P.BRANCH: ("党支部", (3, 49)),
    P.JOINT_BRANCH: ("联合党支部", (5, 40)),
    P.EMBEDDED_BRANCH: ("兼合式党支部", (3, 20)),
}
PROJECT_STATUSES = {
    ProjectStatus.COMPLETED: 34,
    ProjectStatus.IN_PROGRESS: 33,
    ProjectStatus.DELAYED: 10,
    ProjectStatus.PLANNED: 18,
    ProjectStatus.SUSPENDED: 5,
}
SITE_STATUSES = {
    SiteStatus.OPEN: 55,
    SiteStatus.UNDER_CONSTRUCTION: 25,
    SiteStatus.PLANNED: 15,
    SiteStatus.SUSPENDED: 5,
}
BELT_STATUSES = {BeltStatus.COMPLETED: 35, BeltStatus.UNDER_CONSTRUCTION: 45, BeltStatus.PLANNED: 20}
FOLLOWUP_STATUSES = {FollowUpStatus.OPEN: 35, FollowUpStatus.ANSWERED: 30, FollowUpStatus.CLOSED: 35}
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass
class DistrictPlan:
    """A district with what places its belts: its city, centre and local place names."""

    district: District
    city: str
    latitude: float
    longitude: float
    places: tuple[str, ...]


@dataclass
class BeltPlan:
    """A belt being generated, with the organisations and sites made for it so far."""

    belt: Belt
    district: DistrictPlan
    place: str
    theme: str
    size: int
    latitude: float
    longitude: float
    organizations: list[tuple[Organization, str]] = field(default_factory=list)  # (organisation, short name)
    sites: list[Site] = field(default_factory=list)


class Maker:
    """Draws every value from ``rng`` and dates everything relative to ``as_of``."""

    def __init__(self, rng: random.Random, as_of: datetime.date):
        self.rng = rng
        self.as_of = as_of
        self.window = settings.AT_RISK_WINDOW_DAYS
        self.tz = timezone.get_default_timezone()

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def person(self) -> str:
        given = "".join(self.rng.choice(words.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(words.SURNAMES) + given

    def moment(self, day: datetime.date, hour_low: int, hour_high: int) -> datetime.datetime:
        clock = datetime.time(self.rng.randint(hour_low, hour_high), self.rng.randrange(60))
        return datetime.datetime.combine(day, clock, tzinfo=self.tz)

    def unique(self, taken: set[str], make: Callable[[], str]) -> str:
        """A name from ``make`` not in ``taken`` (numbered after a few clashes), added to ``taken``."""
        name = make()
        for _attempt in range(20):
            if name not in taken:
                break
            name = make()
        base, number = name, 2
        while name in taken:
            name, number = f"{base}（{number}）", number + 1
        taken.add(name)
        return name

    def coordinate(self, value: float, bounds: tuple[float, float]) -> float:
        """``value`` kept a little inside ``bounds``."""
        low, high = bounds
        return min(max(value, low + 0.05), high - 0.05)

    def organization_name(self, kind: str, district: DistrictPlan) -> tuple[str, str]:
        """A made-up ``(name, short name)`` for an organisation of ``kind`` in ``district``."""
        rng = self.rng
        locality = rng.choice(words.LOCALITIES + district.places)
        match kind:
            case OrganizationKind.NON_PUBLIC_ENTERPRISE:
                short = rng.choice(words.BRANDS) + rng.choice(words.INDUSTRIES)
                return rng.choice((district.city, "福建")) + short + rng.choice(words.COMPANY_FORMS), short
            case OrganizationKind.SOCIAL_ORGANIZATION:
                short = rng.choice(("", rng.choice(words.BRANDS))) + rng.choice(words.SOCIAL_FIELDS)
                short += rng.choice(words.SOCIAL_FORMS)
                return rng.choice((district.city + "市", district.district.name)) + short, short
            case OrganizationKind.COMMUNITY:
                name = locality + rng.choice(words.LOCALITY_PARTS) + rng.choice(words.COMMUNITY_FORMS)
                return name, name
            case OrganizationKind.VILLAGE:
                name = locality + rng.choice(words.LOCALITY_PARTS) + rng.choice(words.VILLAGE_FORMS)
                return name, name
            case OrganizationKind.PARK:
                short = rng.choice(words.BRANDS) + rng.choice(words.PARK_FORMS)
                return district.city + short, short
            case OrganizationKind.PUBLIC_INSTITUTION:
                short = locality + rng.choice(words.INSTITUTIONS)
                return district.district.name + short, short
        name = locality + rng.choice(words.OTHER_FORMS)
        return name, name

    def organization(self, district: DistrictPlan, taken: set[str]) -> tuple[Organization, str]:
        rng = self.rng
        kind = self.weighted(ORGANIZATION_KINDS)
        last = {}

        def make():
            name, last["short"] = self.organization_name(kind, district)
            return name

        name = self.unique(taken, make)
        short = last["short"]
        organization = Organization(district=district.district, name=name, kind=kind)
        if kind in (
            OrganizationKind.NON_PUBLIC_ENTERPRISE,
            OrganizationKind.SOCIAL_ORGANIZATION,
            OrganizationKind.PARK,
        ):
            prefix = "91" if kind != OrganizationKind.SOCIAL_ORGANIZATION else "52"
            tail = "".join(rng.choice(CREDIT_CODE_CHARACTERS) for _ in range(10))
            organization.credit_code = prefix + district.district.code + tail
        if rng.random() < 0.9:
            party_kind = self.weighted(PARTY_ORGANIZATION_KINDS[kind])
            suffix, members = PARTY_ORGANIZATION_SUFFIXES[party_kind]
            organization.party_org_kind = party_kind
            organization.party_org_name = short + suffix
            organization.party_member_count = rng.randint(*members) if rng.random() < 0.85 else None
            if rng.random() < 0.8:
                year = rng.randint(self.as_of.year - 30, self.as_of.year - 1)
                organization.party_org_founded = datetime.date(year, rng.randint(1, 12), 1)
        return organization, short

    def site_texts(self, plan: BeltPlan, organization: Organization | None, short: str, name: str) -> dict:
        rng = self.rng
        kind = organization.kind if organization else OrganizationKind.OTHER
        if rng.random() < 0.2:
            positioning = f"全市首个{rng.choice(words.PURPOSES)}的{rng.choice(words.POSITIONING_NOUNS[kind])}。"
        else:
            positioning = f"一个{rng.choice(words.PURPOSES)}的{rng.choice(words.POSITIONING_NOUNS[kind])}。"
        area = rng.randint(80, 3000)
        host = organization.name if organization else f"{plan.place}片区"
        description = words.ORG_DESCRIPTIONS[kind].format(
            industry=rng.choice(words.INDUSTRIES), n=rng.choice((30, 60, 120, 300, 800, 1500, 5000, 12000))
        )
        rooms = "、".join(rng.sample(words.ROOMS, 3))
        founded = rng.randint(self.as_of.year - 30, self.as_of.year - 2)
        if organization and organization.party_org_founded:
            founded = min(founded, organization.party_org_founded.year)
        introduction = (
            f"{host}成立于{founded}年，{description}。"
            f"{(organization.party_org_name if organization and organization.party_org_name else '党组织')}"
            f"{rng.choice(words.PARTY_WORK)}，党员作用发挥明显。"
            f"{name}建筑面积约{area}平方米，设有{rooms}等功能区，面向党员群众免费开放。"
            f"近年来，围绕{plan.theme}党建主题，{rng.choice(words.ACHIEVEMENTS)}，"
            f"累计开展各类活动{rng.randint(10, 300)}场次，服务群众{rng.randint(500, 30000)}人次。"
        )
        if rng.random() < 0.6:
            introduction += f"先后获评{rng.choice(words.HONOURS)}等称号。"
        texts = {"positioning": positioning, "introduction": introduction, "area_m2": Decimal(area)}
        if rng.random() < 0.7:
            texts["construction_status"] = (
                f"{rng.choice(words.STATUS_NOW)}。下一步，将{rng.choice(words.STATUS_NEXT)}。"
            )
        else:
            first, second = rng.sample(words.EXPERIENCES, 2)
            texts["experience"] = f"一是{first}；二是{second}。"
        return texts

    def schedule(self, status: str) -> dict:
        """Dates and percent complete for a project of ``status``, placed so some are overdue and some at risk."""
        rng, today = self.rng, self.as_of
        one_day = datetime.timedelta(days=1)
        start = completion = actual = None
        percent = 0
        if status == ProjectStatus.COMPLETED:
            start = today - self.days(90, 1000)
            completion = start + self.days(30, 400)
            actual = min(max(completion + self.days(-30, 90), start), today - one_day)
            percent = 100
        elif status == ProjectStatus.IN_PROGRESS and rng.random() < 0.35:
            # Falling due within the at-risk window: most behind schedule (at risk), some on track.
            completion = today + self.days(0, self.window)
            duration = rng.randint(60, 360)
            start = completion - datetime.timedelta(days=duration)
            elapsed = (today - start).days / duration
            if rng.random() < 0.65:
                percent = int(elapsed * 100 * rng.uniform(0.3, 0.9))
            else:
                percent = min(99, math.ceil(elapsed * 100) + rng.randint(0, 20))
        elif status == ProjectStatus.IN_PROGRESS:
            start = today - self.days(15, 400)
            if rng.random() < 0.15:
                completion = max(start, today - self.days(1, 90))  # overdue
            else:
                completion = today + self.days(self.window + 1, 400)
            elapsed = (today - start).days / max(1, (completion - start).days)
            percent = min(99, max(1, round(min(elapsed, 1) * 100 + rng.gauss(0, 12))))
        elif status == ProjectStatus.DELAYED:
            start = today - self.days(120, 700)
            if rng.random() < 0.8:
                completion = max(start + datetime.timedelta(days=30), today - self.days(1, 200))  # overdue
            else:
                completion = today + self.days(self.window + 1, 240)  # rescheduled
            percent = rng.randint(10, 90)
        elif status == ProjectStatus.SUSPENDED:
            start = today - self.days(60, 500)
            completion = start + self.days(60, 400)
            percent = rng.randint(5, 60)
        elif rng.random() < 0.9:  # planned; a few without dates yet
            start = today + self.days(7, 240)
            completion = start + self.days(30, 365)
        return {
            "status": status,
            "planned_start": start,
            "planned_completion": completion,
            "actual_completion": actual,
            "percent_complete": percent,
        }
