"""Tables (ingest/tables.py, seeds/table_header_cues.csv): pipe, tab-separated, .docx and .html
tables read cell by cell. Every example here is written for these tests (the reference corpus
holds no table)."""

from __future__ import annotations

import csv

import pytest

from ingest import SEEDS_DIR
from ingest.pipeline import process_file
from ingest.reading import read_file
from ingest.records import Document, RegionRef
from ingest.tables import _quantities, blanked, cue_sets, document_tables, find_tables, table_measures

KUNMING = RegionRef("530100", "昆明市", "issuer")
PLAN_2024 = dict(period_start=2024, period_end=2024, issue_date="2024-02-20")

HEAD = (
    "昆明市人民政府办公室关于印发昆明市2024年优化营商环境工作要点的通知\n"
    "昆政办〔2024〕12号\n"
    "各县（市）区人民政府，市政府各委办局：\n"
    "现将《昆明市2024年优化营商环境工作要点》印发给你们，请认真贯彻落实。\n"
    "昆明市人民政府办公室\n"
    "2024年2月20日\n"
    "昆明市2024年优化营商环境工作要点\n"
    "一、主要目标\n"
    "到2024年底，全市营商环境便利度明显提升，主要指标如下表。\n"
)
PIPE_TABLE = (
    "| 序号 | 指标 | 2023年完成情况 | 2024年目标值 |\n"
    "| --- | --- | --- | --- |\n"
    "| 1 | 企业开办时间（个工作日） | 1 | 0.5 |\n"
    "| 2 | 政务服务事项全程网办率 | 85% | 90%以上 |\n"
    "| 3 | 一般不动产登记时间（个工作日） | 3 | 1 |\n"
    "| 4 | 获得电力高压办电时间 | 20个工作日 | ≤15个工作日 |\n"
    "| 5 | 新增市场主体增长（%） | 12.3 | 10 |\n"
)
TAIL = "二、重点任务\n（一）深化商事制度改革。推行企业开办“一网通办”，注销办理时间压缩至3个工作日。\n"


def doc_of(text: str, **facts) -> Document:
    return Document("t#1", "t.txt", 1, 0, len(text), **facts)


def rows_of(measures):
    return [(m.indicator_code, m.value, m.unit, m.comparator, m.kind, m.target_year) for m in measures]


def check_offsets(text: str, measures) -> None:
    for m in measures:
        assert text[m.char_start : m.char_end] == m.number_text
        row = text[m.evidence_start : m.evidence_end]
        assert "\n" not in row and m.evidence == "".join(row.split())
        assert m.evidence_start <= m.char_start < m.char_end <= m.evidence_end


# ---------------------------------------------------------------- pipe tables


def test_work_points_pipe_table_gives_one_measure_per_cell_through_the_pipeline(tmp_path):
    text = HEAD + PIPE_TABLE + TAIL
    path = tmp_path / "要点.txt"
    path.write_text(text, encoding="utf-8")
    result = process_file(str(path))
    assert result.reject_reason is None
    table = [m for m in result.measures if m.evidence.startswith("|")]
    assert rows_of(table) == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("full_online_rate", 85.0, "percent", "eq", "actual", 2023),
        ("full_online_rate", 90.0, "percent", "ge", "target", 2024),
        ("property_registration_time", 3.0, "working_day", "le", "actual", 2023),
        ("property_registration_time", 1.0, "working_day", "le", "target", 2024),
        ("elec_connection_time_hv", 20.0, "working_day", "le", "actual", 2023),
        ("elec_connection_time_hv", 15.0, "working_day", "le", "target", 2024),
        # the row label says 增长: a change, of 市场主体 → the finer rate code a sentence gets too
        ("market_entity_growth_rate", 12.3, "percent", "eq", "change", 2023),
        ("market_entity_growth_rate", 10.0, "percent", "eq", "change", 2024),
    ]
    check_offsets(text, table)
    assert {m.region_code for m in table} == {"530100"}
    assert table[0].subject == "企业开办时间" and table[0].evidence == "|1|企业开办时间（个工作日）|1|0.5|"
    assert [text[m.char_start : m.char_end] for m in table[:4]] == ["1", "0.5", "85", "90"]
    # The sentence extractor read the prose around the table and nothing of the table again.
    prose = [m for m in result.measures if not m.evidence.startswith("|")]
    assert [(m.indicator_code, m.value) for m in prose] == [("deregistration_time", 3.0)]


def test_pipe_table_without_outer_pipes_needs_its_separator_row():
    table = "指标 | 2024年目标值\n--- | ---\n企业开办时间（个工作日） | 0.5\n"
    found = find_tables(table)
    assert len(found) == 1 and [c.text for c in found[0].header] == ["指标", "2024年目标值"]
    ms = table_measures(table, found[0], doc_of(table, **PLAN_2024), KUNMING)
    assert rows_of(ms) == [("start_business_time", 0.5, "working_day", "le", "target", 2024)]
    check_offsets(table, ms)


def test_prose_with_a_pipe_is_not_a_table():
    text = ("首页 | 政务公开 | 营商环境\n"
            "企业开办时间压缩至1个工作日|不动产登记时间压缩至3个工作日。\n"
            "全市新增市场主体10万户，同比增长12%。\n")
    assert find_tables(text) == []


def test_a_single_pipe_line_is_not_a_table():
    assert find_tables("| 指标 | 2024年目标值 |\n正文继续。\n") == []


# ---------------------------------------------------------------- tab-separated tables


TAB_TABLE = (
    "附表：2024年主要指标\n"
    "序号\t指标名称\t单位\t2022年基期值\t2024年目标\t较上年提高\n"
    "1\t工程建设项目全流程审批时间\t个工作日\t60\t40以内\t—\n"
    "2\t政府采购意向公开率\t%\t95\t100\t2\n"
    "3\t市场主体数量\t万户\t12.5\t15\t—\n"
)


