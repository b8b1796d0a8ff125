"""A small, realistic landed warehouse for the dbt and validation tests.

Two regions, a city and its province (昆明市 530100 in 云南省 530000), five documents in five
files: the province's 2022—2024 three-year plan and 2023 work points, the city's 2023 and 2024
work points, and a compilation that repeats the city's 2023 document (a duplicate). Every
measure's offsets point at its number in the file's text, as the ingest would land them.

Expected results (asserted by tests/test_dbt_project.py):
- start_business_time 2023: 昆明 0.5 (rank 1) vs 云南 1 (rank 2, gap 0.5); 2024: both 1.
- online_service_rate 2023: 昆明 99 (rank 1) vs 云南 98 (rank 2, gap 1); 2024: both 100.
- elec_connection_time_lv_business 2023: 云南 2 (rank 1) vs 昆明 3 (rank 2, gap 1).
- hierarchy (昆明 vs 云南): start 2023 stricter, start 2024 same, online 2023 stricter,
  online 2024 same, elec 2023 looser.
- history 昆明: start new → relaxed; online new → tightened; elec new → dropped (2024).
  history 云南: start new → tightened → unchanged; online new → tightened → tightened.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ingest.landing import ensure_schema, land_file
from ingest.records import Document, Measure, RegionRef, SourceText

PROVINCE = ("530000", "云南省")
CITY = ("530100", "昆明市")
RUN_ID = "test-run"


@dataclass
class M:
    """One measure: the number is the first occurrence of `number` in `sentence` after `after`."""

    sentence: str
    number: str
    indicator: str
    value: float
    unit: str
    comparator: str
    kind: str
    year: int | None
    subject: str
    baseline: float | None = None
    after: str = ""
    region: tuple[str, str] | None = None  # None: the extractor gave no region


@dataclass
class Doc:
    file_name: str
    title: str
    issuer: str
    issue_date: str
    period: tuple[int, int]
    region: tuple[str, str]
    measures: list[M]
    duplicate_of: str | None = None

    @property
    def document_id(self) -> str:
        return f"{self.file_name}#1"


DOCS = [
    Doc(
        "yunnan_2022_2024_plan.txt", "云南省优化营商环境三年行动方案（2022—2024年）", "云南省人民政府办公厅",
        "2022-03-15", (2022, 2024), PROVINCE,
        [
            M("到2022年底，企业开办时间压缩至2个工作日以内。", "2", "start_business_time", 2, "working_day", "le", "target", 2022, "企业开办时间", after="压缩至", region=PROVINCE),
            M("到2024年底，企业开办时间压缩至1个工作日以内。", "1", "start_business_time", 1, "working_day", "le", "target", 2024, "企业开办时间", region=PROVINCE),
            M("2022—2024年，政务服务事项网上可办率分别达到95%、98%、100%。", "95", "online_service_rate", 95, "percent", "eq", "target", 2022, "网上可办率", region=PROVINCE),
            M("2022—2024年，政务服务事项网上可办率分别达到95%、98%、100%。", "98", "online_service_rate", 98, "percent", "eq", "target", 2023, "网上可办率", region=PROVINCE),
            M("2022—2024年，政务服务事项网上可办率分别达到95%、98%、100%。", "100", "online_service_rate", 100, "percent", "eq", "target", 2024, "网上可办率", region=PROVINCE),
            M("社会投资小型低风险项目审批时间压缩至20个工作日以内。", "20", "construction_approval_time_low_risk", 20, "working_day", "le", "target", 2024, "小型低风险项目审批时间", region=PROVINCE),
            M("全省市场主体数量达到500万户。", "500", "other", 5_000_000, "count", "eq", "target", 2024, "市场主体数量", region=PROVINCE),
        ],
    ),
    Doc(
        "yunnan_2023_points.txt", "云南省2023年优化营商环境工作要点", "云南省人民政府办公厅",
        "2023-01-10", (2023, 2023), PROVINCE,
        [
            M("2023年，企业开办时间稳定在1个工作日以内。", "1", "start_business_time", 1, "working_day", "le", "target", 2023, "企业开办时间", region=PROVINCE),
            M("低压小微企业办电时间压减至2个工作日以内。", "2", "elec_connection_time_lv_business", 2, "working_day", "le", "target", 2023, "低压小微企业办电时间", region=PROVINCE),
        ],
    ),
    Doc(
        "kunming_2023_points.txt", "昆明市2023年优化营商环境工作要点", "昆明市人民政府办公室",
        "2023-02-20", (2023, 2023), CITY,
        [
            M("2022年，全市企业开办时间压缩至1个工作日。", "1", "start_business_time", 1, "working_day", "le", "actual", 2022, "企业开办时间"),
            M("2023年，企业开办时间压缩至0.5个工作日以内。", "0.5", "start_business_time", 0.5, "working_day", "le", "target", 2023, "企业开办时间"),
            M("政务服务事项网上可办率达到99%以上。", "99", "online_service_rate", 99, "percent", "ge", "target", 2023, "网上可办率", region=CITY),
            M("社会投资小型低风险项目审批时间由20个工作日压减至15个工作日。", "15", "construction_approval_time_low_risk", 15, "working_day", "le", "target", 2023, "小型低风险项目审批时间", baseline=20),
            M("低压小微企业办电时间压减至3个工作日以内。", "3", "elec_connection_time_lv_business", 3, "working_day", "le", "target", 2023, "低压小微企业办电时间"),
            M("推出“一件事一次办”事项30项以上。", "30", "one_thing_once_items", 30, "item", "ge", "target", 2023, "“一件事一次办”事项"),
            M("行政许可事项承诺时限比法定时限压减50%以上。", "50", "approval_time_reduction_rate", 50, "percent", "ge", "change", 2023, "承诺时限压减比例"),
            M("用水、用气报装时限均不超过3个工作日。", "3", "water_connection_time", 3, "working_day", "le", "target", 2023, "用水报装时限"),
            M("用水、用气报装时限均不超过3个工作日。", "3", "gas_connection_time", 3, "working_day", "le", "target", 2023, "用气报装时限"),
        ],
    ),
    Doc(
        "kunming_2024_points.txt", "昆明市2024年优化营商环境工作要点", "昆明市人民政府办公室",
        "2024-03-01", (2024, 2024), CITY,
        [
            M("2024年，企业开办时间控制在1个工作日以内。", "1", "start_business_time", 1, "working_day", "le", "target", 2024, "企业开办时间", region=CITY),
            M("政务服务事项网上可办率达到100%。", "100", "online_service_rate", 100, "percent", "eq", "target", 2024, "网上可办率", region=CITY),
            M("一般不动产登记时间压缩至3个工作日以内。", "3", "property_registration_time", 3, "working_day", "le", "target", 2024, "一般不动产登记时间", region=CITY),
        ],
    ),
    Doc(
        "compilation_2023.txt", "昆明市2023年优化营商环境工作要点", "昆明市人民政府办公室",
        "2023-02-20", (2023, 2023), CITY,
        [
            M("2023年，企业开办时间压缩至0.5个工作日以内。", "0.5", "start_business_time", 0.5, "working_day", "le", "target", 2023, "企业开办时间", region=CITY),
            M("政务服务事项网上可办率达到99%以上。", "99", "online_service_rate", 99, "percent", "ge", "target", 2023, "网上可办率", region=CITY),
        ],
        duplicate_of="kunming_2023_points.txt#1",
    ),
]


def _text_and_measures(doc: Doc) -> tuple[str, list[Measure]]:
    header = f"{doc.title}\n{doc.issuer}\n{doc.issue_date}\n\n"
    sentences: list[str] = []
    for m in doc.measures:
        if m.sentence not in sentences:
            sentences.append(m.sentence)
    text = header + "\n".join(sentences) + "\n"
    measures = []
    for m in doc.measures:
        sentence_start = text.index(m.sentence)
        pos = m.sentence.index(m.number, m.sentence.index(m.after) + len(m.after))
        start = sentence_start + pos
        end = start + len(m.number)
        assert text[start:end] == m.number
        region_code, region_name = m.region or (None, None)
        measures.append(Measure(
            source_file=doc.file_name, char_start=start, char_end=end, document_id=doc.document_id,
            region_code=region_code, region_name=region_name, indicator_code=m.indicator,
            subject=m.subject, value=float(m.value), unit=m.unit, comparator=m.comparator, kind=m.kind,
            baseline_value=m.baseline, target_year=m.year, evidence=m.sentence,
            number_text=m.number, unit_text="",
        ))
    return text, measures


def land_fixture(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and land the fixture's files into it."""
    ensure_schema(con)
    for doc in DOCS:
        text, measures = _text_and_measures(doc)
        source = SourceText(
            path=f"/corpus/{doc.file_name}", source_file=doc.file_name, text=text, encoding="utf-8",
            content_hash=f"hash-{doc.file_name}", size_bytes=len(text.encode("utf-8")),
        )
        method = "duplicate" if doc.duplicate_of else "issuer"
        document = Document(
            document_id=doc.document_id, source_file=doc.file_name, ordinal=1, char_start=0, char_end=len(text),
            title=doc.title, issuer=doc.issuer, issue_date=doc.issue_date, period_start=doc.period[0],
            period_end=doc.period[1], period_label=str(doc.period[0]) if doc.period[0] == doc.period[1]
            else f"{doc.period[0]}—{doc.period[1]}", doc_type="要点" if "要点" in doc.title else "方案",
            regions=[RegionRef(code=doc.region[0], name=doc.region[1], method=method)],
            region_status="resolved", content_hash=f"doc-{doc.title}", duplicate_of=doc.duplicate_of,
        )
        land_file(con, source, [document], measures, RUN_ID, "test")
    con.execute(
        "insert into raw.ingest_runs (run_id, command, status, files_seen, files_ingested, documents, measures) "
        "values (?, 'test', 'ok', ?, ?, ?, ?)",
        [RUN_ID, len(DOCS), len(DOCS), len(DOCS), sum(len(d.measures) for d in DOCS)],
    )


def insert_measure(con: duckdb.DuckDBPyConnection, **overrides) -> str:
    """Insert one more measure into 昆明's 2024 document (a copy of its first measure with
    `overrides` applied) and return its measure_id."""
    row = con.execute(
        "select * from raw.measures where document_id = 'kunming_2024_points.txt#1' order by char_start limit 1"
    ).df().iloc[0].to_dict()
    row.update(measure_id="kunming_2024_points.txt#1:broken:0", **overrides)
    columns = list(row)
    con.execute(
        f"insert into raw.measures ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})",
        [None if (isinstance(v, float) and v != v) else v for v in row.values()],
    )
    return row["measure_id"]
