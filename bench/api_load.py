"""HTTP load on `policykg serve`: /documents/{id}/citations and /search against /health, same run, same clients.

Run: `python bench/api_load.py [--duration 20] [--processes 2] [--connections 16] [--workers 2] [--client wrk]`

1. A fresh data dir under /tmp; `policykg ingest` of real corpus files (by
   default the 2022-11-18 big-data briefing and the laws folder) in a subprocess.
2. `policykg serve` on 127.0.0.1, a free port, as a subprocess (`--workers`
   uvicorn worker processes); real document ids are picked from GET /documents
   (documents that cite or are cited first).
3. Three timed phases, one after the other, each bounded by `--duration` seconds:
   GET /health (the floor: no graph work beyond two counts), then
   GET /documents/{id}/citations over the picked ids, then GET /search over
   `SEARCHES` (the ten best-known abbreviations and some title words).
   Before them, each path is fetched once on its own ("cold": no worker has
   its answer cached yet, as after a write), then `--warmup` seconds of untimed
   load over all of them, so the timed phases measure warm caches.
   The load generator is `wrk` (Debian's package: C, so the client costs the
   shared cores little) when it is installed, else httpx: `--processes` load
   processes (wrk: threads), each with `--connections` keep-alive connections.
4. Per phase: requests/s, p50/p95/p99 latency (client side), errors (non-2xx
   or transport); and each route's ratio to /health. The goal (issue 11): both
   routes at >= 0.7x the /health rate of the same run, with p99 < 50 ms.

The server, its FalkorDB and the data dir are removed at the end, also on
Ctrl-C or SIGTERM. Only 127.0.0.1 is contacted. The load generator and the
server share the machine's cores: on 2 cores the numbers are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("POLICYKG_SHARED", REPO.parent / "shared")) / "corpus"
DEFAULT_FILES = [CORPUS / "bigdata-briefing-2022-11-18.txt", CORPUS / "laws"]
HOST = "127.0.0.1"
#: What /search is asked in its phase: the abbreviations analysts type, and words of titles.
SEARCHES = ["发改委", "工信部", "网信办", "证监会", "央行", "人社部", "住建部", "市场监管总局", "十四五规划",
            "数据安全法", "数字经济", "大数据", "个人信息保护", "国务院", "人工智能", "数据要素", "网络安全法",
            "电子商务", "北京市", "新型基础设施"]


@dataclass
class PhaseResult:
    """What one timed phase measured, all load processes together."""

    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    fixed: dict[float, float] | None = None  # percentiles a tool reported (wrk) instead of latencies

    @property
    def rate(self) -> float:
        """Completed requests per second (errors included)."""
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile of the latencies, in milliseconds."""
        if self.fixed is not None:
            return self.fixed[p]
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def line(self) -> str:
        """One summary line."""
        return (f"{self.name:<10} {self.requests:>7} req in {self.seconds:5.1f} s = {self.rate:7.0f} req/s   "
                f"p50 {self.percentile(50):6.2f} ms  p95 {self.percentile(95):6.2f} ms  "
                f"p99 {self.percentile(99):6.2f} ms   errors {self.errors}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def policykg(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.CompletedProcess | subprocess.Popen:
    """Run (or with `popen=True` start) the `policykg` command line in a subprocess."""
    command = [sys.executable, "-m", "api.cli", *args]
    if kwargs.pop("popen", False):
        return subprocess.Popen(command, env=env, cwd=REPO, **kwargs)  # noqa: S603
    return subprocess.run(command, env=env, cwd=REPO, check=True, **kwargs)  # noqa: S603


@contextlib.contextmanager
def served(files: list[Path], workers: int) -> Iterator[tuple[str, dict[str, str]]]:
    """Ingest `files` into a fresh data dir, serve it; yields (base URL, env). Everything is removed after."""
    data_dir = Path(tempfile.mkdtemp(prefix="policykg-api-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(data_dir), POLICYKG_GRAPH_NAME="bench_api_load")
    server: subprocess.Popen | None = None
    try:
        started = time.perf_counter()
        policykg("ingest", *map(str, files), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"ingested {', '.join(f.name for f in files)} in {time.perf_counter() - started:.1f} s", flush=True)
        port = free_port()
        server = policykg("serve", "--host", HOST, "--port", str(port), "--workers", str(workers), "--no-access-log",
                          env=env, popen=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://{HOST}:{port}"
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"policykg serve exited: {server.stderr.read().decode()[-2000:]}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("policykg serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield base, env
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with contextlib.suppress(subprocess.CalledProcessError):
            policykg("db", "stop", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(data_dir, ignore_errors=True)


def pick_documents(base: str, most: int) -> list[str]:
    """Up to `most` real document ids from GET /documents; those with citations either way first."""
    with httpx.Client(base_url=base, timeout=30) as client:
        items = client.get("/documents", params={"limit": 500}).json()["items"]
        scored = []
        for item in items:
            detail = client.get(f"/documents/{item['id']}").json()
            scored.append((-(detail["cites"] + detail["cited_by"]), item["id"]))
    return [doc_id for _, doc_id in sorted(scored)[:most]]


async def _load(base: str, paths: list[str], connections: int, seconds: float,
                max_requests: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline and len(latencies) + errors < max_requests:
                path = paths[i % len(paths)]
                i += connections
                t0 = time.perf_counter()
                try:
                    resp = await client.get(path)
                    ok = resp.status_code < 300
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - t0) * 1000)
                else:
                    errors += 1

        await asyncio.gather(*(worker(k) for k in range(connections)))
    return latencies, errors


def load_process(base: str, paths: list[str], connections: int, seconds: float, start_at: float,
                 max_requests: int) -> tuple[list[float], int, float]:
    """One load process: wait for the common start, then `connections` keep-alive loops; (latencies, errors, s)."""
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.perf_counter()
    latencies, errors = asyncio.run(_load(base, paths, connections, seconds, max_requests))
    return latencies, errors, time.perf_counter() - t0


def run_phase(name: str, base: str, paths: list[str], processes: int, connections: int, seconds: float,
              max_requests: int) -> PhaseResult:
    """All load processes against `paths` (rotated, each process from its own offset) at once."""
    start_at = time.time() + 1.0  # the processes start together, after their import
    with ProcessPoolExecutor(processes) as pool:
        futures = [pool.submit(load_process, base, paths[k % len(paths):] + paths[:k % len(paths)], connections,
                               seconds, start_at, max_requests) for k in range(processes)]
        results = [f.result() for f in futures]
    latencies = [x for lat, _, _ in results for x in lat]
    errors = sum(e for _, e, _ in results)
    wall = max(s for _, _, s in results)
    return PhaseResult(name, len(latencies) + errors, errors, wall, latencies)


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKRESULT %%d %%d %%d %%.3f %%.3f %%.3f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def run_wrk_phase(name: str, base: str, paths: list[str], threads: int, connections: int,
                  seconds: float) -> PhaseResult:
    """The same phase driven by `wrk` (C, far lighter than httpx): `threads` × `connections` in total."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    try:
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(max(threads, connections)),  # noqa: S607
                              "-d", f"{seconds:.0f}s", "--timeout", "10s", "-s", script.name, base],
                             capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    finally:
        os.unlink(script.name)
    fields = next(line for line in out.splitlines() if line.startswith("WRKRESULT")).split()[1:]
    requests, micros, errors = int(fields[0]), int(fields[1]), int(fields[2])
    p50, p95, p99 = (float(x) for x in fields[3:])
    result = PhaseResult(name, requests, errors, micros / 1e6, [])
    result.fixed = {50: p50, 95: p95, 99: p99}
    return result


def cold_pass(base: str, name: str, paths: list[str]) -> PhaseResult:
    """Each path fetched once, one at a time, before any load: what a request costs when no worker has its answer
    cached yet (the first request after a write pays this), without queueing behind others."""
    latencies = []
    errors = 0
    started = time.perf_counter()
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in paths:
            t0 = time.perf_counter()
            ok = client.get(path).status_code < 300
            latencies.append((time.perf_counter() - t0) * 1000)
            errors += not ok
    return PhaseResult(f"{name} (cold)", len(paths), errors, time.perf_counter() - started, latencies)


def main() -> None:
    """Parse arguments, set up, run both phases, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="Seconds per phase (default 20).")
    parser.add_argument("--processes", type=int, default=2, help="Load processes or wrk threads (default 2).")
    parser.add_argument("--connections", type=int, default=16, help="Keep-alive connections per process (16).")
    parser.add_argument("--max-requests", type=int, default=200_000, help="Most requests per process and phase.")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes of the server (2).")
    parser.add_argument("--documents", type=int, default=50, help="Distinct document ids to rotate over (50).")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="Seconds of untimed load over every path first (10), so that the timed phases see a "
                             "warm response cache in every worker (the cold fetches are timed on their own).")
    parser.add_argument("--client", choices=["httpx", "wrk"], default="wrk" if shutil.which("wrk") else "httpx",
                        help="Load generator: wrk (Debian package; the default when installed; --processes threads, "
                             "--processes × --connections connections) or httpx processes.")
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT_FILES, help="Corpus files or folders.")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `served` cleans up

    print(f"policykg API load — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}; {args.processes} processes × "
          f"{args.connections} connections ({args.client}), {args.duration:.0f} s per phase, "
          f"server workers {args.workers}",
          flush=True)
    with served(args.files, args.workers) as (base, _):
        ids = pick_documents(base, args.documents)
        if not ids:
            raise SystemExit("no documents in the graph")
        citations = [f"/documents/{doc_id}/citations" for doc_id in ids]
        print(f"{len(ids)} documents, e.g. {citations[0]}", flush=True)
        if args.client == "wrk":
            def phase(name: str, paths: list[str], seconds: float) -> PhaseResult:
                return run_wrk_phase(name, base, paths, args.processes, args.processes * args.connections, seconds)
        else:
            def phase(name: str, paths: list[str], seconds: float) -> PhaseResult:
                return run_phase(name, base, paths, args.processes, args.connections, seconds, args.max_requests)
        searches = [f"/search?{urlencode({'q': q})}" for q in SEARCHES]
        for name, paths in (("citations", citations), ("search", searches)):
            print(cold_pass(base, name, paths).line(), flush=True)
        if args.warmup > 0:
            phase("warm-up", citations + searches, args.warmup)
        health = phase("/health", ["/health"], args.duration)
        print(health.line(), flush=True)
        cites = phase("citations", citations, args.duration)
        print(cites.line(), flush=True)
        found = phase("search", searches, args.duration)
        print(found.line(), flush=True)
    met = True
    for result in (cites, found):
        ratio = result.rate / health.rate if health.rate else 0.0
        ok = ratio >= 0.7 and result.percentile(99) < 50 and result.errors == 0
        met = met and ok
        print(f"{result.name} / health: throughput {ratio:.2f}x, "
              f"p50 {result.percentile(50) / health.percentile(50):.2f}x, "
              f"p99 {result.percentile(99) / health.percentile(99):.2f}x — {'met' if ok else 'missed'}")
    print(f"goal (citations and search >= 0.7x the /health rate, p99 < 50 ms, no errors): {'met' if met else 'missed'}")

if __name__ == "__main__":
    main()
