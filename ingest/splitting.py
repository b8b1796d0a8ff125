"""Split a source file into its policy documents.

A file is one document unless it is a compilation, recognised in this order:
1. a table of contents (entries ending in a page number, e.g. "1.区落实…工作意见2"): each
   document starts at the first later line(s) spelling an entry's title;
2. numbered headers: "3. 眉山市人民政府办公室关于印发《…》的通知（2023 年6 月1 日）", the
   number possibly on its own line and the title over several lines, with an issuing body
   before 关于/印发, and a date (in brackets or on its own line) or a 文号 line right after.
   Their numbers rise, restarting at 1 in a new section; list items never have all of this.
3. failing both, unnumbered heads: a title with an issuing body and a 文号 line right before or
   after it, at least twice. A 文号 is what sets a document head apart from a title quoted inside a
   document (附件 titles, 转发 lines); the head starts at the 文号 when that comes first.
Documents tile the file: each ends where the next begins, the last at the end of the text;
what comes before the first (compilation title, table of contents, section names) is left out.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
import re
from pathlib import Path

from .cleaning import clean_view
from .metadata import (
    NUMBER_PREFIX,
    extract_metadata,
    fold,
    is_date_line,
    is_doc_number_line,
    read_heading,
    squeeze,
)
from .records import Document, SourceText

_TOC_TITLE = re.compile(r"^目\s*[录次]$")
_BRACKET_TAIL = re.compile(r"[（(][^（()）]*\d[^（()）]*[)）]")  # the header's （2023年5月4日）
_TOC_ENTRY = re.compile(r"^(?:(?P<n>\d{1,3})\s*[.．、]\s*)?(?P<title>.{4,}?)[\s.…·．_\-—]*(?P<page>\d{1,4})$")


def split_documents(source: SourceText) -> list[Document]:
    text = source.text
    view = clean_view(text)
    lines = view.text.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    sq = [squeeze(line) for line in lines]  # once: the three readings below all test squeezed lines
    starts = max(_toc_starts(sq), _header_starts(lines, sq), key=len) or _unnumbered_starts(lines, sq)  # a tie: TOC
    if not starts:
        first = next((k for k, line in enumerate(lines) if line.strip()), None)
        starts = [] if first is None else [first]
    bounds = [view.origin(offsets[k] + _indent(lines[k])) for k in starts]
    stop = len(text.rstrip())
    stem = Path(source.source_file).stem
    documents = []
    for ordinal, (start, end) in enumerate(zip(bounds, bounds[1:] + [stop]), 1):
        documents.append(Document(
            document_id=f"{stem}#{ordinal:02d}",
            source_file=source.source_file,
            ordinal=ordinal,
            char_start=start,
            char_end=end,
            content_hash=content_hash(text, start, end),
            **extract_metadata(text, start, end),
        ))
    return documents


def content_hash(text: str, start: int, end: int) -> str:
    """sha256 of text[start:end] without noise lines and whitespace."""
    clean = "".join(clean_view(text, start, end).text.split())  # str.split's whitespace is re's \s
    return hashlib.sha256(clean.encode("utf-8")).hexdigest()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _toc_starts(sq: list[str], scan: int = 200) -> list[int]:
    """Line indexes where the documents named by a table of contents begin (`sq`: the squeezed lines)."""
    entries, end = _toc_entries(sq, min(scan, len(sq)))
    starts = []
    for title, page in entries:
        found = _find_title_line(sq, end, title, page)
        if found is not None:
            starts.append(found)
            end = found + 1
    return starts


def _toc_entries(sq: list[str], scan: int) -> tuple[list[tuple[str, str]], int]:
    """Entries of the table of contents: after a 目录 line, or a run of numbered entries 1, 2, …"""
    for k in range(scan):
        if _TOC_TITLE.match(sq[k]):
            block, end = _toc_block(sq, k + 1)
            if block:
                return [(t, p) for _, t, p in block], end
    for k in range(scan):
        if NUMBER_PREFIX.match(sq[k]):
            block, end = _toc_block(sq, k)
            if len(block) >= 2 and all(n is not None for n, _, _ in block):
                return [(t, p) for _, t, p in block], end
    return [], 0


def _toc_block(sq: list[str], k: int) -> tuple[list[tuple[int | None, str, str]], int]:
    """The entries (number, title, page) of a run of TOC lines starting at k, and the index after it."""
    block, expected = [], None
    while k < len(sq):
        if not sq[k]:
            k += 1
            continue
        m = _TOC_ENTRY.match(sq[k])
        if not m or re.search(r"[。；，]", m.group("title")):
            break
        n = int(m.group("n")) if m.group("n") else None
        if expected is not None and n != expected:
            break
        block.append((n, fold(m.group("title")), m.group("page")))
        expected = n + 1 if n is not None else None
        k += 1
    return block, k


def _find_title_line(sq: list[str], start: int, title: str, page: str) -> int | None:
    """First line at or after start whose text (with the next lines) spells exactly the title.

    The page number is glued to the title ("…意见18"), so the title may keep some of its digits:
    the longest reading found wins. The line may add the document's date in brackets.
    """
    readings = [title + page[:cut] for cut in range(len(page) - 1, -1, -1)]
    for k in range(start, len(sq)):
        head = fold(NUMBER_PREFIX.sub("", sq[k]))
        if not head:
            continue
        for reading in readings:
            if not (reading.startswith(head) or head.startswith(reading)):
                continue
            buf, j = head, k
            while len(buf) < len(reading) and j + 1 < len(sq) and j < k + 5:
                j += 1
                buf += fold(sq[j])
            if buf == reading or (buf.startswith(reading) and _BRACKET_TAIL.fullmatch(buf[len(reading):])):
                return k
    return None


def _header_starts(lines: list[str], sq: list[str], follow: int = 4) -> list[int]:
    """Line indexes of the numbered headers of a compilation (at least two, numbers rising)."""
    starts, previous = [], None
    for k, line in enumerate(sq):
        if not NUMBER_PREFIX.match(line):
            continue
        h = read_heading(lines, k)
        if not h or not h.issuer or h.number is None:
            continue
        after = [sq[j] for j in range(h.last + 1, min(h.last + 1 + 3 * follow, len(lines))) if lines[j].strip()][:follow]
        if not (h.issue_date or h.doc_number or any(is_doc_number_line(s) or is_date_line(s) for s in after)):
            continue
        if previous is not None and not (h.number == 1 or h.number > previous):
            continue
        starts.append(k)
        previous = h.number
    return starts if len(starts) >= 2 else []


def _unnumbered_starts(lines: list[str], sq: list[str], near: int = 2) -> list[int]:
    """Line indexes of unnumbered document heads (see the module docstring), or [] when fewer than two."""
    nonblank = [k for k, line in enumerate(lines) if line.strip()]
    numbered = [i for i, k in enumerate(nonblank) if is_doc_number_line(sq[k])]
    if len(numbered) < 2:
        return []  # the common case, a single document: no title is read at all
    starts: list[int] = []
    titles: set[int] = set()  # the title line of each start: a portal's info block repeats the 文号 of one title
    for i in numbered:
        # a title in the few lines after the 文号 (the head starts at the 文号), else one just before it
        for t in [*range(i + 1, min(i + 1 + near, len(nonblank))), *range(max(0, i - near - 3), i)]:
            k = nonblank[t]
            h = read_heading(lines, k)
            if h is None or not h.issuer or NUMBER_PREFIX.match(sq[k]):
                continue
            if t < i and nonblank[i] not in nonblank[bisect_right(nonblank, h.last):][:near]:
                continue  # the 文号 must follow the title closely
            start = nonblank[i] if t > i else k
            if h.first not in titles and (not starts or start > starts[-1]):
                starts.append(start)
            titles.add(h.first)
            break
    return starts if len(starts) >= 2 else []
