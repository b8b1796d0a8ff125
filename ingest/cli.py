"""The `bizenv` command line."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import PROJECT_ROOT
from .report import add_report_parser

DEFAULT_DB = "warehouse/bizenv.duckdb"
DEFAULT_CORPUS = str(PROJECT_ROOT.parent / "shared" / "corpus")


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db or os.environ.get("BIZENV_DB") or DEFAULT_DB)


LIVE_HELP = "read the build's own file instead of the published read-only copy (waits while a build runs)"


def _read_only(db_path: Path, published: bool, analyst: bool = False):
    """A read-only connection: the published copy when asked and present (never blocks a build).
    `analyst`: external access off (no file reads or writes outside the warehouse, no ATTACH,
    INSTALL or LOAD), locked so the SQL cannot turn it back on."""
    import duckdb

    from .build import published_path
    from .landing import connect

    path = published_path(db_path) if published and published_path(db_path).exists() else db_path
    if not path.exists():
        raise SystemExit(f"bizenv: no warehouse at {path}; run `bizenv build` first")
    try:
        # the versioned file itself: a process that opened an older version still gets the new one
        con = connect(os.path.realpath(path), read_only=True, wait_seconds=10)
    except duckdb.Error as exc:
        raise SystemExit(f"bizenv: cannot open {path}: {exc}") from exc
    if analyst:
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")
    return con


def _now() -> str:
    from datetime import datetime

    return datetime.now().astimezone().isoformat(timespec="seconds")


class BuildLog:
    """Where `bizenv build` writes its lines: stdout/stderr, and with --log FILE timestamped lines
    in FILE (folder created, rotated at 5 MB with 5 old files kept)."""

    def __init__(self, log_file: str | None) -> None:
        self.logger = None
        if log_file:
            import logging
            import logging.handlers

            Path(log_file).parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=5 << 20, backupCount=5, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z"))
            self.logger = logging.getLogger(f"bizenv.build.{id(self)}")
            self.logger.propagate = False
            self.logger.setLevel(logging.INFO)
            self.logger.addHandler(handler)

    def out(self, line: str) -> None:
        if self.logger:
            self.logger.info(line)
        else:
            print(line)

    def err(self, line: str) -> None:
        if self.logger:
            self.logger.error(line)
        print(line, file=sys.stderr)  # also on stderr: cron mails it, journald keeps it


def _missing(paths: list[str]) -> str | None:
    for path in paths:
        if not os.path.lexists(path):
            return f"bizenv: corpus {path} does not exist (is the share mounted?)"
    return None


def cmd_ingest(args: argparse.Namespace) -> int:
    from .build import EXIT_BUSY, EXIT_LOCKED, EXIT_USAGE, BuildLocked, build_lock
    from .landing import WarehouseLocked
    from .pipeline import ingest

    db_path = _db(args)
    if _missing(args.paths):
        print(_missing(args.paths), file=sys.stderr)
        return EXIT_USAGE
    try:
        with build_lock(db_path, args.lock_wait):  # the same lock as `bizenv build`
            summary = ingest(args.paths, db_path, workers=args.workers, progress=not args.quiet,
                             lock_wait=args.lock_wait)
    except BuildLocked as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except WarehouseLocked as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except FileNotFoundError as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print("\n".join(summary.lines()))
    return 1 if (args.strict and summary.rejects) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import EXIT_BUSY, EXIT_LOCKED, EXIT_OK, EXIT_REJECTS, EXIT_USAGE, BuildLocked, build
    from .landing import WarehouseLocked

    log = BuildLog(args.log)
    db_path = _db(args)
    corpus = args.corpus or [DEFAULT_CORPUS]
    if _missing(corpus):
        log.err(_missing(corpus))
        return EXIT_USAGE
    docs_dir = Path(args.docs_dir) if args.docs_dir else db_path.parent / "data_docs"
    log.out(f"build started: corpus {', '.join(corpus)} -> {db_path}")
    try:
        result = build(corpus, db_path, docs_dir=docs_dir, wait_seconds=args.wait, workers=args.workers,
                       keep_missing=args.keep_missing, rebuild=args.rebuild, say=log.out)
    except BuildLocked as exc:
        log.err(f"bizenv: {exc}")
        return EXIT_LOCKED
    except WarehouseLocked as exc:
        log.err(f"bizenv: warehouse busy: {exc}")
        return EXIT_BUSY
    except FileNotFoundError as exc:
        log.err(f"bizenv: {exc}")
        return EXIT_USAGE
    assert result.ingest is not None
    for line in result.ingest.lines():
        log.out(line)
    if result.validation_failures:
        log.err("validation failed (dbt not run):")
        for failure in result.validation_failures:
            log.err(f"  {failure}")
        return result.exit_code
    log.out(f"validation passed; data docs in {docs_dir}")
    log.out(f"dbt build: {result.dbt_summary}")
    if not result.dbt_ok:
        tail = [line for line in result.dbt_output.splitlines() if line.strip()][-40:]
        for line in tail:
            log.err(f"  dbt: {line}")
        log.err("dbt build failed; the published copy was not changed")
        return result.exit_code
    if result.published is None:
        log.err(f"publish failed; the published copy was not changed: {result.publish_error}")
        return result.exit_code
    log.out(f"published read-only copy: {result.published} (analysts open {result.published.parent / db_path.name}; "
            f"Parquet marts in {result.published.parent / 'parquet'})")
    if args.strict and result.ingest.rejects:
        return EXIT_REJECTS
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .comparison import ComparisonError, comparison_export
    from .exporting import MissingWarehouse, measures_frame, write_frame

    # the published copy, so a running build never blocks an export and an export never blocks a build
    con = _read_only(_db(args), published=not args.live)
    try:
        if args.what == "measures":
            df = measures_frame(con)
            out = write_frame(df, args.format, args.output)
        else:
            out = comparison_export(con, args)
            df = None
    except (MissingWarehouse, ComparisonError) as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    rows = f"{len(df)} rows " if df is not None else ""
    print(f"wrote {rows}to {out}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import dropped_candidates, load_gold, report, rule_errors, rule_report, score, warehouse_predictions
    from .exporting import read_export

    gold = load_gold(args.gold)
    paths: list[str] = []
    if args.pred:
        df = read_export(args.pred)
        predictions = df.astype(object).where(df.notna(), None).to_dict("records")
    else:
        con = _read_only(_db(args), published=not args.live)
        try:
            predictions = warehouse_predictions(con)
            files = sorted({g["file"] for g in gold})
            if args.errors and files:
                marks = ", ".join("?" * len(files))
                paths = [p for (p,) in con.execute(f"select file_path from raw.files where source_file in ({marks})", files).fetchall()]
        finally:
            con.close()
    if args.corpus:
        paths = [str(p) for p in Path(args.corpus).iterdir() if p.is_file()]
    result = score(gold, predictions)
    print(report(result, errors=args.errors))
    if args.errors:
        print(rule_report(rule_errors(result, dropped_candidates(paths) if paths else None), args.errors))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    con = _read_only(_db(args), published=not args.live, analyst=True)
    try:
        df = con.execute(args.sql).df()
    except duckdb.Error as exc:
        print(f"bizenv: query failed: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if args.format == "csv":
        if args.output:
            df.to_csv(args.output, index=False, encoding="utf-8-sig")
            print(f"wrote {len(df)} rows to {args.output}")
        else:
            df.to_csv(sys.stdout, index=False)
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", args.max_rows, "display.max_columns", None, "display.width", 200,
                               "display.unicode.east_asian_width", True):
            print(df.to_string(index=False, max_rows=args.max_rows))
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    # every cell as text, a missing value as "": pandas would print None, NaN or NaT
    columns = [(c, c) for c in ("document_id", "region_codes", "region_names", "region_status", "duplicate_of",
                                "issue_date", "doc_number", "doc_type")]
    columns += [("left(issuer, 24)", "issuer"), ("left(title, 40)", "title"), ("n_measures", "n_measures")]
    cells = ", ".join(f"coalesce(cast({expr} as varchar), '') as {name}" for expr, name in columns)
    args.sql = f"select {cells} from marts.dim_document order by document_id"
    args.format, args.output, args.live = "table", None, False
    return cmd_query(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bizenv", description="Business-environment policy comparison warehouse.")
    parser.add_argument("--db", help=f"DuckDB warehouse file (default: $BIZENV_DB or {DEFAULT_DB})")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read files or folders into the warehouse's raw schema (takes the build lock)",
                       epilog="exit codes: as `bizenv build` (0 ok, 1 --strict rejects, 2 missing path, 3 build "
                              "lock held, 4 warehouse busy)")
    p.add_argument("paths", nargs="+", help="files or folders (.txt .docx .pdf .html)")
    p.add_argument("--workers", type=int, help="extraction processes (default: one per core)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file is rejected")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--lock-wait", type=float, default=30.0, help="seconds to wait for a warehouse another process holds")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser(
        "build", help="ingest, validate, dbt build, publish: the job a scheduler runs",
        description="Mirror the corpus into the warehouse, validate, dbt build, publish a verified copy.",
        epilog=("exit codes: 0 published; 1 --strict and a file was rejected; 2 bad arguments (missing corpus); "
                "3 another build or ingest holds the lock (skipped); 4 warehouse busy (another process holds the "
                "DuckDB file); 5 validation failed; 6 dbt failed; 7 publish failed (old copy kept)"))
    p.add_argument("--corpus", action="append", help=f"folder or file to ingest (repeatable; default {DEFAULT_CORPUS})")
    p.add_argument("--docs-dir", help="where Great Expectations writes its Data Docs")
    p.add_argument("--wait", type=float, default=60.0, help="seconds to wait for another build's lock")
    p.add_argument("--workers", type=int)
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file is rejected")
    p.add_argument("--keep-missing", action="store_true",
                   help="keep files that left the corpus in the facts (default: retire them; raw.retired_* keeps them)")
    p.add_argument("--rebuild", action="store_true",
                   help="set the live file aside and rebuild it from the corpus (done by itself when it is damaged)")
    p.add_argument("--log", help="append timestamped lines to this file (folder created; rotated at 5 MB, 5 kept)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("export", help="export measures or a comparison table")
    p.add_argument("what", choices=["measures", "comparison"])
    p.add_argument("--format", default="csv", choices=["csv", "parquet", "xlsx", "md"])
    p.add_argument("--output", required=True)
    p.add_argument("--indicator", help="comparison: indicator code(s) or Chinese name(s) or part of one, comma-separated")
    p.add_argument("--regions", help="comparison: region codes or names, comma-separated")
    p.add_argument("--year", help="comparison: target year(s), comma-separated")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="comparison: headers and values in Chinese (default) or as codes (en)")
    p.add_argument("--live", action="store_true", help=LIVE_HELP)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval", help="score extracted measures against gold labels")
    p.add_argument("--gold", required=True, help="folder of gold *.jsonl files")
    p.add_argument("--pred", help="a measures export (csv/parquet/xlsx) instead of the warehouse")
    p.add_argument("--errors", type=int, default=0,
                   help="list the first N misses, false positives and wrong fields, and the errors per extraction rule")
    p.add_argument("--corpus", help="with --errors: the source files, to name the filter behind each miss (default: the warehouse's)")
    p.add_argument("--live", action="store_true", help=LIVE_HELP)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser(
        "query", help="run SQL on the warehouse (the published read-only copy by default)",
        description=("Run SQL read-only, with DuckDB's external access disabled: no COPY ... TO, no read_csv/"
                     "read_parquet/read_text of files outside the warehouse, no ATTACH, INSTALL or LOAD. "
                     "Use --format csv --output FILE to save a result."))
    p.add_argument("sql")
    p.add_argument("--format", default="table", choices=["table", "csv"])
    p.add_argument("--output", help="with --format csv: write to this file")
    p.add_argument("--live", action="store_true", help=LIVE_HELP)
    p.add_argument("--max-rows", type=int, default=200)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("documents", help="list documents with their metadata and regions")
    p.add_argument("--max-rows", type=int, default=500)
    p.set_defaults(func=cmd_documents)

    add_report_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    import signal

    # A scheduler stops jobs with SIGTERM: unwind like Ctrl-C so the run is recorded as failed
    # and the worker pool is shut down.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
