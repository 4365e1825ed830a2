"""Bytes to text, by format, saying clearly why data cannot be used. Pure: no files, no settings.

* Plain text (`.txt`, `.md`, `.markdown`, `.text`): UTF-8 (a BOM is dropped),
  else the encoding charset-normalizer detects; Chinese legacy encodings
  (GB2312, GBK, GB18030) are all decoded as GB18030, their superset, and the
  notes say so. UTF-8 with a few invalid bytes is decoded with U+FFFD in their
  place and the notes say how many and where the first one was: one bad byte
  should not cost a whole policy text, and the replacement characters keep
  every other offset right (mentions index the decoded text, which is what the
  extractor sees).
* HTML (`.html`, `.htm`, `.shtml`, `.xhtml`): decoded (a `<meta charset>` is
  honoured), markup stripped; scripts, styles and comments dropped; block
  elements become line breaks.
* PDF (pypdf) and `.docx` (python-docx): their text layer is extracted, within
  `ReadLimits`: a `.docx` is a zip archive, refused before it is unpacked when its
  members would unpack to more than `max_unpacked_bytes` or number more than
  `max_members` (a zip bomb: 48 KB that unpack to gigabytes); a PDF with more
  than `max_pdf_pages` pages is refused before its pages are read; text
  extraction of either stops with a refusal past `max_text_chars`.

Every refusal is an `Unreadable` whose message is the reason shown to the user;
everything worth knowing about data that was decoded is a note on its `SourceText`.
Finding files and reading them from disk (with the size limit) is `graph.sources`.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES

# Invalid UTF-8 sequences tolerated (replaced and reported) before a file is taken to be in another encoding.
_MAX_BAD_UTF8_SHARE = 0.002
_MAX_BAD_UTF8_ABSOLUTE = 3
_DETECT_SAMPLE = 256_000
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn", "iso2022_cn"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


class Unreadable(Exception):
    """A file that cannot be turned into text; the message is the reason shown to the user."""


@dataclass(frozen=True)
class ReadLimits:
    """How much a file may unpack to, whatever its size on disk (set from `POLICYKG_*` by `graph.sources`).

    The defaults are those of `graph.settings.Settings`; a real policy .docx
    unpacks to a few MB in a few dozen members, a real policy PDF has at most a
    few hundred pages.
    """

    max_unpacked_bytes: int = 100_000_000
    max_members: int = 1000
    max_pdf_pages: int = 2000
    max_text_chars: int = 20_000_000


@dataclass(frozen=True)
class SourceText:
    """A file's text as the extractor sees it (offsets index this string) and notes on how it was obtained."""

    text: str
    format: str
    notes: tuple[str, ...] = ()


def to_text(data: bytes, suffix: str, limits: ReadLimits | None = None) -> SourceText:
    """The text of a file's bytes by its (lower-case) suffix; `Unreadable` with the reason when there is none."""
    if suffix in HTML_SUFFIXES:
        return _with_language_note(html_to_text(data))
    if suffix in PDF_SUFFIXES:
        return _with_language_note(pdf_to_text(data, limits))
    if suffix in DOCX_SUFFIXES:
        return _with_language_note(docx_to_text(data, limits))
    text, notes = decode_with_notes(data)
    return _with_language_note(SourceText(text=text, format="text", notes=tuple(notes)))


def _with_language_note(source: SourceText) -> SourceText:
    if not source.text.strip():
        raise Unreadable("no text in the file" if source.format == "text" else f"no text in the {source.format}")
    if not _CJK.search(source.text):
        return SourceText(source.text, source.format, (*source.notes, "no Chinese text found"))
    return source


# -- decoding ----------------------------------------------------------------


def decode(data: bytes) -> str:
    """Bytes to text (see `decode_with_notes`)."""
    return decode_with_notes(data)[0]


