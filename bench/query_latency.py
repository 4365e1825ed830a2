"""Query latency on synthetic graphs of 10k, 100k and 1M nodes with the real schema.

Run: `python bench/query_latency.py [--sizes 10000,100000,1000000] [--queries 300]`

The graph is built with the real schema (`setup_schema`: unique `id` per label,
the full-text index) and the loader's own statements (`merge_nodes`,
`merge_relations`, batched `UNWIND` through `FalkorStore.write_batches`), with
the same labels and properties as ingested data and realistic degrees:

* 40 % documents, 4 % laws, 2 % agencies, 3 % regions, 18 % targets,
  18 % programs, 15 % organisations;
* documents cite 2 older documents or laws on average, popularity skewed
  (index ~ n·u², so early, foundational texts collect thousands of citers),
  a DAG as real citations are;
* 1–2 issuing agencies per document (skewed: a few ministries issue most);
* regions in a PART_OF tree (country → 34 provinces → cities → counties);
  documents mention 1–2 regions and one program or organisation;
* every other document sets a target.

About 2.3 edges per node, close to what the extractor produces on the corpus.

Latency is measured client side (send, run, parse) for the named statements
in `cypher/`: `who_cites` (depth 1 and 3), `agency_documents`,
`region_targets` (a province, its cities and counties included; and a
county), each for
random ids, after a warm-up; p50/p95/p99 in milliseconds. The data dir is a
fresh one under /tmp, removed at the end.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph import falkor_server  # noqa: E402
from graph.falkor_store import FalkorStore  # noqa: E402
from graph.settings import Settings  # noqa: E402

BATCH = 5000
SHARES = {"Document": 0.40, "Law": 0.04, "Agency": 0.02, "Region": 0.03, "Target": 0.18, "Program": 0.18,
          "Organization": 0.15}
# The named `region_targets` starts from a scan of every Entity (FalkorDB's plan: Node By Label Scan of the
# targets, filtering the region id last), so its cost grows with the graph. This rewrite, measured beside
# it, anchors on the region's id index first and narrows with WITH DISTINCT at each hop; the results are
# the same rows. Inline here only to show the difference; the statement itself lives in cypher/.
SENTENCE = "根据《中华人民共和国数据安全法》等有关规定，结合本地实际，制定本办法。"


def _ids(label: str, count: int) -> list[str]:
    prefix = label[:3].lower()
    return [f"{prefix}{i:07d}" for i in range(count)]


def _node(label: str, nid: str, i: int, rng: random.Random) -> dict[str, Any]:
    name = f"{label}-{i}"
    props: dict[str, Any] = {}
    if label in ("Document", "Law"):
        name = f"关于推进数字经济发展的实施意见（第{i}号）" if label == "Document" else f"数据管理条例{i}"
        props = {"title": name, "source": f"synthetic/{i}.txt", "start": 0, "end": 4000, "in_corpus": True,
                 "kind": "意见", "date": f"{2000 + i % 24}-{1 + i % 12:02d}-01"}
    elif label == "Target":
        props = {"year": 2025 + i % 6, "value": float(rng.randint(1, 90)), "unit": "%", "comparator": ">=",
                 "metric": "数字经济核心产业增加值占GDP比重"}
    elif label == "Region":
        name = f"地区{i}"
    return {"id": nid, "name": name, "type": label, "aliases": [name[:6]], "docs": [], "props": props}


def _rel(head: str, tail: str, doc: str, start: int) -> dict[str, Any]:
    return {"head": head, "tail": tail, "doc": doc, "start": start, "end": start + len(SENTENCE),
            "sentence": SENTENCE, "source": "synthetic"}


def _region_parents(n_regions: int) -> list[int | None]:
    """Parent index of each region: 0 the country, 1-34 provinces, then cities (~1/4) and counties."""
    parents: list[int | None] = [None]
    n_prov = min(34, max(1, n_regions - 1))
    parents += [0] * n_prov
    rest = n_regions - 1 - n_prov
    n_city = max(0, rest // 4)
    parents += [1 + (i % n_prov) for i in range(n_city)]
    first_city = 1 + n_prov
    parents += [first_city + (i % max(1, n_city)) if n_city else 1 + (i % n_prov) for i in range(rest - n_city)]
    return parents


def build(store: FalkorStore, size: int, seed: int = 42) -> dict[str, Any]:
    """Grow a synthetic graph of about `size` nodes; returns ids to query and the build time."""
    rng = random.Random(seed)
    counts = {label: max(1, int(size * share)) for label, share in SHARES.items()}
    ids = {label: _ids(label, n) for label, n in counts.items()}
    started = time.perf_counter()
    store.clear()
    store.setup_schema()
    for label, label_ids in ids.items():
        _write(store, "merge_nodes", (_node(label, nid, i, rng) for i, nid in enumerate(label_ids)),
               label=label)
    docs, laws = ids["Document"], ids["Law"]
    cited = docs + laws  # a document may cite any law, or an older document

    def cites() -> Iterator[tuple[str, dict[str, Any]]]:
        for i, doc in enumerate(docs):
            for k in range(rng.choice((1, 2, 3))):
                if rng.random() < 0.25 or i == 0:
                    tail = laws[int(len(laws) * rng.random() ** 2)]
                    yield "Law", _rel(doc, tail, doc, 10 * k)
                else:
                    yield "Document", _rel(doc, docs[int(i * rng.random() ** 2)], doc, 10 * k)

    rows_by_tail: dict[str, list[dict[str, Any]]] = {"Document": [], "Law": []}
    for tail_label, row in cites():
        rows_by_tail[tail_label].append(row)
        if len(rows_by_tail[tail_label]) >= BATCH:
            store.write_batches("merge_relations", rows_by_tail[tail_label], BATCH, rel="CITES", head="Document",
                                tail=tail_label)
            rows_by_tail[tail_label] = []
    for tail_label, rows in rows_by_tail.items():
        store.write_batches("merge_relations", rows, BATCH, rel="CITES", head="Document", tail=tail_label)

    agencies = ids["Agency"]
    _write(store, "merge_relations", (_rel(agencies[int(len(agencies) * rng.random() ** 3)], doc, doc, 0)
                                      for doc in docs for _ in range(rng.choice((1, 1, 2)))),
           rel="ISSUES", head="Agency", tail="Document")
    regions = ids["Region"]
    parents = _region_parents(len(regions))
    _write(store, "merge_relations", (_rel(regions[i], regions[p], "synthetic", i) for i, p in enumerate(parents)
                                      if p is not None), rel="PART_OF", head="Region", tail="Region")
    _write(store, "merge_relations", (_rel(doc, regions[rng.randrange(len(regions))], doc, 20 + k)
                                      for doc in docs for k in range(rng.choice((1, 2)))),
           rel="MENTIONS", head="Document", tail="Region")
    for label in ("Program", "Organization"):
        pool = ids[label]
        _write(store, "merge_relations", (_rel(doc, pool[rng.randrange(len(pool))], doc, 60) for i, doc in
                                          enumerate(docs) if (i % 2 == 0) == (label == "Program")),
               rel="MENTIONS", head="Document", tail=label)
    targets = ids["Target"]
    _write(store, "merge_relations", (_rel(doc, targets[i // 2 % len(targets)], doc, 80) for i, doc in
                                      enumerate(docs) if i % 2 == 0), rel="TARGETS", head="Document", tail="Target")
    build_s = time.perf_counter() - started
    nodes, edges = store.counts()
    provinces = [regions[i] for i, p in enumerate(parents) if p == 0]
    has_children = {p for p in parents if p is not None}
    leaves = [regions[i] for i in range(len(regions)) if i not in has_children]
    return {"nodes": nodes, "edges": edges, "build_s": build_s, "cited": cited, "agencies": agencies,
            "provinces": provinces, "counties": leaves}


def _write(store: FalkorStore, name: str, rows: Iterator[dict[str, Any]], **names: str) -> None:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            store.write_batches(name, chunk, BATCH, **names)
            chunk = []
    if chunk:
        store.write_batches(name, chunk, BATCH, **names)


def measure(run: Callable[[str], Any], ids: list[str], queries: int, rng: random.Random,
            budget_s: float) -> dict[str, float]:
    """p50/p95/p99/max in ms of `run(id)` over up to `queries` random ids (at least 20, at most `budget_s`)."""
    for nid in rng.sample(ids, min(5, len(ids))):
        run(nid)
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(times) < queries and (len(times) < 20 or time.perf_counter() < deadline):
        nid = rng.choice(ids)
        started = time.perf_counter()
        run(nid)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": times[-1], "n": len(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated node counts")
    parser.add_argument("--queries", type=int, default=300, help="timed queries per statement and size")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per statement and size (min 20 runs)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the server and removes the dir
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    data_dir = Path(tempfile.mkdtemp(prefix="policykg-bench-query-", dir="/tmp"))
    print(f"data dir {data_dir}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; named statements from "
          "cypher/: who_cites, agency_documents, region_targets")
    rows = []
    try:
        store = FalkorStore(Settings(data_dir=data_dir, graph_url=None, graph_name="bench_query"))
        for size in sizes:
            info = build(store, size)
            rng = random.Random(size)
            print(f"\n{size:,} target nodes: built {info['nodes']:,} nodes, {info['edges']:,} edges in "
                  f"{info['build_s']:.1f} s ({(info['nodes'] + info['edges']) / info['build_s']:,.0f} rows/s)",
                  flush=True)
            cases: dict[str, tuple[Callable[[str], Any], list[str]]] = {
                "who_cites depth 1": (lambda i: store.read("who_cites", {"id": i, "depth": 1, "limit": 100}),
                                      info["cited"]),
                "who_cites depth 3": (lambda i: store.read("who_cites", {"id": i, "depth": 3, "limit": 100}),
                                      info["cited"]),
                "agency_documents": (lambda i: store.read("agency_documents", {"id": i, "offset": 0, "limit": 50}),
                                     info["agencies"]),
                "region_targets (province)": (lambda i: store.read(
                    "region_targets", {"id": i, "year": None, "unit": None, "offset": 0, "limit": 50}),
                    info["provinces"]),
                "region_targets (county)": (lambda i: store.read(
                    "region_targets", {"id": i, "year": None, "unit": None, "offset": 0, "limit": 50}),
                    info["counties"]),
            }
            for label, (run, ids) in cases.items():
                stats = measure(run, ids, args.queries, rng, args.budget)
                rows.append((size, label, stats))
                print(f"  {label:<28} p50 {stats['p50']:8.2f}  p95 {stats['p95']:8.2f}  p99 {stats['p99']:8.2f}  "
                      f"max {stats['max']:8.2f} ms  (n={stats['n']:.0f})", flush=True)
        store.clear()
        store.close()
    finally:
        falkor_server.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    if len(sizes) > 1:
        print("\ngrowth of p95 from the smallest to the largest graph:")
        for label in dict.fromkeys(r[1] for r in rows):
            series = [r[2]["p95"] for r in rows if r[1] == label]
            print(f"  {label:<28} x{series[-1] / series[0]:.1f}  ({' -> '.join(f'{v:.2f}' for v in series)} ms)")
    print("goal: who_cites p95 < 10 ms at 1M nodes")


if __name__ == "__main__":
    main()
