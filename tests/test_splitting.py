"""Splitting files into documents (ingest/splitting.py) and their metadata (ingest/metadata.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.cleaning import clean_view
from ingest.metadata import (
    NUMBER_PREFIX,
    doc_type,
    extract_metadata,
    infer_period,
    normalise_doc_number,
    parse_date,
)
from ingest.records import SourceText
from ingest.splitting import split_documents

CORPUS = Path("/work/shared/corpus")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="reference corpus not available")


def source(text: str, name: str = "synthetic.txt") -> SourceText:
    raw = text.encode("utf-8")
    return SourceText(name, name, text, "utf-8", hashlib.sha256(raw).hexdigest(), len(raw))


def corpus_file(prefix: str) -> SourceText:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    return SourceText(str(path), path.name, text, "utf-8", hashlib.sha256(path.read_bytes()).hexdigest(),
                      path.stat().st_size)


@pytest.fixture(scope="module")
def corpus():
    if not CORPUS.is_dir():
        pytest.skip("reference corpus not available")
    return {p: (s := corpus_file(p), split_documents(s)) for p in ("000", "001", "002", "003", "004")}


def assert_tiles(src: SourceText, docs) -> None:
    assert [d.ordinal for d in docs] == list(range(1, len(docs) + 1))
    for a, b in zip(docs, docs[1:]):
        assert a.char_end == b.char_start
    for d in docs:
        assert 0 <= d.char_start < d.char_end <= len(src.text)
        assert not src.text[d.char_start].isspace()
    assert docs[-1].char_end == len(src.text.rstrip())


# ------------------------------------------------------------------ reference corpus


@needs_corpus
@pytest.mark.parametrize("prefix, count", [("000", 1), ("001", 2), ("002", 27), ("003", 1), ("004", 1)])
def test_document_counts(corpus, prefix, count):
    src, docs = corpus[prefix]
    assert len(docs) == count
    assert_tiles(src, docs)
    stem = Path(src.source_file).stem
    assert [d.document_id for d in docs] == [f"{stem}#{i:02d}" for i in range(1, count + 1)]


@needs_corpus
def test_split_is_stable_across_runs(corpus):
    src, docs = corpus["002"]
    again = split_documents(corpus_file("002"))
    assert [(d.document_id, d.char_start, d.content_hash) for d in docs] == \
        [(d.document_id, d.char_start, d.content_hash) for d in again]


@needs_corpus
def test_compilation_sections_restart_numbering(corpus):
    """Sichuan 10, Chongqing 6, Guizhou 3, Yunnan 8: each section numbers its documents from 1."""
    src, docs = corpus["002"]
    numbers = [int(NUMBER_PREFIX.match(src.text[d.char_start:d.char_end]).group("n")) for d in docs]
    assert numbers == [*range(1, 11), *range(1, 7), *range(1, 4), *range(1, 9)]


@needs_corpus
@pytest.mark.parametrize("ordinal, issuer, doc_number, issue_date, doc_kind", [
    (1, "四川省人民政府办公厅重庆市人民政府办公厅", "川办函〔2023〕29号", "2023-05-04", "清单"),
    (3, "眉山市人民政府办公室", "眉府办函〔2023〕20号", "2023-06-01", "方案"),
    (4, "绵阳市人民政府办公室", "绵府办函〔2023〕46号", "2023-04-23", "要点"),
    (8, "广元市人民政府办公室", "广府办函〔2023〕3号", "2023-01-17", "办法"),
    (10, "凉山州人民政府办公室", "凉府办发〔2023〕14号", "2023-04-30", "要点"),
    (11, "重庆市人民政府办公厅", "渝府办发〔2023〕41号", "2023-05-06", "清单"),
    (15, "重庆市綦江区人民政府办公室", "綦江府办发〔2023〕17号", "2023-06-09", "要点"),  # 文号 after a page break
    (17, "贵州省知识产权局", None, "2023-05-15", "办法"),  # no 文号 in the source
    (19, "贵州省市场监管局", "黔市监发〔2023〕1号", "2023-01-03", "办法"),  # 办法（试行）
    (22, "昆明市人民政府办公室", None, "2023-05-08", "意见"),  # date broken over two lines
    (27, "红河州住房和城乡建设局", "红建发〔2023〕13号", "2023-01-28", "方案"),
])
def test_compilation_metadata(corpus, ordinal, issuer, doc_number, issue_date, doc_kind):
    _, docs = corpus["002"]
    d = docs[ordinal - 1]
    assert (d.issuer, d.doc_number, d.issue_date, d.doc_type) == (issuer, doc_number, issue_date, doc_kind)
    assert d.title.startswith(issuer + "关于")
    assert " " not in d.title and "（2023" not in d.title


@needs_corpus
def test_headers_with_number_alone_and_titles_over_lines(corpus):
    src, docs = corpus["002"]
    d10 = docs[9]
    assert src.text[d10.char_start:d10.char_end].startswith("10.\n凉山州人民政府办公室")
    assert d10.title == "凉山州人民政府办公室关于印发凉山州深化“放管服”改革优化营商环境2023年工作要点的通知"
    assert docs[12].title == "重庆市人民政府办公厅关于印发重庆市深化“一件事一次办”打造“渝快办”升级版攻坚行动方案的通知"
    assert src.text[docs[0].char_start:].startswith("1. 四川省人民政府办公厅重庆市人民政府办公厅关于印发成")
    for d in docs:
        assert NUMBER_PREFIX.match(src.text[d.char_start:d.char_end])
        assert d.period_label in (None, "2023", "2023—2025")


@needs_corpus
def test_table_of_contents_compilation(corpus):
    src, docs = corpus["001"]
    starts = [src.text[d.char_start:d.char_end].split("\n")[0] for d in docs]
    assert starts == ["区落实优化提升营商环境三年攻坚行动2023全面提质年工作意见",
                      "市落实优化提升营商环境三年攻坚行动2023全面提质年工作意见"]
    assert docs[0].char_start > src.text.index("目录")  # compilation title and TOC left outside
    assert [(d.title, d.doc_type, d.period_start, d.period_end) for d in docs] == \
        [(s, "意见", 2023, 2023) for s in starts]


@needs_corpus
def test_single_documents(corpus):
    d = corpus["000"][1][0]
    assert (d.issuer, d.doc_number, d.issue_date, d.doc_type) == \
        ("景洪市人民政府办公室", "景政办发〔2021〕145号", "2021-11-03", "方案")
    assert d.title == "景洪市人民政府办公室关于印发景洪市打造市场化法治化国际化营商环境工作方案的通知"
    # No year in the title and no stated plan period: a commitment's year (到2023年) is not the
    # plan's period (the dev gold leaves undated measures of this document without a year).
    assert (d.period_start, d.period_end) == (None, None)
    d = corpus["003"][1][0]
    assert (d.title, d.issuer, d.doc_number, d.issue_date) == (None, None, None, None)
    assert (d.period_start, d.period_end, d.period_label, d.doc_type) == (2022, 2024, "2022—2024", "方案")
    d = corpus["004"][1][0]
    assert (d.issuer, d.issue_date, d.doc_type) == ("绥芬河市人民政府", "2022-12-26", "规划")
    assert (d.period_start, d.period_end, d.period_label) == (2021, 2025, "十四五")
    assert d.title == "绥芬河市人民政府关于印发《绥芬河市“十四五”优化营商环境规划》的通知"


# ------------------------------------------------------------------ synthetic compilations

COMPILATION = """\
# Page 3:
七、示例
（一）甲省
8. 甲市人民政府办公室关于印发甲市优化营商环境工作方案的通知（2023 年3 月1 日）
甲府办发〔2023〕5 号
各县（区）人民政府，市级有关部门：
《甲市优化营商环境工作方案》已经市政府同意，现印发给你们，请认真贯彻落实。
一、主要任务
1. 加强组织领导。各地要建立工作机制，压实责任。
2．持续优化服务。企业开办时间压缩至1 个工作日以内。
（一）强化保障。市场监管局关于开展专项检查的通知要求各地自查。
3. 市场监管局关于开展专项检查的通知
各县（区）要按照上述通知要求开展检查，确保取得实效。
9. 乙市人民政府关于印发《乙市营商环境

