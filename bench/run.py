"""The portal's benchmark: province-scale data on PostgreSQL, gunicorn, wrk on loopback.

    .venv/bin/python bench/run.py                 # 20,000 sites, every target checked
    .venv/bin/python bench/run.py --smoke         # CI: small scale, no timing; fails if a page errors
                                                  # or its SQL query count grows with the data

Per page it measures requests/s, p50 and p95 latency, the ratio of its p50 to the
floor's (``/healthz``: a trivial view through the same middleware), SQL queries
per request and the gzipped size of the response; it prints a table, writes
``bench/results/latest.json`` and exits non-zero when a target is missed.
See docs/PERFORMANCE.md.
"""

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "report.lua"
VENV_BIN = Path(sys.executable).parent

# Targets of issue "Scale and speed" (docs/PERFORMANCE.md).
PUBLIC_RATIO = 3.0
COMMITTEE_RATIO = 10.0
BELT_PAGE_GZIP_BYTES = 60 * 1024
GEOJSON_GZIP_BYTES = 1024 * 1024


@dataclass
class Page:
    name: str
    path: str
    kind: str  # "floor", "public" (≤ 3× floor) or "committee" (≤ 10× floor)
    signed_in: bool = False
    size_limit: int | None = None
    result: dict = field(default_factory=dict)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it is missing."""
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare_data(sites: int, regenerate: bool) -> dict:
    """Migrate and generate ``sites`` sites (kept from an earlier run of the same size unless ``regenerate``)."""
    from django.core.management import call_command

    from demo.scale import SLUG_PREFIX
    from sites.models import Site

    call_command("migrate", verbosity=0)
    generated = Site.objects.filter(belt__slug__startswith=SLUG_PREFIX).count()
    if regenerate or generated != sites:
        log(f"== generating {sites} sites")
        call_command("generate_scale", sites=sites, replace=generated > 0, verbosity=1)
    else:
        log(f"== reusing the {generated} generated sites already in the database")
    from belts.models import Belt, District
    from inspections.models import FollowUp
    from sites.models import Project

    return {
        "districts": District.objects.count(),
        "belts": Belt.objects.count(),
        "sites": Site.objects.count(),
        "projects": Project.objects.count(),
        "followups": FollowUp.objects.count(),
    }


def pages_for_data() -> list[Page]:
    """The pages to measure, with real ids and slugs from the generated data."""
    from belts.models import Belt, District
    from demo.scale import SLUG_PREFIX
    from sites.models import Site

    belt = Belt.objects.filter(slug__startswith=SLUG_PREFIX, published=True).order_by("pk").first()
    site = Site.objects.published().filter(belt=belt).order_by("sequence").first()
    district = District.objects.filter(belts=belt).first()
    word = site.name[:2]
    return [
        Page("floor /healthz", "/healthz", "floor"),
        Page("home", "/", "public"),
        Page("belt page", f"/belts/{belt.slug}/", "public", size_limit=BELT_PAGE_GZIP_BYTES),
        Page("site page", f"/sites/{site.pk}/", "public"),
        Page("search", f"/search/?q={urllib.parse.quote(word)}", "public"),
        Page("API sites of a district", f"/api/sites/?district={district.pk}", "public"),
        Page("API GeoJSON, all sites", "/api/sites/geojson/", "public", size_limit=GEOJSON_GZIP_BYTES),
        Page("progress dashboard", "/progress/", "committee", signed_in=True),
        Page("progress export (.xlsx)", "/progress/export.xlsx", "committee", signed_in=True),
    ]


def committee_session() -> tuple[str, object]:
    """A signed-in committee reviewer: his session cookie value, and the user."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore

    from belts.roles import COMMITTEE_REVIEWER_GROUP

    user, _created = get_user_model().objects.get_or_create(username="bench-committee", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=COMMITTEE_REVIEWER_GROUP))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key, user