def test_tab_separated_table_with_a_unit_column_and_a_baseline_column():
    text = TAB_TABLE
    [table] = find_tables(text)
    assert table.style == "tab" and table.caption == "附表：2024年主要指标"
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    # 2022年基期值 is where each row starts from: the baseline of its target, not a measure of its own
    assert [(*r, m.baseline_value) for r, m in zip(rows_of(ms), ms)] == [
        ("construction_approval_time", 40.0, "working_day", "le", "target", 2024, 60.0),
        ("procurement_intention_disclosure_rate", 100.0, "percent", "eq", "target", 2024, 95.0),
        ("other", 2.0, "percent", "eq", "change", 2024, None),  # 较上年提高: no year of its own → the caption's
        ("other", 150000.0, "count", "eq", "target", 2024, 125000.0),  # 万户 → ×10 000
    ]
    check_offsets(text, ms)
    assert ms[0].evidence == "1工程建设项目全流程审批时间个工作日6040以内—"
    assert ms[0].unit_text == "个工作日"
    # The baselines were read: the sentence extractor sees none of the table's numbers again.
    _, spans = document_tables(text, doc_of(text, **PLAN_2024), KUNMING)
    seen = blanked(text, spans)
    assert seen.split("\n")[0] == "附表：2024年主要指标" and all(not line.strip() for line in seen.split("\n")[2:])


def test_header_year_without_cue_before_the_plan_period_is_an_actual():
    text = "指标\t2022年\t2025年\n网上可办率（%）\t92\t≥98\n"
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, period_start=2023, period_end=2025), KUNMING)
    assert rows_of(ms) == [("online_service_rate", 92.0, "percent", "eq", "actual", 2022),
                           ("online_service_rate", 98.0, "percent", "ge", "target", 2025)]


def test_two_header_rows_and_a_range_cell():
    text = ("指标\t2024年\t\t2025年\n"
            "\t目标\t完成情况\t目标\n"
            "低压小微企业办电时间\t3—5个工作日\t4个工作日\t2个工作日\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["指标", "2024年目标", "2024年完成情况", "2025年目标"]
    ms = table_measures(text, table, doc_of(text, period_start=2024, period_end=2025), KUNMING)
    assert rows_of(ms) == [
        ("elec_connection_time_lv_business", 3.0, "working_day", "ge", "target", 2024),
        ("elec_connection_time_lv_business", 5.0, "working_day", "le", "target", 2024),
        ("elec_connection_time_lv_business", 4.0, "working_day", "le", "actual", 2024),
        ("elec_connection_time_lv_business", 2.0, "working_day", "le", "target", 2025),
    ]
    check_offsets(text, ms)


def test_rows_naming_sub_regions_take_the_indicator_from_the_header():
    text = ("地区\t企业开办时间（个工作日）\t全程网办率（%）\n"
            "五华区\t0.5\t95\n"
            "呈贡区\t1\t90\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(m.region_code, m.region_name, m.indicator_code, m.value) for m in ms] == [
        ("530102", "五华区", "start_business_time", 0.5),
        ("530102", "五华区", "full_online_rate", 95.0),
        ("530114", "呈贡区", "start_business_time", 1.0),
        ("530114", "呈贡区", "full_online_rate", 90.0),
    ]
    assert all(m.target_year == 2024 and m.kind == "target" for m in ms)


def test_tables_of_tasks_units_dates_and_serial_numbers_give_no_measures():
    text = ("序号\t工作任务\t牵头单位\t完成时限\n"
            "1\t推行企业开办全程网办\t市市场监管局\t2024年6月底\n"
            "2\t落实《优化营商环境条例》\t市司法局、市发展改革委\t2024年12月31日\n"
            "3\t修订实施细则\t云政办发〔2023〕41号\t长期坚持\n")
    [table] = find_tables(text)
    assert table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING) == []
    measures, spans = document_tables(text, doc_of(text, **PLAN_2024), KUNMING)
    assert measures == [] and spans == []  # left to the sentence extractor as it is


def test_prose_cells_of_a_value_table_stay_readable_for_the_sentence_extractor():
    text = ("指标\t2024年目标\t举措\n"
            "企业开办时间（个工作日）\t0.5\t注销办理时间压缩至3个工作日\n")
    doc = doc_of(text, **PLAN_2024)
    measures, spans = document_tables(text, doc, KUNMING)
    assert [m.value for m in measures] == [0.5]
    seen = blanked(text, spans)
    assert len(seen) == len(text) and seen.count("\n") == text.count("\n")
    assert "注销办理时间压缩至3个工作日" in seen and "企业开办" not in seen and "0.5" not in seen


# ---------------------------------------------------------------- .docx and .html


def test_docx_table_with_a_merged_title_row(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("曲靖市2024年优化营商环境重点指标")
    t = d.add_table(rows=4, cols=4)
    title = t.cell(0, 0).merge(t.cell(0, 3))
    title.text = "重点指标表"
    for r, values in enumerate([["指标", "单位", "2023年完成值", "2024年目标值"],
                                ["企业开办时间", "个工作日", "1", "0.5"],
                                ["不动产抵押登记时间", "小时", "24", "不超过4"]], start=1):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    d.add_paragraph("二、保障措施")
    path = tmp_path / "指标.docx"
    d.save(path)
    source = read_file(path)
    assert "重点指标表\t\t\t" in source.text  # a merged cell keeps the columns aligned
    [table] = find_tables(source.text)
    assert table.caption == "重点指标表"
    ms = table_measures(source.text, table, doc_of(source.text, **PLAN_2024), RegionRef("530300", "曲靖市", "issuer"))
    assert rows_of(ms) == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("mortgage_registration_time", 24.0, "hour", "le", "actual", 2023),
        ("mortgage_registration_time", 4.0, "hour", "le", "target", 2024),
    ]
    check_offsets(source.text, ms)
    assert ms[-1].unit_text == "小时" and ms[-1].evidence == "不动产抵押登记时间小时24不超过4"


