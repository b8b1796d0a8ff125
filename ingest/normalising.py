"""The matching text: a copy of a source text that every rule reads, of EXACTLY the same length.

Rules (regions, cue words, units, metadata patterns) are written for simplified Chinese with ASCII
digits. Received text may be in traditional script (營商環境, 不超過, 個工作日, 號), use full-width
digits (２０２３), or have digits split by OCR (27 .4亿元, 1 5个工作日, 4⏎0项). `matching_text`
rewrites those character for character, so an offset into the matching text is the same offset into
the original: measures and documents keep the original's offsets, and evidence, titles and issuers
are read back from the original (`original_span_text`, `original_of`).

- traditional → simplified with OpenCC (t2s). A phrase conversion that changes a line's length
  (rare) falls back to converting that line one character at a time, keeping only 1:1 conversions.
- full-width digits → ASCII digits (1:1).
- pinyin_annotation: the reading a converter wrote after a character (發(fā)展, 區(qū)) → U+2060 WORD
  JOINERs, one per character, so 發展 reads as one word; titles read back from the original drop it.
- ocr_letter_in_number: a letter OCR read for a digit inside a number (1O个工作日, 2O23年, 9l%) → the
  digit (O/o → 0, l/I → 1), only right after a digit and before a digit or a unit.
- whitespace inside one number → U+2060 WORD JOINER, one per whitespace character. numbers.ARABIC
  accepts it inside a number and parse_number drops it; it is not whitespace for \\s, so a joined
  number is one token everywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

JOINER = "\u2060"


def without_joiners(s: str) -> str:
    """A value for people or for a whole-line pattern: the joiners of the matching text taken out."""
    return s.replace(JOINER, "")

# pinyin_annotation: a tone-marked syllable in brackets right after a CJK character (a neutral-tone
# syllable has no mark and is left alone, so bracketed ASCII words such as (Smile) never match).
# A converter may write a reading twice (优化(huà)(huà)): a run of them after the character is one annotation.
PINYIN_ANNOTATION = re.compile(r"(?<=[\u4e00-\u9fff])(?:[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）])+")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# ocr_letter_in_number: a letter between a digit and a digit or a unit (a quick test finds the rare text)
_MAYBE_OCR_LETTER = re.compile(r"[0-9][OolI]")
_OCR_LETTER = re.compile(r"(?<=[0-9])[Oo](?=[0-9]|[%％个项天日万亿元年家户件])|(?<=[0-9])[lI](?=[0-9]|[%％])")
_OCR_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1"}
_FULLWIDTH_DIGIT = re.compile("[０-９]")  # str.translate walks every character: only when there is one
# Digits split inside one number: a fragment written right after text (not after a number or a space,
# so tables and lists of numbers are never glued), a short run of spaces or one line break, then the
# rest of the number ending in a unit-like character (CJK, %; one space may stand before it). A year after the break (表1 2021年)
# is its own number.
_MAYBE_SPLIT = re.compile(r"[0-9](?:[ \t\u3000]{1,2}|[ \t\u3000]*\n[ \t\u3000]*)[.．]?[0-9]")  # cheap first test
# (The lookbehind comes after the fragment's first digit, so re skips to the digits at C speed instead
# of trying the lookbehind at every position; the matches are the same.)
_SPLIT_NUMBER = re.compile(
    r"(\d(?<=[^\d\s.．,，\u2060]\d)\d{0,3}[.．]?)"
    r"([ \t\u3000]{1,2}|[ \t\u3000]*\n[ \t\u3000]*)"
    r"(?!(?:19|20)\d\d\s*年)"
    r"([.．]?\d{1,4}(?:[.．]\d+)?)(?=[ \t\u3000]?[\u4e00-\u9fff%％‰])"
)


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported on first use: most texts never need it

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Traditional → simplified, same length, line by line (OpenCC keeps line breaks)."""
    cc = _converter()
    converted = cc.convert(text)
    if converted == text:
        return text
    old_lines, new_lines = text.split("\n"), converted.split("\n")
    if len(old_lines) == len(new_lines) and all(len(a) == len(b) for a, b in zip(old_lines, new_lines)):
        return converted
    if len(old_lines) != len(new_lines):  # not expected from OpenCC; convert by characters
        return _by_char(text)
    return "\n".join(b if len(a) == len(b) else _by_char(a) for a, b in zip(old_lines, new_lines))


