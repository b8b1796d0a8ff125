"""`bizenv report --output DIR`: a static HTML report of the warehouse that opens offline.

One file, DIR/index.html, with everything inline (CSS, a few lines of JS, charts as SVG drawn
here). For each core indicator with targets: bars comparing the regions (one bar per target
year), a line over the years where a region has several, the table, and every value's evidence
sentence taken from the source text with the number highlighted at its exact offsets. Then a
coverage grid (region × core indicator, from mart_coverage), the hierarchy view (each city and
county against its prefecture and province, mart_hierarchy), the target history (mart_target_history)
and targets against actuals (mart_target_actuals). A target in another unit than the indicator's
(0.5天 for a working-day indicator) is listed in the table, flagged 不可直接比较, and left out of
the chart and the ranks. A filter box hides every region whose name, short name, code or province
does not contain what is typed; the header counts the same regions the filter counts.

Reads the published read-only copy (warehouse/published/…) unless --live is given.
"""

from __future__ import annotations

import argparse
import html
import math
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

TEMPLATE = Path(__file__).with_name("report_template.html")
PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#ff9da6", "#9d755d", "#eeca3b", "#bab0ac"]
BAR_WIDTH = 360  # px of the bar area
BAR_HEIGHT = 14
PAD = 12  # px left of the zero line, so the 0 tick label is not clipped
SENTENCE_END = "。！？；;!?\n"
CONTEXT_CHARS = 140
from .labels import CHANGE_ZH, COMPARATOR_ZH, COMPARISON_ZH, LEVEL_ZH, STATUS_ZH  # noqa: E402

STATUS_LABEL = {
    "has_target": "has a target",
    "document_no_target": "documents, no target",
    "no_document": "no document",
}


def add_report_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("report", help="write a static HTML report (opens offline) of the comparison marts")
    p.add_argument("--output", required=True, help="folder to write index.html into")
    p.add_argument("--live", action="store_true", help="read the build's own file instead of the published copy")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from .cli import _db, _read_only
    from .exporting import MissingWarehouse

    con = _read_only(_db(args), published=not args.live)
    try:
        path = write_report(con, Path(args.output))
    except MissingWarehouse as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(f"wrote {path}")
    return 0


# --- data ---------------------------------------------------------------------------------

@dataclass
class ReportData:
    cells: pd.DataFrame  # strictest core targets, one row per region × indicator × year × unit
    coverage: pd.DataFrame  # mart_coverage with indicator order
    meta: dict[str, object]
    hierarchy: pd.DataFrame | None = None  # mart_hierarchy, core indicators
    history: pd.DataFrame | None = None  # mart_target_history rows of region × indicator with a history
    actuals: pd.DataFrame | None = None  # mart_target_actuals, core indicators
    units_zh: dict[str, str] | None = None


CELLS_SQL = """
select c.region_code, coalesce(r.region_name, c.region_name) as region_name, r.short_name,
       c.region_level, r.province_name, c.indicator_code, i.name_zh, i.name_en, i.category_zh,
       i.category_sort_order, c.canonical_unit, c.indicator_unit, c.is_comparable, c.comparability_note,
       c.better, c.target_year, c.target_value, c.comparator,
       c.region_rank, c.n_regions, c.document_id, d.title, d.doc_number, d.issue_date, d.file_path,
       c.evidence, c.source_file, c.char_start, c.char_end
from marts.mart_region_comparison c
join marts.dim_indicator i on c.indicator_code = i.indicator_code
left join marts.dim_region r on c.region_code = r.region_code
left join marts.dim_document d on c.document_id = d.document_id
where i.is_core
order by i.category_sort_order, c.indicator_code, r.province_code, c.region_code, c.target_year, c.canonical_unit
"""

