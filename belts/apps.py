from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeltsConfig(AppConfig):
    name = "belts"
    verbose_name = _("Districts and belts")
