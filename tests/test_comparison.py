"""`bizenv export comparison` and the analyses/ queries.

Fast tests check the request parsing and the layout on hand-made cells; the slow ones build a
real warehouse from tests/data/analyst_corpus (see tests/data/analyst_warehouse.py) and run the
command line in every format.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

import analyst_warehouse as fixture  # tests/data, on pytest's pythonpath

from ingest.build import run_dbt
from ingest.comparison import ComparisonError, layout, parse_years, split_list, write_csv


PROJECT = Path(__file__).resolve().parents[1]


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
    result = export(warehouse, tmp_path / "c.csv", "--indicator", "start_business_time", "--format", "csv")
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
                    "--regions", "昆明,530300", "--year", "2023", "--format", "md")
    assert result.returncode == 0, result.stderr
    lines = (tmp_path / "c.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ("| region_code | region_name | region_level | target_year | "
                        "start_business_time (working_day) | online_service_rate (percent) |")
    assert lines[2] == "| 530100 | 昆明市 | prefecture | 2023 | 0.5 [1] | 98 [2] |"
    assert lines[3] == "| 530300 | 曲靖市 | prefecture | 2023 | 1 [3] | 95 [4] |"
    text = "\n".join(lines)
    assert "## Evidence" in text and "昆政办〔2023〕18号" in text and "0.5个工作日" in text


@pytest.mark.slow
def test_xlsx_has_data_evidence_and_notes_with_links(warehouse, tmp_path):
    output = tmp_path / "c.xlsx"
    result = export(warehouse, output, "--indicator", "online_service_rate", "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["data", "evidence", "notes"]
    data, evidence = book["data"], book["evidence"]
    header = [c.value for c in data[1]]
    assert header[3:] == ["2022 (percent)", "2023 (percent)", "2024 (percent)"]
    ev_header = [c.value for c in evidence[1]]
    linked = 0
    for row in data.iter_rows(min_row=2):
        for cell in row[3:]:
            if cell.value is None:
                assert cell.hyperlink is None
                continue
            linked += 1
            sheet, target = cell.hyperlink.location.split("!")
            assert sheet == "evidence"
            ev = {h: evidence[f"{c.column_letter}{target[1:]}"].value for h, c in zip(ev_header, evidence[1])}
            assert ev["cell"] == cell.coordinate
            assert ev["value"] == cell.value
            assert ev["region_name"] == row[1].value
            assert f"{ev['target_year']} (percent)" == header[cell.column - 1]
            assert ev["title"] and ev["doc_number"] and ev["issue_date"] and ev["source_file"]
            assert f"{cell.value:g}%" in ev["evidence"]
            assert ev["char_end"] > ev["char_start"] >= 0
    assert linked == evidence.max_row - 1 == 5
    notes = {r[0]: r[1] for r in book["notes"].iter_rows(min_row=2, values_only=True)}
    assert "export comparison --indicator online_service_rate" in notes["command"]
    assert notes["files"] == "4" and notes["last build"].startswith("20")
    assert "analyst_corpus" in notes["corpus"]


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
    from_csv = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig", dtype={"region_code": str})
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


@pytest.mark.slow
def test_analyses_compile_and_answer_on_the_warehouse(warehouse, tmp_path):
    """analyses/*.sql compile with dbt (ref() resolves) and run on the published copy."""
    copy = tmp_path / "bizenv.duckdb"  # dbt opens the file read-write: work on a copy
    shutil.copyfile(warehouse.parent / "published" / warehouse.name, copy)
    proc = run_dbt(["compile", "--select", "path:analyses"], copy, tmp_path / "target", quiet=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
    compiled = {p.stem: p.read_text() for p in (tmp_path / "target").rglob("analyses/*.sql")}
    assert set(compiled) == {p.stem for p in (PROJECT / "analyses").glob("*.sql")}
    assert len(compiled) >= 3
    con = duckdb.connect(str(copy), read_only=True)
    try:
        answers = {name: con.execute(sql).df() for name, sql in compiled.items()}
    finally:
        con.close()
    strictest = answers["strictest_start_business_2023"]
    assert strictest.region_name.tolist()[0] == "昆明市" and strictest.region_rank.tolist() == [1, 2, 2]
    stricter = answers["stricter_than_province"]
    assert set(stricter.region_name) == {"昆明市"} and len(stricter) == 2
    tightened = answers["tightened_targets"]
    assert (tightened.region_name == "云南省").all() and len(tightened) == 4
    gaps = answers["coverage_gaps"].set_index("indicator_code")
    assert gaps.loc["start_business_time", "n_regions_with_target"] == 3


def test_cli_registers_report_and_comparison():
    from ingest.cli import build_parser

    args = build_parser().parse_args(["export", "comparison", "--indicator", "x", "--format", "md", "--output", "o.md"])
    assert args.what == "comparison" and args.format == "md"
    assert build_parser().parse_args(["report", "--output", "out"]).command == "report"


def test_command_line_is_recorded_verbatim():
    from ingest.comparison import command_line

    args = argparse.Namespace(db=None, indicator="a,b", regions="昆明市", year=None, format="xlsx", output="x y.xlsx")
    assert command_line(args) == "bizenv export comparison --indicator a,b --regions 昆明市 --format xlsx --output 'x y.xlsx'"
