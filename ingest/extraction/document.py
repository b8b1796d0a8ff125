"""Document facts, built once per document and read by every later stage: the document's type,
issue date, plan period and default year, and the section each sentence stands in (its
heading, year and tense: a review of results or a plan)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Document, RegionRef
from .rules import cue_rules, rx
from .timing import BASE_YEAR_BEFORE, PLAN_YEAR_WORDS, RELATIVE_PAST, RELATIVE_PRESENT, base_year_rule, years_in

TOP_HEADING = rx("top_heading")
HEADING_START = rx("heading_start")
PLAIN_HEADING = rx("plain_heading")
ACTUAL_HEADING = rx("actual_heading")
FORWARD_HEADING = rx("forward_heading")
REVIEW_HEADING = rx("review_heading")
PLAN_HEADING = rx("plan_heading")
REPORT_DATE_LINE = rx("report_date_line")
GOAL_YEAR = rx("goal_year")
HEADLINE_YEAR = rx("headline_year")
NEWS_PAGE = rx("news_page")
NEWS_OF_REGULATION = rx("news_of_regulation")
NEWS_OF_PLAN = rx("news_of_plan")
NEWS_FORWARD_LEAD = rx("news_forward_lead")
NEWS_OPENING_YEAR = rx("news_opening_year")
HISTORY_OPENING = rx("history_opening")
NEWS_EVENT_YEAR = rx("news_event_year")
NEWS_BASE_YEAR_END = rx("news_base_year_end")
NEWS_OF_RESULTS = rx("news_of_results")
CITED_PLAN_YEAR = rx("cited_plan_year")
ARTICLE_STRUCTURE = rx("article_structure")
REVIEW_PARAGRAPH = rx("review_paragraph")
REVIEW_OPENING_WORDS = rx("review_opening_words")
WORK_REPORT_OPENING = rx("work_report_opening")
REPORT_AS_FOLLOWS = rx("report_as_follows")
NEWS_PAST_YEAR_LEAD = rx("news_past_year_lead")
YEARBOOK_MARK = rx("yearbook_mark")
RESULTS_THEN_PLANS_TITLE = rx("results_then_plans_title")
INTERIM_REPORT_TITLE = rx("interim_report_title")
CITED_TITLE = re.compile(r"《[^《》]*》")  # a cited title: its years and words are its own, not the text's
_FORWARD_BEFORE_YEAR = re.compile(r"(?:到|至|力争|计划|预计|争取)\s*$")
PAST_MARKS = rx("past_marks")
FORWARD_MARKS = rx("forward_marks")
# Documents whose limits are rules a regulation sets (spec: kind `rule`), not plan targets.
REGULATION_TYPES = {"办法", "条例", "规定", "细则", "规则", "实施办法"}
DOC_TYPE_RULES = ("work_report_title", "execution_only_title", "execution_report_title", "summary_title", "regulation_title",
                  "work_points_title", "plan_title")


@dataclass
class DocumentFacts:
    """What every stage knows about the document a number stands in."""

    doc_type: str  # plan | work_points | work_report | execution_report | summary | news | regulation | notice
    doc_type_rule: str  # the rule that decided it
    issue_year: int | None
    period_start: int | None
    period_end: int | None
    region: RegionRef | None
    cites_regulation: bool = False  # a news page on a named 《…办法》 (news_of_regulation): its limits are rules
    year_rule: str = ""  # how the plan's year was found when metadata gave none (goal_year, report year)
    opening_review_year: int | None = None  # results_then_plans_title: the year its opening reviews
    issue_year_rule: str = ""  # a rule that set the year 今年 names apart from the issue date (interim_report_title)

    @property
    def regulation(self) -> bool:
        return self.doc_type == "regulation"

    @property
    def report(self) -> bool:
        """A report on a year (work report, execution report): its opening reviews that year."""
        return self.doc_type in ("work_report", "execution_report")

    @property
    def summary(self) -> bool:
        """A summary or progress report (工作总结, 工作情况的报告) or a news report: it states results."""
        return self.doc_type in ("summary", "news")

    @property
    def default_year(self) -> int | None:
        """The year of an undated target: the plan's (last) year."""
        return self.period_end

    @property
    def reviewed_year(self) -> int | None:
        """The year a review looks back on: a report's, the year before it was issued; a plan's,
        the year before its period starts."""
        if self.opening_review_year:  # results_then_plans_title: 2023年工作总结暨2024年工作思路 reviews 2023
            return self.opening_review_year
        if self.summary:
            return self.period_end or self.issue_year
        if not self.report and self.period_start:
            return self.period_start - 1
        if self.issue_year:
            return self.issue_year - 1
        # a report whose date line is lost: its title's year (2023年政府工作报告) is the year it was given in
        return self.period_end - 1 if self.report and self.period_end else None