def count_queries(pages: list[Page], user) -> None:
    """SQL queries per request of each page, and the time to make it, uncached (the cache cleared first),
    through Django's test client in this process."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.signed_in:
            client.force_login(user)
        cache.clear()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        page.result["uncached_ms"] = round((time.perf_counter() - started) * 1000, 1)
        statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        page.result["status"] = response.status_code
        page.result["queries"] = len(statements)


def gzipped_size(base: str, page: Page, cookie: str) -> int:
    """Bytes on the wire with gzip, as a phone receives the page."""
    request = urllib.request.Request(base + page.path, headers={"Accept-Encoding": "gzip"})
    if page.signed_in:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") != "gzip":
            body = gzip.compress(body)  # binary downloads (.xlsx) are already compressed
    return len(body)


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        str(VENV_BIN / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--access-logfile=/dev/null",
        "--error-logfile=-",
        "--log-level=warning",
        "--timeout=120",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def wrk(url: str, *, seconds: int, connections: int, cookie: str | None) -> dict:
    command = [
        shutil.which("wrk") or "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=60s",
        "-s",
        str(WRK_SCRIPT),
        "-H",
        "Accept-Encoding: gzip",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"wrk gave no result for {url}:\n{output}")
    raw = json.loads(match.group(1))
    return {
        "requests_per_second": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "errors": raw["errors"] + raw["non2xx"],
    }


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    log("== installing wrk (Debian package)")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def machine() -> dict:
    memory = 0
    with contextlib.suppress(ValueError, OSError):
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read_text())
        cpu = found.group(1) if found else ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def check_targets(pages: list[Page]) -> list[str]:
    missed = []
    for page in pages:
        result = page.result
        if result.get("status") != 200:
            missed.append(f"{page.name}: answered {result.get('status')}")
        if result.get("errors"):
            missed.append(f"{page.name}: {result['errors']} failed requests under load")
        limit = {"public": PUBLIC_RATIO, "committee": COMMITTEE_RATIO}.get(page.kind)
        if limit and result.get("ratio") is not None and result["ratio"] > limit:
            missed.append(f"{page.name}: p50 is {result['ratio']}× the floor's (target ≤ {limit}×)")
        if page.size_limit and result.get("gzip_bytes", 0) > page.size_limit:
            missed.append(f"{page.name}: {result['gzip_bytes']} bytes gzipped (target < {page.size_limit})")
    return missed


def print_table(pages: list[Page]) -> None:
    header = (
        f"{'page':32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'×floor':>7} {'SQL':>4} {'gzip KB':>9}"
        f" {'uncached ms':>12}"
    )
    print(header)
    print("-" * len(header))
    for page in pages:
        r = page.result
        print(
            f"{page.name:32} {r.get('requests_per_second', '-'):>8} {r.get('p50_ms', '-'):>8} "
            f"{r.get('p95_ms', '-'):>8} {r.get('ratio', '-'):>7} {r.get('queries', '-'):>4} "
            f"{round(r.get('gzip_bytes', 0) / 1024, 1):>9} {r.get('uncached_ms', '-'):>12}"
        )


def run(args) -> int:
    database_url = args.database_url
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        # The benchmark itself must not be throttled.
        "API_THROTTLE_ANON": "1000000/minute",
        "API_THROTTLE_USER": "1000000/minute",
    }
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    ensure_database(database_url)
    setup_django(env)
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    counts = prepare_data(args.sites, args.regenerate)
    pages = pages_for_data()
    session_key, user = committee_session()
    cookie = f"sessionid={session_key}"
    count_queries(pages, user)

    if args.smoke:
        return smoke_report(args, pages, counts)

    ensure_wrk()
    cache.clear()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, args.workers)
    try:
        log("== warming up")
        for page in pages:
            wrk(base + page.path, seconds=2, connections=2, cookie=cookie if page.signed_in else None)
            page.result["gzip_bytes"] = gzipped_size(base, page, cookie)
        for page in pages:
            log(f"== {page.name}")
            page.result.update(
                wrk(
                    base + page.path,
                    seconds=args.seconds,
                    connections=args.connections,
                    cookie=cookie if page.signed_in else None,
                )
            )
    finally:
        stop(server)
    floor = pages[0].result["p50_ms"]
    for page in pages:
        page.result["ratio"] = round(page.result["p50_ms"] / floor, 2) if floor else None
    missed = check_targets(pages)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "data": counts,
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "seconds_per_page": args.seconds,
            "cache": "redis" if args.redis_url else "local memory",
        },
        "pages": [{"name": p.name, "path": p.path, "kind": p.kind, **p.result} for p in pages],
        "targets_missed": missed,
    }
    write_report(args, report)
    print_table(pages)
    print()
    if missed:
        print("Targets missed:\n  " + "\n  ".join(missed))
        return 1
    print("Every target met.")
    return 0


def smoke_report(args, pages: list[Page], counts: dict) -> int:
    """CI: every page answers 200, and its query count is the same as at a smaller scale (``--compare``)."""
    report = {"data": counts, "pages": [{"name": p.name, "path": p.path, **p.result} for p in pages]}
    write_report(args, report)
    failures = [f"{p.name}: answered {p.result['status']}" for p in pages if p.result["status"] != 200]
    if args.compare:
        before = {p["name"]: p["queries"] for p in json.loads(Path(args.compare).read_text())["pages"]}
        for page in pages:
            if page.name in before and page.result["queries"] > before[page.name]:
                failures.append(
                    f"{page.name}: {page.result['queries']} SQL queries at {counts['sites']} sites, "
                    f"{before[page.name]} before: the count grows with the data"
                )
    for page in pages:
        print(f"{page.name:32} {page.result['status']:>4} {page.result['queries']:>4} queries")
    if failures:
        print("Smoke test failed:\n  " + "\n  ".join(failures))
        return 1
    print("Smoke test passed.")
    return 0


def write_report(args, report: dict) -> None:
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    log(f"== written {output}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=20000, help="Sites to generate (default 20000).")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/belts_bench"),
        help="The PostgreSQL database to fill and serve (created when missing).",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        help="The cache; empty for local memory.",
    )
    parser.add_argument("--regenerate", action="store_true", help="Generate the data anew even if present.")
    parser.add_argument("--seconds", type=int, default=10, help="Load per page, in seconds (default 10).")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent connections of wrk (default 4).")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3).")
    parser.add_argument("--smoke", action="store_true", help="No load: statuses and query counts only.")
    parser.add_argument("--compare", help="With --smoke: a smaller run's JSON whose query counts must not grow.")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"), help="Where to write the JSON.")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
