"""The follow-up workflow (督办) through its services and the admin: each step allowed and refused per role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone, translation
from PIL import Image

from belts.roles import COMMITTEE_REVIEWER_GROUP, DISTRICT_EDITOR_GROUP
from demo.loader import load_demo
from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.followups import services
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence
from tests import images
from tests.admin_helpers import change_url, form_data, snapshot
from tests.conftest import TODAY
from tests.factories import BeltFactory, DistrictFactory, FollowUpFactory, InspectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in their English source."""
    with translation.override("en"):
        yield


def editor_of(district, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=DISTRICT_EDITOR_GROUP))
    district.editors.add(user)
    return user


def reviewer_user(username="reviewer"):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    return user


def make_users():
    """Every role, built through the groups of ``inspections/migrations/0002_roles.py``."""
    home, away = DistrictFactory(name="仓山区", code="350104"), DistrictFactory(name="鼓楼区", code="350102")
    return {
        "home": home,
        "editor": editor_of(home, "cangshan"),
        "other editor": editor_of(away, "gulou"),
        "reviewer": reviewer_user(),
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def users():
    return make_users()


def task_in(district, **kwargs):
    inspection = InspectionFactory(belt=BeltFactory(district=district))
    return FollowUpFactory(inspection=inspection, deadline=TODAY + datetime.timedelta(days=10), **kwargs)


def answered_task(district, **kwargs):
    return task_in(
        district,
        status=FollowUpStatus.ANSWERED,
        response="已整改完毕。",
        answered_at=timezone.now() - datetime.timedelta(days=1),
        **kwargs,
    )


def closed_task(district):
    now = timezone.now()
    return task_in(district, status=FollowUpStatus.CLOSED, response="已整改。", answered_at=now, closed_at=now)


def text_renamed_jpg():
    return SimpleUploadedFile("evidence.jpg", "整改情况说明\n".encode() * 50, content_type="image/jpeg")


def state(followup):
    fresh = FollowUp.objects.get(pk=followup.pk)
    return (fresh.status, fresh.response, fresh.answered_at, fresh.closed_at, FollowUpEvent.objects.count())


# --- Answering ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_task_district_editor_or_superuser_answers_an_open_task_with_who_and_when(users, role):
    followup = task_in(users["home"])
    before = timezone.now()

    services.followup_answer(followup=followup, response="已明确责任人。", user=users[role])

    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.ANSWERED
    assert (followup.response, followup.answered_by) == ("已明确责任人。", users[role])
    assert before <= followup.answered_at <= timezone.now()
    event = followup.events.get()
    assert (event.action, event.text, event.user, event.at) == (
        FollowUpAction.ANSWERED,
        "已明确责任人。",
        users[role],
        followup.answered_at,
    )


@pytest.mark.parametrize("role", ["other editor", "reviewer", "anonymous"])
def test_answer_by_anyone_but_the_task_district_is_refused_and_changes_nothing(users, role):
    followup = task_in(users["home"])
    before = state(followup)

    with pytest.raises(services.TransitionRefused, match="Only an editor of the task's district"):
        services.followup_answer(followup=followup, response="代为答复。", user=users[role])

    assert state(followup) == before


def test_reviewer_who_is_also_a_district_editor_still_may_not_answer(users):
    users["home"].editors.add(users["reviewer"])
    followup = task_in(users["home"])

    with pytest.raises(services.TransitionRefused):
        services.followup_answer(followup=followup, response="代为答复。", user=users["reviewer"])


@pytest.mark.parametrize(
    ("make", "message"),
    [(answered_task, "already been answered"), (closed_task, "closed; it can no longer be answered")],
    ids=["answered", "closed"],
)
def test_answering_a_task_not_open_is_refused(users, make, message):
    followup = make(users["home"])
    before = state(followup)

    with pytest.raises(services.TransitionRefused, match=message):
        services.followup_answer(followup=followup, response="再次答复。", user=users["editor"])

    assert state(followup) == before


def test_answer_without_response_is_refused_on_the_response(users):
    followup = task_in(users["home"])
    before = state(followup)

    with pytest.raises(ValidationError) as refusal:
        services.followup_answer(followup=followup, response="  ", user=users["editor"])

    assert "response" in refusal.value.message_dict
    assert state(followup) == before


def test_answer_keeps_evidence_photos_with_thumbnails_on_its_event(users):
    followup = task_in(users["home"])

    services.followup_answer(followup=followup, response="已完成。", user=users["editor"], photos=[jpeg(), jpeg()])

    photos = FollowUpEvidence.objects.filter(event__followup=followup)
    assert photos.count() == 2
    for photo in photos:
        assert photo.event.action == FollowUpAction.ANSWERED
        assert photo.image.name.startswith("followups/") and not photo.image.name.endswith("evidence.jpg")
        with Image.open(photo.thumbnail) as thumbnail:
            assert thumbnail.format == "JPEG" and thumbnail.size == (480, 360)


def test_answer_with_a_text_file_renamed_jpg_is_refused_and_changes_nothing(users):
    followup = task_in(users["home"])
    before = state(followup)

    with pytest.raises(ValidationError) as refusal:
        services.followup_answer(
            followup=followup, response="已完成。", user=users["editor"], photos=[jpeg(), text_renamed_jpg()]
        )

    assert "not a photo" in " ".join(refusal.value.message_dict["photos"])
    assert state(followup) == before
    assert not FollowUpEvidence.objects.exists()


# --- Closing and sending back -----------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_committee_closes_an_answered_task_with_who_and_when(users, role):
    followup = answered_task(users["home"])
    before = timezone.now()

    services.followup_close(followup=followup, user=users[role], note="核查属实。")

    followup.refresh_from_db()
    assert (followup.status, followup.closed_by) == (FollowUpStatus.CLOSED, users[role])
    assert before <= followup.closed_at <= timezone.now()
    event = followup.events.get()
    assert (event.action, event.text, event.user, event.at) == (
        FollowUpAction.CLOSED,
        "核查属实。",
        users[role],
        followup.closed_at,
    )


@pytest.mark.parametrize("step", ["close", "send back"])
@pytest.mark.parametrize("role", ["editor", "other editor", "anonymous"])
def test_closing_or_sending_back_by_anyone_but_the_committee_is_refused(users, role, step):
    followup = answered_task(users["home"])
    before = state(followup)

    with pytest.raises(services.TransitionRefused, match="Only the committee"):
        if step == "close":
            services.followup_close(followup=followup, user=users[role])
        else:
            services.followup_send_back(followup=followup, user=users[role], reason="不充分。")

    assert state(followup) == before


@pytest.mark.parametrize("step", ["close", "send back"])
@pytest.mark.parametrize(("make", "message"), [(task_in, "not been answered yet"), (closed_task, "already closed")])
def test_closing_or_sending_back_a_task_not_answered_is_refused(users, make, message, step):
    followup = make(users["home"])
    before = state(followup)

    with pytest.raises(services.TransitionRefused, match=message):
        if step == "close":
            services.followup_close(followup=followup, user=users["reviewer"])
        else:
            services.followup_send_back(followup=followup, user=users["reviewer"], reason="不充分。")

    assert state(followup) == before


def test_sending_back_reopens_the_task_with_the_reason_recorded(users):
    followup = answered_task(users["home"])

    services.followup_send_back(followup=followup, user=users["reviewer"], reason="缺少现场照片。")

    followup.refresh_from_db()
    assert (followup.status, followup.answered_at, followup.closed_at) == (FollowUpStatus.OPEN, None, None)
    event = followup.events.get()
    assert (event.action, event.text, event.user) == (FollowUpAction.SENT_BACK, "缺少现场照片。", users["reviewer"])


def test_sending_back_without_a_reason_is_refused_on_the_reason(users):
    followup = answered_task(users["home"])
    before = state(followup)

    with pytest.raises(ValidationError) as refusal:
        services.followup_send_back(followup=followup, user=users["reviewer"], reason="")

    assert "reason" in refusal.value.message_dict
    assert state(followup) == before


def test_a_task_sent_back_is_answered_again_then_closed(users):
    followup = task_in(users["home"])

    services.followup_answer(followup=followup, response="初次答复。", user=users["editor"])
    services.followup_send_back(followup=followup, user=users["reviewer"], reason="请补充材料。")
    services.followup_answer(followup=followup, response="补充答复。", user=users["editor"])
    services.followup_close(followup=followup, user=users["reviewer"])

    followup.refresh_from_db()
    assert (followup.status, followup.response) == (FollowUpStatus.CLOSED, "补充答复。")
    assert list(followup.events.values_list("action", "user__username")) == [
        (FollowUpAction.ANSWERED, "cangshan"),
        (FollowUpAction.SENT_BACK, "reviewer"),
        (FollowUpAction.ANSWERED, "cangshan"),
        (FollowUpAction.CLOSED, "reviewer"),
    ]


@pytest.mark.parametrize(
    ("status", "role", "allowed"),
    [
        ("open", "editor", {"answer"}),
        ("open", "other editor", set()),
        ("open", "reviewer", set()),
        ("open", "superuser", {"answer"}),
        ("open", "anonymous", set()),
        ("answered", "editor", set()),
        ("answered", "other editor", set()),
        ("answered", "reviewer", {"close", "send_back"}),
        ("answered", "superuser", {"close", "send_back"}),
        ("closed", "editor", set()),
        ("closed", "reviewer", set()),
        ("closed", "superuser", set()),
    ],
)
def test_allowed_steps_per_role_and_state(users, status, role, allowed):
    followup = {"open": task_in, "answered": answered_task, "closed": closed_task}[status](users["home"])

    assert services.followup_allowed_actions(followup=followup, user=users[role]) == allowed


# --- The admin goes through the same steps ----------------------------------------------


def admin_client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_district_editor_answers_in_the_admin_through_the_workflow(users):
    followup = task_in(users["home"])
    client = admin_client_for(users["editor"])
    data = {**form_data(client.get(change_url(followup))), "response": "已落实。"}

    response = client.post(change_url(followup), data)

    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.status, followup.answered_by) == (FollowUpStatus.ANSWERED, users["editor"])
    assert followup.events.get().action == FollowUpAction.ANSWERED