def document_facts(doc: Document, text: str, region: RegionRef | None) -> DocumentFacts:
    """`text`: the document's clean text (its head holds the date line, its goals the plan year)."""
    issue_year = int(doc.issue_date[:4]) if doc.issue_date else None
    m = REPORT_DATE_LINE.search(text, 0, 800)
    if m and issue_year is None:
        issue_year = int(m.group(1))
    doc_type, rule = _doc_type(doc)
    issue_year_rule = ""
    opening_review_year = yearbook_year = reported_year = None
    if doc.doc_type not in REGULATION_TYPES and (both := RESULTS_THEN_PLANS_TITLE.search(doc.title or "")):
        doc_type, rule, opening_review_year = "execution_report", "results_then_plans_title", int(both.group(1))
    if doc_type == "notice" and not doc.doc_type:
        opening = [ln for ln in text[:1500].split("\n") if ln.strip()][:5]
        # an untitled page's first line is already its body (2024年以来，…); a titled one's is the headline
        body_lines = opening[1:] if doc.title else opening
        if mark := YEARBOOK_MARK.search(text, 0, 200):
            doc_type, rule = "summary", "yearbook_mark"  # 2023卷 / 某某年鉴: a yearbook's entry reviews a year
            volume = re.search(r"(?:19|20)\d{2}", mark.group())
            yearbook_year = int(volume.group()) - 1 if volume else None  # yearbook_volume: 2023卷 records 2022
        elif WORK_REPORT_OPENING.search(text, 0, 1500):
            doc_type, rule = "work_report", "work_report_opening"  # an untitled report: 我代表…向大会报告工作
        elif reported := REPORT_AS_FOLLOWS.search(text, 0, 600):
            doc_type, rule = "summary", "report_as_follows"  # 现将…工作情况报告如下: a report on results
            named = re.search(r"(?:19|20)[0-9]{2}(?=\s*年)", reported.group())
            reported_year = int(named.group()) if named else None  # 现将2025年工作完成情况…: the year reported on
        elif len(ARTICLE_STRUCTURE.findall(text, 0, 20000)) >= 3:
            doc_type, rule = "regulation", "article_structure"  # 第一条 … 第三条 …: articles of a regulation
        elif NEWS_OF_PLAN.search(text, 0, 800) and not NEWS_OF_RESULTS.search(_plans_cited_blank(text[:300])):
            rule = "news_of_plan"  # a report on a plan's targets: they stay targets
        elif NEWS_FORWARD_LEAD.search(text, 0, 300) and not NEWS_OF_RESULTS.search(text, 0, 300):
            rule = "news_forward_lead"  # 记者获悉，2023年，本市将持续推动…: what the year will bring
        elif NEWS_PAGE.search(text, 0, 600):
            doc_type, rule = "news", "news_page"  # no document of its own: a news report
        elif any((m := REVIEW_PARAGRAPH.match(ln)) and (doc.title or REVIEW_OPENING_WORDS.search(m.group()))
                 for ln in body_lines):
            doc_type, rule = "news", "review_opening"  # a headline, then 今年以来，…: a report on results
        elif _past_tense_vote(text):
            doc_type, rule = "news", "past_tense_vote"  # an excerpt or a headline's page telling what was done
    if doc_type == "work_report" and issue_year and doc.issue_date and int(doc.issue_date[5:7]) >= 11:
        issue_year += 1  # year_end_report: a report given in November or December reviews the year ending
    if issue_year and (interim := INTERIM_REPORT_TITLE.search(doc.title or "")) and int(interim.group(1)) < issue_year:
        issue_year, issue_year_rule = int(interim.group(1)), "interim_report_title"  # interim_report_title: 2017年上半年…的报告 posted in 2018 says 今年 of 2017
    period_end, year_rule = doc.period_end, ""
    if period_end is None:
        goal = GOAL_YEAR.search(text, 0, 20000)  # 主要目标 … 到2020年底: the plan's year
        looked_back = NEWS_PAST_YEAR_LEAD.search(text, 0, 600) if doc_type == "news" else None
        if looked_back:  # 刚刚过去的2022年，… in a page of January 2023: the year it reports on
            period_end, year_rule = int(looked_back.group(1) or looked_back.group(2)), "news_past_year_lead"
        elif reported_year:  # 现将2025年工作完成情况报告如下 in a report dated 2026: the year it reports on
            period_end, year_rule = reported_year, "report_as_follows"
        elif goal:
            period_end, year_rule = int(goal.group(1)), "goal_year"
        elif rule == "execution_only_title" and issue_year:
            period_end, year_rule = issue_year - 1, "year_before_issue"  # a year's execution, reported the next year
        elif doc_type != "regulation" and issue_year:
            # a report, work points or a plan with no period: the year it was issued in (a
            # regulation stands without a year)
            period_end, year_rule = issue_year, "year_of_issue"
        elif doc_type != "regulation" and (head := HEADLINE_YEAR.match(text.lstrip()[:80].split("\n", 1)[0])):
            period_end, year_rule = int(head.group(1)), "headline_year"  # an undated news page's headline
    if period_end is None and yearbook_year:
        period_end, year_rule = yearbook_year, "yearbook_volume"
    untitled_page = doc_type == "notice" and not doc.title  # an excerpt: a page of no document of its own
    if period_end is None and (doc_type == "news" or untitled_page or rule in ("news_of_plan", "news_forward_lead")) and (
            cited := CITED_PLAN_YEAR.search(text, 0, 800)) and (cited.group(1) or cited.group(2) or doc_type != "news"):
        # (a news report on results that names a plan of several years (…行动计划(2021年—2023年)) as
        # what was done is not dated by it)
        period_end, year_rule = int(cited.group(1) or cited.group(2) or cited.group(3)), "cited_plan_year"  # 四川发布《…2023年工作要点》: its year
    if period_end is None and (doc_type == "news" or rule in ("news_of_plan", "news_forward_lead")):
        uncited = CITED_TITLE.sub(lambda m: " " * len(m.group()), text[:300])  # a cited title's years are its own
        years = {int(m.group(1)) for m in NEWS_EVENT_YEAR.finditer(uncited)
                 if not _FORWARD_BEFORE_YEAR.search(uncited, max(0, m.start() - 3), m.start())
                 and not BASE_YEAR_BEFORE.search(uncited, max(0, m.start() - 4), m.start())}  # 较2022年底: a base
    else:
        years = set()
    if period_end is None and (doc_type == "news" or untitled_page) and (opening := NEWS_OPENING_YEAR.search(text, 0, 300)):
        opening_year = int(opening.group(1) or opening.group(2))  # 2024年以来，… in an undated report
        line_end = text.find("\n", opening.end())
        history = HISTORY_OPENING.search(text, opening.start(), line_end if line_end > 0 else len(text))
        if not history and (not years or max(years) <= opening_year):  # a later year named: the page is of that year
            period_end, year_rule = opening_year, "news_opening_year"
    if period_end is None and (doc_type == "news" or rule in ("news_of_plan", "news_forward_lead")):
        if years:  # 9月7日，“2025年中国开发区营商环境建设大会”召开: the latest year the opening names (news is
            period_end, year_rule = max(years), "news_event_year"  # written after what it reports; 到2027年 is a plan's)
        elif year_end := NEWS_BASE_YEAR_END.search(uncited):
            period_end, year_rule = int(year_end.group(1)) + 1, "news_base_year_end"  # 较2022年底增长: in 2023
    cites_regulation = doc_type == "news" and bool(NEWS_OF_REGULATION.search(text, 0, 600))
    return DocumentFacts(doc_type, rule, issue_year, doc.period_start, period_end, region,
                         cites_regulation=cites_regulation, year_rule=year_rule, opening_review_year=opening_review_year,
                         issue_year_rule=issue_year_rule)


