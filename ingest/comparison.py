"""`bizenv export comparison`: strictest targets, regions down, years or indicators across.

Layout (each value in the unit named in its column header):
  * one indicator   one row per region; one column per target year and unit, e.g. `2023（个工作日）`
                    (`--lang en`: `2023 (working_day)`)
  * several         one row per region × target year; one column per indicator and unit, in the
                    order given, e.g. `企业开办全流程时间（个工作日）`

Every value is a region's strictest target for the indicator, year and unit, as
mart_region_comparison holds it (each measure counted once: duplicate documents are excluded
upstream). A target in another unit of the indicator's kind (0.5天 for a working-day indicator)
gets its own column, marked 不可直接比较 / not comparable, is not ranked, and is counted in the
notes. Regions asked for with --regions but without any target still get a row, with empty cells.
Headers and values are in Chinese by default; `--lang en` gives the codes.

Formats: csv (UTF-8 with BOM, so Excel shows the Chinese text), parquet, md (a pipe table
followed by the evidence of every value) and xlsx (sheets `data`, `evidence` — one row per
value, each data cell hyperlinked to its row — and `notes`: build, corpus, counts, command).
"""

from __future__ import annotations

import argparse
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from .exporting import MissingWarehouse, md_cell, neutralise, neutralise_frame
from .labels import COMPARATOR_ZH, HEADERS_ZH, LANGS, LEVEL_ZH, UNTITLED, unit_names, word

KEY_COLUMNS = ["region_code", "region_name", "region_level"]
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}
FORMATS = ("csv", "xlsx", "parquet", "md")
EVIDENCE_COLUMNS = [
    "cell", "region_code", "region_name", "indicator_code", "indicator_name_zh", "target_year", "value", "unit",
    "comparator", "is_comparable", "comparability_note", "region_rank", "n_regions", "document_id", "title",
    "doc_number", "issue_date", "evidence", "source_file", "char_start", "char_end", "measure_id",
]
_SPLIT = re.compile(r"[,，、;；\s]+")

CELLS_SQL = """
select
    c.region_code, c.region_name as measure_region_name, c.indicator_code, i.name_zh as indicator_name_zh,
    c.canonical_unit, c.indicator_unit, c.is_comparable, c.comparability_note,
    c.target_year, c.target_value, c.comparator, c.region_rank, c.n_regions,
    c.document_id, d.title, d.doc_number, d.issue_date, c.evidence, c.source_file, d.file_path,
    c.char_start, c.char_end, c.measure_id
from marts.mart_region_comparison c
left join marts.dim_indicator i on c.indicator_code = i.indicator_code
left join marts.dim_document d on c.document_id = d.document_id
where c.indicator_code in (select unnest($indicators))
"""


class ComparisonError(ValueError):
    """A request the warehouse cannot answer: unknown indicator or region, bad year, format."""


@dataclass
class Comparison:
    """The table to write, the cells behind it, and which cell each table value came from."""

    table: pd.DataFrame
    value_columns: list[str]
    cells: pd.DataFrame  # one row per value, in table order (row by row, left to right)
    sources: dict[tuple[int, str], int] = field(default_factory=dict)  # (table row, column) -> cells row
    indicator_names: list[str] = field(default_factory=list)  # what the sheets and notes are about
    lang: str = "zh"


# --- parsing the request --------------------------------------------------------------------

def split_list(text: str | None) -> list[str]:
    return [t for t in _SPLIT.split(text or "") if t]


def parse_years(text: str | None) -> list[int] | None:
    """`2023`, `2022,2024` or `2022-2024` (also 2022—2024) → years; None when not given."""
    if not text:
        return None
    years: set[int] = set()
    for token in split_list(text):
        match = re.fullmatch(r"(\d{4})(?:\s*[-–—~至]\s*(\d{4}))?", token)
        if not match:
            raise ComparisonError(f"--year: {token!r} is not a year or a range like 2022-2024")
        first, last = int(match[1]), int(match[2] or match[1])
        years.update(range(min(first, last), max(first, last) + 1))
    return sorted(years)


