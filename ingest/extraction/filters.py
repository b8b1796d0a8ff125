"""Named filters: numbers with a unit that are still not measures (dates, names, ordinals,
framework sizes, conditions). Each test returns the name of the rule that ruled the number out."""

from __future__ import annotations

import re

from ..numbers import is_arabic
from .cues import GE_AFTER, GE_BEFORE, LE_AFTER, LE_BEFORE, WS
from .quantities import Candidate
from .rules import non_measure_patterns, rx

MINIMUM_BEFORE = rx("minimum_before")
FREQUENCY_BEFORE = rx("frequency_before")
DEADLINE_VERB = rx("deadline_verb")
DAY_OF_MONTH = rx("day_of_month")
PER_ONE_BEFORE = rx("per_one_before")
SIZE_QUALIFIER_AFTER = rx("size_qualifier_after")
ELECTRICAL_CLASS_AFTER = rx("electrical_class_after")
QUALIFIES_LATER = rx("qualifies_later")
QUALIFIER_AFTER = rx("qualifier_after")
ELECTRICAL_UNITS = frozenset({"kilovolt", "kilowatt", "kilovolt_ampere"})
_YEAR_RANGE_AFTER = re.compile(r"^\s*[—–\-~～至到]\s*(?:19|20)\d\d")
_ADJECTIVE_NEXT = re.compile(r"[\u4e00-\u9fff“”\"]")


def non_measure_rule(text: str, c: Candidate, sentence_start: int, regulation: bool = False) -> str | None:
    """The name of the filter rule that rules the candidate out, or None when it is a measure.
    `regulation`: the document is a 办法/条例/…, where N件以上的 + noun says who qualifies."""
    before = text[max(sentence_start, c.start - 12) : c.start]
    after = text[c.unit_end : c.unit_end + 24]
    after_number = text[c.end : c.end + 24]
    arabic = is_arabic(c.number_text)
    if c.unit == "year" and arabic and 1900 <= c.value <= 2100:
        return "nm_calendar_year"
    if c.unit_text == "日" and DAY_OF_MONTH.search(before):
        return "nm_day_of_month"
    if c.unit in ("year", "month") and not (LE_BEFORE.search(before) or MINIMUM_BEFORE.search(before)
                                            or LE_AFTER.match(after) or GE_AFTER.match(after)):
        return "nm_duration_of_plan"  # 通过3年的努力 (but 至少保存两年 is a commitment)
    if arabic and len(c.number_text) == 4 and c.number_text.startswith(("19", "20")) and _YEAR_RANGE_AFTER.match(after_number):
        return "nm_year_range"
    if text[c.unit_end : c.unit_end + 1] == "性":
        return "nm_adjective_xing"
    if not arabic and c.unit_kind in ("count", "money", "other") and c.unit != "times":
        if not (c.unit_text == "次" and FREQUENCY_BEFORE.search(WS.sub("", text[max(sentence_start, c.start - 24) : c.start]))):
            return "nm_chinese_count"
    if not arabic and c.unit in ("person", "person_time", "item"):
        return "nm_chinese_count"
    if c.unit_kind == "duration" and not (LE_BEFORE.search(before) or GE_BEFORE.search(before) or re.search(r"[由从每]\s*$", before)):
        nxt = text[c.unit_end : c.unit_end + 1]
        if (nxt and _ADJECTIVE_NEXT.match(nxt) and nxt not in "内以之办完结前后左右的未不压缩减降提增延至到、和及"
                and not DEADLINE_VERB.match(text, c.unit_end)):
            return "nm_duration_adjective"  # 24小时自助服务厅, 15分钟服务圈
    if c.unit_kind in ("other", "money") and SIZE_QUALIFIER_AFTER.match(after):
        return "nm_size_qualifier"
    if regulation and QUALIFIER_AFTER.match(text, c.unit_end):
        return "nm_regulation_qualifier"
    if c.unit in ELECTRICAL_UNITS and ELECTRICAL_CLASS_AFTER.match(after):
        return "nm_electrical_class"
    if QUALIFIES_LATER.match(text, c.unit_end):
        return "nm_condition_later"
    if c.value == 1 and PER_ONE_BEFORE.search(before):
        return "nm_per_one"
    if inside_title(text, c.start, sentence_start) and text.find("》", c.unit_end) != -1:
        return "nm_cited_title"
    if c.unit != "percent" and _inside_short_quote(text, c.start, sentence_start):
        return "nm_short_quote"
    # The seed's patterns see the text without line breaks: OCR breaks lines inside words (纳\n入).
    unit_on = WS.sub("", text[c.unit_end - len(c.unit_text) if c.unit_text else c.unit_end : c.unit_end + 40])
    number_on, flat_before = WS.sub("", after_number), WS.sub("", before)
    for p in non_measure_patterns():
        if p.position == "after" and (p.pattern.search(unit_on) or p.pattern.search(number_on)):
            return p.name
        if p.position == "before" and p.pattern.search(flat_before):
            return p.name
    return None


def is_non_measure(text: str, c: Candidate, sentence_start: int, regulation: bool = False) -> bool:
    return non_measure_rule(text, c, sentence_start, regulation) is not None


def inside_title(text: str, i: int, floor: int) -> bool:
    """Is text[i] after an unclosed 《 (since floor)?"""
    return text.rfind("《", floor, i) > text.rfind("》", floor, i)


def _inside_short_quote(text: str, i: int, floor: int) -> bool:
    open_at = max(text.rfind("“", floor, i), text.rfind('"', floor, i))
    if open_at == -1:
        return False
    close_before = text.rfind("”", open_at, i)
    if close_before != -1:
        return False
    close_at = text.find("”", i, i + 20)
    return close_at != -1 and close_at - open_at <= 16
