"""Noise in received text: page markers, paywall markers, advertising lines, page footers.

Offsets must stay valid against the decoded source, so nothing is deleted from the source:
`noise_spans` says which lines are noise, and `CleanView` is a copy of a slice of the text
with those lines removed and a map from every kept character back to its source offset.
The patterns live in seeds/noise_patterns.csv so that analysts can add their own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from . import SEEDS_DIR


@lru_cache(maxsize=1)
def noise_patterns() -> tuple[re.Pattern[str], ...]:
    with open(SEEDS_DIR / "noise_patterns.csv", encoding="utf-8", newline="") as f:
        return tuple(re.compile(row["pattern"], re.IGNORECASE) for row in csv.DictReader(f))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def noise_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every noise line in text[start:end], line break included."""
    end = len(text) if end is None else end
    patterns = noise_patterns()
    spans = []
    for m in _LINE.finditer(text, start, end):
        if m.start() == m.end():
            break
        line = m.group().rstrip("\r\n")
        if line.strip() and any(p.search(line) for p in patterns):
            spans.append((m.start(), m.end()))
    return spans


@dataclass
class CleanView:
    """text[start:end] of a source with noise lines removed; `origin[i]` is the source offset of text[i]."""

    text: str
    origin: list[int]

    def source_span(self, i: int, j: int) -> tuple[int, int]:
        """Source offsets of the clean slice [i, j)."""
        return self.origin[i], self.origin[j - 1] + 1


def clean_view(text: str, start: int = 0, end: int | None = None) -> CleanView:
    end = len(text) if end is None else end
    pieces: list[str] = []
    origin: list[int] = []
    pos = start
    for s, e in noise_spans(text, start, end) + [(end, end)]:
        if s > pos:
            pieces.append(text[pos:s])
            origin.extend(range(pos, s))
        pos = max(pos, e)
    return CleanView("".join(pieces), origin)