def _plans_cited_blank(head: str) -> str:
    """The head with cited titles of results-then-plans reports blanked (《关于2020年…执行情况及2021年…计划草案的
    报告》): their 执行情况 names the report, which brings the next year's plan, not a page on results."""
    return CITED_TITLE.sub(lambda m: " " * len(m.group()) if RESULTS_THEN_PLANS_TITLE.search(m.group()) else m.group(), head)


def _past_tense_vote(text: str) -> bool:
    """past_tense_vote: a text with no typed document title (none, or a news headline) that tells what
    was done (…了, 已…, 累计, 以来, 先后: 3 or more, over twice its forward marks: 力争, 确保, 到2025年,
    将于…) is a report on results, not a plan."""
    head = CITED_TITLE.sub("", text[:6000])  # a cited title's words (《…推进计划表》) are its own, not the text's
    past = len(PAST_MARKS.findall(head))
    return past >= 3 and past > 2 * len(FORWARD_MARKS.findall(head))


def _doc_type(doc: Document) -> tuple[str, str]:
    if doc.doc_type in REGULATION_TYPES:
        return "regulation", "regulation_document"
    title = doc.title or ""
    for name in DOC_TYPE_RULES:
        if rx(name).search(title):
            return cue_rules()[name].role.removeprefix("type="), name  # the table's role: type=summary …
    return ("plan", "plan_title") if doc.doc_type in ("方案", "规划", "计划", "要点", "清单", "措施", "建议") else ("notice", "")


