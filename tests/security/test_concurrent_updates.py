"""Twenty people changing one project at the same moment, half at the admin's form and half through the API, over
real HTTP against a threaded live server: nothing is lost.

Every accepted save is in the project's history exactly once, under its author, on top of the version its
editor read; every refused one was refused in words (the admin's form again with the stale-edit message naming
who saved, the API's 409 in its error shape), never a 500 and never a silent overwrite. Whoever is refused reads
again and retries. A refusal means that another client's save landed between the refused client's read and its
write, so no client needs more tries than there are clients.

The row lock taken by ``belts.concurrency.claim_version`` is what is under test, so this runs on the PostgreSQL
server named by DATABASE_URL; without one it skips, except in CI (CI=true), where it must run.
"""

import random
import threading
import time
import traceback
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from sites.models import ProgressUpdate, Project
from tests.admin_helpers import admin_url, change_url
from tests.ci import skip_or_fail
from tests.factories import ProjectFactory, UserFactory

CLIENTS_PER_INTERFACE = 10
# Each refusal of a client is another client's save: with twenty clients, twenty tries always suffice.
MAX_TRIES = 2 * CLIENTS_PER_INTERFACE
# Seconds allowed for one request, and for every client to reach a meeting point.
TIMEOUT = 30
# Seconds, times the refusals so far: the longest pause before a refused client tries again.
BACKOFF = 0.5


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent updates need PostgreSQL's row locks: set DATABASE_URL")


@pytest.fixture
def project(postgresql, transactional_db, district):
    return ProjectFactory(site__belt__district=district, percent_complete=10)


@pytest.fixture
def editors(project, district):
    """``editors(prefix)``: ten staff editors of the project's district, each with the permissions of
    ``district_editor`` (not through the roles' group: a transactional test empties what the migrations filled)."""
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=["belts", "sites", "inspections"]).exclude(
            codename="view_all_districts"
        )
    )

    def make(prefix: str) -> list:
        users = []
        for number in range(1, CLIENTS_PER_INTERFACE + 1):
            user = UserFactory(username=f"{prefix}{number:02d}", is_staff=True)
            user.user_permissions.set(permissions)
            district.editors.add(user)
            users.append(user)
        return users

    return make


# --- Reading the admin's form as a browser does ------------------------------------------------------------