def test_html_table_with_colspan(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>t</title></head><body><article>
    <h1>玉溪市2024年营商环境主要指标</h1>
    <table>
      <tr><th rowspan="2">指标</th><th colspan="2">2024年</th></tr>
      <tr><th>目标值</th><th>上半年完成情况</th></tr>
      <tr><td>企业开办时间（个工作日）</td><td>0.5</td><td>0.8</td></tr>
      <tr><td>好评率</td><td>≥99%</td><td>99.2%</td></tr>
    </table>
    <p>各地各部门要抓好落实。</p>
    </article></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    source = read_file(path)
    [table] = find_tables(source.text)
    assert [c.text for c in table.header] == ["指标", "2024年目标值", "2024年上半年完成情况"]
    ms = table_measures(source.text, table, doc_of(source.text, **PLAN_2024), RegionRef("530400", "玉溪市", "issuer"))
    assert rows_of(ms) == [
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("start_business_time", 0.8, "working_day", "le", "actual", 2024),
        ("positive_review_rate", 99.0, "percent", "ge", "target", 2024),
        ("positive_review_rate", 99.2, "percent", "eq", "actual", 2024),
    ]
    check_offsets(source.text, ms)


# ---------------------------------------------------------------- the cue rules


def cue_rows():
    with open(SEEDS_DIR / "table_header_cues.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("rule", cue_rows(), ids=lambda r: r["name"])
def test_every_cue_rule_applies_to_its_examples_and_not_to_its_negative(rule):
    examples = [rule["example_1"], rule["example_2"]]
    assert all(examples) and rule["negative"], "a rule needs two examples and a negative"
    where = rule["applies_to"].split("|")[0]
    if rule["sets"] == "filler":  # a value cell may hold these words; a cell with other words is prose
        assert all(_quantities(e) for e in examples)
        assert not _quantities(rule["negative"])
        return
    key, _, value = rule["sets"].partition("=")
    for e in examples:
        assert cue_sets(e, where).get(key) == value, e
    assert cue_sets(rule["negative"], where).get(key) != value


def test_value_cells_and_cells_that_are_not_values():
    assert [(q.number_text, q.value, q.unit, q.comparator) for q in _quantities("≤15个工作日")] == [("15", 15.0, "working_day", "le")]
    assert [(q.number_text, q.value, q.comparator) for q in _quantities("约0.5")] == [("0.5", None, None)]
    for not_a_value in ["2024年6月底", "6月30日", "云政办发〔2023〕41号", "市市场监管局", "—", "推行企业开办全程网办1个工作日办结",
                        "3个工作日、5个工作日", ""]:
        assert _quantities(not_a_value) == [], not_a_value


def test_category_column_gives_context_and_the_indicator_column_the_label():
    text = ("| 类别 | 指标 | 2024年目标值 |\n"
            "| --- | --- | --- |\n"
            "| 获得用水用气 | 用水报装时间（个工作日） | 2 |\n"
            "|  | 用气报装时间（个工作日） | 3 |\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(m.subject, m.indicator_code, m.value) for m in ms] == [
        ("用水报装时间", "water_connection_time", 2.0), ("用气报装时间", "gas_connection_time", 3.0)]


def test_a_table_without_header_row():
    text = "企业开办\t1个工作日\n不动产登记\t3个工作日以内\n"
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert rows_of(ms) == [("start_business_time", 1.0, "working_day", "le", "target", 2024),
                           ("property_registration_time", 3.0, "working_day", "le", "target", 2024)]
    check_offsets(text, ms)


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(list("|｜\t\n -:0123456789.%个工作日年完成情况目标增长≤以上序号单位企业开办（）")
                                + ["  ", "\u3000", "现状值", "一、", "\n2024年目标值\n", "（个工作日）\n"]), max_size=200).map("".join))
def test_tables_never_raise_and_offsets_hold(text):
    doc = doc_of(text, **PLAN_2024)
    measures, spans = document_tables(text, doc, KUNMING)
    for m in measures:
        assert text[m.char_start : m.char_end] == m.number_text
        assert 0 <= m.evidence_start <= m.char_start < m.char_end <= m.evidence_end <= len(text)
    seen = blanked(text, spans)
    assert len(seen) == len(text) and all(a == b or a == " " for a, b in zip(seen, text))


# ---------------------------------------------------------------- tables in PDF text: space-aligned rows


SPACE_TABLE = (
    "序号  指标名称                      2023年完成情况    2024年目标值\n"
    "1     企业开办时间（个工作日）      1                 0.5\n"
    "2     工程建设项目审批时间          45个工作日        ≤40个工作日\n"
    "3     政务服务事项全程网办率（%）   85                90以上\n"
    "4     新增经营主体增长（%）         12.5              10\n"
)


def test_space_aligned_pdf_table_through_the_pipeline(tmp_path):
    text = HEAD + SPACE_TABLE + TAIL
    path = tmp_path / "要点.txt"
    path.write_text(text, encoding="utf-8")
    result = process_file(str(path))
    assert result.reject_reason is None
    table = [m for m in result.measures if m.evidence[:1].isdigit()]
    assert [(*r, m.baseline_value) for r, m in zip(rows_of(table), table)] == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023, None),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024, None),
        ("construction_approval_time", 45.0, "working_day", "le", "actual", 2023, None),
        ("construction_approval_time", 40.0, "working_day", "le", "target", 2024, None),
        ("full_online_rate", 85.0, "percent", "eq", "actual", 2023, None),
        ("full_online_rate", 90.0, "percent", "ge", "target", 2024, None),
        ("market_entity_growth_rate", 12.5, "percent", "eq", "change", 2023, None),  # the row label says 增长
        ("market_entity_growth_rate", 10.0, "percent", "eq", "change", 2024, None),
    ]
    check_offsets(text, table)
    row = text.index("2     工程建设")
    assert [(m.char_start - row, m.number_text) for m in table[2:4]] == [(26, "45"), (41, "40")]
    assert table[2].evidence == "2工程建设项目审批时间45个工作日≤40个工作日" and table[2].unit_text == "个工作日"
    # the serial column is no measure, and the prose after the table is read as prose, once
    prose = [m for m in result.measures if m not in table]
    assert [(m.indicator_code, m.value) for m in prose] == [("deregistration_time", 3.0)]


