"""Staff sign-in: lockout by user name and address with a finite pause, password rules, short sessions."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.models import FailedSignIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def editor():
    return UserFactory(username="cangshan", is_staff=True)


def sign_in(client: Client, username: str, password: str, address: str):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(times: int, username: str = "cangshan", address: str = ATTACKER):
    """``times`` failed sign-ins: the form again with its error under the limit, the lockout page at it."""
    for attempt in range(1, times + 1):
        response = sign_in(Client(), username, "wrong password", address)
        assert response.status_code == (200 if attempt < settings.AXES_FAILURE_LIMIT else 429)


def signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_the_limit_and_pause_are_those_documented():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_after_five_failures_even_the_right_password_is_refused_from_that_address(editor):
    fail(5)

    response = sign_in(Client(), "cangshan", PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert not signed_in(response)
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert "登录" in page and "15" in page and "<form" not in page


def test_four_failures_do_not_lock(editor):
    fail(4)

    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, ATTACKER))


def test_a_lockout_does_not_shut_the_user_out_from_his_own_office(editor):
    """An attacker elsewhere guessing the user's password cannot lock him out of his own desk."""
    fail(5, address=ATTACKER)

    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, OFFICE))


def test_a_lockout_does_not_shut_out_colleagues_behind_the_same_address(editor):
    UserFactory(username="gulou", is_staff=True)
    fail(5, username="cangshan", address=OFFICE)

    assert signed_in(sign_in(Client(), "gulou", PASSWORD, OFFICE))
    assert sign_in(Client(), "cangshan", PASSWORD, OFFICE).status_code == 429


def test_the_pause_ends_by_itself(editor):
    fail(5)
    assert sign_in(Client(), "cangshan", PASSWORD, ATTACKER).status_code == 429

    sixteen_minutes_ago = AccessAttempt.objects.get().attempt_time - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)

    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, ATTACKER))


def test_trying_again_during_the_pause_does_not_lengthen_it(editor):
    fail(5)
    locked_at = AccessAttempt.objects.get().attempt_time

    for _ in range(3):
        assert sign_in(Client(), "cangshan", "wrong password", ATTACKER).status_code == 429

    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_a_successful_sign_in_clears_the_count(editor):
    fail(4)
    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, ATTACKER))
    fail(4)

    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, ATTACKER))
    assert AccessLog.objects.filter(username="cangshan", ip_address=ATTACKER).count() == 2


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(editor):
    for n in range(5):
        wrong = {"username": "cangshan", "password": "wrong"}
        Client().post(LOGIN, wrong, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    response = Client().post(
        LOGIN, {"username": "cangshan", "password": PASSWORD}, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="10.0.0.99"
    )
    assert response.status_code == 429


def test_behind_a_trusted_proxy_each_visitor_is_counted_by_his_own_address(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for _ in range(5):
        Client().post(
            LOGIN, {"username": "cangshan", "password": "wrong"}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ATTACKER
        )

    assert AccessAttempt.objects.get().ip_address == ATTACKER
    office = Client().post(
        LOGIN, {"username": "cangshan", "password": PASSWORD}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE
    )
    assert signed_in(office)


def test_a_superuser_lifts_a_lockout_in_the_admin(editor, superuser):
    fail(5)
    admin = Client()
    admin.force_login(superuser)
    changelist = reverse("admin:accounts_failedsignin_changelist")

    listing = admin.get(changelist)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "登录失败记录" in page and "cangshan" in page and ATTACKER in page

    attempt = FailedSignIn.objects.get()
    response = admin.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert signed_in(sign_in(Client(), "cangshan", PASSWORD, ATTACKER))


def test_district_staff_cannot_see_or_clear_sign_in_records(editor):
    fail(5, username="root")
    staff = Client()
    staff.force_login(editor)

    for name in ("admin:accounts_failedsignin_changelist", "admin:accounts_signin_changelist"):
        assert staff.get(reverse(name)).status_code == 403
    assert AccessAttempt.objects.count() == 1


def test_the_sign_in_log_is_read_only_even_for_superusers(editor, superuser):
    sign_in(Client(), "cangshan", PASSWORD, OFFICE)
    admin = Client()
    admin.force_login(superuser)
    record = AccessLog.objects.get(username="cangshan")

    assert admin.get(reverse("admin:accounts_signin_changelist")).status_code == 200
    assert admin.get(reverse("admin:accounts_signin_add")).status_code == 403
    assert admin.post(reverse("admin:accounts_signin_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert AccessLog.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize(
    "password",
    ["short1!", "1234567890123", "password123", "cangshan2026"],
    ids=["too-short", "all-digits", "common", "like-the-user-name"],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=editor)


def test_the_admin_refuses_a_weak_password_for_a_new_account_and_writes_nothing(superuser):
    admin = Client()
    admin.force_login(superuser)

    response = admin.post(
        reverse("admin:auth_user_add"),
        {"username": "newcomer", "password1": "12345678", "password2": "12345678", "usable_password": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "密码" in page and "errorlist" in page
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_a_strong_password_is_accepted(editor):
    validate_password("桥头 lantern river 7", user=editor)


def test_a_session_lasts_a_working_day_and_its_cookies_are_out_of_scripts_reach(editor):
    response = sign_in(Client(), "cangshan", PASSWORD, OFFICE)

    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["httponly"]
    assert int(session_cookie["max-age"]) == 8 * 60 * 60
    form = Client().get(LOGIN)
    assert form.cookies[settings.CSRF_COOKIE_NAME]["httponly"]


def test_a_mistyped_password_is_never_kept(editor, caplog):
    """A failed password is often the real one, nearly: neither the failure record nor the log holds it."""
    sign_in(Client(), "cangshan", "correct horse batterx", ATTACKER)

    attempt = AccessAttempt.objects.get()
    assert "batterx" not in attempt.post_data + attempt.get_data
    assert "batterx" not in caplog.text
    assert any(record.levelname == "WARNING" and record.name.startswith("axes") for record in caplog.records)