def _by_char(s: str) -> str:
    cc = _converter()
    out = []
    for ch in s:
        c = cc.convert(ch) if ord(ch) > 0x2E7F else ch
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def join_split_numbers(text: str) -> str:
    """Whitespace inside one number becomes U+2060 (27 .4亿元 → 27⁠.4亿元), same length.
    A break next to a page header or footer is not inside a number: those lines are checked
    by the caller's noise spans before the join (see matching_text)."""
    return _SPLIT_NUMBER.sub(lambda m: m.group(1) + JOINER * len(m.group(2)) + m.group(3), text)


# flattened_paragraphs: a page whose paragraphs were joined onto one long line with a space between them
# ("…提出意见。 2022年工作回顾 刚刚过去的一年，…"): at least 2 gaps after a sentence's end mark it.
_GAP = re.compile(r"(?<=[。！？；：:])[ \t\u3000]+(?=\S)|(?<=[\u4e00-\u9fff”」』）)])[ \t\u3000]+(?=[\u4e00-\u9fff（(“—0-9])")
_SENTENCE_END = "。！？；：:"
_HEADING_END = re.compile(r"(?:回顾|安排|目标|任务|成效|展望|打算|情况|要点|总结)$")


def break_flattened_lines(text: str) -> str:
    """flattened_paragraphs: in a line of 300+ characters holding 2+ gaps after a sentence's end, each gap
    after a sentence's end or around a short line of its own (a heading, a speaker: ≤ 30 characters and
    no comma) is a line break (one break per whitespace character: same length)."""
    if "\n" in text[:2000] and max(map(len, text.split("\n"))) < 300:
        return text
    lines = text.split("\n")
    changed = False
    for n, line in enumerate(lines):
        if len(line) < 300:
            continue
        gaps = list(_GAP.finditer(line))
        if sum(line[g.start() - 1] in _SENTENCE_END for g in gaps) < 2:
            continue
        bounds = [0] + [x for g in gaps for x in (g.start(), g.end())] + [len(line)]
        segments = [line[bounds[2 * k] : bounds[2 * k + 1]] for k in range(len(gaps) + 1)]
        short = [len(seg) <= 30 and not re.search(r"[，,。]", seg) and len(re.findall(r"[\u4e00-\u9fff]", seg)) >= 4
                 for seg in segments]  # a heading or a speaker line, never a number's fragment
        pieces = [segments[0]]
        for k, g in enumerate(gaps):
            if line[g.end()].isdigit():  # 2022年工作回顾 2022年，…: only after a heading, not 从法定 60个
                breaks = segments[k][-1:] in tuple(_SENTENCE_END) or (short[k] and bool(_HEADING_END.search(segments[k])))
            else:
                breaks = segments[k][-1:] in tuple(_SENTENCE_END) or short[k] or short[k + 1]
            pieces.append(("\n" if breaks else " ") * len(g.group()) if breaks else g.group())
            pieces.append(segments[k + 1])
        lines[n] = "".join(pieces)
        changed = True
    return "\n".join(lines) if changed else text


def matching_text(text: str) -> str:
    """The text the rules read: simplified script, ASCII digits, split numbers joined, flattened paragraphs
    apart; same length."""
    out = break_flattened_lines(to_simplified(text))
    if ("(" in out or "（" in out) and PINYIN_ANNOTATION.search(out):
        out = PINYIN_ANNOTATION.sub(lambda m: JOINER * len(m.group()), out)
    if _FULLWIDTH_DIGIT.search(out):
        out = out.translate(_FULLWIDTH_DIGITS)
    if _MAYBE_OCR_LETTER.search(out):
        out = _OCR_LETTER.sub(lambda m: _OCR_DIGIT[m.group()], out)
    if _MAYBE_SPLIT.search(out) and _SPLIT_NUMBER.search(out):
        out = _join_outside_noise(out)
    assert len(out) == len(text), "the matching text must keep every offset"
    return out


