"""Extraction: every measure of a policy document, as shared/spec/measures.md defines it.

The text of a document is cleaned of noise lines (cleaning.py), cut into sentences, and each
sentence is scanned for numbers followed by a unit. A number without a unit is never a measure
(dates, 文号, list numbering, hotlines). Each candidate then gets its comparator, kind, baseline,
target year, subject and indicator from the words around it; lists (分别…), ranges (3—10个) and
one number shared by several indicators (均) fan out into one measure per item.

Vocabularies that analysts may change live in seeds/: unit_aliases.csv, indicator_keywords.csv,
non_measure_patterns.csv.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import SEEDS_DIR
from .cleaning import CleanView, clean_view
from .numbers import ARABIC, CHINESE, FRACTION_RE, NUMBER_RE, PERCENT_WORD_RE, is_arabic, parse_fraction, parse_number
from .records import Document, Measure, RegionRef
from .regions import find_mentions, is_within

# ---------------------------------------------------------------- vocabularies (seeds)


@dataclass(frozen=True)
class UnitAlias:
    surface: str
    unit: str
    factor: float
    kind: str  # duration | ratio | count | money | other


@lru_cache(maxsize=1)
def unit_aliases() -> tuple[UnitAlias, ...]:
    with open(SEEDS_DIR / "unit_aliases.csv", encoding="utf-8", newline="") as f:
        rows = [UnitAlias(r["surface"], r["unit"], float(r["factor"]), r["unit_kind"]) for r in csv.DictReader(f)]
    return tuple(sorted(rows, key=lambda u: -len(u.surface)))  # longest surface wins


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    include: re.Pattern[str]
    exclude: re.Pattern[str] | None
    section_exclude: re.Pattern[str] | None  # in the section heading: （二）施工建设阶段 → one stage's time
    units: frozenset[str]
    priority: int


@lru_cache(maxsize=1)
def indicator_rules() -> tuple[IndicatorRule, ...]:
    with open(SEEDS_DIR / "indicator_keywords.csv", encoding="utf-8", newline="") as f:
        rows = [
            IndicatorRule(
                r["indicator_code"],
                re.compile(r["include"]),
                re.compile(r["exclude"]) if r["exclude"] else None,
                re.compile(r["section_exclude"]) if r.get("section_exclude") else None,
                frozenset(r["units"].split("|")),
                int(r["priority"]),
            )
            for r in csv.DictReader(f)
        ]
    return tuple(sorted(rows, key=lambda r: r.priority))


@lru_cache(maxsize=1)
def non_measure_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    with open(SEEDS_DIR / "non_measure_patterns.csv", encoding="utf-8", newline="") as f:
        return tuple((r["position"], re.compile(r["pattern"])) for r in csv.DictReader(f))


# ---------------------------------------------------------------- word lists (grammar, not policy)

LE_BEFORE = re.compile(
    r"(?:不超过|不多于|不高于|不大于|不得超过|不得高于|不得多于|(?<![不得])小于|(?<![不得])低于|(?<![不得])少于|最多|至多|控制在|控制到|压减至|压减到|压减为|压减在|压缩至|压缩到|"
    r"压缩为|压缩在|缩短至|缩短到|缩短为|缩减至|降至|降到|降低至|降低到|降为|减少至|减少到|减至|减到|压至|压到|控制|以内)[^，,。；;、]{0,16}$"
)
GE_BEFORE = re.compile(
    r"(?:不低于|不少于|不得低于|不得少于|至少|(?<![不得])超过|(?<![不得])多于|(?<![不得])大于|(?<![不得])高于|提前|突破|提升至|提升到|提高至|提高到|增加至|增加到|增长至|增长到|扩大至|扩大到|达到或超过)[^，,。；;、]{0,16}$"
)
CHANGE_BEFORE = re.compile(
    r"(?:压减|压缩|缩短|缩减|减少|降低|下降|提高|提升|增长|增加|扩大|增幅|增速|增长率|年均增长|同比增长|翻)(?:了|幅度|比例)?"
    r"(?:不低于|不少于|不超过|达到|达|为|保持在|在)?\s*$"
)
MINIMUM_BEFORE = re.compile(r"(?:至少|不少于|不低于)[^，,。；;、]{0,8}$")  # 至少保存两年 (超过2年…的 is a condition)
LE_AFTER = re.compile(r"^\s*(?:以内|之内|内|以下|及以下)")
GE_AFTER = re.compile(r"^\s*(?:以上|及以上|或以上)")
# 不得超过 is a rule; 不得低于 (a floor) is a level to reach, and so is anything bound to 全年/年底前 (TARGET_VERBS).
RULE_WORDS = re.compile(r"应当|应于|必须(?!招标)|须在|不得(?!低于|少于)|严格执行|严格落实")  # 依法必须招标项目 is a term
# 投标保证金不超过招标项目估算价的1%: a cap on what may be charged is a rule wherever it is written (spec).
CHARGE_CAP = re.compile(r"(?:保证金|担保金|押金|收费|费用|费率)[^，,。；;]{0,24}(?:不超过|不得超过|不高于|最高)[^，,。；;]{0,20}$")
# 在2个工作日内上报, 自受理之日起3个工作日内, 出台后1周内 (but not 控制在/保持在/压缩在: those are targets).
RULE_BEFORE = re.compile(r"(?:(?<![制持定缩减并短])在|(?<![制持定缩减并短])于|之日起|起|后)\s*$")
TARGET_VERBS = re.compile(r"实现|力争|确保|争取|达到|压减|压缩|缩短|提升|提高|全年|年底前|年内")
ACTUAL_HEADING = re.compile(r"十三五|成效|成绩|成就|回顾|发展基础|现状|取得的|工作基础")
FORWARD_HEADING = re.compile(r"目标|任务|要求|举措|形势|机遇|挑战|措施|安排")
ACTUAL_WORDS = re.compile(r"截至|截止|已经|已累计|已实现|已达|现已|目前已|现行|累计完成|共完成|完成了|实现了|达到了")
FREQUENCY_BEFORE = re.compile(r"(?:(?:每|按)(?:日|天|周|半月|月|季度?|半年|年|两月|双月)|年内|全年)[^，,。；;]{0,12}$")
# 短信3分钟受理: a duration right before the act it limits is a deadline, not a name (24小时自助服务厅)
DEADLINE_VERB = re.compile(r"\s*(?:受理|响应|答复|回复|反馈|办结|处置|到场|到达|签收|派发|转办)")
YEAR_RE = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})(?:\s*[—–\-~～至到]\s*((?:19|20)[0-9]{2}))?\s*年")
YEAR_LIST_RE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[、和及]\s*((?:19|20)[0-9]{2})\s*年")
PLAN_YEAR_WORDS = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
THIS_YEAR = re.compile(r"年内|全年|今年|本年度?")
RANGE_SEP = re.compile(r"^\s*[—–\-~～至到]\s*$")
SENTENCE_END = "。！？；;!?"
WS = re.compile(r"\s+")
LOW_END = re.compile(rf"({ARABIC}|{CHINESE})\s*[—–\-~～至到、和及]\s*$")
HEADING_START = re.compile(
    r"^\s*(?:#+\s|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9０-９]+[.．、](?![0-9])|[（(][0-9０-９]+[）)]|第[一二三四五六七八九十]+[章节条部分])"
)
TOP_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部分])")
LIST_SEP = re.compile(r"^\s*(?:、|和|及|与|以及|，|,)\s*$")
FILLER = re.compile(
    r"^(?:[，,：:、\s]|(?:到|至|在|于)(?=(?:19|20)[0-9]{2})|将|把|使|力争|争取|确保|实现|推动|推进|全面|持续|进一步|全市|全区|全县|全省|全州|各级|"
    r"(?:19|20)[0-9]{2}\s*年(?:底|末|年底)?(?:前|以前)?|年底前|年内|并)+"
)
SUBJECT_VERBS = re.compile(
    r"(?:压减|压缩|缩短|缩减|减少|降低|下降|提高|提升|增长|增加|扩大|保持|控制|稳定|达到|达|为|在|至|到|不超过|不低于|不少于|"
    r"不高于|不多于|低于|高于|超过|至少|分别|均|原则上|持续|并|累计|完成|建成|新增|培育|实现)+$"
)


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


@dataclass
class Item:
    """A candidate after list handling: what becomes one or more measures."""

    cand: Candidate
    comparator: str = "eq"
    kind: str = "target"
    baseline: float | None = None
    year: int | None = None
    subject: str = ""
    subject_context: str = ""
    codes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- sentences


_BOUNDARY = re.compile(r"[。！？；;!?\n]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences of a clean view. A line break ends a sentence only before a heading or after
    sentence-final punctuation: OCR breaks lines (and pages) in the middle of sentences."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        i = m.start()
        if text[i] != "\n":
            spans.append((start, i + 1))
            start = i + 1
            continue
        prev = text[start:i].rstrip()
        nxt_end = text.find("\n", i + 1)
        nxt = text[i + 1 : nxt_end if nxt_end != -1 else n]
        if (not prev) or prev[-1] in "：:" or HEADING_START.match(nxt) or _looks_like_heading(prev):
            if prev:
                spans.append((start, i))
            start = i + 1
    if text[start:].strip():
        spans.append((start, n))
    return spans


def _looks_like_heading(line_text: str) -> bool:
    """A short numbered line with no clause punctuation; OCR wraps body lines anywhere, so a
    line that merely starts with （二） may well continue on the next one."""
    last_line = line_text.rsplit("\n", 1)[-1].strip()
    return bool(HEADING_START.match(last_line)) and len(last_line) <= 30 and not re.search(r"[，,、；;]", last_line)


# ---------------------------------------------------------------- candidates


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


def find_candidates(text: str) -> list[Candidate]:
    """Every number followed by a unit in a sentence (clean view text)."""
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in PERCENT_WORD_RE.finditer(text):
        value = parse_number(m.group(1))
        if value is not None:
            found.append(Candidate(m.start(), m.end(), value, m.group(), "percent", "ratio", "百分之", m.end()))
            taken.append((m.start(), m.end()))
    for m in FRACTION_RE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = parse_fraction(m.group(1), m.group(2))
        if value is not None:
            found.append(Candidate(m.start(), m.end(), value, m.group(), "percent", "ratio", "分之", m.end()))
            taken.append((m.start(), m.end()))
    for m in NUMBER_RE.finditer(text):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        token = m.group()
        if not is_arabic(token) and token in ("万", "亿", "千", "百"):
            continue  # a bare multiplier: folded into the number before it
        nxt = text[_skip_space(text, e) : _skip_space(text, e) + 1]
        if nxt not in _unit_first_chars() and nxt not in "多余成万亿千—–-~～至到、和及":
            continue  # most numerals (四川, 一体化) are followed by no unit: skip them cheaply
        value = parse_number(token)
        if value is None:
            continue
        # 10余个, 1000多篇: more than the number
        more = False
        k = e
        if k < len(text) and text[k] in "多余":
            more, k = True, k + 1
        # 成 after a Chinese numeral: 九成 = 90%
        if not is_arabic(token) and k < len(text) and text[k] == "成" and not text[k + 1 : k + 2] in ("为", "立", "果", "效", "本"):
            found.append(Candidate(s, e, value * 10, token, "percent", "ratio", "成", k + 1, more))
            taken.append((s, k + 1))
            continue
        # A multiplier written apart from the unit: 0.35万人次 is in the alias list, 1.5万 + 家 is not.
        factor = 1.0
        if k < len(text) and text[k] in "万亿千" and is_arabic(token):
            unit_here = _match_unit(text, k)
            if unit_here is None or unit_here[0].factor == 1.0:
                factor = {"万": 1e4, "亿": 1e8, "千": 1e3}[text[k]]
                k += 1
        unit = _match_unit(text, k)
        if unit is None:
            continue
        alias, unit_end = unit
        if alias.surface == "个" and not is_arabic(token) and text[unit_end : unit_end + 1] == "半":  # 一个半
            value += 0.5
        found.append(
            Candidate(s, e, value * factor * alias.factor, token, alias.unit, alias.kind, alias.surface, unit_end, more)
        )
        taken.append((s, unit_end))
    # The low end of a range and the first items of a list carry no unit of their own:
    # 3—10个, 3至5个工作日, 分别压缩至2.5、5个工作日.
    for c in sorted(found, key=lambda c: -c.start):
        m = LOW_END.search(text[max(0, c.start - 12) : c.start])
        if m:
            s = c.start - (len(text[max(0, c.start - 12) : c.start]) - m.start())
            e = s + len(m.group(1))
            value = parse_number(m.group(1))
            if value is not None and free(s, e) and is_arabic(m.group(1)) == is_arabic(c.number_text) and c.unit != "year":
                found.append(Candidate(s, e, value * _factor(c), m.group(1), c.unit, c.unit_kind, c.unit_text, e))
                taken.append((s, e))
    found.sort(key=lambda c: c.start)
    return found


def _factor(c: Candidate) -> float:
    """The multiplier a candidate's unit applied (万元 → 10000), to apply to a range's low end."""
    raw = parse_number(c.number_text)
    return c.value / raw if raw else 1.0


def is_non_measure(text: str, c: Candidate, sentence_start: int, regulation: bool = False) -> bool:
    """Numbers with a unit that are still not measures (dates, names, ordinals, framework sizes, conditions).
    `regulation`: the document is a 办法/条例/…, where N件以上的 + noun says who qualifies."""
    before = text[max(sentence_start, c.start - 12) : c.start]
    after = text[c.unit_end : c.unit_end + 24]
    after_number = text[c.end : c.end + 24]
    arabic = is_arabic(c.number_text)
    # Dates: 2023年, 5月4日, 2023年5月.
    if c.unit == "year" and arabic and 1900 <= c.value <= 2100:
        return True
    if c.unit_text == "日" and re.search(r"[月末初]\s*$", before):
        return True
    if c.unit in ("year", "month") and not (LE_BEFORE.search(before) or MINIMUM_BEFORE.search(before)
                                            or LE_AFTER.match(after) or GE_AFTER.match(after)):
        return True  # 通过3年的努力: a plan's duration, not a commitment (but 至少保存两年 is one)
    if arabic and len(c.number_text) == 4 and c.number_text.startswith(("19", "20")) and re.match(r"^\s*[—–\-~～至到]\s*(?:19|20)\d\d", after_number):
        return True
    # Words that merely contain a measure word: 一次性, 一件事, 两项制度 ...
    if text[c.unit_end : c.unit_end + 1] in ("性",):
        return True
    if not arabic and c.unit_kind in ("count", "money", "other") and c.unit != "times":
        if not (c.unit_text == "次" and FREQUENCY_BEFORE.search(WS.sub("", text[max(sentence_start, c.start - 24) : c.start]))):
            return True
    if not arabic and c.unit in ("person", "person_time", "item"):
        return True
    # Durations used as adjectives: 24小时自助服务厅, 15分钟服务圈.
    if c.unit_kind == "duration" and not (LE_BEFORE.search(before) or GE_BEFORE.search(before) or re.search(r"[由从每]\s*$", before)):
        nxt = text[c.unit_end : c.unit_end + 1]
        if (nxt and re.match(r"[\u4e00-\u9fff“”\"]", nxt) and nxt not in "内以之办完结前后左右的未不压缩减降提增延至到、和及"
                and not DEADLINE_VERB.match(text, c.unit_end)):
            return True
    # A size that picks out what the sentence is about (20千伏及以下短距离电力接入工程, 3000万元以下…项目).
    if c.unit_kind in ("other", "money") and re.match(r"\s*及?以[上下]\s*(?!的)[\u4e00-\u9fff]", after):
        return True
    # 代理授权50件以上的专利代理机构, 授权6个月内的发明专利: in a regulation they say who qualifies.
    if regulation and QUALIFIER_AFTER.match(text, c.unit_end):
        return True
    # A voltage or capacity before a noun names a class of works (220千伏巫家坝输变电工程, 10千伏以下（不含10千伏）
    # 的…工程, 富民120万千瓦抽水蓄能项目); electrical sizes are targets only after a verb (装机容量达到…).
    if c.unit in ELECTRICAL_UNITS and re.match(
            r"\s*(?:及?以[上下]|以内)?\s*(?:[（(][^）)]*[）)])?\s*(?:[及和、]\s*[0-9０-９]+\s*千[伏瓦])?\s*的?\s*[\u4e00-\u9fff]", after):
        return True
    # …投产后两年内用电负荷达到30%以上，符合规定的可提前建设: the clauses before 符合规定的 are the conditions.
    if QUALIFIES_LATER.match(text, c.unit_end):
        return True
    # The "per one" of a rate (每采用1件发明专利资助1万元): the measure is the amount.
    if c.value == 1 and re.search(r"每(?:采用|获得|引进|新增|招用|吸纳|认定)?\s*$", before):
        return True
    # Inside a cited title (《…27条政策措施》): a name, not a commitment.
    if _inside_title(text, c.start, sentence_start) and text.find("》", c.unit_end) != -1:
        return True
    # Inside a short quoted name (“一件事一次办”, “三个500强”): only percentages count there.
    if c.unit != "percent" and _inside_short_quote(text, c.start, sentence_start):
        return True
    # The seed's patterns see the text without line breaks: OCR breaks lines inside words (纳\n入).
    unit_on = WS.sub("", text[c.unit_end - len(c.unit_text) if c.unit_text else c.unit_end : c.unit_end + 40])
    number_on, flat_before = WS.sub("", after_number), WS.sub("", before)
    for position, pattern in non_measure_patterns():
        if position == "after" and (pattern.search(unit_on) or pattern.search(number_on)):
            return True
        if position == "before" and pattern.search(flat_before):
            return True
    return False


def _inside_short_quote(text: str, i: int, floor: int) -> bool:
    open_at = max(text.rfind("“", floor, i), text.rfind('"', floor, i))
    if open_at == -1:
        return False
    close_before = text.rfind("”", open_at, i)
    if close_before != -1:
        return False
    close_at = text.find("”", i, i + 20)
    return close_at != -1 and close_at - open_at <= 16


# ---------------------------------------------------------------- fields


def comparator_of(text: str, c: Candidate, clause_start: int) -> str | None:
    """The comparator stated next to the number, or None when the text states none."""
    before = WS.sub("", _strip_quotes(text[clause_start : c.start]))
    after = WS.sub("", text[c.unit_end : c.unit_end + 8])
    if GE_AFTER.match(after) or c.more:
        return "ge"
    if LE_AFTER.match(after):
        return "le"
    if LE_BEFORE.search(before):
        return "le"
    if GE_BEFORE.search(before):
        return "ge"
    return None


def clause_start_of(text: str, i: int, floor: int) -> int:
    """Start of the clause the number at text[i] stands in; a closed bracket is skipped over."""
    depth = 0
    for j in range(i - 1, floor - 1, -1):
        ch = text[j]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                return j + 1  # the number is inside the brackets
            depth -= 1
        elif depth == 0 and ch in "，,；;。：:！？":
            return j + 1
    return floor


def _strip_quotes(s: str) -> str:
    """Drop quoted names so that 压减为“申请”、“设计施工”2个环节 reads as 压减为2个环节."""
    return re.sub(r"“[^”]{0,20}”[、和及]?", "", s)


def subject_of(text: str, clause_start: int, number_start: int) -> str:
    raw = WS.sub("", text[clause_start:number_start])
    raw = re.sub(r"[（(][^（()）]*[）)]", "", raw)
    raw = FILLER.sub("", raw)
    raw = SUBJECT_VERBS.sub("", raw)
    raw = re.sub(r"[（(][^）)]*$", "", raw)
    return raw.strip("，,、：:“”\"（）() ")[-40:]


def classify(subject: str, context: list[str], unit: str, section: str = "") -> str:
    """Indicator code: the first context level (subject, sentence, heading) any rule matches.
    `section` (the heading the number stands under) can only exclude, by a rule's section_exclude."""
    for level, text in enumerate([subject, *context]):
        if not text:
            continue
        for rule in indicator_rules():
            if unit not in rule.units:
                continue
            if rule.include.search(text):
                # An exclusion in the subject itself (需改造, 外线) makes it a different indicator.
                if rule.exclude and (rule.exclude.search(subject) or (level > 0 and rule.exclude.search(text))):
                    return "other"
                if rule.section_exclude and rule.section_exclude.search(section):
                    return "other"
                return rule.code
    return "other"


