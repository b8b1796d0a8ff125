"""Every extraction rule runs on its examples (tests/data/genre_examples.yaml): the rule fires on its
positive examples and not on its negative ones, and the fields it sets come out as stated."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.extraction import extract_measures
from ingest.extraction.rules import CODE_RULES, cue_rules, non_measure_patterns, rule_names, rx
from ingest.records import Document, RegionRef

EXAMPLES_FILE = Path(__file__).parent / "data" / "genre_examples.yaml"
EXAMPLES: list[dict[str, Any]] = yaml.safe_load(EXAMPLES_FILE.read_text(encoding="utf-8"))


def _id(ex: dict[str, Any]) -> str:
    return f"{ex['rule']}-{ex['pol']}-{ex['text'][:14]}"


def _run(ex: dict[str, Any]) -> list[tuple[float, list[str], Any]]:
    """(value, rules, measure or None) of every number with a unit in the example's text."""
    doc_spec = ex.get("doc") or {}
    period = doc_spec.get("period", [2024, 2024])
    text = ex["text"]
    doc = Document("ex#01", "ex.txt", 1, 0, len(text), title=doc_spec.get("title"),
                   issue_date=_date(doc_spec.get("issued", "2024-03-01")), period_start=period[0], period_end=period[1],
                   doc_type=doc_spec.get("type", "方案"))
    code, name = doc_spec.get("region", ["530100", "昆明市"])
    dropped: list = []
    measures = extract_measures(text, doc, RegionRef(code, name, "issuer"), dropped)
    out: list[tuple[float, list[str], Any]] = [(m.value, m.trace.split("|"), m) for m in measures]
    out += [(c.value, [c.dropped_by], None) for c in dropped]
    return out


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _holds(m: Any, expect: dict[str, Any]) -> bool:
    for name, want in expect.items():
        got = getattr(m, name)
        if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(want, bool):
            if not math.isclose(float(got), float(want), rel_tol=1e-6):
                return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize("ex", EXAMPLES, ids=[_id(e) for e in EXAMPLES])
def test_rule_on_its_example(ex: dict[str, Any]) -> None:
    rule = ex["rule"]
    assert rule in rule_names(), f"{rule}: not a rule of the tables or of CODE_RULES"
    if ex.get("mode") == "match":
        found = bool(rx(rule).search(ex["text"]))
        assert found == (ex["pol"] == "pos"), f"{rule} on {ex['text']!r}"
        return
    value = float(ex["value"])
    expect = ex.get("expect") or {}
    same = [(rules, m) for v, rules, m in _run(ex) if math.isclose(v, value, rel_tol=1e-9)]
    assert same, f"no number worth {value} found in {ex['text']!r}"
    if ex["pol"] == "pos":
        fired = [(rules, m) for rules, m in same if rule in rules]
        assert fired, f"{rule} did not fire on {value} in {ex['text']!r}: traces {[r for r, _ in same]}"
        if expect:
            assert any(m is not None and _holds(m, expect) for _, m in fired), (
                f"{ex['text']!r}: {expect} not met by {[vars(m) for _, m in fired if m]}")
    else:
        assert all(rule not in rules for rules, _ in same), f"{rule} fired on {value} in {ex['text']!r}"
        if expect:
            assert any(m is not None and _holds(m, expect) for _, m in same), (
                f"{ex['text']!r}: {expect} not met by {[vars(m) for _, m in same if m]}")


def test_every_rule_has_a_positive_a_negative_and_a_written_example() -> None:
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ex in EXAMPLES:
        by_rule[ex["rule"]].append(ex)
    missing = []
    for name in sorted(rule_names()):
        exs = by_rule.get(name, [])
        if not ({"pos", "neg"} <= {e["pol"] for e in exs} and any(e["origin"] == "written" for e in exs)):
            missing.append(name)
    assert not missing, f"rules without a positive, a negative and a written example: {missing}"


def test_rule_names_are_unique_across_tables() -> None:
    table = list(cue_rules())
    patterns = [p.name for p in non_measure_patterns()]
    names = table + patterns + list(CODE_RULES)
    assert len(names) == len(set(names))
