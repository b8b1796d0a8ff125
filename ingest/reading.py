"""Reading source files into text: encodings, .docx, .pdf and .html, and the ways a file can be bad.

Every later record (documents, measures) stores code-point offsets into `SourceText.text`, so the
text produced here is the reference:

* plain text is decoded from its own encoding with a leading byte-order mark dropped and line
  endings left exactly as they are in the file ("\\r\\n" stays "\\r\\n");
* .docx, .pdf and .html have no "text as in the file", so the text is derived deterministically
  (see `read_file`) and the same bytes always give the same text.

A file that cannot be landed raises `RejectedFile` with a reason a person understands; nothing
else is raised for bad input (an unexpected error from a parser library is reported as a corrupt
file of that type).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from .records import RejectedFile, SourceText

SUPPORTED_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}

# Files inside folders that are never documents (OS / editor junk). Hidden files are skipped too.
JUNK_FILE_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"}
JUNK_DIR_NAMES = {"__macosx"}

# Old or foreign formats people drop in by mistake: say what to do with them.
_CONVERT_HINTS = {
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
    ".ofd": "export it as PDF",
    ".xls": "not a policy text format",
    ".xlsx": "not a policy text format",
}

# ---------------------------------------------------------------------------------------------
# Per-file limits: a poison file is rejected with a reason instead of exhausting the machine
# ---------------------------------------------------------------------------------------------


def limit(name: str, default: int) -> int:
    """A per-file limit from the environment (BIZENV_<NAME>); 0 turns it off."""
    return int(os.environ.get(f"BIZENV_{name}", default))


MAX_TEXT_MB_DEFAULT = 200  # decoded text of one file, in MB of characters (a 50 MB text file is normal)
MAX_DOCX_XML_MB_DEFAULT = 100  # word/document.xml once unzipped
MAX_PARAGRAPHS_DEFAULT = 200_000  # paragraphs of one .docx (a long compilation has a few thousand)


def safe_name(path: str) -> str:
    """A file name that can be stored and printed: names in GBK bytes (a Chinese zip unpacked on
    Linux) arrive as surrogate escapes; they are decoded as GB18030, else the bad bytes are escaped."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    data = os.fsencode(path)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "backslashreplace")


# ---------------------------------------------------------------------------------------------
# Bytes -> text
# ---------------------------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UNDECODABLE = "not text in a known encoding (tried UTF-8, GB18030, detector)"
BINARY = "binary file, not text"

# Control characters that do not occur in text. Tab, LF, CR and form feed (a page break in
# text extracted from PDFs) are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.10
# What a Chinese policy text is made of: ASCII printable, whitespace, a few Latin-1 symbols
# (no-break space § ¨ © ¥ ® ° ± ² ³ µ · × ÷ - not the accented letters of mojibake),
# general punctuation (“” — …), letter-like and number forms (℃ Ⅱ), arrows, maths (≤ ≥),
# enclosed numbers (①), box drawing and shapes (■ ●), CJK radicals/punctuation/kana/bopomofo,
# CJK ideographs (+ ext A, compatibility, ext B..), full-width forms.
_NOT_CJK_OR_ASCII = re.compile(
    "[^\t\n\r\f\x20-\x7e\xa0\xa5\xa7-\xa9\xae\xb0-\xb3\xb5\xb7\xd7\xf7\u2000-\u27bf\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003134f]"
)
_MIN_PLAUSIBLE_SHARE = 0.90
_NON_SPACE = re.compile(r"[^\s\ufeff\u200b]")
# GB18030 decodes most byte soup; Big5 and other double-byte text decoded as GB18030 lands in
# the private-use area, which real GB text (almost) never uses.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_MAX_PRIVATE_USE_SHARE = 0.01

_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (.docx/.xlsx?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls?)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)


def _binary_reason(data: bytes) -> str:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"{BINARY} (looks like {what})"
    return BINARY