def resolve_indicators(con: duckdb.DuckDBPyConnection, text: str | None) -> pd.DataFrame:
    """Indicator codes, Chinese names or parts of names → rows of dim_indicator, in the order given.

    A part (企业开办) resolves to the one indicator whose name holds it, preferring indicators
    with targets, then core ones; a miss or an ambiguous part names the close matches."""
    tokens = split_list(text)
    if not tokens:
        raise ComparisonError("--indicator is required: one or more indicator codes or Chinese names, comma-separated")
    known = con.execute(
        """select i.indicator_code, i.name_zh, i.name_en, i.canonical_unit, i.better, i.is_core,
                  i.indicator_code in (select indicator_code from marts.mart_region_comparison) as has_targets
           from marts.dim_indicator i"""
    ).df()
    rows = []
    for token in tokens:
        hit = known[(known.indicator_code == token) | (known.name_zh == token)]
        if hit.empty:
            hit = known[known.name_zh.str.contains(token, regex=False, na=False)]
            for narrower in (hit[hit.has_targets], hit[hit.has_targets & hit.is_core]):
                if len(hit) > 1 and not narrower.empty:
                    hit = narrower
        if len(hit) > 1:
            options = "; ".join(f"{r.name_zh} ({r.indicator_code})" for r in hit.itertuples())
            raise ComparisonError(f"indicator {token!r} matches several: {options}; give the code or the full name")
        if hit.empty:
            raise ComparisonError(f"unknown indicator {token!r}; {suggestions(known, token)}")
        rows.append(hit.iloc[0])
    return pd.DataFrame(rows).drop_duplicates("indicator_code").reset_index(drop=True)


def suggestions(known: pd.DataFrame, token: str) -> str:
    """Close matches to a mistyped indicator, by name and by code, those with targets first."""
    import difflib

    ordered = known.sort_values("has_targets", ascending=False)
    by_name = dict(zip(ordered.name_zh, ordered.indicator_code))
    with_targets = set(ordered.loc[ordered.has_targets, "name_zh"])
    names = sorted(difflib.get_close_matches(token, list(by_name), n=5, cutoff=0.3), key=lambda n: n not in with_targets)
    codes = difflib.get_close_matches(token, list(ordered.indicator_code), n=5, cutoff=0.5)
    close = [f"{n} ({by_name[n]})" for n in names]
    close += [f"{c}" for c in codes if c not in {by_name[n] for n in names}]
    if close:
        return "did you mean: " + "; ".join(close[:6])
    with_data = ordered[ordered.has_targets]
    return "indicators with targets: " + ", ".join(f"{r.name_zh} ({r.indicator_code})" for r in with_data.itertuples())


def _region_candidates(con: duckdb.DuckDBPyConnection, token: str) -> pd.DataFrame:
    if re.fullmatch(r"\d{6}", token):
        return con.execute("select * from marts.dim_region where region_code = ?", [token]).df()
    return con.execute(
        """
        select distinct r.* from marts.dim_region r
        where r.region_name = $t or r.short_name = $t
           or r.region_code in (
               select region_code from seeds.region_aliases
               where alias = $t and alias_type in ('short', 'former'))
        """,
        {"t": token},
    ).df()


def resolve_regions(con: duckdb.DuckDBPyConnection, text: str | None) -> pd.DataFrame | None:
    """Region codes or names → rows of dim_region, in the order given; None when not given.

    A name shared by several regions (城关区, 市中区, ...) resolves to the one(s) the warehouse
    holds documents about; if that still leaves several, the caller must use a code."""
    tokens = split_list(text)
    if not tokens:
        return None
    rows = []
    for token in tokens:
        hits = _region_candidates(con, token)
        if len(hits) > 1 and hits.has_document.any():
            hits = hits[hits.has_document]
        if hits.empty:
            raise ComparisonError(f"unknown region {token!r}: give a 6-digit code or a name of seeds/regions.csv")
        if len(hits) > 1:
            options = ", ".join(f"{r.region_code} {r.province_name}{r.region_name}" for r in hits.itertuples())
            raise ComparisonError(f"region {token!r} is ambiguous; use a code: {options}")
        rows.append(hits.iloc[0])
    return pd.DataFrame(rows).drop_duplicates("region_code").reset_index(drop=True)


