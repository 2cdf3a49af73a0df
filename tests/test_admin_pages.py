"""Every registered ModelAdmin: its pages load, and its changelist's query count does not grow with rows."""

import pytest
from django.contrib import admin

from inspections.models import InspectionSite
from tests.admin_helpers import MORE_ROWS, admin_url, assert_queries_independent_of_rows, change_url
from tests.belts.test_admin import CASES as BELTS_CASES
from tests.inspections.test_admin import CASES as INSPECTIONS_CASES
from tests.sites.test_admin import CASES as SITES_CASES

pytestmark = pytest.mark.django_db

CASES = [*BELTS_CASES, *SITES_CASES, *INSPECTIONS_CASES]


def test_every_registered_admin_of_the_apps_is_tested():
    apps = {"belts", "sites", "inspections"}
    registered = {model for model in admin.site._registry if model._meta.app_label in apps}
    assert registered == {param.values[0].model for param in CASES}
    assert InspectionSite not in registered  # edited only as rows of its visit


@pytest.mark.parametrize("case", CASES)
def test_changelist_add_change_and_delete_pages_load(admin_client, case):
    obj = case.make(1)[0]
    pages = [admin_url(case.model, "changelist"), admin_url(case.model, "add")]
    pages += [change_url(obj), admin_url(case.model, "delete", obj.pk), admin_url(case.model, "history", obj.pk)]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.parametrize("case", CASES)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, case):
    case.make(2)
    assert_queries_independent_of_rows(
        admin_client, admin_url(case.model, "changelist"), lambda: case.make(MORE_ROWS), case.max_queries
    )
