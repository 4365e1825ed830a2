"""Shared fixtures: a real embedded FalkorDB per test session, real corpus texts."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import falkor_server
from graph.falkor_store import FalkorStore
from graph.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYKG_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
BRIEFING = CORPUS / "bigdata-briefing-2022-11-18.txt"


_DEFAULT_DATA_DIR: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Point POLICYKG_DATA_DIR at a temporary directory for the whole run: code that reads the settings without
    a test's own data directory must never start a server in (or write to) the user's real per-user graph."""
    global _DEFAULT_DATA_DIR
    _DEFAULT_DATA_DIR = Path(tempfile.mkdtemp(prefix="policykg-test-default-"))
    os.environ["POLICYKG_DATA_DIR"] = str(_DEFAULT_DATA_DIR)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _DEFAULT_DATA_DIR is not None:
        falkor_server.stop(_DEFAULT_DATA_DIR)
        shutil.rmtree(_DEFAULT_DATA_DIR, ignore_errors=True)


def corpus_file(relative: str) -> Path:
    """A file of the shared corpus; the test is skipped with the reason if the corpus is missing."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"shared corpus file missing: {path}")
    return path


def server_pids(data_dir: Path) -> list[int]:
    """Pids of redis-server processes serving `data_dir` (read from /proc, not from our own pid file)."""
    sock = str(falkor_server.server_paths(data_dir).socket).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"redis-server" in cmd and sock in cmd:
                pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose FalkorDB server is stopped at the end of the session."""
    path = tmp_path_factory.mktemp("policykg-data")
    yield path
    falkor_server.stop(path)


@pytest.fixture(scope="session")
def settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, graph_url=None, graph_name="policykg_test")


@pytest.fixture(scope="session")
def session_store(settings: Settings) -> Iterator[FalkorStore]:
    store = FalkorStore(settings)
    yield store
    store.close()


@pytest.fixture
def store(session_store: FalkorStore) -> FalkorStore:
    """The session's FalkorDB store, emptied and with its schema, for one test."""
    session_store.clear()
    session_store.setup_schema()
    return session_store


@pytest.fixture
def cli_env(settings: Settings) -> dict[str, str]:
    """Environment for running the `policykg` command against the test data directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYKG_")}
    env.update(POLICYKG_DATA_DIR=str(settings.data_dir), POLICYKG_GRAPH_NAME=settings.graph_name)
    return env
