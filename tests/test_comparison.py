"""`bizenv export comparison` and the analyses/ queries.

Fast tests check the request parsing and the layout on hand-made cells; the slow ones build a
real warehouse from tests/data/analyst_corpus (see tests/data/analyst_warehouse.py) and run the
command line in every format.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

import analyst_warehouse as fixture  # tests/data, on pytest's pythonpath

from ingest.build import run_dbt
from ingest.comparison import (
    ComparisonError, evidence_frame, layout, parse_years, resolve_indicators, sheet_names, split_list, write_csv,
)


PROJECT = Path(__file__).resolve().parents[1]
REFERENCE_CORPUS = PROJECT.parent / "shared" / "corpus"
UNITS_ZH = {"working_day": "个工作日", "day": "天", "percent": "%"}


# --- fast: parsing and layout ----------------------------------------------------------------

def test_years_accept_lists_and_ranges():
    assert parse_years(None) is None
    assert parse_years("2023") == [2023]
    assert parse_years("2024,2022") == [2022, 2024]
    assert parse_years("2022-2024") == [2022, 2023, 2024]
    assert parse_years("2022—2023，2025") == [2022, 2023, 2025]
    with pytest.raises(ComparisonError, match="not a year"):
        parse_years("last year")


def test_lists_split_on_chinese_and_ascii_separators():
    assert split_list("昆明市,曲靖市，云南省、530100") == ["昆明市", "曲靖市", "云南省", "530100"]
    assert split_list(None) == []


def _cells() -> pd.DataFrame:
    rows = [
        ("530000", "云南省", "province", "start_business_time", 2022, 2.0),
        ("530000", "云南省", "province", "start_business_time", 2023, 1.0),
        ("530100", "昆明市", "prefecture", "start_business_time", 2023, 0.5),
        ("530100", "昆明市", "prefecture", "online_service_rate", 2023, 98.0),
    ]
    cells = pd.DataFrame(rows, columns=["region_code", "region_name", "region_level", "indicator_code",
                                        "target_year", "target_value"])
    cells["target_year"] = cells.target_year.astype("Int64")
    return cells


def _indicators(*codes: str) -> pd.DataFrame:
    units = {"start_business_time": "working_day", "online_service_rate": "percent"}
    return pd.DataFrame({"indicator_code": list(codes), "canonical_unit": [units[c] for c in codes]})


def _regions(*codes: str) -> pd.DataFrame:
    names = {"530000": ("云南省", "province"), "530100": ("昆明市", "prefecture"), "530300": ("曲靖市", "prefecture")}
    return pd.DataFrame([(c, *names[c]) for c in codes], columns=["region_code", "region_name", "region_level"])


def test_one_indicator_puts_years_across_with_the_unit_in_the_header():
    comparison = layout(_cells(), _indicators("start_business_time"), _regions("530000", "530100", "530300"))
    table = comparison.table
    assert list(table.columns) == ["region_code", "region_name", "region_level",
                                   "2022 (working_day)", "2023 (working_day)"]
    assert table["2023 (working_day)"].tolist()[:2] == [1.0, 0.5]
    assert pd.isna(table.loc[1, "2022 (working_day)"])
    # 曲靖 was asked for but has no target: an empty row, not a missing one
    assert table.loc[2, "region_name"] == "曲靖市" and table.iloc[2, 3:].isna().all()
    # every value points at the cell it came from, in reading order
    assert len(comparison.cells) == 3
    for (row, column), source in comparison.sources.items():
        assert comparison.cells.loc[source, "target_value"] == table.loc[row, column]


def test_several_indicators_put_indicators_across_and_one_row_per_year():
    comparison = layout(_cells(), _indicators("start_business_time", "online_service_rate"), _regions("530100", "530000"))
    table = comparison.table
    assert list(table.columns[3:]) == ["target_year", "start_business_time (working_day)", "online_service_rate (percent)"]
    assert table[["region_name", "target_year"]].values.tolist() == [["昆明市", 2023], ["云南省", 2022], ["云南省", 2023]]
    assert table.loc[0, "online_service_rate (percent)"] == 98.0
    assert pd.isna(table.loc[1, "online_service_rate (percent)"])


def test_csv_has_a_bom_and_readable_chinese(tmp_path):
    comparison = layout(_cells(), _indicators("start_business_time"), _regions("530000", "530100"))
    write_csv(comparison, tmp_path / "c.csv")
    raw = (tmp_path / "c.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "云南省" in text and "2023 (working_day)" in text
    assert text.splitlines()[1] == "530000,云南省,province,2,1"


def _cells_with_other_unit() -> pd.DataFrame:
    cells = _cells()
    cells["canonical_unit"] = cells.indicator_code.map({"start_business_time": "working_day", "online_service_rate": "percent"})
    cells["indicator_unit"] = cells.canonical_unit
    cells["is_comparable"] = True
    other = pd.DataFrame([{
        "region_code": "500000", "region_name": "重庆市", "region_level": "province",
        "indicator_code": "start_business_time", "target_year": 2023, "target_value": 0.5,
        "canonical_unit": "day", "indicator_unit": "working_day", "is_comparable": False,
        "comparability_note": "day is not working_day: no exact conversion, not ranked",
    }])
    cells = pd.concat([cells, other], ignore_index=True)
    cells["target_year"] = cells.target_year.astype("Int64")
    cells["comparator"] = "le"
    cells["title"] = [None, "", "昆明市2023年要点", "昆明市2023年要点", float("nan")]
    cells["indicator_name_zh"] = "企业开办全流程时间"
    return cells


def test_a_target_in_another_unit_gets_its_own_flagged_column_and_no_value_is_dropped():
    regions = pd.DataFrame([("500000", "重庆市", "province"), *_regions("530000", "530100").values.tolist()],
                           columns=["region_code", "region_name", "region_level"])
    indicators = _indicators("start_business_time").assign(name_zh="企业开办全流程时间")
    cells = _cells_with_other_unit()
    comparison = layout(cells, indicators, regions, "en")
    assert list(comparison.table.columns[3:]) == ["2022 (working_day)", "2023 (working_day)", "2023 (day, not comparable)"]
    assert comparison.table.loc[0, "2023 (day, not comparable)"] == 0.5
    assert pd.isna(comparison.table.loc[0, "2023 (working_day)"])
    # every start_business_time cell is in the table, the 0.5天 one included
    assert len(comparison.cells) == (cells.indicator_code == "start_business_time").sum() == 4

    zh = layout(cells, indicators, regions, "zh", UNITS_ZH)
    assert list(zh.table.columns) == ["地区代码", "地区", "级别", "2022（个工作日）", "2023（个工作日）", "2023（天，不可直接比较）"]
    assert zh.table["级别"].tolist() == ["省级", "省级", "地市级"]
    assert zh.table.loc[0, "2023（天，不可直接比较）"] == 0.5
    for (row, column), source in zh.sources.items():
        assert zh.cells.loc[source, "target_value"] == zh.table.loc[row, column]


def test_evidence_rows_are_in_chinese_without_nan_or_a_document_id_for_a_missing_title():
    regions = pd.DataFrame([("500000", "重庆市", "province"), *_regions("530000", "530100").values.tolist()],
                           columns=["region_code", "region_name", "region_level"])
    cells = _cells_with_other_unit()
    cells["document_id"] = "doc#7"
    indicators = _indicators("start_business_time").assign(name_zh="企业开办全流程时间")
    evidence = evidence_frame(layout(cells, indicators, regions, "zh", UNITS_ZH), UNITS_ZH)
    chongqing = evidence[evidence.region_name == "重庆市"].iloc[0]
    assert (chongqing.unit, chongqing.comparator, chongqing.is_comparable) == ("天", "≤", "否")
    assert "不能精确换算" in chongqing.comparability_note and "个工作日" in chongqing.comparability_note
    assert set(evidence.title) == {"（无标题）", "昆明市2023年要点"}
    assert not evidence.astype(str).isin(["nan", "None", "NaT", "doc#7（无标题）"]).any().any()
    assert "doc#7" not in set(evidence.title)


def test_every_sheet_name_names_the_indicator_within_excel_limits():
    indicators = _indicators("start_business_time").assign(name_zh="企业开办全流程时间")
    zh = layout(_cells(), indicators, _regions("530000"), "zh", UNITS_ZH)
    assert sheet_names(zh) == ("数据-企业开办全流程时间", "原文-企业开办全流程时间", "说明-企业开办全流程时间")
    zh.indicator_names = ["很长的指标名称" * 6, "a/b:c"]
    assert all(len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in sheet_names(zh))


@pytest.fixture
def indicator_con():
    """A real DuckDB with the two tables resolve_indicators reads."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("""create table marts.dim_indicator as select * from (values
        ('start_business_time', '企业开办全流程时间', 'Time to start a business', 'working_day', 'lower', true),
        ('start_business_steps', '企业开办环节数', 'Steps', 'count', 'lower', false),
        ('start_business_cost', '企业开办费用', 'Cost', 'yuan', 'lower', false),
        ('online_service_rate', '政务服务事项网上可办率', 'Online rate', 'percent', 'higher', true),
        ('full_online_rate', '全程网办率', 'Full online rate', 'percent', 'higher', true)
    ) t(indicator_code, name_zh, name_en, canonical_unit, better, is_core)""")
    con.execute("""create table marts.mart_region_comparison as select * from (values
        ('start_business_time'), ('online_service_rate')) t(indicator_code)""")
    yield con
    con.close()


def test_indicator_by_code_full_name_or_part(indicator_con):
    got = resolve_indicators(indicator_con, "企业开办,网上可办率,full_online_rate,企业开办环节数")
    # 企业开办 is in three names; only 企业开办全流程时间 has targets
    assert got.indicator_code.tolist() == ["start_business_time", "online_service_rate", "full_online_rate",
                                           "start_business_steps"]


def test_a_mistyped_indicator_suggests_close_matches(indicator_con):
    with pytest.raises(ComparisonError, match=r"did you mean: 企业开办全流程时间 \(start_business_time\)"):
        resolve_indicators(indicator_con, "企业开半时间")
    with pytest.raises(ComparisonError, match="did you mean: .*online_service_rate"):
        resolve_indicators(indicator_con, "online_servic_rate")
    # a part that two indicators with targets share, neither of them core, needs the full name
    indicator_con.execute("delete from marts.mart_region_comparison where indicator_code = 'start_business_time'")
    indicator_con.execute("insert into marts.mart_region_comparison values ('start_business_steps'), ('start_business_cost')")
    with pytest.raises(ComparisonError, match="matches several: 企业开办环节数 .*; 企业开办费用 "):
        resolve_indicators(indicator_con, "企业开办")


# --- slow: the command line on a real warehouse ------------------------------------------------

@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return fixture.shared_warehouse(tmp_path_factory.getbasetemp())


def export(db: Path, output: Path, *args: str):
    return fixture.bizenv("--db", str(db), "export", "comparison", *args, "--output", str(output))


def mart(db: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db.parent / "published" / db.name), read_only=True)
    try:
        return con.execute("select * from marts.mart_region_comparison").df()
    finally:
        con.close()


@pytest.mark.slow
def test_csv_export_matches_the_mart(warehouse, tmp_path):
    result = export(warehouse, tmp_path / "c.csv", "--indicator", "start_business_time", "--format", "csv", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"region_code": str})
    assert list(table.columns) == ["region_code", "region_name", "region_level",
                                   "2022 (working_day)", "2023 (working_day)", "2024 (working_day)"]
    # provinces first, then their cities by code; the reposted 曲靖 document adds no row
    assert table.region_name.tolist() == ["云南省", "昆明市", "曲靖市"]
    by_region = table.set_index("region_name")
    assert by_region.loc["云南省", ["2022 (working_day)", "2023 (working_day)", "2024 (working_day)"]].tolist() == [2, 1, 0.5]
    assert by_region.loc["昆明市", "2023 (working_day)"] == 0.5
    assert by_region.loc["曲靖市", "2023 (working_day)"] == 1
    # every non-empty cell is the mart's strictest target for that region and year
    expected = mart(warehouse).query("indicator_code == 'start_business_time'")
    assert table.iloc[:, 3:].notna().sum().sum() == len(expected)
    for row in expected.itertuples():
        assert table.set_index("region_code").loc[row.region_code, f"{row.target_year} (working_day)"] == row.target_value


@pytest.mark.slow
def test_regions_by_name_or_code_and_years_filter(warehouse, tmp_path):
    result = export(warehouse, tmp_path / "c.md", "--indicator", "start_business_time,online_service_rate",
                    "--regions", "昆明,530300", "--year", "2023", "--format", "md", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "c.md").read_text(encoding="utf-8").splitlines()[2:]  # after the title line
    assert lines[0] == ("| region_code | region_name | region_level | target_year | "
                        "start_business_time (working_day) | online_service_rate (percent) |")
    assert lines[2] == "| 530100 | 昆明市 | prefecture | 2023 | 0.5 [1] | 98 [2] |"
    assert lines[3] == "| 530300 | 曲靖市 | prefecture | 2023 | 1 [3] | 95 [4] |"
    text = "\n".join(lines)
    assert "## Evidence" in text and "昆政办〔2023〕18号" in text and "0.5个工作日" in text


@pytest.mark.slow
def test_csv_is_in_chinese_by_default_and_takes_a_chinese_indicator_name(warehouse, tmp_path):
    result = export(warehouse, tmp_path / "c.csv", "--indicator", "企业开办", "--format", "csv")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"地区代码": str})
    assert list(table.columns) == ["地区代码", "地区", "级别", "2022（个工作日）", "2023（个工作日）", "2024（个工作日）"]
    assert table["级别"].tolist() == ["省级", "地市级", "地市级"]
    assert "nan" not in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")
    miss = export(warehouse, tmp_path / "m.csv", "--indicator", "网上可半率", "--format", "csv")
    assert miss.returncode == 2 and "did you mean" in miss.stderr and "online_service_rate" in miss.stderr


@pytest.mark.slow
def test_xlsx_has_data_evidence_and_notes_with_links(warehouse, tmp_path):
    output = tmp_path / "c.xlsx"
    result = export(warehouse, output, "--indicator", "网上可办率", "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(output)
    name = "政务服务事项网上可办率"
    assert book.sheetnames == [f"数据-{name}", f"原文-{name}", f"说明-{name}"]
    data, evidence = book[f"数据-{name}"], book[f"原文-{name}"]
    header = [c.value for c in data[1]]
    assert header == ["地区代码", "地区", "级别", "2022（%）", "2023（%）", "2024（%）"]
    ev_header = [c.value for c in evidence[1]]
    assert ev_header[:10] == ["单元格", "地区代码", "地区", "指标代码", "指标", "目标年份", "目标值", "单位", "比较", "可直接比较"]
    linked = 0
    for row in data.iter_rows(min_row=2):
        assert row[2].value in {"省级", "地市级", "县级"}
        for cell in row[3:]:
            if cell.value is None:
                assert cell.hyperlink is None
                continue
            linked += 1
            # a link looks like one: Excel's Hyperlink style, underlined
            assert cell.style == "Hyperlink" and cell.font.u == "single"
            sheet, target = cell.hyperlink.location.split("!")
            assert sheet == f"'原文-{name}'"
            ev = {h: evidence[f"{c.column_letter}{target[1:]}"].value for h, c in zip(ev_header, evidence[1])}
            assert ev["单元格"] == cell.coordinate
            assert ev["目标值"] == cell.value
            assert ev["地区"] == row[1].value
            assert f"{ev['目标年份']}（%）" == header[cell.column - 1]
            assert (ev["单位"], ev["比较"], ev["可直接比较"]) == ("%", "≥", "是")
            assert ev["文件标题"] and ev["文号"] and ev["发布日期"] and ev["来源文件"]
            assert f"{cell.value:g}%" in ev["原文"]
            assert ev["结束位置"] > ev["起始位置"] >= 0
    assert linked == evidence.max_row - 1 == 5
    for row in evidence.iter_rows(min_row=2):
        back = row[-1]
        assert back.value == "← 数据" and back.style == "Hyperlink" and back.font.u == "single"
        assert back.hyperlink.location.startswith(f"'数据-{name}'!")
    for sheet in book.worksheets:
        assert not [c.value for r in sheet.iter_rows() for c in r if c.value in ("nan", "None", "NaT")]
    notes = {r[0]: r[1] for r in book[f"说明-{name}"].iter_rows(min_row=2, values_only=True)}
    assert notes["指标"] == name
    assert "export comparison --indicator 网上可办率" in notes["命令"]
    assert notes["文件数"] == "4" and notes["最近一次构建"].startswith("20")
    assert notes["不可直接比较的值"] == "0 个"
    assert "analyst_corpus" in notes["语料"]


@pytest.mark.slow
def test_export_reads_the_published_copy_while_a_build_holds_the_live_file(warehouse, tmp_path):
    build = duckdb.connect(str(warehouse))  # a running build holds the live file read-write
    try:
        result = export(warehouse, tmp_path / "c.csv", "--indicator", "start_business_time", "--format", "csv")
    finally:
        build.close()
    assert result.returncode == 0, result.stderr
    assert "云南省" in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")


@pytest.mark.slow
def test_parquet_round_trips_the_csv(warehouse, tmp_path):
    for fmt in ("csv", "parquet"):
        result = export(warehouse, tmp_path / f"c.{fmt}", "--indicator", "start_business_time", "--format", fmt)
        assert result.returncode == 0, result.stderr
    from_csv = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"地区代码": str})  # Chinese headers by default
    from_parquet = pd.read_parquet(tmp_path / "c.parquet")
    pd.testing.assert_frame_equal(from_csv, from_parquet, check_dtype=False)


@pytest.mark.slow
@pytest.mark.parametrize("args, message", [
    (["--indicator", "no_such_indicator"], "unknown indicator"),
    (["--indicator", "start_business_time", "--regions", "不存在市"], "unknown region"),
    (["--indicator", "start_business_time", "--regions", "城关区"], "ambiguous"),
    (["--indicator", "start_business_time", "--year", "soon"], "not a year"),
])
def test_bad_requests_exit_2_with_a_reason(warehouse, tmp_path, args, message):
    result = export(warehouse, tmp_path / "c.csv", *args, "--format", "csv")
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "c.csv").exists()


def compiled_analyses(db: Path, tmp_path: Path) -> dict[str, pd.DataFrame]:
    """analyses/*.sql compiled with dbt (ref() resolves) and run on a copy of the published file."""
    copy = tmp_path / "bizenv.duckdb"  # dbt opens the file read-write: work on a copy
    shutil.copyfile(db.parent / "published" / db.name, copy)
    proc = run_dbt(["compile", "--select", "path:analyses"], copy, tmp_path / "target", quiet=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    compiled = {p.stem: p.read_text() for p in (tmp_path / "target").rglob("analyses/*.sql")}
    assert set(compiled) == {p.stem for p in (PROJECT / "analyses").glob("*.sql")}
    assert len(compiled) >= 3
    con = duckdb.connect(str(copy), read_only=True)
    try:
        return {name: con.execute(sql).df() for name, sql in compiled.items()}
    finally:
        con.close()


@pytest.mark.slow
def test_analyses_compile_and_answer_on_the_warehouse(warehouse, tmp_path):
    answers = compiled_analyses(warehouse, tmp_path)
    strictest = answers["strictest_start_business_2023"]
    assert strictest.region_name.tolist()[0] == "昆明市" and strictest.region_rank.tolist() == [1, 2, 2]
    stricter = answers["stricter_than_province"]
    assert set(stricter.region_name) == {"昆明市"} and len(stricter) == 2
    assert set(stricter.reference_name) == {"云南省"}
    tightened = answers["tightened_targets"]
    assert (tightened.region_name == "云南省").all() and len(tightened) == 4
    gaps = answers["coverage_gaps"].set_index("indicator_code")
    assert gaps.loc["start_business_time", "n_regions_with_target"] == 3


# --- slow: the reference corpus (../shared/corpus) ---------------------------------------------

@pytest.fixture(scope="module")
def reference_warehouse(tmp_path_factory) -> Path:
    if not REFERENCE_CORPUS.exists():
        pytest.skip(f"{REFERENCE_CORPUS} not found")
    db = tmp_path_factory.mktemp("reference") / "bizenv.duckdb"
    result = fixture.build(db, REFERENCE_CORPUS)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return db


def _published(db: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(db.parent / "published" / db.name), read_only=True)


@pytest.mark.slow
def test_reference_corpus_keeps_chongqing_half_day_flagged_everywhere(reference_warehouse, tmp_path):
    con = _published(reference_warehouse)
    try:
        chongqing = con.execute("""
            select target_year, target_value, canonical_unit, is_comparable, region_rank, comparability_note, evidence
            from marts.mart_region_comparison
            where indicator_code = 'start_business_time' and region_name = '重庆市'""").fetchall()
    finally:
        con.close()
    assert len(chongqing) == 1
    year, value, unit, comparable, rank, note, evidence = chongqing[0]
    assert (year, value, unit, comparable, rank) == (2023, 0.5, "day", False, None)
    assert "not ranked" in note and "0.5天" in evidence
    strictest = compiled_analyses(reference_warehouse, tmp_path)["strictest_start_business_2023"]
    row = strictest[strictest.region_name == "重庆市"].iloc[0]
    assert row.target_value == 0.5 and row.canonical_unit == "day" and not row.is_comparable
    assert pd.isna(row.region_rank) and strictest.region_rank.notna().sum() == len(strictest) - 1
    result = export(reference_warehouse, tmp_path / "c.csv", "--indicator", "企业开办", "--format", "csv")
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"地区代码": str}).set_index("地区")
    assert table.loc["重庆市", "2023（天，不可直接比较）"] == 0.5


@pytest.mark.slow
def test_reference_corpus_stricter_than_province_checked_against_the_sources(reference_warehouse, tmp_path):
    from ingest.numbers import parse_number

    stricter = compiled_analyses(reference_warehouse, tmp_path)["stricter_than_province"]
    assert len(stricter) >= 1
    # 丽江市's 2024 target is set against 云南省's latest target in force, from 2023
    lijiang = stricter[(stricter.region_name == "丽江市") & (stricter.reference_name == "云南省")]
    assert not lijiang.empty and set(lijiang.target_year) == {2024} and set(lijiang.reference_target_year) == {2023}
    con = _published(reference_warehouse)
    try:
        for row in stricter.itertuples():
            assert row.reference_target_year <= row.target_year
            sides = [(row.region_code, row.target_year, row.target_value, row.document_id, row.evidence),
                     (row.reference_code, row.reference_target_year, row.reference_target_value,
                      row.reference_document_id, row.reference_evidence)]
            for region, year, value, document, evidence in sides:
                text, start, end, better = con.execute("""
                    select f.text, c.char_start, c.char_end, c.better
                    from marts.mart_region_comparison c
                    join marts.dim_document d on d.document_id = c.document_id
                    join raw.files f on f.file_path = d.file_path
                    where c.region_code = ? and c.indicator_code = ? and c.target_year = ? and c.document_id = ?
                      and c.canonical_unit = ?""",
                    [region, row.indicator_code, year, document, row.canonical_unit]).fetchone()
                # the sentence (whitespace removed, as evidence is) stands around the offsets, and the
                # number at the offsets is in it and is the value
                window = len(evidence) + 20
                around = re.sub(r"\s+", "", text[max(0, start - window) : end + window])
                assert evidence in around
                assert re.sub(r"\s+", "", text[start:end]) in evidence
                assert parse_number(text[start:end]) == value
            assert (row.target_value < row.reference_target_value) if better == "lower" else \
                (row.target_value > row.reference_target_value)
            assert row.difference == row.target_value - row.reference_target_value
    finally:
        con.close()


def test_cli_registers_report_and_comparison():
    from ingest.cli import build_parser

    args = build_parser().parse_args(["export", "comparison", "--indicator", "x", "--format", "md", "--output", "o.md"])
    assert args.what == "comparison" and args.format == "md"
    assert build_parser().parse_args(["report", "--output", "out"]).command == "report"


def test_command_line_is_recorded_verbatim():
    from ingest.comparison import command_line

    args = argparse.Namespace(db=None, indicator="a,b", regions="昆明市", year=None, format="xlsx", output="x y.xlsx")
    assert command_line(args) == "bizenv export comparison --indicator a,b --regions 昆明市 --format xlsx --output 'x y.xlsx'"
