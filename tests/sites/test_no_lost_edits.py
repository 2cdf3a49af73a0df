"""Two people editing one site or project at once: the second save is refused and says what changed."""

import pytest
from django.test import Client

from tests.admin_helpers import change_url, form_data
from tests.factories import PhotoFactory, ProjectFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(client, district, district_editor):
    """Two clients, each signed in as a different editor of the same district."""
    second = UserFactory(username="gulou", is_staff=True)
    second.user_permissions.set(district_editor.user_permissions.all())
    district.editors.add(second)
    first_client = client
    first_client.force_login(district_editor)
    second_client = Client()
    second_client.force_login(second)
    return first_client, second_client


def test_second_save_of_a_site_is_refused_with_what_the_other_person_changed(editors, district):
    site = SiteFactory(belt__district=district, name="春天国际影城", positioning="党员宣教基地")
    first, second = editors
    first_form = form_data(first.get(change_url(site)))
    second_form = form_data(second.get(change_url(site)))

    saved = first.post(change_url(site), {**first_form, "name": "春天国际影城党群服务中心"})
    refused = second.post(change_url(site), {**second_form, "positioning": "全市首个党员宣教基地"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "cangshan" in errors
    assert "春天国际影城 → 春天国际影城党群服务中心".replace(" → ", "” → “") in errors
    site.refresh_from_db()
    assert site.name == "春天国际影城党群服务中心"
    assert site.positioning == "党员宣教基地"
    assert site.version == 2


def test_second_save_of_a_project_is_refused(editors, district):
    project = ProjectFactory(site__belt__district=district, percent_complete=40)
    first, second = editors
    first_form = form_data(first.get(change_url(project)))
    second_form = form_data(second.get(change_url(project)))

    first.post(change_url(project), {**first_form, "percent_complete": "60"})
    refused = second.post(change_url(project), {**second_form, "percent_complete": "45"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors()
    project.refresh_from_db()
    assert project.percent_complete == 60


def test_saving_an_unchanged_stale_form_does_not_overwrite_the_other_change(editors, district):
    site = SiteFactory(belt__district=district, name="旧名称")
    first, second = editors
    stale_form = form_data(second.get(change_url(site)))
    first.post(change_url(site), {**form_data(first.get(change_url(site))), "name": "新名称"})

    refused = second.post(change_url(site), stale_form)

    assert refused.status_code == 200
    site.refresh_from_db()
    assert site.name == "新名称"


def test_consecutive_saves_by_one_editor_each_succeed(client, district, district_editor):
    site = SiteFactory(belt__district=district)
    client.force_login(district_editor)

    client.post(change_url(site), {**form_data(client.get(change_url(site))), "name": "第一次"})
    response = client.post(change_url(site), {**form_data(client.get(change_url(site))), "name": "第二次"})

    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.name, site.version) == ("第二次", 3)


def test_a_stale_project_row_in_the_site_form_is_refused(editors, district):
    project = ProjectFactory(site__belt__district=district, percent_complete=10)
    site = project.site
    first, second = editors
    site_form = form_data(second.get(change_url(site)))
    first.post(change_url(project), {**form_data(first.get(change_url(project))), "percent_complete": "70"})

    refused = second.post(change_url(site), {**site_form, "projects-0-percent_complete": "20"})

    assert refused.status_code == 200
    project.refresh_from_db()
    assert project.percent_complete == 70


def test_publishing_by_action_makes_an_open_form_stale(editors, district):
    site = SiteFactory(belt__district=district, published=False)
    PhotoFactory(site=site)
    first, second = editors
    stale_form = form_data(second.get(change_url(site)))

    first.post("/admin/sites/site/", {"action": "publish_selected", "_selected_action": [site.pk]})
    refused = second.post(change_url(site), {**stale_form, "name": "改名"})

    assert refused.status_code == 200
    site.refresh_from_db()
    assert site.published is True
    assert site.name != "改名"
