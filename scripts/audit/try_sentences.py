"""Extract measures from sentences given on the command line, with the numbers the filters dropped.

usage: PYTHONPATH=. python scripts/audit/try_sentences.py "企业开办时间压缩至1个工作日。" ...
A literal \\n in an argument is a line break. The document is a 方案 issued 2024-03-01 for 2024, region 昆明市.
"""
import sys

from ingest.extraction import extract_measures
from ingest.records import Document, RegionRef

if __name__ == "__main__":
    for text in sys.argv[1:]:
        text = text.replace("\\n", "\n")
        doc = Document("ex#01", "ex.txt", 1, 0, len(text), title=None, issue_date="2024-03-01",
                       period_start=2024, period_end=2024, doc_type="方案")
        dropped: list = []
        print("==", text[:60])
        for m in extract_measures(text, doc, RegionRef("530100", "昆明市", "issuer"), dropped):
            print(f"  M {text[m.char_start:m.char_end]!r} {m.value} {m.unit} {m.comparator} {m.kind} y={m.target_year} "
                  f"{m.indicator_code} subject={m.subject} | {m.trace}")
        for c in dropped:
            print(f"  dropped {c.value} {c.unit} by {c.dropped_by}")
