"""Documents as they arrive from the wild (issue 11): saved portal pages (.html and pasted .txt), OCR text
with running page headers and footers, a traditional-script plan, split digits, rank phrases, development
zones, a district report and a district notice that names only its city.

The documents in tests/data/wild were written for these tests (none is from the corpus). Each test runs the
real pipeline step (pipeline.process_file) and checks exact values and source offsets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.normalising import JOINER, matching_text, original_span_text
from ingest.pipeline import process_file

WILD = Path(__file__).parent / "data" / "wild"


@pytest.fixture(scope="module")
def results():
    return {p.name: process_file(str(p)) for p in sorted(WILD.iterdir())}


def only_doc(result):
    assert result.reject_reason is None, result.reject_reason
    assert len(result.documents) == 1
    return result.documents[0]


def measure_at(result, phrase: str, occurrence: int = 0):
    """The measure whose number starts where `phrase` (number as written in the file) starts."""
    text = result.source.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    found = [m for m in result.measures if m.char_start == start]
    assert found, f"no measure at {start} ({phrase!r}); measures at {[m.char_start for m in result.measures]}"
    return found[0]


# ------------------------------------------------------------------ the whole document, field by field

EXPECTED = {
    # name: title, issuer, 文号, issue date, (region code, region_name)
    "huangpu_portal.html": ("广州开发区管委会关于印发进一步优化营商环境若干措施的通知", "广州开发区管委会",
                            "穗开管办〔2023〕3号", "2023-03-15", ("440112", "广州开发区")),
    "kunshan_portal.txt": ("昆山经济技术开发区管理委员会关于印发《昆山开发区优化营商环境三年行动计划（2023—2025年）》的通知",
                           "昆山经济技术开发区管理委员会", "昆开管〔2023〕18号", "2023-06-05",
                           ("320583", "昆山经济技术开发区")),
    "changchun_ocr.txt": ("长春市人民政府关于印发长春市进一步优化营商环境若干措施的通知", "长春市人民政府",
                          "长府发〔2021〕7号", "2021-04-26", ("220100", "长春市")),
    "guangdong_traditional.txt": ("廣東省人民政府辦公廳關於印發廣東省優化營商環境三年行動方案的通知", "廣東省人民政府辦公廳",
                                  "粤府办〔2023〕12号", "2023-05-08", ("440000", "广东省")),
    "jian_report.txt": ("政府工作报告", None, None, "2024-01-10", ("411003", "建安区")),
    "gulou_district.txt": ("鼓楼区人民政府办公室关于印发鼓楼区优化营商环境行动方案的通知", "鼓楼区人民政府办公室",
                           "鼓政办〔2023〕21号", "2023-04-12", ("350102", "鼓楼区")),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_and_region_of_each_wild_document(results, name):
    doc = only_doc(results[name])
    title, issuer, number, date, region = EXPECTED[name]
    assert (doc.title, doc.issuer, doc.doc_number, doc.issue_date) == (title, issuer, number, date)
    assert [(r.code, r.name) for r in doc.regions] == [region]
    assert doc.region_status == "resolved"


# ------------------------------------------------------------------ portal pages


def test_portal_chrome_is_never_part_of_a_title_or_a_measure(results):
    for name in ("huangpu_portal.html", "kunshan_portal.txt"):
        r = results[name]
        doc = only_doc(r)
        for chrome in ("首页", "字体", "打印", "关闭窗口", "分享到", "ICP", "繁體", "簡體", "浏览次数"):
            assert chrome not in doc.title
            assert not any(chrome in m.evidence for m in r.measures), (name, chrome)
        # ICP licence numbers and view counters are not measures
        assert {m.number_text for m in r.measures}.isdisjoint({"12345678", "05012345", "1024"})


def test_info_block_written_date_wins_over_published_date(results):
    # huangpu: 成文日期 2023-03-15, 发布日期 2023-03-20; kunshan: 成文日期 2023-06-05, 发布时间 2023-06-08
    assert only_doc(results["huangpu_portal.html"]).issue_date == "2023-03-15"
    assert only_doc(results["kunshan_portal.txt"]).issue_date == "2023-06-05"


def test_portal_page_measures_with_offsets(results):
    r = results["huangpu_portal.html"]
    m = measure_at(r, "0.5个工作日")
    assert (m.value, m.unit, m.comparator, m.indicator_code) == (0.5, "working_day", "le", "start_business_time")
    assert r.source.text[m.char_start:m.char_end] == "0.5"
    usd = measure_at(r, "30亿美元")
    assert (usd.value, usd.unit, usd.comparator) == (3_000_000_000, "usd", "eq")
    assert r.source.text[usd.char_start:usd.char_end] == "30"


# ------------------------------------------------------------------ OCR page furniture and split digits


def test_ocr_headers_and_footers_are_noise(results):
    r = results["changchun_ocr.txt"]
    assert not any("2021-04-29" in m.evidence or "—2—" in m.evidence for m in r.measures)
    # the header's date 04-29 is never a range, of persons or anything else
    assert not any(m.value in (4.0, 29.0, 2021.0) for m in r.measures)


def test_split_digits_are_one_number_read_from_the_original(results):
    r = results["changchun_ocr.txt"]
    text = r.source.text
    fifteen = measure_at(r, "1 5个工作日")
    assert (fifteen.value, fifteen.unit, fifteen.comparator) == (15, "working_day", "le")
    assert (fifteen.char_start, fifteen.char_end) == (text.index("1 5个工作日"), text.index("1 5个工作日") + 3)
    assert fifteen.number_text == "1 5"
    money = measure_at(r, "27 .4亿元")
    assert (money.value, money.unit, money.number_text) == (2_740_000_000, "yuan", "27 .4")
    across_lines = measure_at(r, "4\n0亿元")
    assert (across_lines.value, across_lines.number_text) == (4_000_000_000, "4\n0")
    assert across_lines.evidence == "二、全年新签约项目总投资达到27.4亿元，新增减税降费40亿元。"
    # never read from a last fragment
    assert not any(m.value in (5.0, 0.4, 0.0) for m in r.measures)
    one = measure_at(r, "1 个工作日")
    assert (one.value, one.unit, one.indicator_code) == (1, "working_day", "start_business_time")


# ------------------------------------------------------------------ traditional script


def test_traditional_plan_is_matched_in_simplified_and_evidence_keeps_the_original(results):
    r = results["guangdong_traditional.txt"]
    text = r.source.text
    one = measure_at(r, "１個工作日")
    assert (one.value, one.unit, one.comparator, one.indicator_code) == (1, "working_day", "le", "start_business_time")
    assert one.evidence == "一、企業開辦時間壓縮至１個工作日以內，辦理時限不超過３個工作日。"
    assert text[one.evidence_start:one.evidence_end].strip() == one.evidence
    three = measure_at(r, "３個工作日")
    assert (three.value, three.comparator, three.unit_text) == (3, "le", "個工作日")  # 不超過 → le
    rate = measure_at(r, "１００％")
    assert (rate.value, rate.unit, rate.indicator_code, rate.target_year) == (100, "percent", "online_service_rate", 2025)
    usd = measure_at(r, "2 0億美元")
    assert (usd.value, usd.unit, usd.comparator, usd.number_text) == (2_000_000_000, "usd", "ge", "2 0")


# ------------------------------------------------------------------ regions: rank phrases, zones, city only


def test_rank_phrases_are_not_measures_and_do_not_move_the_region(results):
    for name, region in (("jian_report.txt", "411003"), ("kunshan_portal.txt", "320583")):
        r = results[name]
        assert only_doc(r).regions[0].code == region
        for m in r.measures:
            assert not any(word in m.evidence[max(0, m.evidence.find(m.number_text) - 3):m.evidence.find(m.number_text)]
                           for word in ("第", "前")), (name, m.number_text, m.evidence)
    jian = results["jian_report.txt"]
    assert sorted((m.value, m.unit) for m in jian.measures) == [(0.5, "working_day"), (8000, "count")]


def test_zone_measures_carry_the_zone_name(results):
    r = results["kunshan_portal.txt"]
    m = measure_at(r, "3 5个工作日")
    assert (m.value, m.region_code, m.region_name, m.target_year) == (35, "320583", "昆山经济技术开发区", 2025)
    households = measure_at(r, "1 2000户")
    assert (households.value, households.unit) == (12000, "count")


# ------------------------------------------------------------------ the matching text itself


@pytest.mark.parametrize("original, matching", [
    ("營商環境不超過5個工作日", "营商环境不超过5个工作日"),  # OpenCC t2s, 1:1
    ("粵府辦〔2023〕12號", "粤府办〔2023〕12号"),
    ("壓縮至１５個工作日", "压缩至15个工作日"),  # full-width digits
    ("达到27 .4亿元", f"达到27{JOINER}.4亿元"),
    ("完成4\n0项", f"完成4{JOINER}0项"),
    ("缩短至1 5 个工作日", f"缩短至1{JOINER}5 个工作日"),
])
def test_matching_text_rewrites_character_for_character(original, matching):
    assert matching_text(original) == matching
    assert len(matching_text(original)) == len(original)


@pytest.mark.parametrize("text", [
    "表1 2021年完成",  # a year after a table number is its own number
    "1 2 3 4",  # a row of numbers is not one number
    "共5 个",  # a number then a space before its unit: nothing to join
    "— 2 —\n5个工作日",  # a page footer never glues onto the next line
    "长春市人民政府文件　　2021-04-29\n10个工作日",
    "已经简体的文本不变",
])
def test_matching_text_leaves_other_text_alone(text):
    assert matching_text(text) == text


def test_evidence_of_the_original_skips_noise_lines():
    original = "企業開辦壓縮至\n— 2 —\n１個工作日。"
    matching = matching_text(original)
    assert original_span_text(original, matching, 0, len(original)) == "企業開辦壓縮至１個工作日。"


def test_numbers_in_every_written_form(results):
    r = results["numbers_plan.txt"]
    got = {(m.number_text, m.unit_text): (m.value, m.unit, m.comparator) for m in r.measures}
    assert got == {
        ("半", "个工作日"): (0.5, "working_day", "le"),
        ("一", "次"): (1, "count", "eq"),  # 每季度开展一次: a frequency
        ("3", "千亿元"): (300_000_000_000, "yuan", "ge"),  # 突破 → ge
        ("5000", "万美元"): (50_000_000, "usd", "eq"),
        ("２０", "亿元"): (2_000_000_000, "yuan", "eq"),  # full-width digits, written as in the file
        ("8", "亿美元"): (800_000_000, "usd", "eq"),
        ("1.5", "万美元"): (15_000, "usd", "ge"),  # who qualifies (1.5万美元以上的项目…奖励): a measure of kind rule
    }
    assert next(m.kind for m in r.measures if m.number_text == "1.5") == "rule"
    text = r.source.text
    half = next(m for m in r.measures if m.number_text == "半")
    assert (half.char_start, half.char_end) == (text.index("半个工作日"), text.index("半个工作日") + 1)
