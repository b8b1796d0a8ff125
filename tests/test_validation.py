"""The Great Expectations suite over the landed data (ingest/validation.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import landed_fixture as FIXTURE  # tests/data, on pytest's pythonpath

from ingest.validation import ValidationResult, units_vocabulary, validate_landed

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def con():
    con = duckdb.connect(":memory:")
    FIXTURE.land_fixture(con)
    yield con
    con.close()


def test_good_rows_pass_and_data_docs_are_written(con, tmp_path, capsys):
    result = validate_landed(con, tmp_path / "docs")
    assert isinstance(result, ValidationResult)
    assert result.success, result.failures
    assert result.failures == [] and result.warnings == []
    index = tmp_path / "docs" / "index.html"
    assert result.docs_index == index and index.exists()
    assert list((tmp_path / "docs" / "validations").rglob("*.html"))
    # GX stays quiet: no progress bars or log lines on the console
    out, err = capsys.readouterr()
    assert "Calculating Metrics" not in out + err
    assert "great_expectations" not in out + err


def test_empty_warehouse_passes(tmp_path):
    con = duckdb.connect(":memory:")
    from ingest.landing import ensure_schema

    ensure_schema(con)
    assert validate_landed(con, None).success


def test_unit_outside_the_vocabulary_fails_naming_expectation_and_column(con):
    FIXTURE.insert_measure(con, unit="furlong")
    result = validate_landed(con, None)
    assert not result.success
    assert len(result.failures) == 1
    message = result.failures[0]
    assert message.startswith("measures: expect_column_values_to_be_in_set(unit)")
    assert "furlong" in message


@pytest.mark.parametrize(
    "overrides, expectation",
    [
        ({"comparator": "lt"}, "expect_column_values_to_be_in_set(comparator)"),
        ({"kind": "goal"}, "expect_column_values_to_be_in_set(kind)"),
        ({"region_code": "5301"}, "expect_column_values_to_match_regex(region_code)"),
        ({"char_end": 0}, "expect_column_pair_values_a_to_be_greater_than_b(char_end > char_start)"),
        ({"document_id": "no-such-document"}, "expect_column_values_to_be_in_set(document_id)"),
    ],
)
def test_broken_measure_fails_the_named_expectation(con, overrides, expectation):
    FIXTURE.insert_measure(con, **overrides)
    result = validate_landed(con, None)
    assert not result.success
    assert any(f.startswith(f"measures: {expectation}") for f in result.failures), result.failures


def test_duplicate_measure_id_fails(con):
    # raw.measures has a primary key, so build the duplicate in a copy without one
    con.execute("create table raw.measures_copy as select * from raw.measures")
    con.execute("insert into raw.measures_copy select * from raw.measures limit 1")
    con.execute("drop table raw.measures")
    con.execute("alter table raw.measures_copy rename to measures")
    result = validate_landed(con, None)
    assert any(f.startswith("measures: expect_column_values_to_be_unique(measure_id)") for f in result.failures)


def test_percentage_level_above_100_is_a_warning_not_a_failure(con):
    FIXTURE.insert_measure(con, indicator_code="online_service_rate", unit="percent", comparator="ge", value=180.0)
    result = validate_landed(con, None)
    assert result.success
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("measures: expect_column_values_to_be_between(value)")
    assert "180" in result.warnings[0]


def test_percentage_change_above_100_is_fine(con):
    FIXTURE.insert_measure(con, indicator_code="market_entity_growth_rate", unit="percent", kind="change", value=120.0)
    result = validate_landed(con, None)
    assert result.success and not result.warnings


def test_target_year_out_of_range_is_a_warning(con):
    FIXTURE.insert_measure(con, target_year=2205)
    result = validate_landed(con, None)
    assert result.success
    assert any(w.startswith("measures: expect_column_values_to_be_between(target_year)") for w in result.warnings)


def test_missing_column_is_named(con):
    con.execute("alter table raw.documents drop column region_status")
    result = validate_landed(con, None)
    assert not result.success
    assert any("expect_column_to_exist(region_status)" in f for f in result.failures)


def test_units_vocabulary_comes_from_the_units_seed():
    units = units_vocabulary()
    assert {"working_day", "day", "percent", "item", "yuan"} <= set(units)
    assert "furlong" not in units
