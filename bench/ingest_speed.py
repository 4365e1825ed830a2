"""Ingest throughput: the loader against raw `UNWIND … MERGE`, and the whole corpus end to end.

Run: `python bench/ingest_speed.py [--corpus DIR] [--workers N] [--skip-e2e] [--skip-loader]`

1. Extracts every corpus file once (one process; reported as extraction files/s).
2. Loader vs raw, same rows, same FalkorDB client, same server, fresh graphs:
   * loader per file: `graph.loader.load` per file (its MERGE statements with
     alias/doc unions, one atomic write per file);
   * loader grouped: `graph.loader.load_many` over groups of files of about
     `POLICYKG_INGEST_GROUP_ROWS` rows, one atomic write per group — what ingest does;
   * raw per file: the same rows as plain `UNWIND $rows MERGE … SET n += …` in
     batches of 500 per file, no transaction;
   * raw bulk: every file's rows concatenated per label/type, batches of 500 —
     the best case a bulk import could hope for.
   Ratios are loader throughput / raw throughput (goal: ≥ 0.7).
3. End to end: `policykg ingest CORPUS` as a subprocess into a fresh data dir
   under /tmp: wall time, documents/s, relations/s, peak RSS of the CLI and its
   workers (getrusage of children) and of the FalkorDB server (VmHWM).

Everything runs against a separate data directory under /tmp, removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.settings import get_settings  # noqa: E402

GROUP_ROWS = get_settings().ingest_group_rows
from graph import falkor_server  # noqa: E402
from graph.falkor_store import FalkorStore  # noqa: E402
from graph.loader import _node_rows, _relation_rows, load, load_many, rows_of  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.sources import discover, read_source  # noqa: E402
from nlp.extract import extract  # noqa: E402
from nlp.models import Extraction  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
RAW_NODES = "UNWIND $rows AS row MERGE (n:Entity:{label} {{id: row.id}}) SET n.name = row.name, n.type = row.type, " \
            "n.aliases = row.aliases, n.docs = row.docs SET n += row.props"
RAW_RELS = "UNWIND $rows AS row MATCH (h:{head} {{id: row.head}}) MATCH (t:{tail} {{id: row.tail}}) " \
           "MERGE (h)-[r:{rel} {{doc: row.doc, start: row.start}}]->(t) " \
           "SET r.end = row.end, r.sentence = row.sentence, r.source = row.source"
BATCH = 500


FSYNC = "everysec"


def _store(data_dir: Path, graph: str) -> FalkorStore:
    store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name=graph, aof_fsync=FSYNC))
    store.clear()
    store.setup_schema()
    return store


def extract_all(corpus: Path) -> tuple[list[Extraction], float]:
    """Every corpus file extracted in this process, and the seconds it took."""
    files, _ = discover([corpus])
    started = time.perf_counter()
    out = []
    for path in files:
        try:
            out.append(extract(read_source(path).text, str(path)))
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            print(f"  skipped {path}: {exc}")
    return out, time.perf_counter() - started


def _raw_batches(store: FalkorStore, node_groups: dict, rel_groups: dict) -> None:
    graph = store._graph
    for label, rows in node_groups.items():
        query = RAW_NODES.format(label=label)
        for i in range(0, len(rows), BATCH):
            graph.query(query, {"rows": rows[i:i + BATCH]})
    for (rel, head, tail), rows in rel_groups.items():
        query = RAW_RELS.format(rel=rel, head=head, tail=tail)
        for i in range(0, len(rows), BATCH):
            graph.query(query, {"rows": rows[i:i + BATCH]})


def loader_vs_raw(data_dir: Path, extractions: list[Extraction]) -> dict[str, float]:
    """Seconds for the loader, raw per-file and raw bulk, and the resulting graph sizes."""
    per_file = [(_node_rows([e], [None]), _relation_rows([e], [None])) for e in extractions]
    results: dict[str, float] = {}

    store = _store(data_dir, "bench_loader")
    started = time.perf_counter()
    for extraction in extractions:
        load(store, extraction)
    results["loader_s"] = time.perf_counter() - started
    results["loader_counts"] = store.counts()  # type: ignore[assignment]
    store.clear()
    store.close()

    groups: list[list[Extraction]] = [[]]
    rows = 0
    for extraction in extractions:
        groups[-1].append(extraction)
        rows += rows_of(extraction)
        if rows >= GROUP_ROWS:
            groups.append([])
            rows = 0
    store = _store(data_dir, "bench_loader_grouped")
    started = time.perf_counter()
    for group in groups:
        if group:
            load_many(store, group)
    results["grouped_s"] = time.perf_counter() - started
    results["grouped_counts"] = store.counts()  # type: ignore[assignment]
    store.clear()
    store.close()

    store = _store(data_dir, "bench_raw_file")
    started = time.perf_counter()
    for nodes, rels in per_file:
        _raw_batches(store, nodes, rels)
    results["raw_file_s"] = time.perf_counter() - started
    results["raw_file_counts"] = store.counts()  # type: ignore[assignment]
    store.clear()
    store.close()

    bulk_nodes: dict[str, list] = {}
    bulk_rels: dict[tuple, list] = {}
    for nodes, rels in per_file:
        for k, v in nodes.items():
            bulk_nodes.setdefault(k, []).extend(v)
        for k, v in rels.items():
            bulk_rels.setdefault(k, []).extend(v)
    store = _store(data_dir, "bench_raw_bulk")
    started = time.perf_counter()
    _raw_batches(store, bulk_nodes, bulk_rels)
    results["raw_bulk_s"] = time.perf_counter() - started
    results["raw_bulk_counts"] = store.counts()  # type: ignore[assignment]
    store.clear()
    store.close()
    return results


def end_to_end(corpus: Path, data_dir: Path, workers: int | None) -> dict[str, float]:
    """`policykg ingest` of the whole corpus in a subprocess: wall time, totals from its log, peak memory."""
    ack = data_dir / "ingest.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(data_dir), POLICYKG_GRAPH_NAME="bench_e2e", POLICYKG_INGEST_LOG=str(ack))
    if workers:
        env["POLICYKG_INGEST_WORKERS"] = str(workers)
    # Start the server first so the wall time is the ingest's, not the server's start-up.
    FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="bench_e2e", aof_fsync=FSYNC)).close()
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "api.cli", "ingest", str(corpus)], env=env, cwd=REPO,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
        raise SystemExit(f"ingest failed with exit code {proc.returncode}")
    docs = rels = files = skipped = 0
    for line in ack.read_text(encoding="utf-8").splitlines():
        status, _, detail = line.split("\t", 2)
        if status == "ok":
            info = json.loads(detail)
            files += 1
            docs += len(info["documents"])
            rels += info["relations"]
        elif status == "skip":
            skipped += 1
    store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="bench_e2e"))
    nodes, edges = store.counts()
    store.close()
    status = falkor_server.status(data_dir)
    server_hwm = 0
    if status.pid:
        for line in Path(f"/proc/{status.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                server_hwm = int(line.split()[1]) * 1024
    return {
        "wall_s": wall, "files": files, "skipped": skipped, "documents": docs, "relations": rels,
        "nodes": nodes, "edges": edges,
        "cli_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "server_peak_rss_mb": server_hwm / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: cores)")
    parser.add_argument("--fsync", choices=("everysec", "always"), default="everysec",
                        help="the server's appendfsync policy (POLICYKG_AOF_FSYNC)")
    parser.add_argument("--skip-loader", action="store_true", help="skip the loader vs raw comparison")
    parser.add_argument("--skip-e2e", action="store_true", help="skip the end-to-end corpus ingest")
    args = parser.parse_args()
    global FSYNC
    FSYNC = args.fsync
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the server and removes the dir
    data_dir = Path(tempfile.mkdtemp(prefix="policykg-bench-ingest-", dir="/tmp"))
    print(f"corpus {args.corpus}; data dir {data_dir}; appendfsync {FSYNC}; {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    try:
        if not args.skip_loader:
            extractions, seconds = extract_all(args.corpus)
            n_rel = sum(len(e.relations) for e in extractions)
            print(f"extraction (1 process): {len(extractions)} files in {seconds:.1f} s = "
                  f"{len(extractions) / seconds:.1f} files/s, {n_rel} relations")
            r = loader_vs_raw(data_dir, extractions)
            print(f"loader per file: {r['loader_s']:.2f} s  graph {r['loader_counts']}")
            print(f"loader grouped : {r['grouped_s']:.2f} s  graph {r['grouped_counts']}")
            print(f"raw per file   : {r['raw_file_s']:.2f} s  graph {r['raw_file_counts']}")
            print(f"raw bulk       : {r['raw_bulk_s']:.2f} s  graph {r['raw_bulk_counts']}")
            print(f"throughput ratios (goal >= 0.7x): loader per file / raw per file = "
                  f"{r['raw_file_s'] / r['loader_s']:.2f}x; loader grouped / raw bulk = "
                  f"{r['raw_bulk_s'] / r['grouped_s']:.2f}x; loader per file / raw bulk = "
                  f"{r['raw_bulk_s'] / r['loader_s']:.2f}x")
        if not args.skip_e2e:
            e = end_to_end(args.corpus, data_dir, args.workers)
            print(f"end to end: {e['files']} files ({e['skipped']} skipped) in {e['wall_s']:.1f} s "
                  f"(goal < 180 s): {e['documents'] / e['wall_s']:.1f} documents/s, "
                  f"{e['relations'] / e['wall_s']:.1f} relations/s; graph {e['nodes']} nodes, {e['edges']} edges")
            print(f"peak RSS: ingest CLI and workers {e['cli_peak_rss_mb']:.0f} MB, "
                  f"FalkorDB server {e['server_peak_rss_mb']:.0f} MB")
    finally:
        falkor_server.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
