"""The dbt project: seeds against the shared contract, and `dbt build` end to end on a small
landed warehouse (tests/data/landed_fixture.py), including a build that must fail on one broken
row and name the right test.

The end-to-end tests are marked `slow` (each dbt build takes ~15 s). Each runs in its own
DuckDB file and dbt target/log directories under tmp_path, so runs never share a writer.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import landed_fixture  # tests/data, on pytest's pythonpath

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
CORE_INDICATORS = Path(os.environ.get(
    "BIZENV_CORE_INDICATORS", PROJECT_ROOT.parent / "shared" / "spec" / "core_indicators.csv"
))
# Extractor vocabularies that no model reads: left out of the end-to-end builds so these tests
# exercise the models only (their own tests run in the full `dbt build`).
EXTRACTOR_SEEDS = ["noise_patterns", "non_measure_patterns", "extraction_rules", "unit_aliases", "indicator_keywords", "region_aliases"]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- seeds -------------------------------------------------------------------------------


@pytest.mark.skipif(not CORE_INDICATORS.exists(), reason=f"{CORE_INDICATORS} not found")
def test_indicators_seed_holds_every_core_row_verbatim():
    with open(CORE_INDICATORS, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        core = []
        for row in reader:
            if len(row) == len(header) + 1:  # an unquoted comma inside name_en
                name_en = header.index("name_en")
                row = row[:name_en] + [row[name_en] + "," + row[name_en + 1]] + row[name_en + 2:]
            assert len(row) == len(header), row
            core.append(dict(zip(header, row)))
    seed = {r["indicator_code"]: r for r in _read_csv(SEEDS / "indicators.csv")}
    for row in core:
        ours = seed[row["indicator_code"]]
        assert {c: ours[c] for c in header} == row
        assert ours["is_core"] == "true" and ours["parent_code"] == ""
    core_codes = {r["indicator_code"] for r in core}
    finer = [r for code, r in seed.items() if code not in core_codes]
    assert all(r["is_core"] == "false" for r in finer)
    assert len(finer) >= 20
    assert seed["other"]["category_code"] == "OTHER"
    assert all(r["parent_code"] in core_codes for r in finer if r["parent_code"])


def test_indicator_categories_are_the_18_national_indicators_plus_other():
    categories = _read_csv(SEEDS / "indicator_categories.csv")
    codes = [r["category_code"] for r in categories]
    assert len(codes) == 19 and codes[-1] == "OTHER"
    used = {r["category_code"] for r in _read_csv(SEEDS / "indicators.csv")}
    assert used <= set(codes)


def test_units_seed_keeps_working_days_and_days_apart_and_covers_the_extractor():
    units = {r["unit"]: r for r in _read_csv(SEEDS / "units.csv")}
    assert units["working_day"]["canonical_unit"] == "working_day"
    assert units["day"]["canonical_unit"] == "day"
    assert units["week"]["canonical_unit"] == "week"
    for r in units.values():
        assert r["canonical_unit"] in units and units[r["canonical_unit"]]["to_canonical_factor"] == "1"
    indicator_units = {r["canonical_unit"] for r in _read_csv(SEEDS / "indicators.csv") if r["canonical_unit"]}
    assert indicator_units <= set(units)
    aliases = SEEDS / "unit_aliases.csv"
    if aliases.exists():
        with open(aliases, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            column = next(reader).index("unit")
            extractor_units = {row[column] for row in reader if row}
        assert extractor_units <= set(units), extractor_units - set(units)


def test_indicator_keywords_use_known_codes():
    path = SEEDS / "indicator_keywords.csv"
    if not path.exists():
        pytest.skip("no indicator_keywords.csv")
    codes = {r["indicator_code"] for r in _read_csv(SEEDS / "indicators.csv")}
    used = {r["indicator_code"] for r in _read_csv(path)}
    assert used <= codes, used - codes


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.csv")), ids=lambda p: p.name)
def test_seed_csv_loads_like_dbt_loads_it(path):
    """dbt reads seeds with agate: a row with more fields than the header (an unquoted comma)
    fails the whole build."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    bad = [(i + 1, len(r)) for i, r in enumerate(rows) if r and len(r) != len(rows[0])]
    assert not bad, f"{path.name}: lines with a field count other than the header's {len(rows[0])}: {bad}"


