"""Issue 10, cases 5 and 7: hostile files in an ingested folder are refused with a reason and the rest lands.

A zip-bomb .docx (0.4 MB that unpack to 150 MB of XML, which lxml would turn
into gigabytes), a .docx of too many members, a PDF of too many pages, a
`*.txt` symlink to /dev/zero, a FIFO and a socket named `*.txt`: the ingest of
the folder runs in a subprocess under an address-space limit
(`resource.setrlimit`), so that a failure cannot take the machine down, and
finishes (a FIFO would block an open for ever) with every good file landed.
Assertions are about outcomes, never time.
"""

from __future__ import annotations

import io
import os
import resource
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph.decode import ReadLimits, Unreadable, check_archive, docx_to_text, pdf_to_text
from graph.falkor_store import FalkorStore
from graph.sources import read_source
from tests.conftest import BRIEFING, REPO
from tests.test_bad_input import BODY, minimal_pdf, write_docx

POLICYKG = [sys.executable, "-m", "api.cli"]
# Address space of the ingest under test: its baseline (Python, spaCy, jieba, the worker pool's forks) is well
# under 1 GB; parsing the bomb's XML alone would need several.
MEMORY_LIMIT = 1536 << 20
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def zip_bomb_docx(path: Path, unpacked_mb: int) -> None:
    """A well-formed .docx whose document.xml unpacks to `unpacked_mb` MB of paragraphs (a few hundred KB packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                       b'wordprocessingml/2006/main"><w:body>')
            chunk = ("<w:p><w:r><w:t>数字经济</w:t></w:r></w:p>" * 1000).encode()
            for _ in range(unpacked_mb * 1_000_000 // len(chunk)):
                part.write(chunk)
            part.write(b"</w:body></w:document>")


def crowded_docx(members: int) -> bytes:
    """A small .docx holding `members` archive members."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                         'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')
        for i in range(members - 3):
            archive.writestr(f"customXml/item{i}.xml", "<a/>")
    return buf.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` blank pages (a few hundred KB)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# -- the limits, one case each -------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_before_unpacking(tmp_path: Path) -> None:
    zip_bomb_docx(tmp_path / "bomb.docx", 12)
    data = (tmp_path / "bomb.docx").read_bytes()
    assert len(data) < 200_000
    with pytest.raises(Unreadable, match=r"would unpack to 12.0 MB .* over the 10.0 MB limit: a zip bomb"):
        docx_to_text(data, ReadLimits(max_unpacked_bytes=10_000_000))


def test_an_archive_of_too_many_members_is_refused() -> None:
    with pytest.raises(Unreadable, match="1,200 archive members, over the 1,000-member limit"):
        check_archive(crowded_docx(1200), ReadLimits())
    check_archive(crowded_docx(50), ReadLimits())  # a real .docx's few dozen members pass


def test_a_real_docx_still_reads_within_the_limits(tmp_path: Path) -> None:
    write_docx(tmp_path / "plan.docx")
    text = docx_to_text((tmp_path / "plan.docx").read_bytes(), ReadLimits(max_unpacked_bytes=2_000_000)).text
    assert "数据要素市场化配置改革实施方案" in text and "省数据局" in text


def test_a_pdf_of_too_many_pages_is_refused_before_reading_them() -> None:
    with pytest.raises(Unreadable, match="PDF has 30 pages, over the 20-page limit"):
        pdf_to_text(many_pages_pdf(30), ReadLimits(max_pdf_pages=20))


def test_text_past_the_character_limit_is_refused() -> None:
    pdf = minimal_pdf(BODY.splitlines())
    assert "数字经济" in pdf_to_text(pdf, ReadLimits()).text
    with pytest.raises(Unreadable, match="PDF text is over 20 characters"):
        pdf_to_text(pdf, ReadLimits(max_text_chars=20))


def test_a_read_is_bounded_whatever_st_size_says() -> None:
    proc_file = Path("/proc/self/smaps")  # a regular file whose st_size is 0, however much it holds
    assert proc_file.stat().st_size == 0
    with pytest.raises(Unreadable, match="over the 0 MB limit"):
        read_source(proc_file, max_bytes=200)


@pytest.mark.parametrize("kind", ["dev_zero_link", "fifo", "socket", "fifo_link"])
def test_special_files_are_refused_with_the_reason(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.txt"
    expected = {"dev_zero_link": "a character device (through a symbolic link)", "fifo": "a FIFO",
                "socket": "a socket", "fifo_link": "a FIFO (named pipe) (through a symbolic link)"}[kind]
    if kind == "dev_zero_link":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "fifo_link":
        os.mkfifo(tmp_path / "pipe")
        path.symlink_to(tmp_path / "pipe")
    else:
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(path))
        holder.close()
    with pytest.raises(Unreadable, match="not a regular file") as refused:
        read_source(path)
    assert f"not a regular file: {expected}" in str(refused.value)


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert read_source(tmp_path / "link.txt").text == BODY


# -- the folder, ingested under a memory limit -------------------------------------------


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not BRIEFING.exists():
        pytest.skip(f"shared corpus file missing: {BRIEFING}")
    root = tmp_path_factory.mktemp("hostile-files") / "folder"
    root.mkdir()
    (root / "briefing.txt").write_bytes(BRIEFING.read_bytes())
    (root / "good.txt").write_text(BODY, encoding="utf-8")
    write_docx(root / "plan.docx")
    zip_bomb_docx(root / "bomb.docx", 150)  # over the 100 MB default
    (root / "crowd.docx").write_bytes(crowded_docx(1500))
    (root / "pages.pdf").write_bytes(many_pages_pdf(2100))  # over the 2000-page default
    (root / "x.txt").symlink_to("/dev/zero")
    os.mkfifo(root / "y.txt")
    holder = socket.socket(socket.AF_UNIX)
    holder.bind(str(root / "z.txt"))
    holder.close()
    return root


def _limit_memory() -> None:  # pragma: no cover - runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("workers", [1, 2])
def test_the_hostile_folder_lands_its_good_files_under_a_memory_limit(
        hostile_folder: Path, store: FalkorStore, cli_env: dict[str, str], tmp_path: Path, workers: int) -> None:
    store.counts()  # the server is up before the limited child connects (it starts no server of its own)
    ack = tmp_path / "ack.log"
    proc = subprocess.run([*POLICYKG, "ingest", str(hostile_folder), "--log", str(ack), "--workers", str(workers)],
                          env=cli_env, cwd=REPO, capture_output=True, text=True, timeout=600,
                          preexec_fn=_limit_memory)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = [line.split("\t") for line in ack.read_text(encoding="utf-8").splitlines()]
    landed = {Path(path).name for status, path, _ in lines if status == "ok"}
    skipped = {Path(path).name: reason for status, path, reason in lines if status == "skip"}
    assert landed == {"briefing.txt", "good.txt", "plan.docx"}
    assert "zip bomb" in skipped["bomb.docx"] and "POLICYKG_MAX_UNPACKED_BYTES" in skipped["bomb.docx"]
    assert "archive members" in skipped["crowd.docx"]
    assert "2,100 pages" in skipped["pages.pdf"]
    assert "character device (through a symbolic link)" in skipped["x.txt"]
    assert "FIFO" in skipped["y.txt"]
    assert "socket" in skipped["z.txt"]
    assert "bomb.docx" in proc.stdout and "zip bomb" in proc.stdout  # the summary says why, by name
    titles = {row[0] for row in store.read_adhoc("MATCH (d:Document) WHERE d.source IS NOT NULL "
                                                 "RETURN d.source").rows}
    assert {Path(t).name for t in titles} == {"briefing.txt", "good.txt", "plan.docx"}
