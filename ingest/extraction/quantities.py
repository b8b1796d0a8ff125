"""Quantities: sentences of a clean view, and every number followed by a unit in them.

A number without a unit is never a measure (dates, 文号, list numbering, hotlines)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..numbers import (ARABIC, CHINESE, FRACTION_RE, MINUS_SIGNS, NUMBER_RE, PERCENT_WORD_RE,
                       is_arabic, parse_fraction, parse_number)
from .rules import UnitAlias, rx, subject_units, unit_aliases

HEADING_START = rx("heading_start")
PLAIN_HEADING = rx("plain_heading")
SECTOR_RATIO = rx("sector_ratio")
SUBJECT_UNIT_GAP = rx("subject_unit")
# Number grammar, not a cue: the low end of a range or the first item of a list (3—10个, 2.5、5个工作日).
RANGE_MARK = re.compile(r"[—–\-~～至到]")
LOW_END = re.compile(rf"({ARABIC}|{CHINESE})\s*[—–\-~～至到、和及]\s*$")
_BOUNDARY = re.compile(r"[。！？；;!?\n]")
_CLAUSE_MARK = re.compile(r"[，,、；;]")
_CLOSING_QUOTES = "”’」』"  # (an ASCII quote may open the next sentence's quote)


@dataclass
class Candidate:
    start: int  # clean-view index of the number
    end: int
    value: float
    number_text: str
    unit: str
    unit_kind: str
    unit_text: str
    unit_end: int  # clean-view index after the unit (and 以上/以内 is looked for from here)
    more: bool = False  # 10余个, 1000多
    dropped_by: str = ""  # the filter rule that ruled it out (trace of a non-measure)
    condition: str = ""  # the rule that found it to be a condition of a rule (kind rule)
    found_by: str = ""  # a rule that found a number with no unit of its own (sector_ratio)
    label: str = ""  # the subject that rule names (第一产业占比)
    unit_rule: str = ""  # a rule that found the unit away from the number (subject_unit)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a clean view. A line break ends a sentence only before a heading or after
    sentence-final punctuation: OCR breaks lines (and pages) in the middle of sentences."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        i = m.start()
        if text[i] != "\n":
            j = i + 1
            while j < n and text[j] in _CLOSING_QUOTES:
                j += 1  # 。” closes the quote too: the next sentence starts after it
            spans.append((start, j))
            start = j
            continue
        prev = text[start:i].rstrip()
        nxt_end = text.find("\n", i + 1)
        nxt = text[i + 1 : nxt_end if nxt_end != -1 else n]
        if prev and prev[-1].isdigit() and nxt.lstrip().startswith("年"):
            continue  # heading_wrapped_in_year: OCR broke "一、2023" / "年工作回顾" inside the year
        if ((not prev) or prev[-1] in "：:" or HEADING_START.match(nxt) or PLAIN_HEADING.match(nxt.strip())
                or _looks_like_heading(prev) or _is_title_line(prev) or _numbered_line_over_blank(prev, nxt)):
            if prev:
                spans.append((start, i))
            start = i + 1
    if text[start:].strip():
        spans.append((start, n))
    return spans


def _is_title_line(line_text: str) -> bool:
    """title_line_ends: a document's title on a line of its own (某省2023年国民经济和社会发展计划) ends
    there; the body's first sentence under it opens its own paragraph."""
    last_line = line_text.rsplit("\n", 1)[-1].strip()
    return 6 <= len(last_line) <= 60 and not _CLAUSE_MARK.search(last_line) and bool(_TITLE_END.search(last_line))


_TITLE_END = re.compile(r"(?:方案|计划|规划|要点|意见|措施|通知|报告|办法|条例|规定|细则|清单|总结|纲要)[)）]?$")