def decode_with_notes(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Bytes to text, and notes on how: BOMs, a declared charset, UTF-8, repaired UTF-8, detection.

    Refuses empty and binary data with `Unreadable`.
    """
    if not data.strip():
        raise Unreadable("empty file")
    notes: list[str] = []
    for bom, codec, label in ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
                              (b"\xfe\xff", "utf-16-be", "UTF-16")):
        if data.startswith(bom):
            body = data[len(bom):]
            if codec == "utf-8":
                notes.append("UTF-8 byte-order mark removed")
                data = body
                break
            text = body.decode(codec, errors="replace")
            return _printable_or_refuse(text), [f"decoded as {label} (byte-order mark)"]
    if b"\x00" in data[:8192]:
        raise Unreadable("binary file (NUL bytes), not text")
    if declared:
        codec = "gb18030" if declared.lower().replace("-", "") in {"gb2312", "gbk", "gb18030", "cp936"} else declared
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if codec.lower().replace("-", "").replace("_", "") not in {"utf8", "ascii", "usascii"}:
                notes.append(f"decoded as {codec.upper()} (declared charset {declared})")
            return _printable_or_refuse(text), notes
    try:
        return _printable_or_refuse(data.decode("utf-8")), notes
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd") - data.count("\ufffd".encode())
    if bad <= max(_MAX_BAD_UTF8_ABSOLUTE, int(len(data) * _MAX_BAD_UTF8_SHARE)):
        notes.append(f"invalid UTF-8: {bad} byte sequence(s) replaced with U+FFFD (first at byte {first_bad})")
        return _printable_or_refuse(repaired), notes
    return _detect(data, notes)


def _reads_as_chinese(data: bytes, codec: str) -> bool:
    """True when `data` decodes strictly under `codec` and ≥90 % of its non-ASCII characters are common CJK."""
    try:
        text = data[:_DETECT_SAMPLE].decode(codec)
    except UnicodeDecodeError:
        # The sample may cut a multi-byte character in two; judge the whole data instead.
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            return False
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return False
    cjk = sum(1 for ch in wide if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
              or "\uff00" <= ch <= "\uffef")
    return cjk >= 0.9 * len(wide)


def _detect(data: bytes, notes: list[str]) -> tuple[str, list[str]]:
    """Not UTF-8: let charset-normalizer name the encoding; GB-family names decode as GB18030."""
    guess: str | None = None
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - a declared dependency
        charset_normalizer = None  # type: ignore[assignment]
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(data[:_DETECT_SAMPLE]).best()
        guess = best.encoding if best else None
    candidates = ["gb18030"]
    # Short GBK text is often guessed as Korean or Big5; a clean GB18030 decode that is almost all common
    # Chinese characters is what a Chinese policy text is, so that wins over the detector's guess.
    if guess and guess.lower() not in _GB_FAMILY and not _reads_as_chinese(data, "gb18030"):
        candidates.insert(0, guess)
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        try:
            text = _printable_or_refuse(text)
        except Unreadable:
            continue
        if codec == "gb18030":
            detected = f"; detected {guess.upper()}" if guess else ""
            notes.append(f"not UTF-8: decoded as GB18030{detected}")
        else:
            notes.append(f"not UTF-8: decoded as {codec.upper()} (detected)")
        return text, notes
    raise Unreadable("binary file or unknown encoding (not UTF-8, GB18030 or a detectable charset)")


def _printable_or_refuse(text: str) -> str:
    """The text, unless control characters say it is really binary data."""
    sample = text[:20_000]
    if sample:
        controls = sum(1 for ch in sample if ch not in "\n\r\t\f\v" and unicodedata.category(ch) == "Cc")
        if controls > max(8, len(sample) // 100):
            raise Unreadable("binary file (control characters), not text")
    return text


# -- HTML, PDF, DOCX ---------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "th", "thead", "title", "tr", "ul",
})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object"})


class _TextOfHtml(HTMLParser):
    """Collects the visible text of a page; the <title> goes first, on a line of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.parts: list[str] = []
        self._skip: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _SKIP_TAGS:
            self._skip.append(tag)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif self._skip and tag == self._skip[-1]:
            self._skip.pop()
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = [re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in "".join(self.parts).splitlines()]
        body = "\n".join(line for line in lines if line)
        title = re.sub(r"\s+", " ", "".join(self.title)).strip()
        return f"{title}\n{body}" if title and not body.startswith(title) else body


def html_to_text(data: bytes) -> SourceText:
    """Visible text of an HTML page (decoded by its declared charset when that works)."""
    match = _META_CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "ignore") if match else None
    markup, notes = decode_with_notes(data, declared=declared)
    parser = _TextOfHtml()
    try:
        parser.feed(markup)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything it still raises is reported, not fatal
        raise Unreadable(f"HTML could not be parsed: {exc}") from None
    return SourceText(text=parser.text(), format="HTML", notes=(*notes, "markup stripped from HTML"))


