#!/usr/bin/env bash
# Install the portal in .venv, load the demo belt into the embedded SQLite
# database, create a local admin login and serve http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt

export DJANGO_SETTINGS_MODULE=config.settings.local
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo --admin
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