# --- reading and laying out ---------------------------------------------------------------

def load_cells(
    con: duckdb.DuckDBPyConnection, indicators: list[str], region_codes: list[str] | None = None,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """One row per region × indicator × year: the strictest target with its document and evidence."""
    try:
        cells = con.execute(CELLS_SQL, {"indicators": indicators}).df()
        regions = con.execute(
            "select region_code, region_name, region_level, province_code from marts.dim_region"
        ).df()
    except duckdb.CatalogException as exc:
        raise MissingWarehouse("the comparison marts do not exist yet: run `bizenv build` first") from exc
    if region_codes is not None:
        cells = cells[cells.region_code.isin(region_codes)]
    if years is not None:
        cells = cells[cells.target_year.isin(years)]
    cells = cells.merge(regions, on="region_code", how="left")
    cells["region_name"] = cells.region_name.fillna(cells.measure_region_name)
    cells["target_year"] = cells.target_year.astype("Int64")
    return cells.reset_index(drop=True)


def region_order(cells: pd.DataFrame, requested: pd.DataFrame | None) -> pd.DataFrame:
    """The table's rows: the regions asked for in their order, else every region with a value,
    provinces first, then their prefectures and counties by code."""
    if requested is not None:
        return requested[KEY_COLUMNS].reset_index(drop=True)
    regions = cells[KEY_COLUMNS + ["province_code"]].drop_duplicates("region_code").copy()
    regions["_level"] = regions.region_level.map(LEVEL_ORDER).fillna(9)
    regions = regions.sort_values(["province_code", "_level", "region_code"], na_position="last")
    return regions[KEY_COLUMNS].reset_index(drop=True)


def value_header(label: object, unit: str, lang: str = "en", comparable: bool = True,
                 units_zh: dict[str, str] | None = None) -> str:
    """`2023 (working_day)`, `2023（个工作日）`; a unit that is not the indicator's is flagged."""
    if lang == "zh":
        flag = "，不可直接比较" if not comparable else ""
        return f"{label}（{(units_zh or {}).get(unit, unit)}{flag}）"
    return f"{label} ({unit}{', not comparable' if not comparable else ''})"


def layout(cells: pd.DataFrame, indicators: pd.DataFrame, regions: pd.DataFrame, lang: str = "en",
           units_zh: dict[str, str] | None = None) -> Comparison:
    """Pivot the cells: years across for one indicator, indicators across (rows per year) for several.
    A unit other than the indicator's gets a column of its own, after the indicator's unit."""
    single = len(indicators) == 1
    indicator_units = dict(zip(indicators.indicator_code, indicators.canonical_unit))
    names = dict(zip(indicators.indicator_code, indicators.get("name_zh", indicators.indicator_code)))
    if "canonical_unit" not in cells:
        cells = cells.assign(canonical_unit=cells.indicator_code.map(indicator_units))
    cell_units = {(r.indicator_code, r.canonical_unit) for r in cells.itertuples()}

    def units_of(code: str) -> list[str]:
        own = indicator_units[code]
        return [own] + sorted(u for c, u in cell_units if c == code and u != own)

    def header(label: object, code: str, unit: str) -> str:
        return value_header(label, unit, lang, unit == indicator_units[code], units_zh)

    across: dict[str, tuple] = {}
    if single:
        code = indicators.indicator_code.iloc[0]
        years = sorted(int(y) for y in cells.target_year.dropna().unique())
        for year in years:
            for unit in units_of(code):
                if ((cells.target_year == year) & (cells.canonical_unit == unit)).any():
                    across[header(year, code, unit)] = (code, year, unit)
    else:
        for code in indicators.indicator_code:
            for unit in units_of(code):
                label = names[code] if lang == "zh" else code
                across[header(label, code, unit)] = (code, None, unit)

    by_key = {
        (r.region_code, r.indicator_code, int(r.target_year), r.canonical_unit): i
        for i, r in enumerate(cells.itertuples()) if pd.notna(r.target_year)
    }
    rows: list[dict] = []
    order: list[tuple[int, str, int]] = []  # (table row, column, cells row), in reading order
    for region in regions.itertuples():
        region_years = sorted({int(y) for y in cells.loc[cells.region_code == region.region_code, "target_year"]})
        for year in [None] if single else (region_years or [None]):
            row = {k: getattr(region, k) for k in KEY_COLUMNS}
            if not single:
                row["target_year"] = year
            for column, (code, column_year, unit) in across.items():
                source = by_key.get((region.region_code, code, column_year if single else year, unit))
                row[column] = None if source is None else float(cells.at[source, "target_value"])
                if source is not None:
                    order.append((len(rows), column, source))
            rows.append(row)

    value_columns = list(across)
    columns = KEY_COLUMNS + ([] if single else ["target_year"]) + value_columns
    table = pd.DataFrame(rows, columns=columns)
    table[value_columns] = table[value_columns].astype("float64")
    if not single:
        table["target_year"] = table.target_year.astype("Int64")
    ordered_cells = cells.loc[[source for _, _, source in order]].reset_index(drop=True)
    sources = {(row, column): i for i, (row, column, _) in enumerate(order)}
    if lang == "zh":
        table["region_level"] = table.region_level.map(lambda v: word(LEVEL_ZH, v, "zh"))
        table = table.rename(columns=HEADERS_ZH)
        sources = {(row, HEADERS_ZH.get(column, column)): i for (row, column), i in sources.items()}
    return Comparison(table, value_columns, ordered_cells, sources, [names[c] for c in indicators.indicator_code], lang)


# --- writing ------------------------------------------------------------------------------

def format_number(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.10g}"


def write_csv(comparison: Comparison, output: Path) -> None:
    # utf-8-sig: Excel opens Chinese text in a CSV correctly only with a BOM.
    neutralise_frame(comparison.table).to_csv(output, index=False, encoding="utf-8-sig", float_format="%.10g")


def write_parquet(comparison: Comparison, output: Path) -> None:
    comparison.table.to_parquet(output, index=False)


def _text(value: object) -> str:
    """A cell as text: '' for None/NaN/NaT, never 'nan'."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def note_text(cell: pd.Series, lang: str, units_zh: dict[str, str]) -> str:
    """Why a value is not ranked, in the reader's language ('' when it is ranked)."""
    if bool(cell.get("is_comparable", True)):
        return ""
    if lang != "zh":
        return _text(cell.get("comparability_note"))
    unit, indicator_unit = cell.canonical_unit, cell.get("indicator_unit")
    return (f"单位为{units_zh.get(unit, unit)}，指标单位为{units_zh.get(indicator_unit, indicator_unit)}，"
            "二者不能精确换算，不参与排名")


def evidence_frame(comparison: Comparison, units_zh: dict[str, str]) -> pd.DataFrame:
    """One row per value with its provenance, columns EVIDENCE_COLUMNS (codes; values localised)."""
    lang = comparison.lang
    cells = comparison.cells.copy()
    cells["cell"] = ""
    cells["value"] = cells.target_value
    cells["unit"] = [units_zh.get(u, u) if lang == "zh" else u for u in cells.canonical_unit]
    cells["comparator"] = [word(COMPARATOR_ZH, c, lang) for c in cells.comparator]
    if "is_comparable" not in cells:
        cells["is_comparable"] = True
    cells["comparability_note"] = [note_text(c, lang, units_zh) for _, c in cells.iterrows()]
    cells["title"] = [_text(t) or UNTITLED[lang] for t in cells.get("title", pd.Series([None] * len(cells)))]
    if lang == "zh":
        cells["is_comparable"] = ["是" if bool(v) else "否" for v in cells.is_comparable]
    for column in EVIDENCE_COLUMNS:
        if column not in cells:
            cells[column] = None
    return cells[EVIDENCE_COLUMNS].reset_index(drop=True)


def evidence_line(cell: pd.Series, lang: str = "en") -> str:
    """One value's provenance in a sentence: value, document (title, 文号, date), evidence, offsets."""
    issued = cell.issue_date.strftime("%Y-%m-%d") if pd.notna(cell.issue_date) else (
        "日期不详" if lang == "zh" else "no date")
    doc_number = f"{cell.doc_number}, " if _text(cell.doc_number) else ""
    note = f" [{cell.comparability_note}]" if _text(cell.comparability_note) else ""
    return (
        f"{cell.region_name} · {cell.indicator_name_zh if lang == 'zh' else cell.indicator_code} · "
        f"{cell.target_year}: {cell.comparator} {format_number(cell.value)} {cell.unit}{note} — "
        f"《{cell.title}》({doc_number}{issued}): “{_text(cell.evidence)}” "
        f"[{cell.source_file} {cell.char_start}–{cell.char_end}]"
    )


def write_markdown(comparison: Comparison, output: Path, notes: list[tuple[str, str]],
                   units_zh: dict[str, str] | None = None) -> None:
    table = comparison.table
    zh = comparison.lang == "zh"
    title = "、".join(comparison.indicator_names)
    header = "| " + " | ".join(md_cell(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---:" if c in comparison.value_columns else "---" for c in table.columns) + " |"
    lines = [f"# {md_cell(title)}", "", header, rule]
    for row_index, row in table.iterrows():
        cells = []
        for column in table.columns:
            value = row[column]
            text = format_number(value) if column in comparison.value_columns else md_cell(_text(value))
            source = comparison.sources.get((row_index, column))
            cells.append(f"{text} [{source + 1}]" if source is not None else text)
        lines.append("| " + " | ".join(cells) + " |")
    if zh:
        lines += ["", "每个值是该地区对该指标、年份的最严目标，单位见列名；标“不可直接比较”的列单位与指标单位不同，不参与排名。",
                  "[n] 指向下方原文。", "", "## 原文", ""]
    else:
        lines += ["", "Values are each region's strictest target, in the unit named in the column header;",
                  "columns marked not comparable are in another unit and not ranked.",
                  "[n] points to the evidence below.", "", "## Evidence", ""]
    evidence = evidence_frame(comparison, units_zh or {})
    evidence["indicator_name_zh"] = comparison.cells.get("indicator_name_zh", evidence.indicator_code)
    lines += [f"{i + 1}. {md_cell(evidence_line(cell, comparison.lang))}" for i, cell in evidence.iterrows()]
    lines += ["", "## 说明" if zh else "## Notes", ""] + [f"- {key}: {md_cell(value)}" for key, value in notes]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _excel_value(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if not isinstance(value, str) and pd.isna(value):
        return None
    return neutralise(value)


def sheet_names(comparison: Comparison) -> tuple[str, str, str]:
    """data, evidence and notes sheet titles, each naming the indicator(s) (Excel: ≤ 31 characters,
    none of []:*?/\\)."""
    words = ("数据", "原文", "说明") if comparison.lang == "zh" else ("data", "evidence", "notes")
    about = re.sub(r"[\[\]:*?/\\']", "", "、".join(comparison.indicator_names)) or "comparison"
    return tuple(f"{w}-{about}"[:31] for w in words)  # type: ignore[return-value]


def write_xlsx(comparison: Comparison, output: Path, notes: list[tuple[str, str]],
               units_zh: dict[str, str] | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    data_title, evidence_title, notes_title = sheet_names(comparison)
    workbook = Workbook()
    data = workbook.active
    data.title = data_title
    evidence = workbook.create_sheet(evidence_title)
    notes_sheet = workbook.create_sheet(notes_title)
    zh = comparison.lang == "zh"

    table = comparison.table
    columns = list(table.columns)
    data.append(columns)
    for row in table.itertuples(index=False):
        data.append([_excel_value(v) for v in row])

    cells = evidence_frame(comparison, units_zh or {})
    headers = [HEADERS_ZH.get(c, c) for c in EVIDENCE_COLUMNS + ["back"]] if zh else EVIDENCE_COLUMNS + ["back"]
    evidence.append(headers)
    for (row_index, column), source in comparison.sources.items():
        target = data.cell(row=row_index + 2, column=columns.index(column) + 1)
        target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{evidence_title}'!A{source + 2}")
        target.style = "Hyperlink"
        target.font = Font(underline="single", color="0563C1")  # the named style alone is not underlined on reload
        cells.at[source, "cell"] = target.coordinate
    for record in cells.itertuples(index=False):
        evidence.append([_excel_value(v) for v in record] + ["← 数据" if zh else "← data"])
        back = evidence.cell(row=evidence.max_row, column=len(EVIDENCE_COLUMNS) + 1)
        back.hyperlink = Hyperlink(ref=back.coordinate, location=f"'{data_title}'!{record.cell}")
        back.style = "Hyperlink"
        back.font = Font(underline="single", color="0563C1")

    notes_sheet.append(["项目", "内容"] if zh else ["item", "value"])
    for key, value in notes:
        notes_sheet.append([key, value])

    for sheet in (data, evidence, notes_sheet):
        for header in sheet[1]:
            header.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, column_cells in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value)) if c.value is not None else 0 for c in column_cells)
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, width * 1.6), 80)
    workbook.save(output)


