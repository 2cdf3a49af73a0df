"""The database going away: the visitor gets a 503 page asking him to come back in a few minutes (the API,
a 503 in its error shape), never a traceback; the error is logged as one JSON line; and when the database
returns, the portal answers again on its own, without a restart.

The drills run the portal under gunicorn with the production settings on a PostgreSQL cluster of their
own (initdb, pg_ctl), which they stop and start. Without PostgreSQL's server programs they skip, except
in CI (CI=true), where they must run. The tests in the portal's own process check the same answers for an
error raised in a view or in a middleware, and in English when that is the visitor's choice.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.utils import translation
from rest_framework.views import APIView

from tests.security.clusters import free_port, throwaway_cluster

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-29"

PAGE_TITLE = "Temporarily unavailable"
API_MESSAGE = "The service is temporarily unavailable. Please try again in a few minutes."
# What a visitor must never be shown.
INTERNALS = ("Traceback", "OperationalError", "InterfaceError", "psycopg", "django.db", 'File "')


def translated(message: str, language: str = "zh-hans") -> str:
    with translation.override(language):
        return translation.gettext(message)


def assert_unavailable_page(status: int, headers, body: str, *, language: str = "zh-hans") -> None:
    assert status == 503, body[:500]
    assert int(headers["Retry-After"]) > 0
    assert "no-store" in headers["Cache-Control"]
    assert headers["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in body
    assert translated(PAGE_TITLE, language) in body
    if language == "zh-hans":
        assert "党建示范带" in body  # the masthead, in Chinese like the rest of the page
    assert not [word for word in INTERNALS if word in body]


def assert_unavailable_api(status: int, headers, body: str, *, language: str = "zh-hans") -> None:
    assert status == 503, body[:500]
    assert int(headers["Retry-After"]) > 0
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "status": 503,
        "code": "service_unavailable",
        "message": translated(API_MESSAGE, language),
        "errors": {},
    }
    assert not [word for word in INTERNALS if word in body]


# --- In the portal's own process: where the error is raised, which language ------------------------------


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def fail_with(error):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
    ],
)
def test_a_lost_connection_in_a_view_gives_the_503_page(visitor, monkeypatch, error):
    from portal import views as portal_views

    monkeypatch.setattr(portal_views.selectors, "belt_list_public", fail_with(error))

    response = visitor.get("/")

    assert_unavailable_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("middleware", "method"),
    [(AuthenticationMiddleware, "process_request"), (SessionMiddleware, "process_response")],
)
def test_a_lost_connection_in_a_middleware_gives_the_503_page(visitor, monkeypatch, middleware, method):
    monkeypatch.setattr(middleware, method, fail_with(OperationalError("the database system is shutting down")))

    response = visitor.get("/")

    assert_unavailable_page(response.status_code, response.headers, response.content.decode())


@pytest.mark.django_db
def test_the_503_page_is_in_english_when_the_visitor_chose_english(visitor, monkeypatch):
    monkeypatch.setattr(AuthenticationMiddleware, "process_request", fail_with(OperationalError("gone")))
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = visitor.get("/")

    assert_unavailable_page(response.status_code, response.headers, response.content.decode(), language="en")
    assert PAGE_TITLE in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_lost_connection_under_the_api_is_a_503_in_the_error_shape(visitor, monkeypatch, language):
    monkeypatch.setattr(APIView, "initial", fail_with(OperationalError("connection refused")))

    response = visitor.get("/api/belts/", HTTP_ACCEPT_LANGUAGE=language)

    assert_unavailable_api(response.status_code, response.headers, response.content.decode(), language=language)


@pytest.mark.django_db
def test_any_other_fault_is_still_a_500_without_retry_after(visitor, monkeypatch):
    from portal import views as portal_views

    monkeypatch.setattr(portal_views.selectors, "belt_list_public", fail_with(RuntimeError("boom")))
    monkeypatch.setattr(APIView, "initial", fail_with(RuntimeError("boom")))

    page = visitor.get("/")
    api = visitor.get("/api/belts/")

    assert page.status_code == 500 and "Retry-After" not in page.headers
    assert "出错了" in page.content.decode() and "boom" not in page.content.decode()
    assert api.status_code == 500 and "Retry-After" not in api.headers
    assert api.json()["status"] == 500 and api.json()["code"] == "server_error"
    assert "boom" not in api.content.decode()


# --- The drills: gunicorn, production settings, a PostgreSQL cluster that goes away ----------------------


class Portal:
    """The portal served by gunicorn on loopback, its log (stdout and stderr) in a file."""

    def __init__(self, base: str, process: subprocess.Popen, log: Path):
        self.base, self.process, self.log = base, process, log

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:  # noqa: S310 (our own server)
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def log_entries(self) -> list[dict]:
        entries = []
        for line in self.log.read_text(errors="replace").splitlines():
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue  # gunicorn's own lines are plain text
        return entries


# migrate and load_demo in one process, which starts Django once.
FILL = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", as_of=__import__("datetime").date.fromisoformat("{AS_OF}"), verbosity=0)
"""


