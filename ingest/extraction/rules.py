"""The rule tables extraction reads (seeds/): units, indicator keywords, cue grammar, non-measure filters.

Every cue the extractor looks for is a named row of seeds/extraction_rules.csv (name, stage, role,
pattern, note); code asks for a rule by name, and the name goes into the trace of every measure the
rule shaped. seeds/rule_examples.csv holds examples of each rule (tests/test_rule_examples.py).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import SEEDS_DIR

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


@lru_cache(maxsize=1)
def subject_units() -> dict[str, UnitAlias]:
    """subject_unit: a count noun that gives the unit of a bare 万/亿 number after it (使用人次已达508万)."""
    by_surface = {u.surface: u for u in unit_aliases()}
    with open(SEEDS_DIR / "subject_units.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    missing = [r["surface"] for r in rows if r["surface"] not in by_surface]
    if missing:
        raise ValueError(f"seeds/subject_units.csv: units not in seeds/unit_aliases.csv: {missing}")
    return {r["noun"]: by_surface[r["surface"]] for r in rows}


@dataclass(frozen=True)
class IndicatorRule:
    code: str
    include: re.Pattern[str]
    exclude: re.Pattern[str] | None
    section_exclude: re.Pattern[str] | None  # in the section heading: （二）施工建设阶段 → one stage's time
    units: frozenset[str]
    priority: int
    kinds: frozenset[str] = frozenset()  # empty: any kind; {"change"}: a growth rate (市场主体增长率)
    subject_units: frozenset[str] = frozenset()  # units taken only when the keyword is in the number's own subject

    @property
    def name(self) -> str:
        return f"kw:{self.code}"


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
                frozenset(r["kinds"].split("|")) if r.get("kinds") else frozenset(),
                frozenset(r["subject_units"].split("|")) if r.get("subject_units") else frozenset(),
            )
            for r in csv.DictReader(f)
        ]
    return tuple(sorted(rows, key=lambda r: r.priority))


@dataclass(frozen=True)
class NonMeasurePattern:
    name: str
    position: str  # before | after (the number)
    role: str  # drop | condition (a condition of a rule: kept, kind rule)
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def core_indicator_codes() -> frozenset[str]:
    """The codes of the national evaluation's indicators (seeds/indicators.csv, is_core)."""
    with open(SEEDS_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        return frozenset(r["indicator_code"] for r in csv.DictReader(f) if r["is_core"] == "true")


@lru_cache(maxsize=1)
def non_measure_patterns() -> tuple[NonMeasurePattern, ...]:
    with open(SEEDS_DIR / "non_measure_patterns.csv", encoding="utf-8", newline="") as f:
        return tuple(NonMeasurePattern(r["name"], r["position"], r["role"], re.compile(r["pattern"])) for r in csv.DictReader(f))


@dataclass(frozen=True)
class CueRule:
    name: str
    stage: str  # quantities | cues | time | kind | subject | document | filter | fanout
    role: str
    pattern: re.Pattern[str]
    note: str


@lru_cache(maxsize=1)
def cue_rules() -> dict[str, CueRule]:
    with open(SEEDS_DIR / "extraction_rules.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out: dict[str, CueRule] = {}
    for r in rows:
        if r["name"] in out:
            raise ValueError(f"seeds/extraction_rules.csv: rule {r['name']!r} is defined twice")
        try:
            out[r["name"]] = CueRule(r["name"], r["stage"], r["role"], re.compile(r["pattern"]), r["note"])
        except re.error as exc:
            raise ValueError(f"seeds/extraction_rules.csv: rule {r['name']!r} has a bad pattern ({exc})") from exc
    return out


def rx(name: str) -> re.Pattern[str]:
    """The compiled pattern of the named cue rule."""
    return cue_rules()[name].pattern


def rule_names() -> set[str]:
    """Every rule name a trace may hold (named code rules included: see CODE_RULES)."""
    return set(cue_rules()) | {p.name for p in non_measure_patterns()} | set(CODE_RULES)


# Rules whose test is code rather than a single pattern (the number's own form, list structure…);
# they are named all the same, traced, and have examples.
CODE_RULES = {
    "nm_calendar_year": "a 4-digit year with 年 is a date",
    "nm_day_of_month": "日 after 月/末/初 is a date",
    "nm_numeric_date": "2024-02-20: the month or day of a date written in digits",
    "region_heading": "a line that only names a part of the document's region (九原区) heads the paragraphs under it, until the next such line",
    "sentence_subregion": "东兴市共受理838件，办结777件: a part of the region that an earlier clause of the paragraph opens with holds the later clauses (原平经开区…。该区已实施…12个)",
    "yearbook_volume": "2023卷 / 某某年鉴2023: a yearbook's volume records the year before it",
    "nm_duration_of_plan": "通过3年的努力: a plan's duration with no bound",
    "nm_adjective_xing": "一次性: a word that contains a measure word",
    "nm_garbled_date": "2019116日: a date that lost its 年 and 月 (a 6–8 digit number from 19xx/20xx), not a duration",
    "nm_chinese_count": "一件事, 两项制度: a Chinese numeral count is a name (not 绿色工厂两家。: a count after its noun)",
    "nm_duration_adjective": "24小时自助服务厅: a duration before a noun",
    "nm_size_qualifier": "3000万元以下项目: the scope of a rule (a condition, kind rule)",
    "nm_regulation_qualifier": "in a regulation, 50件以上的机构 says who qualifies (a condition, kind rule)",
    "nm_electrical_project": "220千伏巫家坝输变电工程: a project's name",
    "nm_electrical_scope": "10千伏及以下的电力设施项目: the works a rule covers (a condition, kind rule)",
    "nm_term_condition": "满3年, 为期三年: the term of a rule (a condition, kind rule)",
    "nm_condition_later": "…30%以上，符合规定的: the condition of a rule (kind rule)",
    "nm_per_one": "每采用1件发明专利资助1万元: the 1 of a rate",
    "bracketed_figure": "岳阳县（4383件）、岳阳楼区（4048件）: a figure in brackets right after a part of the region is that part's",
    "then_now": "以前…需要七八天，现在只需要三天: the former level is the baseline of the present one (then_before, then_now_between)",
    "nm_evaluation_scope": "评价对象包括…104个县级区划: the divisions an evaluation covers (evaluation_scope, division_count_after)",
    "nm_cited_title": "《…27条政策措施》: a cited title",
    "nm_short_quote": "“三个500强”: a quoted name (not a quoted standard listing figures: “1个环节、0.5天办结”)",
    "range": "3—10个: low end ge, high end le",
    "list": "3个、5个工作日: items of a list share the comparator (7.1%9.2%: two of one unit with nothing between, the 、 lost)",
    "list_respectively": "A、B分别达到x、y: one subject per item",
    "respectively_subjects_before": "A、B、C，审批时间分别压缩至x、y和z: the clause before lists the subjects, one per number",
    "year_by_year": "2023—2025年分别达到x、y、z: one year per item",
    "shared_subject": "用水、用电报装均不超过3个工作日: one measure per subject",
    "named_subregions": "贵阳市、遵义市分别完成5宗: one measure per region",
    "ellipsis": "高压单电源用户不超过15个工作日 after 低压…办电时间: the clause borrows the metric before it",
    "baseline_from_to": "由50个工作日压减至45个: baseline 50",
    "past_tense_vote": "an untitled text whose past marks (了, 已, 累计, 以来) outnumber its forward marks twice over: a report on results",
    "half_word": "减少近一半, 压缩一半, 超过一半: 一半 after a verb of change or an estimate is 50 percent",
    "round_number": "超千件, 上万户, 近万亿元: a bare 百/千/万/亿 after 超/逾/近/上/破 is the round number (more than it after 超)",
    "duration_upper_bound": "a deadline with no comparator is an upper bound",
    "measured_duration": "平均办结时间1.78天 in a result: a duration with no comparator word is what was measured (eq)",
    "regulation_document": "what a regulation sets is a rule",
    "past_year_fact": "2023年…达到3200亿元 in a 2024 report: a year the sentence states before the document's own time is a result",
    "forward_in_review_paragraph": "据统计，…。下一步，力争… : a sentence that looks forward stays a plan in a paragraph that opens with results",
    "past_year_heading": "一、2023年主要工作 in a 2024 report: a heading naming a past year reviews it",
    "year_before": "the latest year before the number in its sentence",
    "year_after": "a year after the number in its sentence",
    "year_of_section": "a year in the heading or opening of the section above",
    "year_of_review": "an undated result in a review with no reviewed year known: the plan's year",
    "review_opening": "a page with no document title whose opening paragraph reviews (标题 / 今年以来，…) reports results",
    "year_reviewed": "an undated actual in a review takes the reviewed year (report: the year before its issue; plan: before its period)",
    "year_of_plan": "an undated target takes the plan's year",
    "year_of_issue": "a plan with no period: the year it was issued in",
}