# Page 4:

提升行动方案》的通知
乙府发〔2023〕7 号
各县（区）人民政府：
现将《乙市营商环境提升行动方案》印发给你们。
1. 总体目标。到2025 年，营商环境进入全省前列。
10.
丙市发展和改革委员会关于进一步优化营商
环境的通知（2023 年5 月
8 日）
各县（区）发展改革局：
为进一步优化营商环境，现就有关事项通知如下。
1. 推行并联审批。
"""


def test_synthetic_compilation_headers():
    src = source(COMPILATION)
    docs = split_documents(src)
    assert len(docs) == 3
    assert_tiles(src, docs)
    heads = [src.text[d.char_start:d.char_end] for d in docs]
    assert heads[0].startswith("8. 甲市人民政府办公室")
    assert heads[1].startswith("9. 乙市人民政府关于")
    assert heads[2].startswith("10.\n丙市发展和改革委员会")
    assert "1. 加强组织领导" in heads[0] and "3. 市场监管局关于开展专项检查的通知" in heads[0]
    assert [d.issuer for d in docs] == ["甲市人民政府办公室", "乙市人民政府", "丙市发展和改革委员会"]
    assert [d.doc_number for d in docs] == ["甲府办发〔2023〕5号", "乙府发〔2023〕7号", None]
    assert [d.issue_date for d in docs] == ["2023-03-01", None, "2023-05-08"]
    assert docs[1].title == "乙市人民政府关于印发《乙市营商环境提升行动方案》的通知"  # page break inside
    assert docs[2].title == "丙市发展和改革委员会关于进一步优化营商环境的通知"
    assert [d.doc_type for d in docs] == ["方案", "方案", "通知"]
    assert docs[1].period_end is None  # 到2025 年 is one commitment's year, not the plan's period


def test_crlf_line_endings_give_the_same_documents():
    lf, crlf = split_documents(source(COMPILATION)), split_documents(source(COMPILATION.replace("\n", "\r\n")))
    assert [(d.title, d.issue_date, d.doc_number, d.content_hash) for d in lf] == \
        [(d.title, d.issue_date, d.doc_number, d.content_hash) for d in crlf]
    assert COMPILATION.replace("\n", "\r\n")[crlf[2].char_start:].startswith("10.\r\n丙市")


def test_list_items_are_not_headers():
    text = """\
