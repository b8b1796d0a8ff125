"""Landing: the raw schema of the DuckDB warehouse and idempotent writes into it.

Every file is replaced as a unit inside one transaction, so a crash leaves either the old
or the new version of a file's documents and measures, never half of one.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

import duckdb

from .records import Document, Measure, SourceText

SCHEMA = """
create schema if not exists raw;

create table if not exists raw.files (
    file_path         varchar primary key,
    source_file       varchar not null,
    content_hash      varchar not null,
    extractor_version varchar not null,
    encoding          varchar,
    size_bytes        bigint,
    n_documents       integer,
    n_measures        integer,
    text              varchar,
    run_id            varchar,
    ingested_at       timestamp,
    path_bytes        blob
);

create table if not exists raw.documents (
    document_id    varchar primary key,
    file_path      varchar not null,
    source_file    varchar not null,
    ordinal        integer not null,
    char_start     integer not null,
    char_end       integer not null,
    title          varchar,
    issuer         varchar,
    doc_number     varchar,
    issue_date     date,
    period_start   integer,
    period_end     integer,
    period_label   varchar,
    doc_type       varchar,
    region_status  varchar not null,
    content_hash   varchar,
    duplicate_of   varchar,
    run_id         varchar,
    signature      blob,
    n_shingles     integer,
    n_masks        integer
);

create table if not exists raw.document_regions (
    document_id  varchar not null,
    region_code  varchar not null,
    region_name  varchar,
    method       varchar,
    inferred     boolean,
    position     integer
);

create table if not exists raw.measures (
    measure_id      varchar primary key,
    document_id     varchar not null,
    source_file     varchar not null,
    char_start      integer not null,
    char_end        integer not null,
    region_code     varchar,
    region_name     varchar,
    indicator_code  varchar not null,
    subject         varchar,
    value           double not null,
    unit            varchar not null,
    comparator      varchar not null,
    kind            varchar not null,
    baseline_value  double,
    target_year     integer,
    evidence        varchar,
    number_text     varchar,
    unit_text       varchar,
    run_id          varchar,
    trace           varchar  -- names of the extraction rules that shaped the measure
);
-- A warehouse landed before the trace column: a new extractor version re-extracts every file.
alter table raw.measures add column if not exists trace varchar;

create table if not exists raw.rejects (
    run_id       varchar,
    file_path    varchar,
    source_file  varchar,
    reason       varchar,
    rejected_at  timestamp
);

create table if not exists raw.ingest_runs (
    run_id          varchar primary key,
    command         varchar,
    started_at      timestamp,
    finished_at     timestamp,
    status          varchar,
    files_seen      integer,
    files_ingested  integer,
    files_skipped   integer,
    files_rejected  integer,
    documents       integer,
    measures        integer,
    extractor_version varchar,
    message         varchar
);
"""


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file."""


