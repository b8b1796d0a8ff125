#!/bin/bash
# Rescore every stored audit set (scripts/audit/sets/*) on a snapshot of HEAD, four at a time, and pool them.
# usage: scripts/audit/rescore.sh [OUT_DIR, default /tmp/rescore]   → OUT_DIR/<SET>.txt, OUT_DIR/pooled.txt
# Compare two commits by rescoring each into its own OUT_DIR and diffing the .txt files.
set -e
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
OUT=${1:-/tmp/rescore}; mkdir -p "$OUT"
SNAP=${SNAP:-$(mktemp -d)}
[ -e "$SNAP/ingest" ] || (cd "$ROOT" && git archive HEAD | tar -x -C "$SNAP")
export SNAP
ls -d "$HERE"/sets/*/ | xargs -P 4 -I{} sh -c 'S=$(basename {}); rm -rf "'"$OUT"'/$S"; "'"$HERE"'/score.sh" {} "'"$OUT"'/$S" > "'"$OUT"'/$S.txt" 2>&1'
"$ROOT/.venv/bin/python" "$HERE/pool.py" $(ls "$OUT"/*.txt | grep -v pooled) | tee "$OUT/pooled.txt"
