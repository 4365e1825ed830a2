"""Bad input, as scraped government folders hold it: every file is either read correctly or reported by name.

The fixture batch is generated here: empty, binary and noise files, GBK and
GB18030 text, UTF-8 with a BOM and with invalid bytes, a 100 MB text, a file
with no Chinese, gov.cn-style HTML, a PDF and a DOCX (and broken ones), a
legacy .doc, a directory symlink loop, and files without read permission.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.decode import Unreadable, decode_with_notes
from graph.falkor_store import FalkorStore
from graph.ingest import IngestReport, ingest_paths
from graph.settings import get_settings
from graph.sources import read_source

BODY = ("关于加快推进数字经济高质量发展的实施意见\n"
        "为贯彻落实《“十四五”数字经济发展规划》，依据《中华人民共和国数据安全法》，结合本省实际，制定本意见。\n"
        "到2025年，数字经济核心产业增加值占地区生产总值比重达到10%。\n")


def body(tag: str) -> str:
    """BODY under a title of its own, so each file is its own document node."""
    return BODY.replace("关于加快", f"{tag}关于加快", 1)


# Characters outside GBK: GB18030 encodes them in four bytes.
GB18030_ONLY = "㐀𠮷"
GOV_HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>省人民政府关于促进大数据发展的通知_政府信息公开</title>
<script type="text/javascript">var banner = "《脚本里的标题》"; document.write("<div>脚本</div>");</script>
<style>.nav { color: red; }</style></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a href="/zc">政策文件</a></div>
<div class="content"><h1>省人民政府关于促进大数据发展的通知</h1>
<p>各市、县人民政府：</p>
<p>现将《大数据产业发展规划》印发给你们，依据《中华人民共和国数据安全法》&nbsp;制定，请认真贯彻执行。</p>
<!-- 《注释里的标题》 -->
<table><tr><td>发文机关</td><td>省人民政府</td></tr></table></div></body></html>
"""


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (Type0 font, Identity-H, a ToUnicode map), written by hand."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    ops += [f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines]
    content = "\n".join([*ops, "ET"]).encode("ascii")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Uni def "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapType 2 def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] "
        b"/ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("数据要素市场化配置改革实施方案", level=1)
    document.add_paragraph("为落实《关于构建数据基础制度更好发挥数据要素作用的意见》，制定本方案。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "牵头单位"
    table.rows[0].cells[1].text = "省数据局"
    document.save(str(path))


def write_huge(path: Path, size: int = 100_000_000) -> None:
    chunk = ("数字经济发展规划。" * 4000 + "\n").encode("utf-8")
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            handle.write(chunk)
            written += len(chunk)


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bad-input folder (plus one good file), written once for the module."""
    root = tmp_path_factory.mktemp("bad-input") / "batch"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 64)
    rng = random.Random(7)
    (root / "noise.txt").write_bytes(bytes(rng.choice(range(1, 256)) for _ in range(20_000)))
    (root / "gbk.txt").write_bytes(body("甲省").encode("gbk"))
    (root / "gb18030.txt").write_bytes((body("乙省") + GB18030_ONLY + "\n").encode("gb18030"))
    (root / "bom.txt").write_bytes(b"\xef\xbb\xbf" + body("丙省").encode("utf-8"))
    raw = body("丁省").encode("utf-8")
    cut = raw.index("结合".encode())
    (root / "broken-utf8.txt").write_bytes(raw[:cut] + b"\xff\xfe\x80" + raw[cut:])
    write_huge(root / "huge.txt")
    (root / "english.md").write_text("# Annual report\n\nNothing in Chinese here; see the Data Security Law.\n")
    (root / "gov-page.html").write_bytes(GOV_HTML.encode("gb18030"))
    (root / "utf8-page.htm").write_text(GOV_HTML.replace("gb2312", "utf-8").replace("省人民政府关于", "市人民政府关于"),
                                        encoding="utf-8")
    (root / "policy.pdf").write_bytes(minimal_pdf(body("戊省").splitlines()))
    (root / "scanned.pdf").write_bytes(minimal_pdf([]))
    (root / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(rng.getrandbits(8) for _ in range(3000)))
    write_docx(root / "plan.docx")
    (root / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (root / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (root / "good.txt").write_text(BODY, encoding="utf-8")
    sub = root / "sub"
    sub.mkdir()
    (sub / "nested.txt").write_text("数据安全管理办法\n依照《网络安全法》制定。\n", encoding="utf-8")
    (sub / "loop").symlink_to(root, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def report(batch: Path, session_store: FalkorStore) -> Iterator[IngestReport]:
    """The whole folder ingested once (two extraction workers), with an acknowledgement log beside it."""
    session_store.clear()
    session_store.setup_schema()
    # A bad batch must not stall ingestion: the outcome is that this returns, with every file accounted for
    # (the tests below check each one), not a time.
    result = ingest_paths(session_store, [batch], workers=2, ack_log=batch.parent / "ingest.log")
    yield result
    session_store.clear()


def reasons(report: IngestReport) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in report.skipped}


def notes(report: IngestReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for note in report.notes:
        out.setdefault(Path(note.path).name, []).append(note.note)
    return out


# -- decoding, one case each ---------------------------------------------------


def test_gbk_and_gb18030_are_detected_decoded_and_noted(batch: Path) -> None:
    gbk = read_source(batch / "gbk.txt")
    assert gbk.text == body("甲省")
    assert any("GB18030" in n and "not UTF-8" in n for n in gbk.notes), gbk.notes
    wide = read_source(batch / "gb18030.txt")
    assert wide.text == body("乙省") + GB18030_ONLY + "\n", "characters outside GBK survive"
    assert any("GB18030" in n for n in wide.notes)


def test_bom_is_dropped_so_offsets_start_at_the_text(batch: Path) -> None:
    src = read_source(batch / "bom.txt")
    assert src.text == body("丙省") and not src.text.startswith("\ufeff")


def test_invalid_utf8_is_replaced_and_reported_with_its_position(batch: Path) -> None:
    src = read_source(batch / "broken-utf8.txt")
    assert src.text.count("\ufffd") == 3
    assert src.text.replace("\ufffd", "") == body("丁省"), "only the bad bytes are lost"
    cut = body("丁省").encode("utf-8").index("结合".encode())
    assert any("invalid UTF-8" in n and "3 byte sequence" in n and f"byte {cut}" in n for n in src.notes), src.notes


def test_html_is_stripped_to_its_visible_text(batch: Path) -> None:
    for name, level in (("gov-page.html", "省"), ("utf8-page.htm", "市")):
        src = read_source(batch / name)
        assert src.text.splitlines()[0] == f"{level}人民政府关于促进大数据发展的通知_政府信息公开"
        assert "《大数据产业发展规划》" in src.text and "《中华人民共和国数据安全法》" in src.text
        assert "<" not in src.text and "&gt;" not in src.text and "&nbsp;" not in src.text
        for hidden in ("脚本", "color", "注释里的标题"):
            assert hidden not in src.text, f"{hidden!r} is markup, not text"
        assert "发文机关\n省人民政府" in src.text
        assert "markup stripped from HTML" in src.notes
    assert any("GB18030" in n for n in read_source(batch / "gov-page.html").notes)


def test_pdf_and_docx_text_is_extracted(batch: Path) -> None:
    pdf = read_source(batch / "policy.pdf")
    assert [line.strip() for line in pdf.text.splitlines() if line.strip()] == body("戊省").splitlines()
    assert any("PDF" in n for n in pdf.notes)
    docx = read_source(batch / "plan.docx")
    assert docx.text.splitlines()[0] == "数据要素市场化配置改革实施方案"
    assert "《关于构建数据基础制度更好发挥数据要素作用的意见》" in docx.text
    assert "牵头单位\t省数据局" in docx.text


@pytest.mark.parametrize(("name", "expected"), [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary"),
    ("noise.txt", "binary"),
    ("huge.txt", "limit"),
    ("scanned.pdf", "no text layer"),
    ("corrupt.pdf", "PDF could not be read"),
    ("corrupt.docx", ".docx could not be read"),
])
def test_unusable_files_raise_a_reason(batch: Path, name: str, expected: str) -> None:
    with pytest.raises(Unreadable, match=expected):
        read_source(batch / name)


# -- the batch as a whole ------------------------------------------------------


def test_every_bad_file_is_reported_by_name_and_the_rest_lands(batch: Path, report: IngestReport,
                                                               session_store: FalkorStore) -> None:
    why = reasons(report)
    assert why["empty.txt"] == "empty file"
    assert "binary" in why["binary.txt"] and "binary" in why["noise.txt"]
    assert "100.0 MB" in why["huge.txt"] and "POLICYKG_MAX_FILE_BYTES" in why["huge.txt"]
    assert "no text layer" in why["scanned.pdf"]
    assert "PDF could not be read" in why["corrupt.pdf"]
    assert ".docx could not be read" in why["corrupt.docx"]
    assert "legacy Word" in why["legacy.doc"]
    assert why["loop"] == "directory already visited (symbolic link loop)"
    assert len(why) == len(report.skipped), "each file is reported once"

    landed = {"gbk.txt", "gb18030.txt", "bom.txt", "broken-utf8.txt", "english.md", "gov-page.html",
              "utf8-page.htm", "policy.pdf", "plan.docx", "good.txt", "nested.txt"}
    assert report.files == len(landed), "the symlink loop must not ingest anything twice"
    sources = session_store.read_adhoc("MATCH (d) WHERE d.in_corpus = true RETURN d.source").rows
    # a file with no Chinese is read and noted, but it is no policy text: no document, no entity (issue 13)
    assert {Path(row[0]).name for row in sources} == landed - {"english.md"}
    noted = notes(report)
    assert any("no Chinese" in n for n in noted["english.md"])
    assert any("invalid UTF-8" in n for n in noted["broken-utf8.txt"])
    assert any("GB18030" in n for n in noted["gbk.txt"])


def test_the_log_names_every_file_with_its_outcome(batch: Path, report: IngestReport) -> None:
    lines = [line.split("\t", 2) for line in (batch.parent / "ingest.log").read_text(encoding="utf-8").splitlines()]
    by_status: dict[str, dict[str, str]] = {}
    for status, path, detail in lines:
        by_status.setdefault(status, {})[Path(path).name] = detail
    assert by_status["skip"] == reasons(report)
    assert set(by_status["ok"]) == {"gbk.txt", "gb18030.txt", "bom.txt", "broken-utf8.txt", "english.md",
                                    "gov-page.html", "utf8-page.htm", "policy.pdf", "plan.docx", "good.txt",
                                    "nested.txt"}
    assert all(json.loads(detail)["documents"] for name, detail in by_status["ok"].items() if name != "english.md")
    assert json.loads(by_status["ok"]["english.md"])["documents"] == []
    assert "GB18030" in by_status["note"]["gbk.txt"] and "no Chinese" in by_status["note"]["english.md"]


def test_evidence_offsets_index_the_text_the_extractor_saw(batch: Path, report: IngestReport,
                                                            session_store: FalkorStore) -> None:
    rows = session_store.read_adhoc("MATCH ()-[r]->() RETURN r.source, r.start, r.end, r.sentence").rows
    assert rows, "the batch's citations are in the graph"
    texts: dict[str, str] = {}
    for source, start, end, sentence in rows:
        if source not in texts:
            texts[source] = read_source(Path(source)).text
        assert texts[source][start:end] == sentence, f"{source}: offsets {start}:{end} do not index the text"
    assert {".html", ".htm", ".pdf", ".docx", ".txt"} <= {Path(s).suffix for s in texts}
    assert "broken-utf8.txt" in {Path(s).name for s in texts}, "offsets after replaced bytes are checked too"


def test_files_named_explicitly_in_formats_we_do_not_read_are_reported(batch: Path, tmp_path: Path,
                                                                      store: FalkorStore) -> None:
    image = tmp_path / "scan.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    result = ingest_paths(store, [batch / "legacy.doc", image, batch / "good.txt"], workers=1)
    why = reasons(result)
    assert "save it as .docx" in why["legacy.doc"]
    assert "unsupported file type '.jpg'" in why["scan.jpg"]
    assert result.files == 1


def test_a_huge_file_is_skipped_without_reading_it(batch: Path, store: FalkorStore) -> None:
    ingest_paths(store, [batch / "good.txt"], workers=1)  # the extractor loads its lexicons before we measure
    tracemalloc.start()
    try:
        result = ingest_paths(store, [batch / "huge.txt", batch / "good.txt"], workers=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "limit" in reasons(result)["huge.txt"]
    assert result.files == 1
    assert peak < 20_000_000, f"peak Python memory {peak / 1e6:.0f} MB: the 100 MB file was read"


def test_the_size_limit_is_configurable(batch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKG_MAX_FILE_BYTES", "100")
    get_settings.cache_clear()
    try:
        with pytest.raises(Unreadable, match="over the 0 MB limit"):
            read_source(batch / "good.txt")
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert read_source(batch / "good.txt", max_bytes=10_000).text == BODY


# -- permissions: meaningful even when the tests run as root -----------------


def _as_nobody(store: FalkorStore, folder: Path) -> dict[str, object]:
    """Ingest `folder` in a forked child that has dropped to `nobody` (root ignores file modes)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.close(read_end)
            store.counts()  # connect while still root: the server's socket is root's
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            try:
                open(folder / "secret.txt", "rb").close()
                denied = False
            except PermissionError:
                denied = True
            result = ingest_paths(store, [folder], workers=1)
            payload = {"denied": denied, "uid": os.getuid(), "files": result.files,
                       "skipped": {Path(s.path).name: s.reason for s in result.skipped}}
            os.write(write_end, json.dumps(payload).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged child failed"
    return json.loads(b"".join(chunks))


def test_files_and_folders_without_read_permission_are_reported(store: FalkorStore) -> None:
    folder = Path(tempfile.mkdtemp(prefix="policykg-perm-", dir="/tmp"))  # outside root's private tmp
    try:
        folder.chmod(0o755)
        (folder / "good.txt").write_text(BODY, encoding="utf-8")
        secret = folder / "secret.txt"
        secret.write_text(BODY.replace("实施意见", "保密文件"), encoding="utf-8")
        secret.chmod(0)
        closed = folder / "closed"
        closed.mkdir()
        (closed / "inner.txt").write_text(BODY, encoding="utf-8")
        closed.chmod(0)
        if os.geteuid() == 0:
            result = _as_nobody(store, folder)
            assert result["uid"] == 65534 and result["denied"], "the check must run without root's override"
        else:
            r = ingest_paths(store, [folder], workers=1)
            result = {"files": r.files, "skipped": {Path(s.path).name: s.reason for s in r.skipped}}
        assert result["skipped"] == {"secret.txt": "permission denied", "closed": "permission denied"}
        assert result["files"] == 1
        assert store.read("count_documents", {"in_corpus": True}).scalar() == 1, "the readable file landed"
    finally:
        for path in (folder / "closed", folder / "secret.txt"):
            path.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_short_gbk_sentence_is_read_as_chinese_not_korean() -> None:
    # charset-normalizer alone guesses CP949 for a line this short.
    text, notes = decode_with_notes("中华人民共和国数据安全法。".encode("gbk"))
    assert text == "中华人民共和国数据安全法。"
    assert any("GB18030" in n for n in notes)
