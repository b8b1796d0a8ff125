"""Robustness: property tests (hypothesis) of reading, splitting and extraction on hostile input.

* `decode_bytes` / `read_file` on arbitrary bytes, and on damaged .docx/.pdf/.html/.txt files,
  with each supported suffix: a SourceText or RejectedFile, nothing else;
* `split_documents`, `resolve_regions` and `extract_measures` never raise on arbitrary text,
  including text assembled from Chinese policy fragments, numerals, units, page markers and line
  breaks, and slices of the reference corpus with such fragments spliced in;
* documents tile inside the text; every measure lies inside its document and
  text[char_start:char_end] is the number as written (its number_text: non-empty, with a digit
  or a Chinese numeral).

Example counts are modest so the default run takes a few seconds. For a longer hunt:

    BIZENV_FUZZ_SECONDS=60 pytest tests/test_fuzz.py -k fuzz

runs the time-boxed test (`test_fuzz_time_boxed`) for that long (default 3 s), in batches
with fresh random seeds; a failure is shrunk and printed by hypothesis as usual.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from ingest.extraction import extract_measures
from ingest.reading import decode_as, decode_bytes, read_file
from ingest.records import RejectedFile, SourceText
from ingest.regions import resolve_regions
from ingest.splitting import split_documents

CORPUS = Path("/work/shared/corpus")
FUZZ_SECONDS = float(os.environ.get("BIZENV_FUZZ_SECONDS", "3"))
NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿半]")

# ---------------------------------------------------------------------------------------------
# strategies
# ---------------------------------------------------------------------------------------------

FRAGMENTS = [
    # policy wording
    "企业开办时间压缩至", "个工作日", "以内", "以上", "不超过", "不低于", "达到", "提高到", "压减", "降至",
    "分别", "均", "由", "从", "压缩到", "力争", "确保", "截至", "已累计", "应当", "自受理之日起", "内办结",
    "全程网办率", "网上可办率", "用水、用电、用气报装", "工程建设项目审批", "不动产登记", "获得电力",
    "平均停电时间", "小时", "分钟", "天", "日", "个", "家", "项", "件", "万元", "亿元", "万户", "万人次", "倍",
    "个百分点", "%", "％", "百分之", "分之", "成", "余", "多", "年", "年底前", "年内", "十四五", "十三五",
    # numerals in every written form
    "0", "1", "3", "5", "10", "12", "100", "0.5", "2.5", "1,000", "１２", "３．５", "一", "两", "三", "十",
    "二十", "一百", "三分之一", "百分之九十", "九成", "一个半", "半", "万", "亿", "千", "〇", "零",
    # years, dates, 文号
    "2023年", "2022—2024年", "2025年", "2023 年5 月4 日", "〔2023〕41号", "渝府办发〔2023〕41号",
    # structure
    "\n", "\n", "\r\n", "\r", "\n\n", "。", "；", "，", "、", "：", "（", "）", "《", "》", "“", "”", " ", "\u3000", "\t",
    "一、", "（二）", "3.", "1.", "第一章", "# ", "**", "目录\n", "1.区落实优化提升营商环境工作意见2\n",
    "# Page 12:\n", "# Page 1316:\n", "【付费内容】\n", "—", "-", "~", "至", "到", "和", "及",
    # issuers and places
    "四川省人民政府办公厅关于印发", "的通知", "昆明市", "XX区", "××县", "重庆市綦江区人民政府办公室",
    "景洪市", "朝阳区", "全市", "本区", "驻", "国务院",
]

NUMERALS = ["0", "1", "3", "12", "100", "0.5", "2.5", "1,000", "１２", "３．５", "一", "两", "三", "十", "二十",
            "一百", "半", "一个半", "十余", "100多", "3—10", "3至5", "2.5、5", "1.5万", "三分之一", "百分之九十", "九"]
UNITS = ["个工作日", "天", "日", "小时", "分钟", "%", "％", "个百分点", "家", "项", "件", "万元", "亿元", "万户", "倍", "成",
         "个", "年", "月", "周", "次", ""]
measure_phrase = st.builds(
    lambda before, number, unit, after: before + number + unit + after,
    st.sampled_from(["", "压缩至", "不超过", "达到", "提高到", "分别压减至", "由50个工作日压减至", "2025年", "年内", "在", "自受理之日起",
                     "企业开办时间", "全程网办率", "截至2022年底已"]),
    st.one_of(st.sampled_from(NUMERALS), st.integers(0, 10**6).map(str)),
    st.sampled_from(UNITS),
    st.sampled_from(["", "以内", "以上", "内办结", "。", "，", "；", "、", "\n"]),
)

measure_list = st.builds(
    lambda before, items, sep, after: before + sep.join(items) + after,
    st.sampled_from(["分别达到", "分别压减至", "分别为", "均不超过", "网上可办率和全程网办率分别达到", "到2025年，分别达到",
                     "用水、用电、用气报装时间均压缩至", "由", ""]),
    st.lists(st.builds(lambda n, u: n + u, st.sampled_from(NUMERALS), st.sampled_from(UNITS)), min_size=2, max_size=4),
    st.sampled_from(["、", "和", "，", "至", "—"]),
    st.sampled_from(["。", "；", "", "以上。", "以内"]),
)

fragment_text = st.lists(
    st.one_of(
        measure_phrase,
        measure_list,
        st.sampled_from(FRAGMENTS),
        st.integers(0, 10**7).map(str),
        st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False).map(str),
        st.text(max_size=4),
    ),
    max_size=120,
).map("".join)


@lru_cache(maxsize=1)
def corpus_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))


@st.composite
def corpus_splice(draw) -> str:
    """A slice of a reference document with fragments spliced in at random places."""
    texts = corpus_texts()
    text = texts[draw(st.integers(0, len(texts) - 1))]
    start = draw(st.integers(0, len(text) - 1))
    piece = text[start : start + draw(st.integers(1, 3000))]
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(piece)))
        piece = piece[:at] + draw(fragment_text) + piece[at:]
    return piece


any_text = st.one_of(fragment_text, corpus_splice(), st.text(max_size=300))


# ---------------------------------------------------------------------------------------------
# the text pipeline: split -> regions -> extract
# ---------------------------------------------------------------------------------------------


def _is_known_list_bug(exc: BaseException) -> bool:
    """extraction._list_items divides by the number of subjects, which is 0 for a 分别 list
    without a subject (分别达到33%、26%。). Tolerated in the properties so that they keep looking
    for other bugs; see test_respectively_list_without_a_subject."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_name == "_list_items"


