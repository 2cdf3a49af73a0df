"""Helpers of the drills that need a PostgreSQL of their own: whether CI is running them (where they must
not skip), and a throwaway cluster made with initdb and run with pg_ctl, which a test may stop and start."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from tests.ci import skip_or_fail


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on the PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
    )
    for folder in reversed(candidates):
        if (folder / "pg_ctl").is_file() and (folder / "initdb").is_file():
            return folder
    return None


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, on a free port of 127.0.0.1, with its Unix socket in that
    folder; user ``postgres`` without password. initdb and pg_ctl refuse to run as root, so under root they
    run as the ``postgres`` system user, who then owns the folder."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.run_as = []
        self.owner = None
        if os.geteuid() == 0:
            self.owner = pwd.getpwnam("postgres")
            self.run_as = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="belts-pg-"))
        if self.owner:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        self.data = self.folder / "data"
        self.port = free_port()
        self.running = False

    @property
    def server_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def _pg(self, program: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess:
        command = [*self.run_as, str(self.binaries / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
        if result.returncode != 0:
            log = self.folder / "server.log"
            server_log = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{result.stdout}{result.stderr}{server_log}")
        return result

    def create(self) -> None:
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )

    def start(self) -> None:
        """Start the server, unless it runs, and wait until it accepts connections."""
        if self.running:
            return
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder}"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        log = str(self.folder / "server.log")
        self._pg("pg_ctl", "start", "-D", str(self.data), "-l", log, "-w", "-t", "60", "-o", options)
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``immediate`` cuts every connection at once, as a crash would."""
        self._pg("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "60")
        self.running = False

    def remove(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def throwaway_cluster():
    """A running ``ThrowawayCluster``, stopped and removed afterwards. Skips when PostgreSQL's server
    programs are not installed, except under CI."""
    binaries = postgres_binaries()
    if binaries is None:
        skip_or_fail("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            skip_or_fail("running as root, and there is no postgres system user to run initdb and pg_ctl")
    cluster = ThrowawayCluster(binaries)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
