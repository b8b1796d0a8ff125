"""`bizenv report`: the static HTML report, checked as HTML and in a real headless Chromium.

The browser tests drive the Debian `chromium` package (/usr/bin/chromium) with Python playwright,
never a downloaded browser; they skip only when /usr/bin/chromium is missing.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import duckdb
import pytest

import analyst_warehouse as fixture  # tests/data, on pytest's pythonpath

from ingest.report import highlight_context, nice_ticks


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium: apt-get install -y chromium")


# --- fast ----------------------------------------------------------------------------------------

def test_the_number_is_marked_at_its_offsets_within_its_sentence():
    text = "一、总体要求\n2022—2024年，网上可办率分别达到90%、95%、98%以上。下一句。"
    start = text.index("95")
    html = highlight_context(text, start, start + 2)
    assert html == "2022—2024年，网上可办率分别达到90%、<mark>95</mark>%、98%以上。"


def test_context_is_clipped_and_escaped():
    text = "<b>" + "很" * 500 + "压缩至3个工作日" + "长" * 500
    start = text.index("3")
    html = highlight_context(text, start, start + 1)
    assert "<mark>3</mark>" in html and "<b>" not in html
    assert len(html) < 2 * 140 + 40


def test_without_source_text_the_value_is_found_in_the_evidence():
    assert highlight_context(None, 0, 0, "企业开办时间压缩至0.5个工作日", 0.5) == "企业开办时间压缩至<mark>0.5</mark>个工作日"
    assert highlight_context("", 5, 9, "没有数字", 7.0) == "没有数字"


def test_ticks_are_round_and_cover_the_maximum():
    assert nice_ticks(2) == [0, 0.5, 1.0, 1.5, 2.0]
    assert nice_ticks(98)[-1] >= 98 and nice_ticks(98)[1] == 20
    assert nice_ticks(0) == [0.0, 1.0]


# --- slow: a real report ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    db = fixture.shared_warehouse(tmp_path_factory.getbasetemp())
    out = tmp_path_factory.mktemp("report")
    result = fixture.bizenv("--db", str(db), "report", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    return out / "index.html"


@pytest.mark.slow
def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    # nothing to fetch: no external scripts, styles, images or fonts
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<link rel=\"stylesheet\"" not in html and "@import" not in html
    # the three regions, their numbers marked in context, the coverage grid
    for name in ("云南省", "昆明市", "曲靖市"):
        assert name in html
    assert "全市企业开办时间压缩至<mark>0.5</mark>个工作日以内。" in html
    assert "网上可办率分别达到90%、<mark>95</mark>%、98%以上。" in html
    assert 'id="coverage"' in html and html.count('class="cov has_target"') == 8
    for code in ("start_business_time", "online_service_rate", "full_online_rate", "water_connection_time"):
        assert f'<section class="indicator" id="{code}">' in html


@pytest.mark.slow
def test_report_of_a_warehouse_without_targets(tmp_path_factory, tmp_path):
    db = fixture.shared_warehouse(tmp_path_factory.getbasetemp())
    empty = tmp_path / "bizenv.duckdb"
    shutil.copyfile(db.parent / "published" / db.name, empty)
    con = duckdb.connect(str(empty))
    con.execute("delete from marts.mart_region_comparison")
    con.execute("delete from marts.mart_coverage")
    con.close()
    result = fixture.bizenv("--db", str(empty), "report", "--live", "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "No core indicator has a comparable target yet." in (tmp_path / "out" / "index.html").read_text()


def test_report_without_a_warehouse_says_so(tmp_path):
    result = fixture.bizenv("--db", str(tmp_path / "none.duckdb"), "report", "--output", str(tmp_path / "out"))
    assert result.returncode != 0 and "run `bizenv build` first" in result.stderr


@pytest.mark.slow
@needs_chromium
def test_report_in_headless_chromium(report, tmp_path):
    from PIL import Image
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")

            # charts: bars for every indicator section, a line chart where there is history
            sections = page.locator("section.indicator")
            assert sections.count() == 4
            for i in range(sections.count()):
                assert sections.nth(i).locator("svg.chart.bars rect.bar").count() >= 1
            assert page.locator("svg.chart.lines polyline").count() == 2  # 云南省, two indicators
            assert page.locator("#coverage table.coverage tbody tr").count() == 3

            def visible_codes() -> set[str]:
                rows = page.locator("section.indicator tr[data-code]")
                return {rows.nth(i).get_attribute("data-code") for i in range(rows.count()) if rows.nth(i).is_visible()}

            assert visible_codes() == {"530000", "530100", "530300"}
            page.fill("#region-filter", "昆明市")
            assert visible_codes() == {"530100"}
            assert page.locator('.bar-row[data-code="530300"]').first.is_hidden()
            assert page.locator('#coverage tr[data-code="530000"]').is_hidden()
            assert page.locator('#coverage tr[data-code="530100"]').is_visible()
            assert page.locator("#filter-count").inner_text().startswith("1 / ")
            page.fill("#region-filter", "530300")  # codes work too
            assert visible_codes() == {"530300"}
            page.fill("#region-filter", "")
            assert visible_codes() == {"530000", "530100", "530300"}

            # the hierarchy, history and target-against-actual views are on the page
            for view in ("#hierarchy", "#history", "#actuals"):
                assert page.locator(f"section{view} h2").count() == 1, view
            assert page.locator("#history table tbody tr").count() >= 1
            # a table-of-contents jump lands below the sticky filter bar, not under it
            page.locator('nav.toc a[href="#hierarchy"]').click()
            page.wait_for_timeout(300)
            bar_bottom = page.evaluate("document.querySelector('.toolbar').getBoundingClientRect().bottom")
            heading_top = page.evaluate("document.querySelector('#hierarchy h2').getBoundingClientRect().top")
            assert heading_top >= bar_bottom, (heading_top, bar_bottom)
            page.evaluate("window.scrollTo(0, 0)")
            # the header's region count is the filter's count
            shown = page.locator("#filter-count").inner_text()
            total = int(shown.split()[0])  # no filter typed: "N 个地区 regions"
            assert f"{total} 个地区" in page.locator("header .meta").inner_text()

            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()

    assert problems == []
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.width == 1400 and image.height > 1500
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text, bars in several colours, coverage cells
    assert max(count for count, _ in colours) < 0.9 * image.width * image.height  # not blank