def years_in(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """(position, first year, last year, end) of year expressions in text[start:end]."""
    out = []
    for m in YEAR_LIST_RE.finditer(text, start, end):
        if not _names_a_citation(text, m.start(), m.end(), start):
            out.append((m.start(), int(m.group(1)), int(m.group(2)), m.end()))
    for m in YEAR_RE.finditer(text, start, end):
        if any(s <= m.start() < e for s, _, _, e in out) or _names_a_citation(text, m.start(), m.end(), start):
            continue
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) else first
        out.append((m.start(), first, last, m.end()))
    for word, year in PLAN_YEAR_WORDS.items():
        for m in re.finditer(word, text[start:end]):
            out.append((start + m.start(), year, year, start + m.end()))
    return sorted(out)


def _names_a_citation(text: str, i: int, j: int, floor: int) -> bool:
    """A year that is part of a cited document's name: inside 《…》 or an edition (2022年版)."""
    return _inside_title(text, i, floor) or bool(re.match(r"\s*年?\s*版", text[j : j + 4]))


def _inside_title(text: str, i: int, floor: int) -> bool:
    """Is text[i] after an unclosed 《 (since floor)?"""
    return text.rfind("《", floor, i) > text.rfind("》", floor, i)


# ---------------------------------------------------------------- documents