def check_text(text: str) -> None:
    source = SourceText("/fuzz/模糊.txt", "模糊.txt", text, "utf-8", "0" * 64, len(text.encode("utf-8", "surrogatepass")))
    documents = split_documents(source)
    previous_end = 0
    for doc in documents:
        assert 0 <= doc.char_start < doc.char_end <= len(text), (doc.char_start, doc.char_end, len(text))
        assert doc.char_start >= previous_end, "documents overlap"
        previous_end = doc.char_end
        body = text[doc.char_start : doc.char_end]
        regions, status = resolve_regions(doc.issuer, doc.title, body, doc.doc_number)
        assert status in ("resolved", "inferred", "ambiguous", "unresolved")
        try:
            measures = extract_measures(text, doc, regions[0] if regions else None)
        except ZeroDivisionError as exc:
            if _is_known_list_bug(exc):  # reported; test_respectively_list_without_a_subject tracks it
                continue
            raise
        for m in measures:
            assert doc.char_start <= m.char_start < m.char_end <= doc.char_end, (m.char_start, m.char_end, doc)
            written = text[m.char_start : m.char_end]
            assert written, m
            assert NUMERAL.search(written), f"{written!r} holds no numeral"
            assert written == m.number_text, f"offsets give {written!r}, number_text is {m.number_text!r}"
            assert m.document_id == doc.document_id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment_text)
def test_policy_fragments_never_break_split_or_extract(text):
    check_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(corpus_splice())
