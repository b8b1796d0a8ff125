#!/bin/bash
# The dev gold on a snapshot of the project, and a row-for-row diff of the reference corpus's output.
# usage: scripts/audit/devscore.sh [REF_DIR]   SNAP=dir scores that copy (default: a `git archive` of HEAD)
# Writes the snapshot's documents/measures/document_regions CSVs to $OUT (default /tmp/devsnap); with REF_DIR
# (the same CSVs of an earlier commit, e.g. from a first run) it says which of them differ, and how.
set -e
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
SNAP=${SNAP:-}; OUT=${OUT:-/tmp/devsnap}; DBD=$(mktemp -d)
if [ -z "$SNAP" ]; then SNAP=$(mktemp -d); (cd "$ROOT" && git archive HEAD | tar -x -C "$SNAP"); fi
export PYTHONPATH="$SNAP"; PY="$ROOT/.venv/bin/python"
cd "$SNAP"
"$PY" -m ingest.cli --db "$DBD/w.duckdb" build --corpus "$ROOT/../shared/corpus" > "$DBD/build.log" 2>&1 || tail -20 "$DBD/build.log"
"$PY" -m ingest.cli --db "$DBD/w.duckdb" eval --gold "$ROOT/../shared/gold/dev" --live
"$PY" "$HERE/snapshot.py" "$DBD/w.duckdb" "$OUT"
if [ -n "${1:-}" ]; then
  for f in documents measures document_regions; do
    if diff -q "$1/$f.csv" "$OUT/$f.csv" > /dev/null; then echo "$f: same"; else echo "$f: differs"; diff "$1/$f.csv" "$OUT/$f.csv" | head -20; fi
  done
fi