HIERARCHY_SQL = """
select h.*, r.short_name, i.name_zh, i.category_sort_order, d.title, rd.title as reference_title
from marts.mart_hierarchy h
join marts.dim_indicator i on h.indicator_code = i.indicator_code
left join marts.dim_region r on h.region_code = r.region_code
left join marts.dim_document d on h.document_id = d.document_id
left join marts.dim_document rd on h.reference_document_id = rd.document_id
where i.is_core
order by h.province_code, h.region_code, i.category_sort_order, h.indicator_code, h.target_year, h.reference_level desc
"""

HISTORY_SQL = """
select h.*, r.short_name, r.province_name, i.name_zh, i.category_sort_order, d.title, d.doc_number
from marts.mart_target_history h
join marts.dim_indicator i on h.indicator_code = i.indicator_code
left join marts.dim_region r on h.region_code = r.region_code
left join marts.dim_document d on h.document_id = d.document_id
where i.is_core
  and (h.region_code, h.indicator_code) in (
      select (region_code, indicator_code) from marts.mart_target_history
      group by region_code, indicator_code having count(*) > 1)
order by r.province_code, h.region_code, i.category_sort_order, h.indicator_code, h.sequence_number
"""

ACTUALS_SQL = """
select a.*, r.short_name, r.province_name, i.name_zh, i.category_sort_order, d.title, ad.title as actual_title
from marts.mart_target_actuals a
join marts.dim_indicator i on a.indicator_code = i.indicator_code
left join marts.dim_region r on a.region_code = r.region_code
left join marts.dim_document d on a.document_id = d.document_id
left join marts.dim_document ad on a.actual_document_id = ad.document_id
where i.is_core
order by a.status, a.province_code, a.region_code, i.category_sort_order, a.indicator_code, a.target_year
"""

COVERAGE_SQL = """
select v.region_code, v.region_name, r.short_name, v.region_level, r.province_name, v.province_code,
       v.indicator_code, v.indicator_name_zh, v.status, v.n_documents, v.n_target_measures,
       v.latest_target_year, i.category_zh, i.category_sort_order
from marts.mart_coverage v
join marts.dim_indicator i on v.indicator_code = i.indicator_code
left join marts.dim_region r on v.region_code = r.region_code
order by v.province_code, v.region_code, i.category_sort_order, v.indicator_code
"""


def load_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    import duckdb

    from .exporting import MissingWarehouse

    try:
        cells = con.execute(CELLS_SQL).df()
        coverage = con.execute(COVERAGE_SQL).df()
        hierarchy = con.execute(HIERARCHY_SQL).df()
        history = con.execute(HISTORY_SQL).df()
        actuals = con.execute(ACTUALS_SQL).df()
        run = con.execute(
            "select finished_at, started_at, command, status from raw.ingest_runs order by started_at desc limit 1"
        ).fetchone()
        counts = con.execute(
            """select (select count(*) from raw.files),
                      (select count(*) from marts.dim_document where not is_duplicate),
                      (select count(*) from marts.fct_measures where not is_duplicate)"""
        ).fetchone()
        texts = dict(con.execute(
            "select file_path, text from raw.files where file_path in (select unnest($paths))",
            {"paths": sorted(set(cells.file_path.dropna()))},
        ).fetchall())
    except duckdb.CatalogException as exc:
        raise MissingWarehouse("the marts do not exist yet: run `bizenv build` first") from exc
    cells["context"] = [
        highlight_context(texts.get(r.file_path), r.char_start, r.char_end, r.evidence, r.target_value)
        for r in cells.itertuples()
    ]
    database = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    meta = {
        "database": database[0] if database else "",
        "last_run": f"{run[0] or run[1]:%Y-%m-%d %H:%M} ({run[2]}, {run[3]})" if run else "no run recorded",
        "files": counts[0], "documents": counts[1], "measures": counts[2],
        "targets": len(cells), "flagged": int((~cells.is_comparable.astype(bool)).sum()) if len(cells) else 0,
    }
    from .labels import unit_names

    return ReportData(cells, coverage, meta, hierarchy, history, actuals, unit_names(con))


