"""Acknowledged means durable: is what the embedded server answered for also in its append-only file?

FalkorDB answers a write before anything is on disk: with `appendfsync
everysec` the command goes to an in-memory buffer that redis writes to the
append-only file just before it sends replies, or up to two seconds later when
an fsync is still running. When that write fails (a full disk: "Short write
while writing to the AOF file") the client has already been told OK; redis
only records the failure in `INFO persistence` and refuses later writes with
`MISCONF`. So after each write group the store waits until the buffer is
written and reads the status (`aof_last_write_status`,
`aof_last_bgrewrite_status`), and before each group it checks the free space
of the data directory (`POLICYKG_MIN_FREE_MB`): a group is acknowledged only
when both say its data is in the file (the OS page cache: it survives a killed
server; see the README on fsync and power cuts).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from graph.store import StoreNotDurable

# How long a write group may wait for redis to write its buffer to the append-only file (it retries every second).
FLUSH_TIMEOUT_S = 5.0
_MB = 1_000_000


def _advice(data_dir: Path) -> str:
    free = free_bytes(data_dir)
    now = f" ({free / _MB:,.1f} MB free now)" if free is not None else ""
    return f"free space on the disk of {data_dir}{now}; what was not acknowledged is not in the graph"


def free_bytes(data_dir: Path) -> int | None:
    """Bytes free on the file system of `data_dir`; None when this process may not look (another user's 0700
    data directory shared through its socket)."""
    try:
        return shutil.disk_usage(data_dir).free
    except OSError:
        return None


def check_space(data_dir: Path, min_free_bytes: int) -> None:
    """`StoreNotDurable` when the data directory's disk has less than `min_free_bytes` free: stop before it fills.

    When the free space cannot be read, the server's own status (`confirm_written`) is the only check.
    """
    free = free_bytes(data_dir)
    if free is not None and free < min_free_bytes:
        raise StoreNotDurable(f"only {free / _MB:,.1f} MB free on the disk of the graph's data directory {data_dir} "
                              f"(POLICYKG_MIN_FREE_MB is {min_free_bytes / _MB:,.0f}): stopped before the server's "
                              "append-only file fills it; free space on that disk (or lower POLICYKG_MIN_FREE_MB); "
                              "what was not acknowledged is not in the graph")


def persistence_problem(info: Mapping[str, Any]) -> str | None:
    """What `INFO persistence` says went wrong with the append-only file, or None when its last writes worked."""
    if str(info.get("aof_last_write_status", "ok")) != "ok":
        return "the graph server could not write its append-only file (disk full?)"
    if str(info.get("aof_last_bgrewrite_status", "ok")) != "ok":
        return "the graph server could not rewrite its append-only file (disk full?)"
    return None


def confirm_written(info: Callable[[], Mapping[str, Any]], data_dir: Path,
                    timeout_s: float = FLUSH_TIMEOUT_S) -> None:
    """Return once the server's append-only buffer is written and its status is ok; else `StoreNotDurable`.

    `info` reads `INFO persistence` from the server. A buffer still waiting for
    a running fsync is waited for (polling, up to `timeout_s`): until it is in
    the file the write is not acknowledged.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        current = info()
        problem = persistence_problem(current)
        if problem:
            raise StoreNotDurable(f"{problem}; the last write group is not acknowledged: {_advice(data_dir)}")
        if not int(current.get("aof_buffer_length", 0) or 0):
            return
        if time.monotonic() >= deadline:
            raise StoreNotDurable(f"the graph server has not written its append-only file for {timeout_s:.0f} s "
                                  f"(a slow or full disk?); the last write group is not acknowledged: "
                                  f"{_advice(data_dir)}")
        time.sleep(0.02)


def refused_write(message: str, data_dir: Path) -> StoreNotDurable:
    """The error for a write redis refused with MISCONF (its last append-only write or rewrite failed)."""
    return StoreNotDurable(f"the graph server refuses writes: {message.strip()}; {_advice(data_dir)}")