def test_reviewer_closes_in_the_admin_through_the_workflow(users):
    followup = answered_task(users["home"])
    client = admin_client_for(users["reviewer"])
    data = {**form_data(client.get(change_url(followup))), "status": FollowUpStatus.CLOSED}

    response = client.post(change_url(followup), data)

    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.status, followup.closed_by) == (FollowUpStatus.CLOSED, users["reviewer"])
    assert followup.events.get().action == FollowUpAction.CLOSED


def test_reviewer_sends_back_in_the_admin_only_with_a_reason(users):
    followup = answered_task(users["home"])
    client = admin_client_for(users["reviewer"])
    data = {**form_data(client.get(change_url(followup))), "status": FollowUpStatus.OPEN}
    before = snapshot(followup)

    refused = client.post(change_url(followup), data)
    assert refused.status_code == 200 and "reason" in refused.context["adminform"].form.errors
    assert snapshot(followup) == before

    response = client.post(change_url(followup), {**data, "reason": "材料不全。"})

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.OPEN
    assert (followup.events.get().action, followup.events.get().text) == (FollowUpAction.SENT_BACK, "材料不全。")


def test_reviewer_closing_an_open_task_in_the_admin_is_refused_at_the_status(users):
    followup = task_in(users["home"])
    client = admin_client_for(users["reviewer"])
    data = {**form_data(client.get(change_url(followup))), "status": FollowUpStatus.CLOSED}
    before = snapshot(followup)

    response = client.post(change_url(followup), data)

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert snapshot(followup) == before and not FollowUpEvent.objects.exists()