甲县人民政府关于印发甲县2023年优化营商环境工作要点的通知
各乡镇人民政府，县直各部门：
现印发给你们，请认真贯彻执行。
甲县人民政府
2023年2月1日
1. 加强组织领导。建立工作专班。
2．县市场监督管理局关于开展专项整治的通知要求，整治到位。
3. 县人民政府办公室关于印发实施方案的通知
（一）各部门要对照落实。
4. 县发展和改革局关于
推进项目审批的意见
按时报送进展。
"""
    docs = split_documents(source(text))
    assert len(docs) == 1
    d = docs[0]
    assert (d.issuer, d.issue_date, d.doc_type, d.period_label) == ("甲县人民政府", "2023-02-01", "要点", "2023")


def test_lower_numbers_inside_a_document_are_not_headers():
    """Header numbers rise (or restart at 1); a header-like item numbered lower is ignored."""
    text = """\
5. 甲市人民政府办公室关于印发甲市工作方案的通知（2023 年3 月1 日）
正文。
6. 乙市人民政府办公室关于印发乙市工作方案的通知（2023 年3 月2 日）
正文。
2. 丙市人民政府办公室关于印发丙市工作方案的通知（2023 年3 月3 日）
正文。
"""
    docs = split_documents(source(text))
    assert [d.issuer for d in docs] == ["甲市人民政府办公室", "乙市人民政府办公室"]


def test_table_of_contents_with_titles_over_lines():
    text = """\
