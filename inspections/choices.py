from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
