#!/usr/bin/env python
"""Fail when a source string lacks its Simplified Chinese translation or the .mo file is stale.

Refreshes locale/zh_Hans/LC_MESSAGES/django.po from the source (makemessages),
lists every untranslated or fuzzy entry, and compares the committed .mo file
with a fresh compilation. Needs GNU gettext (msgfmt, xgettext).
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def untranslated_entries(po_text: str) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy."""
    problems = []
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        msgid = "".join(_strings(lines, "msgid "))
        if not msgid:  # the header
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgstrs = [_strings(lines, prefix) for prefix in ("msgstr ", "msgstr[0] ", "msgstr[1] ")]
        translated = [part for part in msgstrs if part]
        if fuzzy or not translated or not all("".join(part) for part in translated):
            problems.append(msgid)
    return problems


def _strings(lines: list[str], prefix: str) -> list[str]:
    """The concatenated quoted pieces of one keyword (msgid, msgstr…), continuation lines included."""
    pieces, inside = [], False
    for line in lines:
        if line.startswith(prefix):
            inside = True
            pieces.append(line[len(prefix) :].strip().strip('"'))
        elif inside and line.startswith('"'):
            pieces.append(line.strip().strip('"'))
        elif inside:
            break
    return pieces


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--no-location",
         "-i", ".venv", "-i", "tests", "-i", "staticfiles"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    problems = untranslated_entries(PO.read_text(encoding="utf-8"))
    for msgid in problems:
        print(f"untranslated: {msgid}")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
        stale = not MO.exists() or fresh.read_bytes() != MO.read_bytes()
    if stale:
        print(f"{MO.relative_to(ROOT)} is stale: run `manage.py compilemessages`")
    if problems or stale:
        return 1
    print(f"translations complete: {PO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