@dataclass
class DocumentContext:
    default_year: int | None
    issue_year: int | None
    region: RegionRef | None


def extract_measures(text: str, doc: Document, region: RegionRef | None = None) -> list[Measure]:
    """Every measure of one document. `text` is the whole decoded source file."""
    view = clean_view(text, doc.char_start, doc.char_end)
    end_in_view = _title_end(view.text, doc.title)
    title_end = view.origin(end_in_view - 1) + 1 if end_in_view else 0  # as a source offset
    issue_year = int(doc.issue_date[:4]) if doc.issue_date else None
    ctx = DocumentContext(doc.period_end, issue_year, region)
    measures: list[Measure] = []
    headings = Headings()
    spans = sentence_spans(view.text)
    scopes = _year_scopes(view.text, spans)
    for (s, e), scope in zip(spans, scopes):
        stripped = view.text[s:e].strip()
        headings.see(stripped)
        measures.extend(m for m in _sentence_measures(view, s, e, scope, doc, ctx, headings) if m.char_start >= title_end)
    return measures


def _title_end(text: str, title: str | None) -> int:
    """Source-view index where the document's own title ends (a title states no commitments:
    关于印发…等4个清单的通知), found despite the line breaks OCR put inside it; 0 if not found."""
    if not title:
        return 0
    target = WS.sub("", title)
    head = text[: len(target) * 3 + 400]
    compact = []
    where = []
    for i, ch in enumerate(head):
        if not ch.isspace():
            compact.append(ch)
            where.append(i)
    at = "".join(compact).find(target)
    return where[at + len(target) - 1] + 1 if at != -1 and target else 0


