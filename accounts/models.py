"""The sign-in records kept by django-axes, under the portal's own names for the admin."""

from axes.models import AccessAttempt, AccessLog
from django.utils.translation import gettext_lazy as _


class FailedSignIn(AccessAttempt):
    """Failed sign-ins counted for one user name from one address; at the limit, that pair is locked out."""

    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")


class SignIn(AccessLog):
    """A successful sign-in: who, from where, with which browser, and when they signed out."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-in log")