def _looks_like_heading(line_text: str) -> bool:
    """A short numbered line with no clause punctuation; OCR wraps body lines anywhere, so a
    line that merely starts with （二） may well continue on the next one."""
    last_line = line_text.rsplit("\n", 1)[-1].strip()
    if last_line.startswith(("——", "--")):  # ——2024年1月10日在…会议上: a report's date line
        return True
    if last_line == line_text.strip() and PLAIN_HEADING.match(last_line):
        return True  # 回顾2023年工作成果 on a line of its own (a wrapped OCR line is never the whole sentence)
    if "\n" in line_text.strip() and line_text.count("\n") <= 3:
        last_line = "".join(line_text.split())  # a heading wrapped in its year or after its number
    m = HEADING_START.match(last_line)  # the 、 of 一、 is the number's, not a clause's
    if m and not last_line[m.end():].strip():
        return False  # heading_number_alone: OCR put "一、" on a line of its own, its words follow
    return bool(m) and len(last_line) <= 30 and not _CLAUSE_MARK.search(last_line, m.end())


def _numbered_line_over_blank(prev: str, nxt: str) -> bool:
    """numbered_heading_with_comma: a numbered line of its own with a blank line under it is a heading,
    though it has a comma ((一)切实强化服务保障，双奥筹办圆满完成); without the blank line it may be a
    wrapped body line."""
    if nxt.strip() or "\n" in prev.strip():
        return False
    line = prev.strip()
    m = HEADING_START.match(line)
    return bool(m) and len(line) <= 40 and not re.search(r"[。；;！!？?]", line[m.end():])


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n\u3000":
        i += 1
    return i


@lru_cache(maxsize=1)
def _unit_regex() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(u.surface) for u in unit_aliases()))  # longest first


@lru_cache(maxsize=1)
def _unit_first_chars() -> frozenset[str]:
    return frozenset(u.surface[0] for u in unit_aliases())


@lru_cache(maxsize=1)
def _number_before_unit() -> re.Pattern[str]:
    """NUMBER_RE, only where a unit, a multiplier or a range or list mark may follow: most numerals
    (四川, 一体化) are followed by none, and skipping them in re is much faster than in Python. The token
    is atomic, so a numeral is never cut short to make the test pass (same tokens as NUMBER_RE)."""
    follow = sorted(_unit_first_chars() | set("多余成万亿千—–-~～至到、和及"))
    first = "0-9０-９零〇一二两三四五六七八九十百千万亿半"  # a first-character guard re can skip to
    return re.compile(rf"(?=[{first}])(?>{NUMBER_RE.pattern})(?=[{re.escape(_SPACES)}]*[{''.join(map(re.escape, follow))}])")


@lru_cache(maxsize=1)
def _unit_by_surface() -> dict[str, UnitAlias]:
    return {u.surface: u for u in unit_aliases()}


_SPACES = " \t\r\n\u3000"


def _match_unit(text: str, i: int) -> tuple[UnitAlias, int] | None:
    """The unit starting at text[i], with a 万/亿 multiplier the vocabulary does not list (2600万盆, 105亿枝)."""
    found = _match_listed_unit(text, i)
    if found:
        return found
    j = _skip_space(text, i)
    for prefix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if text.startswith(prefix, j):
            inner = _match_listed_unit(text, j + len(prefix))
            if inner and inner[0].kind in ("count", "money", "other"):
                alias, end = inner
                return UnitAlias(prefix + alias.surface, alias.unit, alias.factor * factor, alias.kind), end
            return None
    return None


def _match_listed_unit(text: str, i: int) -> tuple[UnitAlias, int] | None:
    """The unit of the vocabulary starting at text[i] (spaces and line breaks inside it are allowed)."""
    j = _skip_space(text, i)
    window = text[j : j + 8]
    if not any(ch in _SPACES for ch in window):
        m = _unit_regex().match(window)
        return (_unit_by_surface()[m.group()], j + m.end()) if m else None
    # Compact the next few characters (OCR breaks lines inside units), remembering positions.
    chars: list[str] = []
    pos: list[int] = []
    k = j
    while k < len(text) and len(chars) < 6:
        if text[k] not in _SPACES:
            chars.append(text[k])
            pos.append(k)
        k += 1
    m = _unit_regex().match("".join(chars))
    return (_unit_by_surface()[m.group()], pos[m.end() - 1] + 1) if m else None


