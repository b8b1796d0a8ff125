"""Write a warehouse's documents and measures as sorted CSV, so two commits' outputs can be diffed row for row.

usage: python scripts/audit/snapshot.py WAREHOUSE.duckdb OUT_DIR
"""
import sys
from pathlib import Path

import duckdb

DOCUMENTS = """select source_file, ordinal, char_start, char_end, title, issuer, doc_number, issue_date,
       period_start, period_end, doc_type, duplicate_of is not null as is_duplicate
from raw.documents order by source_file, ordinal"""
MEASURES = """select source_file, char_start, char_end, region_code, indicator_code, subject, value, unit,
       comparator, kind, baseline_value, target_year
from raw.measures order by source_file, char_start, indicator_code, region_code"""
REGIONS = """select d.source_file, d.ordinal, r.* exclude (document_id)
from raw.document_regions r join raw.documents d using (document_id) order by all"""


def main(db: str, out: str) -> None:
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(db, read_only=True) as con:
        for name, sql in [("documents", DOCUMENTS), ("measures", MEASURES), ("document_regions", REGIONS)]:
            con.sql(sql).df().to_csv(target / f"{name}.csv", index=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
