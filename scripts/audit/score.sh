#!/bin/bash
# Score a snapshot of the project on one audit set: a fresh warehouse, real dbt, `bizenv eval`, document fields.
# usage: scripts/audit/score.sh SET_DIR [DB_DIR, default SET_DIR/warehouse]   (SET_DIR holds docs/, gold/, docs.csv)
# SNAP=dir scores that copy of the project (default: a `git archive` of HEAD, so uncommitted edits never leak in).
set -e
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SET=$(cd "$1" && pwd); DBD=${2:-$SET/warehouse}; mkdir -p "$DBD"
SNAP=${SNAP:-}
if [ -z "$SNAP" ]; then SNAP=$(mktemp -d); (cd "$ROOT" && git archive HEAD | tar -x -C "$SNAP"); fi
export PATH="$ROOT/.venv/bin:$PATH" PYTHONPATH="$SNAP"
cd "$SNAP"
python -m ingest.cli --db "$DBD/w.duckdb" build --corpus "$SET/docs" > "$DBD/build.log" 2>&1 || tail -20 "$DBD/build.log"
python -m ingest.cli --db "$DBD/w.duckdb" eval --gold "$SET/gold" --live --errors "${ERRORS:-0}"
python "$HERE/score_docs.py" "$DBD/w.duckdb" "$SET/docs.csv"
