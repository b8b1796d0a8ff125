"""Cues next to a number: comparator (不超过 → le), change (压减X% → change), rule (应当…内).
The words are named rules of seeds/extraction_rules.csv; each function returns the rule it used."""

from __future__ import annotations

import re

from .quantities import Candidate
from .rules import rx

WS = re.compile(r"\s+")
LE_BEFORE = rx("le_before")
GE_BEFORE = rx("ge_before")
LE_AFTER = rx("le_after")
GE_AFTER = rx("ge_after")
CHANGE_BEFORE = rx("change_before")
CHANGE_OF_OBJECT = rx("change_of_object")
NET_CHANGE = rx("net_change")
STRETCH_CHANGE = rx("stretch_change")
RULE_WORDS = rx("rule_words")
CHARGE_CAP = rx("charge_cap")
RULE_BEFORE = rx("rule_before")
TARGET_VERBS = rx("target_verbs")
POLICY_STANDARD = rx("policy_standard")
CHANGE_UNITS = ("percent", "times", "percentage_point", "point")  # point: 得分提升9.59分
_ASIDE = re.compile(r"[（(][^（()）]{1,8}[)）]$")
_QUOTED = re.compile(r"“[^”]{0,20}”[、和及]?")


def comparator_of(text: str, c: Candidate, clause_start: int) -> tuple[str, str] | None:
    """(comparator, rule name) stated next to the number, or None when the text states none."""
    before = WS.sub("", _QUOTED.sub("", text[clause_start : c.start]))  # 压减为“申请”、“设计施工”2个环节
    after = WS.sub("", text[c.unit_end : c.unit_end + 8])
    if GE_AFTER.match(after):
        return "ge", "ge_after"
    if c.more:
        return "ge", "more_than"
    if LE_AFTER.match(after):
        return "le", "le_after"
    if LE_BEFORE.search(before):
        return "le", "le_before"
    if GE_BEFORE.search(before):
        return "ge", "ge_before"
    return None


def change_rule(text: str, c: Candidate, clause_start: int, floor: int) -> str | None:
    """压减30%, 增长10%, 提高2个百分点: the number is a change, not a level; so is the stretch goal
    after one (增长6%左右，力争7%), which stands in a clause of its own (`floor`: the sentence start)."""
    if NET_CHANGE.search(WS.sub("", text[max(clause_start, c.start - 8) : c.start])):
        return "net_change"
    if c.unit not in CHANGE_UNITS:
        return None
    if CHANGE_BEFORE.search(_ASIDE.sub("", WS.sub("", text[clause_start : c.start]))):
        return "change_before"  # 下降(同口径)19.59%: a short aside between the verb and the number
    if CHANGE_OF_OBJECT.search(WS.sub("", text[clause_start : c.start])):
        return "change_of_object"
    if STRETCH_CHANGE.search(WS.sub("", text[max(floor, c.start - 30) : c.start])):
        return "stretch_change"
    return None


def rule_rule(text: str, c: Candidate, s: int) -> str | None:
    """A procedural limit: 应当/严格执行 … (no target verb after it), or 在/自…起 N 日内 + an act."""
    before = text[s : c.start]
    flat = WS.sub("", before)
    if CHARGE_CAP.search(flat):
        return "charge_cap"
    if POLICY_STANDARD.search(WS.sub("", text[clause_start_of(text, c.start, s) : c.start])):
        return "policy_standard"  # 担保贷款额度最高为50万元: the terms of a support policy
    rule_words = list(RULE_WORDS.finditer(before))
    if rule_words and not TARGET_VERBS.search(before[rule_words[-1].end() :]):
        return "rule_words"
    if c.unit_kind == "duration":
        near = text[max(s, c.start - 12) : c.start]
        if RULE_BEFORE.search(near) and LE_AFTER.match(text[c.unit_end : c.unit_end + 3]):
            return "rule_before"
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