def test_corpus_slices_with_splices_never_break_split_or_extract(text):
    check_text(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_breaks_split_or_extract(text):
    check_text(text)


def test_respectively_list_without_a_subject():
    for text in ("分别达到33%、26%。", "到2025年，分别达到33%、26%。", "一、项目审批\n分别压减至3个、5个工作日。"):
        source = SourceText("/fuzz/x.txt", "x.txt", text, "utf-8", "0" * 64, len(text.encode()))
        for doc in split_documents(source):
            extract_measures(text, doc, None)


def test_whole_reference_corpus_offsets():
    """The same properties on every reference document, as landed."""
    for text in corpus_texts():
        check_text(text)


# ---------------------------------------------------------------------------------------------
# reading bytes
# ---------------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".docx", ".pdf", ".html"]
POLICY = "重庆市人民政府办公厅关于印发重庆市2023年优化营商环境工作要点的通知\n一、企业开办时间压减至1个工作日以内。\n"


@lru_cache(maxsize=1)
def seed_files() -> dict[str, bytes]:
    """Valid files of each type, to damage."""
    import docx
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    d = docx.Document()
    for line in POLICY.splitlines():
        d.add_paragraph(line)
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(1, 1).text = "指标", "3个工作日"
    buf = io.BytesIO()
    d.save(buf)
    docx_bytes = buf.getvalue()

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 14)
    for i, line in enumerate(POLICY.splitlines()):
        c.drawString(72, 760 - 24 * i, line)
    c.showPage()
    c.save()
    pdf_bytes = buf.getvalue()

    html = f"<html><head><meta charset='gb2312'><title>t</title></head><body><div class='nav'>首页</div><p>{POLICY}</p></body></html>"
    return {
        ".docx": docx_bytes,
        ".pdf": pdf_bytes,
        ".html": html.encode("gb18030"),
        ".txt": POLICY.replace("\n", "\r\n").encode("gb18030"),
    }


@st.composite
def damaged(draw, suffix: str) -> bytes:
    """A valid file of that type, truncated, overwritten or with bytes inserted."""
    data = bytearray(seed_files()[suffix])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "overwrite", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "truncate":
            del data[at:]
        elif op == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=16))
            data[at : at + len(chunk)] = chunk
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


_TMP = tempfile.TemporaryDirectory(prefix="bizenv_fuzz_")


def check_read(data: bytes, suffix: str) -> None:
    path = Path(_TMP.name) / f"fuzz{suffix}"
    path.write_bytes(data)
    t0 = time.perf_counter()
    try:
        source = read_file(path)
    except RejectedFile as e:
        assert e.reason and str(path) in str(e), str(e)
        return
    finally:
        elapsed = time.perf_counter() - t0
        assert elapsed < 20, f"read_file took {elapsed:.1f}s on {len(data)} bytes of {suffix}"
    assert isinstance(source, SourceText) and isinstance(source.text, str)
    assert source.size_bytes == len(data)
    assert source.content_hash == hashlib.sha256(data).hexdigest()
    if suffix == ".txt":
        assert decode_as(data, source.encoding) == source.text or decode_as(data, source.encoding) == "\ufeff" + source.text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from(SUFFIXES))
def test_read_file_arbitrary_bytes_each_suffix(data, suffix):
    check_read(data, suffix)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_read_file_damaged_files(suffix):
    @settings(max_examples=40 if suffix == ".pdf" else 60, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(damaged(suffix))
    def run(data):
        check_read(data, suffix)

    run()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=1000))
def test_decode_bytes_text_or_rejected(data):
    try:
        text, enc = decode_bytes(data, "f.txt")
    except RejectedFile as e:
        assert e.reason
        return
    assert decode_as(data, enc) == text


def test_a_read_text_goes_through_the_pipeline():
    """What read_file returns for each damaged-but-readable seed still splits and extracts."""
    for suffix, data in seed_files().items():
        path = Path(_TMP.name) / f"seed{suffix}"
        path.write_bytes(data)
        source = read_file(path)
        assert "企业开办" in source.text.replace("\n", "")
        check_text(source.text)


# ---------------------------------------------------------------------------------------------
# time-boxed fuzzing
# ---------------------------------------------------------------------------------------------


def test_fuzz_time_boxed():
    """Fresh random seeds, batch after batch, until BIZENV_FUZZ_SECONDS have passed."""
    deadline = time.monotonic() + FUZZ_SECONDS
    batch = 0
    rng = __import__("random").Random()
    while time.monotonic() < deadline:
        batch += 1
        s = rng.randrange(1 << 32)
        suffix = SUFFIXES[batch % len(SUFFIXES)]

        @seed(s)
        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(any_text, st.one_of(st.binary(max_size=3000), damaged(suffix)))
        def run(text, data):
            check_text(text)
            check_read(data, suffix)

        try:
            run()
        except Exception as exc:  # say which seed to replay
            raise AssertionError(f"fuzz batch {batch} failed (hypothesis seed {s}, suffix {suffix})") from exc
    print(f"\nfuzzed {batch} batches of 40 examples in {FUZZ_SECONDS:.0f}s")