def _year_scopes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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


@dataclass
class Headings:
    top: str = ""
    sub: str = ""

    def see(self, sentence: str) -> None:
        if TOP_HEADING.match(sentence):
            self.top, self.sub = sentence, ""
        elif HEADING_START.match(sentence) and len(sentence) <= 40:
            self.sub = sentence

    @property
    def looks_back(self) -> bool:
        """Inside a section on past achievements (十三五 results, 取得的成效)?"""
        if ACTUAL_HEADING.search(self.sub):
            return True
        return bool(ACTUAL_HEADING.search(self.top)) and not FORWARD_HEADING.search(self.sub)

    @property
    def past_plan_year(self) -> int | None:
        for word, year in PLAN_YEAR_WORDS.items():
            if word in self.sub or word in self.top:
                return year if word == "十三五" else None
        return None


DOCUMENT_HEADER = re.compile(r"关于[^。；;]{2,80}的(?:通知|意见|决定|批复|函)\s*(?:[（(][^）)]*[）)])?\s*$|^\s*[^。；;，,]{0,40}(?:办法|方案|规划|要点|清单|措施|细则)\s*$")
# Documents whose limits are rules a regulation sets (spec: kind `rule`), not plan targets.
REGULATION_TYPES = {"办法", "条例", "规定", "细则", "规则", "实施办法"}
EVALUATED_YEAR = re.compile(r"\s*度[^，,；;。]{0,8}(?:评价|考核|评估|报告)")
METRIC_NOUN = re.compile(r"率|比例|占比|时间|时限|用时|环节")
OPENS_WITH_REGION = re.compile(r"^[\u4e00-\u9fff]{1,12}?(?:省|市|州|县|区|盟|旗)")  # a cheap test before the lookup
QUALIFIES_LATER = re.compile(r"[^。；;，,]*[，,]\s*(?:对)?符合(?:规定|条件|要求|标准)的")
ELECTRICAL_UNITS = frozenset({"kilovolt", "kilowatt", "kilovolt_ampere"})
QUALIFIER_AFTER = re.compile(r"\s*(?:及?以[上下]|以内|内)的(?=[^，,；;。\s])(?!标准|水平|幅度)")
# A subject that names no indicator by itself (政府部门审批时间, 耗时): the sentence and headings decide.
GENERIC_SUBJECT = re.compile(
    r"^(?:政府部门|各部门|部门|全流程|全过程|平均|总)*(?:审批|办理|办结|审核|审查|审理)?(?:时间|时限|用时|耗时|时长|天数|周期)?$"
    r"|^(?:比例|占比|比率)$"
    r"|^(?:其中)?(?:普通|一般|简单|其他|其余|复杂|疑难)?(?:类)?(?:案件|项目|事项)(?:审理|审结|办理|办结)?(?:时间|时限|周期)?(?:于|在|自)?(?:[^，,]{0,8}之日起)?$"  # 普通案件于24个月内审结
)