def _looks_binary(text: str) -> bool:
    """True when more than a tenth of the characters are control characters."""
    if not text:
        return False
    limit = _MAX_CONTROL_SHARE * len(text)
    count = 0
    for _ in _CONTROL.finditer(text):
        count += 1
        if count > limit:
            return True
    return False


def _plausible(text: str) -> bool:
    """Mostly CJK / ASCII printable text (used to vet the detector's guess)."""
    if not text:
        return True
    if _looks_binary(text):
        return False
    bad = len(_NOT_CJK_OR_ASCII.findall(text))
    return bad <= (1 - _MIN_PLAUSIBLE_SHARE) * len(text)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """BOM-less UTF-16 (NUL bytes in every other position): decoded text, or None."""
    if len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    for enc, nuls, other in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if nuls > other * 4:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and _plausible(text):
                return text, enc
    return None


def _detect(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            return None
        enc = best.encoding
        text = data.decode(enc)
    except Exception:  # a detector failure is "no answer", never a crash
        return None
    if text.startswith("\ufeff"):
        return None  # a BOM we did not recognise above: not one of ours
    return (text, enc) if _plausible(text) else None


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """(text, encoding) of raw bytes; `data.decode(encoding) == text` always holds.

    Order: byte-order mark (UTF-8, UTF-16/32 LE/BE; dropped from the text) -> strict UTF-8 ->
    strict GB18030 (covers GB2312 and GBK; not taken when over 1% of the result is private-use
    characters, the mark of Big5 & co. read as GB) -> charset-normalizer, whose guess must decode
    to mostly CJK/ASCII printable text. Line endings are never touched.
    Raises RejectedFile for binary data (the signature of a PDF/zip/Office/image file, NUL bytes
    outside UTF-16/32, or mostly control characters) and for bytes that are none of the above.
    """
    if any(data.startswith(magic) for magic, _ in _MAGIC):
        # e.g. a PDF renamed .txt: its syntax is mostly ASCII and would "decode"
        raise RejectedFile(path, _binary_reason(data))

    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                break  # a coincidental BOM-like start: try the other encodings
            if _looks_binary(text):
                raise RejectedFile(path, BINARY)
            return text, enc

    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise RejectedFile(path, f"{BINARY} (contains NUL bytes)")

    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise RejectedFile(path, BINARY)
        if enc == "gb18030" and len(_PRIVATE_USE.findall(text)) > _MAX_PRIVATE_USE_SHARE * len(text):
            break  # not really GB text: ask the detector
        return text, enc

    detected = _detect(data) or _decode_repaired(data)
    if detected is None:
        raise RejectedFile(path, UNDECODABLE)
    return detected


def decode_as(data: bytes, encoding: str) -> str:
    """The text `data` gives under an encoding label that decode_bytes reported, including the
    repaired kind ("gb18030+3 bad bytes replaced"): what a reader needs to reproduce the text."""
    base, repaired, _ = encoding.partition("+")
    return data.decode(base, errors="replace" if repaired else "strict")


def _decode_repaired(data: bytes) -> tuple[str, str] | None:
    """Text with a few locally bad bytes (a damaged GB18030 or UTF-8 file): the bad bytes become
    U+FFFD and the encoding says how many, e.g. "gb18030+3 bad bytes replaced". Only when the
    damage is local (at most 8, or one per thousand characters) and the rest reads as text."""
    best = None
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd") - data.count("\ufffd".encode(enc))
        if bad <= max(8, len(text) // 1000) and _plausible(text) and (
            len(_PRIVATE_USE.findall(text)) <= _MAX_PRIVATE_USE_SHARE * len(text)
        ):
            if best is None or bad < best[0]:
                best = (bad, text, f"{enc}+{bad} bad bytes replaced")
    return (best[1], best[2]) if best else None


# ---------------------------------------------------------------------------------------------
# Reading a file
# ---------------------------------------------------------------------------------------------


def _read_all(f: io.BufferedReader) -> bytes:
    """Read the whole open file (a seam for tests that simulate a file changing mid-read)."""
    return f.read()


def not_regular_reason(mode: int) -> str | None:
    """Why a file of this mode is not read (only regular files are: opening a FIFO blocks forever)."""
    if stat.S_ISREG(mode):
        return None
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return f"not a regular file ({what})"
    return "not a regular file"


def _read_stable(real: str, path: str | None = None) -> bytes:
    """The file's bytes, read once; RejectedFile (naming `path`) if it changed while being read."""
    path = path or real
    try:
        before = os.stat(real)
        reason = not_regular_reason(before.st_mode)
        if reason:
            raise RejectedFile(path, reason)
        with open(real, "rb") as f:
            data = _read_all(f)
        after = os.stat(real)
    except FileNotFoundError:
        raise RejectedFile(path, "file not found (was it moved or deleted?)") from None
    except PermissionError:
        raise RejectedFile(path, "permission denied") from None
    except IsADirectoryError:
        raise RejectedFile(path, "not a regular file") from None
    except OSError as e:
        raise RejectedFile(path, f"cannot read file ({e.strerror or e})") from None

    def key(st: os.stat_result) -> tuple[int, int, int, int]:
        return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev

    if key(before) != key(after) or len(data) != after.st_size:
        raise RejectedFile(path, "file changed while being read; try again")
    return data


def read_file(path: str | os.PathLike[str]) -> SourceText:
    """Read one source file into a SourceText (or raise RejectedFile)."""
    real = os.path.abspath(os.fspath(path))  # the name on disk, to open
    abspath = safe_name(real)  # the name to store and print
    name = os.path.basename(abspath)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"
        hint = _CONVERT_HINTS.get(suffix)
        raise RejectedFile(abspath, f"{what} ({hint})" if hint else what)

    data = _read_stable(real, abspath)
    if not data:
        raise RejectedFile(abspath, "empty file")

    if suffix in TEXT_SUFFIXES:
        text, encoding = decode_bytes(data, abspath)
    elif suffix == ".docx":
        text, encoding = _docx_text(data, abspath), "docx"
    elif suffix == ".pdf":
        text, encoding = _pdf_text(data, abspath), "pdf"
    else:
        text, enc = _html_text(data, abspath)
        encoding = f"html:{enc}"

    if not _NON_SPACE.search(text):
        reason = "empty file" if suffix in TEXT_SUFFIXES else "empty file (no text in the document)"
        raise RejectedFile(abspath, reason)
    max_chars = limit("MAX_TEXT_MB", MAX_TEXT_MB_DEFAULT) * 1_000_000
    if max_chars and len(text) > max_chars:
        raise RejectedFile(abspath, f"too large: {len(text):,} characters of text (limit {max_chars:,}; BIZENV_MAX_TEXT_MB)")

    return SourceText(
        path=abspath,
        source_file=name,
        text=text,
        encoding=encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
    )


# ---------------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W_P, _W_TBL, _W_TR, _W_TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_W_T, _W_TAB, _W_PTAB, _W_BR, _W_CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_W_NBH, _W_TXBX = _W + "noBreakHyphen", _W + "txbxContent"
_W_SDT, _W_SDTCONTENT, _W_CUSTOMXML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_W_SMARTTAG = _W + "smartTag"
_MC_ALT, _MC_CHOICE = _MC + "AlternateContent", _MC + "Choice"
# Subtrees whose text is not document text: properties (hold tab-stop definitions), deleted
# and moved-away revisions, and the fallback copy of alternate content (a duplicate).
_DOCX_SKIP = {_W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _MC + "Fallback", _W + "sdtPr"}
_WRAPPERS = {_W_SDT, _W_SDTCONTENT, _W_CUSTOMXML, _W_SMARTTAG}


def _docx_children(el, tag: str):
    """Children of `el` with `tag`, looking through content-control / custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _docx_children(child, tag)
        elif child.tag == _MC_ALT:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                yield from _docx_children(choice, tag)


def _docx_blocks(container) -> list[str]:
    """Lines of a block container (body, table cell, text box) in document order."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _W_P:
            boxes: list[str] = []
            lines.append(_docx_paragraph(child, boxes))
            lines.extend(boxes)
        elif tag == _W_TBL:
            lines.extend(_docx_table(child))
        elif tag in _WRAPPERS:
            lines.extend(_docx_blocks(child))
        elif tag == _MC_ALT:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                lines.extend(_docx_blocks(choice))
    return lines


def _docx_paragraph(p, boxes: list[str]) -> str:
    """Text of a paragraph; lines of text boxes anchored in it go to `boxes`."""
    parts: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _DOCX_SKIP:
                continue
            if tag == _W_T:
                parts.append(child.text or "")
            elif tag in (_W_TAB, _W_PTAB):
                parts.append("\t")
            elif tag in (_W_BR, _W_CR):
                parts.append("\n")
            elif tag == _W_NBH:
                parts.append("-")
            elif tag == _W_TXBX:
                boxes.extend(_docx_blocks(child))
            elif tag in (_W_P, _W_TBL):  # only inside something we did not expect: keep text
                boxes.extend(_docx_blocks([child]))
            else:
                walk(child)

    walk(p)
    return "".join(parts)


_CELL_SPACE = re.compile(r"\s+")


def _docx_table(tbl) -> list[str]:
    """One line per row, cells separated by a tab (a cell's own paragraphs joined by a space)."""
    rows = []
    for tr in _docx_children(tbl, _W_TR):
        cells = []
        for tc in _docx_children(tr, _W_TC):
            cell_lines = [_CELL_SPACE.sub(" ", line).strip() for line in _docx_blocks(tc)]
            cells.append(" ".join(line for line in cell_lines if line))
            cells += [""] * (_span(tc.find(f"{_W}tcPr/{_W}gridSpan"), _W + "val") - 1)  # columns stay aligned
        if any(cells):
            rows.append("\t".join(cells))
    return rows


def _check_docx_size(data: bytes, path: str) -> None:
    """Reject a .docx whose body unzips past the limits before parsing it: a small file can expand
    to hundreds of MB of paragraphs, and the parsed tree takes ten times that in memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            info = z.getinfo("word/document.xml")
            max_xml = limit("MAX_DOCX_XML_MB", MAX_DOCX_XML_MB_DEFAULT) * 1_000_000
            if max_xml and info.file_size > max_xml:
                raise RejectedFile(path, f"too large: the document body unzips to {info.file_size / 1e6:.0f} MB "
                                         f"(limit {max_xml / 1e6:.0f} MB; BIZENV_MAX_DOCX_XML_MB)")
            max_paragraphs = limit("MAX_PARAGRAPHS", MAX_PARAGRAPHS_DEFAULT)
            if not max_paragraphs:
                return
            count, tail = 0, b""
            with z.open(info) as f:  # streamed: the count costs no memory
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    block = tail + chunk
                    count += len(_PARAGRAPH_TAG.findall(block))
                    tail = block[-8:]
                    count -= len(_PARAGRAPH_TAG.findall(tail))  # counted again with the next chunk
                    if count > max_paragraphs:
                        raise RejectedFile(path, f"too many paragraphs: over {max_paragraphs:,} "
                                                 f"(limit; BIZENV_MAX_PARAGRAPHS)")
    except (zipfile.BadZipFile, KeyError, OSError, zipfile.LargeZipFile, EOFError, zlib.error, RuntimeError,
            NotImplementedError, ValueError):
        return  # not a readable package: the parser below says what is wrong with it


_PARAGRAPH_TAG = re.compile(rb"<w:p[ >/]")

def _span(el, attr: str) -> int:
    """How many grid columns a merged cell covers (gridSpan, colspan); 1 when unsaid or garbled."""
    try:
        return min(max(int(el.get(attr)), 1), 64) if el is not None and el.get(attr) else 1
    except (TypeError, ValueError):
        return 1


def _docx_text(data: bytes, path: str) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RejectedFile(path, "corrupt .docx (this is an old Word .doc file; save it as .docx)")
    _check_docx_size(data, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        return "\n".join(_docx_blocks(body))
    except zipfile.BadZipFile as e:
        raise RejectedFile(path, f"corrupt .docx (not a complete zip archive: {e})") from None
    except RecursionError:
        raise RejectedFile(path, "corrupt .docx (nested too deeply)") from None
    except MemoryError:
        raise  # not a corrupt file: the worker's memory limit (pipeline.process_file says so)
    except Exception as e:  # KeyError (missing part), XMLSyntaxError, ValueError (not Word) ...
        raise RejectedFile(path, f"corrupt .docx ({type(e).__name__}: {e})") from None


# ---------------------------------------------------------------------------------------------
# .pdf
# ---------------------------------------------------------------------------------------------

NO_TEXT_LAYER = "PDF has no text layer (scanned?); OCR it first"
_CID = re.compile(r"\(cid:\d+\)")


def _pdf_text(data: bytes, path: str) -> str:
    if b"%PDF-" not in data[:1024]:
        raise RejectedFile(path, "corrupt PDF (no %PDF header: not a PDF file, maybe a saved web page)")
    try:
        import pdfplumber

        pages: list[str] = []
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()  # free the page's parsed objects: big PDFs stay small in memory
    except MemoryError:
        raise
    except Exception as e:
        name = type(e).__name__
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else None
        if "Password" in name or "Encrypt" in name or (inner and "Password" in type(inner).__name__):
            raise RejectedFile(path, "PDF is password-protected; remove the password first") from None
        detail = f"{type(inner).__name__}: {inner}" if inner is not None else f"{name}: {e}"
        raise RejectedFile(path, f"corrupt PDF ({detail})") from None

    if not pages:
        raise RejectedFile(path, "corrupt PDF (no pages)")
    text = "\n".join(pages)
    problem = _pdf_text_problem(text)
    if problem and b"/Encrypt" in data:
        # An owner password (no copying/printing) encrypts the streams; pdfminer then sees glyph ids
        # only, while PDFium decrypts with the empty user password and reads the text.
        text = _pdfium_text(data) or text
        problem = _pdf_text_problem(text)
    if problem:
        raise RejectedFile(path, problem)
    return text


def _pdf_text_problem(text: str) -> str | None:
    if not _NON_SPACE.search(text):
        return NO_TEXT_LAYER
    # Fonts without a Unicode map come out as "(cid:123)": that is not text either.
    cid_chars = sum(len(m) for m in _CID.findall(text))
    visible = len(_NON_SPACE.findall(text))
    if cid_chars > 0.5 * visible:
        return "PDF text layer has no Unicode mapping (glyph ids only); OCR it first"
    return None


def _pdfium_text(data: bytes) -> str | None:
    """The text of every page as PDFium reads it (pages joined by a newline), or None."""
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            pages = []
            for page in doc:
                textpage = page.get_textpage()
                pages.append(textpage.get_text_range().replace("\r\n", "\n"))
                textpage.close()
                page.close()
        finally:
            doc.close()
    except Exception:  # a wrong password or a damaged file: the pdfminer verdict stands
        return None
    return "\n".join(pages)


# ---------------------------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_GB_LABELS = {
    "gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "chinese", "csgb2312", "euc-cn", "cp936",
    "ms936", "windows-936", "iso-ir-58", "csiso58gb231280", "gb18030",
}  # fmt: skip
_LATIN_LABELS = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252"}


def _declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _decode_html(data: bytes, path: str) -> tuple[str, str]:
    """Bytes of a page -> (text, encoding).

    A BOM wins. Non-ASCII bytes that are valid UTF-8 are UTF-8 whatever the page declares
    (Chinese sites often keep a stale gb2312/iso-8859-1 meta after moving to UTF-8, and GB text
    is practically never valid UTF-8). Otherwise the declared charset, if it is a real codec and
    decodes the bytes; otherwise the same order as plain text (decode_bytes)."""
    if any(data.startswith(bom) for bom, _ in _BOMS) or b"\x00" in data:
        return decode_bytes(data, path)
    if not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text) and not any(data.startswith(m) for m, _ in _MAGIC):
                return text, "utf-8"
    label = _declared_charset(data)
    enc = None
    if label in _GB_LABELS:
        enc = "gb18030"  # pages labelled gb2312 routinely hold GBK/GB18030 characters
    elif label in _LATIN_LABELS:
        enc = "cp1252"
    elif label:
        try:
            enc = codecs.lookup(label).name
        except LookupError:
            enc = None
        if enc and enc.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
            enc = None  # a page without NUL bytes is not UTF-16/32, whatever it says
    if enc:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            pass
        else:
            if not _looks_binary(text) and not any(data.startswith(m) for m, _ in _MAGIC):
                return text, enc
    return decode_bytes(data, path)


_DROP_TAGS = [
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "nav", "aside", "iframe", "object", "embed", "svg", "canvas", "button", "select",
    "textarea", "header", "footer",
]  # fmt: skip
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul",
}  # fmt: skip
_NOISE_WORDS = ("nav", "menu", "breadcrumb", "crumb", "footer")
_TOKEN_SPLIT = re.compile(r"[-_\s:.]+|(?<=[a-z])(?=[A-Z])")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\f]*[\r\n][\s]*(?=[{_CJK}])")
_INLINE_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")


def _is_noise_name(value) -> bool:
    values = value if isinstance(value, (list, tuple)) else [value]
    for v in values:
        for token in _TOKEN_SPLIT.split(str(v)):
            t = token.lower()
            if t and any(t.startswith(w) or t.endswith(w) for w in _NOISE_WORDS):
                return True
    return False


def _clean_inline(s: str) -> str:
    s = _CJK_LINE_BREAK.sub("", s)  # a source line wrap between two CJK characters is not a space
    return _INLINE_SPACE.sub(" ", s).strip()


class _Lines:
    """Collects text into lines: block boundaries end the current line, <br> forces one."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._cur: list[str] = []

    def text(self, s: str) -> None:
        self._cur.append(s)

    def block(self) -> None:
        line = _clean_inline("".join(self._cur))
        self._cur = []
        if line:
            self.lines.append(line)

    def hard(self) -> None:
        self.lines.append(_clean_inline("".join(self._cur)))
        self._cur = []

    def raw(self, line: str) -> None:
        self.block()
        self.lines.append(line)

    def result(self) -> list[str]:
        self.block()
        out: list[str] = []
        for line in self.lines:
            if line.strip() or (out and out[-1].strip()):
                out.append(line if line.strip() else "")
        while out and not out[-1]:
            out.pop()
        return out


def _own_rows(table):
    from bs4 import Tag

    for tr in table.find_all("tr"):
        if isinstance(tr, Tag) and tr.find_parent("table") is table:
            yield tr


def _html_walk(node, out: _Lines) -> None:
    from bs4 import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
    from bs4.element import CData

    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction, CData)):
                out.text(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            out.hard()
        elif name == "pre":
            out.block()
            for line in child.get_text().splitlines():
                out.raw(line.rstrip())
        elif name == "table" and not child.find("table"):
            _html_table(child, out)
        elif name in _BLOCK_TAGS:
            out.block()
            _html_walk(child, out)
            out.block()
        else:
            _html_walk(child, out)


def _html_cell_text(cell) -> str:
    sub = _Lines()
    _html_walk(cell, sub)
    return " ".join(line for line in sub.result() if line)


def _html_table(table, out: _Lines) -> None:
    """A data table: one line per row, a tab between cells.

    A row holding a single cell with block content (a layout table wrapping an article) is
    rendered as ordinary blocks, so the article keeps its paragraphs."""
    out.block()
    caption = table.find("caption")
    if caption is not None and caption.find_parent("table") is table:
        out.raw(_html_cell_text(caption))
    below: dict[int, int] = {}  # column → rows a rowspan cell above still covers
    for tr in _own_rows(table):
        cells = [c for c in tr.find_all(["td", "th"], recursive=False)]
        if len(cells) == 1 and cells[0].find(["p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6"]):
            _html_walk(cells[0], out)
            out.block()
            continue
        # Merged cells leave empty cells where they span, so every row keeps the table's columns.
        texts: list[str] = []
        for c in cells + [None] * len(below):
            while below.get(len(texts), 0) > 0:
                below[len(texts)] -= 1
                texts.append("")
            if c is not None:
                span, rows = _span(c, "colspan"), _span(c, "rowspan")
                for k in range(len(texts), len(texts) + span):
                    below[k] = rows - 1
                texts += [_html_cell_text(c)] + [""] * (span - 1)
        if any(texts):
            out.raw("\t".join(texts))
    out.block()


def _html_text(data: bytes, path: str) -> tuple[str, str]:
    text, enc = _decode_html(data, path)
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "lxml")
        for tag in soup.find_all(_DROP_TAGS):
            if tag.decomposed:
                continue
            # An <header>/<footer> inside an article is the article's own title/date block.
            if tag.name in ("header", "footer") and tag.find_parent(["article", "main"]):
                continue
            tag.decompose()
        total = len(soup.get_text())
        for tag in soup.find_all(lambda t: t.has_attr("id") or t.has_attr("class")):
            if tag.decomposed or tag.name in ("html", "body"):
                continue
            if _is_noise_name(tag.get("id", "")) or _is_noise_name(tag.get("class", [])):
                # a mis-named wrapper that holds most of the page is content, not navigation
                if len(tag.get_text()) <= 0.5 * total:
                    tag.decompose()
        out = _Lines()
        _html_walk(soup, out)
        return "\n".join(out.result()), enc
    except RecursionError:
        raise RejectedFile(path, "corrupt HTML (nested too deeply)") from None


