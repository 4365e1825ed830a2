"""Faults: killed ingests, a killed server, reads during an ingest, stop/start cycles.

Every test runs the real `policykg` command and the real embedded FalkorDB on a
copy of a few dozen corpus files, in data directories of its own (the session's
server is never killed). What an ingest acknowledged is read from its
acknowledgement log (`POLICYKG_INGEST_LOG`): one `ok` line per file, written
only after the store confirmed the file's write.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph import falkor_server
from graph.falkor_store import FalkorStore
from graph.ingest import ingest_paths
from graph.settings import Settings
from tests.conftest import CORPUS, REPO, server_pids

POLICYKG = [sys.executable, "-m", "api.cli"]
REPLAY_ROWS = 6000
SUBSET = {"reports/national": 4, "reports/provincial": 6, "reports/city": 14, "laws/行政法": 14}


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of 38 corpus files, 1.7 MB (national, provincial and city reports, laws)."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus missing: {CORPUS}")
    root = tmp_path_factory.mktemp("fault-corpus") / "corpus"
    for folder, count in SUBSET.items():
        target = root / folder
        target.mkdir(parents=True)
        for file in sorted((CORPUS / folder).iterdir())[:count]:
            shutil.copy(file, target / file.name)
    return root


def clean_run(subset: Path, data_dir: Path) -> tuple[set, set]:
    """Snapshot of a clean, uninterrupted `policykg ingest` of the subset into its own graph.

    Run right after the run it is compared with, so both see the same extractor even while `nlp/` is
    being edited in a shared working tree.
    """
    proc = subprocess.run([*POLICYKG, "ingest", str(subset)], env=env_for(data_dir, "clean"), cwd=REPO,
                          text=True, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="clean"))
    try:
        assert store.read("count_documents", {"in_corpus": True}).scalar() > 0
        return snapshot(store)
    finally:
        store.close()


def snapshot(store: FalkorStore) -> tuple[set, set]:
    """Node ids (with in_corpus) and relation keys: what a correct graph of the subset must equal."""
    nodes = store.read_adhoc("MATCH (n) RETURN n.id, n.in_corpus", row_cap=10**6).rows
    rels = store.read_adhoc("MATCH (h)-[r]->(t) RETURN type(r), h.id, t.id, r.doc, r.start, r.sentence",
                            row_cap=10**6).rows
    return {tuple(r) for r in nodes}, {tuple(r) for r in rels}


def env_for(data_dir: Path, graph: str, ack: Path | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(data_dir), POLICYKG_GRAPH_NAME=graph, **extra)
    if ack is not None:
        env["POLICYKG_INGEST_LOG"] = str(ack)
    return env


def acked(ack: Path) -> list[dict]:
    """The files an ingest acknowledged, with the document ids and relation count each wrote."""
    if not ack.exists():
        return []
    out = []
    for line in ack.read_text(encoding="utf-8").splitlines():
        status, path, detail = line.split("\t", 2)
        if status == "ok":
            out.append({"path": path, **json.loads(detail)})
    return out


def start_ingest(subset: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([*POLICYKG, "ingest", str(subset)], env=env, cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stop_after_first_ack(proc: subprocess.Popen[str], ack: Path, timeout: float = 60) -> int:
    """SIGSTOP the ingest as soon as it has acknowledged a file; returns how many it had acknowledged."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ack.exists() and ack.stat().st_size > 0:
            os.kill(proc.pid, signal.SIGSTOP)
            return len(acked(ack))
        if proc.poll() is not None:
            pytest.fail(f"ingest ended before acknowledging a file: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.001)
    pytest.fail("ingest acknowledged nothing in time")


def assert_no_half_written_documents(partial: tuple[set, set], clean_rels: set) -> int:
    """Every document of `partial` has exactly the relations a clean run gives it; returns how many there are."""
    nodes, rels = partial
    docs = {nid for nid, in_corpus in nodes if in_corpus}
    for doc in docs:
        want = {r for r in clean_rels if r[3] == doc}
        have = {r for r in rels if r[3] == doc}
        assert have == want, f"document {doc} is half-written: {len(have)} of {len(want)} relations"
    return len(docs)


def test_kill_9_of_the_ingest_then_rerun_equals_a_clean_run(subset: Path, tmp_path: Path) -> None:
    data_dir, ack = tmp_path / "data", tmp_path / "ack.log"
    env = env_for(data_dir, "killed", ack, POLICYKG_INGEST_GROUP_ROWS="1")
    proc = start_ingest(subset, env)
    try:
        stop_after_first_ack(proc, ack)
        time.sleep(0.05)  # let writes already sent reach the server
        proc.kill()  # SIGKILL, mid-batch (the process was stopped between two files, or inside one)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    landed = acked(ack)
    assert 0 < len(landed) < sum(SUBSET.values()), "the kill must fall in the middle of the batch"

    store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="killed"))
    try:
        partial = snapshot(store)
        proc = subprocess.run([*POLICYKG, "ingest", str(subset)], env=env, cwd=REPO, text=True,
                              capture_output=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        clean = clean_run(subset, data_dir)
        assert assert_no_half_written_documents(partial, clean[1]) >= len(landed)
        assert snapshot(store) == clean, "the re-run must leave exactly the graph of a clean run"
    finally:
        store.close()
        falkor_server.stop(data_dir)


def test_killed_server_is_reported_then_the_next_run_restarts_it_and_finishes(subset: Path, tmp_path: Path) -> None:
    data_dir, ack = tmp_path / "data", tmp_path / "ack.log"
    env = env_for(data_dir, "g", ack, POLICYKG_INGEST_GROUP_ROWS="1")
    settings = Settings(data_dir=data_dir, graph_url=None, graph_name="g")
    FalkorStore(settings).close()  # start the server, so its pid is known before the ingest
    server_pid = falkor_server.status(data_dir).pid
    assert server_pid
    proc = start_ingest(subset, env)
    try:
        stop_after_first_ack(proc, ack)
        landed = acked(ack)  # acknowledged before the server dies
        os.kill(server_pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{server_pid}").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Traceback" not in err
    if proc.returncode == 0:
        # the server died between two writes and the next write found it dead and restarted it
        # (graph.falkor_store): the run finished, and nothing it acknowledged may be missing
        landed = acked(ack)
        assert len(landed) == sum(SUBSET.values()), err
    else:  # the server died under a write: the run stops and says what to do
        assert "lost the connection to FalkorDB" in err and "run the same ingest again" in err, err
        assert 0 < len(landed) < sum(SUBSET.values())

    store = FalkorStore(settings)  # restarts the server from its append-only file
    try:
        assert falkor_server.status(data_dir).pid != server_pid
        for item in landed:
            ids = item["documents"]
            found = store.read_adhoc("MATCH (d) WHERE d.id IN $ids AND d.in_corpus = true RETURN count(d)",
                                     {"ids": ids}).scalar()
            assert found == len(ids), f"{item['path']} was acknowledged but its documents are gone"
            rels = store.read_adhoc("MATCH ()-[r]->() WHERE r.doc IN $ids RETURN count(r)", {"ids": ids}).scalar()
            assert rels >= item["relations"], f"{item['path']} was acknowledged but lost relations"
        partial = snapshot(store)
        done = subprocess.run([*POLICYKG, "ingest", str(subset)], env=env, cwd=REPO, text=True,
                              capture_output=True, timeout=300)
        assert done.returncode == 0, done.stderr
        clean = clean_run(subset, data_dir)
        assert_no_half_written_documents(partial, clean[1])
        assert snapshot(store) == clean
    finally:
        store.close()
        falkor_server.stop(data_dir)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_api_keeps_answering_reads_during_an_ingest(subset: Path, tmp_path: Path) -> None:
    data_dir, ack = tmp_path / "data", tmp_path / "ack.log"
    env = env_for(data_dir, "live", ack, POLICYKG_INGEST_GROUP_ROWS="200")
    port = _free_port()
    server = subprocess.Popen([*POLICYKG, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if client.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert server.poll() is None and time.monotonic() < deadline, "the API did not come up"
                time.sleep(0.1)
            ingest = start_ingest(subset, env)
            statuses: list[int] = []
            sizes: list[int] = []
            while ingest.poll() is None:
                health = client.get("/health")
                statuses += [health.status_code, client.get("/documents", params={"limit": 20}).status_code]
                if health.status_code == 200:
                    sizes.append(health.json()["nodes"])
                time.sleep(0.02)
            assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
            final = client.get("/documents", params={"in_corpus": "true", "limit": 1})
    finally:
        server.terminate()
        server.wait(timeout=20)
        falkor_server.stop(data_dir)
    assert statuses and set(statuses) == {200}, f"non-200 answers during the ingest: {set(statuses)}"
    assert len(sizes) >= 5 and len(set(sizes)) >= 2, f"the reads must overlap the writes: node counts {sizes}"
    documents = {doc for item in acked(ack) for doc in item["documents"]}
    assert final.status_code == 200 and final.json()["total"] >= len(documents)


def test_a_server_slow_to_replay_its_data_is_waited_for_not_killed(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Replaying graph writes from the append-only file after a crash can outlast the start timeout."""
    settings = Settings(data_dir=tmp_path / "data", graph_url=None, graph_name="big")
    store = FalkorStore(settings)
    try:
        store.setup_schema()
        rows = [{"id": f"r{i}", "name": f"地区{i}", "type": "Region", "aliases": [f"区{i}"], "docs": [f"d{i % 97}"],
                 "props": {"level": i % 4}} for i in range(REPLAY_ROWS)]
        store.write_batches("merge_nodes", rows, batch_size=1000, label="Region")
        expected = store.counts()
        store.close()
        pid = falkor_server.status(settings.data_dir).pid
        assert pid
        os.kill(pid, signal.SIGKILL)  # no clean stop, so no snapshot: the next start replays every write
        while Path(f"/proc/{pid}").exists():
            time.sleep(0.01)
        monkeypatch.setattr(falkor_server, "START_TIMEOUT_S", 0.3)
        probe, seen = falkor_server._probe, []

        def recording_probe(paths, timeout=1.0):  # noqa: ANN001, ANN202 - falkor_server._probe, recorded
            seen.append(probe(paths, timeout))
            return seen[-1]

        monkeypatch.setattr(falkor_server, "_probe", recording_probe)
        store = FalkorStore(settings)
        assert "loading" in seen, f"the replay was too quick to exercise the wait (states seen: {seen})"
        assert store.counts() == expected
        assert len(server_pids(settings.data_dir)) == 1, "one server, not a second one started over it"
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)


def test_a_clean_stop_compacts_the_append_only_file(subset: Path, tmp_path: Path) -> None:
    """Replaying graph queries is slow; a clean stop leaves a snapshot, so the next start is quick."""
    settings = Settings(data_dir=tmp_path / "data", graph_url=None, graph_name="compact")
    store = FalkorStore(settings)
    try:
        store.setup_schema()
        ingest_paths(store, [subset])
        before = snapshot(store)
        store.close()
        aof_dir = settings.data_dir / "appendonlydir"
        assert sum(p.stat().st_size for p in aof_dir.glob("*.incr.aof")) > falkor_server.COMPACT_ON_STOP_BYTES
        falkor_server.stop(settings.data_dir)
        assert sum(p.stat().st_size for p in aof_dir.glob("*.incr.aof")) < 1000
        assert any(p.stat().st_size > 0 for p in aof_dir.glob("*.base.rdb"))
        store = FalkorStore(settings)
        assert snapshot(store) == before
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)


def test_stop_start_cycles_leave_the_data_intact(subset: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", graph_url=None, graph_name="cycles")
    folders = [subset / folder for folder in SUBSET]
    store = FalkorStore(settings)
    try:
        store.setup_schema()
        for cycle, folder in enumerate(folders):
            ingest_paths(store, [folder], workers=1)
            before = snapshot(store)
            store.close()
            if cycle % 2:
                assert falkor_server.stop(settings.data_dir), "clean stop"
            else:  # the other way a server goes away: killed outright, after the writes were acknowledged
                pid = falkor_server.status(settings.data_dir).pid
                assert pid
                os.kill(pid, signal.SIGKILL)
                while Path(f"/proc/{pid}").exists():
                    time.sleep(0.01)
            store = FalkorStore(settings)
            assert snapshot(store) == before, f"cycle {cycle}: the graph changed across a restart"
        ingest_paths(store, [subset], workers=1)
        assert snapshot(store) == before, "everything was already there: a re-ingest changes nothing"
        # Redis aborts (`!server.in_exec`) replaying a MULTI/EXEC of graph queries while a client connects,
        # so a restart could crash; each write unit must be one plain command in the append-only file.
        # FalkorDB logs a write as its query or (past its effects threshold, which depends on the machine's
        # load) as GRAPH.EFFECT, and a clean stop compacts the log into a base file: look at all of it.
        aof = b"".join(p.read_bytes() for p in (settings.data_dir / "appendonlydir").glob("*.aof"))
        assert b"\r\nMULTI\r\n" not in aof
    finally:
        store.close()
        falkor_server.stop(settings.data_dir)
