"""Numerals (ingest/numbers.py) and the number-related rows of seeds/unit_aliases.csv."""

from __future__ import annotations

import csv

import pytest

from ingest import SEEDS_DIR
from ingest.normalising import JOINER
from ingest.extraction.quantities import find_candidates
from ingest.numbers import NUMBER_RE, parse_number


@pytest.mark.parametrize("written, value", [
    ("27.4", 27.4), ("２０２３", 2023), ("1,200", 1200), ("0.5", 0.5), ("半", 0.5), ("一", 1), ("十五", 15),
    (f"1{JOINER}5", 15), (f"27{JOINER}.4", 27.4), (f"4{JOINER}0", 40), (f"1{JOINER}{JOINER}2000", 12000),
    ("-2.1", -2.1), ("－0.8", -0.8),
    # approximate_pair: two neighbouring digits are a span, read as its larger end; negatives: 二五 and 九八
    # are no neighbours in order (a code, a year's digits), 七十八 is 78
    ("七八", 8), ("两三", 3), ("三四十", 40), ("二五", 25), ("九八", 98), ("七十八", 78),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("text, token", [
    (f"压缩至1{JOINER}5个工作日", f"1{JOINER}5"),  # a joined number is one token, never its last fragment
    (f"达到27{JOINER}.4亿元", f"27{JOINER}.4"),
    ("压缩至１５个工作日", "１５"),
    ("压缩至1 5个工作日", "1"),  # plain whitespace still separates numbers: normalising joins them first
])
def test_number_regex_reads_a_joined_number_whole(text, token):
    assert NUMBER_RE.search(text).group() == token


def test_parse_number_rejects_what_is_not_a_number():
    assert parse_number("") is None
    assert parse_number("两半") is None


def test_usd_and_large_yuan_units_are_in_the_vocabulary():
    with open(SEEDS_DIR / "unit_aliases.csv", encoding="utf-8", newline="") as f:
        rows = {r["surface"]: (r["unit"], float(r["factor"])) for r in csv.DictReader(f)}
    assert rows["美元"] == ("usd", 1)
    assert rows["万美元"] == ("usd", 10_000)
    assert rows["亿美元"] == ("usd", 100_000_000)
    assert rows["千亿元"] == ("yuan", 100_000_000_000)
    with open(SEEDS_DIR / "units.csv", encoding="utf-8", newline="") as f:
        units = {r["unit"] for r in csv.DictReader(f)}
    assert {u for u, _ in rows.values()} <= units


@pytest.mark.parametrize("text, number, value", [
    ("地区生产总值增长-2.1%，", "-2.1", -2.1),  # a fall written as a negative growth rate
    ("| 进出口总额增速 | -3.5% |", "-3.5", -3.5),  # a table cell
    ("出口额增长－0.8%", "－0.8", -0.8),
    ("2023-5个工作日", "5", 5),  # after a digit the dash is a range or a code, never a sign
    ("编号A-3个", "3", 3),
    ("补助3万元-5万元", "5", 50000),  # after a unit the dash is a range
])
def test_a_minus_sign_after_a_word_or_cell_border_is_the_numbers(text, number, value):
    c = find_candidates(text)[-1]
    assert (text[c.start:c.end], c.value) == (number, value)


@pytest.mark.parametrize("value, tidied", [
    (1073.6 * 1e8, 107_360_000_000.0), (638.7 * 1e8, 63_870_000_000.0), (0.35 * 1e4, 3500.0),
    (100 / 3, 33.333333), (2.5, 2.5),
])
def test_tidy_drops_the_float_noise_of_a_units_factor(value, tidied):
    from ingest.numbers import tidy
    assert tidy(value) == tidied


@pytest.mark.parametrize("text, value", [
    ("全年办理2万余件", 20000), ("发放约190万余元", 1_900_000), ("受理35万多户", 350000),
])
def test_more_than_after_a_multiplier(text, value):
    c = find_candidates(text)[-1]
    assert (c.value, c.more) == (value, True)


def test_a_multiplier_without_more_is_exact():
    c = find_candidates("全年办理2万件")[-1]
    assert (c.value, c.more) == (20000, False)


@pytest.mark.parametrize("text, found", [
    ("全省营商环境评价得分78.85分，较上年提升9.59分。", [(78.85, "point"), (9.59, "point")]),
    ("某市以91.2分获评全省营商环境最佳城市，以88分居全省第二。", [(91.2, "point"), (88, "point")]),
    # negatives: 十分 is an adverb, 00331分类 a code before a word, 15分钟 minutes
    ("这十分重要，一分为二。", []),
    ("索引号2015-00331分类：综合。", []),
    ("办理时间15分钟。", [(15, "minute")]),
])
def test_score_points_are_arabic_numbers_ending_at_fen(text, found):
    from ingest.extraction.quantities import find_candidates
    assert [(c.value, c.unit) for c in find_candidates(text)] == found


def test_calendar_days_are_days():
    from ingest.extraction.quantities import find_candidates
    assert [(c.value, c.unit) for c in find_candidates("审批时限压缩至35个日历日以内，办结不超过20日历日。")] == [(35, "day"), (20, "day")]
