import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from belts.roles import VIEW_ALL_DISTRICTS
from tests.factories import DistrictFactory, UserFactory

# Every test that depends on "today" passes this date explicitly.
TODAY = datetime.date(2026, 11, 29)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def district():
    return DistrictFactory(name="仓山区", code="350104")


@pytest.fixture
def other_district():
    return DistrictFactory(name="鼓楼区", code="350102")


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def district_editor(district):
    """A staff user linked to ``district`` with every model permission of the three apps."""
    user = UserFactory(username="cangshan", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["belts", "sites", "inspections"]).exclude(
            codename="view_all_districts"
        )
    )
    district.editors.add(user)
    return user


@pytest.fixture
def committee_member():
    """A staff user who oversees every district."""
    user = UserFactory(username="committee", is_staff=True)
    app_label, codename = VIEW_ALL_DISTRICTS.split(".")
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no page cached by another test is served."""
    cache.clear()
    yield
    cache.clear()
