"""Core gold measures of audit sets that the warehouse got wrong. usage: coremiss.py SET_DIR... (after score.sh)"""
import sys, duckdb
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[2]))
from ingest.evaluation import load_gold, score, warehouse_predictions, core_codes, field_ok, CORE_FIELDS
for s in sys.argv[1:]:
    gold = load_gold(f'{s}/gold')
    con = duckdb.connect(f'{s}/warehouse/w.duckdb', read_only=True)
    res = score(gold, warehouse_predictions(con))
    core = core_codes()
    matched = {id(p.gold): p for p in res.pairs}
    for g in gold:
        if g.get('label') != 'measure' or not (set(str(g.get('indicator_code') or '').split('|')) & core):
            continue
        p = matched.get(id(g))
        if p is None:
            print(s, g['file'], g['start'], g['subject'], 'MISSED')
        else:
            bad = [f for f in CORE_FIELDS if not field_ok(f, g.get(f), p.pred.get(f))]
            if bad:
                print(s, g['file'], g['start'], g['subject'], {f: (g.get(f), p.pred.get(f)) for f in bad})