@dataclass
class Section:
    """The heading a sentence stands under: its own year and tense."""

    top: str = ""
    sub: str = ""
    top_year: int | None = None
    sub_year: int | None = None
    review: bool = False  # a review of results (工作回顾, 十三五 results, 取得的成效)
    trace: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.sub_year or self.top_year

    @property
    def past_plan_year(self) -> int | None:
        for word, year in PLAN_YEAR_WORDS.items():
            if word in self.sub or word in self.top:
                return year if word == "十三五" else None
        return None


class SectionWalker:
    """Walks the sentences in order, keeping the section they stand in (linear in the text)."""

    def __init__(self, facts: DocumentFacts | None = None) -> None:
        self.section = Section()
        if facts and facts.opening_review_year:  # results_then_plans_title: the opening reviews its first year
            self.section = Section(top_year=facts.opening_review_year, review=True, trace=["results_then_plans_title"])
        self.facts = facts

    def see(self, sentence: str) -> Section:
        sec = self.section
        plain = bool(PLAIN_HEADING.match(sentence)) and not HEADING_START.match(sentence)
        # 一、… under an unnumbered review part (2025年和“十四五”工作回顾) stays in that part
        under_part = sec.review and bool(sec.top) and not TOP_HEADING.match(sec.top) \
            and bool(PLAIN_HEADING.match(sec.top))
        if (TOP_HEADING.match(sentence) and not under_part) or (plain and not TOP_HEADING.match(sec.top)):
            # 2022年工作回顾 (an unnumbered part of a report, no numbered part above it) is a top
            # heading: the （一）… under it stand in it
            sec = Section(top=sentence, top_year=self._heading_year(sentence))
        elif (HEADING_START.match(sentence) and len(sentence) <= 40) or plain or TOP_HEADING.match(sentence):
            sec = Section(sec.top, sentence, sec.top_year, self._heading_year(sentence))
        else:
            return sec
        sec.review, sec.trace = _tense(sec)
        if (not sec.review and self.facts and "results_then_plans_title" in self.section.trace
                and not _turns_to_plans(sec, self.facts)):
            # results_then_plans_title: the headings of the review part (一、以服务大局为着力点…) stay in it
            # until one turns to plans (二、2024年工作安排, 某某2025年工作要点)
            sec.review, sec.trace = True, ["results_then_plans_title"]
        if sec.review and plain:
            sec.trace = [*sec.trace, "plain_heading"]  # 回顾2023年工作成果: an unnumbered heading line
        if not sec.review and self._past(sec.sub_year if sec.sub else sec.top_year):
            sec.review, sec.trace = True, ["past_year_heading"]
        self.section = sec
        return sec

    def _heading_year(self, heading: str) -> int | None:
        """The year a heading names: 2023年…; 上半年/今年以来 → the issue year; 过去一年 → the one before.
        A base year (4．审批时间较2020年压减30%, a list item read as a heading) is not the heading's year."""
        years = [y for y in years_in(heading, 0, len(heading)) if not base_year_rule(heading, y, 0)]
        if years:
            return years[-1][2]
        issue = self.facts.issue_year if self.facts else None
        if issue and RELATIVE_PAST.search(heading):
            return issue - 1
        if issue and RELATIVE_PRESENT.search(heading):
            return issue
        return None

    def _past(self, year: int | None) -> bool:
        """一、2023年主要工作 in a report of 2024, （一）2020年 in a plan for 2021—2025: a look back."""
        f = self.facts
        if year is None or f is None:
            return False
        if f.report:
            return bool(f.issue_year) and year < f.issue_year
        return bool(f.period_start) and year < f.period_start


def _turns_to_plans(sec: Section, facts: "DocumentFacts") -> bool:
    heading = sec.sub or sec.top
    year = sec.sub_year if sec.sub else sec.top_year
    return bool(PLAN_HEADING.search(heading) or FORWARD_HEADING.search(heading)
                or (year and facts.opening_review_year and year > facts.opening_review_year))


def _tense(sec: Section) -> tuple[bool, list[str]]:
    if ACTUAL_HEADING.search(sec.sub):
        return True, ["actual_heading"]
    if REVIEW_HEADING.search(sec.sub):  # 计划执行情况: the review word wins
        return True, ["review_heading"]
    if sec.sub and (FORWARD_HEADING.search(sec.sub) or PLAN_HEADING.search(sec.sub)):
        return False, []
    if ACTUAL_HEADING.search(sec.top):
        return True, ["actual_heading"]
    if REVIEW_HEADING.search(sec.top):
        return True, ["review_heading"]
    return False, []
