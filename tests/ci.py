"""Whether CI runs the suite: there a test that cannot run (no PostgreSQL, no chromium) fails instead of skipping."""

import os

import pytest


def in_ci() -> bool:
    """True under CI (``CI=true``, ``1``, ``yes``…)."""
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def skip_or_fail(reason: str) -> None:
    """Skip the test for ``reason``; under CI, fail it instead."""
    if in_ci():
        pytest.fail(f"CI must run this test: {reason}", pytrace=False)
    pytest.skip(reason)