def _sentence_measures(
    view: CleanView, s: int, e: int, year_scope: tuple[int, int], doc: Document, ctx: DocumentContext,
    headings: Headings,
) -> list[Measure]:
    text = view.text
    if DOCUMENT_HEADER.search(text[s:e]):
        return []  # a document title (关于印发…的通知) states no commitments
    cands = find_candidates(text[s:e])
    if not cands:
        return []
    for c in cands:  # to view coordinates
        c.start += s
        c.end += s
        c.unit_end += s
    regulation = doc.doc_type in REGULATION_TYPES
    cands = [c for c in cands if not is_non_measure(text, c, s, regulation)]
    if not cands:
        return []
    items = _group_items(text, cands, s, e)
    sentence = text[s:e]
    years = years_in(text, *year_scope)
    looks_back = headings.looks_back
    evidence = WS.sub("", sentence)
    evidence_start, evidence_end = view.source_span(s, e)
    out: list[Measure] = []
    for item in items:
        c = item.cand
        item.year = item.year or _target_year(text, c, s, years, ctx, headings, looks_back)
        # Kind.
        if item.kind == "target":
            if looks_back or ACTUAL_WORDS.search(text[s : c.start]):
                item.kind = "actual"
            elif regulation or _is_rule(text, c, s):
                item.kind = "rule"  # what a regulation sets (limits, standards, amounts) is in force, not planned
        if item.comparator == "eq" and c.unit_kind == "duration" and item.kind != "change":
            item.comparator = "le"  # a deadline is an upper bound
        src_start, src_end = view.source_span(c.start, c.end)
        after = re.split(r"[，,。；;、（(]", text[c.unit_end : c.unit_end + 20], maxsplit=1)[0]
        def code_of(subject: str) -> str:
            fallback = [WS.sub("", text[year_scope[0] : c.start]), headings.sub, headings.top]
            specific = not (GENERIC_SUBJECT.match(subject) or len(subject) < 3)
            code = classify(subject + after, [] if specific else fallback, c.unit, section=headings.sub)
            if code == "other" and specific and METRIC_NOUN.search(subject):
                # 全面提升“单一窗口”应用率，实现主要申报业务应用率达100%: the subject names a metric whose
                # qualifier is in a clause before, provided no other number stands in between.
                code = classify("", _bare_clauses_before(text, s, c.start, cands), c.unit)
            return code if item.kind != "change" else "other"

        # One number for several indicators (用水、用电、用气报装均不超过3个工作日): one measure each. When
        # one part alone names an indicator (投诉、举报类事项办理时限), the parts qualify one subject.
        codes = list(dict.fromkeys(code_of(subject) for subject in _split_shared_subject(item.subject)))
        if len(codes) == 2 and "other" in codes:
            codes = [code_of(item.subject)]
        regions = _named_subregions(item.subject, ctx.region) or [ctx.region]
        for region, code in ((r, k) for r in regions for k in codes):
            out.append(
                Measure(
                    source_file=doc.source_file,
                    char_start=src_start,
                    char_end=src_end,
                    document_id=doc.document_id,
                    region_code=region.code if region else None,
                    region_name=region.name if region else None,
                    indicator_code=code,
                    subject=_display_subject(item.subject, after, headings.sub),
                    value=round(c.value, 6),
                    unit=c.unit,
                    comparator=item.comparator,
                    kind=item.kind,
                    baseline_value=item.baseline,
                    target_year=item.year,
                    evidence=evidence,
                    number_text=c.number_text,
                    unit_text=c.unit_text,
                    evidence_start=evidence_start,
                    evidence_end=evidence_end,
                )
            )
    return out