# --- evidence in context --------------------------------------------------------------------

def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _isna(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def text(value: object) -> str:
    """A cell as text: '' for null/NaN/NaT."""
    return "" if _isna(value) else str(value)


def day(value: object, missing: str = "") -> str:
    return missing if _isna(value) else value.strftime("%Y-%m-%d")


def fmt(value: float) -> str:
    return f"{float(value):.10g}"


def _tidy(text: str) -> str:
    return re.sub(r"\s+", "", text)


def highlight_context(
    text: str | None, start: int, end: int, evidence: str | None = None, value: float | None = None,
) -> str:
    """The sentence around text[start:end] as HTML, that number wrapped in <mark>.

    Sentence bounds come from the source text (。！？；and line ends), clipped to CONTEXT_CHARS a
    side. Without the source text, the first occurrence of the value in the evidence is marked."""
    if text and 0 <= start < end <= len(text):
        left = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
        right_hits = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i >= 0]
        right = min(right_hits) + 1 if right_hits else len(text)
        left, right = max(left, start - CONTEXT_CHARS), min(right, end + CONTEXT_CHARS)
        before, number, after = _tidy(text[left:start]), text[start:end], _tidy(text[end:right])
        return f"{esc(before)}<mark>{esc(number)}</mark>{esc(after)}"
    evidence = evidence or ""
    number = fmt(value) if value is not None else ""
    at = evidence.find(number) if number else -1
    if at < 0:
        return esc(evidence)
    return f"{esc(evidence[:at])}<mark>{esc(number)}</mark>{esc(evidence[at + len(number):])}"


def region_attrs(row: object) -> str:
    """data-region (what the filter box searches) and data-code (to count regions shown)."""
    words = [getattr(row, "region_name", ""), getattr(row, "short_name", ""), getattr(row, "region_code", ""),
             getattr(row, "province_name", "")]
    search = " ".join(str(w) for w in words if isinstance(w, str) and w)
    return f'data-region="{esc(search)}" data-code="{esc(row.region_code)}"'


# --- charts -----------------------------------------------------------------------------------