def connect(db_path: str | Path, wait_seconds: float = 30.0, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, waiting a bounded time if another process holds its lock."""
    db_path = Path(db_path)
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise WarehouseLocked(
                        f"{db_path}: the warehouse is locked by another process "
                        f"(waited {wait_seconds:.0f}s): {exc}"
                    ) from exc
                raise
            time.sleep(0.5)


# Columns added after warehouses were first built: added in place, so no rebuild is needed.
LATER_COLUMNS = [
    ("raw.files", "path_bytes", "blob"),  # the file name's bytes on disk when they are not UTF-8
    ("raw.ingest_runs", "files_retired", "integer"),
    ("raw.ingest_runs", "files_moved", "integer"),
]
# What a file had landed, kept when the file leaves the corpus (facts and marts read only raw.<table>).
RETIRED_TABLES = ("files", "documents", "document_regions", "measures")
_FILE_ROWS = {
    "files": "file_path = ?",
    "documents": "file_path = ?",
    "document_regions": "document_id in (select document_id from raw.documents where file_path = ?)",
    "measures": "document_id in (select document_id from raw.documents where file_path = ?)",
}


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    # One transaction: a run killed while creating the schema leaves all of it or none of it.
    with transaction(con):
        con.execute(SCHEMA)
        for table, column, type_ in LATER_COLUMNS:
            con.execute(f"alter table {table} add column if not exists {column} {type_}")
        _ensure_retired_tables(con)


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = 'raw' "
        "and table_name = ? order by ordinal_position", [table]).fetchall()


def _ensure_retired_tables(con: duckdb.DuckDBPyConnection) -> None:
    """raw.retired_<table>: the rows of raw.<table> plus when, why and by which run they were retired.
    Columns later added to raw.<table> are added here too."""
    for table in RETIRED_TABLES:
        con.execute(
            f"create table if not exists raw.retired_{table} as select *, null::timestamp as retired_at, "
            f"null::varchar as retired_run_id, null::varchar as retired_reason from raw.{table} where false")
        have = {name for name, _ in _columns(con, f"retired_{table}")}
        for name, type_ in _columns(con, table):
            if name not in have:
                con.execute(f'alter table raw.retired_{table} add column "{name}" {type_}')


def retire_file(con: duckdb.DuckDBPyConnection, file_path: str, run_id: str, reason: str) -> None:
    """Take a file that left the corpus out of the live raw tables (so out of the facts and marts),
    keeping its rows in raw.retired_* with the time, the run and the reason. One transaction."""
    with transaction(con):
        for table in RETIRED_TABLES:
            con.execute(
                f"insert into raw.retired_{table} by name select *, now() as retired_at, ? as retired_run_id, "
                f"? as retired_reason from raw.{table} where {_FILE_ROWS[table]}", [run_id, reason, file_path])
        _delete_file(con, file_path)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def known_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    # (keyed by the stored, safe file name: see reading.safe_name)
    """file_path -> (content_hash, extractor_version) of every landed file."""
    rows = con.execute("select file_path, content_hash, extractor_version from raw.files").fetchall()
    return {path: (h, v) for path, h, v in rows}


def measure_id(m: Measure, index: int) -> str:
    return f"{m.document_id}:{m.char_start}:{index}"


# The raw tables' columns as land_file fills them (exporting.MEASURE_COLUMNS is the export contract).
RAW_FILE_COLUMNS = [
    "file_path", "source_file", "content_hash", "extractor_version", "encoding", "size_bytes", "n_documents",
    "n_measures", "text", "run_id", "ingested_at", "path_bytes",
]
RAW_DOCUMENT_COLUMNS = [
    "document_id", "file_path", "source_file", "ordinal", "char_start", "char_end", "title", "issuer", "doc_number",
    "issue_date", "period_start", "period_end", "period_label", "doc_type", "region_status", "content_hash",
    "duplicate_of", "run_id", "signature", "n_shingles", "n_masks",
]
RAW_REGION_COLUMNS = ["document_id", "region_code", "region_name", "method", "inferred", "position"]
RAW_MEASURE_COLUMNS = [
    "measure_id", "document_id", "source_file", "char_start", "char_end", "region_code", "region_name",
    "indicator_code", "subject", "value", "unit", "comparator", "kind", "baseline_value", "target_year", "evidence",
    "number_text", "unit_text", "run_id", "trace",
]


@dataclass
class FileLanding:
    """One file's rows, ready to replace what was landed from its path."""
    source: SourceText
    documents: list[Document]
    measures: list[Measure]
    path_bytes: bytes | None = None


def land_file(
    con: duckdb.DuckDBPyConnection,
    source: SourceText,
    documents: list[Document],
    measures: list[Measure],
    run_id: str,
    extractor_version: str,
    path_bytes: bytes | None = None,
) -> None:
    """Replace everything landed from `source.path` with this version, atomically."""
    land_files(con, [FileLanding(source, documents, measures, path_bytes)], run_id, extractor_version)


def land_files(con: duckdb.DuckDBPyConnection, files: list[FileLanding], run_id: str, extractor_version: str) -> None:
    """Replace everything landed from each file's path, all files in one transaction (so each file
    is whole: old or new, never half). Rows go in as one Arrow table per raw table: a statement and a
    commit per file were most of the single writer's time, and object-typed DataFrames cost DuckDB a
    type scan per column."""
    if not files:
        return
    paths = [f.source.path for f in files]
    if len(set(paths)) != len(paths):
        raise ValueError("land_files: a batch names the same file twice")
    landed_before = {row[0] for row in con.execute(
        "select file_path from raw.files where list_contains(?, file_path)", [paths]).fetchall()}
    now = datetime.now()
    with transaction(con):
        for path in paths:
            if path in landed_before:
                _delete_file(con, path)
        _insert(con, "raw.files", RAW_FILE_COLUMNS, [
            [f.source.path, f.source.source_file, f.source.content_hash, extractor_version, f.source.encoding,
             f.source.size_bytes, len(f.documents), len(f.measures), f.source.text, run_id, now, f.path_bytes]
            for f in files])
        documents = [(f, d) for f in files for d in f.documents]
        if documents:
            _insert(con, "raw.documents", RAW_DOCUMENT_COLUMNS, [
                [d.document_id, f.source.path, d.source_file, d.ordinal, d.char_start, d.char_end, d.title, d.issuer,
                 d.doc_number, d.issue_date, d.period_start, d.period_end, d.period_label, d.doc_type,
                 d.region_status, d.content_hash, d.duplicate_of, run_id, d.signature, d.n_shingles, d.n_masks]
                for f, d in documents])
            regions = [[d.document_id, r.code, r.name, r.method, r.inferred, i]
                       for _, d in documents for i, r in enumerate(d.regions)]
            if regions:
                _insert(con, "raw.document_regions", RAW_REGION_COLUMNS, regions)
        measures = [[measure_id(m, i), m.document_id, m.source_file, m.char_start, m.char_end, m.region_code,
                     m.region_name, m.indicator_code, m.subject, m.value, m.unit, m.comparator, m.kind,
                     m.baseline_value, m.target_year, m.evidence, m.number_text, m.unit_text, run_id, m.trace]
                    for f in files for i, m in enumerate(f.measures)]
        if measures:
            _insert(con, "raw.measures", RAW_MEASURE_COLUMNS, measures)


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[list]) -> None:
    import pyarrow as pa

    batch = pa.table({name: [row[k] for row in rows] for k, name in enumerate(columns)})
    con.register("landing_batch", batch)
    con.execute(f"insert into {table} ({', '.join(columns)}) select {', '.join(columns)} from landing_batch")
    # Not in a `finally`: after a failed insert the transaction is aborted and unregistering would
    # raise over the real error (the next register replaces the view anyway).
    con.unregister("landing_batch")


def _delete_file(con: duckdb.DuckDBPyConnection, file_path: str) -> None:
    doc_ids = "select document_id from raw.documents where file_path = ?"
    con.execute(f"delete from raw.measures where document_id in ({doc_ids})", [file_path])
    con.execute(f"delete from raw.document_regions where document_id in ({doc_ids})", [file_path])
    con.execute("delete from raw.documents where file_path = ?", [file_path])
    con.execute("delete from raw.files where file_path = ?", [file_path])


def record_reject(con: duckdb.DuckDBPyConnection, run_id: str, file_path: str, reason: str) -> None:
    con.execute(
        "insert into raw.rejects values (?, ?, ?, ?, now())",
        [run_id, file_path, Path(file_path).name, reason],
    )
