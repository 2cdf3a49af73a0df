from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganizationKind(models.TextChoices):
    NON_PUBLIC_ENTERPRISE = "enterprise", _("Non-public enterprise")
    SOCIAL_ORGANIZATION = "social", _("Social organisation")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    PARK = "park", _("Industrial park")
    PUBLIC_INSTITUTION = "institution", _("Public institution")
    OTHER = "other", _("Other")


class PartyOrganizationKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    BRANCH = "branch", _("Party branch")
    JOINT_BRANCH = "joint_branch", _("Joint party branch")
    EMBEDDED_BRANCH = "embedded_branch", _("Embedded party branch")


class SiteStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPEN = "open", pgettext_lazy("site status", "Open")
    SUSPENDED = "suspended", _("Suspended")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    SUSPENDED = "suspended", _("Suspended")
