"""Find input files and read them as text, saying clearly why a file cannot be used."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})


class Unreadable(Exception):
    """A file that cannot be turned into text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Skipped:
    """A path left out of a batch, and why."""

    path: str
    reason: str


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into the text files to ingest (sorted, each once), plus what was skipped.

    Folders are walked following symlinks, but a folder already visited (a
    symlink loop) is skipped, not walked again.
    """
    found: dict[Path, None] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, skipped):
                found.setdefault(file, None)
        elif path.is_file():
            found.setdefault(path, None)
        elif path.is_symlink():
            skipped.append(Skipped(str(path), "broken symbolic link"))
        else:
            skipped.append(Skipped(str(path), "no such file or directory"))
    return list(found), skipped


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: skipped.append(
            Skipped(str(e.filename), e.strerror or str(e)))):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:
            skipped.append(Skipped(dirpath, "directory already visited (symbolic link loop)"))
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if file.suffix.lower() in TEXT_SUFFIXES:
                yield file


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a BOM dropped), or `Unreadable` with the reason."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise Unreadable("permission denied") from None
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    return decode(data)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else GB18030 (a superset of GBK); refuses binary."""
    if not data.strip():
        raise Unreadable("empty file")
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file (NUL bytes), not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise Unreadable("not valid UTF-8 or GB18030 text") from None
