"""Scoring of predictions against gold labels, on hand-made cases."""

from ingest.evaluation import field_ok, report, score


def gold(start, end, label="measure", **fields):
    row = {"file": "a.txt", "start": start, "end": end, "label": label, "region_code": "530100",
           "indicator_code": "other", "value": 1, "unit": "count", "comparator": "eq", "kind": "target",
           "baseline_value": None, "target_year": 2023}
    row.update(fields)
    return row


def pred(start, end, **fields):
    row = {"source_file": "a.txt", "char_start": start, "char_end": end, "region_code": "530100",
           "indicator_code": "other", "value": 1.0, "unit": "count", "comparator": "eq", "kind": "target",
           "baseline_value": None, "target_year": 2023, "evidence": "x"}
    row.update(fields)
    return row


def test_exact_match_is_a_true_positive_with_all_fields_right():
    r = score([gold(10, 12)], [pred(10, 12)])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    assert r.f1 == 1.0
    assert all(r.field_accuracy(f) == 1.0 for f in ["value", "unit", "target_year"])


def test_overlap_counts_as_detection_but_disjoint_does_not():
    r = score([gold(10, 13)], [pred(12, 14)])
    assert (r.tp, r.fp, r.fn) == (1, 0, 0)
    r = score([gold(10, 13)], [pred(13, 15)])  # touching is not overlapping
    assert (r.tp, r.fp, r.fn) == (0, 1, 1)
    assert r.precision == 0.0 and r.recall == 0.0 and r.f1 == 0.0


def test_not_and_baseline_labels_and_unlabelled_numbers_are_false_positives():
    g = [gold(10, 12, label="not"), gold(20, 22, label="baseline"), gold(30, 32)]
    r = score(g, [pred(10, 12), pred(20, 22), pred(30, 32), pred(50, 52)])
    assert (r.tp, r.fp, r.fn) == (1, 3, 0)
    assert round(r.precision, 3) == 0.25


def test_optional_labels_are_neither_rewarded_nor_penalised():
    g = [gold(10, 12, label="optional"), gold(30, 32)]
    assert (score(g, [pred(10, 12), pred(30, 32)]).fp) == 0
    assert (score(g, [pred(30, 32)]).fn) == 0


def test_one_to_one_matching_extra_prediction_on_same_number_is_a_false_positive():
    r = score([gold(10, 12)], [pred(10, 12), pred(10, 12, indicator_code="x")])
    assert (r.tp, r.fp) == (1, 1)
    assert r.field_accuracy("indicator_code") == 1.0  # the better-agreeing prediction was paired


def test_shared_offsets_pair_by_field_agreement():
    g = [gold(10, 11, indicator_code="water_connection_time"), gold(10, 11, indicator_code="gas_connection_time")]
    p = [pred(10, 11, indicator_code="gas_connection_time"), pred(10, 11, indicator_code="water_connection_time")]
    r = score(g, p)
    assert (r.tp, r.fp, r.fn) == (2, 0, 0)
    assert r.field_accuracy("indicator_code") == 1.0


def test_alternatives_in_gold_fields_and_numeric_tolerance():
    assert field_ok("comparator", "eq|le", "le")
    assert not field_ok("comparator", "eq|le", "ge")
    assert field_ok("value", 33.33, 33.333)
    assert not field_ok("value", 33.33, 34)
    assert field_ok("baseline_value", None, None)
    assert field_ok("baseline_value", None, float("nan"))
    assert not field_ok("baseline_value", 50, None)
    assert field_ok("target_year", 2023, "2023")
    assert field_ok("region_code", "530100", "530100")


def test_wrong_fields_are_counted_and_listed():
    r = score([gold(10, 12, value=3, target_year=2024)], [pred(10, 12, value=4.0, target_year=2024)])
    assert r.field_accuracy("value") == 0.0
    assert r.field_accuracy("target_year") == 1.0
    text = report(r, errors=5)
    assert "value: gold 3 pred 4.0" in text


def test_core_accuracy_counts_misses_and_needs_all_core_fields():
    g = [gold(10, 12, indicator_code="start_business_time", unit="working_day"),
         gold(20, 22, indicator_code="online_service_rate", unit="percent"),
         gold(30, 32, indicator_code="other")]
    p = [pred(10, 12, indicator_code="start_business_time", unit="working_day"),
         pred(20, 22, indicator_code="online_service_rate", unit="percent", target_year=2022),
         pred(30, 32)]
    r = score(g, p)
    assert r.core_total == 2
    assert r.core_right == 1  # the second has a wrong year
    r = score(g, p[:1])
    assert r.core_total == 2 and r.core_right == 1  # a missed core measure counts against


def test_predictions_for_files_without_gold_are_ignored():
    p = pred(10, 12)
    p["source_file"] = "other.txt"
    r = score([gold(10, 12)], [p])
    assert (r.tp, r.fp, r.fn) == (0, 0, 1)