def test_reviewer_cannot_answer_for_the_district_in_the_admin(users):
    followup = task_in(users["home"])
    client = admin_client_for(users["reviewer"])
    page = client.get(change_url(followup))
    assert "response" not in page.context["adminform"].form.fields

    client.post(change_url(followup), {**form_data(page), "response": "代为答复。"})

    assert FollowUp.objects.get(pk=followup.pk).response == ""


def test_admin_shows_the_task_history_read_only_and_flags_overdue(users):
    followup = answered_task(users["home"])
    services.followup_send_back(followup=followup, user=users["reviewer"], reason="请补充照片。")
    client = admin_client_for(users["editor"])

    response = client.get(change_url(followup))

    html = response.content.decode()
    assert "请补充照片。" in html
    inline = response.context["inline_admin_formsets"][0]
    assert inline.formset.model is FollowUpEvent and not inline.has_add_permission


# --- The demo's tasks carry their history -------------------------------------------------


def test_demo_tasks_record_the_steps_that_brought_them_to_their_state():
    load_demo(as_of=TODAY)

    steps = {
        followup.status: list(followup.events.values_list("action", flat=True))
        for followup in FollowUp.objects.exclude(status=FollowUpStatus.OPEN)
    }
    assert steps == {
        FollowUpStatus.CLOSED: [FollowUpAction.ANSWERED, FollowUpAction.CLOSED],
        FollowUpStatus.ANSWERED: [FollowUpAction.ANSWERED],
    }
    assert not FollowUpEvent.objects.filter(followup__status=FollowUpStatus.OPEN).exists()
    closed = FollowUp.objects.get(status=FollowUpStatus.CLOSED)
    assert closed.events.get(action=FollowUpAction.CLOSED).at == closed.closed_at


def test_loading_the_demo_twice_records_each_step_once():
    load_demo(as_of=TODAY)
    summary = load_demo(as_of=TODAY)

    assert FollowUpEvent.objects.count() == 3
    assert not summary.changed


def jpeg(name="evidence.jpg"):
    return images.jpeg(name, size=(640, 480))
