"""Ingest: files → documents → measures → the raw schema, one writer, extraction in parallel.

Each file is read, split, resolved and extracted in a worker process; the main process is the
only one that writes to DuckDB and replaces a file's rows in one transaction (landing.py).
A file whose content hash and extractor version are unchanged since it last landed is skipped.
After landing, near-duplicate documents are linked and copies inherit their original's region.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from . import EXTRACTOR_VERSION, SEEDS_DIR
import numpy as np

from .dedup import Fingerprint, find_duplicates, fingerprint
from .extraction import extract_measures
from .normalising import matching_text, restore_original
from .landing import connect, ensure_schema, known_files, land_file, record_reject, transaction
from .reading import iter_input_files, read_file
from .records import Document, Measure, RejectedFile, SourceText
from .regions import resolve_regions
from .splitting import split_documents


@dataclass
class FileResult:
    path: str
    source: SourceText | None = None
    documents: list[Document] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    reject_reason: str | None = None


@dataclass
class IngestSummary:
    run_id: str
    files_seen: int = 0
    files_ingested: int = 0
    files_skipped: int = 0
    rejects: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    measures: int = 0
    unresolved: list[str] = field(default_factory=list)
    duplicates: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_ingested} ingested, {self.files_skipped} unchanged, "
            f"{len(self.rejects)} rejected",
            f"documents: {self.documents} landed; measures: {self.measures} landed",
        ]
        for path, reason in self.rejects:
            out.append(f"  rejected {path}: {reason}")
        for doc in self.unresolved:
            out.append(f"  region unresolved: {doc}")
        for copy, original in sorted(self.duplicates.items()):
            out.append(f"  duplicate: {copy} is a copy of {original}")
        return out


# The seeds the extractor reads: an analyst's edit to one of them must re-extract every file.
RULE_SEEDS = ("noise_patterns.csv", "unit_aliases.csv", "indicator_keywords.csv", "non_measure_patterns.csv",
              "regions.csv", "region_aliases.csv")


def extractor_version(seeds_dir: Path = SEEDS_DIR) -> str:
    """EXTRACTOR_VERSION plus a digest of the rule seeds; incremental runs skip a file only when both match."""
    h = hashlib.sha256()
    for name in RULE_SEEDS:
        h.update(name.encode() + b"\0" + (seeds_dir / name).read_bytes() + b"\0")
    return f"{EXTRACTOR_VERSION}+{h.hexdigest()[:10]}"


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def process_file(path: str) -> FileResult:
    """Read, split, resolve regions and extract one file. Never raises for bad input."""
    try:
        source = read_file(path)
        # rules read a same-length simplified, digit-normalised copy; originals are restored at the end
        matching = matching_text(source.text)
        work = source if matching == source.text else replace(source, text=matching)
        documents = split_documents(work)
        if not documents:
            raise RejectedFile(path, "no document text found")
        measures: list[Measure] = []
        for doc in documents:
            body = work.text[doc.char_start : doc.char_end]
            doc.regions, doc.region_status = resolve_regions(doc.issuer, doc.title, body, doc.doc_number)
            fp = fingerprint(body)
            doc.signature, doc.n_shingles, doc.n_masks = fp.signature.tobytes(), fp.n_shingles, fp.n_masks
            measures.extend(extract_measures(work.text, doc, doc.regions[0] if doc.regions else None))
        if work is not source:
            restore_original(source.text, matching, documents, measures)
        return FileResult(path, source, documents, measures)
    except RejectedFile as exc:
        return FileResult(path, reject_reason=exc.reason)
    except Exception as exc:  # a bug on one file must not lose the others; the reason says what broke
        return FileResult(path, reject_reason=f"internal error while extracting ({type(exc).__name__}: {exc})")


def _disambiguate_ids(result: FileResult, taken_names: dict[str, str]) -> None:
    """Two files with the same name in different folders get path-qualified document ids."""
    assert result.source is not None
    # Document ids are built from the file name without its suffix: 通知.txt and 通知.pdf clash too.
    owner = taken_names.setdefault(Path(result.source.source_file).stem, result.path)
    if owner == result.path:
        return
    tag = hashlib.sha1(result.path.encode()).hexdigest()[:6]
    mapping = {}
    for doc in result.documents:
        stem, _, ordinal = doc.document_id.rpartition("#")
        new_id = f"{stem}~{tag}#{ordinal}"
        mapping[doc.document_id] = new_id
        doc.document_id = new_id
    for m in result.measures:
        m.document_id = mapping.get(m.document_id, m.document_id)


def ingest(
    paths: list[str],
    db_path: str | Path,
    workers: int | None = None,
    progress: bool = True,
    command: str = "ingest",
    lock_wait: float = 30.0,
) -> IngestSummary:
    files = [str(p.resolve()) for p in iter_input_files(paths)]
    run_id = uuid.uuid4().hex[:12]
    summary = IngestSummary(run_id, files_seen=len(files))
    version = extractor_version()
    con = connect(db_path, wait_seconds=lock_wait)
    try:
        ensure_schema(con)
        # We hold the only write connection: a run still marked running was killed.
        con.execute("update raw.ingest_runs set status = 'interrupted' where status = 'running'")
        con.execute(
            "insert into raw.ingest_runs (run_id, command, started_at, status, files_seen, extractor_version) "
            "values (?, ?, now(), 'running', ?, ?)",
            [run_id, command, len(files), version],
        )
        known = known_files(con)
        taken_names: dict[str, str] = {}
        for name, path in con.execute("select source_file, file_path from raw.files order by file_path").fetchall():
            taken_names.setdefault(Path(name).stem, path)
        todo = []
        for path in files:
            try:
                digest = file_hash(path)
            except OSError as exc:
                summary.rejects.append((path, f"cannot read file ({exc.strerror or exc})"))
                continue
            if known.get(path) == (digest, version):
                summary.files_skipped += 1
            else:
                todo.append(path)
        for result in _run(todo, workers, progress):
            if result.reject_reason is not None:
                summary.rejects.append((result.path, result.reject_reason))
                continue
            _disambiguate_ids(result, taken_names)
            assert result.source is not None
            try:
                land_file(con, result.source, result.documents, result.measures, run_id, version)
            except duckdb.ConstraintException as exc:
                summary.rejects.append((result.path, f"cannot land: a document id clashes with one already landed ({exc})"))
                continue
            summary.files_ingested += 1
            summary.documents += len(result.documents)
            summary.measures += len(result.measures)
            summary.unresolved += [d.document_id for d in result.documents if d.region_status in ("unresolved", "ambiguous")]
        for path, reason in summary.rejects:
            record_reject(con, run_id, path, reason)
        # Files that vanished from an ingested folder stay landed: removing data is an explicit act.
        # Linking always runs (it is cheap): a crash after the last file landed must not leave copies unlinked.
        summary.duplicates = link_duplicates(con)
        con.execute(
            "update raw.ingest_runs set finished_at = now(), status = ?, files_ingested = ?, files_skipped = ?, "
            "files_rejected = ?, documents = ?, measures = ? where run_id = ?",
            ["ok" if not summary.rejects else "ok_with_rejects", summary.files_ingested, summary.files_skipped,
             len(summary.rejects), summary.documents, summary.measures, run_id],
        )
    except BaseException:
        try:
            con.execute("update raw.ingest_runs set finished_at = now(), status = 'failed' where run_id = ?", [run_id])
        except duckdb.Error:
            pass
        raise
    finally:
        con.close()
    return summary


def _run(paths: list[str], workers: int | None, progress: bool):
    """Results of process_file for each path, in parallel when there is more than one file."""
    workers = workers or os.cpu_count() or 1
    bar = None
    if progress and paths:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="file", file=sys.stderr, disable=None)  # None: off when not a terminal
    try:
        if workers <= 1 or len(paths) <= 1:
            results = map(process_file, paths)
            for r in results:
                if bar:
                    bar.update()
                yield r
        else:
            with ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent) as pool:
                for r in pool.map(process_file, paths, chunksize=4):
                    if bar:
                        bar.update()
                    yield r
    finally:
        if bar:
            bar.close()


def _die_with_parent() -> None:
    """Workers end when the ingest process is killed, instead of blocking on a dead pipe."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def link_duplicates(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Link near-duplicate documents across the whole warehouse (raw.documents.duplicate_of).
    Region inheritance by copies is modelled in dbt (int_document_regions), so the raw tables
    keep what was extracted and relinking after any change is a plain overwrite."""
    rows = con.execute("select document_id, signature, n_shingles, n_masks from raw.documents order by document_id").fetchall()
    items = [(doc_id, Fingerprint(np.frombuffer(sig, dtype=np.uint64), n, masks)) for doc_id, sig, n, masks in rows if sig]
    links = find_duplicates(items)
    with transaction(con):
        con.execute("update raw.documents set duplicate_of = null where duplicate_of is not null")
        if links:
            con.executemany("update raw.documents set duplicate_of = ? where document_id = ?",
                            [[original, copy] for copy, original in links.items()])
    return links
