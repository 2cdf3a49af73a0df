"""Every change to belts, sites, projects, milestones, progress updates and follow-ups is recorded."""

import pytest

from belts.models import Belt
from inspections.models import FollowUp
from sites.models import Milestone, ProgressUpdate, Project, Site
from tests.admin_helpers import admin_url, change_url, form_data
from tests.factories import (
    BeltFactory,
    FollowUpFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (BeltFactory, "name", "新示范带名称"),
        (SiteFactory, "positioning", "新的主要定位"),
        (ProjectFactory, "title", "新的项目名称"),
        (MilestoneFactory, "title", "新的时间节点"),
        (ProgressUpdateFactory, "note", "新的进展说明"),
        (FollowUpFactory, "responsible_person", "新的责任人"),
    ],
    ids=lambda value: getattr(value, "__name__", None) or str(value),
)
def test_a_change_through_the_admin_records_who_and_which_field(admin_client, factory, field, value):
    obj = factory()
    old = getattr(obj, field)

    response = admin_client.post(change_url(obj), {**form_data(admin_client.get(change_url(obj))), field: value})

    assert response.status_code == 302, getattr(response, "context", None) and response.context["adminform"].form.errors
    latest, previous = obj.history.all()[:2]
    assert latest.history_user.username == "admin"
    [change] = [change for change in latest.diff_against(previous).changes if change.field == field]
    assert (change.old, change.new) == (old, value)


@pytest.mark.parametrize("model", [Belt, Site, Project, Milestone, ProgressUpdate, FollowUp], ids=lambda m: m.__name__)
def test_history_page_shows_the_changes(admin_client, model):
    factories = {
        Belt: BeltFactory,
        Site: SiteFactory,
        Project: ProjectFactory,
        Milestone: MilestoneFactory,
        ProgressUpdate: ProgressUpdateFactory,
        FollowUp: FollowUpFactory,
    }
    obj = factories[model]()
    admin_client.post(change_url(obj), form_data(admin_client.get(change_url(obj))))

    response = admin_client.get(admin_url(model, "history", obj.pk))

    assert response.status_code == 200


def test_history_page_lists_field_changes_with_old_and_new_values(admin_client):
    site = SiteFactory(name="旧的串珠名称")
    admin_client.post(change_url(site), {**form_data(admin_client.get(change_url(site))), "name": "新的串珠名称"})

    html = admin_client.get(admin_url(Site, "history", site.pk)).content.decode()

    assert "旧的串珠名称" in html and "新的串珠名称" in html


def test_history_of_another_districts_site_is_404(client, other_district, district_editor):
    foreign = SiteFactory(belt__district=other_district)
    client.force_login(district_editor)

    assert client.get(admin_url(Site, "history", foreign.pk)).status_code == 404


def test_a_past_version_can_be_viewed_but_not_saved_back(admin_client):
    site = SiteFactory(name="原名")
    admin_client.post(change_url(site), {**form_data(admin_client.get(change_url(site))), "name": "现名"})
    first = site.history.earliest()
    url = admin_url(Site, "simple_history", site.pk, first.history_id)

    viewed = admin_client.get(url)
    reverted = admin_client.post(url, {**form_data(admin_client.get(change_url(site))), "name": "原名"})

    assert viewed.status_code == 200
    assert reverted.status_code == 403
    site.refresh_from_db()
    assert site.name == "现名"


def test_a_past_version_of_another_districts_site_is_404(client, other_district, district_editor):
    foreign = SiteFactory(belt__district=other_district)
    client.force_login(district_editor)

    url = admin_url(Site, "simple_history", foreign.pk, foreign.history.first().history_id)

    assert client.get(url).status_code == 404
