"""Drafts until published: the ready-to-publish check, publish actions and the staff preview."""

import pytest
from django.urls import reverse

from sites.models import Project, Site
from sites.publishing import HOST, LOCATION, PHOTO, POSITIONING, publication_gaps
from tests.admin_helpers import admin_url, change_url, form_data
from tests.factories import OrganizationFactory, PhotoFactory, ProjectFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_site_lacking_everything_lists_every_gap():
    site = SiteFactory(positioning="", latitude=None, longitude=None, organization=None)

    assert publication_gaps(site) == [POSITIONING, LOCATION, PHOTO, HOST]


def test_a_site_with_positioning_location_photo_and_host_is_ready():
    site = SiteFactory()
    PhotoFactory(site=site)

    assert publication_gaps(site) == []


def test_gaps_use_the_photo_count_annotation_without_a_query(django_assert_num_queries):
    SiteFactory()
    site = Site.objects.with_photo_count().get()

    with django_assert_num_queries(0):
        assert publication_gaps(site) == [PHOTO]


def test_form_refuses_to_publish_a_site_that_is_not_ready(admin_client):
    site = SiteFactory(published=False, positioning="")

    response = admin_client.post(change_url(site), {**form_data(admin_client.get(change_url(site))), "published": "on"})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["published"]
    assert str(POSITIONING) in errors[0] and str(PHOTO) in errors[0]
    site.refresh_from_db()
    assert site.published is False


def test_form_publishes_a_ready_site(admin_client):
    site = SiteFactory(published=False)
    PhotoFactory(site=site)

    response = admin_client.post(change_url(site), {**form_data(admin_client.get(change_url(site))), "published": "on"})

    assert response.status_code == 302
    site.refresh_from_db()
    assert site.published is True


def test_a_published_site_without_photo_can_still_be_edited(admin_client):
    site = SiteFactory(published=True)

    response = admin_client.post(change_url(site), {**form_data(admin_client.get(change_url(site))), "name": "新名"})

    assert response.status_code == 302


def test_publish_action_publishes_ready_sites_and_names_what_the_others_lack(admin_client):
    ready = SiteFactory(published=False)
    PhotoFactory(site=ready)
    unready = SiteFactory(published=False, organization=None)

    response = admin_client.post(
        admin_url(Site, "changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    unready.refresh_from_db()
    assert (ready.published, unready.published) == (True, False)
    messages = [str(message) for message in response.context["messages"]]
    assert any(unready.name in message and str(HOST) in message for message in messages)


def test_unpublish_action_records_history(admin_client):
    site = SiteFactory(published=True)

    admin_client.post(admin_url(Site, "changelist"), {"action": "unpublish_selected", "_selected_action": [site.pk]})

    site.refresh_from_db()
    assert site.published is False
    assert site.history.first().published is False
    assert site.history.first().history_user.username == "admin"


def test_publish_action_ignores_sites_of_other_districts(client, district, other_district, district_editor):
    foreign = SiteFactory(belt__district=other_district, published=False)
    PhotoFactory(site=foreign)
    client.force_login(district_editor)

    client.post(admin_url(Site, "changelist"), {"action": "publish_selected", "_selected_action": [foreign.pk]})

    foreign.refresh_from_db()
    assert foreign.published is False


def test_project_publish_actions(admin_client):
    project = ProjectFactory(published=False)
    changelist = admin_url(Project, "changelist")

    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.published is True

    admin_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.published is False


def test_editor_previews_a_draft_of_their_district(client, district, district_editor):
    draft = SiteFactory(belt__district=district, published=False, positioning="尚未发布的定位")
    ProjectFactory(site=draft, published=False, title="草稿项目")
    client.force_login(district_editor)

    response = client.get(reverse("portal:site_preview", kwargs={"pk": draft.pk}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "尚未发布的定位" in html and "草稿项目" in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"]


def test_the_public_cannot_see_a_draft_or_its_preview(client):
    draft = SiteFactory(published=False)

    assert client.get(draft.get_absolute_url()).status_code == 404
    preview = client.get(reverse("portal:site_preview", kwargs={"pk": draft.pk}))
    assert preview.status_code == 302
    assert "/admin/login/" in preview["Location"]


def test_preview_of_another_districts_draft_is_404(client, other_district, district_editor):
    foreign = SiteFactory(belt__district=other_district, published=False)
    client.force_login(district_editor)

    assert client.get(reverse("portal:site_preview", kwargs={"pk": foreign.pk})).status_code == 404


def test_preview_is_never_served_from_the_public_page_cache(client, district, district_editor):
    draft = SiteFactory(belt__district=district, published=False)
    client.force_login(district_editor)
    url = reverse("portal:site_preview", kwargs={"pk": draft.pk})
    client.get(url)
    other = UserFactory(username="other", is_staff=True)
    client.force_login(other)

    assert client.get(url).status_code == 404


def test_view_on_site_links_a_draft_to_its_preview(admin_client):
    draft = SiteFactory(published=False)

    html = admin_client.get(change_url(draft)).content.decode()

    assert reverse("portal:site_preview", kwargs={"pk": draft.pk}) in html


def test_change_form_shows_what_the_site_still_lacks(admin_client):
    site = SiteFactory(organization=None)

    html = admin_client.get(change_url(site)).content.decode()

    assert str(HOST) in html and str(PHOTO) in html


def test_choosing_a_host_in_the_form_makes_the_site_publishable(admin_client):
    # A ready site through the admin: host chosen from the same district.
    site = SiteFactory(published=False, organization=None)
    PhotoFactory(site=site)
    host = OrganizationFactory(district=site.belt.district)
    data = {**form_data(admin_client.get(change_url(site))), "organization": host.pk, "published": "on"}

    assert admin_client.post(change_url(site), data).status_code == 302