def _named_subregions(subject: str, region: RegionRef | None) -> list[RegionRef]:
    """贵阳市、遵义市分别完成5宗以上: the regions a clause opens with, when all lie inside the document's
    region; one measure each. Full names only (a bare 昆明 is often part of a name: 昆明马拉松)."""
    if region is None or not OPENS_WITH_REGION.match(subject):
        return []
    out: list[RegionRef] = []
    pos = 0
    for m in find_mentions(subject):
        if m.start != pos or not m.code or m.kind not in ("full", "composite", "zone"):
            break
        if m.code == region.code or not is_within(m.code, region.code):
            return []
        out.append(RegionRef(m.code, m.region_name, "text"))
        pos = m.end
        while pos < len(subject) and subject[pos] in "、和及与":
            pos += 1
    return out


def _display_subject(subject: str, after: str, heading: str) -> str:
    """What is measured, for people: 培育3家知识产权优势企业 → 培育知识产权优势企业."""
    if len(subject) >= 4:
        return subject
    obj = re.sub(r"^(?:以上|以内|以下|左右|及以上|内)", "", after).strip("，,。；;、 ")[:20]
    return (subject + obj) or heading.strip()[:40]


def _bare_clauses_before(text: str, s: int, i: int, cands: list[Candidate]) -> list[str]:
    """Clauses before position i in the sentence, nearest first, up to one that holds a number."""
    clauses = []
    end = clause_start_of(text, i, s) - 1
    while end > s:
        start = clause_start_of(text, end, s)
        if any(start <= c.start < end for c in cands):
            break
        clauses.append(text[start:end])
        end = start - 1
    return clauses


