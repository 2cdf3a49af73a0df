"""``manage.py send_reminders``: each district's editors get what falls due, once a day."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from inspections.choices import FollowUpStatus
from inspections.models import ReminderLog
from sites.choices import ProjectStatus
from tests.conftest import TODAY
from tests.factories import (
    BeltFactory,
    DistrictFactory,
    FollowUpFactory,
    InspectionFactory,
    ProjectFactory,
    SiteFactory,
)
from tests.inspections.test_followups import editor_of

pytestmark = pytest.mark.django_db

BASE_URL = "https://belts.example.gov.cn"


def days(n):
    return TODAY + datetime.timedelta(days=n)


def run(date=TODAY):
    out = StringIO()
    call_command("send_reminders", "--date", date.isoformat(), "--base-url", BASE_URL, stdout=out)
    return out.getvalue()


@pytest.fixture
def world():
    """仓山区 with work overdue and due soon; 鼓楼区 with nothing due; 台江区 with work due but no editor's email."""
    home, quiet, silent = (
        DistrictFactory(name="仓山区", code="350104"),
        DistrictFactory(name="鼓楼区", code="350102"),
        DistrictFactory(name="台江区", code="350103"),
    )
    editor_of(home, "cangshan")
    editor_of(home, "cangshan2")
    editor_of(quiet, "gulou")
    no_email = editor_of(silent, "taijiang")
    no_email.email = ""
    no_email.save()

    inspection = InspectionFactory(belt=BeltFactory(district=home))
    site = SiteFactory(belt=inspection.belt, name="春天国际影城")
    answered = {"status": FollowUpStatus.ANSWERED, "response": "已答复。", "answered_at": timezone.now()}
    rows = {
        "overdue task": FollowUpFactory(inspection=inspection, task="尽快恢复推进改造提升。", deadline=days(-5)),
        "task due in 3 days": FollowUpFactory(inspection=inspection, task="细化目标任务。", deadline=days(3)),
        "task due in 10 days": FollowUpFactory(inspection=inspection, task="强化联动。", deadline=days(10)),
        "answered overdue task": FollowUpFactory(
            inspection=inspection, task="已答复事项。", deadline=days(-5), **answered
        ),
        "overdue project": ProjectFactory(site=site, title="党群服务中心改造", planned_completion=days(-30)),
        "project due in 7 days": ProjectFactory(site=site, title="二期提升", planned_completion=days(7)),
        "project due in 8 days": ProjectFactory(site=site, title="三期规划", planned_completion=days(8)),
        "completed project": ProjectFactory(
            site=site,
            title="已竣工项目",
            planned_completion=days(-3),
            status=ProjectStatus.COMPLETED,
            actual_completion=days(-3),
            percent_complete=100,
        ),
    }
    ProjectFactory(site=SiteFactory(belt=BeltFactory(district=quiet)), planned_completion=days(30))
    silent_inspection = InspectionFactory(belt=BeltFactory(district=silent))
    FollowUpFactory(inspection=silent_inspection, deadline=days(-1))
    return {"home": home, "quiet": quiet, "silent": silent, **rows}


def test_each_district_with_work_due_gets_one_email_to_its_editors(world):
    run()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["cangshan2@example.org", "cangshan@example.org"]
    assert "仓山区" in message.subject and TODAY.isoformat() in message.subject


def test_the_email_lists_each_item_due_with_its_deadline_and_link(world):
    run()

    body = mail.outbox[0].body
    for name, deadline in [
        ("overdue task", days(-5)),
        ("task due in 3 days", days(3)),
        ("overdue project", days(-30)),
        ("project due in 7 days", days(7)),
    ]:
        row = world[name]
        assert (getattr(row, "task", None) or row.title) in body
        assert deadline.isoformat() in body
    assert f"{BASE_URL}/inspections/tasks/{world['overdue task'].pk}/" in body
    assert f"{BASE_URL}/admin/sites/project/{world['overdue project'].pk}/change/" in body


def test_the_email_leaves_out_what_is_not_due_or_not_the_districts(world):
    run()

    body = mail.outbox[0].body
    for name in ["task due in 10 days", "answered overdue task", "project due in 8 days", "completed project"]:
        row = world[name]
        assert (getattr(row, "task", None) or row.title) not in body


def test_no_email_for_a_district_with_nothing_due_or_no_address(world):
    output = run()

    recipients = {address for message in mail.outbox for address in message.to}
    assert not recipients & {"gulou@example.org", "taijiang@example.org"}
    assert "台江区" in output  # named in the summary: work due, nobody to tell
    assert "鼓楼区" not in output


def test_running_twice_on_one_day_sends_nothing_new(world):
    run()
    output = run()

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.get().district == world["home"]
    assert "0" in output.splitlines()[-1]


def test_next_day_sends_again(world):
    run()
    run(days(1))

    assert len(mail.outbox) == 2
    assert list(ReminderLog.objects.order_by("date").values_list("date", flat=True)) == [TODAY, days(1)]


def test_a_failed_send_is_not_logged_and_is_tried_again(world, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        run()
    monkeypatch.undo()
    assert not ReminderLog.objects.exists()

    run()
    assert len(mail.outbox) == 1


def test_a_bad_date_is_refused_with_a_message():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "2026-13-01")