def _text_limit_reason(kind: str, limits: ReadLimits) -> str:
    return (f"{kind} text is over {limits.max_text_chars:,} characters (set POLICYKG_MAX_TEXT_CHARS to raise "
            "the limit)")


def pdf_to_text(data: bytes, limits: ReadLimits | None = None) -> SourceText:
    """The text layer of a PDF, pages separated by blank lines; refused past `limits` (pages, characters)."""
    limits = limits or ReadLimits()
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - a declared dependency
        raise Unreadable("reading PDF needs pypdf: pip install pypdf") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:  # noqa: BLE001 - any failure means we cannot read it
                raise Unreadable("PDF is encrypted") from None
        pages = _pdf_pages(reader, limits)
    except Unreadable:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise Unreadable(f"PDF could not be read: {type(exc).__name__}: {exc}") from None
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise Unreadable("PDF has no text layer (a scanned image?); run OCR on it first")
    return SourceText(text=text, format="PDF", notes=(f"text extracted from PDF ({len(pages)} page(s))",))


def _pdf_pages(reader: object, limits: ReadLimits) -> list[str]:
    """Each page's text; the page count is checked first (from the page tree, before any page is read)."""
    count = len(reader.pages)  # type: ignore[attr-defined]
    if count > limits.max_pdf_pages:
        raise Unreadable(f"PDF has {count:,} pages, over the {limits.max_pdf_pages:,}-page limit "
                         "(set POLICYKG_MAX_PDF_PAGES to raise it)")
    pages: list[str] = []
    chars = 0
    for page in reader.pages:  # type: ignore[attr-defined]
        text = page.extract_text() or ""
        chars += len(text)
        if chars > limits.max_text_chars:
            raise Unreadable(_text_limit_reason("PDF", limits))
        pages.append(text)
    return pages


def check_archive(data: bytes, limits: ReadLimits, kind: str = ".docx") -> None:
    """Refuse a zip archive whose members would unpack past `limits`, before anything is unpacked.

    The sizes come from the archive's central directory; `zipfile` never
    unpacks a member past its recorded size (it fails the CRC check instead),
    so the recorded sizes bound what reading the archive can cost.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Unreadable(f"{kind} could not be read: not a valid zip archive ({exc})") from None
    if len(members) > limits.max_members:
        raise Unreadable(f"{kind} holds {len(members):,} archive members, over the {limits.max_members:,}-member "
                         "limit (set POLICYKG_MAX_ARCHIVE_MEMBERS to raise it)")
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        raise Unreadable(f"{kind} would unpack to {unpacked / 1e6:,.1f} MB ({len(data) / 1e6:.2f} MB packed), over "
                         f"the {limits.max_unpacked_bytes / 1e6:,.1f} MB limit: a zip bomb? "
                         "(set POLICYKG_MAX_UNPACKED_BYTES to raise it)")


def docx_to_text(data: bytes, limits: ReadLimits | None = None) -> SourceText:
    """Paragraphs and table cells of a .docx, in document order; refused past `limits` (see `check_archive`)."""
    limits = limits or ReadLimits()
    check_archive(data, limits)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise Unreadable("reading .docx needs python-docx: pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    except Exception as exc:  # zipfile, lxml and python-docx raise many types for a broken file
        raise Unreadable(f".docx could not be read: {type(exc).__name__}: {exc}") from None
    text = "\n".join(line for line in lines if line.strip())
    if len(text) > limits.max_text_chars:
        raise Unreadable(_text_limit_reason(".docx", limits))
    return SourceText(text=text, format="DOCX", notes=("text extracted from DOCX",))
