"""ingest.reading: encodings, .docx/.pdf/.html extraction, bad input, input selection.

Every fixture is generated here from text written in this file (nothing binary is checked in).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import reading
from ingest.reading import SUPPORTED_SUFFIXES, decode_as, decode_bytes, iter_input_files, read_file
from ingest.records import RejectedFile

from files_on_disk import write  # tests/data, on pytest's pythonpath

CORPUS = Path("/work/shared/corpus")

POLICY = (
    "重庆市人民政府办公厅关于印发重庆市2023年优化营商环境工作要点的通知\r\n"
    "渝府办发〔2023〕41号\r\n"
    "\r\n"
    "一、企业开办时间压减至1个工作日以内。\r\n"
    "二、不动产登记办理时限压缩至3个工作日，全程网办率达到90%以上。\r\n"
)
NEEDLE = "压减至1个工作日"


def rejected(path: Path) -> RejectedFile:
    with pytest.raises(RejectedFile) as info:
        read_file(path)
    assert path.name in str(info.value), "the message must name the file"
    return info.value


# ---------------------------------------------------------------------------------------------
# fixture builders
# ---------------------------------------------------------------------------------------------


def make_docx(blocks: list) -> bytes:
    """blocks: str -> paragraph, list[list[str]] -> table."""
    import docx

    d = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            d.add_paragraph(block)
        else:
            table = d.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(pages: list[list[str]], **canvas_kwargs) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, **canvas_kwargs)
    for lines in pages:
        c.setFont("STSong-Light", 14)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 24 * i, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def make_image_pdf(with_png: bool) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(72, 500, 300, 200, fill=1)
    if with_png:
        from PIL import Image, ImageDraw

        img = Image.new("RGB", (200, 80), "white")
        ImageDraw.Draw(img).rectangle((10, 10, 190, 70), outline="black")  # a "scanned" page
        png = io.BytesIO()
        img.save(png, format="PNG")
        png.seek(0)
        c.drawImage(ImageReader(png), 72, 300, width=200, height=80)
    c.showPage()
    c.save()
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# plain text encodings
# ---------------------------------------------------------------------------------------------


def test_supported_suffixes():
    assert {".txt", ".docx", ".pdf", ".html", ".htm", ".md"} <= SUPPORTED_SUFFIXES


def test_utf8_without_bom(tmp_path):
    data = POLICY.encode("utf-8")
    p = write(tmp_path, "a.txt", data)
    st_ = read_file(p)
    assert st_.text == POLICY
    assert st_.encoding == "utf-8"
    assert st_.path == str(p.resolve()) and os.path.isabs(st_.path)
    assert st_.source_file == "a.txt"
    assert st_.size_bytes == len(data)
    assert st_.content_hash == hashlib.sha256(data).hexdigest()


def test_utf8_with_bom_is_dropped_and_offsets_match(tmp_path):
    data = b"\xef\xbb\xbf" + POLICY.encode("utf-8")
    st_ = read_file(write(tmp_path, "bom.txt", data))
    assert st_.encoding == "utf-8-sig"
    assert not st_.text.startswith("\ufeff")
    assert st_.text == POLICY
    i = POLICY.index(NEEDLE)
    assert st_.text[i : i + len(NEEDLE)] == NEEDLE
    # the hash is of the raw bytes, BOM included
    assert st_.content_hash == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_bytes_decode_as_gb18030(tmp_path, codec):
    data = POLICY.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only meaningful if UTF-8 does not already work
    st_ = read_file(write(tmp_path, f"{codec}.txt", data))
    assert st_.encoding == "gb18030"
    assert st_.text == POLICY


def test_gb18030_four_byte_characters(tmp_path):
    text = "㐀䶵𠀀 企业开办时间压减至1个工作日"  # ext A / ext B: four-byte sequences in GB18030
    data = text.encode("gb18030")
    assert decode_bytes(data, "x") == (text, "gb18030")


def test_crlf_preserved_and_offsets_valid(tmp_path):
    p = write(tmp_path, "crlf.txt", POLICY.encode("utf-8"))
    text = read_file(p).text
    assert text.count("\r\n") == POLICY.count("\r\n") == 5
    assert "\r\n" in text and text.count("\n") == text.count("\r\n")
    with open(p, encoding="utf-8", newline="") as f:
        reference = f.read()
    assert text == reference
    # a known substring sits at the same code-point offset as in the text we wrote
    for needle in (NEEDLE, "90%", "渝府办发〔2023〕41号"):
        i = POLICY.index(needle)
        assert text[i : i + len(needle)] == needle
        assert text.index(needle) == i


def test_lone_cr_and_mixed_endings_kept(tmp_path):
    text = "第一行\r第二行\n第三行\r\n"
    assert read_file(write(tmp_path, "mixed.txt", text.encode())).text == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    data = bom + POLICY.encode(codec)
    st_ = read_file(write(tmp_path, "u16.txt", data))
    assert st_.encoding == "utf-16"
    assert st_.text == POLICY  # BOM dropped, CRLF kept
    assert data.decode(st_.encoding) == st_.text


def test_utf16_without_bom_is_not_called_binary(tmp_path):
    text = "Policy 2023: 企业开办1个工作日\r\n"
    assert decode_bytes(text.encode("utf-16-le"), "x") == (text, "utf-16-le")
    assert decode_bytes(text.encode("utf-16-be"), "x") == (text, "utf-16-be")


def test_big5_goes_to_detector_not_gb18030():
    text = "關於優化營商環境的通知，企業開辦時間壓減至1個工作日。"
    data = text.encode("big5")
    decoded, enc = decode_bytes(data, "x")
    assert enc != "gb18030"
    assert decoded == text


def test_markdown_is_text(tmp_path):
    st_ = read_file(write(tmp_path, "notes.md", "# 标题\n正文".encode()))
    assert st_.text == "# 标题\n正文" and st_.encoding == "utf-8"


def test_upper_case_suffix(tmp_path):
    assert read_file(write(tmp_path, "A.TXT", POLICY.encode())).text == POLICY


# ---------------------------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    data = make_docx(
        [
            "一、工作目标",
            [["事项", "办理时限"], ["企业开办", "1个工作日"], ["不动产登记", "3个工作日"]],
            "二、保障措施",
        ]
    )
    st_ = read_file(write(tmp_path, "plan.docx", data))
    assert st_.encoding == "docx"
    lines = st_.text.split("\n")
    assert lines == ["一、工作目标", "事项\t办理时限", "企业开办\t1个工作日", "不动产登记\t3个工作日", "二、保障措施"]
    assert st_.content_hash == hashlib.sha256(data).hexdigest()


def test_docx_cell_with_several_paragraphs_stays_on_one_row(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("前言")
    cell = d.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "第一段"
    cell.add_paragraph("第二段")
    d.tables[0].cell(0, 0).text = "措施"
    buf = io.BytesIO()
    d.save(buf)
    text = read_file(write(tmp_path, "cells.docx", buf.getvalue())).text
    assert text.split("\n") == ["前言", "措施\t第一段 第二段"]


def test_docx_breaks_tabs_and_revisions(tmp_path):
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    para = d.add_paragraph()
    run = para.add_run("时限")
    run.add_tab()
    run.add_text("3个工作日")
    run.add_break()
    run.add_text("下一行")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    para._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>删掉的</w:delText></w:r></w:del>'))
    para._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>插入的</w:t></w:r></w:ins>'))
    buf = io.BytesIO()
    d.save(buf)
    text = read_file(write(tmp_path, "rev.docx", buf.getvalue())).text
    assert text == "时限\t3个工作日\n下一行插入的"


def test_truncated_docx_rejected(tmp_path):
    data = make_docx(["企业开办时间压减至1个工作日", [["a", "b"]]])
    e = rejected(write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert e.reason.startswith("corrupt .docx (")


def test_docx_that_is_not_a_zip_rejected(tmp_path):
    e = rejected(write(tmp_path, "fake.docx", "这不是一个Word文件".encode()))
    assert e.reason.startswith("corrupt .docx")


def test_old_word_doc_renamed_docx_rejected_with_advice(tmp_path):
    e = rejected(write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600))
    assert e.reason.startswith("corrupt .docx") and ".doc" in e.reason


def test_docx_without_text_is_empty(tmp_path):
    e = rejected(write(tmp_path, "blank.docx", make_docx(["", "  "])))
    assert e.reason.startswith("empty file")


# ---------------------------------------------------------------------------------------------
# .pdf
# ---------------------------------------------------------------------------------------------


def test_pdf_cid_font_chinese_text_extracted(tmp_path):
    data = make_pdf([["企业开办时间压减至1个工作日", "不动产登记3个工作日办结"], ["第二页：全程网办率达到90%"]])
    st_ = read_file(write(tmp_path, "plan.pdf", data))
    assert st_.encoding == "pdf"
    assert "企业开办时间压减至1个工作日" in st_.text
    assert "(cid:" not in st_.text
    pages = st_.text.split("\n")
    assert pages == ["企业开办时间压减至1个工作日", "不动产登记3个工作日办结", "第二页：全程网办率达到90%"]


@pytest.mark.parametrize("with_png", [False, True])
def test_image_only_pdf_rejected_as_no_text_layer(tmp_path, with_png):
    e = rejected(write(tmp_path, "scan.pdf", make_image_pdf(with_png)))
    assert e.reason == "PDF has no text layer (scanned?); OCR it first"


def test_not_a_pdf_rejected(tmp_path):
    e = rejected(write(tmp_path, "page.pdf", b"<html><body>404 Not Found</body></html>"))
    assert e.reason.startswith("corrupt PDF")


def test_truncated_pdf_rejected_cleanly(tmp_path):
    data = make_pdf([["企业开办时间压减至1个工作日"]])
    for cut in (20, len(data) // 3):
        e = rejected(write(tmp_path, f"cut{cut}.pdf", data[:cut]))
        assert e.reason.startswith("corrupt PDF") or e.reason.startswith("PDF has no text layer")


def test_garbage_after_pdf_header_rejected(tmp_path):
    rng = random.Random(7)
    data = b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(4000))
    e = rejected(write(tmp_path, "garbage.pdf", data))
    assert e.reason.startswith("corrupt PDF") or e.reason.startswith("PDF has no text layer")


def test_password_protected_pdf_rejected(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = make_pdf([["企业开办时间压减至1个工作日"]], encrypt=StandardEncryption("secret", canPrint=0))
    e = rejected(write(tmp_path, "locked.pdf", data))
    assert "password" in e.reason


# ---------------------------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------------------------

GB_PAGE = """<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于优化营商环境的通知_某市人民政府网站</title>
<style>.x {{ color: red }}</style>
<script>var menu = "首页菜单脚本";</script>
</head>
<body>
<div class="top-nav"><a href="/">网站首页</a><a href="/zc">政策文件</a></div>
<nav><ul><li>导航一</li><li>导航二</li></ul></nav>
<div id="breadcrumb">当前位置：首页 &gt; 政策</div>
<div class="article">
  <h1>关于优化营商环境的通知</h1>
  <p>&nbsp;&nbsp;一、企业开办时间压减至1个工作日以内。</p>
  <p>二、推行“一网通办”，<br>全程网办率达到90%以上。</p>
  <table>
    <tr><th>事项</th><th>时限</th></tr>
    <tr><td>企业开办</td><td><p>1个工作日</p></td></tr>
    <tr><td>不动产登记</td><td>3个\n工作日</td></tr>
  </table>
  <p>三、优化营商
  环境。</p>