# 78.85分 ends there (a mark, a joining word or the rank it won follows: 以89.09分获得第一名, 92分居全省首位),
# 分类/分局/分钟 do not
_POINT_END = re.compile(r"$|[^\u4e00-\u9fff]|[以左的和及较位获居列排高低]")
# lost_decimal_point: a leading zero and one more digit before a unit is 0.x whose point OCR lost (05个工作日)
LOST_DECIMAL_POINT = re.compile(r"0[1-9]")
_DATE_SEPARATORS = "-/.．:：—–－"
# half_word: 一半 after a verb of change or an estimate (减少近一半, 压缩一半, 超过一半) is 50%
HALF_WORD = re.compile(r"(?<=[近约超过少缩降增加高减])一半")
# round_number: a bare 百/千/万/亿 after 超, 逾, 近, 上, 破 is the round number itself (超千件, 上万人, 近万亿元);
# 万亿 is parsed as one numeral
_ROUND_BEFORE = "超逾近上破"
ROUND_NUMBERS = ("百", "千", "万", "亿", "万亿")


def find_candidates(text: str) -> list[Candidate]:
    """Every number followed by a unit in a text (a sentence or a whole clean view)."""
    found: list[Candidate] = []
    occupied = bytearray(len(text) + 1)  # characters already part of a candidate: linear in the text

    def free(s: int, e: int) -> bool:
        return not any(occupied[s:e])

    def take(s: int, e: int) -> None:
        occupied[s:e] = b"\x01" * (e - s)

    for m in PERCENT_WORD_RE.finditer(text):
        value = parse_number(m.group(1))
        if value is not None:
            found.append(Candidate(m.start(), m.end(), value, m.group(), "percent", "ratio", "百分之", m.end()))
            take(m.start(), m.end())
    for m in HALF_WORD.finditer(text):  # half_word: 减少近一半 is a change of 50%
        found.append(Candidate(m.start(), m.end(), 50.0, m.group(), "percent", "ratio", "一半", m.end()))
        take(m.start(), m.end())
    for m in SECTOR_RATIO.finditer(text):  # sector_ratio: 三次产业结构为11.7∶40.8∶47.5 is three shares
        for g in (1, 2, 3):
            value = parse_number(m.group(g))
            if value is not None and value <= 100:
                found.append(Candidate(m.start(g), m.end(g), value, m.group(g), "percent", "ratio", "", m.end(g),
                                       found_by="sector_ratio", label=f"第{'一二三'[g - 1]}产业占比"))
                take(m.start(g), m.end(g))
    for m in FRACTION_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = parse_fraction(m.group(1), m.group(2))
        if value is not None:
            found.append(Candidate(m.start(), m.end(), value, m.group(), "percent", "ratio", "分之", m.end()))
            take(m.start(), m.end())
    for m in _number_before_unit().finditer(text):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        token = m.group()
        if not is_arabic(token) and token in ROUND_NUMBERS and not (s and text[s - 1] in _ROUND_BEFORE):
            continue  # a bare multiplier: folded into the number before it (round_number: 超千件 is one)
        value = parse_number(token)
        if value is None:
            continue
        if LOST_DECIMAL_POINT.fullmatch(token) and not (s and text[s - 1] in _DATE_SEPARATORS):
            value = value / 10  # lost_decimal_point: OCR drops the point of 0.5 (不超过05个工作日), not 2023-06-08's
        # 10余个, 1000多篇: more than the number
        more = False
        k = e
        j = _skip_space(text, e)  # OCR puts spaces anywhere: 50 余项
        if j < len(text) and text[j] in "多余" and (j == e or is_arabic(token)):
            more, k = True, j + 1
        if token in ROUND_NUMBERS and text[s - 1] in "超逾上破":
            more = True  # round_number: 上万户, 逾千家 are more than the round number (近千家 is about it)
        # 成 after a Chinese numeral: 九成 = 90%
        if not is_arabic(token) and k < len(text) and text[k] == "成" and not text[k + 1 : k + 2] in ("为", "立", "果", "效", "本"):
            found.append(Candidate(s, e, value * 10, token, "percent", "ratio", "成", k + 1, more))
            take(s, k + 1)
            continue
        # A multiplier written apart from the unit: 0.35万人次 is in the alias list, 1.5万 + 家 is not.
        factor = 1.0
        if k < len(text) and text[k] in "万亿千" and is_arabic(token):
            unit_here = _match_unit(text, k)
            if unit_here is None:  # 110千伏, 160千瓦: 千 belongs to the unit
                factor = {"万": 1e4, "亿": 1e8, "千": 1e3}[text[k]]
                k += 1
                if k < len(text) and text[k] in "多余" and not more:  # 2万余件次, 35万多户: more than
                    more, k = True, k + 1
        unit = _match_unit(text, k)
        unit_rule = ""
        if unit is None and factor != 1.0:
            noun_unit = _subject_unit(text, s)  # subject_unit: 使用人次已达508万
            if noun_unit is None:
                continue
            unit, unit_rule = (noun_unit, k), "subject_unit"
        if unit is None:
            continue
        alias, unit_end = unit
        if token in ROUND_NUMBERS and alias.kind == "duration":
            continue  # 近百年来: an age, not a round count
        if alias.unit == "point" and (not is_arabic(token) or not _POINT_END.match(text, unit_end)):
            continue  # 十分重要, 一分为二, 00331分类: words, not score points
        if alias.surface == "个" and not is_arabic(token) and text[unit_end : unit_end + 1] == "半":  # 一个半
            value += 0.5
        if _signed(text, s, token):  # 增长-2.1%: a fall written as a negative growth rate
            s, token, value = s - 1, text[s - 1] + token, -value
        found.append(
            Candidate(s, e, value * factor * alias.factor, token, alias.unit, alias.kind, alias.surface, unit_end, more,
                      unit_rule=unit_rule)
        )
        take(s, unit_end)
    # The low end of a range and the first items of a list carry no unit of their own:
    # 3—10个, 3至5个工作日, 分别压缩至2.5、5个工作日.
    # A list of three or more (120、100和80个工作日) hands the unit on item by item, so a new item is looked behind too.
    pending = sorted(found, key=lambda c: c.start)
    while pending:
        c = pending.pop()
        m = LOW_END.search(text[max(0, c.start - 12) : c.start])
        if m:
            s = c.start - (len(text[max(0, c.start - 12) : c.start]) - m.start())
            e = s + len(m.group(1))
            value = parse_number(m.group(1))
            if value is not None and free(s, e) and is_arabic(m.group(1)) == is_arabic(c.number_text) and c.unit != "year":
                item = Candidate(s, e, value * _factor(c), m.group(1), c.unit, c.unit_kind, c.unit_text, e)
                found.append(item)
                take(s, e)
                if not RANGE_MARK.search(text, e, c.start):  # a range has two ends only
                    pending.append(item)
    found.sort(key=lambda c: c.start)
    return found


