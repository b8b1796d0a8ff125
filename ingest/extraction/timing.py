"""Time roles: the years a sentence states, which of them is a base year (较2020年, 同比) and
which a target year, and the year of a number that states none (the paragraph's, the section's,
the reviewed year, the plan's)."""

from __future__ import annotations

import re

from .filters import inside_title
from .rules import rx

YEAR_RE = rx("year")
YEAR_SERIES = rx("year_series")
THIS_YEAR = rx("this_year")
EVALUATED_YEAR = rx("evaluated_year")
BASE_YEAR_BEFORE = rx("base_year_before")
BASE_YEAR_AFTER = rx("base_year_after")
RELATIVE_PAST = rx("relative_past")
RELATIVE_PRESENT = rx("relative_present")
RELATIVE_NEXT = rx("relative_next")
PLAN_YEAR_WORDS = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_PLAN_WORD_RE = re.compile("|".join(PLAN_YEAR_WORDS))
_EDITION_AFTER = re.compile(r"\s*年?\s*版")
FOUR_DIGITS = re.compile(r"(?:19|20)[0-9]{2}")
_DRAFTING = re.compile(r"(?:编制|谋划|起草|研究|启动|衔接|筹备)\s*[“\"『「]?$")
_SINCE = re.compile(r"[”\"』」]?\s*(?:规划)?(?:实施)?以来")

Year = tuple[int, int, int, int]  # (position, first year, last year, end)


def years_in(text: str, start: int, end: int, plan_words: bool = True) -> list[Year]:
    """Year expressions in text[start:end], cited ones (《…2022年…》, 2022年版) left out;
    plan words (十四五 → 2025) among them unless `plan_words` is False."""
    out = []
    for m in YEAR_SERIES.finditer(text, start, end):
        if not _names_a_citation(text, m.start(), m.end(), start):
            out.append((m.start(), int(m.group(1)), int(m.group(2)), m.end()))
    for m in YEAR_RE.finditer(text, start, end):
        if any(s <= m.start() < e for s, _, _, e in out) or _names_a_citation(text, m.start(), m.end(), start):
            continue
        if _SINCE.match(text, m.end()) and not m.group(2):
            continue  # 2018年以来: where a period starts, not the year its figures are for
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        out.append((m.start(), first, last, m.end()))
    for m in _PLAN_WORD_RE.finditer(text, start, end) if plan_words else ():
        if _SINCE.match(text, m.end()) or _DRAFTING.search(text, max(start, m.start() - 5), m.start()):
            continue  # “十四五”以来: since the period began; 编制“十五五”规划: the plan to write, not its year
        year = PLAN_YEAR_WORDS[m.group()]
        out.append((m.start(), year, year, m.end()))
    return sorted(out)


def listed_years(text: str, y: Year) -> list[int]:
    """The years of a year-by-year list (2023年、2024年、2025年 → three) or a range (2023—2025年)."""
    found = [int(v) for v in FOUR_DIGITS.findall(text, y[0], y[3])]
    if len(found) > 2 or (len(found) == 2 and text[y[0]:y[3]].find("、") != -1):
        return found
    return list(range(y[1], y[2] + 1)) if y[2] > y[1] else [y[1]]


def base_year_rule(text: str, y: Year, floor: int) -> str:
    """较2020年, 比2022年, 与2020年相比, 2022年同期: a year things are measured against (the rule's name).
    The floor is the clause's start; a year of the sentence before it (…比2016年前移2位；规上…) is read
    with its own words before it."""
    if BASE_YEAR_BEFORE.search(text, max(floor, y[0] - 4) if floor <= y[0] else max(0, y[0] - 4), y[0]):
        return "base_year_before"
    return "base_year_after" if BASE_YEAR_AFTER.match(text[y[3] : y[3] + 12]) else ""  # ^ needs a slice


def _names_a_citation(text: str, i: int, j: int, floor: int) -> bool:
    return inside_title(text, i, floor) or bool(_EDITION_AFTER.match(text, j, j + 4))


def year_scopes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each sentence, the span whose years it reads: clauses joined by ； share the year
    stated anywhere in their 。-sentence."""
    scopes: list[tuple[int, int]] = []
    group: list[tuple[int, int]] = []
    for s, e in spans:
        group.append((s, e))
        if text[e - 1] not in "；;":
            scopes += [(group[0][0], e)] * len(group)
            group = []
    if group:
        scopes += [(group[0][0], group[-1][1])] * len(group)
    return scopes
