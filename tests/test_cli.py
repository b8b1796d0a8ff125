"""The warehouse end to end on the reference corpus: `bizenv build`, the measures export
contract, `bizenv eval`, `bizenv documents`, `bizenv query`, and duplicates counted once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
BIZENV = Path(sys.executable).parent / "bizenv"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared/corpus is not beside the project"),
]


def bizenv(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIZENV), *args], cwd=PROJECT, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "bizenv.duckdb"
    result = bizenv("--db", str(path), "build", "--corpus", str(SHARED / "corpus"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "32 landed" in result.stdout
    return path


def contract_columns() -> list[str]:
    """The export columns exactly as shared/spec/measures.md lists them."""
    spec = (SHARED / "spec" / "measures.md").read_text(encoding="utf-8")
    line = spec.split("carries exactly these columns, in this order:", 1)[1].strip().splitlines()[0]
    return [c.strip() for c in line.strip("`").split(",")]


def test_measures_csv_header_is_exactly_the_contract(db, tmp_path):
    out = tmp_path / "measures.csv"
    result = bizenv("--db", str(db), "export", "measures", "--format", "csv", "--output", str(out))
    assert result.returncode == 0, result.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(contract_columns())
    df = pd.read_csv(out, dtype={"region_code": str})
    assert len(df) > 400
    assert df["region_code"].str.fullmatch(r"\d{6}").all()
    # every row points at its number in the source text
    texts = {p.name: p.read_text(encoding="utf-8") for p in (SHARED / "corpus").glob("*.txt")}
    for row in df.sample(50, random_state=1).itertuples():
        number = texts[row.source_file][row.char_start : row.char_end]
        assert re.search(r"[0-9０-９一二两三四五六七八九十百千半]", number), (row.source_file, row.char_start, number)


def test_measures_export_and_eval_read_the_published_copy_while_a_build_holds_the_live_file(db, tmp_path):
    build = duckdb.connect(str(db))  # a running build holds the live file read-write
    try:
        out = tmp_path / "m.csv"
        exported = bizenv("--db", str(db), "export", "measures", "--format", "csv", "--output", str(out))
        scored = bizenv("--db", str(db), "eval", "--gold", str(SHARED / "gold" / "dev"))
        blocked = bizenv("--db", str(db), "export", "measures", "--live", "--format", "csv", "--output", str(out))
    finally:
        build.close()
    assert exported.returncode == 0, exported.stderr
    assert len(pd.read_csv(out)) > 400
    assert scored.returncode == 0 and "F1" in scored.stdout, scored.stderr
    assert blocked.returncode != 0 and "lock" in blocked.stderr.lower()


@pytest.mark.parametrize("fmt", ["parquet", "xlsx"])
def test_other_export_formats_carry_the_same_rows_and_columns(db, tmp_path, fmt):
    csv, other = tmp_path / "m.csv", tmp_path / f"m.{fmt}"
    assert bizenv("--db", str(db), "export", "measures", "--format", "csv", "--output", str(csv)).returncode == 0
    assert bizenv("--db", str(db), "export", "measures", "--format", fmt, "--output", str(other)).returncode == 0
    a = pd.read_csv(csv, dtype={"region_code": str})
    b = pd.read_parquet(other) if fmt == "parquet" else pd.read_excel(other, dtype={"region_code": str})
    assert list(b.columns) == contract_columns()
    assert len(a) == len(b)
    assert a["value"].sum() == pytest.approx(b["value"].sum())


def test_eval_scores_the_warehouse_and_an_export_alike(db, tmp_path):
    gold = SHARED / "gold" / "dev"
    live = bizenv("--db", str(db), "eval", "--gold", str(gold))
    assert live.returncode == 0, live.stderr
    f1 = float(re.search(r"F1 ([0-9.]+)", live.stdout).group(1))
    assert f1 >= 0.97
    out = tmp_path / "m.csv"
    bizenv("--db", str(db), "export", "measures", "--format", "csv", "--output", str(out))
    from_file = bizenv("eval", "--gold", str(gold), "--pred", str(out))
    assert from_file.stdout == live.stdout


def test_documents_lists_every_document_with_its_region(db):
    result = bizenv("--db", str(db), "documents")
    assert result.returncode == 0, result.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute("select document_id, primary_region_code, region_codes, region_status, duplicate_of "
                           "from marts.dim_document").df()
    finally:
        con.close()
    assert len(docs) == 32
    assert all(doc_id in result.stdout for doc_id in docs["document_id"])
    assert docs["primary_region_code"].notna().all()
    hong_he = docs[docs["region_codes"].str.contains("5325", na=False)]
    assert set(hong_he["primary_region_code"]) == {"532500"}  # 红河州, never 红河县 532529
    joint = docs[docs["region_codes"].str.contains(",", na=False)]
    assert list(joint["region_codes"]) == ["510000,500000"]  # 四川 + 重庆 joint notice


def test_kunming_copy_is_linked_and_its_measures_counted_once(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        copy = con.execute("select document_id, duplicate_of, primary_region_code from marts.dim_document "
                           "where duplicate_of is not null").fetchall()
        assert len(copy) == 1
        copy_id, original_id, region = copy[0]
        assert copy_id.startswith("001_") and original_id.startswith("002_") and region == "530100"
        for table in ["fct_time_limits", "fct_percentages", "fct_counts", "mart_region_comparison"]:
            n = con.execute(f"select count(*) from marts.{table} where document_id = ?", [copy_id]).fetchone()[0]
            assert n == 0, table
        n_all = con.execute("select count(*) from marts.fct_measures where document_id = ?", [copy_id]).fetchone()[0]
        assert n_all > 0  # the export still carries every measure of every file
    finally:
        con.close()


def test_query_prints_a_table_and_writes_csv(db, tmp_path):
    sql = "select indicator_code, count(*) as n from marts.fct_measures group by 1 order by 2 desc limit 3"
    table = bizenv("--db", str(db), "query", sql)
    assert table.returncode == 0 and "other" in table.stdout
    out = tmp_path / "q.csv"
    assert bizenv("--db", str(db), "query", sql, "--format", "csv", "--output", str(out)).returncode == 0
    assert list(pd.read_csv(out).columns) == ["indicator_code", "n"]
    bad = bizenv("--db", str(db), "query", "select * from no_such_table")
    assert bad.returncode == 2 and "no_such_table" in bad.stderr


def test_measures_export_as_markdown(db, tmp_path):
    out = tmp_path / "m.md"
    result = bizenv("--db", str(db), "export", "measures", "--format", "md", "--output", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "| " + " | ".join(contract_columns()) + " |"
    assert len(lines) > 400