def unique(path: str) -> str:
    """``path`` with a query string never asked before: not in the page cache, so the database is asked."""
    return f"{path}?probe={uuid.uuid4().hex}"


def run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert result.returncode == 0, f"{command[1:3]}…\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def cluster():
    with throwaway_cluster() as running:
        yield running


@pytest.fixture(scope="module")
def portal(cluster, tmp_path_factory):
    """The demo, migrated into the cluster, served by gunicorn with a persistent connection (CONN_MAX_AGE).

    One worker, so that the order of the requests is the order in which that worker's connection meets
    the outage.
    """
    folder = tmp_path_factory.mktemp("outage-portal")
    admin = psycopg2.connect(f"{cluster.server_url}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("CREATE DATABASE belts")
    admin.close()

    # The production settings as they are, but for collecting the static files into this test's folder.
    (folder / "outage_settings.py").write_text(
        f"from config.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "DEBUG", "LOG_LEVEL"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "outage_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"{cluster.server_url}/belts",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
    }
    collectstatic = subprocess.Popen(  # noqa: S603 (our own manage.py), meanwhile the database is filled
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    run([sys.executable, "-c", FILL], env)
    assert collectstatic.wait(timeout=120) == 0, collectstatic.stderr.read().decode()

    port = free_port()
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
                "--timeout=60",
                "--no-control-socket",
                "--access-logfile=/dev/null",
                "--error-logfile=-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    served = Portal(f"http://127.0.0.1:{port}", process, log)
    try:
        assert answers(served, "/healthz", seconds=30), f"gunicorn did not answer:\n{log.read_text()[-3000:]}"
        yield served
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def answers(portal: Portal, path: str, *, seconds: float) -> bool:
    """Whether ``path`` answers 200 within ``seconds``, asked again until it does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if portal.get(path, timeout=5)[0] == 200:
                return True
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    return False


def assert_recovers(portal: Portal, cluster, *, seconds: float = 15) -> None:
    """Start the cluster again: the same server, not restarted, answers again within seconds, every request.

    A persistent connection that died with the database fails the first request that uses it (and is then
    dropped); so a 503 may come first, but then a long run of requests must all answer.
    """
    pid = portal.process.pid
    cluster.start()
    deadline, in_a_row, status = time.monotonic() + seconds, 0, None
    while in_a_row < 10:
        if time.monotonic() > deadline:
            pytest.fail(f"{seconds} s after the database returned, the portal still answers {status}", pytrace=False)
        status = portal.get(unique("/api/belts/") if in_a_row % 2 else unique("/"))[0]
        in_a_row = in_a_row + 1 if status == 200 else 0
    assert portal.get("/healthz")[0] == 200
    assert portal.process.poll() is None and portal.process.pid == pid


def test_the_database_stopping_gives_503s_and_the_portal_recovers_when_it_returns(portal, cluster):
    for path in ("/healthz", unique("/"), unique("/api/belts/")):
        assert portal.get(path)[0] == 200, path

    cluster.stop("immediate")
    try:
        # /healthz first: it meets the dead persistent connection outside a transaction, and the connection
        # must not stay broken for the requests after it.
        health = portal.get("/healthz")
        page = portal.get(unique("/"))
        api = portal.get(unique("/api/belts/"))
    finally:
        logged = portal.log_entries()
        assert_recovers(portal, cluster)

    assert health[0] == 503 and json.loads(health[2]) == {"status": "unavailable", "database": "down"}
    assert_unavailable_page(*page)
    assert_unavailable_api(*api)
    # Each failure is one JSON line: level, message, request, and the error with its traceback.
    failures = [entry for entry in logged if entry.get("status") == 503 and entry.get("path") in ("/", "/api/belts/")]
    assert {entry["path"] for entry in failures} == {"/", "/api/belts/"}
    for entry in failures:
        assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
        assert entry["message"] == f"Service Unavailable: {entry['path']}"
        assert entry["error"].startswith(("OperationalError", "InterfaceError"))
        assert "Traceback" in entry["traceback"]


@pytest.mark.parametrize(
    ("path", "check"), [("/", assert_unavailable_page), ("/api/belts/", assert_unavailable_api)], ids=["page", "api"]
)
def test_a_request_waiting_on_the_database_when_it_stops_gets_a_503(portal, cluster, path, check):
    assert portal.get(unique(path))[0] == 200
    # A transaction of another client holds the belts table: the request blocks inside its query on it.
    blocker = psycopg2.connect(f"{cluster.server_url}/belts")
    answers = []
    try:
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE belts_belt IN ACCESS EXCLUSIVE MODE")
        request = threading.Thread(target=lambda: answers.append(portal.get(unique(path))))
        request.start()
        assert waiting_on_the_lock(blocker, seconds=10), "the request never reached the locked table"
        assert not answers  # in flight

        cluster.stop("immediate")
        request.join(timeout=30)
    finally:
        blocker.close()
        assert_recovers(portal, cluster)

    assert len(answers) == 1
    check(*answers[0])


def waiting_on_the_lock(connection, *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'belts_belt'::regclass")
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False
