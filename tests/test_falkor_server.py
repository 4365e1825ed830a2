"""The embedded FalkorDB server's lifecycle: persistence, sharing, crash recovery."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph import falkor_server
from graph.falkor_store import FalkorStore
from graph.settings import Settings
from tests.conftest import server_pids

ROWS = [
    {"id": f"n{i}", "name": f"节点{i}", "type": "Region", "aliases": [], "docs": [], "props": {}} for i in range(25)
]


def _fresh(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", graph_url=None, graph_name="lifecycle")


def test_data_survives_stop_and_start(tmp_path: Path) -> None:
    settings = _fresh(tmp_path)
    store = FalkorStore(settings)
    try:
        store.setup_schema()
        store.write_batches("merge_nodes", ROWS, batch_size=10, label="Region")
        assert store.counts() == (25, 0)
        store.close()
        assert falkor_server.stop(settings.data_dir)
        assert not falkor_server.status(settings.data_dir).running
        assert not falkor_server.server_paths(settings.data_dir).socket.exists()

        store = FalkorStore(settings)
        assert store.counts() == (25, 0)
        names = store.read_adhoc("MATCH (n:Region) RETURN n.name ORDER BY n.name LIMIT 1").scalar()
        assert names == "节点0"
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)


def test_second_process_reuses_the_running_server(tmp_path: Path) -> None:
    settings = _fresh(tmp_path)
    store = FalkorStore(settings)
    try:
        pid = falkor_server.status(settings.data_dir).pid
        env = {**os.environ, "POLICYKG_DATA_DIR": str(settings.data_dir), "POLICYKG_GRAPH_NAME": "lifecycle"}
        code = (
            "from graph.falkor_store import FalkorStore; from graph.settings import Settings;"
            "s = FalkorStore(Settings());"
            "s.write_batches('merge_nodes', [{'id': 'other', 'name': '另一进程', 'type': 'Region',"
            " 'aliases': [], 'docs': [], 'props': {}}], label='Region'); s.close()"
        )
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
        assert falkor_server.status(settings.data_dir).pid == pid
        assert server_pids(settings.data_dir) == [pid]
        assert store.read_adhoc("MATCH (n {id: 'other'}) RETURN n.name").scalar() == "另一进程"
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)


def test_concurrent_starts_give_one_server(tmp_path: Path) -> None:
    settings = _fresh(tmp_path)
    env = {**os.environ, "POLICYKG_DATA_DIR": str(settings.data_dir), "POLICYKG_GRAPH_NAME": "lifecycle"}
    code = "from graph.falkor_store import FalkorStore; FalkorStore().close()"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(3)]
    try:
        assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
        assert len(server_pids(settings.data_dir)) == 1
    finally:
        falkor_server.stop(settings.data_dir)


def test_killed_server_leaves_stale_files_that_the_next_start_recovers(tmp_path: Path) -> None:
    settings = _fresh(tmp_path)
    store = FalkorStore(settings)
    store.write_batches("merge_nodes", ROWS, label="Region")
    store.close()
    paths = falkor_server.server_paths(settings.data_dir)
    pid = falkor_server.status(settings.data_dir).pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while server_pids(settings.data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert paths.socket.exists() and paths.pidfile.exists(), "SIGKILL should leave the socket and pid file behind"
    assert not falkor_server.status(settings.data_dir).running

    store = FalkorStore(settings)  # must clear the stale files and start afresh
    try:
        new_pid = falkor_server.status(settings.data_dir).pid
        assert new_pid not in (None, pid)
        assert store.counts() == (25, 0), "acknowledged writes must survive a killed server (AOF)"
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)


def test_stop_when_not_running_is_harmless(tmp_path: Path) -> None:
    assert falkor_server.stop(tmp_path / "never-started") is False
