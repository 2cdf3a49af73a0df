from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up status", "Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class FollowUpAction(models.TextChoices):
    """A step of the follow-up workflow, as recorded in a task's history."""

    ANSWERED = "answered", pgettext_lazy("follow-up action", "Answered")
    CLOSED = "closed", pgettext_lazy("follow-up action", "Closed")
    SENT_BACK = "sent_back", pgettext_lazy("follow-up action", "Sent back")