def _join_outside_noise(text: str) -> str:
    """join_split_numbers, except across the line break before or after a noise line (a page footer
    `— 2 —` or a header ending in a date must not glue onto the number on the next line)."""
    from .cleaning import noise_spans

    spans = noise_spans(text)
    if not spans:
        return join_split_numbers(text)
    pieces, pos = [], 0
    for s, e in spans:
        pieces.append(join_split_numbers(text[pos:s]))
        pieces.append(text[s:e])
        pos = e
    pieces.append(join_split_numbers(text[pos:]))
    return "".join(pieces)


_WS = re.compile(r"\s+")


def original_span_text(original: str, matching: str, start: int, end: int) -> str:
    """original[start:end] with the noise lines of the matching text left out and whitespace removed:
    the evidence as written (the extractor builds evidence the same way from the matching text)."""
    from .cleaning import clean_view

    view = clean_view(matching, start, end)
    kept = []
    for k, piece_start in enumerate(view.piece_starts):
        piece_end = view.piece_starts[k + 1] if k + 1 < len(view.piece_starts) else len(view.text)
        src = view.piece_sources[k]
        kept.append(original[src : src + piece_end - piece_start])
    return _WS.sub("", "".join(kept))


def original_of(squeezed: str | None, original: str, matching: str, start: int, end: int) -> str | None:
    """A value read from the matching text (a title, an issuer: whitespace squeezed out) as the original
    writes it: the same characters found in matching[start:end], allowing whitespace and joiners between
    them, read from the original. The value itself when it is not found."""
    if not squeezed:
        return squeezed
    chars = [c for c in squeezed if not c.isspace()]
    pattern = re.compile(r"[\s\u2060]*".join(re.escape(c) for c in chars))
    m = pattern.search(matching, start, end)
    if not m:
        return squeezed
    written = PINYIN_ANNOTATION.sub("", original[m.start() : m.end()])
    # keep the single spaces the squeezed value kept between ASCII words
    from .metadata import squeeze

    return squeeze(written)


def restore_original(original: str, matching: str, documents: list, measures: list) -> None:
    """After splitting, metadata and extraction ran on the matching text: titles, issuers and each
    measure's evidence, number and unit as the original writes them (offsets are shared)."""
    for doc in documents:
        head_end = min(doc.char_end, doc.char_start + 4000)  # the title block is near the start
        doc.title = original_of(doc.title, original, matching, doc.char_start, head_end)
        doc.issuer = original_of(doc.issuer, original, matching, doc.char_start, doc.char_end)
        doc.doc_number = _doc_number_as_written(doc.doc_number, original, matching, doc.char_start, head_end)
    for m in measures:
        if m.evidence_start >= 0:
            m.evidence = original_span_text(original, matching, m.evidence_start, m.evidence_end)
        m.number_text = _as_written(m.number_text, original, matching, m.char_start, m.char_end)
        m.unit_text = _as_written(m.unit_text, original, matching, m.char_start, m.char_end + 8)


def _doc_number_as_written(number: str | None, original: str, matching: str, start: int, end: int) -> str | None:
    """A normalised 文号 (津政规〔2020〕7号) in the original's script (津政規〔2020〕7號): its prefix and its
    号 as written where the matching text holds it; brackets and digits stay normalised."""
    m = re.fullmatch(r"(.+?)(〔\d{4}〕\d+)号", number or "")
    if not m:
        return number
    prefix = m.group(1)
    found = re.compile(r"[\s\u2060]*".join(re.escape(c) for c in prefix) + r"[^号\n]{0,16}?号").search(matching, start, end)
    if not found:
        return number
    written = original[found.start() : found.start() + len(found.group())]
    written_prefix = original_of(prefix, original, matching, found.start(), found.end()) or prefix
    return written_prefix + m.group(2) + written[-1]


def _as_written(value: str, original: str, matching: str, start: int, end: int) -> str:
    """value (read from the clean view, which leaves the joiners out) as the original writes it: 15 → 1 5."""
    if not value:
        return value
    m = re.compile("\u2060*".join(re.escape(c) for c in value)).search(matching, start, end)
    return value if m is None else original[m.start() : m.end()]
