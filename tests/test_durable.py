"""Issue 10, case 6: acknowledged means durable, on a disk that fills up mid-batch.

Each test mounts a small tmpfs of its own (as root; skipped with the reason
where mounting is not permitted) as the data directory, ingests 38 corpus
files (1.8 MB of append-only file) with the CLI, and asserts: the batch stops
with a message saying why and what to do, and after the server is killed and
restarted (with room again) every document acknowledged in `--log` is in the
graph; a second run then finishes. One test lets the disk fill up for real
(`POLICYKG_MIN_FREE_MB=0`: the server's own "Short write" is what stops it),
the other stops on the free-space floor first.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import falkor_server
from graph.falkor_store import FalkorStore
from graph.settings import Settings
from graph.sources import discover
from tests.conftest import REPO
from tests.test_faults import subset  # noqa: F401 - the 38-file corpus copy

POLICYKG = [sys.executable, "-m", "api.cli"]


@contextlib.contextmanager
def tmpfs(mountpoint: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` at `mountpoint` for the duration; the test is skipped when mounting is not permitted."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and mount permission): {mounted.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        data = mountpoint / "data"
        pid = falkor_server._read_pid(falkor_server.server_paths(data).pidfile) if data.exists() else None
        if pid is not None and falkor_server._is_our_server(pid, data):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            falkor_server._wait_gone(pid, data, 20)
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def _env(data_dir: Path, min_free_mb: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(data_dir), POLICYKG_GRAPH_NAME="durable", POLICYKG_MIN_FREE_MB=str(min_free_mb),
               POLICYKG_INGEST_WORKERS="1")
    return env


def _acknowledged(ack: Path) -> tuple[set[str], set[str]]:
    """(files, document ids) the log says landed."""
    files, docs = set(), set()
    for line in ack.read_text(encoding="utf-8").splitlines():
        status, path, detail = line.split("\t", 2)
        if status == "ok":
            files.add(path)
            docs.update(json.loads(detail)["documents"])
    return files, docs


def _kill_server(data_dir: Path) -> None:
    """A crash, not a clean stop: only what the append-only file holds comes back."""
    pid = falkor_server._read_pid(falkor_server.server_paths(data_dir).pidfile)
    assert pid is not None and falkor_server._is_our_server(pid, data_dir)
    os.kill(pid, signal.SIGKILL)
    assert falkor_server._wait_gone(pid, data_dir, 20)


@pytest.mark.parametrize(("size", "min_free_mb", "why"), [
    ("1m", 0, "could not write its append-only file"),   # the disk fills: the server's own write fails
    ("4m", 3, "MB free on the disk of the graph's data directory"),  # the floor stops it first
])
def test_a_full_disk_stops_the_batch_and_loses_nothing_acknowledged(
        subset: Path, tmp_path: Path, size: str, min_free_mb: int, why: str) -> None:  # noqa: F811
    total = len(discover([subset])[0])
    ack = tmp_path / "ack.log"  # beside, not on, the small disk
    with tmpfs(tmp_path / "disk", size) as disk:
        data_dir = disk / "data"
        env = _env(data_dir, min_free_mb)
        proc = subprocess.run([*POLICYKG, "ingest", str(subset), "--log", str(ack)], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        said = " ".join((proc.stdout + proc.stderr).split())
        assert why in said and "free space on" in said and "run the same ingest again" in said, said
        assert "Traceback" not in proc.stderr
        files, docs = _acknowledged(ack)
        assert 0 < len(files) < total, f"{len(files)} of {total} acknowledged: the disk should fill mid-batch"

        _kill_server(data_dir)
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="durable"))
        try:
            found = store.read_adhoc("MATCH (d:Entity) WHERE d.id IN $ids RETURN count(d)",
                                     {"ids": sorted(docs)}).scalar()
            assert found == len(docs), f"{len(docs) - found} acknowledged document(s) lost after the restart"
        finally:
            store.close()

        again = subprocess.run([*POLICYKG, "ingest", str(subset), "--log", str(ack)], env=env, cwd=REPO,
                               capture_output=True, text=True, timeout=600)
        assert again.returncode == 0, again.stdout + again.stderr
        assert len(_acknowledged(ack)[0]) == total