def test_full_width_spaces_and_a_baseline_column():
    text = ("指标　　　　　　　　　　现状值　　2024年目标值\n"
            "企业开办时间（个工作日）　2　　　　1\n"
            "不动产登记时间　　　　　　5个工作日　3个工作日\n"
            "网上可办率（%）　　　　　90　　　　98\n")
    [table] = find_tables(text)
    assert table.style == "space" and [c.text for c in table.header] == ["指标", "现状值", "2024年目标值"]
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(*r, m.baseline_value) for r, m in zip(rows_of(ms), ms)] == [
        ("start_business_time", 1.0, "working_day", "le", "target", 2024, 2.0),
        ("property_registration_time", 3.0, "working_day", "le", "target", 2024, 5.0),
        ("online_service_rate", 98.0, "percent", "eq", "target", 2024, 90.0),
    ]
    check_offsets(text, ms)
    assert [text[m.char_start : m.char_end] for m in ms] == ["1", "3", "98"]


def test_a_baseline_without_a_target_in_its_unit_is_a_level_of_its_own():
    text = ("指标\t现状值\t2024年目标\n"
            "企业开办时间（个工作日）\t2\t—\n"
            "新增经营主体\t5000户\t增长10%\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(*r, m.baseline_value) for r, m in zip(rows_of(ms), ms)] == [
        ("start_business_time", 2.0, "working_day", "le", "actual", 2024, None),
        ("other", 5000.0, "count", "eq", "actual", 2024, None),  # 户 and % differ: 5000 is no baseline of 10%
        ("market_entity_growth_rate", 10.0, "percent", "eq", "change", 2024, None),
    ]


def test_header_row_spread_over_two_lines():
    text = ("序号  指标名称                    2023年完成    2024年目\n"
            "                                  情况          标值\n"
            "1     企业开办时间（个工作日）    1             0.5\n"
            "2     用水报装时间（个工作日）    3             2\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["序号", "指标名称", "2023年完成情况", "2024年目标值"]
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert rows_of(ms) == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("water_connection_time", 3.0, "working_day", "le", "actual", 2023),
        ("water_connection_time", 2.0, "working_day", "le", "target", 2024),
    ]
    check_offsets(text, ms)