营商环境文件汇编（2篇）
目录
1.甲县优化营商环境实施方案3
2.乙县2023年营商环境工作要点……12
甲县优化营商环境实施方案
为优化营商环境，制定本方案。到2024年，……。
乙县2023年
营商环境工作要点
一、目标。全年新增市场主体1000户。
"""
    src = source(text)
    docs = split_documents(src)
    assert len(docs) == 2
    assert_tiles(src, docs)
    assert src.text[docs[0].char_start:].startswith("甲县优化营商环境实施方案\n为")
    assert src.text[docs[1].char_start:].startswith("乙县2023年\n营商")
    assert [d.title for d in docs] == ["甲县优化营商环境实施方案", "乙县2023年营商环境工作要点"]
    assert [d.doc_type for d in docs] == ["方案", "要点"]
    assert docs[1].period_label == "2023"


UNNUMBERED = """\
甲市人民政府办公室关于印发甲市优化营商环境三年行动方案的通知
甲府办发〔2023〕5号
各县（区）人民政府：
现将《甲市优化营商环境三年行动方案》印发给你们，请认真贯彻执行。
甲市人民政府办公室
2023年3月1日
甲市优化营商环境三年行动方案
到2025年，企业开办时间压缩至1个工作日。

乙府发〔2023〕7号