def _target_year(
    text: str, c: Candidate, s: int, years: list[tuple[int, int, int, int]], ctx: DocumentContext,
    headings: Headings, looks_back: bool,
) -> int | None:
    """The latest year stated before the number in its sentence; else one stated after it in the
    sentence; 年内 → the year the paragraph is about; else the document's plan year."""
    before = [y for y in years if y[3] <= c.start]
    if before:
        return before[-1][2]
    # A year after the number, unless it is the year an evaluation looks back on (开展2022年度营商环境评价).
    after = [y for y in years if y[0] >= c.unit_end and not EVALUATED_YEAR.match(text, y[3])]
    if after:
        return after[0][2]
    if THIS_YEAR.search(text[max(s, c.start - 12) : c.start]):
        line_start = text.rfind("\n", 0, s) + 1
        paragraph_years = years_in(text, line_start, s)
        return paragraph_years[-1][2] if paragraph_years else (ctx.issue_year or ctx.default_year)
    if looks_back:
        return headings.past_plan_year or ctx.default_year
    return ctx.default_year


def _is_rule(text: str, c: Candidate, s: int) -> bool:
    """A procedural limit: 应当/严格执行 … (no target verb after it), or 在/自…起 N 日内 + an action."""
    before = text[s : c.start]
    if CHARGE_CAP.search(WS.sub("", before)):
        return True
    rule_words = list(RULE_WORDS.finditer(before))
    if rule_words and not TARGET_VERBS.search(before[rule_words[-1].end() :]):
        return True
    if c.unit_kind == "duration":
        near = text[max(s, c.start - 12) : c.start]
        return bool(RULE_BEFORE.search(near)) and bool(LE_AFTER.match(text[c.unit_end : c.unit_end + 3]))
    return False


def _split_shared_subject(subject: str) -> list[str]:
    """用水、用电、用气报装时限 → 用水报装时限, 用电报装时限, 用气报装时限."""
    parts = [p for p in re.split(r"[、和及与]", subject) if p]
    if len(parts) < 2:
        return [subject]
    last = parts[-1]
    out = []
    for p in parts[:-1]:
        tail = last[len(p):] if len(last) > len(p) else ""
        out.append(p if re.search(r"(?:率|时间|时限|天数|数|量|比例|占比)$", p) else p + tail)
    return out + [last]


