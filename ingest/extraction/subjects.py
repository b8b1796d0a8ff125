"""Subject and indicator: what a number measures, from the words before it, the sentence and the
headings (seeds/indicator_keywords.csv)."""

from __future__ import annotations

import re

from ..normalising import without_joiners
from .cues import WS, clause_start_of
from .quantities import Candidate
from .rules import IndicatorRule, core_indicator_codes, indicator_rules, rx

FILLER = rx("filler")
SUBJECT_VERBS = rx("subject_verbs")
GENERIC_SUBJECT = rx("generic_subject")
METRIC_NOUN = rx("metric_noun")
_BRACKETED = re.compile(r"[（(][^（()）]*[）)]")
_OPEN_BRACKET = re.compile(r"[（(][^）)]*$")
# the bound word right after a number's unit (3个工作日以内, 85%以上): not part of what follows
BOUND_WORD = re.compile(r"^(?:及以上|以上|以内|以下|左右|之内|内)")
_RANGE_LOW_END = re.compile(r"\d+(?:\.\d+)?[—\-－~～至到]{1,2}$")
PARTS = re.compile(r"[、和及与]")  # the joints of a list of subjects (用水、用电和用气)
NAMES_A_METRIC = re.compile(r"(?:率|时间|时限|天数|数|量|比例|占比)$")


def subject_of(text: str, clause_start: int, number_start: int) -> str:
    raw = WS.sub("", text[clause_start:number_start])
    raw = _BRACKETED.sub("", raw)
    raw = _RANGE_LOW_END.sub("", raw)  # the high end of 2—3个月 has the same subject as its low end
    raw = FILLER.sub("", raw)
    raw = SUBJECT_VERBS.sub("", raw)
    raw = _OPEN_BRACKET.sub("", raw)
    return raw.strip("，,、：:“”\"（）() ")[-40:]


def classify(subject: str, context: list[str], unit: str, section: str = "", kind: str = "target") -> str:
    """Indicator code: the first context level (subject, sentence, heading) any rule matches.
    `section` (the heading the number stands under) can only exclude, by a rule's section_exclude."""
    return classify_traced(subject, context, unit, section, kind)[0]


def classify_traced(subject: str, context: list[str], unit: str, section: str = "",
                    kind: str = "target") -> tuple[str, str]:
    """(indicator code, name of the keyword rule that decided it).
    An excluded rule (需外线 for 用水报装时间, 简易 for 破产案件审理时间) leaves the number to the
    other rules of the same level (a finer code: 用水报装时间（含外线工程）), else to `other`:
    a broader level never overrides it."""
    for level, text in enumerate([subject, *context]):
        if not text:
            continue
        excluded = ""
        nearest: tuple[int, str, str] | None = None  # (end of the deciding keyword, code, rule) in a context text
        for rule in indicator_rules():
            if (unit not in rule.units and not (level == 0 and unit in rule.subject_units)) or (
                    rule.kinds and kind not in rule.kinds) or not rule.include.search(text):
                continue
            if kind == "change" and rule.code in core_indicator_codes():
                # a core indicator is a level: a change of it (压减50%) is not that indicator; a finer
                # code may be a rate of change itself (普惠小微贷款增速, 市场主体增长率)
                continue
            # An exclusion in the subject itself (需改造, 外线) makes it a different indicator; in a context
            # clause only when it stands after the rule's last keyword (优化企业开办和注销服务，实现企业开办…1个
            # 工作日办结: the 开办 nearer the number is what is measured)
            if rule.exclude and (rule.exclude.search(subject) or (level > 0 and _excluded_nearer(rule, text))):
                excluded = excluded or rule.name + ":exclude"
            elif rule.section_exclude and rule.section_exclude.search(section):
                excluded = excluded or rule.name + ":section_exclude"
            elif level == 0:
                return rule.code, rule.name + (f"|{excluded}" if excluded else "")
            else:  # nearest_keyword: in context, a keyword in a later clause than the first rule's decides
                last = max(rule.include.finditer(text), key=lambda m: m.end())
                if nearest is None or _CLAUSE_BREAK.search(text, nearest[0], max(nearest[0], last.start())):
                    nearest = (last.end(), rule.code, rule.name)  # (社会投资项目审批时间: one clause, the finer code)
        if nearest:
            return nearest[1], nearest[2] + f"@{level}" + (f"|{excluded}" if excluded else "")
        if excluded:
            return "other", excluded
    return "other", ""


_CLAUSE_BREAK = re.compile(r"[，,；;。]")


def _excluded_nearer(rule: IndicatorRule, text: str) -> bool:
    """Does the rule's exclusion word stand after its last keyword in a context text?"""
    last_include = max(m.start() for m in rule.include.finditer(text))
    return any(m.start() > last_include for m in rule.exclude.finditer(text))


def split_shared_subject(subject: str) -> list[str]:
    """用水、用电、用气报装时限 → 用水报装时限, 用电报装时限, 用气报装时限."""
    parts = [p for p in PARTS.split(subject) if p]
    if len(parts) < 2:
        return [subject]
    last = parts[-1]
    out = []
    for p in parts[:-1]:
        tail = last[len(p):] if len(last) > len(p) else ""
        out.append(p if NAMES_A_METRIC.search(p) else p + tail)
    return out + [last]


def display_subject(subject: str, after: str, heading: str) -> str:
    """What is measured, for people: 培育3家知识产权优势企业 → 培育知识产权优势企业 (without the joiners
    normalising.py left where pinyin readings or split digits stood)."""
    subject, after, heading = (without_joiners(t) for t in (subject, after, heading))
    if len(subject) >= 4:
        return subject
    obj = BOUND_WORD.sub("", after).strip("，,。；;、 ")[:20]
    return (subject + obj) or heading.strip()[:40]


def bare_clauses_before(text: str, s: int, i: int, cands: list[Candidate]) -> list[str]:
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
