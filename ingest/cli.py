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


def _read_only(db_path: Path, published: bool):
    """A read-only connection: the published copy when asked and present (never blocks a build)."""
    import duckdb

    from .build import published_path
    from .landing import connect

    path = published_path(db_path) if published and published_path(db_path).exists() else db_path
    if not path.exists():
        raise SystemExit(f"bizenv: no warehouse at {path}; run `bizenv build` first")
    try:
        return connect(path, read_only=True, wait_seconds=10)
    except duckdb.Error as exc:
        raise SystemExit(f"bizenv: cannot open {path}: {exc}") from exc


def cmd_ingest(args: argparse.Namespace) -> int:
    from .landing import WarehouseLocked
    from .pipeline import ingest

    try:
        summary = ingest(args.paths, _db(args), workers=args.workers, progress=not args.quiet, lock_wait=args.lock_wait)
    except WarehouseLocked as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return 3
    except FileNotFoundError as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 1 if (args.strict and summary.rejects) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import BuildLocked, build
    from .landing import WarehouseLocked

    db_path = _db(args)
    corpus = args.corpus or [DEFAULT_CORPUS]
    docs_dir = Path(args.docs_dir) if args.docs_dir else db_path.parent / "data_docs"
    try:
        result = build(corpus, db_path, docs_dir=docs_dir, wait_seconds=args.wait, workers=args.workers)
    except (BuildLocked, WarehouseLocked) as exc:
        print(f"bizenv: {exc}", file=sys.stderr)
        return 3
    assert result.ingest is not None
    print("\n".join(result.ingest.lines()))
    if result.validation_failures:
        print("validation failed (dbt not run):", file=sys.stderr)
        for failure in result.validation_failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print(f"validation passed; data docs in {docs_dir}")
    print(f"dbt build: {result.dbt_summary}")
    if not result.dbt_ok:
        return 1
    print(f"published read-only copy: {result.published}")
    if args.strict and result.ingest.rejects:
        return 1
    return 0


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
    from .evaluation import load_gold, report, score
    from .exporting import measures_frame, read_export

    gold = load_gold(args.gold)
    if args.pred:
        df = read_export(args.pred)
    else:
        con = _read_only(_db(args), published=not args.live)
        try:
            df = measures_frame(con)
        finally:
            con.close()
    predictions = df.astype(object).where(df.notna(), None).to_dict("records")
    print(report(score(gold, predictions), errors=args.errors))
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    con = _read_only(_db(args), published=not args.live)
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
    args.sql = (
        "select document_id, region_codes, region_names, region_status, duplicate_of, issue_date, doc_number, "
        "left(title, 40) as title, n_measures from marts.dim_document order by document_id"
    )
    args.format, args.output, args.live = "table", None, False
    return cmd_query(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bizenv", description="Business-environment policy comparison warehouse.")
    parser.add_argument("--db", help=f"DuckDB warehouse file (default: $BIZENV_DB or {DEFAULT_DB})")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read files or folders into the warehouse's raw schema")
    p.add_argument("paths", nargs="+", help="files or folders (.txt .docx .pdf .html)")
    p.add_argument("--workers", type=int, help="extraction processes (default: one per core)")
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file is rejected")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--lock-wait", type=float, default=30.0, help="seconds to wait for a warehouse another process holds")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("build", help="ingest, validate, dbt build, publish: the job a scheduler runs")
    p.add_argument("--corpus", action="append", help=f"folder or file to ingest (repeatable; default {DEFAULT_CORPUS})")
    p.add_argument("--docs-dir", help="where Great Expectations writes its Data Docs")
    p.add_argument("--wait", type=float, default=60.0, help="seconds to wait for another build's lock")
    p.add_argument("--workers", type=int)
    p.add_argument("--strict", action="store_true", help="exit non-zero when any file is rejected")
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
    p.add_argument("--errors", type=int, default=0, help="list the first N misses, false positives and wrong fields")
    p.add_argument("--live", action="store_true", help=LIVE_HELP)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("query", help="run SQL on the warehouse (the published read-only copy by default)")
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
