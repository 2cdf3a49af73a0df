#!/usr/bin/env bash
# Install the portal with its test tools in .venv and run the whole test suite.
# SQLite by default; set DATABASE_URL=postgres://... to run it on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt

exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
