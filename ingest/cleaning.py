"""Noise in received text: page markers, paywall markers, advertising lines, page footers.

Offsets must stay valid against the decoded source, so nothing is deleted from the source:
`noise_spans` says which lines are noise, and `CleanView` is a copy of a slice of the text
with those lines removed and a map from every kept character back to its source offset.
The patterns live in seeds/noise_patterns.csv so that analysts can add their own.
"""

from __future__ import annotations

import csv
import re
try:  # the seed's patterns are parsed to group them for speed
    from re import _constants, _parser
except ImportError:  # Python < 3.11
    import sre_constants as _constants, sre_parse as _parser  # type: ignore[no-redef]
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from . import SEEDS_DIR


@lru_cache(maxsize=1)
def noise_pattern() -> re.Pattern[str]:
    """One pattern for all rows of the seed: a line is noise when any row's pattern is found in it.
    MULTILINE (^ and $ at line ends) lets one search over a whole text find the few candidate lines.

    Python's re tries every branch of an alternation at every position, so the rows are grouped for
    speed (the same matches): rows anchored at a line start under one ^, and the other rows behind a
    lookahead for the characters they can start with (a portal seed has a dozen rows; ~5x faster)."""
    with open(SEEDS_DIR / "noise_patterns.csv", encoding="utf-8", newline="") as f:
        patterns = [row["pattern"] for row in csv.DictReader(f)]
    anchored = [p[1:] for p in patterns if _is_anchored(p)]
    others = [p for p in patterns if not _is_anchored(p)]
    firsts = [_first_chars(p) for p in others]
    groups = []
    if anchored:
        groups.append("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")")
    if others and all(firsts):
        chars = sorted(set().union(*firsts))
        groups.append("(?=[" + "".join(re.escape(c) for c in chars) + "])(?:" + "|".join(f"(?:{p})" for p in others) + ")")
    else:
        groups += [f"(?:{p})" for p in others]
    return re.compile("|".join(groups), re.IGNORECASE | re.MULTILINE)


def _is_anchored(pattern: str) -> bool:
    """The pattern starts with ^ (not inside a top-level alternation)."""
    items = list(_parser.parse(pattern))
    return bool(items) and items[0] == (_constants.AT, _constants.AT_BEGINNING)


def _first_chars(pattern: str) -> set[str] | None:
    """Every character a match of the pattern can start with (both cases), or None when that is not
    a small literal set (a pattern that may start with \\s, ., a class negation ...)."""

    def of(items) -> set[str] | None:
        if not len(items):
            return None
        op, av = items[0]
        if op == _constants.LITERAL:
            c = chr(av)
            return {c, c.lower(), c.upper()}
        if op == _constants.IN:
            out: set[str] = set()
            for kind, value in av:
                if kind != _constants.LITERAL:
                    return None
                c = chr(value)
                out |= {c, c.lower(), c.upper()}
            return out
        if op == _constants.BRANCH:
            out = set()
            for branch in av[1]:
                first = of(branch)
                if first is None:
                    return None
                out |= first
            return out
        if op == _constants.SUBPATTERN:
            return of(av[-1])
        return None

    return of(_parser.parse(pattern))


def is_noise_line(line: str) -> bool:
    body = line.rstrip("\r\n")
    return bool(body.strip()) and bool(noise_pattern().search(body))


def noise_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every noise line of the text that lies in text[start:end], line break included
    (clipped to the slice). The lines of a text are found once: a file's text is cleaned per document."""
    end = len(text) if end is None else end
    return [(max(s, start), min(e, end)) for s, e in _all_noise_spans(text) if s < end and e > start]


@lru_cache(maxsize=2)  # the text being processed and a document body (dedup); str caches its hash
def _all_noise_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    done = 0  # lines before this offset are decided
    for m in noise_pattern().finditer(text):
        # every line the match touches is checked on its own (a \s* may have run over line breaks)
        pos = max(done, text.rfind("\n", 0, m.start()) + 1)
        while pos < len(text) and pos <= m.end():
            nl = text.find("\n", pos)
            line_end = len(text) if nl == -1 else nl + 1
            if is_noise_line(text[pos:line_end]):
                spans.append((pos, line_end))
            pos = line_end
        done = max(done, pos)
    if "\u2060" in text:
        # a line with a pinyin annotation's joiners (涉密文件严⁠⁠⁠⁠禁上网) is judged without them
        for m in _JOINED_LINE.finditer(text):
            line = m.group()
            if (m.start(), m.end()) not in spans and is_noise_line(_JOINERS.sub("", line)):
                spans.append((m.start(), m.end()))
        spans.sort()
    return tuple(spans)


_JOINED_LINE = re.compile(r"[^\n]*\u2060[^\n]*\n?")


_JOINERS = re.compile("\u2060+")


@dataclass
class CleanView:
    """text[start:end] of a source with noise lines removed, and where each kept piece came from.

    The map is piecewise (one entry per kept run of text), not per character: a 50 MB file
    has a handful of noise lines, and a per-character list would cost gigabytes.
    """

    text: str
    piece_starts: list[int]  # index in `text` where each kept piece begins (ascending)
    piece_sources: list[int]  # source offset of that first character

    def origin(self, i: int) -> int:
        """Source offset of text[i]."""
        k = bisect_right(self.piece_starts, i) - 1
        return self.piece_sources[k] + (i - self.piece_starts[k])

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets of the clean slice [i, j)."""
        return self.origin(i), self.origin(j - 1) + 1


def clean_view(text: str, start: int = 0, end: int | None = None) -> CleanView:
    end = len(text) if end is None else end
    pieces: list[str] = []
    piece_starts: list[int] = []
    piece_sources: list[int] = []
    length = 0
    pos = start
    cut = noise_spans(text, start, end)
    if "\u2060" in text[start:end]:
        # The matching text's joiners (a pinyin annotation: 執(zhí)行 → 执⁠⁠⁠⁠⁠行; spaces inside a split
        # number: 1 5个 → 1⁠5个) are left out too, so words and numbers read whole: 执行, 15.
        cut = sorted(cut + [m.span() for m in _JOINERS.finditer(text, start, end)])
    for s, e in cut + [(end, end)]:
        if s > pos:
            pieces.append(text[pos:s])
            piece_starts.append(length)
            piece_sources.append(pos)
            length += s - pos
        pos = max(pos, e)
    if not pieces:
        piece_starts, piece_sources = [0], [start]
    return CleanView("".join(pieces), piece_starts, piece_sources)
