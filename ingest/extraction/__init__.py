"""Extraction: every measure of a policy document, as shared/spec/measures.md defines it.

Stages, one module each: quantities (sentences, numbers with a unit) → cues (comparator, change,
rule) → timing (years and their roles) → subjects (subject, indicator) → document (document facts,
sections with their year and tense) → filters (named non-measure rules) → fanout (lists, ranges,
shared subjects, named sub-regions); extract.py puts them together. The cue grammar is the named
rules of seeds/extraction_rules.csv and seeds/non_measure_patterns.csv; every measure records the
names of the rules that shaped it in `trace`.
"""

from .extract import extract_measures
from .filters import is_non_measure, non_measure_rule
from .quantities import Candidate, find_candidates, sentence_spans
from .rules import IndicatorRule, UnitAlias, indicator_rules, non_measure_patterns, unit_aliases
from .subjects import classify, classify_traced

__all__ = [
    "Candidate", "IndicatorRule", "UnitAlias", "classify", "classify_traced", "extract_measures", "find_candidates", "indicator_rules",
    "is_non_measure", "non_measure_patterns", "non_measure_rule", "sentence_spans", "unit_aliases",
]