def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum`."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(int(math.ceil(maximum / step - 1e-9)) + 1)]


def year_colours(years: list[int]) -> dict[int, str]:
    return {year: PALETTE[i % len(PALETTE)] for i, year in enumerate(sorted(years))}


def legend(colours: dict[object, str]) -> str:
    items = "".join(f'<span><i style="background:{c}"></i>{esc(k)}</span>' for k, c in colours.items())
    return f'<div class="legend">{items}</div>'


def bar_chart(cells: pd.DataFrame, unit: str) -> str:
    """One row per region (HTML label + inline SVG), one bar per target year, shared scale."""
    ticks = nice_ticks(float(cells.target_value.max()))
    scale = BAR_WIDTH / ticks[-1]
    colours = year_colours(list(cells.target_year.unique()))
    size = f'width="{BAR_WIDTH + PAD + 50}"'
    shift = f'transform="translate({PAD},0)"'
    rows = []
    for _, group in cells.groupby("region_code", sort=False):
        first = group.iloc[0]
        height = len(group) * (BAR_HEIGHT + 2) + 4
        grid = "".join(f'<line class="grid-line" x1="{t * scale:.1f}" x2="{t * scale:.1f}" y1="0" y2="{height}"/>'
                       for t in ticks)
        bars = []
        for i, r in enumerate(group.itertuples()):
            y, width = 2 + i * (BAR_HEIGHT + 2), max(r.target_value * scale, 1.0)
            tip = f"{r.region_name} {r.target_year}: {fmt(r.target_value)} {unit} ({text(r.doc_number) or r.document_id})"
            bars.append(
                f'<rect class="bar" x="0" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{colours[r.target_year]}"><title>{esc(tip)}</title></rect>'
                f'<text x="{width + 4:.1f}" y="{y + BAR_HEIGHT - 3}">{fmt(r.target_value)}</text>'
            )
        svg = (f'<svg class="chart bars" {size} height="{height}" role="img">'
               f'<g {shift}>{grid}{"".join(bars)}</g></svg>')
        rows.append(f'<div class="bar-row" {region_attrs(first)}><span class="bar-label" '
                    f'title="{esc(first.region_name)}">{esc(first.region_name)}</span>{svg}</div>')
    axis = "".join(
        f'<g class="tick"><line x1="{t * scale:.1f}" x2="{t * scale:.1f}" y1="0" y2="5"/>'
        f'<text x="{t * scale:.1f}" y="17" text-anchor="middle">{fmt(t)}</text></g>' for t in ticks
    )
    axis_row = (f'<div class="bar-row axis-row"><span class="bar-label">axis</span>'
                f'<svg class="chart axis" {size} height="34">'
                f'<g transform="translate({PAD},2)">{axis}</g><text x="{PAD + BAR_WIDTH / 2}" y="32" '
                f'text-anchor="middle">{esc(unit)}</text></svg></div>')
    return legend({f"{y}": c for y, c in colours.items()}) + "".join(rows) + axis_row


def line_chart(cells: pd.DataFrame, unit: str) -> str:
    """Targets over the years, one line per region that has targets for two years or more."""
    multi = cells.groupby("region_code").target_year.transform("nunique") >= 2
    history = cells[multi]
    if history.empty:
        return ""
    years = sorted(history.target_year.unique())
    width, height, left, bottom, top = 420, 220, 48, 28, 10
    ticks = nice_ticks(float(history.target_value.max()))
    x_step = (width - left - 20) / max(len(years) - 1, 1)

    def x(year: int) -> float:
        return left + years.index(year) * x_step

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / ticks[-1])

    parts = [f'<g class="tick"><line class="grid-line" x1="{left}" x2="{width - 10}" y1="{y(t):.1f}" y2="{y(t):.1f}"/>'
             f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{fmt(t)}</text></g>' for t in ticks]
    parts += [f'<g class="tick"><text x="{x(yr):.1f}" y="{height - 8}" text-anchor="middle">{yr}</text></g>'
              for yr in years]
    keys = []
    for i, (_, group) in enumerate(history.groupby("region_code", sort=False)):
        first = group.iloc[0]
        colour = PALETTE[i % len(PALETTE)]
        keys.append(f'<span {region_attrs(first)}><i style="background:{colour}"></i>{esc(first.region_name)}</span>')
        points = " ".join(f"{x(r.target_year):.1f},{y(r.target_value):.1f}" for r in group.itertuples())
        dots = "".join(f'<circle cx="{x(r.target_year):.1f}" cy="{y(r.target_value):.1f}" r="3.5" fill="{colour}">'
                       f'<title>{esc(r.region_name)} {r.target_year}: {fmt(r.target_value)} {esc(unit)}</title></circle>'
                       for r in group.itertuples())
        parts.append(f'<g class="series" {region_attrs(first)}><polyline points="{points}" fill="none" '
                     f'stroke="{colour}" stroke-width="2"/>{dots}</g>')
    return (f'<div class="filter-group history"><h3>Over the years ({esc(unit)})</h3>'
            f'<div class="legend">{"".join(keys)}</div>'
            f'<svg class="chart lines" width="{width}" height="{height}" role="img">{"".join(parts)}</svg></div>')


# --- sections ---------------------------------------------------------------------------------

def unit_zh(unit: object, units: dict[str, str]) -> str:
    return units.get(str(unit), str(unit)) if not _isna(unit) else ""


def rank_label(r: object) -> str:
    """A rank always says which year it is for: 2023年 1/3; unranked targets say why not."""
    if not bool(r.is_comparable) or _isna(r.region_rank):
        return "不排名（单位不同）"
    return f"{r.target_year}年 {int(r.region_rank)}/{int(r.n_regions)}"


def value_table(cells: pd.DataFrame, unit: str, units: dict[str, str] | None = None) -> str:
    units = units or {}
    rows = []
    for i, r in enumerate(cells.itertuples(), start=1):
        flag = "" if bool(r.is_comparable) else \
            f' <span class="flag" title="{esc(r.comparability_note)}">不可直接比较</span>'
        value = f"{fmt(r.target_value)}" + ("" if bool(r.is_comparable) else f" {esc(unit_zh(r.canonical_unit, units))}")
        level = LEVEL_ZH.get(text(r.region_level), text(r.region_level))
        rows.append(
            f'<tr {region_attrs(r)}><td>{esc(r.region_name)}</td><td>{esc(level)}</td>'
            f'<td class="num">{r.target_year}</td><td class="num">{value}{flag}</td>'
            f'<td class="num rank">{esc(rank_label(r))}</td>'
            f'<td>{esc(text(r.doc_number) or text(r.title) or "（无标题）")} {day(r.issue_date)} '
            f'<a href="#{esc(r.indicator_code)}-ev{i}">[{i}]</a></td></tr>'
        )
    head = (f"<tr><th>地区</th><th>级别</th><th>目标年份</th><th>目标值（{esc(unit_zh(unit, units))}）</th>"
            f"<th>当年排名</th><th>文件</th></tr>")
    return f'<table class="values"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def evidence_list(cells: pd.DataFrame, unit: str, units: dict[str, str] | None = None) -> str:
    units = units or {}
    items = []
    for i, r in enumerate(cells.itertuples(), start=1):
        meta = (f"{r.region_name} · {r.target_year} · {COMPARATOR_ZH.get(text(r.comparator), text(r.comparator))} "
                f"{fmt(r.target_value)} {unit_zh(r.canonical_unit, units)} — "
                f"《{text(r.title) or '（无标题）'}》 {text(r.doc_number)} {day(r.issue_date, '日期不详')} · "
                f"{r.source_file} {r.char_start}–{r.char_end}")
        items.append(f'<li id="{esc(r.indicator_code)}-ev{i}" {region_attrs(r)}><div class="ev-meta">{esc(meta)}</div>'
                     f'<div class="ev-text">{r.context}</div></li>')
    return f'<h3>原文 Evidence</h3><ol class="evidence">{"".join(items)}</ol>'


def indicator_section(code: str, cells: pd.DataFrame, units: dict[str, str] | None = None) -> str:
    units = units or {}
    first = cells.iloc[0]
    unit = first.indicator_unit if "indicator_unit" in cells and not _isna(first.indicator_unit) else first.canonical_unit
    comparable = cells[cells.is_comparable.astype(bool)] if "is_comparable" in cells else cells
    flagged = len(cells) - len(comparable)
    direction = "越小越严（条越短越好）" if first.better == "lower" else "越大越严（条越长越好）"
    caption = (f"{esc(first.category_zh)} · 每个地区每年的最严目标，单位：{esc(unit_zh(unit, units))}；{direction}。"
               f"{cells.region_code.nunique()} 个地区，{len(cells)} 个值")
    if flagged:
        caption += (f"；其中 {flagged} 个单位不同（{esc('、'.join(sorted({unit_zh(u, units) for u in cells.loc[~cells.is_comparable.astype(bool), 'canonical_unit']})))}），"
                    "不能精确换算，列在表中并标注，不参与图表和排名")
    caption += "。"
    charts = (bar_chart(comparable, unit_zh(unit, units)) + line_chart(comparable, unit_zh(unit, units))) \
        if len(comparable) else '<p class="empty-note">没有以指标单位表述的目标。</p>'
    return (
        f'<section class="indicator" id="{esc(code)}"><h2>{esc(first.name_zh)} <small>{esc(code)} · '
        f'{esc(first.name_en)}</small></h2><div class="caption">{caption}</div>'
        f'<div class="grid"><div class="chart-cell">{charts}</div>'
        f'<div class="table-cell">{value_table(cells, unit, units)}</div></div>{evidence_list(cells, unit, units)}</section>'
    )


def _doc(title: object, document_id: object) -> str:
    return text(title) or ("（无标题）" if not _isna(document_id) else "")


def hierarchy_section(hierarchy: pd.DataFrame | None, units: dict[str, str]) -> str:
    """Each city and county against its prefecture and province, on the higher level's latest target in force."""
    rows = []
    for r in hierarchy.itertuples() if hierarchy is not None else []:
        diff = "" if _isna(r.difference) else f"{float(r.difference):+.10g}"
        rows.append(
            f'<tr {region_attrs(r)}><td>{esc(r.region_name)}</td><td>{esc(LEVEL_ZH.get(r.region_level, r.region_level))}</td>'
            f'<td>{esc(r.name_zh)}</td><td class="num">{r.target_year}</td>'
            f'<td class="num">{fmt(r.target_value)} {esc(unit_zh(r.canonical_unit, units))}</td>'
            f'<td>{esc(r.reference_name)}</td><td class="num">{r.reference_target_year}</td>'
            f'<td class="num">{fmt(r.reference_target_value)} {esc(unit_zh(r.reference_unit, units))}</td>'
            f'<td class="cmp {esc(r.comparison)}">{esc(COMPARISON_ZH.get(r.comparison, r.comparison))}</td>'
            f'<td class="num">{diff}</td>'
            f'<td>{esc(_doc(r.title, r.document_id))} ↔ {esc(_doc(r.reference_title, r.reference_document_id))}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="11" class="empty-note">没有可对比的上下级目标。</td></tr>'
    return (
        '<section id="hierarchy" class="view"><h2>上下级对比 <small>mart_hierarchy · city/county vs prefecture/province</small></h2>'
        '<div class="caption">每个市、县当年的目标，与其上级（地市、省）在同一年仍然有效的最新目标相比；上级当年未另定目标时沿用其此前最近一年的目标，'
        '两侧各列目标年份与文件。差值 = 本级 − 上级。</div>'
        '<table class="values"><thead><tr><th>地区</th><th>级别</th><th>指标</th><th>目标年份</th><th>目标值</th>'
        '<th>对比对象</th><th>对方目标年份</th><th>对方目标值</th><th>结果</th><th>差值</th><th>文件</th></tr></thead>'
        f'<tbody>{body}</tbody></table></section>'
    )


def history_section(history: pd.DataFrame | None, units: dict[str, str]) -> str:
    """Targets of a region × indicator in issue order, with the honest label of each change."""
    rows = []
    for r in history.itertuples() if history is not None else []:
        value = "—" if _isna(r.target_value) else f"{fmt(r.target_value)} {esc(unit_zh(r.canonical_unit, units))}"
        year = "" if _isna(r.target_year) else int(r.target_year)
        rows.append(
            f'<tr {region_attrs(r)}><td>{esc(r.region_name)}</td><td>{esc(r.name_zh)}</td><td class="num">{r.sequence_number}</td>'
            f'<td>{day(r.issue_date, "日期不详")}</td><td class="num">{year}</td><td class="num">{value}</td>'
            f'<td class="chg {esc(r.change_type)}">{esc(CHANGE_ZH.get(r.change_type, r.change_type))}</td>'
            f'<td>{esc(STATUS_ZH.get(r.status, r.status))}</td>'
            f'<td>{esc(text(r.doc_number) or _doc(r.title, r.document_id))}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="9" class="empty-note">没有地区对同一指标提出过两次以上目标。</td></tr>'
    return (
        '<section id="history" class="view"><h2>目标变化 <small>mart_target_history · target history</small></h2>'
        '<div class="caption">同一地区同一指标的历次目标，按文件发布日期排列：新设、收紧、放宽、重申、单位改变；'
        '“不再提出”仅当同一地区、同类发文机关的后续文件涉及该指标所属领域却不再提出该指标；“逐年”“持续保持”的目标延续有效。'
        '状态“已被取代”表示之后的文件对同一年份另定了目标。</div>'
        '<table class="values"><thead><tr><th>地区</th><th>指标</th><th>序号</th><th>发布日期</th><th>目标年份</th>'
        '<th>目标值</th><th>变化</th><th>状态</th><th>文件</th></tr></thead>'
        f'<tbody>{body}</tbody></table></section>'
    )


def actuals_section(actuals: pd.DataFrame | None, units: dict[str, str]) -> str:
    """Each target against what the region later said it reached: met, missed, no actual yet."""
    counts = actuals.status.value_counts().to_dict() if actuals is not None and len(actuals) else {}
    summary = "，".join(f"{STATUS_ZH[s]} {counts.get(s, 0)} 个" for s in ("met", "missed", "no_actual_yet"))
    rows = []
    for r in actuals.itertuples() if actuals is not None else []:
        actual = "" if _isna(r.actual_value) else f"{fmt(r.actual_value)} {esc(unit_zh(r.canonical_unit, units))}"
        rows.append(
            f'<tr {region_attrs(r)}><td>{esc(r.region_name)}</td><td>{esc(r.name_zh)}</td><td class="num">{r.target_year}</td>'
            f'<td class="num">{COMPARATOR_ZH.get(text(r.comparator), "")} {fmt(r.target_value)} {esc(unit_zh(r.canonical_unit, units))}</td>'
            f'<td class="num">{actual}</td><td class="st {esc(r.status)}">{esc(STATUS_ZH.get(r.status, r.status))}</td>'
            f'<td>{esc(_doc(r.title, r.document_id))}{" ↔ " + esc(_doc(r.actual_title, r.actual_document_id)) if not _isna(r.actual_document_id) else ""}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="7" class="empty-note">没有目标。</td></tr>'
    return (
        '<section id="actuals" class="view"><h2>目标与实际 <small>mart_target_actuals · targets against actuals</small></h2>'
        f'<div class="caption">每个目标与该地区之后的工作报告、执行情况报告所述同一指标、同一年份、同一单位的实际值相比。{summary}。</div>'
        '<table class="values"><thead><tr><th>地区</th><th>指标</th><th>目标年份</th><th>目标</th><th>实际</th>'
        f'<th>结果</th><th>文件</th></tr></thead><tbody>{body}</tbody></table></section>'
    )


def coverage_section(coverage: pd.DataFrame) -> str:
    """Region × core indicator grid for regions with documents; provinces without any listed below."""
    indicators = coverage.drop_duplicates("indicator_code").sort_values(["category_sort_order", "indicator_code"])
    with_docs = coverage[coverage.n_documents > 0]
    # names are drawn rotated (CJK vertical writing-mode is unreliable without the right fonts)
    longest = int(indicators.indicator_name_zh.str.len().fillna(0).max()) if len(indicators) else 4
    header_height = 14 * longest + 16
    header = "".join(f'<th class="ind" title="{esc(r.indicator_code)}"><span>{esc(r.indicator_name_zh)}</span></th>'
                     for r in indicators.itertuples())
    rows = []
    for _, group in with_docs.groupby("region_code", sort=False):
        first = group.iloc[0]
        by_code = {r.indicator_code: r for r in group.itertuples()}
        cells = []
        for ind in indicators.itertuples():
            r = by_code[ind.indicator_code]
            tip = f"{r.region_name} · {r.indicator_name_zh}: {STATUS_LABEL[r.status]}"
            if r.status == "has_target":
                tip += f" ({r.n_target_measures} target measures, latest {r.latest_target_year})"
            cells.append(f'<td class="cov {r.status}" title="{esc(tip)}"><i></i></td>')
        n_has = sum(r.status == "has_target" for r in by_code.values())
        rows.append(f'<tr {region_attrs(first)}><th>{esc(first.region_name)}</th><td class="num">{first.n_documents}</td>'
                    f'<td class="num">{n_has}/{len(indicators)}</td>{"".join(cells)}</tr>')
    missing = coverage[(coverage.n_documents == 0)].drop_duplicates("region_code")
    missing_html = " ".join(f'<span {region_attrs(r)}>{esc(r.region_name)}</span>' for r in missing.itertuples())
    status_legend = legend({STATUS_LABEL[s]: c for s, c in
                            (("has_target", "#2f9e44"), ("document_no_target", "#f59f00"), ("no_document", "#ced4da"))})
    return (
        '<section id="coverage"><h2>Coverage <small>region × core indicator (mart_coverage)</small></h2>'
        f'<div class="caption">Does any (non-duplicate) document set a target for the indicator in the region? '
        f'{with_docs.region_code.nunique()} regions with documents.</div>{status_legend}'
        f'<div class="coverage-wrap"><table class="coverage"><thead><tr style="height:{header_height}px">'
        f'<th>region</th><th>docs</th>'
        f'<th>targets</th>{header}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f'<div class="filter-group"><h3>Provinces without any document</h3>'
        f'<p class="missing">{missing_html or "none"}</p></div></section>'
    )


def render_report(data: ReportData) -> str:
    units = data.units_zh or {}
    sections, toc = [], []
    for code, cells in data.cells.groupby("indicator_code", sort=False):
        sections.append(indicator_section(code, cells.reset_index(drop=True), units))
        toc.append(f'<a href="#{esc(code)}">{esc(cells.iloc[0].name_zh)}</a>')
    if not sections:
        sections.append('<section><p class="empty-note">No core indicator has a comparable target yet. '
                        '尚无核心指标目标。</p></section>')
    views = "".join([hierarchy_section(data.hierarchy, units), history_section(data.history, units),
                     actuals_section(data.actuals, units)])
    toc += ['<a href="#hierarchy">上下级对比</a>', '<a href="#history">目标变化</a>',
            '<a href="#actuals">目标与实际</a>', '<a href="#coverage">地区覆盖 Coverage</a>']
    coverage = coverage_section(data.coverage)
    body = "".join(sections) + views + coverage
    # the header counts exactly the regions the filter box counts: every data-code on the page
    n_regions = len(set(re.findall(r'data-code="([^"]*)"', body)))
    m = data.meta
    flagged = f" · {m['flagged']} 个单位不同、不参与排名" if m.get("flagged") else ""
    meta = (f"{m['targets']} 个最严目标{flagged} · {n_regions} 个地区 · {m['documents']} 个文件 · "
            f"{m['measures']} 条指标记录 · {m['files']} 个源文件 · 最近构建 {m['last_run']}")
    footer = (f"Generated {datetime.now():%Y-%m-%d %H:%M} by <code>bizenv report</code> from {esc(m['database'])}. "
              "Values: marts.mart_region_comparison (each region's strictest target per year and unit; measures of "
              "duplicate documents excluded; a target in another unit than the indicator's is flagged and not ranked), "
              "mart_hierarchy, mart_target_history, mart_target_actuals, mart_coverage. "
              "Highlighted numbers are taken from the source text at the measure's offsets.")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title="营商环境目标地区对比 Business-environment targets by region",
        meta=esc(meta), toc="".join(toc), sections="".join(sections) + views,
        coverage=coverage, footer=footer,
    )


def write_report(con: duckdb.DuckDBPyConnection, output_dir: Path) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / "index.html"
    path.write_text(render_report(load_report_data(con)), encoding="utf-8")
    return path
