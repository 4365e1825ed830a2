"""Find input files and read them, saying clearly why a file cannot be used.

What a folder scraped from government sites holds, and what happens to it:

* Text, HTML, PDF and `.docx` files (`graph.decode.SUPPORTED_SUFFIXES`) are
  read and turned into text by `graph.decode`, which says how.
* Files over the size limit (`POLICYKG_MAX_FILE_BYTES`, default 20 MB; the
  largest real policy text in the corpus is 0.2 MB) are skipped unread, so a
  stray dump cannot exhaust memory or stall a batch.
* Only regular files are read: devices, FIFOs and sockets (and symlinks to
  them: a `*.txt` link to `/dev/zero`, a FIFO that no one writes) are skipped
  with the reason; symlinks are followed only to regular files. The file is
  opened non-blocking and checked again on the open descriptor, and read in
  chunks up to the size limit whatever `st_size` says, so a file swapped or
  grown between the check and the read cannot hang or exhaust the batch.
* Archives and PDFs are bounded by what they unpack to (`graph.decode.ReadLimits`
  from `POLICYKG_MAX_UNPACKED_BYTES`, `_MAX_ARCHIVE_MEMBERS`, `_MAX_PDF_PAGES`, `_MAX_TEXT_CHARS`).
* Known document formats we cannot read (`.doc`, `.wps`, `.xls`, …) are reported
  as skipped with the reason; other files in folders (images, scripts, styles)
  are listed as skipped with their type, so that nothing is passed over unseen
  (dot files such as `.gitkeep` excepted).

Every refusal is an `Unreadable` whose message is the reason shown to the user;
everything worth knowing about a file that was read is a note on its `SourceText`.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.decode import SUPPORTED_SUFFIXES, ReadLimits, SourceText, Unreadable, to_text
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


def read_limits() -> ReadLimits:
    """What a file may unpack to (`POLICYKG_MAX_UNPACKED_BYTES` and friends)."""
    settings = get_settings()
    return ReadLimits(max_unpacked_bytes=settings.max_unpacked_bytes, max_members=settings.max_archive_members,
                      max_pdf_pages=settings.max_pdf_pages, max_text_chars=settings.max_text_chars)


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def not_regular_reason(mode: int, path: Path) -> str | None:
    """Why a file of this `st_mode` is not read (None for a regular file): devices, FIFOs, sockets never are."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    via = " (through a symbolic link)" if path.is_symlink() else ""
    return f"not a regular file: {kind}{via}; only regular files are read"


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
        elif path.is_symlink() and not path.exists():
            skipped.append(Skipped(str(path), "broken symbolic link"))
        elif path.exists():
            skipped.append(Skipped(str(path), not_regular_reason(path.stat().st_mode, path) or "not a regular file"))
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


def read_source(path: Path, max_bytes: int | None = None, limits: ReadLimits | None = None) -> SourceText:
    """The file's text and notes, by format; `Unreadable` with the reason when there is none to be had.

    Only a regular file is read (a symlink is followed only to one), and never
    more than `max_bytes` (default `POLICYKG_MAX_FILE_BYTES`) whatever its size
    says; `limits` (default from settings) bound what a .docx or PDF unpacks to.
    """
    limit = max_bytes or max_file_bytes()
    data = _read_bounded(path, limit)
    return to_text(data, path.suffix.lower(), limits or read_limits())


def _over_limit(limit: int, size: int | None = None) -> Unreadable:
    said = f"file is {size / 1e6:.1f} MB, over" if size is not None else "file is over"
    return Unreadable(f"{said} the {limit / 1e6:.0f} MB limit (set POLICYKG_MAX_FILE_BYTES to raise it)")


def _read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, or `Unreadable` (not regular, too large, an OS error)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    reason = not_regular_reason(st.st_mode, path)
    if reason:
        raise Unreadable(reason)
    if st.st_size > limit:
        raise _over_limit(limit, st.st_size)
    try:
        # Non-blocking: if the path became a FIFO since the stat, opening it must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    with open(fd, "rb", buffering=0) as handle:
        reason = not_regular_reason(os.fstat(fd).st_mode, path)  # what was opened, not what was looked at
        if reason:
            raise Unreadable(reason)
        return _read_up_to(handle, path, limit)


def _read_up_to(handle: io.RawIOBase, path: Path, limit: int) -> bytes:
    """Read in chunks until end of file; past `limit` bytes the file is refused (it grew, or lied)."""
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := handle.read(min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _over_limit(limit)
    except OSError as exc:
        raise Unreadable(_os_reason(exc)) from None
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """The file's text only (see `read_source`)."""
    return read_source(path).text
