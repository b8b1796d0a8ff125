"""The measures a warehouse holds for some files, with the rules that shaped each (its trace).

usage: python scripts/audit/trace.py WAREHOUSE.duckdb FILE_PART...   (FILE_PART: any part of a source file name)
"""
import sys

import duckdb

DOCUMENTS = "select title, issue_date, doc_type, period_start, period_end from raw.documents where source_file like ?"
REGIONS = """select r.* exclude (document_id) from raw.document_regions r join raw.documents d using (document_id)
where d.source_file like ?"""
MEASURES = """select char_start, number_text, unit, value, comparator, kind, target_year, region_code, indicator_code,
       subject, trace from raw.measures where source_file like ? order by char_start"""

if __name__ == "__main__":
    with duckdb.connect(sys.argv[1], read_only=True) as con:
        for part in sys.argv[2:]:
            pattern = f"%{part}%"
            print("##", part, con.execute(DOCUMENTS, [pattern]).fetchall())
            print("   regions", con.execute(REGIONS, [pattern]).fetchall())
            for row in con.execute(MEASURES, [pattern]).fetchall():
                print("  ", *row)