def test_pipe_header_row_wrapped_onto_a_second_row():
    text = ("| 指标 | 2023年完成 | 2024年目标 |\n"
            "|  | 情况 | 值 |\n"
            "| 一般不动产登记时间（个工作日） | 2 | 1 |\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["指标", "2023年完成情况", "2024年目标值"]
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert rows_of(ms) == [("property_registration_time", 2.0, "working_day", "le", "actual", 2023),
                           ("property_registration_time", 1.0, "working_day", "le", "target", 2024)]
    check_offsets(text, ms)


def test_a_space_aligned_row_with_an_empty_cell_keeps_its_columns():
    text = ("指标                        2023年完成情况    2024年目标值    2025年目标值\n"
            "企业开办时间（个工作日）    1                                 0.5\n"
            "全程网办率（%）             85                90              95\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, period_start=2024, period_end=2025), KUNMING)
    assert [(m.indicator_code, m.value, m.kind, m.target_year) for m in ms] == [
        ("start_business_time", 1.0, "actual", 2023), ("start_business_time", 0.5, "target", 2025),
        ("full_online_rate", 85.0, "actual", 2023), ("full_online_rate", 90.0, "target", 2024),
        ("full_online_rate", 95.0, "target", 2025)]


def test_prose_with_wide_gaps_and_indents_is_not_a_table():
    text = ("　　到2024年底，企业开办时间压缩至1个工作日。  不动产登记时间压缩至3个工作日。\n"
            "　　政务服务事项全程网办率达到90%。  新增经营主体10万户。\n"
            "第一条　为了优化营商环境，制定本办法。\n"
            "第二条　本办法适用于本市行政区域。\n")
    assert find_tables(text) == []
    measures, spans = document_tables(text, doc_of(text, **PLAN_2024), KUNMING)
    assert measures == [] and spans == []


# ---------------------------------------------------------------- tables in PDF text: one cell per line


LINE_TABLE = (
    "保山市2024年营商环境重点指标\n"
    "指标\n"
    "2023年完成情况\n"
    "2024年目标值\n"
    "一、政务服务\n"
    "企业开办时间（个工作日）\n"
    "1\n"
    "0.5\n"
    "全程网办率（%）\n"
    "85\n"
    "90\n"
    "二、要素保障\n"
    "低压小微企业办电时间\n"
    "3个工作日\n"
    "≤2个工作日\n"
    "各地各部门要抓好落实，确保目标按期完成。\n"
)


def test_table_read_one_cell_per_line():
    text = LINE_TABLE
    [table] = find_tables(text)
    assert table.style == "line" and table.caption == "保山市2024年营商环境重点指标"
    assert [c.text for c in table.header] == ["指标", "2023年完成情况", "2024年目标值"]
    doc = doc_of(text, **PLAN_2024)
    ms = table_measures(text, table, doc, KUNMING)
    assert rows_of(ms) == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("full_online_rate", 85.0, "percent", "eq", "actual", 2023),
        ("full_online_rate", 90.0, "percent", "eq", "target", 2024),
        ("elec_connection_time_lv_business", 3.0, "working_day", "le", "actual", 2023),
        ("elec_connection_time_lv_business", 2.0, "working_day", "le", "target", 2024),
    ]
    assert [m.char_start for m in ms[:2]] == [text.index("\n1\n") + 1, text.index("\n0.5\n") + 1]
    assert all(text[m.char_start : m.char_end] == m.number_text for m in ms)
    assert ms[0].evidence == "企业开办时间（个工作日）10.5" and ms[0].evidence_start == text.index("企业开办时间")
    # the rows are blanked line by line: line breaks hold, the closing sentence stays readable
    measures, spans = document_tables(text, doc, KUNMING)
    seen = blanked(text, spans)
    assert seen.count("\n") == text.count("\n") and seen.endswith("各地各部门要抓好落实，确保目标按期完成。\n")
    assert "企业开办" not in seen and "0.5" not in seen


def test_one_cell_per_line_with_a_serial_column(tmp_path):
    text = HEAD + ("序号\n指标\n2024年目标值\n1\n企业开办时间\n0.5个工作日\n2\n一般不动产登记时间\n1个工作日\n") + TAIL
    path = tmp_path / "要点.txt"
    path.write_text(text, encoding="utf-8")
    result = process_file(str(path))
    table = [m for m in result.measures if m.evidence[:1].isdigit()]
    assert rows_of(table) == [("start_business_time", 0.5, "working_day", "le", "target", 2024),
                              ("property_registration_time", 1.0, "working_day", "le", "target", 2024)]
    check_offsets_multiline(text, table)
    assert [m.evidence for m in table] == ["1企业开办时间0.5个工作日", "2一般不动产登记时间1个工作日"]
    prose = [m for m in result.measures if m not in table]
    assert [(m.indicator_code, m.value) for m in prose] == [("deregistration_time", 3.0)]


def test_two_tables_one_cell_per_line_in_one_run_of_short_lines():
    text = ("表1 政务服务\n指标\n2024年目标值\n企业开办时间\n0.5个工作日\n全程网办率\n95%\n"
            "表2 要素保障\n指标\n2024年目标值\n用水报装时间\n2个工作日\n用气报装时间\n3个工作日\n")
    tables = find_tables(text)
    assert [(t.caption, [c.text for c in t.header]) for t in tables] == [
        ("表1 政务服务", ["指标", "2024年目标值"]), ("表2 要素保障", ["指标", "2024年目标值"])]
    ms = [m for t in tables for m in table_measures(text, t, doc_of(text, **PLAN_2024), KUNMING)]
    assert [(m.indicator_code, m.value, m.unit) for m in ms] == [
        ("start_business_time", 0.5, "working_day"), ("full_online_rate", 95.0, "percent"),
        ("water_connection_time", 2.0, "working_day"), ("gas_connection_time", 3.0, "working_day")]


def check_offsets_multiline(text: str, measures) -> None:
    for m in measures:
        assert text[m.char_start : m.char_end] == m.number_text
        assert m.evidence == "".join(text[m.evidence_start : m.evidence_end].split())


def test_short_lines_that_are_not_a_table_give_nothing():
    text = ("目录\n一、总体要求\n1\n二、主要任务\n3\n三、保障措施\n12\n附件\n"  # a table of contents
            "昆明市人民政府办公室\n2024年2月20日\n抄送：市委办公室\n市人大常委会办公室\n市政协办公室\n")
    assert find_tables(text) == []
    assert document_tables(text, doc_of(text, **PLAN_2024), KUNMING) == ([], [])


# ---------------------------------------------------------------- what tables are: regulations, captions, negatives


def test_a_regulation_table_sets_rules():
    text = ("丽江市优化营商环境办法\n"
            "第一条　为了持续优化营商环境，制定本办法。\n"
            "第二条　下列事项的办理时限如下表：\n"
            "事项名称          办理时限\n"
            "企业开办          1个工作日\n"
            "不动产登记        3个工作日\n"
            "第三条　本办法自2024年5月1日起施行。\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["事项名称", "办理时限"]
    doc = doc_of(text, doc_type="办法", issue_date="2024-04-01")
    ms = table_measures(text, table, doc, RegionRef("530700", "丽江市", "issuer"))
    assert rows_of(ms) == [("start_business_time", 1.0, "working_day", "le", "rule", None),
                           ("property_registration_time", 3.0, "working_day", "le", "rule", None)]
    check_offsets(text, ms)


def test_the_caption_unit_holds_for_bare_numbers_until_a_row_names_another():
    text = ("表1  全市经营主体发展情况\n"
            "单位：万户\n"
            "指标\t2022年\t2023年\n"
            "经营主体总量\t40.2\t45.6\n"
            "其中：企业\t12.1\t13.8\n"
            "企业占比（%）\t30.1\t30.3\n"
            "个体工商户\t28.1\t31.8\n")
    [table] = find_tables(text)
    assert table.caption == "单位：万户"
    ms = table_measures(text, table, doc_of(text, period_start=2024, period_end=2024, issue_date="2024-01-10"), KUNMING)
    assert [(m.value, m.unit, m.kind, m.target_year) for m in ms] == [
        (402000.0, "count", "actual", 2022), (456000.0, "count", "actual", 2023),
        (121000.0, "count", "actual", 2022), (138000.0, "count", "actual", 2023),
        (30.1, "percent", "actual", 2022), (30.3, "percent", "actual", 2023),
        # 个体工商户 is under 企业占比（%）: the caption's 万户 no longer holds for a bare number
    ]


def test_timetables_project_lists_and_contents_give_no_measures():
    text = ("普洱市2024年优化营商环境工作方案\n"
            "三、工作安排\n"
            "阶段          时间                  主要任务\n"
            "动员部署      2024年3月底前         制定方案\n"
            "组织实施      2024年4月至10月       推进改革\n"
            "总结评估      2024年12月            总结经验\n"
            "\n"
            "附件：重点项目清单\n"
            "序号\t项目名称\t总投资（亿元）\t2024年计划投资（亿元）\t建设年限\n"
            "1\t普洱物流园建设项目\t12.5\t3\t2024—2026\n"
            "2\t思茅工业园区标准厂房\t3.2\t1.5\t2024—2025\n"
            "\n"
            "目  录\n"
            "一、总体要求                    1\n"
            "二、主要任务                    3\n"
            "三、保障措施                    12\n")
    doc = doc_of(text, **PLAN_2024)
    assert len(find_tables(text)) == 3
    assert document_tables(text, doc, KUNMING) == ([], [])


# ---------------------------------------------------------------- tables as the PDF reader gives them: one space between cells


def _pdf(lines: list[list[tuple[int, str]]]) -> bytes:
    """A one-page PDF: each line a list of (x, text) drawn on one baseline, as a table's cells are."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 11)
    for k, cells in enumerate(lines):
        for x, value in cells:
            c.drawString(x, 780 - 20 * k, value)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_table_read_by_the_pdf_reader(tmp_path):
    grid = [60, 100, 300, 420]
    rows = [["序号", "指标名称", "2023年完成情况", "2024年目标值"],
            ["1", "企业开办时间（个工作日）", "1", "0.5"],
            ["2", "工程建设项目审批时间", "45个工作日", "≤40个工作日"],
            ["3", "全程网办率（%）", "85", "90以上"]]
    lines = [[(60, "昭通市2024年营商环境主要指标")]] + [list(zip(grid, r)) for r in rows] + [[(60, "二、重点任务")]]
    path = tmp_path / "指标.pdf"
    path.write_bytes(_pdf(lines))
    result = process_file(str(path))
    text = result.source.text
    assert "\n1 企业开办时间（个工作日） 1 0.5\n" in text  # pdfplumber puts one space between cells
    table = [m for m in result.measures if m.evidence[:1].isdigit()]
    assert rows_of(table) == [
        ("start_business_time", 1.0, "working_day", "le", "actual", 2023),
        ("start_business_time", 0.5, "working_day", "le", "target", 2024),
        ("construction_approval_time", 45.0, "working_day", "le", "actual", 2023),
        ("construction_approval_time", 40.0, "working_day", "le", "target", 2024),
        ("full_online_rate", 85.0, "percent", "eq", "actual", 2023),
        ("full_online_rate", 90.0, "percent", "ge", "target", 2024),
    ]
    check_offsets(text, table)
    assert table[3].evidence == "2工程建设项目审批时间45个工作日≤40个工作日"
    assert len(result.measures) == len(table)  # the serial numbers and the header's years are no measures


def test_words_apart_by_one_space_need_a_header_and_rows_of_as_many_cells():
    text = ("企业开办时间 1个工作日\n不动产登记时间 3个工作日\n"  # no header above: a list the sentence extractor reads
            "指标 2024年目标值\n"
            "企业开办 时间 0.5个工作日\n"  # three cells under two: not a row
            "全程 网办率 95%\n"
            "2024年 全市 新增 经营主体 5000户 以上\n")
    assert find_tables(text) == []


def test_a_table_cell_is_traced_and_coded_like_a_sentence():
    text = ("| 指标 | 2023年完成情况 | 2024年目标值 |\n| --- | --- | --- |\n"
            "| 经营主体增长率 | 8% | 10% |\n| 进出口总额增长 | 3% | 5% |\n| 企业开办时间（个工作日） | 1 | 0.5 |\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(m.indicator_code, m.kind, m.target_year) for m in ms] == [
        ("market_entity_growth_rate", "change", 2023), ("market_entity_growth_rate", "change", 2024),
        ("other", "change", 2023), ("other", "change", 2024),  # no finer code for trade growth: other
        ("start_business_time", "actual", 2023), ("start_business_time", "target", 2024),
    ]
    assert ms[0].trace.split("|")[0] == "table_cell" and "kw:market_entity_growth_rate" in ms[0].trace
    assert "kw:start_business_time" in ms[-1].trace and "kw:" not in ms[2].trace


def test_a_before_and_a_now_column_give_one_level_with_its_baseline():
    text = ("| 指标 | 改革前 | 现状值 |\n| --- | --- | --- |\n"
            "| 政府投资项目审批时限（天） | 120 | 41 |\n| 经营主体总数（万户） | — | 57.3 |\n")
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(m.value, m.unit, m.kind, m.baseline_value) for m in ms] == [
        (41.0, "day", "actual", 120.0), (573000.0, "count", "actual", None)]
    assert text[ms[0].char_start:ms[0].char_end] == "41"


def test_a_row_label_naming_a_year_dates_cells_of_an_undated_column():
    # row_label_year; negative: a row without a year keeps the document's
    text = "| 指标 | 现状值 |\n| --- | --- |\n| 2023年新增经营主体（万户） | 7.6 |\n| 经营主体总数（万户） | 57.3 |\n"
    [table] = find_tables(text)
    ms = table_measures(text, table, doc_of(text, **PLAN_2024), KUNMING)
    assert [(m.value, m.target_year) for m in ms] == [(76000.0, 2023), (573000.0, 2024)]


@pytest.mark.parametrize("title, doc_type, kinds", [
    # summary_table: a summary's table of results, its columns naming no target or year
    ("某省优化营商环境工作总结", None, ["actual", "actual"]),
    # negative: a plan's table of the same cells sets targets
    ("某省优化营商环境行动方案", "方案", ["target", "target"]),
])
def test_a_summary_table_states_results(title, doc_type, kinds):
    text = ("| 指标 | 成效 |\n| --- | --- |\n| 企业开办时间 | 压减至3个工作日以内 |\n| 行政许可事项 | 534项 |\n")
    doc = doc_of(text, title=title, doc_type=doc_type, issue_date="2024-01-05", period_end=2024 if doc_type else None)
    ms, _ = document_tables(text, doc, KUNMING)
    assert [m.kind for m in ms] == kinds
    assert ("summary_table" in ms[0].trace) == (kinds[0] == "actual")


@pytest.mark.parametrize("caption, kinds", [
    # results_caption: the line over the table says it states results
    ("据统计，2024年某区政务服务质效大幅提升：", ["actual", "actual"]),
    ("某县2023年营商环境工作取得成效如下：", ["actual", "actual"]),
    # negative: a line over a plan's table of targets
    ("到2025年，某区政务服务主要目标：", ["target", "target"]),
])
def test_a_caption_of_results_makes_cells_actual(caption, kinds):
    text = (f"{caption}\n\n| 指标 | 2024年 |\n| --- | --- |\n| 办理“一件事”件数 | 26000件 |\n| 全程网办率 | 99.5% |\n")
    doc = doc_of(text, title=None, doc_type=None, issue_date=None, period_end=None)
    ms, _ = document_tables(text, doc, KUNMING)
    assert [m.kind for m in ms] == kinds
    assert ("results_caption" in ms[0].trace) == (kinds[0] == "actual")


def test_html_cells_one_per_line_with_their_bars_and_count_headers():
    # each cell of a saved html table on its own line, ending with its bar; a row of bars marks the
    # columns; 受理件数 / 办件量 name a count, so their bare numbers are 件 (count_header)
    text = ("一、办件情况\n2023年7月份区政务服务大厅办件情况表 |\n||||\n单位 |\n受理 件数 |\n办结件数 |\n"
            "承诺件平均办结用时(工作日) |\n总按时办结率 |\n营商环境 建设局 |\n478 |\n498 |\n3 |\n100% |\n"
            "民政局 |\n158 |\n158 |\n5 |\n100% |\n二、其他情况\n")
    [table] = find_tables(text)
    assert table.style == "line" and [c.text for c in table.header] == [
        "单位", "受理 件数", "办结件数", "承诺件平均办结用时(工作日)", "总按时办结率"]
    doc = doc_of(text, **PLAN_2024)
    ms = table_measures(text, table, doc, KUNMING)
    assert [(m.value, m.unit) for m in ms[:4]] == [(478.0, "count"), (498.0, "count"), (3.0, "working_day"), (100.0, "percent")]
    assert text[ms[0].char_start : ms[0].char_end] == "478"
    assert len(ms) == 8


def test_generic_count_and_score_headers_and_annotated_district_rows():
    # 交办总量 / 总数目 name a count and 评分 a score; a row label read with its pinyin annotation
    # (興隆臺(tái)區(qū)) is still the district the row is about
    text = ("县区分布情况\n序号 |\n受理单位 |\n交办总量 |\n办结率 |\n知识库更新总数目 |\n评分 |\n"
            "1 |\n五华区 |\n4226 |\n98.06% |\n10330 |\n99.3 |\n2 |\n盘龙区 |\n1922 |\n98.44% |\n10884 |\n99.2 |\n二、其他\n")
    [table] = find_tables(text)
    doc = doc_of(text, **PLAN_2024)
    ms = table_measures(text, table, doc, KUNMING)
    assert [(m.value, m.unit, m.region_code) for m in ms[:4]] == [
        (4226.0, "count", "530102"), (98.06, "percent", "530102"), (10330.0, "count", "530102"), (99.3, "point", "530102")]
    assert len(ms) == 8 and {m.region_code for m in ms[4:]} == {"530103"}
    # negative: a header of no measure word leaves a bare number without a unit, so no measure
    bare = "情况\n序号 |\n受理单位 |\n编码 |\n1 |\n五华区 |\n4226 |\n2 |\n盘龙区 |\n1922 |\n二、其他\n"
    assert [table_measures(bare, t, doc_of(bare, **PLAN_2024), KUNMING) for t in find_tables(bare)] in ([], [[]])
    from ingest.normalising import matching_text
    annotated = matching_text("興隆臺(tái)區(qū)")
    from ingest.tables import _sub_region
    assert _sub_region(annotated, RegionRef("211100", "盘锦市", "issuer")).code == "211103"


def test_cells_one_per_line_with_blank_lines_a_wrapped_label_minus_signs_and_a_column_unit():
    # a hotline report saved from a web page: a blank line between cells; 社会保障⏎服务类 is one label wrapped
    # (two_line_label); -12.50 in a column of changes is a fall (cell_minus); 8.33 with no % takes the
    # column's % (column_unit)
    text = ("某县12345热线2024年5月运行分析报告\n从诉求类型上看：\n\n  类型\n\n  受理量(件)\n\n  占比\n\n  环比增量\n\n"
            "  咨询类\n\n  1200\n\n  60.00%\n\n  8.33\n\n  社会保障\n\n  服务类\n\n  500\n\n  25.00%\n\n  -12.50\n\n"
            "  投诉类\n\n  300\n\n  15.00%\n\n  3.45%\n\n二、办理情况\n按期办结率99%。\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["类型", "受理量(件)", "占比", "环比增量"]
    assert [r.cells[0].text for r in table.rows] == ["咨询类", "社会保障服务类", "投诉类"]
    doc = doc_of(text, title="某县12345热线2024年5月运行分析报告", issue_date="2024-06-03", doc_type="报告")
    ms = table_measures(text, table, doc, KUNMING)
    got = [(m.subject, m.value, m.unit, m.kind) for m in ms]
    assert ("咨询类", 1200.0, "count", "actual") in got and ("咨询类", 8.33, "percent", "change") in got
    assert ("社会保障服务类", -12.5, "percent", "change") in got
    fall = next(m for m in ms if m.value == -12.5)
    assert text[fall.char_start : fall.char_end] == "12.50"  # the number's own span; the sign is its value's
    # negatives: a column whose cells all lack a unit reads nothing; a minus inside words is no sign
    assert _quantities("约-5") == [] and _quantities("-41.46")[0].negative
    bare = "类型\n\n受理量\n\n咨询类\n\n1200\n\n投诉类\n\n300\n\n求助类\n\n20\n"
    assert all(not table_measures(bare, t, doc, KUNMING) for t in find_tables(bare))


def test_numbered_rows_under_a_merged_header_read_line_by_line():
    # serial_rows: a hotline table saved from a web page, one cell per line; 办结情况 spans 按期办结 | 超期办结,
    # so the header has 7 lines and a row 6. The numbering 1, 2, 3 gives the row width; the columns have no
    # name, so a bare number is a count because the header counts (交办件数: count_header) and 98% its own
    text = ("某区12345热线2024年3月办理情况通报\n现将3月份办理情况通报如下：\n附件\n序号 |\n承办单位 |\n交办件数 |\n"
            "办结情况 |\n满意率 |\n||||\n按期办结 |\n超期办结 |\n|||\n1 |\n区教育局 |\n56 |\n55 |\n1 |\n98% |\n"
            "2 |\n区人社局 |\n40 |\n38 |\n2 |\n95% |\n3 |\n区住建局 |\n31 |\n30 |\n0 |\n100% |\n合计 |\n127 |\n123 |\n3 |\n97.6% |\n")
    [table] = find_tables(text)
    assert [r.cells[1].text for r in table.rows] == ["区教育局", "区人社局", "区住建局", "合计"]
    doc = doc_of(text, title="某区12345热线2024年3月办理情况通报", issue_date="2024-04-08", doc_type="通报")
    ms = table_measures(text, table, doc, KUNMING)
    assert [(m.subject, m.value, m.unit) for m in ms[:4]] == [
        ("区教育局", 56.0, "count"), ("区教育局", 55.0, "count"), ("区教育局", 1.0, "count"), ("区教育局", 98.0, "percent")]
    assert len(ms) == 16 and ms[-1].value == 97.6 and {m.kind for m in ms} == {"actual"}
    assert all(text[m.char_start : m.char_end] == m.number_text for m in ms)
    assert ms[0].evidence == "1|区教育局|56|55|1|98%"  # the row, not the table
    zero = ms[10]
    assert (zero.value, text[zero.char_start : zero.char_end]) == (0.0, "0")
    # negative: a header naming days (办理天数) gives its bare numbers no unit, so only the % cells are measures
    days = text.replace("交办件数", "办理天数")
    [t] = find_tables(days)
    assert {m.unit for m in table_measures(days, t, doc, KUNMING)} == {"percent"}
    # negative: numbering that does not repeat at one width (a list of tasks) makes no table
    tasks = "重点任务\n序号 |\n任务 |\n1 |\n压减审批时限 |\n2024年底 |\n2 |\n推行告知承诺 |\n3 |\n优化窗口 |\n2024年6月 |\n"
    assert find_tables(tasks) == []


def test_numbered_rows_wider_than_the_longest_header_read_one_cell_per_line():
    # serial_rows with 14 lines a row (wider than the 12 a header read line by line may have): a county's
    # monthly table of 派单数 / 办结数 in two groups, its header flattened into 10 lines
    head = ["序号", "单位", "派单数", "热线", "网络", "办结数", "热线", "网络", "办结率", "满意率"]
    rows = [["1", "甲镇", "20", "12", "8", "19", "11", "8", "5", "2", "1", "0", "95%", "90%"],
            ["2", "乙镇", "10", "6", "4", "10", "6", "4", "3", "1", "0", "0", "100%", "96%"]]
    text = "某县政务服务热线月报\n" + "".join(f"{c} |\n" for c in head + rows[0] + rows[1]) + "三、下步工作\n"
    [table] = find_tables(text)
    assert len(table.rows) == 2 and len(table.header) == 14
    doc = doc_of(text, title="某县政务服务热线月报", issue_date="2024-02-05", doc_type="报告")
    ms = table_measures(text, table, doc, KUNMING)
    assert len(ms) == 24 and [m.unit for m in ms[:12]] == ["count"] * 10 + ["percent"] * 2


def test_numbered_rows_with_text_cells_long_cells_and_bare_ranges():
    # a service guide saved from a web page: each cell ends with a bar, so a long cell (申请材料) is still a
    # cell; the rows are numbered, so they may hold text; 2-3 under 办理时限（工作日） is a range (bare_range)
    text = ("获得用气服务事项表\n序号 |\n办理环节 |\n申请材料 |\n办理时限（工作日） |\n1 |\n报装受理 |\n"
            "营业执照或身份证、用气申请表、不动产权证书或房屋租赁合同、用气设备清单 |\n1 |\n2 |\n现场勘查 |\n无 |\n2-3 |\n"
            "3 |\n通气验收 |\n竣工资料、验收申请 |\n1-2 |\n联系电话：0000-1234567\n")
    [table] = find_tables(text)
    assert [c.text for c in table.header] == ["序号", "办理环节", "申请材料", "办理时限（工作日）"]
    doc = doc_of(text, title="获得用气服务事项表", issue_date="2024-03-01", doc_type="通知")
    ms = table_measures(text, table, doc, KUNMING)
    assert [(m.subject, m.value, m.unit, m.comparator) for m in ms] == [
        ("报装受理", 1.0, "working_day", "le"), ("现场勘查", 2.0, "working_day", "ge"), ("现场勘查", 3.0, "working_day", "le"),
        ("通气验收", 1.0, "working_day", "ge"), ("通气验收", 2.0, "working_day", "le")]
    assert all(text[m.char_start : m.char_end] == m.number_text for m in ms)
    # negatives: without the bars the long line is prose and breaks the run; a period is no range
    assert find_tables(text.replace(" |\n", "\n")) == []
    assert _quantities("2023-2025") == [] and [q.comparator for q in _quantities("2-3")] == ["ge", "le"]
