"""Exports of the dbt-built marts: the measures export of shared/spec/measures.md."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

MEASURE_COLUMNS = [
    "source_file", "char_start", "char_end", "document_id", "region_code", "region_name", "indicator_code",
    "subject", "value", "unit", "comparator", "kind", "baseline_value", "target_year", "evidence",
]
FORMATS = ("csv", "parquet", "xlsx", "md")


class MissingWarehouse(RuntimeError):
    pass


def measures_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    try:
        df = con.execute(
            f"select {', '.join(MEASURE_COLUMNS)} from marts.fct_measures order by source_file, char_start, indicator_code"
        ).df()
    except duckdb.CatalogException as exc:
        raise MissingWarehouse("marts.fct_measures does not exist yet: run `bizenv build` first") from exc
    df["target_year"] = df["target_year"].astype("Int64")
    df["char_start"] = df["char_start"].astype("int64")
    df["char_end"] = df["char_end"].astype("int64")
    return df


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it stays text
    (OWASP's CSV-injection advice); everything else unchanged. Every CSV and XLSX export uses it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell passed through `neutralise`."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def write_frame(df: pd.DataFrame, fmt: str, output: str | Path, sheet: str = "data") -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        # Plain UTF-8: the header must read exactly as the contract's (a BOM would prefix it).
        neutralise_frame(df).to_csv(output, index=False, encoding="utf-8")
    elif fmt == "parquet":
        df.to_parquet(output, index=False)
    elif fmt == "md":
        output.write_text(_markdown(df), encoding="utf-8")
    elif fmt == "xlsx":
        neutralise_frame(df).to_excel(output, index=False, sheet_name=sheet)
    else:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return output


def md_cell(value: object) -> str:
    """A value as the text of a Markdown table cell: '' for null, pipes escaped, on one line."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _markdown(df: pd.DataFrame) -> str:
    """A pipe table (pandas' to_markdown would need the optional tabulate package)."""
    cells = [[md_cell(v) for v in row] for row in df.itertuples(index=False)]
    lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines) + "\n"


def read_export(path: str | Path) -> pd.DataFrame:
    """A measures export in any of the formats, back as a DataFrame (for `bizenv eval --pred`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", dtype={"region_code": str})
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        return pd.read_excel(path, dtype={"region_code": str})
    raise ValueError(f"{path}: unknown export format {suffix!r}")
