"""The map picker on the site form: in the add and change forms, with the belt's other sites around it.

What the script draws comes from the JSON the form embeds (``json_script``);
these tests read that JSON. The script itself is tried in a browser in
tests/browser/test_location_widget.py.
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from belts.roles import COMMITTEE_REVIEWER_GROUP, DISTRICT_EDITOR_GROUP
from sites import widgets
from sites.models import Site
from tests.admin_helpers import (
    MORE_ROWS,
    admin_url,
    assert_queries_independent_of_rows,
    change_url,
    form_data,
)
from tests.factories import BeltFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db

PICKER_DATA = re.compile(r'<script id="id_longitude_picker_data" type="application/json">(.*?)</script>', re.S)
# A district editor's site change form, whatever the number of sites around: session, user, his two
# permission queries, the site, may-edit, three inlines, belt and host choices, the picker; and a savepoint.
CHANGE_FORM_MAX_QUERIES = 14


def picker_data(response) -> dict:
    assert response.status_code == 200, response.status_code
    match = PICKER_DATA.search(response.content.decode())
    assert match, "the form has no location picker"
    return json.loads(match.group(1))


def names(data, belt=None) -> set[str]:
    return {site["name"] for site in data["sites"] if belt is None or site["belt"] == belt.pk}


@pytest.fixture
def editor(client, district):
    """A district editor of ``district`` (through the group 区级管理员), logged in."""
    user = UserFactory(username="cangshan-editor", is_staff=True)
    user.groups.add(Group.objects.get(name=DISTRICT_EDITOR_GROUP))
    district.editors.add(user)
    client.force_login(user)
    return user


@pytest.fixture
def belt(district):
    return BeltFactory(district=district)


# --- In the forms ---------------------------------------------------------------------


def test_add_form_has_the_picker_after_the_longitude_input(client, editor, belt):
    html = client.get(admin_url(Site, "add")).content.decode()

    longitude = html.index('name="longitude"')
    picker = html.index('class="location-picker"')
    assert longitude < picker < html.index('name="location_approximate"')
    assert 'data-latitude-field="latitude"' in html and 'data-belt-field="belt"' in html


def test_picker_has_a_label_and_instructions_for_the_map(client, editor, belt):
    html = client.get(admin_url(Site, "add")).content.decode()

    assert 'aria-labelledby="id_longitude_picker_label"' in html
    assert 'aria-describedby="id_longitude_picker_help"' in html
    assert 'id="id_longitude_picker_help"' in html and 'role="status"' in html


def test_picker_loads_the_vendored_leaflet_and_its_script(client, editor, belt):
    html = client.get(admin_url(Site, "add")).content.decode()

    assert '<script src="/static/vendor/leaflet-1.9.4/leaflet.js">' in html
    assert 'href="/static/vendor/leaflet-1.9.4/leaflet.css"' in html
    assert '<script src="/static/js/location-picker.js">' in html
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_add_form_without_a_belt_opens_on_the_city_with_the_editors_sites(client, editor, belt):
    SiteFactory(belt=belt, name="中洲岛党群服务中心")

    data = picker_data(client.get(admin_url(Site, "add")))

    assert data["centre"] == {"lat": 26.07, "lng": 119.30, "zoom": 11}
    assert data["belt"] is None
    assert names(data) == {"中洲岛党群服务中心"}


def test_add_form_for_a_belt_named_in_its_url_shows_that_belts_sites(client, editor, belt):
    SiteFactory(belt=belt, name="第一站")

    data = picker_data(client.get(admin_url(Site, "add"), {"belt": belt.pk}))

    assert (data["belt"], data["district"], names(data, belt)) == (belt.pk, belt.district_id, {"第一站"})


def test_change_form_shows_the_belts_other_located_sites_numbered(client, editor, belt):
    first = SiteFactory(belt=belt, sequence=1, name="一号", latitude="26.048000", longitude="119.312000")
    site = SiteFactory(belt=belt, sequence=2, name="二号")
    SiteFactory(belt=belt, sequence=3, name="三号", latitude="26.051234", longitude="119.318765")
    SiteFactory(belt=belt, sequence=4, name="未定位", latitude=None, longitude=None)

    data = picker_data(client.get(change_url(site)))

    beads = [(s["n"], s["name"], s["lat"], s["lng"]) for s in data["sites"] if s["belt"] == belt.pk]
    assert beads == [(1, "一号", 26.048, 119.312), (3, "三号", 26.051234, 119.318765)]
    assert first.district == belt.district and data["district"] == belt.district_id


def test_picker_never_shows_another_districts_sites(client, editor, belt, other_district):
    site = SiteFactory(belt=belt)
    SiteFactory(belt__district=other_district, name="鼓楼的串珠")

    for url in (admin_url(Site, "add"), change_url(site)):
        assert "鼓楼的串珠" not in names(picker_data(client.get(url)))


def test_superusers_picker_shows_the_belts_district_only(admin_client, belt, other_district):
    site = SiteFactory(belt=belt)
    SiteFactory(belt=BeltFactory(district=belt.district), name="同区另一条带")
    SiteFactory(belt__district=other_district, name="鼓楼的串珠")

    data = picker_data(admin_client.get(change_url(site)))

    assert names(data) == {"同区另一条带"}


def test_picker_falls_back_to_the_districts_sites_when_the_belt_has_none_located(client, editor, belt):
    site = SiteFactory(belt=belt, latitude=None, longitude=None)
    SiteFactory(belt=BeltFactory(district=belt.district), name="邻近示范带的串珠")

    data = picker_data(client.get(change_url(site)))

    assert names(data, belt) == set()
    assert data["district"] == belt.district_id
    assert [s["district"] for s in data["sites"]] == [belt.district_id]


def test_picker_leaves_out_archived_sites(client, editor, belt):
    site = SiteFactory(belt=belt)
    SiteFactory(belt=belt, name="已归档", archived_at=timezone.now())

    assert "已归档" not in names(picker_data(client.get(change_url(site))))


def test_picker_keeps_the_belts_sites_first_when_the_list_is_cut(client, editor, belt, monkeypatch):
    monkeypatch.setattr(widgets, "MAX_SITES", 2)
    other_belt = BeltFactory(district=belt.district, name="阿")  # sorts before the belt by name
    SiteFactory.create_batch(3, belt=other_belt)
    site, *_ = SiteFactory.create_batch(3, belt=belt)

    data = picker_data(client.get(change_url(site)))

    assert [s["belt"] for s in data["sites"]] == [belt.pk, belt.pk]


def test_site_names_cannot_break_out_of_the_embedded_json(client, editor, belt):
    site = SiteFactory(belt=belt)
    SiteFactory(belt=belt, name="</script><script>alert(1)</script>")

    response = client.get(change_url(site))

    assert "<script>alert(1)" not in response.content.decode()
    assert "</script><script>alert(1)</script>" in names(picker_data(response))


@pytest.mark.parametrize(("preset", "datum"), [("osm", "wgs84"), ("autonavi", "gcj02")])
def test_picker_gets_stored_wgs84_points_and_the_datum_of_the_tiles(client, editor, belt, settings, preset, datum):
    settings.MAP_TILE_PRESET = preset
    site = SiteFactory(belt=belt)
    SiteFactory(belt=belt, latitude="26.048000", longitude="119.312000")

    data = picker_data(client.get(change_url(site)))

    assert data["datum"] == datum and data["tiles"]["preset"] == preset
    assert [(s["lat"], s["lng"]) for s in data["sites"]] == [(26.048, 119.312)]


def test_read_only_site_page_has_no_picker(client, belt):
    reviewer = UserFactory(username="reviewer", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    client.force_login(reviewer)

    html = client.get(change_url(SiteFactory(belt=belt))).content.decode()

    assert 'class="location-picker"' not in html


# --- Saving and query counts ----------------------------------------------------------


def test_form_with_the_picker_saves_the_typed_coordinates(client, editor, belt):
    site = SiteFactory(belt=belt)
    data = {**form_data(client.get(change_url(site))), "latitude": "26.061234", "longitude": "119.298765"}

    response = client.post(change_url(site), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    site.refresh_from_db()
    assert (str(site.latitude), str(site.longitude)) == ("26.061234", "119.298765")


def test_refused_add_form_keeps_the_chosen_belt_on_the_map(client, editor, belt):
    SiteFactory(belt=belt, sequence=1, name="第一站")
    data = {**form_data(client.get(admin_url(Site, "add"))), "belt": belt.pk, "sequence": "1", "name": "重复序号"}

    response = client.post(admin_url(Site, "add"), data)

    assert response.context["adminform"].form.errors
    assert names(picker_data(response), belt) == {"第一站"}


def test_change_form_query_count_does_not_grow_with_the_sites_around(client, editor, belt, other_district):
    site = SiteFactory(belt=belt)
    SiteFactory(belt=belt)

    def add_sites_around():
        SiteFactory.create_batch(MORE_ROWS, belt=belt)
        SiteFactory.create_batch(MORE_ROWS, belt=BeltFactory(district=belt.district))
        SiteFactory.create_batch(MORE_ROWS, belt__district=other_district)

    assert_queries_independent_of_rows(client, change_url(site), add_sites_around, CHANGE_FORM_MAX_QUERIES)


def test_picker_data_is_one_query(django_assert_num_queries, editor, belt):
    site = SiteFactory(belt=belt)
    SiteFactory.create_batch(3, belt=belt)
    editor.has_perm("sites.view_site")  # his permissions are read once per request, before any page

    with django_assert_num_queries(1):
        data = widgets.location_picker_data(user=editor, belt_id=belt.pk, site_id=site.pk)

    assert len(data["sites"]) == 3