@lru_cache(maxsize=1)
def _subject_noun() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(n) for n in sorted(subject_units(), key=len, reverse=True)))


def _subject_unit(text: str, s: int) -> UnitAlias | None:
    """subject_unit: the unit a count noun before a bare 万/亿 number names, when only connecting words
    (已达, 突破, 总量) stand between them in the clause."""
    window = text[max(0, s - 16) : s]
    window = _CLAUSE_BREAK.split(window)[-1]
    for m in reversed(list(_subject_noun().finditer(window))):
        if SUBJECT_UNIT_GAP.match(window[m.end() :]):
            return subject_units()[m.group()]
    return None


_CLAUSE_BREAK = re.compile(r"[，,、；;。！？!?：:（）()\n]")


_SIGN_AFTER = re.compile(r"(?:增长|增速|增幅|降幅|涨幅|变动|为|达|是|率|[|｜（(：:，,=\s])$")


def _signed(text: str, s: int, token: str) -> bool:
    """A minus sign belongs to the number after a word or a cell border (增长-2.1%, | -3.5% |),
    never after a digit or a letter, where it is a range or a code (2023-2025年, 0851-12345)."""
    if s == 0 or text[s - 1] not in MINUS_SIGNS or not is_arabic(token):
        return False
    # a rate's word or a cell border, never a unit (3万元-5万元 is a range)
    return bool(_SIGN_AFTER.search(text, max(0, s - 4), s - 1)) or s == 1


def _factor(c: Candidate) -> float:
    """The multiplier a candidate's unit applied (万元 → 10000), to apply to a range's low end."""
    raw = parse_number(c.number_text)
    return c.value / raw if raw else 1.0


