"""Database expressions portable across PostgreSQL and SQLite."""

from django.db import models


class DayNumber(models.Func):
    """A date as a count of days, so that date differences can take part in arithmetic.

    PostgreSQL subtracts dates to whole days; SQLite counts Julian days. Only
    differences between two DayNumbers are meaningful, and both backends agree
    on those.
    """

    output_field = models.FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="julianday(%(expressions)s)", **extra_context)
