"""Find input files and read them, saying clearly why a file cannot be used.

What a folder scraped from government sites holds, and what happens to it:

* Text, HTML, PDF and `.docx` files (`graph.decode.SUPPORTED_SUFFIXES`) are
  read and turned into text by `graph.decode`, which says how.
* Files over the size limit (`POLICYKG_MAX_FILE_BYTES`, default 20 MB; the
  largest real policy text in the corpus is 0.2 MB) are skipped unread, so a
  stray dump cannot exhaust memory or stall a batch.
* Known document formats we cannot read (`.doc`, `.wps`, `.xls`, …) are reported
  as skipped with the reason; other files in folders (images, scripts, styles)
  are listed as skipped with their type, so that nothing is passed over unseen
  (dot files such as `.gitkeep` excepted).

Every refusal is an `Unreadable` whose message is the reason shown to the user;
everything worth knowing about a file that was read is a note on its `SourceText`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.decode import SUPPORTED_SUFFIXES, SourceText, Unreadable, to_text
from graph.settings import get_settings

# Document formats seen on government sites that we recognise but cannot read: reported, not ignored.
UNSUPPORTED_DOCUMENTS = {
    ".doc": "legacy Word .doc is not supported; save it as .docx",
    ".wps": "WPS Office documents are not supported; save as .docx",
    ".rtf": "RTF is not supported; save as .docx or .txt",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".et": "WPS spreadsheets are not supported",
    ".ppt": "presentations are not supported",
    ".pptx": "presentations are not supported",
    ".ofd": "OFD (China's fixed-layout format) is not supported; export as PDF",
    ".caj": "CAJ is not supported; export as PDF",
}


@dataclass(frozen=True)
class Skipped:
    """A path left out of a batch, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Note:
    """Something the user should know about a file that was read (its encoding, repairs, format)."""

    path: str
    note: str


def max_file_bytes() -> int:
    """The per-file size limit (`POLICYKG_MAX_FILE_BYTES`, 20 MB by default)."""
    return get_settings().max_file_bytes


# -- discovery ---------------------------------------------------------------


def discover(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders into the files to ingest (each once, in walk order), plus what was skipped.

    Folders are walked following symlinks, but a folder already visited (a
    symlink loop, or two links to one folder) is reported and not walked again.
    A file named explicitly is always considered, and reported if its format
    is not one we read.
    """
    found: dict[Path, None] = {}
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, skipped):
                found.setdefault(file, None)
        elif path.is_file():
            suffix = path.suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                found.setdefault(path, None)
            else:
                skipped.append(Skipped(str(path), UNSUPPORTED_DOCUMENTS.get(
                    suffix, f"unsupported file type {suffix or '(no extension)'!r}; "
                    f"policykg reads {', '.join(sorted(SUPPORTED_SUFFIXES))}")))
        elif path.is_symlink():
            skipped.append(Skipped(str(path), "broken symbolic link"))
        else:
            skipped.append(Skipped(str(path), "no such file or directory"))
    return list(found), skipped


def _walk(root: Path, skipped: list[Skipped]) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        skipped.append(Skipped(str(exc.filename), _os_reason(exc)))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        st = os.stat(dirpath)
        if (st.st_dev, st.st_ino) in seen:
            skipped.append(Skipped(dirpath, "directory already visited (symbolic link loop)"))
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirnames.sort()
        for name in sorted(filenames):
            file = Path(dirpath) / name
            suffix = file.suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                if file.is_symlink() and not file.exists():
                    skipped.append(Skipped(str(file), "broken symbolic link"))
                else:
                    yield file
            elif suffix in UNSUPPORTED_DOCUMENTS:
                skipped.append(Skipped(str(file), UNSUPPORTED_DOCUMENTS[suffix]))
            elif not name.startswith("."):  # dot files (.gitkeep, .DS_Store) are bookkeeping, not input
                skipped.append(Skipped(str(file), f"unsupported file type {suffix or '(no extension)'!r}; "
                                       f"policykg reads {', '.join(sorted(SUPPORTED_SUFFIXES))}"))


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc)


# -- reading -----------------------------------------------------------------


def read_source(path: Path, max_bytes: int | None = None) -> SourceText:
    """The file's text and notes, by format; `Unreadable` with the reason when there is none to be had."""
    limit = max_bytes or max_file_bytes()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    if size > limit:
        raise Unreadable(f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                         "(set POLICYKG_MAX_FILE_BYTES to raise it)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    if len(data) > limit:  # grew between stat and read
        raise Unreadable(f"file is over the {limit / 1e6:.0f} MB limit")
    return to_text(data, path.suffix.lower())


def read_text(path: Path) -> str:
    """The file's text only (see `read_source`)."""
    return read_source(path).text