# --- provenance -----------------------------------------------------------------------------

def _quote(part: str) -> str:
    """shlex.quote, but Chinese names stay unquoted (only shell-special characters need it)."""
    return shlex.quote(part) if re.search(r"[\s'\"$`\\|&;<>()*?!#~{}\[\]]", part) or not part else part


def command_line(args: argparse.Namespace) -> str:
    parts = ["bizenv"] + (["--db", str(args.db)] if getattr(args, "db", None) else []) + ["export", "comparison"]
    for flag in ("indicator", "regions", "year", "lang", "format", "output"):
        value = getattr(args, flag, None)
        if value:
            parts += [f"--{flag}", str(value)]
    return " ".join(_quote(p) for p in parts)


def build_notes(con: duckdb.DuckDBPyConnection, comparison: Comparison, command: str) -> list[tuple[str, str]]:
    """What the export was made from: the warehouse, its last run, the corpus, counts, the command."""
    database = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()
    run = con.execute(
        "select run_id, command, status, started_at, finished_at from raw.ingest_runs "
        "order by started_at desc limit 1"
    ).fetchone()
    counts = con.execute(
        """
        select
            (select count(*) from raw.files),
            (select count(*) from marts.dim_document where not is_duplicate),
            (select count(*) from marts.dim_document where is_duplicate),
            (select count(*) from marts.fct_measures where not is_duplicate)
        """
    ).fetchone()
    files = con.execute("select file_path, content_hash from raw.files order by file_path").fetchall()
    folders = sorted({str(Path(path).parent) for path, _ in files})
    cells = comparison.cells
    flagged = cells[~cells.get("is_comparable", pd.Series(True, index=cells.index)).astype(bool)]
    units_zh = unit_names(con)
    zh = comparison.lang == "zh"
    by_unit = flagged.groupby("canonical_unit").size() if len(flagged) else pd.Series(dtype=int)
    if zh:
        flag_detail = "；".join(f"{units_zh.get(u, u)} {n} 个" for u, n in by_unit.items())
        notes = [
            ("指标", "、".join(comparison.indicator_names)),
            ("来源", "marts.mart_region_comparison：每个地区对每个指标、年份、单位的最严目标；重复文件的指标不计"),
            ("数值", "单位见各列列名"),
            ("不可直接比较的值", f"{len(flagged)} 个" + (f"（{flag_detail}）：单位与指标单位不同且不能精确换算"
                                                      "（自然日与工作日、小时与工作日不换算；分钟换算为小时），"
                                                      "单独成列，不参与排名" if len(flagged) else "")),
            ("数据库", database[0] if database else ""),
            ("最近一次构建", f"{run[4] or run[3]}（运行 {run[0]}，{run[1]}，{run[2]}）" if run else "无记录"),
            ("语料", "; ".join(folders)),
            ("文件数", str(counts[0])),
            ("文件（文档）数", f"{counts[1]}（另有 {counts[2]} 个重复文档，不计）"),
            ("指标记录数", str(counts[3])),
            ("表中地区数", str(cells.region_code.nunique()) if len(cells) else str(len(comparison.table))),
            ("表中数值个数", str(len(cells))),
            ("命令", command),
        ]
        notes += [(f"文件 {i + 1}", f"{path}（sha {digest[:12]}）") for i, (path, digest) in enumerate(files)]
        return notes
    flag_detail = "; ".join(f"{n} in {u}" for u, n in by_unit.items())
    notes = [
        ("indicator", ", ".join(comparison.indicator_names)),
        ("source", "marts.mart_region_comparison: each region's strictest target per indicator, year and unit; "
                   "measures of duplicate documents excluded"),
        ("values", "in the unit named in each column header"),
        ("not comparable", f"{len(flagged)}" + (f" ({flag_detail}): in a unit that does not convert exactly into the "
                                                "indicator's (calendar days, working days and hours never convert; "
                                                "minutes convert to hours); own columns, not ranked"
                                                if len(flagged) else "")),
        ("warehouse", database[0] if database else ""),
        ("last build", f"{run[4] or run[3]} (run {run[0]}, {run[1]}, {run[2]})" if run else "no run recorded"),
        ("corpus", "; ".join(folders)),
        ("files", str(counts[0])),
        ("documents", f"{counts[1]} (plus {counts[2]} duplicates, not counted)"),
        ("measures", str(counts[3])),
        ("regions in table", str(comparison.table.region_code.nunique())),
        ("values in table", str(len(cells))),
        ("command", command),
    ]
    notes += [(f"file {i + 1}", f"{path} (sha {digest[:12]})") for i, (path, digest) in enumerate(files)]
    return notes


