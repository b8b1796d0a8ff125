"""The finer indicator codes of the project's taxonomy (seeds/indicators.csv rows that are not core):
each keyword rule of seeds/indicator_keywords.csv for one of them gives its code on its examples
(tests/data/indicator_examples.yaml) and not on a near miss; every finer code has both."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest import SEEDS_DIR
from ingest.evaluation import field_ok
from ingest.extraction import extract_measures
from ingest.records import Document, RegionRef

EXAMPLES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "indicator_examples.yaml").read_text(encoding="utf-8"))


def _indicators() -> list[dict[str, str]]:
    with open(SEEDS_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


FINER = sorted(r["indicator_code"] for r in _indicators() if r["is_core"] != "true" and r["indicator_code"] != "other")


def _codes_of(text: str, value: float) -> list[str]:
    doc = Document("ex#01", "ex.txt", 1, 0, len(text), issue_date="2024-03-01", period_start=2024, period_end=2024,
                   doc_type="方案")
    measures = extract_measures(text, doc, RegionRef("530100", "昆明市", "issuer"))
    return [m.indicator_code for m in measures if math.isclose(m.value, value, rel_tol=1e-9)]


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e['code']}-{e['pol']}" for e in EXAMPLES])
def test_finer_code_on_its_example(ex: dict[str, Any]) -> None:
    codes = _codes_of(ex["text"], float(ex["value"]))
    assert codes, f"no measure worth {ex['value']} in {ex['text']!r}"
    if ex["pol"] == "pos":
        assert ex["code"] in codes, f"{ex['text']!r}: {codes}"
    else:
        assert ex["code"] not in codes, f"{ex['text']!r}: {codes}"


def test_every_finer_code_has_a_keyword_rule_and_examples() -> None:
    with open(SEEDS_DIR / "indicator_keywords.csv", encoding="utf-8", newline="") as f:
        with_rules = {r["indicator_code"] for r in csv.DictReader(f)}
    assert set(FINER) <= with_rules, sorted(set(FINER) - with_rules)
    pols = {(e["code"], e["pol"]) for e in EXAMPLES}
    missing = [c for c in FINER if (c, "pos") not in pols or (c, "neg") not in pols]
    assert not missing, missing


def test_core_rules_come_before_finer_ones() -> None:
    """A number both a core and a finer rule read is the core indicator (the 18-indicator evaluation wins)."""
    core = {r["indicator_code"] for r in _indicators() if r["is_core"] == "true"}
    with open(SEEDS_DIR / "indicator_keywords.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    worst_core = max(int(r["priority"]) for r in rows if r["indicator_code"] in core)
    assert all(int(r["priority"]) > worst_core for r in rows if r["indicator_code"] in FINER)


def test_evaluation_reads_a_finer_code_as_other() -> None:
    """The spec allows a finer code where the measure is no core indicator: a gold `other` matches it,
    a gold core code does not."""
    assert field_ok("indicator_code", "other", "import_clearance_time")
    assert not field_ok("indicator_code", "start_business_time", "start_business_steps")
    assert not field_ok("indicator_code", "other", "start_business_time")
