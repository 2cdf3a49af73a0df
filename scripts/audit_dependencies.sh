#!/usr/bin/env bash
# Check every pinned dependency against the Python advisory database (PyPI's, the default;
# AUDIT_SERVICE=osv for OSV). Fails on any known vulnerability, and on any package the
# service cannot answer for (--strict). Needs the advisory service on the internet.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/pip-audit ] || { [ -x .venv/bin/python ] || python3 -m venv .venv; .venv/bin/python -m pip install --quiet -r requirements.txt; }
exec .venv/bin/pip-audit --strict --progress-spinner off --vulnerability-service "${AUDIT_SERVICE:-pypi}" \
  --disable-pip --no-deps --requirement requirements.txt "$@"
