"""Scoring extracted measures against hand-checked gold labels (format of shared/gold/dev).

Gold: one JSON object a line with `file`, `start`, `end` and `label` (measure | not | baseline |
optional); measures carry the fields of the measure record, where `a|b` lists accepted values.

Matching, per file: a prediction matches a gold measure when their offsets overlap. Several
gold measures may share offsets (one number, several indicators) and so may predictions;
within one overlap cluster pairs are chosen greedily by field agreement, one to one.
- true positive: a gold measure with a matched prediction;
- false negative: a gold measure with none;
- false positive: a prediction matched to no gold measure, unless it overlaps an `optional`
  label (those are neither rewarded nor penalised). Predictions on `not`/`baseline` numbers
  and on unlabelled numbers are false positives.
Only files that have gold labels are scored.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from . import PROJECT_ROOT

FIELDS = ["region_code", "indicator_code", "value", "unit", "comparator", "kind", "baseline_value", "target_year"]
CORE_FIELDS = ["value", "unit", "target_year", "region_code", "indicator_code"]


@dataclass
class Pair:
    gold: dict[str, Any]
    pred: dict[str, Any]
    wrong: list[str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    field_right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pairs: list[Pair] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    core_total: int = 0
    core_right: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_accuracy(self, name: str) -> float:
        return self.field_right[name] / self.tp if self.tp else 0.0

    @property
    def core_accuracy(self) -> float:
        return self.core_right / self.core_total if self.core_total else 0.0


def load_gold(gold_dir: str | Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    paths = sorted(Path(gold_dir).glob("*.jsonl"))
    if not paths:
        raise FileNotFoundError(f"{gold_dir}: no *.jsonl gold files")
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise ValueError(f"{path}:{n}: not valid JSON ({exc})") from exc
    return rows


@lru_cache(maxsize=1)
def core_codes() -> frozenset[str]:
    candidates = [PROJECT_ROOT / "seeds" / "indicators.csv", PROJECT_ROOT.parent / "shared" / "spec" / "core_indicators.csv"]
    for path in candidates:
        if path.exists():
            with open(path, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            if rows and "is_core" in rows[0]:
                return frozenset(r["indicator_code"] for r in rows if r["is_core"].lower() in ("true", "1", "yes"))
            return frozenset(r["indicator_code"] for r in rows)
    return frozenset()


def field_ok(name: str, gold_value: Any, pred_value: Any) -> bool:
    """Does a predicted field agree with the gold field (which may list alternatives a|b)?"""
    alternatives = str(gold_value).split("|") if isinstance(gold_value, str) else [gold_value]
    return any(_same(name, alt, pred_value) for alt in alternatives)


def _is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and v.strip() in ("", "None", "null", "nan"))


def _same(name: str, g: Any, p: Any) -> bool:
    if _is_empty(g) or _is_empty(p):
        return _is_empty(g) and _is_empty(p)
    if name in ("value", "baseline_value"):
        try:
            gv, pv = float(g), float(p)
        except (TypeError, ValueError):
            return False
        return math.isclose(gv, pv, rel_tol=1e-4, abs_tol=0.01)
    if name == "indicator_code" and str(g).strip() == "other":
        # The spec: a core code when the measure is that indicator, "otherwise a finer code of the
        # project's own taxonomy or other" — any non-core code is right where the gold says other.
        return str(p).strip() not in core_codes()
    if name == "target_year":
        try:
            return int(float(g)) == int(float(p))
        except (TypeError, ValueError):
            return False
    return str(g).strip() == str(p).strip()


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score(gold: list[dict[str, Any]], predictions: Iterable[dict[str, Any]]) -> Score:
    result = Score()
    core = core_codes()
    gold_by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        gold_by_file[g["file"]].append(g)
    pred_by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in predictions:
        if p["source_file"] in gold_by_file:
            pred_by_file[p["source_file"]].append(p)

    for file, labels in gold_by_file.items():
        measures = [g for g in labels if g["label"] == "measure"]
        optional = [g for g in labels if g["label"] == "optional"]
        preds = pred_by_file.get(file, [])
        # Candidate pairs by overlap, then greedy one-to-one by number of agreeing fields.
        options = []
        for gi, g in enumerate(measures):
            for pi, p in enumerate(preds):
                if _overlaps(g["start"], g["end"], int(p["char_start"]), int(p["char_end"])):
                    agree = sum(field_ok(f, g.get(f), p.get(f)) for f in FIELDS)
                    options.append((-agree, abs(g["start"] - int(p["char_start"])), gi, pi))
        options.sort()
        gold_used: dict[int, int] = {}
        pred_used: set[int] = set()
        for _, _, gi, pi in options:
            if gi in gold_used or pi in pred_used:
                continue
            gold_used[gi] = pi
            pred_used.add(pi)
        for gi, g in enumerate(measures):
            is_core = any(code in core for code in str(g.get("indicator_code") or "").split("|"))
            if is_core:
                result.core_total += 1
            if gi not in gold_used:
                result.fn += 1
                result.misses.append(g)
                continue
            p = preds[gold_used[gi]]
            result.tp += 1
            wrong = [f for f in FIELDS if not field_ok(f, g.get(f), p.get(f))]
            for f in FIELDS:
                if f not in wrong:
                    result.field_right[f] += 1
            if is_core and not any(f in wrong for f in CORE_FIELDS):
                result.core_right += 1
            result.pairs.append(Pair(g, p, wrong))
        for pi, p in enumerate(preds):
            if pi in pred_used:
                continue
            if any(_overlaps(o["start"], o["end"], int(p["char_start"]), int(p["char_end"])) for o in optional):
                continue
            result.fp += 1
            result.false_positives.append(p)
    return result


def report(result: Score, errors: int = 0) -> str:
    lines = [
        f"detection  precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}"
        f"  (tp {result.tp}, fp {result.fp}, fn {result.fn})",
        "field accuracy on matched measures:",
    ]
    for f in FIELDS:
        lines.append(f"  {f:<15} {result.field_accuracy(f):.3f}  ({result.field_right[f]}/{result.tp})")
    lines.append(
        f"core-fact accuracy (value, unit, year, region, indicator all right, over gold core measures): "
        f"{result.core_accuracy:.3f}  ({result.core_right}/{result.core_total})"
    )
    if errors:
        lines.append(f"\nmisses (first {errors}):")
        for g in result.misses[:errors]:
            lines.append(f"  {g['file']}:{g['start']}-{g['end']} {g.get('value')} {g.get('unit')} {g.get('subject')}")
        lines.append(f"\nfalse positives (first {errors}):")
        for p in result.false_positives[:errors]:
            lines.append(f"  {p['source_file']}:{p['char_start']}-{p['char_end']} {p.get('value')} {p.get('unit')} | {str(p.get('evidence'))[:60]}")
        lines.append(f"\nwrong fields (first {errors}):")
        shown = 0
        for pair in result.pairs:
            if not pair.wrong or shown >= errors:
                continue
            shown += 1
            diffs = ", ".join(f"{f}: gold {pair.gold.get(f)!r} pred {pair.pred.get(f)!r}" for f in pair.wrong)
            lines.append(f"  {pair.gold['file']}:{pair.gold['start']} {pair.gold.get('subject')}: {diffs}")
    return "\n".join(lines)


# ---------------------------------------------------------------- errors per rule


def warehouse_predictions(con: Any) -> list[dict[str, Any]]:
    """The measures of the warehouse with their extraction trace (which the export leaves out)."""
    from .exporting import MEASURE_COLUMNS

    df = con.execute(f"select {', '.join(MEASURE_COLUMNS)}, trace from marts.fct_measures").df()
    return df.astype(object).where(df.notna(), None).to_dict("records")


def dropped_candidates(paths: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
    """source_file -> (start, end, rule) of every number with a unit that a named filter ruled out,
    from a fresh read of each file (a filter leaves nothing in the warehouse to count)."""
    from .extraction import extract_measures
    from .reading import read_file
    from .records import RejectedFile
    from .splitting import split_documents

    out: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for path in paths:
        try:
            source = read_file(path)
        except (RejectedFile, OSError):
            continue
        for doc in split_documents(source):
            dropped: list[Any] = []
            extract_measures(source.text, doc, None, dropped)
            out[source.source_file] += [(c.start, c.end, c.dropped_by) for c in dropped]
    return out


def rule_errors(result: Score, dropped: dict[str, list[tuple[int, int, str]]] | None = None) -> dict[str, dict[str, int]]:
    """rule -> {"miss": n, <field>: n}: misses a named filter caused, and the wrong fields of
    matched measures counted against every rule in the prediction's trace."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for g in result.misses:
        rule = "no candidate (no number with a unit)"
        for s, e, name in (dropped or {}).get(g["file"], []):
            if _overlaps(g["start"], g["end"], s, e):
                rule = name
                break
        else:
            if dropped is None:
                rule = "unattributed (no source files)"
        counts[rule]["miss"] += 1
    for pair in result.pairs:
        for name in [r for r in str(pair.pred.get("trace") or "").split("|") if r] or ["(no trace)"]:
            for f in pair.wrong:
                counts[name][f] += 1
    for p in result.false_positives:
        for name in [r for r in str(p.get("trace") or "").split("|") if r] or ["(no trace)"]:
            counts[name]["false_positive"] += 1
    return counts


def rule_report(counts: dict[str, dict[str, int]], limit: int) -> str:
    lines = [f"\nerrors per rule (misses by the filter that dropped them; wrong fields and false positives by trace; first {limit}):"]
    ranked = sorted(counts.items(), key=lambda kv: -sum(kv[1].values()))
    for name, by in ranked[:limit]:
        detail = ", ".join(f"{k} {v}" for k, v in sorted(by.items(), key=lambda kv: -kv[1]))
        lines.append(f"  {name:<40} {sum(by.values()):>4}  ({detail})")
    return "\n".join(lines)
