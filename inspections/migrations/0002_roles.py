"""The two roles of the portal as groups with their permissions.

District editors (区级管理员) keep their districts' belts, organisations, sites,
projects and what hangs from them, and answer the follow-up tasks addressed to
their districts. Committee reviewers (市级审核) see every district's records
read-only and keep the inspections and follow-ups. Which rows each may touch is
decided by ``belts.roles``; these permissions decide which kinds of record.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DISTRICT_EDITOR = "区级管理员"
COMMITTEE_REVIEWER = "市级审核"

SITE_RECORDS = ["organization", "site", "project", "milestone", "progressupdate", "photo", "activity"]

ROLES = {
    DISTRICT_EDITOR: [
        ("belts", "view_district"),
        *[("belts", f"{action}_belt") for action in ("view", "add", "change", "delete")],
        *[("sites", f"{action}_{model}") for model in SITE_RECORDS for action in ("view", "add", "change", "delete")],
        ("inspections", "view_inspection"),
        ("inspections", "view_followup"),
        ("inspections", "change_followup"),
    ],
    COMMITTEE_REVIEWER: [
        ("belts", "view_all_districts"),
        ("belts", "view_district"),
        ("belts", "view_belt"),
        *[("sites", f"view_{model}") for model in SITE_RECORDS],
        *[
            ("inspections", f"{action}_{model}")
            for model in ("inspection", "inspectionsite", "followup")
            for action in ("view", "add", "change", "delete")
        ],
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = [
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("belts", "0001_initial"),
        ("sites", "0001_initial"),
        ("inspections", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
