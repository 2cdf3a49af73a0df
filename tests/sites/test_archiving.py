"""Deleting a site or project archives it: hidden everywhere, restorable; only superusers purge."""

import pytest

from sites.models import Milestone, Project, Site
from tests.admin_helpers import admin_url, change_url
from tests.factories import MilestoneFactory, PhotoFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db


def delete_url(obj):
    return admin_url(type(obj), "delete", obj.pk)


def test_deleting_a_site_archives_it(client, district, district_editor):
    site = SiteFactory(belt__district=district)
    ProjectFactory(site=site)
    client.force_login(district_editor)

    confirm = client.get(delete_url(site))
    response = client.post(delete_url(site), {"post": "yes"})

    assert confirm.status_code == 200
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.archived_at is not None
    assert Project.objects.filter(site=site).exists()


def test_an_archived_site_is_hidden_everywhere(client, admin_client):
    site = SiteFactory()
    project = ProjectFactory(site=site)
    MilestoneFactory(project=project)
    PhotoFactory(site=site)
    Site.objects.filter(pk=site.pk).update(archived_at="2026-11-01T00:00:00Z")

    assert client.get(site.get_absolute_url()).status_code == 404
    assert site.name not in client.get(site.belt.get_absolute_url()).content.decode()
    assert not Site.objects.published().exists()
    assert not Project.objects.published().exists()
    assert not Milestone.objects.published().exists()
    assert site.name not in admin_client.get(admin_url(Site, "changelist")).content.decode()
    assert not Project.objects.visible_to(None).exists()


def test_archived_filter_lists_archived_sites_and_restore_brings_them_back(admin_client):
    site = SiteFactory(name="已归档的串珠")
    admin_client.post(delete_url(site), {"post": "yes"})

    archived_list = admin_client.get(admin_url(Site, "changelist"), {"archive": "archived"})
    admin_client.post(
        admin_url(Site, "changelist") + "?archive=archived",
        {"action": "restore_selected", "_selected_action": [site.pk]},
    )

    assert "已归档的串珠" in archived_list.content.decode()
    site.refresh_from_db()
    assert site.archived_at is None
    assert client_sees(site)


def client_sees(site):
    return Site.objects.published().filter(pk=site.pk).exists()


def test_bulk_delete_action_archives_projects(admin_client):
    projects = ProjectFactory.create_batch(2)

    admin_client.post(
        admin_url(Project, "changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in projects], "post": "yes"},
    )

    assert Project.objects.archived().count() == 2
    assert Project.objects.count() == 2


def test_only_superusers_may_purge(client, district, district_editor, admin_client):
    site = SiteFactory(belt__district=district)
    client.force_login(district_editor)

    refused = client.post(
        admin_url(Site, "changelist"), {"action": "purge_selected", "_selected_action": [site.pk]}, follow=True
    )
    assert Site.objects.filter(pk=site.pk).exists()
    assert refused.status_code == 200

    admin_client.post(admin_url(Site, "changelist"), {"action": "purge_selected", "_selected_action": [site.pk]})
    assert not Site.objects.filter(pk=site.pk).exists()


def test_purging_a_site_with_projects_is_refused_with_a_message(admin_client):
    site = SiteFactory()
    ProjectFactory(site=site)

    response = admin_client.post(
        admin_url(Site, "changelist"), {"action": "purge_selected", "_selected_action": [site.pk]}, follow=True
    )

    assert Site.objects.filter(pk=site.pk).exists()
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_an_archived_site_still_opens_in_the_admin_for_restoring(admin_client):
    site = SiteFactory()
    admin_client.post(delete_url(site), {"post": "yes"})

    assert admin_client.get(change_url(site)).status_code == 200
