"""Great Expectations checks on the landed data, run between ingest and `dbt build`.

`validate_landed` reads raw.measures and raw.documents into pandas DataFrames and validates
them with one GX suite each (an ephemeral GX context: nothing is written outside `docs_dir`).

Expectations have a severity. A failing *critical* expectation (keys, contract vocabularies,
offsets) makes the validation fail and stops the build; a failing *warning* expectation (a
percentage level above 100, a year outside 1990–2050: things OCR can produce in a real corpus)
is reported in `warnings` but lets the build go on, where dbt's warn-level tests list the rows.
The same split is used by the dbt tests (error vs warn).

Every message names the table, the expectation and the column, e.g.
``measures: expect_column_values_to_be_in_set(unit) failed: 1 of 12 rows unexpected, e.g. ['furlong']``.
"""

from __future__ import annotations

import csv
import logging
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from . import SEEDS_DIR

# Keep GX quiet: no usage statistics, no progress bars (set on the context), no INFO logs.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

COMPARATORS = ["le", "ge", "eq"]
KINDS = ["target", "actual", "change", "rule"]
REGION_STATUSES = ["resolved", "inferred", "ambiguous", "unresolved"]
MIN_YEAR, MAX_YEAR = 1990, 2050

MEASURE_COLUMNS = [
    "measure_id", "document_id", "source_file", "char_start", "char_end", "region_code",
    "region_name", "indicator_code", "subject", "value", "unit", "comparator", "kind",
    "baseline_value", "target_year", "evidence",
]
DOCUMENT_COLUMNS = [
    "document_id", "file_path", "source_file", "ordinal", "char_start", "char_end", "title",
    "issue_date", "period_start", "period_end", "region_status", "duplicate_of",
]


@dataclass
class ValidationResult:
    success: bool
    failures: list[str] = field(default_factory=list)  # critical expectations that failed
    warnings: list[str] = field(default_factory=list)  # warning expectations that failed
    docs_index: Path | None = None  # Data Docs index.html, when docs_dir was given


def units_vocabulary(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """The spec's unit vocabulary, as kept in seeds/units.csv (the dbt tests use the same list)."""
    with open(seeds_dir / "units.csv", encoding="utf-8", newline="") as f:
        return [row["unit"] for row in csv.DictReader(f)]


def validate_landed(con: duckdb.DuckDBPyConnection, docs_dir: Path | None = None) -> ValidationResult:
    """Validate raw.measures and raw.documents; write Data Docs (HTML) to docs_dir if given."""
    measures = con.execute("select * from raw.measures").df()
    documents = con.execute("select * from raw.documents").df()
    return validate_frames(measures, documents, docs_dir)


def validate_frames(measures: pd.DataFrame, documents: pd.DataFrame, docs_dir: Path | None = None) -> ValidationResult:
    with _quiet():
        import great_expectations as gx

        context = gx.get_context(mode="ephemeral")
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
        site_name = "bizenv_landed"
        if docs_dir is not None:
            docs_dir = Path(docs_dir)
            docs_dir.mkdir(parents=True, exist_ok=True)
            context.add_data_docs_site(
                site_name,
                {
                    "class_name": "SiteBuilder",
                    "store_backend": {
                        "class_name": "TupleFilesystemStoreBackend",
                        "base_directory": str(docs_dir.resolve()),
                    },
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )

        datasource = context.data_sources.add_pandas("landed")
        frames = {
            "measures": (measures, measure_expectations(documents)),
            "documents": (documents, document_expectations(documents)),
        }
        failures: list[str] = []
        warns: list[str] = []
        for table, (frame, expectations) in frames.items():
            batch_definition = datasource.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
            suite = context.suites.add(gx.ExpectationSuite(name=f"raw_{table}"))
            for expectation in expectations:
                suite.add_expectation(expectation)
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=f"raw_{table}", data=batch_definition, suite=suite)
            )
            result = validation.run(
                batch_parameters={"dataframe": _gx_friendly(frame)},
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5},
            )
            for expectation_result in result.results:
                if expectation_result.success:
                    continue
                message = f"{table}: {_describe(expectation_result)}"
                severity = getattr(expectation_result.expectation_config, "severity", "critical")
                if str(getattr(severity, "value", severity)) == "critical":
                    failures.append(message)
                else:
                    warns.append(message)

        docs_index = None
        if docs_dir is not None:
            context.build_data_docs(site_names=[site_name])
            docs_index = docs_dir / "index.html"
    return ValidationResult(success=not failures, failures=failures, warnings=warns, docs_index=docs_index)