# --- the command ----------------------------------------------------------------------------

def build_comparison(
    con: duckdb.DuckDBPyConnection, indicator: str | None, regions: str | None = None, year: str | None = None,
    lang: str = "zh",
) -> Comparison:
    if lang not in LANGS:
        raise ComparisonError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    try:
        indicators = resolve_indicators(con, indicator)
        requested = resolve_regions(con, regions)
    except duckdb.CatalogException as exc:
        raise MissingWarehouse("the comparison marts do not exist yet: run `bizenv build` first") from exc
    years = parse_years(year)
    codes = None if requested is None else list(requested.region_code)
    cells = load_cells(con, list(indicators.indicator_code), codes, years)
    return layout(cells, indicators, region_order(cells, requested), lang, unit_names(con))


def comparison_export(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> Path:
    """Write the comparison table asked for on the command line; returns the file written."""
    fmt = args.format
    if fmt not in FORMATS:
        raise ComparisonError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    comparison = build_comparison(con, args.indicator, args.regions, args.year, getattr(args, "lang", None) or "zh")
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        write_csv(comparison, output)
    elif fmt == "parquet":
        write_parquet(comparison, output)
    else:
        notes = build_notes(con, comparison, command_line(args))
        (write_xlsx if fmt == "xlsx" else write_markdown)(comparison, output, notes, unit_names(con))
    return output
