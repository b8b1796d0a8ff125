"""`bizenv export comparison`: strictest targets, regions down, years or indicators across.

Layout (values always in the indicator's canonical unit, named in the column header):
  * one indicator   one row per region; one column per target year, e.g. `2023 (working_day)`
  * several         one row per region × target year; one column per indicator, in the order
                    given, e.g. `start_business_time (working_day)`

Every value is a region's strictest target for the indicator and year, as mart_region_comparison
holds it (each measure counted once: duplicate documents are excluded upstream). Regions asked
for with --regions but without any target still get a row, with empty cells.

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

KEY_COLUMNS = ["region_code", "region_name", "region_level"]
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}
FORMATS = ("csv", "xlsx", "parquet", "md")
EVIDENCE_COLUMNS = [
    "cell", "region_code", "region_name", "indicator_code", "indicator_name_zh", "target_year", "value", "unit",
    "comparator", "region_rank", "n_regions", "document_id", "title", "doc_number", "issue_date", "evidence",
    "source_file", "char_start", "char_end", "measure_id",
]
_SPLIT = re.compile(r"[,，、;；\s]+")

CELLS_SQL = """
select
    c.region_code, c.region_name as measure_region_name, c.indicator_code, i.name_zh as indicator_name_zh,
    c.canonical_unit, c.target_year, c.target_value, c.comparator, c.region_rank, c.n_regions,
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
    """Indicator codes (or Chinese names) → rows of dim_indicator, in the order given."""
    tokens = split_list(text)
    if not tokens:
        raise ComparisonError("--indicator is required: one or more indicator codes, comma-separated")
    known = con.execute(
        "select indicator_code, name_zh, canonical_unit, better from marts.dim_indicator"
    ).df()
    rows = []
    for token in tokens:
        hit = known[(known.indicator_code == token) | (known.name_zh == token)]
        if hit.empty:
            with_data = con.execute(
                "select distinct indicator_code from marts.mart_region_comparison order by 1"
            ).fetchall()
            raise ComparisonError(
                f"unknown indicator {token!r}; indicators with targets: {', '.join(r[0] for r in with_data)}"
            )
        rows.append(hit.iloc[0])
    return pd.DataFrame(rows).drop_duplicates("indicator_code").reset_index(drop=True)


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


def value_header(label: object, unit: str) -> str:
    return f"{label} ({unit})"


