"""Errors are logged as structured lines: one JSON object per line, with the request and the error in it."""

import json
import logging
import sys

from django.conf import settings
from django.test import RequestFactory

from config.log_format import JSONFormatter


def record_of_a_failed_request() -> logging.LogRecord:
    request = RequestFactory().get("/sites/12/?q=1")
    try:
        raise ValueError("坏数据\n第二行")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/sites/12/",), exc_info
    )
    record.request, record.status_code = request, 500
    return record


def test_an_error_is_one_json_line_with_its_request_and_traceback():
    line = JSONFormatter().format(record_of_a_failed_request())

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /sites/12/"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/sites/12/", 500)
    assert entry["error"] == "ValueError: 坏数据\n第二行"
    assert "Traceback" in entry["traceback"] and entry["time"].endswith("+00:00")


def test_a_plain_message_is_a_json_line_too():
    record = logging.LogRecord("belts", logging.INFO, __file__, 1, "sent %d reminders", (3,), None)

    assert json.loads(JSONFormatter().format(record))["message"] == "sent 3 reminders"


def test_the_console_writes_json_lines_unless_told_otherwise():
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert settings.LOGGING["formatters"]["json"]["()"] == "config.log_format.JSONFormatter"
