"""Fan-out: candidates become items (baselines folded, ranges split, lists distributed), and an
item becomes one measure per indicator (均) and per named sub-region (分别)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import RegionRef
from ..regions import find_mentions, is_within
from .cues import WS, change_rule, clause_start_of, comparator_of
from .quantities import ROUND_NUMBERS, Candidate
from .rules import rx
from .subjects import PARTS, split_shared_subject, subject_of
from .timing import listed_years, years_in

LIST_SEP = rx("list_sep")
FROM_ONE_TO_EACH = rx("from_one_to_each")
OPENS_WITH_REGION = rx("opens_with_region")
SEAT_OF_GOVERNMENT = rx("seat_of_government")
FROM_BEFORE = rx("from_before")
FROM_TO_BETWEEN = rx("from_to_between")
FROM_TO_ACROSS = rx("from_to_across")
THEN_BEFORE = rx("then_before")
THEN_NOW_BETWEEN = rx("then_now_between")
LIST_FROM_TO = rx("list_from_to")
_MOVE_VERB = re.compile(r"[将把从由]")
BASE_VALUE_BEFORE = rx("base_value_before")
RANGE_SEP = re.compile(r"^\s*[—–\-~～至到]\s*$")
_RANGE_BETWEEN_UNITS = re.compile(r"\s*[—–\-~～至到]\s*")
_ITEM_SEP = re.compile(r"[、，,]")


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
    trace: list[str] = field(default_factory=list)


def group_items(text: str, cands: list[Candidate], s: int, e: int) -> list[Item]:
    """Turn candidates into items: baselines folded, ranges split, lists (分别) distributed."""
    items: list[Item] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        clause_start = clause_start_of(text, c.start, s)
        if i > 0 and cands[i - 1].unit_end > clause_start:
            # Another number earlier in the clause: this subject starts after its 、 (A 100%网上可办、B 100%…).
            m = _ITEM_SEP.search(text, cands[i - 1].unit_end, c.start)
            clause_start = m.end() if m else cands[i - 1].unit_end
        if c.found_by:  # sector_ratio: each share is its own item, named by the rule
            item = new_item(text, c, clause_start, s)
            item.subject = c.label or item.subject
            item.trace.append(c.found_by)
            items.append(item)
            i += 1
            continue
        if i + 1 < len(cands):  # baseline: 由50个工作日压减至45个工作日, 由2020年的90%提高到2025年的100%
            nxt = cands[i + 1]
            if rule := _from_to(text, c, nxt, clause_start, s):
                item = new_item(text, nxt, clause_start, s)
                item.baseline = c.value
                item.trace.append(rule)
                items.append(item)
                i += 2
                # from_one_to_each: 由平均200多个工作日，分别压减至79个、60个工作日: one baseline for every target
                if FROM_ONE_TO_EACH.search(text, c.unit_end, nxt.start):
                    while i < len(cands) and _joined_as_list(text, cands[i - 1], cands[i]) and _same_family(nxt, cands[i]):
                        if nxt.unit == "count" and nxt.unit_text == "个":  # 79个、60个工作日: every item in working days
                            nxt.unit, nxt.unit_kind = cands[i].unit, cands[i].unit_kind
                        more = new_item(text, cands[i], clause_start, s)
                        more.comparator = item.comparator
                        more.baseline = c.value
                        more.trace += [rule, "from_one_to_each"]
                        items.append(more)
                        i += 1
                continue
            if nxt.unit == c.unit and BASE_VALUE_BEFORE.search(WS.sub("", text[clause_start : c.start])):
                # 2020年基期值1个工作日，2025年目标值0.5个工作日: the base value is the target's baseline
                item = new_item(text, nxt, clause_start_of(text, nxt.start, s), s)
                item.baseline = c.value
                item.trace.append("base_value_before")
                items.append(item)
                i += 2
                continue
            if (nxt.unit == c.unit and THEN_BEFORE.search(WS.sub("", text[s : c.start]))
                    and THEN_NOW_BETWEEN.fullmatch(text[c.unit_end : nxt.start])):
                # then_now: 以前…需要七八天，现在只需要三天: the level before is the present level's baseline
                item = new_item(text, nxt, clause_start_of(text, nxt.start, s), s)
                item.baseline = c.value
                item.trace.append("then_now")
                items.append(item)
                i += 2
                continue
        range_end = _range_partner(text, c, cands[i + 1] if i + 1 < len(cands) else None)
        if range_end is not None:  # 3—10个, 3至5个工作日 (the low end may lack its unit)
            low = new_item(text, c, clause_start, s)
            high = new_item(text, range_end, clause_start, s)
            low.cand.unit, low.cand.unit_kind, low.comparator = range_end.unit, range_end.unit_kind, "ge"
            high.comparator = "le"
            low.trace.append("range")
            high.trace.append("range")
            items.extend([low, high])
            i += 2
            continue
        # A list: the following candidates joined by 、/和 share comparator, suffix and maybe years.
        group = [c]
        j = i + 1
        while (j < len(cands) and _joined_as_list(text, group[-1], cands[j])
               and _same_family(group[-1], cands[j]) and not _opens_a_clause(text, group[-1], cands[j])):
            group.append(cands[j])
            j += 1
        if len(group) == 1:
            items.append(new_item(text, c, clause_start, s))
            i += 1
            continue
        targets = _list_to(text, cands, group, j, s)
        if targets:  # list_from_to: 分别由65、53、50个工作日，压缩到目前的39、33、31个工作日: baselines item by item
            listed = _list_items(text, targets, clause_start, s, e)
            # the baselines' list names whose the numbers are (政府投资类、社会投资核准类…分别由…): so do its targets
            subjects = [b.subject for b in _list_items(text, group, clause_start, s, e)]
            for item, base, subject in zip(listed, group, subjects):
                item.baseline = base.value
                item.subject = subject
                item.trace.append("list_from_to")
            items.extend(listed)
            i = j + len(targets)
            continue
        items.extend(_list_items(text, group, clause_start, s, e))
        i = j
    return items


def _joined_as_list(text: str, a: Candidate, b: Candidate) -> bool:
    """、/和 between two numbers, or nothing at all between two of one unit (年均增长7.1%9.2%: the page lost the 、)."""
    gap = text[a.unit_end : b.start]
    return bool(LIST_SEP.match(gap)) or (gap == "" and a.unit == b.unit)


def _list_to(text: str, cands: list[Candidate], group: list[Candidate], j: int, floor: int) -> list[Candidate]:
    """The list of as many numbers in the same unit that `group` (opened by 由/从) is brought down or up
    to (…，压缩到目前的39、33、31个工作日), or []."""
    if not FROM_BEFORE.search(text[max(floor, group[0].start - 12) : group[0].start]):
        return []
    targets = cands[j : j + len(group)]
    if len(targets) < len(group) or not LIST_FROM_TO.fullmatch(text[group[-1].unit_end : targets[0].start]):
        return []
    if any(t.unit != group[-1].unit for t in targets) or any(
            not LIST_SEP.match(text[a.unit_end : b.start]) for a, b in zip(targets, targets[1:])):
        return []
    return targets


def _from_to(text: str, c: Candidate, nxt: Candidate, clause_start: int, floor: int) -> str:
    """The rule that makes c the baseline of nxt, or "". 由50个工作日压减至45个 (from_before + from_to_between); across a noun phrase
    when both have one unit: 从最初3.83平方公里的工业小区到现在225平方公里, 将13个事项整合为3个 (from_to_across)."""
    between = text[c.unit_end : nxt.start]
    from_before = bool(FROM_BEFORE.search(text[max(floor, c.start - 12) : c.start]))
    if from_before and FROM_TO_BETWEEN.fullmatch(between):
        return "baseline_from_to"
    if c.unit != nxt.unit or not FROM_TO_ACROSS.fullmatch(between):
        return ""
    return "from_to_across" if from_before or _MOVE_VERB.search(text, clause_start, c.start) else ""


def _opens_a_clause(text: str, prev: Candidate, c: Candidate) -> bool:
    """list_ends_at_new_clause: after a comma, a number followed by its noun starts a clause of its own
    (解决问题300多个，135个重点项目顺利推进), not the next item of a list (分别为80%，85%以上)."""
    if not re.search(r"[，,]", text[prev.unit_end : c.start]):
        return False
    nxt = text[c.unit_end : c.unit_end + 1]
    return bool(nxt) and "\u4e00" <= nxt <= "\u9fff" and nxt not in "以左上内及等的"


def _same_family(a: Candidate, b: Candidate) -> bool:
    return a.unit == b.unit or (a.unit == "count" and a.unit_text == "个") or (b.unit == "count" and b.unit_text == "个")


def _range_partner(text: str, c: Candidate, nxt: Candidate | None) -> Candidate | None:
    if nxt is None:
        return None
    if RANGE_SEP.match(text[c.end : nxt.start]):  # 3—10个: the low number has no unit of its own
        return nxt
    if c.unit == nxt.unit and _RANGE_BETWEEN_UNITS.fullmatch(text[c.unit_end : nxt.start]):
        return nxt
    return None


def new_item(text: str, c: Candidate, clause_start: int, floor: int) -> Item:
    found = comparator_of(text, c, clause_start)
    trace = [found[1]] if found else []
    if c.number_text in ROUND_NUMBERS:
        trace.append("round_number")
    elif c.number_text == "一半":
        trace.append("half_word")
    if c.unit_rule:
        trace.append(c.unit_rule)
    change = change_rule(text, c, clause_start, floor)
    if change:
        trace.append(change)
    subject = subject_of(text, clause_start, c.start)
    sentence_before = WS.sub("", text[floor : c.start])
    return Item(c, found[0] if found else "eq", "change" if change else "target", None, None, subject, sentence_before, trace)


def _list_items(text: str, group: list[Candidate], clause_start: int, s: int, e: int) -> list[Item]:
    last = group[-1]
    for c in group[:-1]:  # units: 3个、4个工作日 → every item in working days
        if c.unit == "count" and c.unit_text == "个" and last.unit != "count":
            c.unit, c.unit_kind = last.unit, last.unit_kind
    # Comparator: the words before the list and the suffix after it apply to every item.
    shared = comparator_of(text, last, clause_start)
    first_cmp = comparator_of(text, group[0], clause_start)
    change = change_rule(text, group[0], clause_start, s)
    raw_subject = subject_of(text, clause_start, group[0].start)
    has_respectively = "分别" in text[clause_start : group[0].start]
    subjects = ([p for p in PARTS.split(raw_subject) if p] if has_respectively else []) or [raw_subject]
    subjects = split_shared_subject(raw_subject) if len(subjects) > 1 else subjects
    subjects_before = False
    if has_respectively and len(subjects) == 1 and clause_start > s and text[clause_start - 1] in "，,":
        # respectively_subjects_before: 政府投资项目、一般社会投资项目、…项目，审批时间分别压缩至120、100和80个
        # 工作日: the clause before lists whose the numbers are, one each
        before = WS.sub("", text[clause_start_of(text, clause_start - 1, s) : clause_start - 1])
        parts = [p for p in PARTS.split(before) if p]
        if len(parts) == len(group) and all(len(p) <= 24 and not re.search(r"\d", p) for p in parts):  # (years are year_by_year's)
            subjects, subjects_before = [p + raw_subject for p in parts], True
    years = years_in(text, s, group[0].start)
    year_seq: list[int] = []
    if years:  # 2023年、2024年、2025年分别达到80%、85%、90%以上: one year per item
        listed = listed_years(text, years[-1])
        if len(listed) > 1 and (has_respectively or len(listed) == len(group)):
            year_seq = listed
    n_subj = len(subjects)
    items = []
    for k, c in enumerate(group):
        found = comparator_of(text, c, clause_start) if c is not last else shared
        if found is None:
            found = shared or first_cmp
        trace = (["list_respectively" if n_subj > 1 else "list"] + (["respectively_subjects_before"] if subjects_before else [])
                 + ([found[1]] if found else []) + ([change] if change else []))
        subject = subjects[k % n_subj] if n_subj > 1 and len(group) % n_subj == 0 else raw_subject
        item = Item(c, found[0] if found else "eq", "change" if change else "target", None, None, subject,
                    WS.sub("", text[s : c.start]), trace)
        groups = len(group) // n_subj if len(group) % n_subj == 0 else len(group)
        if year_seq and groups == len(year_seq):
            item.year = year_seq[k // n_subj if len(group) % n_subj == 0 else k]
            item.trace.append("year_by_year")
        items.append(item)
    return items


def named_subregions(subject: str, region: RegionRef | None) -> list[RegionRef]:
    """贵阳市、遵义市分别完成5宗以上: the regions a clause opens with, when all lie inside the document's
    region; one measure each. Full names only (a bare 昆明 is often part of a name: 昆明马拉松)."""
    seat = SEAT_OF_GOVERNMENT.match(subject)  # 州府所在地景洪市
    pos = seat.end() if seat else 0
    if region is None or not OPENS_WITH_REGION.match(subject[pos:]):
        return []
    out: list[RegionRef] = []
    for m in find_mentions(subject):
        if m.start < pos:
            continue
        if m.start != pos or not m.code or m.kind not in ("full", "composite", "zone"):
            break
        if m.code == region.code or not is_within(m.code, region.code):
            return []
        out.append(RegionRef(m.code, m.region_name, "text"))
        pos = m.end
        while pos < len(subject) and subject[pos] in "、和及与":
            pos += 1
    if out and pos == len(subject) and subject.rstrip()[-1:] in "、和及与":
        return []  # 兰州新区和86个县区: the region is an item listed beside the count, not its subject
    return out