def _group_items(text: str, cands: list[Candidate], s: int, e: int) -> list[Item]:
    """Turn candidates into items: baselines folded, ranges split, lists (分别) distributed."""
    items: list[Item] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        clause_start = clause_start_of(text, c.start, s)
        if i > 0 and cands[i - 1].unit_end > clause_start:
            # Another number earlier in the clause: this subject starts after its 、 (A 100%网上可办、B 100%…).
            m = re.compile(r"[、，,]").search(text, cands[i - 1].unit_end, c.start)
            clause_start = m.end() if m else cands[i - 1].unit_end
        # Baseline: 由50个工作日压减至45个工作日.
        if i + 1 < len(cands):
            nxt = cands[i + 1]
            between = text[c.unit_end : nxt.start]
            if re.search(r"(?:由|从)\s*$", text[max(s, c.start - 3) : c.start]) and re.fullmatch(
                r"\s*(?:压减|压缩|缩短|缩减|减少|降低|降|减|提高|提升|增加|增长|扩大)?(?:至|到|为)\s*", between
            ):
                item = _new_item(text, nxt, clause_start, s)
                item.baseline = c.value
                items.append(item)
                i += 2
                continue
        # Range: 3—10个, 3至5个工作日 (the low end may lack its unit).
        range_end = _range_partner(text, c, cands[i + 1] if i + 1 < len(cands) else None)
        if range_end is not None:
            low = _new_item(text, c, clause_start, s)
            high = _new_item(text, range_end, clause_start, s)
            low.cand.unit, low.cand.unit_kind, low.comparator = range_end.unit, range_end.unit_kind, "ge"
            high.comparator = "le"
            items.extend([low, high])
            i += 2
            continue
        # A list: the following candidates joined by 、/和 share comparator, suffix and maybe years.
        group = [c]
        j = i + 1
        while j < len(cands) and LIST_SEP.match(text[group[-1].unit_end : cands[j].start]) and _same_family(group[-1], cands[j]):
            group.append(cands[j])
            j += 1
        if len(group) == 1:
            items.append(_new_item(text, c, clause_start, s))
            i += 1
            continue
        items.extend(_list_items(text, group, clause_start, s, e))
        i = j
    return items


def _same_family(a: Candidate, b: Candidate) -> bool:
    return a.unit == b.unit or (a.unit == "count" and a.unit_text == "个") or (b.unit == "count" and b.unit_text == "个")


def _range_partner(text: str, c: Candidate, nxt: Candidate | None) -> Candidate | None:
    if nxt is None:
        return None
    between = text[c.end : nxt.start]
    if RANGE_SEP.match(between):  # 3—10个: the low number has no unit of its own
        return nxt
    between_units = text[c.unit_end : nxt.start]
    if c.unit == nxt.unit and re.fullmatch(r"\s*[—–\-~～至到]\s*", between_units):
        return nxt
    return None


def _new_item(text: str, c: Candidate, clause_start: int, floor: int) -> Item:
    comparator = comparator_of(text, c, clause_start) or "eq"
    before = WS.sub("", text[clause_start : c.start])
    kind = "change" if (c.unit in ("percent", "times", "percentage_point") and CHANGE_BEFORE.search(before)) else "target"
    subject = subject_of(text, clause_start, c.start)
    # The subject of a clause that is only "2022年压减至" lies in an earlier clause.
    sentence_before = WS.sub("", text[floor : c.start])
    return Item(c, comparator, kind, None, None, subject, sentence_before)


def _list_items(text: str, group: list[Candidate], clause_start: int, s: int, e: int) -> list[Item]:
    last = group[-1]
    # Units: 3个、4个工作日 → every item in working days.
    for c in group[:-1]:
        if c.unit == "count" and c.unit_text == "个" and last.unit != "count":
            c.unit, c.unit_kind = last.unit, last.unit_kind
            c.value = c.value * 1.0
    # Comparator: the words before the list and the suffix after it apply to every item.
    shared = comparator_of(text, last, clause_start)
    first_cmp = comparator_of(text, group[0], clause_start)
    before = WS.sub("", text[clause_start : group[0].start])
    kind = "change" if (group[0].unit in ("percent", "times", "percentage_point") and CHANGE_BEFORE.search(before)) else "target"
    raw_subject = subject_of(text, clause_start, group[0].start)
    has_respectively = "分别" in text[clause_start : group[0].start]
    subjects = ([p for p in re.split(r"[、和及与]", raw_subject) if p] if has_respectively else []) or [raw_subject]
    subjects = _split_shared_subject(raw_subject) if len(subjects) > 1 else subjects
    years = [y for y in years_in(text, s, group[0].start)]
    year_seq: list[int] = []
    if has_respectively and years:
        _, first, lastyear, _ = years[-1]
        if lastyear > first:
            year_seq = list(range(first, lastyear + 1))
    n_subj = len(subjects)
    items = []
    for k, c in enumerate(group):
        cmp = comparator_of(text, c, clause_start) if c is not last else shared
        if cmp is None:
            cmp = shared or first_cmp or "eq"
        subject = subjects[k % n_subj] if n_subj > 1 and len(group) % n_subj == 0 else raw_subject
        item = Item(c, cmp, kind, None, None, subject, WS.sub("", text[s : c.start]))
        groups = len(group) // n_subj if len(group) % n_subj == 0 else len(group)
        if year_seq and groups == len(year_seq):
            item.year = year_seq[k // n_subj if len(group) % n_subj == 0 else k]
        items.append(item)
    return items
