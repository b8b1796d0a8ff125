"""Compare docs.csv (file,title,issue_date,doc_number,issuer,region_code,...) with marts.dim_document."""
import csv, re, sys, duckdb
db, docs_csv = sys.argv[1], sys.argv[2]
con = duckdb.connect(db, read_only=True)
rows = list(csv.DictReader(open(docs_csv, encoding="utf-8-sig")))
def norm(s):
    s = (s or "").strip()
    s = re.sub(r"[\s\u3000《》“”\"]", "", s)
    return s.replace("〔", "[").replace("〕", "]").replace("［", "[").replace("］", "]").replace("（", "(").replace("）", ")")
by_file = {}
for r in rows: by_file.setdefault(r["file"], []).append(r)
tot = {"title": 0, "issue_date": 0, "doc_number": 0, "region_code": 0}; n = 0
lenient = 0
for f, golds in by_file.items():
    preds = con.execute("select title, cast(issue_date as varchar), doc_number, primary_region_code, primary_region_name, doc_type from marts.dim_document where source_file=? order by ordinal", [f]).fetchall()
    for i, g in enumerate(golds):
        n += 1
        p = preds[i] if i < len(preds) else (None,) * 6
        got = {"title": p[0], "issue_date": p[1], "doc_number": p[2], "region_code": p[3]}
        bad = []
        for k in tot:
            ok = norm(g.get(k)) == norm(got[k])
            tot[k] += ok
            if not ok: bad.append(f"{k}: gold={g.get(k)!r} pred={got[k]!r}")
        cited = re.search(r"印发(.+?)的通知$", norm(got["title"]))
        if norm(g.get("title")) != norm(got["title"]) and cited and norm(g.get("title")) == cited.group(1):
            lenient += 1  # the labeller names the attached document, the tool the notice that issues it
        if bad: print(f"{f}#{i}: " + " | ".join(bad))
    if len(preds) != len(golds): print(f"{f}: {len(preds)} documents predicted, {len(golds)} in docs.csv")
print("docs", n, " ".join(f"{k} {v}" for k, v in tot.items()), f"(title {tot['title'] + lenient} accepting the attached document's title)")