# ---------------------------------------------------------------------------------------------
# Input selection
# ---------------------------------------------------------------------------------------------


def _is_junk(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name.lower() in JUNK_FILE_NAMES


def iter_input_files(paths: list[str], rejects: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files to read, in argument order; folders expand recursively in sorted order.

    Inside folders hidden files/folders and OS junk (Thumbs.db, desktop.ini, ~$ Office lock
    files, __MACOSX) are skipped; files of unsupported types are kept so that they are rejected
    visibly, and so are FIFOs and devices (never opened: only regular files are read). Folders that
    cannot be listed go to `rejects` with the reason. Explicit file arguments are always kept.
    The same file is listed once. A missing path raises FileNotFoundError naming it.
    """
    result: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            result.append(p)

    for arg in paths:
        p = Path(os.path.abspath(os.fspath(arg)))
        if not p.exists():
            raise FileNotFoundError(f"{arg}: no such file or directory")
        if not p.is_dir():
            add(p)
            continue
        found: list[Path] = []

        def unreadable(err: OSError) -> None:
            if rejects is not None:
                rejects.append((safe_name(str(err.filename)), f"cannot read folder ({err.strerror or err})"))

        for root, dirs, files in os.walk(p, onerror=unreadable):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d.lower() not in JUNK_DIR_NAMES]
            for f in files:
                fp = Path(root) / f
                # FIFOs, devices and sockets stay in the list, to be rejected with a reason
                if not _is_junk(f) and not fp.is_dir():
                    found.append(fp)
        for fp in sorted(found):
            add(fp)
    return result