class FormReader(HTMLParser):
    """The fields a browser sends from the form ``form_id`` of a page: every enabled, named control as rendered
    (checked boxes only, the selected options, textareas' text), submit buttons and file inputs left out."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self.select: dict | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def add(self, name: str, value: str) -> None:
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(name, attrs.get("value") or "on")
                return
            self.add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "first": None, "chosen": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            for value in chosen:
                self.add(self.select["name"], value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            text = "".join(parts)
            # A browser drops the line break that directly follows <textarea>.
            self.add(name, text[1:] if text.startswith("\n") else text)
            self.textarea = None


def read_form(html: str, form_id: str) -> dict[str, list[str]]:
    reader = FormReader(form_id)
    reader.feed(html)
    reader.close()
    assert reader.fields, f"no form #{form_id} on the page"
    return reader.fields


class NonFieldErrors(HTMLParser):
    """The texts of the errors a form shows above its fields (``<ul class="errorlist nonfield">``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == "ul"
            if tag == "li":
                self.errors.append("")
        elif tag == "ul" and "nonfield" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "ul":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.errors:
            self.errors[-1] += data


def non_field_errors(html: str) -> list[str]:
    parser = NonFieldErrors()
    parser.feed(html)
    parser.close()
    return parser.errors


def add_inline_row(form: dict[str, list[str]], prefix: str, values: dict) -> dict[str, list[str]]:
    """``form`` with one more row in the inline ``prefix``, filled from its empty template as "Add another" does."""
    index = int(form[f"{prefix}-TOTAL_FORMS"][0])
    template = f"{prefix}-__prefix__-"
    row = {name.replace("__prefix__", str(index)): value for name, value in form.items() if name.startswith(template)}
    row |= {f"{prefix}-{index}-{field}": [str(value)] for field, value in values.items()}
    return {**form, **row, f"{prefix}-TOTAL_FORMS": [str(index + 1)]}


# --- The clients -------------------------------------------------------------------------------------------


class Unexpected(AssertionError):
    """An answer that is neither an acceptance nor a clear refusal."""

    def __init__(self, response: requests.Response, why: str):
        answer = f"{response.request.method} {response.url} → {response.status_code} ({why})"
        super().__init__(f"{answer}: {response.text[:2000]}")


class Editor:
    """One person with a session of his own. ``read()`` fetches the record and returns the version read;
    ``write()`` sends his change based on it and returns None when accepted, the refusal's message otherwise."""

    def __init__(self, base_url: str, user, project):
        self.base_url, self.user, self.project = base_url, user, project
        self.http = requests.Session()
        self.accepted_on: int | None = None
        self.refusals: list[tuple[int, str]] = []
        self.failure: str | None = None

    def __str__(self):
        return self.user.username

    def expect(self, response: requests.Response, *statuses: int) -> requests.Response:
        if response.status_code not in statuses:
            raise Unexpected(response, f"expected {' or '.join(map(str, statuses))}")
        return response

    def read(self) -> int:
        raise NotImplementedError

    def write(self) -> str | None:
        raise NotImplementedError


class AdminEditor(Editor):
    """At the project's change form in the admin, signed in with a session of his own."""

    def __init__(self, base_url, user, project):
        super().__init__(base_url, user, project)
        browser = Client()
        browser.force_login(user)
        self.http.cookies.set(settings.SESSION_COOKIE_NAME, browser.cookies[settings.SESSION_COOKIE_NAME].value)
        self.url = base_url + change_url(project)
        self.form: dict[str, list[str]] = {}

    def read(self) -> int:
        response = self.expect(self.http.get(self.url, timeout=TIMEOUT), 200)
        self.form = read_form(response.text, "project_form")
        return int(self.form["edit_version"][0])

    def changed_form(self) -> dict[str, list[str]]:
        raise NotImplementedError

    def write(self) -> str | None:
        response = self.http.post(self.url, data=self.changed_form(), allow_redirects=False, timeout=TIMEOUT)
        self.expect(response, 302, 200)
        if response.status_code == 302:
            if urlsplit(response.headers["Location"]).path != admin_url(Project, "changelist"):
                raise Unexpected(response, "saved, but not sent back to the list")
            return None
        errors = non_field_errors(response.text)
        if 'id="project_form"' not in response.text or not errors:
            raise Unexpected(response, "neither saved nor refused with a message above the form")
        return " ".join(errors)


class ApiClient(Editor):
    """Another system, sending the user's token."""

    def __init__(self, base_url, user, project):
        super().__init__(base_url, user, project)
        self.http.headers["Authorization"] = f"Token {Token.objects.create(user=user).key}"
        self.url = f"{base_url}/api/projects/{project.pk}/"

    def read(self) -> int:
        return self.expect(self.http.get(self.url, timeout=TIMEOUT), 200).json()["version"]

    def refusal(self, response: requests.Response) -> str:
        """The message of a 409, which must come in the API's one error shape."""
        body = response.json()
        if set(body) != {"status", "code", "message", "errors"} or (body["status"], body["code"]) != (409, "stale"):
            raise Unexpected(response, "a conflict not in the error shape")
        return body["message"]


class AdminProgressEditor(AdminEditor):
    def __init__(self, base_url, user, project, percent: int):
        super().__init__(base_url, user, project)
        self.percent = percent

    def changed_form(self):
        return {**self.form, "percent_complete": [str(self.percent)]}


class ApiProgressEditor(ApiClient):
    def __init__(self, base_url, user, project, percent: int):
        super().__init__(base_url, user, project)
        self.percent = percent
        self.version: int | None = None

    def read(self) -> int:
        self.version = super().read()
        return self.version

    def write(self) -> str | None:
        data = {"percent_complete": self.percent, "version": self.version}
        response = self.expect(self.http.patch(self.url, json=data, timeout=TIMEOUT), 200, 409)
        if response.status_code == 409:
            return self.refusal(response)
        body = response.json()
        if (body["percent_complete"], body["version"]) != (self.percent, self.version + 1):
            raise Unexpected(response, f"saved, but not as version {self.version + 1} with {self.percent}%")
        return None


class AdminReporter(AdminEditor):
    """Adds a progress update in the project form's inline, as "Add another progress update" does."""

    def __init__(self, base_url, user, project, update: dict):
        super().__init__(base_url, user, project)
        self.update = update

    def changed_form(self):
        return add_inline_row(self.form, "progress_updates", self.update)


class ApiReporter(ApiClient):
    """Reads the project, then posts a progress update on it."""

    def __init__(self, base_url, user, project, update: dict):
        super().__init__(base_url, user, project)
        self.update = update

    def write(self) -> str | None:
        data = {"project_id": self.project.pk, **self.update}
        response = self.http.post(f"{self.base_url}/api/progress-updates/", json=data, timeout=TIMEOUT)
        self.expect(response, 201, 409)
        return self.refusal(response) if response.status_code == 409 else None


def run_together(editors: list[Editor]) -> None:
    """Run each editor in a thread of its own, all starting at once. Each reads; once all have read, each writes,
    and reads and writes again after each refusal, up to ``MAX_TRIES`` times."""
    start = threading.Barrier(len(editors), timeout=TIMEOUT)
    all_have_read = threading.Barrier(len(editors), timeout=TIMEOUT)

    def work(editor: Editor) -> None:
        try:
            start.wait()
            for attempt in range(MAX_TRIES):
                version = editor.read()
                if attempt == 0:
                    all_have_read.wait()
                refusal = editor.write()
                if refusal is None:
                    editor.accepted_on = version
                    return
                editor.refusals.append((version, refusal))
                # Like a person, wait a moment before trying again, longer after each refusal: fewer collide.
                time.sleep(random.uniform(0, BACKOFF * len(editor.refusals)))
        except Exception:
            editor.failure = traceback.format_exc()
            start.abort()
            all_have_read.abort()
        finally:
            editor.http.close()

    threads = [threading.Thread(target=work, args=(editor,), name=str(editor)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=MAX_TRIES * TIMEOUT)
    assert not [thread.name for thread in threads if thread.is_alive()], "clients still running"
    failures = {str(editor): editor.failure for editor in editors if editor.failure}
    root_causes = {name: failure for name, failure in failures.items() if "BrokenBarrierError" not in failure}
    assert not failures, "\n".join(f"{name}:\n{failure}" for name, failure in (root_causes or failures).items())
    assert not [str(editor) for editor in editors if editor.accepted_on is None], "clients never saved"


def assert_sequential_history(project, *, initial_version: int, accepted: int) -> list:
    """The project's history holds one row per accepted save, numbered on from ``initial_version`` without gaps or
    repeats, in the order they were written; the project is at the last of them."""
    history = list(project.history.order_by("history_id"))
    versions = [record.version for record in history]
    assert versions == list(range(1, initial_version + accepted + 1)), versions
    dates = [record.history_date for record in history]
    assert dates == sorted(dates)
    project.refresh_from_db()
    assert project.version == initial_version + accepted
    assert project.percent_complete == history[-1].percent_complete
    return history


def assert_refusals_name_who_saved(editors: list[Editor], history: list) -> None:
    """Each refusal names the person whose save made the version read out of date, and is in Chinese."""
    saved_by = {record.version: record.history_user.username for record in history if record.history_user}
    for editor in editors:
        for version, message in editor.refusals:
            assert "未保存" in message, (str(editor), message)
            assert saved_by[version + 1] in message, (str(editor), version, message)
            if isinstance(editor, ApiClient):
                assert f"版本 {version}" in message and "重新读取" in message, (str(editor), message)


# --- The tests ---------------------------------------------------------------------------------------------


def test_twenty_concurrent_progress_changes_are_each_saved_once_or_clearly_refused(live_server, project, editors):
    initial_history, initial_version = project.history.count(), project.version
    percents = iter(range(21, 21 + 2 * CLIENTS_PER_INTERFACE))
    clients = [AdminProgressEditor(live_server.url, user, project, next(percents)) for user in editors("admin")]
    clients += [ApiProgressEditor(live_server.url, user, project, next(percents)) for user in editors("api")]

    run_together(clients)

    accepted = len(clients)
    history = assert_sequential_history(project, initial_version=initial_version, accepted=accepted)
    assert len(history) == initial_history + accepted
    # Each save exactly once, by its author, on top of the very version he had read.
    saves = Counter(
        (record.history_type, record.history_user.username, record.percent_complete, record.version)
        for record in history[initial_history:]
    )
    assert saves == Counter(("~", client.user.username, client.percent, client.accepted_on + 1) for client in clients)
    # All read version 1 before anyone wrote: one of them saved it, the other nineteen were refused at least once.
    assert sum(len(client.refusals) for client in clients) >= len(clients) - 1
    assert_refusals_name_who_saved(clients, history)


def test_twenty_concurrent_progress_updates_are_all_recorded_with_their_authors(live_server, project, editors, today):
    initial_history, initial_version = project.history.count(), project.version
    percents = iter(range(41, 41 + 2 * CLIENTS_PER_INTERFACE))

    def update(user):
        return {"date": today.isoformat(), "percent": next(percents), "note": f"{user.username} 报告的进展"}

    clients = [AdminReporter(live_server.url, user, project, update(user)) for user in editors("admin")]
    clients += [ApiReporter(live_server.url, user, project, update(user)) for user in editors("api")]

    run_together(clients)

    rows = ProgressUpdate.objects.filter(project=project).select_related("author")
    assert Counter((row.author.username, row.note, row.percent, row.date) for row in rows) == Counter(
        (client.user.username, client.update["note"], client.update["percent"], today) for client in clients
    )
    for row in rows:
        assert [(record.history_type, record.history_user_id) for record in row.history.all()] == [("+", row.author_id)]
    # A progress update through the API needs no version; in the admin it comes with the project's form, which
    # is saved under the version check like any other change of the project.
    admins = [client for client in clients if isinstance(client, AdminReporter)]
    assert not [(str(client), client.refusals) for client in clients if client not in admins and client.refusals]
    history = assert_sequential_history(project, initial_version=initial_version, accepted=len(admins))
    assert Counter((record.history_user.username, record.version) for record in history[initial_history:]) == Counter(
        (client.user.username, client.accepted_on + 1) for client in admins
    )
    assert sum(len(client.refusals) for client in admins) >= len(admins) - 1
    assert_refusals_name_who_saved(admins, history)