def layout(cells: pd.DataFrame, indicators: pd.DataFrame, regions: pd.DataFrame) -> Comparison:
    """Pivot the cells: years across for one indicator, indicators across (rows per year) for several."""
    single = len(indicators) == 1
    units = dict(zip(indicators.indicator_code, indicators.canonical_unit))
    if single:
        code = indicators.indicator_code.iloc[0]
        years = sorted(int(y) for y in cells.target_year.dropna().unique())
        across = {value_header(y, units[code]): y for y in years}
    else:
        across = {value_header(c, units[c]): c for c in indicators.indicator_code}

    by_key = {
        (r.region_code, r.indicator_code, int(r.target_year)): i
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
            for column, label in across.items():
                key = (region.region_code, code, label) if single else (region.region_code, label, year)
                source = by_key.get(key)
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
    return Comparison(table, value_columns, ordered_cells, sources)


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


def evidence_line(cell: pd.Series) -> str:
    """One value's provenance in a sentence: value, document (title, 文号, date), evidence, offsets."""
    issued = cell.issue_date.strftime("%Y-%m-%d") if pd.notna(cell.issue_date) else "no date"
    doc_number = f"{cell.doc_number}, " if isinstance(cell.doc_number, str) and cell.doc_number else ""
    return (
        f"{cell.region_name} · {cell.indicator_code} · {cell.target_year}: "
        f"{format_number(cell.target_value)} {cell.canonical_unit} ({cell.comparator}) — "
        f"《{cell.title or cell.document_id}》({doc_number}{issued}): “{cell.evidence}” "
        f"[{cell.source_file} {cell.char_start}–{cell.char_end}]"
    )


def write_markdown(comparison: Comparison, output: Path, notes: list[tuple[str, str]]) -> None:
    table = comparison.table
    header = "| " + " | ".join(md_cell(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---:" if c in comparison.value_columns else "---" for c in table.columns) + " |"
    lines = [header, rule]
    for row_index, row in table.iterrows():
        cells = []
        for column in table.columns:
            value = row[column]
            text = format_number(value) if column in comparison.value_columns else md_cell(value)
            source = comparison.sources.get((row_index, column))
            cells.append(f"{text} [{source + 1}]" if source is not None else text)
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Values are each region's strictest target, in the unit named in the column header;",
              "[n] points to the evidence below.", "", "## Evidence", ""]
    lines += [f"{i + 1}. {md_cell(evidence_line(cell))}" for i, cell in comparison.cells.iterrows()]
    lines += ["", "## Notes", ""] + [f"- {key}: {md_cell(value)}" for key, value in notes]
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _excel_value(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if not isinstance(value, str) and pd.isna(value):
        return None
    return neutralise(value)


def write_xlsx(comparison: Comparison, output: Path, notes: list[tuple[str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    workbook = Workbook()
    data = workbook.active
    data.title = "data"
    evidence = workbook.create_sheet("evidence")
    notes_sheet = workbook.create_sheet("notes")

    table = comparison.table
    columns = list(table.columns)
    data.append(columns)
    for row in table.itertuples(index=False):
        data.append([_excel_value(v) for v in row])

    evidence.append(EVIDENCE_COLUMNS + ["back"])
    cells = comparison.cells.copy()
    cells["cell"] = ""
    for (row_index, column), source in comparison.sources.items():
        target = data.cell(row=row_index + 2, column=columns.index(column) + 1)
        target.hyperlink = Hyperlink(ref=target.coordinate, location=f"evidence!A{source + 2}")
        target.style = "Hyperlink"
        cells.at[source, "cell"] = target.coordinate
    cells = cells.rename(columns={"target_value": "value", "canonical_unit": "unit"})
    for record in cells[EVIDENCE_COLUMNS].itertuples(index=False):
        evidence.append([_excel_value(v) for v in record] + ["← data"])
        back = evidence.cell(row=evidence.max_row, column=len(EVIDENCE_COLUMNS) + 1)
        back.hyperlink = Hyperlink(ref=back.coordinate, location=f"data!{record.cell}")
        back.style = "Hyperlink"

    notes_sheet.append(["item", "value"])
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
    for flag in ("indicator", "regions", "year", "format", "output"):
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
    notes = [
        ("source", "marts.mart_region_comparison: each region's strictest target per indicator and year; "
                   "measures of duplicate documents excluded"),
        ("values", "in the indicator's canonical unit, named in each column header"),
        ("warehouse", database[0] if database else ""),
        ("last build", f"{run[4] or run[3]} (run {run[0]}, {run[1]}, {run[2]})" if run else "no run recorded"),
        ("corpus", "; ".join(folders)),
        ("files", str(counts[0])),
        ("documents", f"{counts[1]} (plus {counts[2]} duplicates, not counted)"),
        ("measures", str(counts[3])),
        ("regions in table", str(comparison.table.region_code.nunique())),
        ("values in table", str(len(comparison.cells))),
        ("command", command),
    ]
    notes += [(f"file {i + 1}", f"{path} (sha {digest[:12]})") for i, (path, digest) in enumerate(files)]
    return notes


# --- the command ----------------------------------------------------------------------------

def build_comparison(
    con: duckdb.DuckDBPyConnection, indicator: str | None, regions: str | None = None, year: str | None = None,
) -> Comparison:
    try:
        indicators = resolve_indicators(con, indicator)
        requested = resolve_regions(con, regions)
    except duckdb.CatalogException as exc:
        raise MissingWarehouse("the comparison marts do not exist yet: run `bizenv build` first") from exc
    years = parse_years(year)
    codes = None if requested is None else list(requested.region_code)
    cells = load_cells(con, list(indicators.indicator_code), codes, years)
    return layout(cells, indicators, region_order(cells, requested))


def comparison_export(con: duckdb.DuckDBPyConnection, args: argparse.Namespace) -> Path:
    """Write the comparison table asked for on the command line; returns the file written."""
    fmt = args.format
    if fmt not in FORMATS:
        raise ComparisonError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    comparison = build_comparison(con, args.indicator, args.regions, args.year)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        write_csv(comparison, output)
    elif fmt == "parquet":
        write_parquet(comparison, output)
    else:
        notes = build_notes(con, comparison, command_line(args))
        (write_xlsx if fmt == "xlsx" else write_markdown)(comparison, output, notes)
    return output
