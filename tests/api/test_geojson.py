"""/api/sites/geojson/: the located sites as an RFC 7946 FeatureCollection, filtered like the list, unpaged."""

import datetime
import gzip
import json
from random import Random

import pytest
from django.utils import timezone

from belts.models import Belt
from sites.choices import OrganizationKind, ProjectStatus, SiteStatus
from sites.models import Organization, Project, Site
from tests.factories import BeltFactory, DistrictFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/sites/geojson/"
PROPERTIES = {"name", "sequence", "belt", "belt_name", "status", "progress", "url"}


def features(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["features"]


def feature_ids(response) -> set[int]:
    return {feature["id"] for feature in features(response)}


@pytest.fixture
def belt(district):
    return BeltFactory(district=district, name="南江滨示范带", slug="nanjiangbin")


@pytest.fixture
def site(belt):
    return SiteFactory(
        belt=belt, sequence=3, name="仓山影城", latitude="26.048123", longitude="119.312456", status=SiteStatus.OPEN
    )


# --- Shape: RFC 7946 -----------------------------------------------------------------------------------


def test_answer_is_a_feature_collection_of_point_features(api, site):
    body = api.get(URL).json()

    assert body["type"] == "FeatureCollection"
    assert "crs" not in body  # RFC 7946 §4: WGS-84 always, no crs member
    (feature,) = body["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "Point"
    assert set(feature) == {"type", "id", "geometry", "properties"}


def test_coordinates_are_longitude_then_latitude(api, site):
    (feature,) = features(api.get(URL))

    # RFC 7946 §3.1.1: [longitude, latitude], as plain numbers.
    assert feature["geometry"]["coordinates"] == [119.312456, 26.048123]
    longitude, latitude = feature["geometry"]["coordinates"]
    assert -180 <= longitude <= 180 and -90 <= latitude <= 90


def test_each_feature_carries_id_and_the_map_properties(api, site, belt):
    ProjectFactory(site=site, percent_complete=40)
    ProjectFactory(site=site, percent_complete=60)

    (feature,) = features(api.get(URL))

    assert feature["id"] == site.pk
    assert feature["properties"] == {
        "name": "仓山影城",
        "sequence": 3,
        "belt": belt.pk,
        "belt_name": "南江滨示范带",
        "status": "open",
        "progress": 50,
        "url": f"/sites/{site.pk}/",
    }


def test_progress_is_null_for_a_site_without_projects(api, site):
    (feature,) = features(api.get(URL))

    assert feature["properties"]["progress"] is None


def test_progress_counts_only_the_projects_the_reader_may_see(api, client_for, district_editor, site):
    ProjectFactory(site=site, percent_complete=20)
    ProjectFactory(site=site, percent_complete=80, published=False)

    (public,) = features(api.get(URL))
    (staff,) = features(client_for(district_editor).get(URL))

    assert public["properties"]["progress"] == 20
    assert staff["properties"]["progress"] == 50


def test_no_internal_field_is_carried(client_for, district_editor, site):
    site.contact_name, site.contact_phone = "张三", "13800000000"
    site.save()

    (feature,) = features(client_for(district_editor).get(URL))

    assert set(feature["properties"]) == PROPERTIES
    assert "13800000000" not in json.dumps(feature, ensure_ascii=False)


# --- Which sites -----------------------------------------------------------------------------------------


def test_unlocated_sites_are_left_out(api, site, belt):
    SiteFactory(belt=belt, latitude=None, longitude=None)

    assert feature_ids(api.get(URL)) == {site.pk}


def test_unpublished_sites_are_left_out_for_the_public(api, site, belt, district):
    SiteFactory(belt=belt, published=False)
    SiteFactory(belt=BeltFactory(district=district, published=False))
    SiteFactory(belt=belt, archived_at=timezone.now())

    assert feature_ids(api.get(URL)) == {site.pk}


def test_staff_see_their_districts_drafts_but_not_archived_sites(
    client_for, district_editor, site, belt, other_district
):
    draft = SiteFactory(belt=belt, published=False)
    SiteFactory(belt=belt, archived_at=timezone.now())
    SiteFactory(belt=BeltFactory(district=other_district))

    assert feature_ids(client_for(district_editor).get(URL)) == {site.pk, draft.pk}


def test_all_located_sites_come_in_one_answer_without_paging(api, belt):
    Site.objects.bulk_create(
        Site(belt=belt, sequence=i, name=f"串珠{i}", latitude="26.0", longitude="119.3", published=True)
        for i in range(1, 61)
    )

    body = api.get(URL, {"page": 2, "page_size": 10}).json()

    assert len(body["features"]) == 60
    assert set(body) == {"type", "features"}


# --- Filters ---------------------------------------------------------------------------------------------


def test_features_follow_the_route_unless_ordered_otherwise(api, belt):
    third = SiteFactory(belt=belt, sequence=3, name="A站")
    first = SiteFactory(belt=belt, sequence=1, name="C站")
    second = SiteFactory(belt=belt, sequence=2, name="B站")

    in_route = [feature["id"] for feature in features(api.get(URL))]
    by_name = [feature["id"] for feature in features(api.get(URL, {"ordering": "name"}))]

    assert in_route == [first.pk, second.pk, third.pk]
    assert by_name == [third.pk, second.pk, first.pk]


def test_district_filter_applies(api, site, other_district):
    SiteFactory(belt=BeltFactory(district=other_district))

    assert feature_ids(api.get(URL, {"district": site.belt.district_id})) == {site.pk}


def test_belt_filter_applies(api, site, district):
    SiteFactory(belt=BeltFactory(district=district))

    assert feature_ids(api.get(URL, {"belt": site.belt_id})) == {site.pk}


def test_status_filter_applies(api, site, belt):
    SiteFactory(belt=belt, status=SiteStatus.UNDER_CONSTRUCTION)

    assert feature_ids(api.get(URL, {"status": "open"})) == {site.pk}


def test_filters_combine(api, site, belt, district):
    SiteFactory(belt=belt, status=SiteStatus.PLANNED)
    SiteFactory(belt=BeltFactory(district=district), status=SiteStatus.OPEN)

    assert feature_ids(api.get(URL, {"belt": belt.pk, "status": "open", "search": "影城"})) == {site.pk}


# --- Media types -----------------------------------------------------------------------------------------


def test_content_type_is_geo_json(api, site):
    response = api.get(URL)

    assert response["Content-Type"] == "application/geo+json"


def test_asking_for_geo_json_gets_it(api, site):
    response = api.get(URL, HTTP_ACCEPT="application/geo+json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"


@pytest.mark.parametrize("accept", ["*/*", "application/geo+json"])
def test_a_wrong_filter_is_refused_in_json_in_the_error_shape(api, site, accept):
    response = api.get(URL, {"status": "bogus"}, HTTP_ACCEPT=accept)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "message", "errors"}
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["status"]


def test_an_unknown_district_is_refused_in_json(api, site):
    response = api.get(URL, {"district": 999999})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["district"]


# --- Size at province scale ---------------------------------------------------------------------------------

SIZE_SITES = 2000
MAX_GZIPPED_BYTES_PER_SITE = 100

PLACES = ["南江滨", "闽江之心", "上下杭", "烟台山", "三坊七巷", "乌山", "金山", "高新区", "马尾船政", "晋安河"]
KINDS = ["党群服务中心", "党建驿站", "红色影城", "非遗工作站", "新就业群体之家", "产业园党委", "社区书院"]


def test_two_thousand_sites_gzip_to_under_100_bytes_each(api):
    random = Random(2026)
    districts = [DistrictFactory() for _ in range(5)]
    belts = Belt.objects.bulk_create(
        Belt(district=districts[i % 5], name=f"{PLACES[i % 10]}示范带{i}", slug=f"size-{i}", published=True)
        for i in range(20)
    )
    organizations = Organization.objects.bulk_create(
        Organization(district=districts[0], name=f"承办单位{i}", kind=OrganizationKind.NON_PUBLIC_ENTERPRISE)
        for i in range(20)
    )
    sites = Site.objects.bulk_create(
        Site(
            belt=belts[i % 20],
            sequence=i // 20 + 1,
            name=f"{PLACES[i % 10]}{KINDS[i % 7]}{i // 70 + 1}号",
            positioning="一个服务周边党员群众的党群服务中心,也是新就业群体的温馨驿站。",
            organization=organizations[i % 20],
            # Surveyed points: six random decimals, which compress far worse than round numbers.
            latitude=f"{random.uniform(25.5, 26.5):.6f}",
            longitude=f"{random.uniform(118.9, 119.9):.6f}",
            status=[SiteStatus.OPEN, SiteStatus.UNDER_CONSTRUCTION, SiteStatus.PLANNED][i % 3],
            published=True,
        )
        for i in range(SIZE_SITES)
    )
    Project.objects.bulk_create(
        Project(
            site=site,
            title="阵地提升",
            status=ProjectStatus.IN_PROGRESS,
            planned_completion=datetime.date(2027, 6, 30),
            percent_complete=random.randint(0, 100),
            published=True,
        )
        for i, site in enumerate(sites)
        if i % 2
    )

    response = api.get(URL)

    assert len(features(response)) == SIZE_SITES
    gzipped = len(gzip.compress(response.content))
    assert gzipped < MAX_GZIPPED_BYTES_PER_SITE * SIZE_SITES, f"{gzipped / SIZE_SITES:.1f} bytes per site"


def test_the_answer_is_served_gzipped_when_the_client_accepts_it(api, belt):
    Site.objects.bulk_create(
        Site(belt=belt, sequence=i, name=f"串珠{i}", latitude="26.0", longitude="119.3", published=True)
        for i in range(1, 101)
    )

    response = api.get(URL, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 100
