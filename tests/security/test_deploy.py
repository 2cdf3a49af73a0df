"""The production settings: Django's deployment check finds nothing, and missing secrets stop the start."""

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", **environment}
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, str(ROOT / "manage.py"), *args], capture_output=True, text=True, env=env, cwd=ROOT
    )


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "belts.example.gov.cn",
    "DATABASE_URL": "postgres://belts@db.example.gov.cn:5432/belts",
}


def test_the_deployment_check_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "value"),
    [
        ("SECRET_KEY", None),
        ("SECRET_KEY", "insecure-local-development-key-change-me"),
        ("ALLOWED_HOSTS", None),
        ("DATABASE_URL", None),
    ],
)
def test_production_refuses_to_start_without_its_secrets(missing, value):
    environment = {key: val for key, val in PRODUCTION.items() if key != missing}
    if value is not None:
        environment[missing] = value

    result = manage("check", **environment)

    assert result.returncode != 0
    assert missing in result.stderr


HEALTH_PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client(HTTP_HOST="belts.example.gov.cn").get("/healthz", secure=True)
print(json.dumps({"status": response.status_code, "body": response.content.decode()}))
"""


def test_healthz_answers_503_without_a_traceback_when_the_database_port_is_closed():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    environment = {**PRODUCTION, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed}/belts"}
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", **environment}

    result = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", HEALTH_PROBE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )

    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": '{"status": "unavailable", "database": "down"}'}


ADMIN_PROBE = """
import django, json
django.setup()
from django.conf import settings
# No collectstatic here: pages are rendered with the plain static files storage.
settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
from django.test import Client
client = Client(HTTP_HOST="belts.example.gov.cn")
print(json.dumps({path: client.get(path, secure=True).status_code for path in ("/gongzuo-7f3a/", "/admin/")}))
print(json.dumps({"robots": client.get("/robots.txt", secure=True).content.decode()}))
"""


def test_the_admin_can_be_served_at_a_path_of_ones_own():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", **PRODUCTION, "ADMIN_URL": "gongzuo-7f3a/"}
    env["DATABASE_URL"] = "sqlite:///:memory:"

    result = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-c", ADMIN_PROBE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )

    statuses, robots = (json.loads(line) for line in result.stdout.strip().splitlines()[-2:])
    assert statuses == {"/gongzuo-7f3a/": 302, "/admin/": 404}  # the admin sends to its sign-in page
    assert "gongzuo" not in robots["robots"]  # the path is not given away
