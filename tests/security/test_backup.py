"""The backup drill: back up a database with the demo and a photo, restore it into an empty database and an
empty media folder with the documented scripts, and find every record and every photo there.

It runs on the PostgreSQL server named by DATABASE_URL (another database beside the test's own); without
one it skips, except in CI (CI=true), where it must run.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests.ci import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]

SEED = """
import io, django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from demo.loader import load_demo
from sites.models import Photo, Site
from sites.services import photo_save
load_demo(as_of=__import__("datetime").date(2026, 11, 29))
buffer = io.BytesIO()
Image.new("RGB", (640, 480), "#b71c1c").save(buffer, "JPEG")
photo_save(photo=Photo(site=Site.objects.order_by("pk").first(), caption="演练照片",
                       image=SimpleUploadedFile("drill.jpg", buffer.getvalue(), content_type="image/jpeg")))
"""

INVENTORY = """
import json, django
django.setup()
from pathlib import Path
from django.apps import apps
from django.conf import settings
from sites.models import Photo
counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
files = sorted(name for photo in Photo.objects.all() for name in (photo.image.name, photo.thumbnail.name))
present = [name for name in files if (Path(settings.MEDIA_ROOT) / name).is_file()]
print(json.dumps({"counts": counts, "files": files, "present": present}))
"""


@pytest.fixture
def server_url():
    if connection.vendor != "postgresql":
        skip_or_fail("the backup drill needs PostgreSQL: set DATABASE_URL")
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"


def run(command, env, **kwargs):
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{command[:3]}…\n{result.stdout}\n{result.stderr}"
    return result.stdout


def environment(database_url: str, media: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE"}}
    return env | {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "LOG_LEVEL": "WARNING",
    }


@pytest.mark.django_db
def test_a_backup_restores_into_an_empty_database_with_every_record_and_photo(server_url, tmp_path):
    names = [f"belts_drill_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "restored")]
    source, restored = (f"{server_url}/{name}" for name in names)
    source_media, restored_media, backups = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backups"
    for name in names:
        run(["createdb", "--maintenance-db", f"{server_url}/postgres", name], dict(os.environ))
    try:
        env = environment(source, source_media)
        run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([sys.executable, "-c", SEED], env)
        before = json.loads(run([sys.executable, "-c", INVENTORY], env).strip().splitlines()[-1])

        dump, media_tarball = run(["bash", "scripts/backup.sh", str(backups)], env).split()
        run(["bash", "scripts/restore.sh", dump, media_tarball], environment(restored, restored_media))
        after = json.loads(
            run([sys.executable, "-c", INVENTORY], environment(restored, restored_media)).strip().splitlines()[-1]
        )
    finally:
        for name in names:
            subprocess.run(  # noqa: S603 (the PostgreSQL client tools)
                ["dropdb", "--if-exists", "--maintenance-db", f"{server_url}/postgres", name],  # noqa: S607
                capture_output=True,
                check=False,
            )

    assert before["counts"]["sites.Site"] == 8 and before["counts"]["sites.Photo"] == 1
    assert after["counts"] == before["counts"]
    assert len(before["files"]) == 2 and after["present"] == before["files"]
