"""The records that flow from reading to landing: plain dataclasses, one per landed table."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceText:
    """A file read into text. Offsets of every later record index into `text`."""

    path: str  # absolute path as read
    source_file: str  # file name, no directory (the spec's source_file)
    text: str
    encoding: str  # utf-8, utf-8-sig, gb18030, docx, pdf, html:<enc> ...
    content_hash: str  # sha256 of the raw bytes
    size_bytes: int


@dataclass
class RegionRef:
    code: str  # 6-digit GB/T 2260
    name: str  # standard full name, or a functional zone's name
    method: str  # issuer | title | text | duplicate | none
    inferred: bool = False  # True when the region was not named by the document itself


@dataclass
class Document:
    """One policy document inside a source file (a compilation holds many)."""

    document_id: str
    source_file: str
    ordinal: int  # 1-based position inside the file
    char_start: int  # offsets into SourceText.text
    char_end: int
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None  # 文号, e.g. 渝府办发〔2023〕41号
    issue_date: str | None = None  # ISO yyyy-mm-dd
    period_start: int | None = None
    period_end: int | None = None
    period_label: str | None = None  # 2023, 2022—2024, 十四五 ...
    doc_type: str | None = None  # 方案, 清单, 要点, 规划, 办法, 通知 ...
    regions: list[RegionRef] = field(default_factory=list)
    region_status: str = "unresolved"  # resolved | inferred | ambiguous | unresolved
    content_hash: str = ""  # hash of the normalised document text (dedup)
    duplicate_of: str | None = None  # document_id of the original when this is a copy
    # MinHash fingerprint (dedup.py), computed where the text is read so linking needs no re-read.
    signature: bytes = b""
    n_shingles: int = 0
    n_masks: int = 0


@dataclass
class Measure:
    """One quantitative statement, as defined by shared/spec/measures.md."""

    source_file: str
    char_start: int
    char_end: int
    document_id: str
    region_code: str | None
    region_name: str | None
    indicator_code: str
    subject: str
    value: float
    unit: str
    comparator: str  # le | ge | eq
    kind: str  # target | actual | change | rule
    baseline_value: float | None
    target_year: int | None
    evidence: str
    number_text: str = ""  # the number as written
    unit_text: str = ""  # the unit as written
    # Offsets of the evidence sentence in the source text, so evidence can be re-read from the
    # original script when extraction ran on a normalised (simplified, joined-digit) copy.
    evidence_start: int = -1
    evidence_end: int = -1
    # Names of the extraction rules that shaped the measure, |-separated (not exported: see raw/fct).
    trace: str = ""


class RejectedFile(Exception):
    """A file that cannot be landed; the message names the file and a reason a person understands."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
