"""The sign-in lockout: its rule (settings ``AXES_*``) read back for people, and the page a locked-out pair sees."""

import datetime
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_until(attempt) -> datetime.datetime | None:
    """When a locked-out user name and address may try again; None while under the failure limit."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    return attempt.attempt_time + get_cool_off()


def locked_out(request, original_response=None, credentials=None):
    """429 with the wait in minutes and ``Retry-After``; the same user name from another address is unaffected."""
    wait = get_cool_off()
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed sign-ins"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": math.ceil(wait.total_seconds() / 60),
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(int(wait.total_seconds()))
    return response
