"""The stages put together: quantities → cues → time roles → subject and indicator (with the
document facts and section) → named filters → fan-out into measures."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..cleaning import CleanView, clean_view
from ..records import Document, Measure, RegionRef
from ..regions import find_mentions, is_within
from ..numbers import tidy
from .cues import WS, clause_start_of, rule_rule
from .document import DocumentFacts, Section, SectionWalker, document_facts
from .fanout import OPENS_WITH_REGION, Item, group_items, named_subregions
from .filters import non_measure_rule
from .quantities import Candidate, find_candidates, sentence_spans
from .rules import rx
from .subjects import BOUND_WORD, GENERIC_SUBJECT, METRIC_NOUN, NAMES_A_METRIC, bare_clauses_before, classify_traced, display_subject, split_shared_subject
from .timing import BASE_YEAR_BEFORE, EVALUATED_YEAR, FOUR_DIGITS, RELATIVE_NEXT, RELATIVE_PAST, RELATIVE_PRESENT, THIS_YEAR, Year, base_year_rule, year_scopes, years_in

DOCUMENT_HEADER = rx("document_header")
ACTUAL_WORDS = rx("actual_words")
ACTUAL_DONE_VERB = rx("actual_done_verb")
PERFECTIVE_VERB = rx("perfective_verb")
PRESENT_YEAR_WORD = rx("present_year_word")
PLAN_FIGURE = rx("plan_figure")
FORWARD_WORDS = rx("forward_words")
_SINCE_OPENING = re.compile(r"\s*年\s*以来")
PARAGRAPH_YEAR = rx("paragraph_year")
REVIEW_PARAGRAPH = rx("review_paragraph")
METRIC_TAIL = rx("metric_tail")
TERM_GE = rx("term_ge")
TERM_EXACT = rx("term_exact")
_AFTER_CUT = re.compile(r"[，,。；;、（(]")
_PROSE_SENTENCE = re.compile(r"[^。！？\n]{24,}[。！？]")  # a sentence of running text, not a head line
BARE_DEADLINE_VERB = rx("bare_deadline_verb")
BRACKETED_TARGET_OF_CHANGE = rx("bracketed_target_of_change")
# a news dateline (某报1月12日讯（记者某某）) or 其中： before a sentence's first clause
_DATELINE = re.compile(r"\s*(?:[^，,。\n]{0,24}?\d{1,2}月\d{1,2}日\s*(?:电|讯)\s*(?:[（(][^（()）]{0,20}[）)])?)?(?:其中\s*[:：]\s*)?")
_LEAD_CLAUSE = re.compile(_DATELINE.pattern + r"([^，,；;：:。\n]{2,40})[，,]")


def extract_measures(text: str, doc: Document, region: RegionRef | None = None,
                     dropped: list[Candidate] | None = None) -> list[Measure]:
    """Every measure of one document. `text` is the whole decoded source file. `dropped`, when
    given, collects the candidates a named filter ruled out (their rule in `dropped_by`)."""
    view = clean_view(text, doc.char_start, doc.char_end)
    title_length = len(WS.sub("", doc.title or ""))
    spans_of_title = _title_spans(view.text, doc.title)
    # the title ends the head only when no prose comes before it (a news report then 官方原文: and the
    # notice's title: the report is body, not head)
    in_head = (spans_of_title and spans_of_title[0][1] <= title_length * 3 + 400
               and not _PROSE_SENTENCE.search(view.text, 0, spans_of_title[0][0]))
    end_in_view = spans_of_title[0][1] if in_head else 0
    title_end = view.origin(end_in_view - 1) + 1 if end_in_view else 0  # as a source offset
    # a short title (通知) may be a word of the body: only a title of 6 characters or more is looked for again
    title_mentions = [view.source_span(a, b) for a, b in spans_of_title] if title_length >= 6 else []
    facts = document_facts(doc, view.text, region)
    if facts.doc_type == "news" or facts.doc_type_rule in ("news_of_plan", "news_forward_lead"):
        # headline_figures: a news headline reports results (从4万次服务到99.8%满意) or the targets of the plan
        # the page is on (…确保审批时间压缩至120个工作日内)
        title_end, title_mentions = 0, []
    measures: list[Measure] = []
    headings = _region_headings(view.text, facts.region)
    walker = SectionWalker(facts)
    spans = sentence_spans(view.text)
    scopes = year_scopes(view.text, spans)
    paragraph = Paragraph()
    # Numbers are found once in the whole text (one pass, not one per sentence), then dealt out.
    everything = find_candidates(view.text)
    k = 0
    for (s, e), scope in zip(spans, scopes):
        # the document's own title is no heading of its body (…2024年工作总结 / 和2025年工作要点的通知)
        section = walker.section if e <= end_in_view else walker.see(view.text[s:e].strip())
        if _starts_paragraph(view.text, s):
            paragraph = _paragraph(view.text, s, e, facts)
        while k < len(everything) and everything[k].start < s:
            k += 1
        cands = []
        while k < len(everything) and everything[k].start < e:
            if everything[k].unit_end <= e:  # a unit read across the sentence's end is none
                cands.append(everything[k])
            k += 1
        if cands:
            found = _sentence_measures(view, s, e, scope, doc, facts, section, paragraph, cands, dropped, headings)
            measures.extend(m for m in found if m.char_start >= title_end
                            and not any(a <= m.char_start < b for a, b in title_mentions))
    return measures


def _family(code: str) -> str:
    """elec_connection_time_hv → elec_connection_time: codes of one measure family share a stem."""
    parts = code.split("_")
    return "_".join(parts[:3]) if len(parts) > 3 else code


def _starts_paragraph(text: str, s: int) -> bool:
    """Does the sentence at s open a line (only spaces between it and a line break)?"""
    i = s - 1
    while i >= 0 and text[i] in " \t\u3000\r":
        i -= 1
    return i < 0 or text[i] == "\n"


def _title_spans(text: str, title: str | None) -> list[tuple[int, int]]:
    """Where the view names the document's own title, line breaks OCR put inside it allowed. Its first
    place in the head is the title itself (a title states no commitments: 关于印发…等4个清单的通知); a
    later one names it again: a notice gives the issued document's title line after its signature
    (某某区优化营商环境55条), the body may cite it, and a title is a name, so the 55 of 55条 is no measure."""
    target = WS.sub("", title or "")
    if not target:
        return []
    return [m.span() for m in re.finditer(r"\s*".join(map(re.escape, target)), text)]


def _sentence_measures(
    view: CleanView, s: int, e: int, year_scope: tuple[int, int], doc: Document, facts: DocumentFacts,
    section: Section, paragraph: "Paragraph", cands: list[Candidate], dropped: list[Candidate] | None,
    headings: list[tuple[int, RegionRef | None]],
) -> list[Measure]:
    text = view.text
    if DOCUMENT_HEADER.search(text[s:e]):
        return []  # a document title (关于印发…的通知) states no commitments
    kept = []
    for c in cands:
        c.dropped_by = non_measure_rule(text, c, s, facts.regulation) or ""
        if not c.dropped_by:
            kept.append(c)
        elif dropped is not None:
            c.start, c.end = view.source_span(c.start, c.end)
            dropped.append(c)
    cands = kept
    if not cands:
        return []
    items = group_items(text, cands, s, e)
    sentence = text[s:e]
    years = years_in(text, *year_scope)
    evidence = WS.sub("", sentence)
    evidence_start, evidence_end = view.source_span(s, e)
    out: list[Measure] = []
    before: tuple[str, str, str] | None = None  # (subject, code, unit) of the last item with an indicator
    changed_units: set[str] = set()  # units of the changes stated so far in the sentence
    for item in items:
        c = item.cand
        if item.year is None:
            item.year, year_rule = _target_year(text, c, s, years, facts, section, paragraph, cands)
            if year_rule:
                item.trace.append(year_rule)
        _set_kind(text, item, s, facts, section, paragraph)
        if (item.kind != "change" and c.unit in changed_units
                and BRACKETED_TARGET_OF_CHANGE.search(text, max(s, c.start - 12), c.start)):
            item.kind = "change"  # 增长5.9%…(预期目标为8.5%以上): the target of that growth rate
            item.trace.append("bracketed_target_of_change")
        if item.kind == "change":
            changed_units.add(c.unit)
        if c.condition == "nm_term_condition" and item.comparator == "eq":
            flat_before = WS.sub("", text[max(s, c.start - 8) : c.start])
            if TERM_GE.search(flat_before) or TERM_GE.match(text[c.unit_end : c.unit_end + 6]):
                item.comparator = "ge"
                item.trace.append("term_ge")
            elif TERM_EXACT.search(flat_before):
                item.trace.append("term_exact")  # 为期三年: no upper bound to add
        if item.comparator == "eq" and c.unit_kind == "duration" and item.kind == "actual":
            item.trace.append("measured_duration")  # 平均办结时间1.78天 in a statistic: what was measured
        elif item.comparator == "eq" and c.unit_kind == "duration" and item.kind != "change" and "term_exact" not in item.trace:
            item.comparator = "le"  # a deadline is an upper bound
            item.trace.append("duration_upper_bound")
        src_start, src_end = view.source_span(c.start, c.end)
        after = _AFTER_CUT.split(text[c.unit_end : c.unit_end + 20], maxsplit=1)[0]

        lead = _LEAD_CLAUSE.match(text, s)
        lead = lead if lead and lead.end() <= c.start else None  # the sentence's first clause, before this number

        def code_of(subject: str) -> tuple[str, str]:
            fallback = [WS.sub("", text[year_scope[0] : c.start]), section.sub, section.top]
            # number_first_clause: 85%以上申办事项到现场办理次数不超过1次 names its subject after the number,
            # so it does not take the indicator of the sentence before it
            # (a subject that is the item before, a figure with no unit of its own (1个环节、0成本、1天办结), is none)
            specific = not (GENERIC_SUBJECT.match(subject) or len(subject) < 3 or _FIGURE_ITEM.fullmatch(subject)) or (
                not subject and len(BOUND_WORD.sub("", after)) >= 4)
            code, rule = classify_traced(subject + after, [] if specific else fallback, c.unit, section=section.sub,
                                         kind=item.kind)
            verb = BOUND_WORD.sub("", subject + after)
            if code == "other" and BARE_DEADLINE_VERB.fullmatch(verb) and lead and not re.search(r"\d", lead.group(1)):
                # bare_deadline_verb: 投诉，3天内审查，15个工作日内办结回复: the sentence's topic is the subject
                code, rule = classify_traced(WS.sub("", lead.group(1)) + verb, [], c.unit, kind=item.kind)
                rule = rule + "|bare_deadline_verb" if code != "other" else rule
            if code == "other" and specific and METRIC_NOUN.search(subject):
                # 全面提升“单一窗口”应用率，实现主要申报业务应用率达100%: the subject names a metric whose
                # qualifier is in a clause before, provided no other number stands in between.
                # Each clause is read with the subject after it, so the subject's own words still count
                # (扩大简易注销范围，公告时间由45天压缩至20天: the notice period, not the deregistration time).
                qualified = [clause + subject for clause in bare_clauses_before(text, s, c.start, cands)]
                code, rule = classify_traced("", qualified, c.unit, section=section.sub, kind=item.kind)
            return code, rule

        # One number for several indicators (用水、用电、用气报装均不超过3个工作日): one measure each. When
        # one part alone names an indicator (投诉、举报类事项办理时限), the parts qualify one subject.
        parts = split_shared_subject(item.subject)
        by_code: dict[str, str] = {}
        for subject in parts:
            code, code_rule = code_of(subject)
            by_code.setdefault(code, code_rule)
        codes = list(by_code.items())
        steps = len(parts) > 1 and codes == [("other", "")] and not any(NAMES_A_METRIC.search(p) for p in parts)
        if (len(codes) == 2 and "other" in by_code) or steps:
            # one part alone names the indicator, or only the steps together do (设立登记、印章刻制…1个工作日内办结;
            # not 整改率、办结率, each a metric of its own)
            codes = [code_of(item.subject)]
        if codes == [("other", "")] and before and before[2] == c.unit and not METRIC_NOUN.search(item.subject):
            # 低压…办电时间压减至2个工作日，高压单电源用户不超过15个工作日: a clause with no metric of its
            # own borrows the one before it, and keeps the code only if it stays in that family
            tail = METRIC_TAIL.search(before[0])
            if tail and item.subject:
                code, code_rule = code_of(item.subject + tail.group())
                if code != "other" and _family(code) == _family(before[1]):
                    codes = [(code, code_rule + "|ellipsis")]
        if codes[0][0] != "other":
            before = (item.subject, codes[0][0], c.unit)
        shared = ["shared_subject"] if len(codes) > 1 else []
        subregions = named_subregions(item.subject, facts.region)
        region_rule = ["named_subregions"] if subregions else []
        if not subregions and (bracketed := _BRACKET_AFTER_NAME.search(text, max(s, c.start - 16), c.start)):
            # bracketed_figure: 岳阳县（4383件）、岳阳楼区（4048件）: a figure in brackets after a part is the part's
            subregions = _part_named_last(bracketed.group(1), facts.region)
            region_rule = ["bracketed_figure"] if subregions else []
        if not subregions:
            # sentence_subregion: 东兴市共受理838件，办结777件: the later clauses are the named part's too
            subregions = _sentence_subregion(text, s, clause_start_of(text, c.start, s), c.start, facts.region)
            region_rule = ["sentence_subregion"] if subregions else []
        k = bisect_right(headings, c.start, key=lambda h: h[0]) - 1
        if not subregions and k >= 0 and headings[k][1]:
            subregions, region_rule = [headings[k][1]], ["region_heading"]
        regions = subregions or [facts.region]
        for region, (code, code_rule) in ((r, k) for r in regions for k in codes):
            trace = item.trace + shared + region_rule + ([code_rule] if code_rule else [])
            out.append(
                Measure(
                    source_file=doc.source_file,
                    char_start=src_start,
                    char_end=src_end,
                    document_id=doc.document_id,
                    region_code=region.code if region else None,
                    region_name=region.name if region else None,
                    indicator_code=code,
                    subject=display_subject(item.subject, after, section.sub),
                    value=tidy(c.value),
                    unit=c.unit,
                    comparator=item.comparator,
                    kind=item.kind,
                    baseline_value=None if item.baseline is None else tidy(item.baseline),
                    target_year=item.year,
                    evidence=evidence,
                    number_text=c.number_text,
                    unit_text=c.unit_text,
                    evidence_start=evidence_start,
                    evidence_end=evidence_end,
                    trace="|".join(dict.fromkeys(trace)),
                )
            )
    return out


_BRACKET_AFTER_NAME = re.compile(r"([\u4e00-\u9fff]{2,14})[（(]\s*$")
_FIGURE_ITEM = re.compile(r"[0-9０-９.]+[\u4e00-\u9fff]{1,3}")  # a figure with no unit as a whole subject: 0成本
_CLAUSE_OPENING = re.compile(r"[，,；;。！？!?]")
_WHOLE_OR_REST = re.compile(r"全[省市州县区盟旗]|其[他余]")


def _part_named_last(words: str, region: RegionRef | None) -> list[RegionRef]:
    """The part of the region whose full name ends the words (…排在前三位的是：华容县), as a one-item list."""
    found = [m for m in find_mentions(words) if m.end == len(words) and m.code and m.kind in ("full", "composite", "zone")]
    if region is None or not found or found[-1].code == region.code or not is_within(found[-1].code, region.code):
        return []
    return [RegionRef(found[-1].code, found[-1].region_name, "text")]


def _sentence_subregion(text: str, s: int, clause_start: int, number: int, region: RegionRef | None) -> list[RegionRef]:
    """The one part of the document's region that the latest earlier clause of the paragraph opens with
    (目前，江永县…共设置13个窗口，成功受理150余件; 原平经开区…。2025年以来，该区已实施…12个), unless the text
    turns to the whole or the rest (全市…, 其他…) before the number. A clause opening with any other
    region (the document's own, or one outside it) ends the search."""
    paragraph_start = text.rfind("\n", 0, s) + 1
    starts = [paragraph_start] + [m.end() for m in _CLAUSE_OPENING.finditer(text, paragraph_start, clause_start)]
    for i in range(len(starts) - 1, -1, -1):
        start = starts[i]
        if start >= clause_start:
            continue
        end = starts[i + 1] if i + 1 < len(starts) else clause_start
        opening = WS.sub("", _DATELINE.sub("", text[start:end], count=1))
        if not OPENS_WITH_REGION.match(opening):
            continue
        named = named_subregions(opening, region)
        if not named and not any(m.start == 0 and m.code for m in find_mentions(opening[:16])):
            continue  # 完成十项区域评估: 区 of a word, not a region
        if len(named) != 1:
            return []
        whole = _WHOLE_OR_REST.search(text, end, number)
        own_whole = region is not None and named[0].name[-1] != region.name[-1] and whole is not None \
            and whole.group() == "全" + named[0].name[-1]
        if whole and not own_whole:
            return []  # (滨海新区…，全区减少46.7% in a city's text: 全区 is the named district's own whole)
        return named
    return []


_LINE = re.compile(r"[^\n]+")


def _region_headings(text: str, region: RegionRef | None) -> list[tuple[int, RegionRef | None]]:
    """region_heading: a line that only names a part of the document's region (九原区, then its paragraphs,
    then 稀土高新区…) heads what follows, until the next such line; a line naming the region itself ends it.
    (end of the heading line, the part or None), in order."""
    if region is None:
        return []
    out: list[tuple[int, RegionRef | None]] = []
    for m in _LINE.finditer(text):
        line = m.group().strip(" \t\u3000")
        if not 2 <= len(line) <= 12 or line[-1] not in "省市州盟县区旗":
            continue
        found = find_mentions(line)
        if len(found) != 1 or found[0].start != 0 or found[0].end != len(line) or not found[0].code:
            continue
        code = found[0].code
        if code == region.code:
            out.append((m.end(), None))
        elif is_within(code, region.code):
            out.append((m.end(), RegionRef(code, found[0].region_name, "text")))
    return out


@dataclass
class Paragraph:
    """What the opening of a paragraph says about all of it: 2023年，… (its year); 一年来，… (a review)."""

    year: int | None = None
    review: bool = False
    rule: str = ""


def _paragraph(text: str, s: int, e: int, facts: DocumentFacts) -> Paragraph:
    opening = text[s : min(e, s + 40)].lstrip(" \t\n|｜")  # a stray table bar of a converted page opens no paragraph
    m = PARAGRAPH_YEAR.match(opening)
    year = int(m.group(1)) if m else None
    if m and _SINCE_OPENING.match(opening, m.end(1)):
        # 2018年以来，… runs to the time of writing: results, whose year is the section's or the document's
        return Paragraph(None, True, "review_paragraph")
    review = REVIEW_PARAGRAPH.match(opening)
    plan_start = facts.period_start or facts.period_end or facts.issue_year
    if review and year is None and (stated := FOUR_DIGITS.search(review.group())):
        # 2025年5月，… / 2025年第一季度，…: that month's or quarter's results, unless a plan's own months
        year = int(stated.group())
        if facts.doc_type in ("plan", "work_points") and plan_start and year >= plan_start:
            return Paragraph(year, False, "paragraph_year")
        return Paragraph(year, True, "review_paragraph")
    if review:
        if year is None:  # 过去一年，一年来，去年，今年以来
            past = RELATIVE_PAST.search(opening)
            year = (facts.issue_year - 1 if past else facts.issue_year) if facts.issue_year else None
            return Paragraph(year, True, "review_paragraph")
        if plan_start and year < plan_start:
            return Paragraph(year, True, "review_paragraph")
    return Paragraph(year, False, "paragraph_year" if year else "")


def _set_kind(text: str, item: Item, s: int, facts: DocumentFacts, section: Section, paragraph: Paragraph) -> None:
    if item.kind != "target":
        return
    c = item.cand
    if c.condition:  # who qualifies, which works a rule covers: part of a rule
        item.kind = "rule"
        item.trace.append(c.condition)
        return
    if PLAN_FIGURE.search(WS.sub("", text[clause_start_of(text, c.start, s) : c.start])):
        item.trace.append("plan_figure")  # 完成年计划120亿元的102%: the 120 is the plan's, a target
        return
    if paragraph.review and not section.review and FORWARD_WORDS.search(WS.sub("", text[s : c.start])):
        item.trace.append("forward_in_review_paragraph")  # 据统计，…。下一步，力争…: a plan in a review paragraph
    elif section.review or paragraph.review:
        item.kind = "actual"
        item.trace += section.trace if section.review else [paragraph.rule]
        return
    if facts.cites_regulation and c.unit_kind == "duration" and "le_after" in item.trace:
        item.kind = "rule"  # 15个工作日内办结回复 in a report on 《…处理办法》: the regulation's limit
        item.trace.append("news_of_regulation")
        return
    if facts.summary and _reports_a_result(text, item, s, facts, section):
        item.kind = "actual"  # summary_title: 2023年，全县企业开办时间压缩至1个工作日 in a 工作总结
        item.trace.append(facts.doc_type_rule)
        return
    lead_in = WS.sub("", text[s : c.start])  # OCR breaks lines inside words (先\n后4次)
    if ACTUAL_WORDS.search(lead_in) and not FORWARD_WORDS.search(lead_in):  # 到2022年，累计…将达6000亿元: a plan
        item.kind = "actual"
        item.trace.append("actual_words")
        return
    own_clause = WS.sub("", text[clause_start_of(text, c.start, s) : c.start])
    if ACTUAL_DONE_VERB.search(own_clause):
        item.kind = "actual"  # 2022年，企业设立登记时间已压缩至0.5个工作日: reached, in its own clause
        item.trace.append("actual_done_verb")
        return
    clause = WS.sub("", text[max(s, c.start - 30) : c.start])  # the pattern stops at clause marks itself
    if PERFECTIVE_VERB.search(clause) and not FORWARD_WORDS.search(clause):
        item.kind = "actual"  # 开通了…1784个网上办事点: done (力争实现了… stays a plan)
        item.trace.append("perfective_verb")
        return
    if _before_the_plan(item, facts):
        item.kind = "actual"  # 2023年全市地区生产总值达到3200亿元 in a report issued in 2024
        item.trace.append("past_year_fact")
        return
    if facts.regulation:
        rule = "article_structure" if facts.doc_type_rule == "article_structure" else "regulation_document"
    else:
        rule = rule_rule(text, c, s)
    if rule:
        item.kind = "rule"  # what a regulation sets (limits, standards, amounts) is in force, not planned
        item.trace.append(rule)
    elif facts.doc_type_rule in ("news_of_plan", "news_forward_lead"):
        item.trace.append(facts.doc_type_rule)  # a news report on plans: its figures stay targets


def _reports_a_result(text: str, item: Item, s: int, facts: DocumentFacts, section: Section) -> bool:
    """In a summary a number is a result unless its sentence or heading looks forward (forward_words:
    下一步，将…; 下半年力争…) or it is dated after the summary's period."""
    heading = section.sub or section.top
    if FORWARD_WORDS.search(WS.sub("", text[s : item.cand.start])) or (heading and FORWARD_WORDS.search(heading)):
        return False
    end = facts.period_end or facts.issue_year
    return not (item.year and end and item.year > end)


def _before_the_plan(item: Item, facts: DocumentFacts) -> bool:
    """Does the sentence itself date the number before the document's own time (its period's
    first year; with no period, the year it was issued in)? Then it states a result, not a plan."""
    start = facts.period_start or facts.issue_year
    stated = {"year_before", "year_after", "year_by_year"} & set(item.trace)
    return bool(stated) and not facts.regulation and bool(start) and item.year is not None and item.year < start


def _target_year(text: str, c: Candidate, s: int, years: list[Year], facts: DocumentFacts,
                 section: Section, paragraph: Paragraph, cands: list[Candidate]) -> tuple[int | None, str]:
    """(year, rule): the latest year stated before the number in its sentence (base years such
    as 较2020年 left out); else one stated after it; 年内 → the paragraph's year; 去年/今年以来 →
    by the issue date; else the paragraph's, the section's, the reviewed or the plan's year."""
    year, rule = _untraced_target_year(text, c, s, years, facts, section, paragraph, cands)
    if facts.issue_year_rule and rule in _BY_ISSUE_YEAR:
        rule += "|" + facts.issue_year_rule
    base = [name for name in (base_year_rule(text, y, s) for y in years if y[3] <= c.start or y[0] >= c.unit_end) if name]
    return year, "|".join([rule, *dict.fromkeys(base)])


_BY_ISSUE_YEAR = {"relative_past", "relative_present", "relative_next", "present_year_word"}


def _relative_year(text: str, s: int, i: int, issue_year: int) -> tuple[int, str] | None:
    """The year the relative word nearest before the number names (去年 → issue−1, 今年以来 → issue,
    明年 → issue+1); 去年 as a base (较去年增长6%) names none."""
    found = [(m.start(), issue_year - 1, "relative_past") for m in RELATIVE_PAST.finditer(text, s, i)
             if not BASE_YEAR_BEFORE.search(text, max(s, m.start() - 4), m.start())]
    found += [(m.start(), issue_year, "relative_present") for m in RELATIVE_PRESENT.finditer(text, s, i)]
    found += [(m.start(), issue_year + 1, "relative_next") for m in RELATIVE_NEXT.finditer(text, s, i)]
    return max(found)[1:] if found else None


def _opens_own_clause(text: str, y: Year, cands: list[Candidate]) -> bool:
    """…增长10%，2025年达到3万户: a year followed in its clause by another number is that number's."""
    end = y[3]
    while end < len(text) and text[end] not in "，,；;。":
        end += 1
    return any(y[3] <= other.start < end for other in cands)


def _untraced_target_year(text: str, c: Candidate, s: int, years: list[Year], facts: DocumentFacts,
                          section: Section, paragraph: Paragraph, cands: list[Candidate]) -> tuple[int | None, str]:
    targets = [y for y in years if not base_year_rule(text, y, s)]
    before = [y for y in targets if y[3] <= c.start]
    if before and facts.issue_year and not facts.regulation and PRESENT_YEAR_WORD.search(text, before[-1][3], c.start):
        return facts.issue_year, "present_year_word"  # 2023年…达到52万户，今年力争达到56万户
    if before:
        return before[-1][2], "year_before"
    # A year after the number, unless it is the year an evaluation looks back on (开展2022年度营商环境评价).
    after = [y for y in targets if y[0] >= c.unit_end and not EVALUATED_YEAR.match(text, y[3])
             and not _opens_own_clause(text, y, cands)]
    if after:
        return after[0][2], "year_after"
    this_year = THIS_YEAR.search(text, max(s, c.start - 12), c.start)
    if this_year and facts.issue_year and not facts.regulation and PRESENT_YEAR_WORD.fullmatch(this_year.group()):
        return facts.issue_year, "present_year_word"  # 今年…力争: the year of the issue date, whatever the paragraph said
    if this_year:
        line_start = text.rfind("\n", 0, s) + 1
        # 2023年是实施“十四五”规划承上启下之年。预计全年…: a plan word names a period, not this year
        paragraph_years = years_in(text, line_start, s, plan_words=False)
        if paragraph_years:
            return paragraph_years[-1][2], "this_year"
        # 全年 under 一、2023年计划执行情况: the section's year, or in a review the reviewed year
        year = section.year or (facts.reviewed_year if section.review or paragraph.review else None)
        return year or facts.issue_year or facts.default_year, "this_year"
    # 去年, 今年以来, 明年 by the issue date; in a regulation 上年度 is the applicant's year, not a date
    relative = _relative_year(text, s, c.start, facts.issue_year) if facts.issue_year and not facts.regulation else None
    if relative:
        return relative
    if paragraph.year:
        return paragraph.year, paragraph.rule
    if section.year:
        return section.year, "year_of_section"
    if section.review:  # an undated result: the reviewed year
        if facts.reviewed_year:
            return facts.reviewed_year, "year_reviewed"
        return facts.default_year, "year_of_review" + ("|" + facts.year_rule if facts.year_rule else "")
    return facts.default_year, "year_of_plan" + ("|" + facts.year_rule if facts.year_rule else "")
