"""Numbers as written in Chinese policy text: Arabic, full-width, decimals, Chinese numerals,
半, fractions (三分之一), 百分之X, X成, and 万/亿 multipliers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿点"

# One numeral token: Arabic (ASCII or full-width, with decimals and thousands commas),
# or a run of Chinese numeral characters, or 半. U+2060 (normalising.JOINER) stands where OCR put
# whitespace inside one number (27 .4亿元): accepted inside a number, ignored by parse_number.
ARABIC = r"[0-9０-９]+(?:\u2060+[0-9０-９]+)*(?:[,，][0-9]{3})*(?:\u2060*[.．]\u2060*[0-9０-９]+)?"
CHINESE = r"[零〇一二两三四五六七八九十百千万亿](?:[零〇一二两三四五六七八九十百千万亿点]*[零〇一二两三四五六七八九十百千])?"
NUMBER_RE = re.compile(rf"{ARABIC}|{CHINESE}|半")
FRACTION_RE = re.compile(rf"({CHINESE}|{ARABIC})分之({CHINESE}|{ARABIC})")
PERCENT_WORD_RE = re.compile(rf"百分之({CHINESE}|{ARABIC})")


def to_halfwidth(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


MINUS_SIGNS = "-－−"


def is_arabic(s: str) -> bool:
    s = s[1:] if s[:1] in MINUS_SIGNS else s  # a signed number (增长-2.1%) is still Arabic
    return bool(s) and to_halfwidth(s[0]).isdigit()


_APPROXIMATE_PAIR = re.compile(r"([一两二三四五六七八])([二三四五六七八九])([十百千万]?)")
_DIGIT_RANK = {c: k for k, c in enumerate("一二三四五六七八九", 1)} | {"两": 2}
_BARE_MULTIPLIERS = {"百": 100.0, "千": 1000.0, "万": 10000.0, "亿": 1e8, "万亿": 1e12}


@lru_cache(maxsize=4096)
def parse_number(token: str) -> float | None:
    """Value of one isolated numeral token, or None when it is not a number."""
    token = token.strip()
    if not token:
        return None
    if token == "半":
        return 0.5
    if is_arabic(token):
        s = to_halfwidth(token).replace(",", "").replace("，", "").replace("\u2060", "").replace("−", "-")
        try:
            return float(s)
        except ValueError:
            return None
    if token.endswith("半") and len(token) > 1:  # 一个半 is handled by callers; 两半 is not a number
        return None
    if token in _BARE_MULTIPLIERS:  # 超千件: the round number (cn2an reads a lone 千 as nothing)
        return _BARE_MULTIPLIERS[token]
    pair = _APPROXIMATE_PAIR.fullmatch(token)
    if pair and _DIGIT_RANK[pair.group(2)] == _DIGIT_RANK[pair.group(1)] + 1:
        # approximate_pair: 七八天, 两三个, 三四十家 name a span of two neighbours; the larger is the figure
        # (cn2an would read 七八 as 78)
        return float(cn2an.cn2an(pair.group(2) + pair.group(3), "smart"))
    try:
        # cn2an only ever sees an isolated numeral here (it would rewrite 四川 inside words).
        return float(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def tidy(value: float) -> float:
    """A value as written, without the float noise of a unit's factor (1073.6亿元 → 107360000000.0, not
    107359999999.99998): 12 significant digits, at most 6 decimals."""
    return round(float(f"{value:.12g}"), 6)


def parse_fraction(denominator: str, numerator: str) -> float | None:
    """三分之一 → 33.33 (percent)."""
    d, n = parse_number(denominator), parse_number(numerator)
    if not d or n is None:
        return None
    return round(100.0 * n / d, 2)
