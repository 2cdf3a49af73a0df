import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from belts.base import DistrictScopedQuerySet
from inspections.choices import FollowUpStatus


def _today(today: datetime.date | None) -> datetime.date:
    return timezone.localdate() if today is None else today


def followup_overdue_condition(today: datetime.date) -> Q:
    """A follow-up is overdue while it is still open, waiting for the district, past its deadline."""
    return Q(status=FollowUpStatus.OPEN, deadline__lt=today)


class InspectionQuerySet(DistrictScopedQuerySet):
    """Inspections are internal: never public, whatever their belt's state."""

    district_lookups = ("belt__district",)
    committee_records = True

    def published(self):
        return self.none()


class FollowUpQuerySet(DistrictScopedQuerySet):
    district_lookups = ("inspection__belt__district",)
    committee_records = True

    def published(self):
        """Follow-ups are internal: never public."""
        return self.none()

    def unresolved(self):
        """Open or answered: not yet closed by the committee."""
        return self.exclude(status=FollowUpStatus.CLOSED)

    def overdue(self, today: datetime.date | None = None):
        """Still open past the deadline."""
        return self.filter(followup_overdue_condition(_today(today)))

    def due_within(self, days: int, today: datetime.date | None = None):
        """Still open, awaiting the district, and due between ``today`` and ``days`` days later, both included."""
        today = _today(today)
        return self.filter(
            status=FollowUpStatus.OPEN, deadline__gte=today, deadline__lte=today + datetime.timedelta(days=days)
        )

    def with_overdue_flag(self, today: datetime.date | None = None):
        """Annotate ``is_overdue`` with the same rule as ``overdue()``."""
        condition = followup_overdue_condition(_today(today))
        return self.annotate(is_overdue=ExpressionWrapper(condition, output_field=BooleanField()))