乙市人民政府关于印发乙市2023年营商环境
工作要点的通知
各县（区）人民政府：
乙市人民政府
2023年4月2日
乙市2023年营商环境工作要点
一、网上可办率达到98%。
"""


def test_unnumbered_compilation_splits_at_titles_next_to_a_doc_number():
    src = source(UNNUMBERED)
    docs = split_documents(src)
    assert_tiles(src, docs)
    assert [d.issuer for d in docs] == ["甲市人民政府办公室", "乙市人民政府"]
    assert [d.doc_number for d in docs] == ["甲府办发〔2023〕5号", "乙府发〔2023〕7号"]
    assert src.text[docs[1].char_start:].startswith("乙府发〔2023〕7号")  # the 文号 came first
    assert docs[1].title == "乙市人民政府关于印发乙市2023年营商环境工作要点的通知"
    assert [d.period_label for d in docs] == ["2023—2025", "2023"]


def test_a_forwarded_title_without_its_own_doc_number_does_not_split():
    text = UNNUMBERED.split("\n\n乙府发")[0] + (
        "\n附件：乙市人民政府关于印发乙市2023年营商环境工作要点的通知\n乙市人民政府关于进一步优化营商环境的意见\n"
        "一、全面推行告知承诺制。\n")
    assert len(split_documents(source(text))) == 1


def test_document_without_header():
    text = "\n\n为优化营商环境，特制定本行动方案。\n一、总体要求\n2022—2024年，办理时限压缩50%。\n到2024年全面完成。"
    src = source(text)
    [d] = split_documents(src)
    assert d.char_start == 2 and d.title is None and d.doc_type == "方案"
    assert (d.period_start, d.period_end, d.period_label) == (2022, 2024, "2022—2024")
    # the 本 of a word (基本规则, 成本) names no type of the text's own
    [summary] = split_documents(source("一、总体情况\n2022年，区审批服务局明确了行政审批的基本规则、工作规范，办件120万件。\n"))
    assert summary.doc_type is None


def test_content_hash_ignores_whitespace_and_noise():
    a = split_documents(source("甲县工作要点\n一、目标。压缩至3个工作日。\n"))[0]
    b = split_documents(source("甲县工作要点\n\n一、目标。压缩至\n# Page 9:\n3 个工作日。\n##paidend##\n"))[0]
    assert a.content_hash == b.content_hash
    c = split_documents(source("甲县工作要点\n一、目标。压缩至5个工作日。\n"))[0]
    assert a.content_hash != c.content_hash


def test_empty_file_has_no_documents():
    assert split_documents(source(" \n\n# Page 1:\n")) == []


_PIECES = ["1. ", "10.", "\n", "\n\n", "# Page 2:\n", "甲市人民政府办公室", "关于印发", "工作方案", "的通知",
           "（2023 年5 月4 日）", "甲府办发〔2023〕5 号", "加强领导。", "目录", "2", " ", "（一）"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_documents_always_tile_the_text(pieces):
    src = source("".join(pieces))
    docs = split_documents(src)
    if not clean_view(src.text).text.strip():
        assert docs == []
    else:
        assert_tiles(src, docs)


# ------------------------------------------------------------------ metadata pieces


@pytest.mark.parametrize("raw, expected", [
    ("川办函〔2023〕29 号", "川办函〔2023〕29号"),
    ("绵府办函[2023]46 号", "绵府办函〔2023〕46号"),
    ("渝府办发 〔 2023 〕 41 号", "渝府办发〔2023〕41号"),
    ("昆政办笺【2023】02号", "昆政办笺〔2023〕2号"),
])
def test_doc_number_normalised(raw, expected):
    assert normalise_doc_number(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("2023 年5 月4 日", "2023-05-04"),
    ("（2023 年 12 月 26 日）", "2023-12-26"),
    ("二〇二三年五月八日", "2023-05-08"),
    ("二○二一年十一月三十日", "2021-11-30"),
    ("2023年13月1日", None),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("title, expected", [
    ("甲市人民政府办公室关于印发《甲市优化营商环境工作方案》的通知", "方案"),
    ("甲市人民政府办公室关于印发甲市2023年工作要点的通知", "要点"),
    ("甲省市场监管局关于印发《信用修复管理实施办法（试行）》的通知", "办法"),
    ("甲市人民政府关于进一步优化营商环境的实施意见", "意见"),
    ("甲市人民政府办公厅关于深入推进跨部门综合监管的通知", "通知"),
    ("甲市“十四五”优化营商环境规划", "规划"),
    ("甲市优化营商环境若干措施", "措施"),
    ("中共甲市委关于制定甲市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议", "建议"),
    ("甲县人民政府关于采纳代表建议的通知", "通知"),
    (None, None),
])
def test_doc_type(title, expected):
    assert doc_type(title) == expected


@pytest.mark.parametrize("title, body, issue_year, expected", [
    ("甲市“十四五”优化营商环境规划", "", 2022, (2021, 2025, "十四五")),
    ("甲市“十三五”规划", "", None, (2016, 2020, "十三五")),
    # a five-year plan written out: 第十四个五年规划 (never "五年规划" from the issue year)
    ("中共甲市委关于制定甲市国民经济和社会发展第十四个五年规划和二〇三五年远景目标的建议", "", 2020,
     (2021, 2025, "十四五")),
    ("甲市十五个工作日办结事项清单", "", 2020, (None, None, None)),
    ("甲市优化营商环境三年行动计划（2022—2024年）", "", None, (2022, 2024, "2022—2024")),
    ("甲市2023年政务公开工作要点", "到2025年实现", 2023, (2023, 2023, "2023")),
    ("甲市优化营商环境三年行动方案", "2022-2024年，全面完成。", 2022, (2022, 2024, "2022—2024")),
    ("甲市优化营商环境行动方案", "按照《乙省三年行动（2021—2023年）》要求，到2024年底前完成。", 2023,
     (None, None, None)),
    ("甲市工作方案", "2023年5月8日印发。", 2023, (None, None, None)),
    ("甲州优化营商环境提质培优年行动方案", "", 2023, (2023, 2023, "2023")),  # annual campaign, no year
    # title_year: an amount is no year (the headline of a news page on a zone's targets)
    ("冲刺2000亿元 甲市高新区发力优化营商环境", "", None, (None, None, None)),
    ("乙县2019家企业享受减税", "", None, (None, None, None)),
    ("丙市2023营商环境优化提升行动方案", "", None, (2023, 2023, "2023")),
    (None, "2022—2024年全市……2022—2024年……", None, (2022, 2024, "2022—2024")),
])
def test_infer_period(title, body, issue_year, expected):
    assert infer_period(title, body, issue_year) == expected


def test_extract_metadata_on_a_slice():
    text = "前一篇的正文。\n签发人：张三\n甲市人民政府\n关于印发《甲市优化营商环境规划》\n的通知\n\n各县：\n现印发。\n2022年12月26日\n正文"
    start = text.index("签发人")
    meta = extract_metadata(text, start, len(text))
    assert meta["title"] == "甲市人民政府关于印发《甲市优化营商环境规划》的通知"
    assert (meta["issuer"], meta["issue_date"], meta["doc_type"]) == ("甲市人民政府", "2022-12-26", "规划")
    assert set(meta) == {"title", "issuer", "doc_number", "issue_date", "period_start", "period_end",
                         "period_label", "doc_type"}


# --- noise lines ----------------------------------------------------------------------------------

NOISE_LINES = ["# Page 1378:", "##paidbegin##", "- 12 -", "第3页", "【哒哒素材库】每天更新", "  # page 7 ：  "]
BODY_LINES = ["企业开办时间压缩至1个工作日。", "", "   ", "第三条 本办法自印发之日起施行。", "Page 3 of the plan", "#Page"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(NOISE_LINES + BODY_LINES), max_size=12), st.sampled_from(["\n", "\r\n"]),
       st.integers(0, 12), st.integers(0, 12))
def test_noise_spans_are_exactly_the_noise_lines(lines, newline, first, last):
    """The whole-text search finds the same lines as testing every line on its own, in any slice of
    whole lines (documents start at a line)."""
    from ingest.cleaning import is_noise_line, noise_spans

    text = newline.join(lines)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"] + [len(text)]
    start = line_starts[min(first, len(line_starts) - 1)]
    end = max(start, line_starts[max(0, len(line_starts) - 1 - last)])
    expected, pos = [], start
    for line in text[start:end].split("\n"):
        piece = line + "\n" if pos + len(line) < end else line
        if is_noise_line(piece):
            expected.append((pos, pos + len(piece)))
        pos += len(piece)
    assert noise_spans(text, start, end) == expected


# ------------------------------------------------------------------ documents from the wild (issue 11)


def test_info_block_cells_give_issuer_number_and_written_date():
    text = ("首页 > 政务公开 > 政策文件\n"
            "索引号\t000014349/2022-00031\t主题分类\t营商环境\n"
            "发文机关\t某某县人民政府办公室\t成文日期\t2022年11月3日\n"
            "发文字号\t某政办发〔2022〕45号\t发布日期\t2022-11-10\n"
            "某某县优化营商环境三年行动方案\n"
            "一、企业开办时间压缩至1个工作日。\n")
    meta = extract_metadata(text)
    assert (meta["title"], meta["issuer"], meta["doc_number"], meta["issue_date"]) == (
        "某某县优化营商环境三年行动方案", "某某县人民政府办公室", "某政办发〔2022〕45号", "2022-11-03")


def test_info_block_published_date_only_when_nothing_else_dates_the_document():
    text = "| 发布日期 | 2022-11-10 | 文号 | 某政办发〔2022〕45号 |\n某某县优化营商环境工作要点\n一、压缩审批时限。\n"
    assert extract_metadata(text)["issue_date"] == "2022-11-10"
    signed = text + "某某县人民政府办公室\n2022年11月3日\n"
    assert extract_metadata(signed)["issue_date"] == "2022-11-03"


def test_speech_and_report_date_lines():
    text = "在全市优化营商环境大会上的报告\n——2024年1月10日在某某市优化营商环境大会上\n同志们：\n"
    assert extract_metadata(text)["issue_date"] == "2024-01-10"
    bracketed = "政府工作报告\n（2023年2月8日在某某县第十八届人民代表大会第二次会议上）\n各位代表：\n"
    meta = extract_metadata(bracketed)
    assert (meta["title"], meta["issue_date"]) == ("政府工作报告", "2023-02-08")
    # a sentence that starts with a date is not a date line
    assert extract_metadata("工作要点\n2023年1月5日起在全市推行容缺受理。\n")["issue_date"] is None


def test_spaced_dates_and_mastheads():
    text = "某某市人民政府文件\n\n某府发〔2020〕9 号\n\n某某市人民政府关于印发某某市\n优化营商环境若干措施的通知\n各县区：\n略。\n某某市人民政府\n2020 年6 月19 日\n"
    meta = extract_metadata(text)
    assert (meta["title"], meta["doc_number"], meta["issue_date"]) == (
        "某某市人民政府关于印发某某市优化营商环境若干措施的通知", "某府发〔2020〕9号", "2020-06-19")
    # a title line that ends in 文件 is a title, not a masthead
    assert extract_metadata("关于废止部分规范性文件\n的决定\n正文。\n")["title"] == "关于废止部分规范性文件的决定"


@pytest.mark.parametrize("line", [
    "首页 > 政务公开 > 政策文件", "当前位置：首页 > 信息公开", "【字体：大 中 小】 打印本页 关闭窗口", "分享到：",
    "繁体 | 简体", "网站首页 | 政务公开 | 政务服务 | 互动交流", "版权所有：某某市人民政府　京ICP备12345678号",
    "长春市人民政府文件　　2021-04-29", "2021-04-29　　长春市人民政府文件", "— 12 —",
    "关于印发某方案的通知_政策文件_某某市人民政府门户网站",
])
def test_portal_chrome_and_page_furniture_are_noise(line):
    view = clean_view("正文第一行。\n" + line + "\n正文第二行。\n")
    assert view.text == "正文第一行。\n正文第二行。\n"


@pytest.mark.parametrize("line", [
    "二、推进政府网站首页改版，关闭窗口期内的重复申报。", "一、企业开办时间压缩至1个工作日，打印营业执照不收费。",
    "长春市人民政府文件", "关于做好政府网站建设工作的通知", "2021年4月29日",
])
def test_body_lines_that_mention_chrome_words_are_kept(line):
    assert clean_view(line + "\n").text == line + "\n"


def test_portal_site_names_and_spaced_info_keys():
    text = ("某某区人民政府门户网站\n政务公开\n【来源：区政务服务中心】【发布时间：2023年03月20日】\n"
            "标　　题：某某区优化营商环境工作方案\n发文字号：某政办发〔2023〕8号\n某某区优化营商环境工作方案\n一、总体要求。\n")
    meta = extract_metadata(text)
    assert (meta["title"], meta["doc_number"], meta["issue_date"]) == (
        "某某区优化营商环境工作方案", "某政办发〔2023〕8号", "2023-03-20")
    report = "2024年政府工作报告\n2024年1月10日在某某县第十八届人民代表大会第三次会议上\n县长　某某\n各位代表：\n"
    assert (extract_metadata(report)["title"], extract_metadata(report)["issue_date"]) == ("2024年政府工作报告", "2024-01-10")


def test_a_portal_info_block_repeating_the_number_of_one_title_is_one_document():
    page = ("首页 > 政务公开\n\n索引号\n\n1137/2021-26757\n\n发文字号\n\n某政办发〔2021〕9号\n\n"
            "某某县人民政府办公室\n关于印发2021年某某县政务公开工作要点的通知\n\n某政办发〔2021〕9号\n\n"
            "各乡镇人民政府：\n现印发给你们。\n")
    docs = split_documents(source(page))
    assert [(d.title, d.doc_number) for d in docs] == [
        ("某某县人民政府办公室关于印发2021年某某县政务公开工作要点的通知", "某政办发〔2021〕9号")]
    # negative: two titles, each with its own 文号, are two documents
    two = ("某某县人民政府\n关于印发甲方案的通知\n某政发〔2021〕1号\n各乡镇：\n正文一。\n正文一。\n某某县人民政府\n2021年1月5日\n"
           "某某县人民政府\n关于印发乙方案的通知\n某政发〔2021〕2号\n各乡镇：\n正文二。\n正文二。\n")
    assert [d.doc_number for d in split_documents(source(two))] == ["某政发〔2021〕1号", "某政发〔2021〕2号"]


def test_forum_repost_site_name_is_noise_and_post_time_dates_it():
    from ingest.cleaning import is_noise_line

    assert is_noise_line("某某市论坛") and is_noise_line("甲县贴吧\n")
    assert not is_noise_line("2024中国营商环境论坛") and not is_noise_line("某某市举办营商环境论坛")
    text = ("某某市论坛\n\n首页 » 问答 » 某省举办新闻发布会\n网友甲 - 2024/10/18 16:41:00\n\n"
            "某省优化营商环境系列新闻发布会第三场\n4月1日下午，某省政府新闻办举办新闻发布会。\n")
    meta = extract_metadata(text)
    assert meta["issue_date"] == "2024-10-18"
    assert meta["title"] != "某某市论坛"
