"""The admin of host organisations, sites, projects and what hangs from them; each module registers its admins."""

from sites.admin import common, media_admins, project_admins, site_admins  # noqa: F401
from sites.admin.project_admins import ProjectAdmin
from sites.admin.site_admins import SiteAdmin

__all__ = ["ProjectAdmin", "SiteAdmin"]
