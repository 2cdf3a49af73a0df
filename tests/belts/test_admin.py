import pytest
from django.contrib.admin.widgets import FilteredSelectMultiple

from belts.models import Belt, District
from tests.admin_helpers import (
    AdminCase,
    admin_url,
    assert_refused_at_field,
    change_url,
    form_data,
    snapshot,
)
from tests.factories import BeltFactory, DistrictFactory, ProjectFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_districts(n):
    districts = DistrictFactory.create_batch(n)
    for district in districts:
        BeltFactory(district=district)
        district.editors.add(UserFactory(is_staff=True))
    return districts


def make_belts(n):
    belts = BeltFactory.create_batch(n)
    for belt in belts:
        ProjectFactory.create_batch(2, site__belt=belt)
    return belts


CASES = [
    pytest.param(AdminCase(District, make_districts, max_queries=7), id="district"),
    pytest.param(AdminCase(Belt, make_belts, max_queries=9), id="belt"),
]


def test_admin_speaks_simplified_chinese_by_default(admin_client):
    response = admin_client.get(admin_url(Belt, "changelist"))
    assert '<html lang="zh-hans"' in response.content.decode()


def test_belt_changelist_shows_site_count_and_progress_from_the_queryset_rollups(admin_client):
    belt = BeltFactory()
    ProjectFactory(site__belt=belt, percent_complete=40)
    ProjectFactory(site=belt.sites.get(), percent_complete=80)
    ProjectFactory(site__belt=belt, percent_complete=20)
    SiteFactory(belt=belt)  # without projects: counted, but no part of the progress

    response = admin_client.get(admin_url(Belt, "changelist"))

    html = response.content.decode()
    assert '<td class="field-site_count">3</td>' in html
    assert 'value="40"' in html and "40%" in html  # mean of the sites' 60% and 20%


def test_district_editor_sees_only_their_district(client, district_editor, district, other_district):
    client.force_login(district_editor)

    response = client.get(admin_url(District, "changelist"))

    assert list(response.context["cl"].result_list) == [district]
    assert client.get(change_url(other_district)).status_code == 404


def test_only_a_superuser_chooses_a_districts_editors(client, admin_client, district_editor, district):
    superuser_form = admin_client.get(change_url(district)).context["adminform"].form
    client.force_login(district_editor)
    editor_form = client.get(change_url(district)).context["adminform"].form

    assert isinstance(superuser_form.fields["editors"].widget.widget, FilteredSelectMultiple)
    assert "editors" not in editor_form.fields


def test_district_editor_may_put_a_belt_only_in_their_district(client, district_editor, district, other_district):
    client.force_login(district_editor)
    response = client.get(admin_url(Belt, "add"))
    assert list(response.context["adminform"].form.fields["district"].queryset) == [district]

    response = client.post(
        admin_url(Belt, "add"), {"district": other_district.pk, "name": "别区示范带", "status": "planned"}
    )

    assert_refused_at_field(response, "district")
    assert not Belt.objects.exists()


def test_belt_with_target_year_out_of_range_is_refused_and_nothing_changes(admin_client):
    belt = BeltFactory(target_year=2026)
    before = snapshot(belt)
    data = {**form_data(admin_client.get(change_url(belt))), "target_year": "1990"}

    response = admin_client.post(change_url(belt), data)

    assert_refused_at_field(response, "target_year")
    assert snapshot(belt) == before