# --- dbt build end to end ----------------------------------------------------------------


def dbt_build(db_path: Path, work_dir: Path) -> tuple[subprocess.CompletedProcess, list[dict]]:
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt)] if dbt.exists() else [sys.executable, "-m", "dbt.cli.main"]
    target = work_dir / "target"
    proc = subprocess.run(
        command + [
            "build", "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT),
            "--target-path", str(target), "--log-path", str(work_dir / "logs"),
            "--exclude", *EXTRACTOR_SEEDS,
        ],
        env=dict(os.environ, BIZENV_DB=str(db_path), DBT_SEND_ANONYMOUS_USAGE_STATS="false"),
        cwd=work_dir, capture_output=True, text=True, timeout=600,
    )
    results_path = target / "run_results.json"
    results = json.loads(results_path.read_text())["results"] if results_path.exists() else []
    return proc, results


def _by_status(results: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in results:
        out.setdefault(r["status"], set()).add(r["unique_id"])
    return out


def _name(unique_id: str) -> str:
    # test.bizenv.<name>.<hash> / model.bizenv.<name> / unit_test.bizenv.<model>.<name>
    parts = unique_id.split(".")
    return parts[2] if parts[0] in ("test", "model", "seed") else ".".join(parts[2:])


@pytest.fixture(scope="module")
def landed_db(tmp_path_factory) -> Path:
    """The fixture landed into a fresh DuckDB file (not yet built)."""
    db_path = tmp_path_factory.mktemp("landed") / "landed.duckdb"
    con = duckdb.connect(str(db_path))
    try:
        landed_fixture.land_fixture(con)
    finally:
        con.close()
    return db_path


@pytest.fixture(scope="module")
def built(landed_db, tmp_path_factory):
    work = tmp_path_factory.mktemp("dbt_good")
    db_path = work / "bizenv.duckdb"
    shutil.copyfile(landed_db, db_path)
    proc, results = dbt_build(db_path, work)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    con = duckdb.connect(str(db_path), read_only=True)
    yield con, results
    con.close()


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


@pytest.mark.slow
def test_build_passes_every_test_without_warnings(built):
    _, results = built
    statuses = _by_status(results)
    assert set(statuses) <= {"success", "pass"}, {s: sorted(map(_name, ids)) for s, ids in statuses.items()}
    unit_tests = {_name(r["unique_id"]) for r in results if r["unique_id"].startswith("unit_test.")}
    assert {
        "int_targets.int_targets_ranks_documents_by_strictness",
        "mart_region_comparison.mart_region_comparison_ranks_and_gaps",
        "mart_target_history.mart_target_history_labels",
        "mart_hierarchy.mart_hierarchy_compares_across_years_and_levels",
        "mart_latest_targets.mart_latest_targets_carry_forward",
        "mart_target_actuals.mart_target_actuals_met_missed",
        "mart_coverage.mart_coverage_statuses",
    } <= unit_tests


@pytest.mark.slow
def test_schemas_are_exactly_staging_intermediate_marts_seeds(built):
    con, _ = built
    tables = set(rows(con, "select schema_name from duckdb_tables() union select schema_name from duckdb_views() where not internal"))
    assert {s for (s,) in tables} >= {"raw", "seeds", "staging", "intermediate", "marts"}
    assert not [s for (s,) in tables if s.startswith("main_")]
    assert rows(con, "select data_type from duckdb_columns() where schema_name = 'seeds' and table_name = 'regions' and column_name = 'region_code'") == [("VARCHAR",)]


@pytest.mark.slow
def test_fct_measures_has_the_export_columns_and_flags_duplicates(built):
    con, _ = built
    columns = [c for (c,) in rows(con, "select column_name from duckdb_columns() where schema_name = 'marts' and table_name = 'fct_measures' order by column_index")]
    export = ("source_file, char_start, char_end, document_id, region_code, region_name, indicator_code, subject, "
              "value, unit, comparator, kind, baseline_value, target_year, evidence").split(", ")
    assert columns == ["measure_id", *export, "is_duplicate", "category_code", "is_core", "canonical_unit", "trace"]
    assert rows(con, "select count(*), count(*) filter (where is_duplicate) from marts.fct_measures") == [(23, 2)]
    # measures without a region take their document's
    assert rows(con, "select count(*) from marts.fct_measures where region_code is null") == [(0,)]
    assert rows(con, "select distinct region_code from marts.fct_measures where document_id = 'kunming_2023_points.txt#1'") == [("530100",)]
    # the kind marts count each measure once
    total = rows(con, "select (select count(*) from marts.fct_time_limits) + (select count(*) from marts.fct_percentages) + (select count(*) from marts.fct_counts)")[0][0]
    assert total == 21
    assert rows(con, "select n_documents, n_measures from marts.dim_region where region_code = '530100'") == [(2, 12)]
    assert rows(con, "select is_duplicate, duplicate_of, primary_region_code from marts.dim_document where document_id = 'compilation_2023.txt#1'") == [
        (True, "kunming_2023_points.txt#1", "530100")
    ]


@pytest.mark.slow
def test_region_comparison_ranks_and_gaps(built):
    con, _ = built
    got = rows(con, """
        select indicator_code, target_year, region_code, target_value, region_rank, best_value, gap_to_best, document_id
        from marts.mart_region_comparison
        where indicator_code in ('start_business_time', 'online_service_rate', 'elec_connection_time_lv_business')
          and target_year in (2023, 2024)
        order by indicator_code, target_year, region_rank, region_code
    """)
    assert got == [
        ("elec_connection_time_lv_business", 2023, "530000", 2.0, 1, 2.0, 0.0, "yunnan_2023_points.txt#1"),
        ("elec_connection_time_lv_business", 2023, "530100", 3.0, 2, 2.0, 1.0, "kunming_2023_points.txt#1"),
        ("online_service_rate", 2023, "530100", 99.0, 1, 99.0, 0.0, "kunming_2023_points.txt#1"),
        ("online_service_rate", 2023, "530000", 98.0, 2, 99.0, 1.0, "yunnan_2022_2024_plan.txt#1"),
        ("online_service_rate", 2024, "530000", 100.0, 1, 100.0, 0.0, "yunnan_2022_2024_plan.txt#1"),
        ("online_service_rate", 2024, "530100", 100.0, 1, 100.0, 0.0, "kunming_2024_points.txt#1"),
        ("start_business_time", 2023, "530100", 0.5, 1, 0.5, 0.0, "kunming_2023_points.txt#1"),
        ("start_business_time", 2023, "530000", 1.0, 2, 0.5, 0.5, "yunnan_2023_points.txt#1"),
        ("start_business_time", 2024, "530000", 1.0, 1, 1.0, 0.0, "yunnan_2022_2024_plan.txt#1"),
        ("start_business_time", 2024, "530100", 1.0, 1, 1.0, 0.0, "kunming_2024_points.txt#1"),
    ]
    # evidence and offsets point at the number in the source text
    (evidence, char_start, char_end, text), = rows(con, """
        select c.evidence, c.char_start, c.char_end, f.file_text
        from marts.mart_region_comparison c
        join staging.stg_documents d on d.document_id = c.document_id
        join staging.stg_files f on f.file_path = d.file_path
        where c.region_code = '530100' and c.indicator_code = 'start_business_time' and c.target_year = 2023
    """)
    assert text[char_start:char_end] == "0.5" and evidence in text
    # the duplicate's copy of the 0.5 target is not counted as a second document
    assert rows(con, "select n_documents from marts.mart_region_comparison where region_code = '530100' and indicator_code = 'start_business_time' and target_year = 2023") == [(1,)]


@pytest.mark.slow
def test_hierarchy_compares_city_with_province(built):
    con, _ = built
    assert rows(con, """
        select indicator_code, target_year, region_code, province_code, comparison
        from marts.mart_hierarchy order by indicator_code, target_year
    """) == [
        ("elec_connection_time_lv_business", 2023, "530100", "530000", "looser"),
        ("online_service_rate", 2023, "530100", "530000", "stricter"),
        ("online_service_rate", 2024, "530100", "530000", "same"),
        ("start_business_time", 2023, "530100", "530000", "stricter"),
        ("start_business_time", 2024, "530100", "530000", "same"),
    ]


@pytest.mark.slow
def test_target_history_change_types(built):
    con, _ = built

    def history(region, indicator):
        return rows(con, f"""
            select target_year, target_value, change_type from marts.mart_target_history
            where region_code = '{region}' and indicator_code = '{indicator}' order by sequence_number
        """)

    assert history("530100", "start_business_time") == [(2023, 0.5, "new"), (2024, 1.0, "relaxed")]
    assert history("530100", "online_service_rate") == [(2023, 99.0, "new"), (2024, 100.0, "tightened")]
    # 昆明's 2024 points say nothing of 获得电力 at all: silence about a category is not a drop
    assert history("530100", "elec_connection_time_lv_business") == [(2023, 3.0, "new")]
    # ordered by issue date: the 2022 plan sets 2022 and 2024; the 2023 points restate the 1 day
    assert history("530000", "start_business_time") == [(2022, 2.0, "new"), (2024, 1.0, "tightened"), (2023, 1.0, "restated")]
    assert history("530000", "online_service_rate") == [(2022, 95.0, "new"), (2023, 98.0, "tightened"), (2024, 100.0, "tightened")]


@pytest.mark.slow
def test_coverage_statuses(built):
    con, _ = built
    status = dict(((r, i), s) for r, i, s in rows(con, "select region_code, indicator_code, status from marts.mart_coverage"))
    assert status[("530100", "start_business_time")] == "has_target"
    assert status[("530000", "construction_approval_time_low_risk")] == "has_target"
    assert status[("530100", "tax_payment_time")] == "document_no_target"
    assert status[("110000", "start_business_time")] == "no_document"
    assert ("530102", "start_business_time") not in status  # a county without documents
    n_core = rows(con, "select count(*) from marts.dim_indicator where is_core")[0][0]
    n_regions = rows(con, "select count(*) from marts.dim_region where is_province or has_document")[0][0]
    assert len(status) == n_core * n_regions


@pytest.mark.slow
def test_one_broken_row_fails_the_build_on_the_right_test(landed_db, tmp_path):
    db_path = tmp_path / "bizenv.duckdb"
    shutil.copyfile(landed_db, db_path)
    con = duckdb.connect(str(db_path))
    try:
        broken_id = landed_fixture.insert_measure(con, unit="furlong")
    finally:
        con.close()

    proc, results = dbt_build(db_path, tmp_path)

    assert proc.returncode != 0
    statuses = _by_status(results)
    failed = {_name(u) for u in statuses.get("fail", set()) | statuses.get("error", set())}
    assert failed == {"stg_measures_unit_in_units_seed"}, proc.stdout[-3000:]
    failing = next(r for r in results if _name(r["unique_id"]) == "stg_measures_unit_in_units_seed")
    assert failing["failures"] == 1
    # everything downstream of the failed test is skipped rather than built on bad data
    skipped = {_name(u) for u in statuses.get("skipped", set())}
    assert {"int_measures_classified", "fct_measures", "mart_region_comparison"} <= skipped
    assert broken_id.endswith(":broken:0")


@pytest.mark.slow
def test_a_percentage_level_above_100_only_warns(landed_db, tmp_path):
    db_path = tmp_path / "bizenv.duckdb"
    shutil.copyfile(landed_db, db_path)
    con = duckdb.connect(str(db_path))
    try:
        landed_fixture.insert_measure(
            con, indicator_code="online_service_rate", unit="percent", comparator="ge", value=180.0,
            subject="网上可办率", number_text="180",
        )
    finally:
        con.close()

    proc, results = dbt_build(db_path, tmp_path)

    assert proc.returncode == 0, proc.stdout[-3000:]
    statuses = _by_status(results)
    warned = {_name(u) for u in statuses.get("warn", set())}
    assert any(w.startswith("percentage_level_in_range_stg_measures_value") for w in warned), warned
    assert any(w.startswith("percentage_level_in_range_fct_percentages") for w in warned), warned
    assert not statuses.get("fail") and not statuses.get("error")
