import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BeltFactory, DistrictFactory, ProjectFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_belts_by_district_with_counts_and_progress(client):
    belt = BeltFactory(name="南江滨党建示范带")
    site = SiteFactory(belt=belt)
    SiteFactory(belt=belt, published=False)
    ProjectFactory(site=site, percent_complete=60)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "南江滨党建示范带" in html
    assert belt.district.name in html
    [listed] = response.context["belts"]
    assert listed.site_count == 1
    assert listed.progress == 60


def test_home_hides_unpublished_belts(client):
    BeltFactory(name="草稿示范带", published=False)

    response = client.get(reverse("home"))

    assert "草稿示范带" not in response.content.decode()


def test_home_escapes_names_typed_by_staff(client):
    BeltFactory(name="<script>alert(1)</script>")

    html = client.get(reverse("home")).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_home_query_count_does_not_grow_with_belts(client, django_assert_num_queries):
    def add_belts(n):
        district = DistrictFactory()
        for _ in range(n):
            ProjectFactory(site=SiteFactory(belt=BeltFactory(district=district)))

    add_belts(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    add_belts(20)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))