</div>
<div class="footer">版权所有：某市人民政府办公室</div>
<footer>网站标识码 1234</footer>
<script>document.write("统计代码")</script>
</body></html>
"""


def test_html_gb2312_page(tmp_path):
    data = GB_PAGE.format().encode("gb2312")
    st_ = read_file(write(tmp_path, "notice.html", data))
    assert st_.encoding == "html:gb18030"
    text = st_.text
    for gone in ("网站首页", "导航一", "当前位置", "首页菜单脚本", "统计代码", "版权所有", "网站标识码", "color", "_某市人民政府网站"):
        assert gone not in text, gone
    lines = text.split("\n")
    assert lines[0] == "关于优化营商环境的通知"
    assert "一、企业开办时间压减至1个工作日以内。" in lines
    assert "二、推行“一网通办”，" in lines and "全程网办率达到90%以上。" in lines
    assert "事项\t时限" in lines
    assert "企业开办\t1个工作日" in lines
    assert "不动产登记\t3个工作日" in lines  # a source line wrap between CJK is not a space
    assert "三、优化营商环境。" in lines
    assert "\n\n\n" not in text


def test_html_without_charset_uses_text_order(tmp_path):
    page = "<html><body><p>企业开办时间压减至1个工作日</p><p></p><p></p><br><br><br><p>第二段</p></body></html>"
    st_ = read_file(write(tmp_path, "plain.htm", page.encode("gb18030")))
    assert st_.encoding == "html:gb18030"
    assert st_.text.startswith("企业开办时间压减至1个工作日\n")
    assert st_.text.endswith("第二段")
    assert "\n\n\n" not in st_.text


def test_html_mislabelled_latin1_utf8_page(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>营商环境</p></body></html>'
    st_ = read_file(write(tmp_path, "mis.html", page.encode("utf-8")))
    assert st_.text == "营商环境" and st_.encoding == "html:utf-8"


def test_html_article_header_kept_layout_table_keeps_paragraphs(tmp_path):
    page = """<html><body><header>站点横幅</header>
    <table><tr><td><article><header><h1>实施方案</h1></header>
    <p>第一条 企业开办1个工作日。</p><p>第二条 其他。</p></article></td></tr></table></body></html>"""
    text = read_file(write(tmp_path, "layout.html", page.encode())).text
    assert text.split("\n") == ["实施方案", "第一条 企业开办1个工作日。", "第二条 其他。"]


def test_html_with_only_navigation_is_empty(tmp_path):
    page = "<html><body><nav>首页 政策</nav><script>x()</script></body></html>"
    assert rejected(write(tmp_path, "nav.html", page.encode())).reason.startswith("empty file")


# ---------------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    assert rejected(write(tmp_path, "empty.txt", b"")).reason == "empty file"


def test_whitespace_only_file(tmp_path):
    data = " \r\n\t\u3000\r\n".encode("utf-8")
    assert rejected(write(tmp_path, "blank.txt", data)).reason == "empty file"


def test_zero_byte_docx_and_pdf_are_empty(tmp_path):
    assert rejected(write(tmp_path, "e.docx", b"")).reason == "empty file"
    assert rejected(write(tmp_path, "e.pdf", b"")).reason == "empty file"


def test_binary_with_nul_bytes(tmp_path):
    data = "企业开办".encode() + b"\x00\x01\x02\x00" + bytes(range(256))
    assert rejected(write(tmp_path, "blob.txt", data)).reason.startswith("binary file, not text")


def test_binary_mostly_control_characters(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 0x0E, 0x1B, 0x7F]) * 50 + b"abc"
    assert data.decode("utf-8")  # valid UTF-8, still not text
    assert rejected(write(tmp_path, "ctl.txt", data)).reason.startswith("binary file, not text")


def test_pdf_saved_as_txt_says_what_it_is(tmp_path):
    data = make_pdf([["企业开办"]])
    reason = rejected(write(tmp_path, "wrong.txt", data)).reason
    assert reason == "binary file, not text (looks like a PDF file)"


def test_undecodable_bytes(tmp_path):
    rng = random.Random(20231)
    data = bytes(rng.choice([0x80, 0xFF, 0x81, 0x30]) for _ in range(600))
    for enc in ("utf-8", "gb18030"):  # the premise: invalid in both
        with pytest.raises(UnicodeDecodeError):
            data.decode(enc)
    assert b"\x00" not in data
    e = rejected(write(tmp_path, "junk.txt", data))
    assert e.reason == "not text in a known encoding (tried UTF-8, GB18030, detector)"


def test_utf8_mojibake_through_latin1_rejected():
    # UTF-8 text whose bytes were run through cp1252 -> latin-1 garbage, invalid as GB and UTF-8
    data = ("营商环境" * 30).encode("utf-8").replace(b"\xe8", b"\xff")
    for enc in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            data.decode(enc)
    with pytest.raises(RejectedFile) as info:
        decode_bytes(data, "moji.txt")
    assert "not text in a known encoding" in str(info.value)


def test_unsupported_suffix(tmp_path):
    e = rejected(write(tmp_path, "data.xyz", b"hello"))
    assert e.reason == "unsupported file type .xyz"
    e = rejected(write(tmp_path, "old.doc", b"hello"))
    assert e.reason.startswith("unsupported file type .doc") and ".docx" in e.reason
    e = rejected(write(tmp_path, "README", b"hello"))
    assert e.reason.startswith("unsupported file type")


def test_missing_file_rejected(tmp_path):
    e = rejected(tmp_path / "gone.txt")
    assert "not found" in e.reason


def test_directory_named_like_a_file_rejected(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    assert "not a regular file" in rejected(tmp_path / "dir.txt").reason


def test_file_growing_while_read(tmp_path, monkeypatch):
    p = write(tmp_path, "live.txt", POLICY.encode())
    real = reading._read_all

    def read_then_append(f):
        data = real(f)
        with open(p, "ab") as g:
            g.write("追加".encode())
        return data

    monkeypatch.setattr(reading, "_read_all", read_then_append)
    assert rejected(p).reason == "file changed while being read; try again"


def test_file_rewritten_same_size_while_read(tmp_path, monkeypatch):
    p = write(tmp_path, "live.txt", POLICY.encode())
    st0 = p.stat()
    real = reading._read_all

    def read_then_rewrite(f):
        data = real(f)
        with open(p, "r+b") as g:
            g.write(b"X")  # same size, different content
        os.utime(p, ns=(st0.st_atime_ns, st0.st_mtime_ns + 1_000_000))
        return data

    monkeypatch.setattr(reading, "_read_all", read_then_rewrite)
    assert rejected(p).reason == "file changed while being read; try again"


def test_short_read_detected(tmp_path, monkeypatch):
    p = write(tmp_path, "short.txt", POLICY.encode())
    monkeypatch.setattr(reading, "_read_all", lambda f: f.read(10))
    assert rejected(p).reason == "file changed while being read; try again"


def test_large_text_file_read_once_and_fast(tmp_path, monkeypatch):
    line = "企业开办时间压减至1个工作日，全程网办率达到90%以上。\r\n"
    unit = line.encode("utf-8")
    data = unit * (50 * 1024 * 1024 // len(unit) + 1)
    p = write(tmp_path, "big.txt", data)
    del data
    calls = []
    real = reading._read_all

    def counting(f):
        calls.append(1)
        return real(f)

    monkeypatch.setattr(reading, "_read_all", counting)
    t0 = time.perf_counter()
    st_ = read_file(p)
    elapsed = time.perf_counter() - t0
    assert calls == [1]
    assert st_.size_bytes >= 50 * 1024 * 1024
    assert len(st_.text) == st_.size_bytes // len(unit) * len(line)
    assert st_.text.endswith("\r\n")
    assert elapsed < 30, f"50 MB took {elapsed:.1f}s"


# ---------------------------------------------------------------------------------------------
# decode_bytes properties
# ---------------------------------------------------------------------------------------------

_boms = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])


_junk = st.one_of(
    st.binary(max_size=600),
    st.lists(st.integers(1, 255), max_size=600).map(bytes),  # no NUL: reaches UTF-8/GB/detector
    st.lists(st.integers(0x80, 0xFF), max_size=300).map(bytes),  # all high bytes
    st.tuples(st.text(max_size=80), st.sampled_from(["utf-8", "gb18030", "big5", "utf-16-le", "cp1252"]), st.binary(max_size=8)).map(
        lambda t: t[0].encode(t[1], errors="ignore") + t[2]  # real text with a damaged tail
    ),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=_boms, data=_junk)
def test_decode_bytes_returns_text_or_rejects(prefix, data):
    raw = prefix + data
    try:
        text, enc = decode_bytes(raw, "prop.txt")
    except RejectedFile as e:
        assert str(e).startswith("prop.txt: ")
        return
    assert isinstance(text, str) and isinstance(enc, str)
    assert decode_as(raw, enc) == text  # the reported encoding reproduces the text exactly


_text_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from(
    "\r\n\t"
)


@settings(max_examples=300, deadline=None)
@given(st.text(_text_chars, max_size=200))
def test_utf8_round_trip(text):
    assert decode_bytes(text.encode("utf-8"), "x") == (text, "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == (text, "utf-8-sig")
    assert decode_bytes(text.encode("utf-16"), "x")[0] == text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5) | st.sampled_from("，。、\r\n1%"), min_size=1))
def test_gb18030_text_decodes_to_itself_when_not_valid_utf8(text):
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_bytes(data, "x") == (text, "gb18030")


# ---------------------------------------------------------------------------------------------
# the reference corpus: gold offsets depend on exactly this text
# ---------------------------------------------------------------------------------------------

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@pytest.mark.skipif(not CORPUS_FILES, reason="reference corpus not available")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_file_decodes_as_utf8_like_open(path):
    st_ = read_file(path)
    assert st_.encoding == "utf-8"
    with open(path, encoding="utf-8", newline="") as f:
        reference = f.read()
    assert len(st_.text) == len(reference)
    assert st_.text == reference
    assert st_.source_file == path.name


# ---------------------------------------------------------------------------------------------
# iter_input_files
# ---------------------------------------------------------------------------------------------


def test_iter_input_files(tmp_path):
    root = tmp_path / "in"
    for rel in [
        "b.txt",
        "a.docx",
        "sub/c.pdf",
        "sub/deeper/d.html",
        "sub/notes.xyz",  # unsupported, but listed so that it is rejected visibly
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/e.txt",
        ".DS_Store",
        "Thumbs.db",
        "sub/desktop.ini",
        "~$a.docx",
        "__MACOSX/._a.docx",
    ]:
        write(root, rel, b"x")
    extra = write(tmp_path, "extra.txt", b"x")
    hidden_explicit = write(tmp_path, ".explicit.txt", b"x")

    got = iter_input_files([str(root), str(extra), str(root / "b.txt"), str(hidden_explicit), str(extra)])
    rel = [str(p.relative_to(tmp_path)) for p in got]
    assert rel == [
        "in/a.docx",
        "in/b.txt",
        "in/sub/c.pdf",
        "in/sub/deeper/d.html",
        "in/sub/notes.xyz",
        "extra.txt",
        ".explicit.txt",
    ]
    assert all(isinstance(p, Path) and p.is_absolute() for p in got)


def test_iter_input_files_relative_duplicates(tmp_path, monkeypatch):
    write(tmp_path, "x.txt", b"x")
    monkeypatch.chdir(tmp_path)
    got = iter_input_files(["x.txt", "./x.txt", str(tmp_path / "x.txt"), "."])
    assert got == [tmp_path / "x.txt"]


def test_iter_input_files_missing_path(tmp_path):
    missing = tmp_path / "nope" / "policy.txt"
    with pytest.raises(FileNotFoundError) as info:
        iter_input_files([str(missing)])
    assert str(missing) in str(info.value)


def test_iter_then_read_rejects_unsupported_visibly(tmp_path):
    write(tmp_path, "ok.txt", POLICY.encode())
    write(tmp_path, "table.xlsx", b"PK\x03\x04")
    results = {}
    for p in iter_input_files([str(tmp_path)]):
        try:
            results[p.name] = read_file(p).encoding
        except RejectedFile as e:
            results[p.name] = e.reason
    assert results["ok.txt"] == "utf-8"
    assert results["table.xlsx"].startswith("unsupported file type .xlsx")


def test_html_stale_gb2312_meta_on_utf8_page(tmp_path):
    page = '<html><head><meta charset="gb2312"></head><body><p>企业开办时间压减至1个工作日</p></body></html>'
    st_ = read_file(write(tmp_path, "stale.html", page.encode("utf-8")))
    assert st_.text == "企业开办时间压减至1个工作日" and st_.encoding == "html:utf-8"


def test_html_xml_declaration_charset(tmp_path):
    page = '<?xml version="1.0" encoding="GBK"?>\n<html><body><p>营商环境</p></body></html>'
    st_ = read_file(write(tmp_path, "x.htm", page.encode("gbk")))
    assert st_.text == "营商环境" and st_.encoding == "html:gb18030"


def test_html_ascii_page_keeps_declared_label(tmp_path):
    page = '<html><head><meta charset="GB2312"></head><body><p>Policy 2023</p></body></html>'
    assert read_file(write(tmp_path, "a.html", page.encode())).encoding == "html:gb18030"
