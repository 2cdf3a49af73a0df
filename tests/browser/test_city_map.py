"""The city map at province scale: hundreds of beads gathered into clusters that open as one zooms in."""

import pytest
from playwright.sync_api import expect

from belts.models import Belt
from sites.models import Site
from tests.factories import BeltFactory, DistrictFactory

pytestmark = pytest.mark.browser

BELTS, SITES_PER_BELT = 12, 25


@pytest.fixture
def many_sites(demo):
    """Beside the demo belt, 12 published belts of 25 located sites each, spread over Fujian."""
    district = DistrictFactory(name="规模测试区", code="350999")
    rows = []
    for b in range(BELTS):
        belt = BeltFactory(district=district, name=f"规模示范带{b:02d}", slug=f"scale-map-{b:02d}", published=True)
        for n in range(1, SITES_PER_BELT + 1):
            rows.append(
                Site(
                    belt=belt,
                    sequence=n,
                    name=f"规模串珠{b:02d}-{n:02d}",
                    positioning="一个服务周边党员群众的党群服务中心。",
                    latitude=f"{24.0 + b * 0.3 + n * 0.002:.6f}",
                    longitude=f"{116.5 + b * 0.3 + n * 0.002:.6f}",
                    published=True,
                )
            )
    Site.objects.bulk_create(rows)
    return Belt.objects.filter(slug__startswith="scale-map-")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_city_map_clusters_every_bead_and_opens_a_cluster_on_click(portal, many_sites):
    page = portal.page
    portal.open("/")

    clusters = page.locator("#map .bead-cluster")
    expect(clusters.first).to_be_visible()
    counted = sum(int(text) for text in clusters.all_inner_texts())
    single = page.locator("#map .bead-marker").count()
    assert counted + single == Site.objects.published().count()
    assert clusters.count() < 40  # 308 beads, gathered

    clusters.first.click()  # zooms to the cluster's beads
    expect(page.locator("#map .bead-marker").first).to_be_visible()
