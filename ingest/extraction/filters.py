"""Named filters: numbers with a unit that are still not measures (dates, names, ordinals,
framework sizes, conditions). Each test returns the name of the rule that ruled the number out."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..normalising import without_joiners
from ..numbers import ARABIC, is_arabic
from .cues import GE_AFTER, GE_BEFORE, LE_AFTER, LE_BEFORE, WS
from .quantities import ROUND_NUMBERS, Candidate
from .rules import non_measure_patterns, rx

MINIMUM_BEFORE = rx("minimum_before")
FREQUENCY_BEFORE = rx("frequency_before")
LIMIT_BEFORE = rx("limit_before")
MERGED_INTO_BEFORE = rx("merged_into_before")
MERGED_INTO_AFTER = rx("merged_into_after")
DEADLINE_VERB = rx("deadline_verb")
DAY_OF_MONTH = rx("day_of_month")
NEWS_DATELINE_DAY = rx("news_dateline_day")
NUMERIC_DATE_BEFORE = rx("numeric_date_before")
PER_ONE_BEFORE = rx("per_one_before")
SIZE_QUALIFIER_AFTER = rx("size_qualifier_after")
ELECTRICAL_CLASS_AFTER = rx("electrical_class_after")
ELECTRICAL_PROJECT_AFTER = rx("electrical_project_after")
TERM_BEFORE = rx("term_before")
TERM_AFTER = rx("term_after")
QUALIFIES_LATER = rx("qualifies_later")
QUALIFIER_AFTER = rx("qualifier_after")
ELECTRICAL_UNITS = frozenset({"kilovolt", "kilowatt", "kilovolt_ampere"})
_ADJECTIVE_NEXT = re.compile(r"[\u4e00-\u9fff“”\"]")


# Conditions of a rule are measures of kind `rule` (who qualifies, which works a rule covers:
# 3000万元以下…项目, 金额在10万元及以上的): these tests mark a number as one instead of dropping it.
CONDITION_RULES = frozenset({"nm_size_qualifier", "nm_regulation_qualifier", "nm_condition_later", "nm_electrical_scope",
                             "nm_term_condition"}) | {p.name for p in non_measure_patterns() if p.role == "condition"}


TIME_SAVED = rx("time_saved")
EVALUATION_SCOPE = rx("evaluation_scope")
DIVISION_COUNT_AFTER = rx("division_count_after")

def non_measure_rule(text: str, c: Candidate, sentence_start: int, regulation: bool = False) -> str | None:
    """The name of the filter rule that rules the candidate out, or None when it is a measure.
    A condition rule that fires is recorded in c.condition (the measure becomes kind `rule`)."""
    c.condition = ""
    for name in _filter_names(text, c, sentence_start, regulation):
        if name in CONDITION_RULES:
            c.condition = c.condition or name
        else:
            return name
    return None


def _filter_names(text: str, c: Candidate, sentence_start: int, regulation: bool) -> Iterator[str]:
    """The filter rules that fire on the candidate, in order (the caller stops at the first drop).
    `regulation`: the document is a 办法/条例/…, where N件以上的 + noun says who qualifies."""
    before = text[max(sentence_start, c.start - 12) : c.start]
    after = text[c.unit_end : c.unit_end + 24]
    after_number = text[c.end : c.end + 24]
    arabic = is_arabic(c.number_text)
    if c.unit == "year" and arabic and 1900 <= c.value <= 2100:
        yield "nm_calendar_year"
    if c.unit_text == "日" and DAY_OF_MONTH.search(before):
        yield "nm_day_of_month"
    if c.unit_text == "日" and text[c.unit_end : c.unit_end + 1] in ("，", ",") and NEWS_DATELINE_DAY.search(
            text, max(0, c.start - 4), c.start):
        yield "news_dateline_day"
    if arabic and len(c.number_text.strip()) <= 2 and NUMERIC_DATE_BEFORE.search(before):
        yield "nm_numeric_date"  # 发布时间：2024-02-20 (a month or day, whatever unit OCR runs into)
    if arabic and c.unit_kind == "duration" and re.fullmatch(r"(?:19|20)\d{4,6}", without_joiners(c.number_text)):
        yield "nm_garbled_date"  # 2019116日, 2017927: a date whose 年 and 月 were lost, no duration
    streak = bool(re.search(r"连续\s*$", before))  # 连续11个月保持全省首位: a streak is a measure
    saved = bool(TIME_SAVED.search(before))  # time_saved: 节省2—3个月, 提前6个月 is a measure, not a plan's span
    if c.unit in ("year", "month") and not streak and not saved and not (LE_BEFORE.search(before) or MINIMUM_BEFORE.search(before)
                                            or LE_AFTER.match(after) or GE_AFTER.match(after)):
        # 通过3年的努力, 三年行动: a plan's duration; but 满3年, 为期三年, 一年期及以上 are the terms of a rule
        if TERM_BEFORE.search(WS.sub("", before)) or TERM_AFTER.match(after):
            yield "nm_term_condition"
        else:
            yield "nm_duration_of_plan"
    if text[c.unit_end : c.unit_end + 1] == "性":
        yield "nm_adjective_xing"
    round_number = c.number_text in ROUND_NUMBERS  # 超千件, 近万亿元 (quantities: round_number)
    if not arabic and not round_number and c.unit_kind in ("count", "money", "other") and c.unit != "times":
        flat = WS.sub("", text[max(sentence_start, c.start - 24) : c.start])
        # 每季度一次 (a frequency) and 只能申请一次, 仅资助一个渠道 (a limit) are measures; 一件事 is a name
        quoted = text.rfind("“", sentence_start, c.start) > text.rfind("”", sentence_start, c.start)  # “最多跑一次”
        if not ((c.unit_text == "次" and FREQUENCY_BEFORE.search(flat))
                or (LIMIT_BEFORE.search(flat) and not quoted)
                or (MERGED_INTO_BEFORE.search(flat) and MERGED_INTO_AFTER.match(text, c.end) and not quoted)
                or (not quoted and _counts_what_came_before(text, c))):
            yield "nm_chinese_count"
    if not arabic and not round_number and c.unit in ("person", "person_time", "item"):
        yield "nm_chinese_count"
    if c.unit_kind == "duration" and not streak and not (LE_BEFORE.search(before) or GE_BEFORE.search(before) or re.search(r"[由从每]\s*$", before)):
        nxt = text[c.unit_end : c.unit_end + 1]
        if (nxt and _ADJECTIVE_NEXT.match(nxt) and nxt not in "内以之办完结前后左右的未不压缩减降提增延至到、和及期"
                and not DEADLINE_VERB.match(text, c.unit_end) and not text.startswith("时间", c.unit_end)):
            yield "nm_duration_adjective"  # 24小时自助服务厅, 15分钟服务圈
    if c.unit in ELECTRICAL_UNITS:
        # 220千伏巫家坝输变电工程: a project's name; 10千伏及以下的电力设施项目: the works a rule covers
        if ELECTRICAL_PROJECT_AFTER.match(after):
            yield "nm_electrical_project"
        elif ELECTRICAL_CLASS_AFTER.match(after):
            yield "nm_electrical_scope"
    elif c.unit_kind in ("other", "money") and SIZE_QUALIFIER_AFTER.match(after):
        yield "nm_size_qualifier"
    if regulation and QUALIFIER_AFTER.match(text, c.unit_end):
        yield "nm_regulation_qualifier"
    if QUALIFIES_LATER.match(text, c.unit_end):
        yield "nm_condition_later"
    if c.unit == "count" and DIVISION_COUNT_AFTER.match(after):
        sentence = re.split(r"[。；;]", text[sentence_start : c.unit_end + 60])[0]
        if EVALUATION_SCOPE.search(sentence):
            yield "nm_evaluation_scope"  # 评价对象包括…104个县级区划: who is evaluated, not how many
    if c.value == 1 and PER_ONE_BEFORE.search(before):
        yield "nm_per_one"
    if inside_title(text, c.start, sentence_start) and text.find("》", c.unit_end) != -1:
        yield "nm_cited_title"
    if c.unit != "percent" and _inside_short_quote(text, c.start, sentence_start):
        yield "nm_short_quote"
    # The seed's patterns see the text without line breaks: OCR breaks lines inside words (纳\n入).
    unit_on = WS.sub("", text[c.unit_end - len(c.unit_text) if c.unit_text else c.unit_end : c.unit_end + 40])
    number_on, flat_before = WS.sub("", after_number), WS.sub("", before)
    after_fires = bool(_any_pattern("after").search(unit_on) or _any_pattern("after").search(number_on))
    before_fires = bool(_any_pattern("before").search(flat_before))
    if not (after_fires or before_fires):
        return  # most numbers: no row of the seed is found (one search instead of one per row)
    for p in non_measure_patterns():
        if p.position == "after" and after_fires and (p.pattern.search(unit_on) or p.pattern.search(number_on)):
            yield p.name
        if p.position == "before" and before_fires and p.pattern.search(flat_before):
            yield p.name


@lru_cache(maxsize=2)
def _any_pattern(position: str) -> re.Pattern[str]:
    """One pattern found wherever a row of the seed with that position is found (a quick first test)."""
    return re.compile("|".join(f"(?:{p.pattern.pattern})" for p in non_measure_patterns() if p.position == position) or "(?!)")


_COUNT_WORDS = set("家个项件名户所座批条种台辆")


def _counts_what_came_before(text: str, c: Candidate) -> bool:
    """cn_count_after_noun: a Chinese count of two or more after its noun, closing its clause, counts
    that noun (新增国家级绿色工厂两家、) — unlike a name or a heading (两项制度, “三项机制”), it stands last."""
    before = text[c.start - 1 : c.start]
    if not (c.value >= 2 and bool(before) and "\u4e00" <= before <= "\u9fff"
            and text[c.unit_end : c.unit_end + 1] in ("、", "，", ",", "。", "；", ";", "\n", "")):
        return False
    # …the noun back to the clause's start or the number before: an enumeration it totals is no count
    # of its own (分为无产可破、简单、普通三类; 君山区等9个县区)
    k = c.start
    while k > 0 and text[k - 1] not in "，,。；;：:\n" and not text[k - 1].isdigit() and k > c.start - 40:
        if text[k - 1] == "、" and text[k - 2 : k - 1] in _COUNT_WORDS:
            break  # …基地两家、工厂两家: the item before ended with its own count
        k -= 1
    segment = text[k : c.start].lstrip("、")
    return "、" not in segment and not re.search(r"分为|分成|包括|涵盖|等$", segment)


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
    if close_at == -1 or close_at - open_at > 16:
        return False
    quoted = text[open_at + 1 : close_at]
    # a quoted standard lists figures (“1个环节、0.5天办结、零费用”): its numbers are measures, not a name
    return not (re.search(r"[、，,]", quoted) and len(_ARABIC_RUN.findall(quoted)) >= 2)


_ARABIC_RUN = re.compile(ARABIC)