def measure_expectations(documents: pd.DataFrame) -> list:
    import great_expectations.expectations as gxe
    from great_expectations.expectations.row_conditions import Column

    expectations: list = [gxe.ExpectColumnToExist(column=c) for c in MEASURE_COLUMNS]
    expectations += [
        gxe.ExpectColumnValuesToNotBeNull(column=c)
        for c in ["measure_id", "document_id", "source_file", "char_start", "char_end",
                  "indicator_code", "value", "unit", "comparator", "kind"]
    ]
    expectations += [
        gxe.ExpectColumnValuesToBeUnique(column="measure_id"),
        gxe.ExpectColumnValuesToBeInSet(column="document_id", value_set=_ids(documents)),
        gxe.ExpectColumnValuesToBeInSet(column="unit", value_set=units_vocabulary()),
        gxe.ExpectColumnValuesToBeInSet(column="comparator", value_set=COMPARATORS),
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start", or_equal=False),
        gxe.ExpectColumnValuesToBeBetween(column="char_start", min_value=0),
        # null region codes are allowed (the document's region is used); present ones are 6 digits
        gxe.ExpectColumnValuesToMatchRegex(column="region_code", regex=r"^[0-9]{6}$"),
        # a percentage level is 0–100; a change (增长120%) is not a level
        gxe.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, max_value=100,
            row_condition=(Column("unit") == "percent") & (Column("kind") != "change"),
            severity="warning",
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="target_year", min_value=MIN_YEAR, max_value=MAX_YEAR, severity="warning",
        ),
    ]
    return expectations


def document_expectations(documents: pd.DataFrame) -> list:
    import great_expectations.expectations as gxe

    expectations: list = [gxe.ExpectColumnToExist(column=c) for c in DOCUMENT_COLUMNS]
    expectations += [
        gxe.ExpectColumnValuesToNotBeNull(column=c)
        for c in ["document_id", "file_path", "source_file", "char_start", "char_end", "region_status"]
    ]
    expectations += [
        gxe.ExpectColumnValuesToBeUnique(column="document_id"),
        gxe.ExpectColumnValuesToBeInSet(column="duplicate_of", value_set=_ids(documents)),
        gxe.ExpectColumnValuesToBeInSet(column="region_status", value_set=REGION_STATUSES),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start", or_equal=False),
        gxe.ExpectColumnValuesToBeBetween(column="period_start", min_value=MIN_YEAR, max_value=MAX_YEAR, severity="warning"),
        gxe.ExpectColumnValuesToBeBetween(column="period_end", min_value=MIN_YEAR, max_value=MAX_YEAR, severity="warning"),
    ]
    return expectations


def _ids(documents: pd.DataFrame) -> list[str]:
    if "document_id" not in documents.columns:
        return []
    return sorted(str(v) for v in documents["document_id"].dropna().unique())


def _gx_friendly(frame: pd.DataFrame) -> pd.DataFrame:
    """Plain object/float columns: GX's pandas metrics do not all handle pandas' newer
    string and nullable dtypes; dates become ISO strings."""
    out = frame.copy()
    for column in out.columns:
        dtype = out[column].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            out[column] = out[column].dt.strftime("%Y-%m-%d").astype(object)
        elif pd.api.types.is_bool_dtype(dtype):
            out[column] = out[column].astype(object)
        elif pd.api.types.is_numeric_dtype(dtype):
            out[column] = out[column].astype("float64")
        else:
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def _describe(expectation_result) -> str:
    config = expectation_result.expectation_config
    kwargs = config.kwargs
    if "column_A" in kwargs:
        column = f"{kwargs['column_A']} > {kwargs['column_B']}"
    else:
        column = kwargs.get("column", "table")
    result = expectation_result.result or {}
    details = []
    if expectation_result.exception_info and expectation_result.exception_info.get("raised_exception"):
        details.append(f"error: {expectation_result.exception_info.get('exception_message')}")
    if "unexpected_count" in result:
        count = result.get("element_count")
        details.append(f"{result['unexpected_count']} of {count} rows unexpected")
        examples = result.get("partial_unexpected_list") or []
        if examples:
            details.append(f"e.g. {examples[:5]}")
    elif "observed_value" in result:
        details.append(f"observed {result['observed_value']!r}")
    return f"{config.type}({column}) failed" + (": " + ", ".join(details) if details else "")


class _quiet:
    """Silence GX's loggers and Python warnings (deprecations) while the suite runs."""

    def __enter__(self):
        self._logger = logging.getLogger("great_expectations")
        self._level = self._logger.level
        self._logger.setLevel(logging.ERROR)
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")
        return self

    def __exit__(self, *exc):
        self._warnings.__exit__(*exc)
        self._logger.setLevel(self._level)
        return False
