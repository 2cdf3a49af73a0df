"""/inspections/tasks/: the task list and a task's page, where each role takes only its own steps."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from inspections.choices import FollowUpAction, FollowUpStatus
from inspections.followups import services
from inspections.models import FollowUp, FollowUpEvent, FollowUpEvidence
from tests.conftest import TODAY
from tests.factories import BeltFactory, DistrictFactory, FollowUpFactory, InspectionFactory
from tests.inspections.test_followups import (
    answered_task,
    closed_task,
    jpeg,
    make_users,
    state,
    task_in,
    text_renamed_jpg,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("inspections:followup_list")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def users():
    return make_users()


def detail_url(followup):
    return reverse("inspections:followup_detail", kwargs={"pk": followup.pk})


def client_for(users, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(users[role])
    return client


def post_step(users, role, followup, action, **data):
    return client_for(users, role).post(detail_url(followup), {"action": action, **data})


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- Who may come in ------------------------------------------------------------------


@pytest.mark.parametrize("page", ["list", "detail"])
def test_anonymous_is_sent_to_sign_in(users, page):
    followup = task_in(users["home"])

    response = client_for(users, "anonymous").get(LIST_URL if page == "list" else detail_url(followup))

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_anonymous_post_changes_nothing(users):
    followup = task_in(users["home"])
    before = state(followup)

    response = post_step(users, "anonymous", followup, "answer", response="匿名答复。")

    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert state(followup) == before


def test_another_districts_task_is_not_there(users):
    followup = task_in(users["home"])
    before = state(followup)

    assert client_for(users, "other editor").get(detail_url(followup)).status_code == 404
    assert post_step(users, "other editor", followup, "answer", response="越权答复。").status_code == 404
    assert state(followup) == before


# --- Answering ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_answer_over_http_with_an_evidence_photo(users, role):
    followup = task_in(users["home"])

    client = client_for(users, role)
    response = client.post(detail_url(followup), {"action": "answer", "response": "已完成整改。", "photos": [jpeg()]})

    assert response.status_code == 302 and response["Location"] == detail_url(followup)
    followup.refresh_from_db()
    assert (followup.status, followup.answered_by) == (FollowUpStatus.ANSWERED, users[role])
    evidence = FollowUpEvidence.objects.get()
    page = client.get(detail_url(followup))
    with translation.override("zh-hans"):
        assert translation.gettext("Your answer has been sent to the committee.") in shown_messages(page)
    assert evidence.thumbnail.url in page.content.decode()


def test_answer_with_a_text_file_renamed_jpg_is_shown_at_the_photos_and_changes_nothing(users):
    followup = task_in(users["home"])
    before = state(followup)

    response = post_step(users, "editor", followup, "answer", response="已完成。", photos=[text_renamed_jpg()])

    assert response.status_code == 200
    assert response.context["answer_form"].errors["photos"]
    assert 'id="id_photos_error"' in response.content.decode()
    assert state(followup) == before


def test_answer_without_response_is_shown_at_the_field(users):
    followup = task_in(users["home"])

    response = post_step(users, "editor", followup, "answer", response="")

    assert response.status_code == 200 and "response" in response.context["answer_form"].errors
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUpStatus.OPEN


@pytest.mark.parametrize(
    ("role", "make"),
    [
        ("reviewer", task_in),  # the committee does not answer for the district
        ("editor", answered_task),  # an answer awaits the committee
        ("editor", closed_task),
    ],
)
def test_refused_answer_is_403_and_changes_nothing(users, role, make):
    followup = make(users["home"])
    before = state(followup)

    response = post_step(users, role, followup, "answer", response="答复。")

    assert response.status_code == 403
    assert shown_messages(response)
    assert state(followup) == before


# --- Closing and sending back ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "superuser"])
def test_committee_closes_over_http(users, role):
    followup = answered_task(users["home"])

    response = post_step(users, role, followup, "close", note="")

    assert response.status_code == 302
    followup.refresh_from_db()
    assert (followup.status, followup.closed_by) == (FollowUpStatus.CLOSED, users[role])


@pytest.mark.parametrize(
    ("role", "make", "action"),
    [
        ("editor", answered_task, "close"),
        ("editor", answered_task, "send_back"),
        ("reviewer", task_in, "close"),
        ("reviewer", task_in, "send_back"),
        ("reviewer", closed_task, "close"),
        ("superuser", task_in, "close"),
    ],
)
def test_refused_review_is_403_and_changes_nothing(users, role, make, action):
    followup = make(users["home"])
    before = state(followup)

    response = post_step(users, role, followup, action, reason="不充分。")

    assert response.status_code == 403
    assert state(followup) == before


def test_send_back_needs_a_reason_and_the_district_reads_it(users):
    followup = answered_task(users["home"])

    refused = post_step(users, "reviewer", followup, "send_back", reason="")
    assert refused.status_code == 200 and "reason" in refused.context["send_back_form"].errors
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUpStatus.ANSWERED

    response = post_step(users, "reviewer", followup, "send_back", reason="缺少现场照片。")

    assert response.status_code == 302
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUpStatus.OPEN
    page = client_for(users, "editor").get(detail_url(followup))
    assert "缺少现场照片。" in page.content.decode()
    assert "answer_form" in page.context


def test_unknown_step_is_refused(users):
    followup = answered_task(users["home"])

    assert post_step(users, "reviewer", followup, "reopen").status_code == 403


def test_steps_are_csrf_protected(users):
    followup = task_in(users["home"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])

    response = client.post(detail_url(followup), {"action": "answer", "response": "答复。"})

    assert response.status_code == 403
    assert FollowUp.objects.get(pk=followup.pk).status == FollowUpStatus.OPEN


# --- What each role is offered ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "make", "forms"),
    [
        ("editor", task_in, {"answer_form"}),
        ("reviewer", task_in, set()),
        ("editor", answered_task, set()),
        ("reviewer", answered_task, {"close_form", "send_back_form"}),
    ],
)
def test_detail_offers_only_the_steps_the_user_may_take(users, role, make, forms):
    followup = make(users["home"])

    response = client_for(users, role).get(detail_url(followup))

    assert response.status_code == 200
    offered = {name for name in ("answer_form", "close_form", "send_back_form") if name in response.context}
    assert offered == forms


def test_detail_shows_history_and_overdue_flag(users):
    followup = task_in(users["home"])
    FollowUp.objects.filter(pk=followup.pk).update(deadline=datetime.date(2020, 1, 1))
    services.followup_answer(followup=followup, response="初次答复。", user=users["editor"])
    services.followup_send_back(followup=followup, user=users["reviewer"], reason="请补充。")

    response = client_for(users, "reviewer").get(detail_url(followup))

    assert response.context["followup"].is_overdue
    assert [event.action for event in response.context["events"]] == [
        FollowUpAction.ANSWERED,
        FollowUpAction.SENT_BACK,
    ]
    html = response.content.decode()
    assert "flag-overdue" in html and "初次答复。" in html and "请补充。" in html


# --- The list --------------------------------------------------------------------------


def listed(response):
    return list(response.context["followups"])


def test_list_shows_the_users_districts_tasks_with_overdue_flagged(users):
    overdue = task_in(users["home"])
    FollowUp.objects.filter(pk=overdue.pk).update(deadline=TODAY - datetime.timedelta(days=400))
    due = task_in(users["home"])
    task_in(DistrictFactory())

    response = client_for(users, "editor").get(LIST_URL)

    assert {task.pk: task.is_overdue for task in listed(response)} == {overdue.pk: True, due.pk: False}
    assert "flag-overdue" in response.content.decode()


def test_list_filters_by_status_overdue_and_district(users):
    open_task, answered = task_in(users["home"]), answered_task(users["home"])
    late = task_in(users["home"])
    FollowUp.objects.filter(pk=late.pk).update(deadline=datetime.date(2020, 1, 1))
    elsewhere = task_in(DistrictFactory())
    client = client_for(users, "reviewer")

    assert listed(client.get(LIST_URL, {"status": "answered"})) == [answered]
    assert listed(client.get(LIST_URL, {"overdue": "true"})) == [late]
    assert set(listed(client.get(LIST_URL, {"district": users["home"].pk}))) == {open_task, answered, late}
    assert len(listed(client.get(LIST_URL))) == 4 and elsewhere in listed(client.get(LIST_URL))


@pytest.mark.parametrize("params", [{"status": "lost"}, {"district": "999999"}, {"district": "abc"}, {"overdue": "on"}])
def test_list_with_an_unknown_filter_value_explains_and_lists_nothing(users, params):
    task_in(users["home"])

    response = client_for(users, "reviewer").get(LIST_URL, params)

    assert response.status_code == 200
    assert response.context["filter_form"].errors
    assert listed(response) == []


def test_list_query_count_does_not_grow_with_tasks(users, django_assert_max_num_queries):
    client = client_for(users, "reviewer")

    def add_tasks(n):
        for _ in range(n):
            inspection = InspectionFactory(belt=BeltFactory(district=DistrictFactory()))
            FollowUpFactory.create_batch(2, inspection=inspection)

    add_tasks(1)
    client.get(LIST_URL)
    with django_assert_max_num_queries(10) as few:
        client.get(LIST_URL)
    add_tasks(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_URL)
    assert len(listed(response)) == 22


def test_detail_query_count_does_not_grow_with_history(users, django_assert_max_num_queries):
    followup = task_in(users["home"])
    services.followup_answer(followup=followup, response="答复。", user=users["editor"], photos=[jpeg()])
    client = client_for(users, "reviewer")
    client.get(detail_url(followup))
    with django_assert_max_num_queries(12) as few:
        client.get(detail_url(followup))
    for _ in range(3):
        services.followup_send_back(followup=followup, user=users["reviewer"], reason="补充。")
        services.followup_answer(followup=followup, response="答复。", user=users["editor"], photos=[jpeg(), jpeg()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail_url(followup))
    assert FollowUpEvent.objects.filter(followup=followup).count() == 7
