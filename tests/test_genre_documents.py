"""Whole documents of the genres extraction must read (tests/data/genre_documents.yaml, written for
the purpose): every listed measure is found with its fields, and the listed non-measures are not."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.extraction import extract_measures
from ingest.records import Document, Measure, RegionRef

DOCUMENTS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "genre_documents.yaml").read_text(encoding="utf-8"))


def _extract(case: dict[str, Any]) -> list[Measure]:
    spec = case["doc"]
    text = case["text"]
    issued = spec.get("issued")
    doc = Document("g#01", "g.txt", 1, 0, len(text), title=spec.get("title"), doc_type=spec.get("type"),
                   issue_date=None if issued is None else str(issued),
                   period_start=spec["period"][0], period_end=spec["period"][1])
    code, name = spec["region"]
    return extract_measures(text, doc, RegionRef(code, name, "issuer"))


def _agrees(m: Measure, want: dict[str, Any]) -> bool:
    for name, value in want.items():
        got = getattr(m, name)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and got is not None and not isinstance(got, str):
            if not math.isclose(float(got), float(value), rel_tol=1e-6):
                return False
        elif got != value:
            return False
    return True


@pytest.mark.parametrize("case", DOCUMENTS, ids=[c["name"] for c in DOCUMENTS])
def test_genre_document(case: dict[str, Any]) -> None:
    measures = _extract(case)
    free = list(measures)
    wrong = []
    for want in case["measures"]:
        match = next((m for m in free if _agrees(m, want)), None)
        if match is None:
            same = [(m.value, m.unit, m.kind, m.target_year, m.comparator, m.region_code, m.indicator_code, m.trace)
                    for m in measures if math.isclose(m.value, float(want["value"]))]
            wrong.append(f"{want} not found; same value: {same}")
        else:
            free.remove(match)
    assert not wrong, "\n".join(wrong)
    for value in case.get("absent", []):
        assert all(not math.isclose(m.value, value) for m in measures), f"{value} is not a measure"
