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
from .landing import (FileLanding, connect, ensure_schema, known_files, land_files, record_reject, retire_file,
                      transaction)
from .normalising import matching_text, restore_original
from .reading import iter_input_files, limit, not_regular_reason, read_file, safe_name
from .records import Document, Measure, RejectedFile, SourceText
from .regions import resolve_regions
from .splitting import split_documents
from .tables import blanked, document_tables


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
    retired: list[str] = field(default_factory=list)  # files gone from the corpus
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path), same content
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, encoding with bad bytes replaced)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"files: {self.files_seen} seen, {self.files_ingested} ingested, {self.files_skipped} unchanged, "
            f"{len(self.rejects)} rejected",
            f"documents: {self.documents} landed; measures: {self.measures} landed",
        ]
        if self.retired or self.moved:
            out.append(f"retired: {len(self.retired)} files gone from the corpus (history kept in raw.retired_*); "
                       f"moved: {len(self.moved)}")
        for old, new in self.moved:
            out.append(f"  moved {old} -> {new}")
        for path in self.retired:
            if path not in {old for old, _ in self.moved}:
                out.append(f"  retired {path}: no longer in the corpus")
        for path, reason in self.rejects:
            out.append(f"  rejected {path}: {reason}")
        for path, encoding in self.repaired:
            out.append(f"  repaired {path}: {encoding}")
        for warning in self.warnings:
            out.append(f"  warning: {warning}")
        for doc in self.unresolved:
            out.append(f"  region unresolved: {doc}")
        for copy, original in sorted(self.duplicates.items()):
            out.append(f"  duplicate: {copy} is a copy of {original}")
        return out


# The seeds the extractor reads: an analyst's edit to one of them must re-extract every file.
RULE_SEEDS = ("noise_patterns.csv", "unit_aliases.csv", "indicator_keywords.csv", "indicators.csv", "non_measure_patterns.csv",
              "extraction_rules.csv", "regions.csv", "region_aliases.csv", "table_header_cues.csv", "subject_units.csv",
              "townships.csv")
# The code whose change alters what is extracted: no manual version bump needed.
# (tables.py and normalising.py were missing: an edit of the table reader left old measures in place)
EXTRACTOR_CODE = ("extraction", "cleaning.py", "numbers.py", "regions.py", "splitting.py", "metadata.py", "reading.py",
                  "tables.py", "normalising.py", "records.py")


def extractor_version(seeds_dir: Path = SEEDS_DIR) -> str:
    """A digest of the extraction code and its rule seeds; incremental runs skip a file only when
    its content hash and this version both match."""
    h = hashlib.sha256()
    for name in RULE_SEEDS:
        h.update(name.encode() + b"\0" + (seeds_dir / name).read_bytes() + b"\0")
    code = Path(__file__).resolve().parent
    for name in EXTRACTOR_CODE:
        for path in sorted((code / name).rglob("*.py")) if (code / name).is_dir() else [code / name]:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{EXTRACTOR_VERSION}+{h.hexdigest()[:12]}"


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
        table_measures: list[list[Measure]] = []
        read_already: list[tuple[int, int]] = []
        for doc in documents:
            body = work.text[doc.char_start : doc.char_end]
            doc.regions, doc.region_status = resolve_regions(doc.issuer, doc.title, body, doc.doc_number)
            fp = fingerprint(work.text, doc.char_start, doc.char_end)
            doc.signature, doc.n_shingles, doc.n_masks = fp.signature.tobytes(), fp.n_shingles, fp.n_masks
            found, spans = document_tables(work.text, doc, doc.regions[0] if doc.regions else None)
            table_measures.append(found)
            read_already += spans
        # Table rows are read cell by cell; the sentence extractor sees them as spaces (offsets hold).
        text = blanked(work.text, read_already)
        for doc, found in zip(documents, table_measures):
            measures.extend(found)
            measures.extend(extract_measures(text, doc, doc.regions[0] if doc.regions else None))
        if work is not source:
            restore_original(source.text, matching, documents, measures)
        return FileResult(path, source, documents, measures)
    except RejectedFile as exc:
        return FileResult(path, reject_reason=exc.reason)
    except MemoryError:
        return FileResult(path, reject_reason="out of memory while reading this file (over the worker's memory "
                                              "limit, BIZENV_WORKER_MEMORY_MB); it is retried on the next run")
    except Exception as exc:  # a bug on one file must not lose the others; the reason says what broke
        return FileResult(path, reject_reason=f"internal error while extracting ({type(exc).__name__}: {exc})")


def _id_owners(paths: set[str], pinned: dict[str, str]) -> dict[str, str]:
    """For each file-name stem, the file whose document ids are the plain `stem#NN`: the smallest
    path among the files sharing the stem (so ids do not depend on the order files arrived in),
    unless `pinned` says a landed file that cannot be re-read keeps them."""
    owners: dict[str, str] = {}
    for path in sorted(paths):
        owners.setdefault(Path(path).stem, path)
    owners.update(pinned)
    return owners


def _disambiguate_ids(result: FileResult, owners: dict[str, str]) -> None:
    """Two files with the same name in different folders get path-qualified document ids."""
    assert result.source is not None
    # Document ids are built from the file name without its suffix: 通知.txt and 通知.pdf clash too.
    owner = owners.setdefault(Path(result.source.source_file).stem, result.path)
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
    mirror: bool = False,
    finish: bool = True,
) -> IngestSummary:
    """Land the files under `paths`. With `mirror`, the paths are the whole corpus: landed files that
    are no longer there are retired (a file with the same content at a new path is a move). With
    `finish=False` the run stays `running` in raw.ingest_runs: the build marks it when it published."""
    folder_rejects: list[tuple[str, str]] = []
    files = [str(p.resolve()) for p in iter_input_files(paths, folder_rejects)]
    names = {path: safe_name(path) for path in files}  # what is stored and printed
    run_id = uuid.uuid4().hex[:12]
    summary = IngestSummary(run_id, files_seen=len(files))
    summary.rejects += folder_rejects
    version = extractor_version()
    con = connect(db_path, wait_seconds=lock_wait)
    try:
        ensure_schema(con)
        # We hold the only write connection: a run still marked running was killed.
        con.execute("update raw.ingest_runs set status = 'interrupted', finished_at = coalesce(finished_at, now()) "
                    "where status = 'running'")
        con.execute(
            "insert into raw.ingest_runs (run_id, command, started_at, status, files_seen, extractor_version) "
            "values (?, ?, now(), 'running', ?, ?)",
            [run_id, command, len(files), version],
        )
        known = known_files(con)
        todo, digests = [], {}
        for path in files:
            try:
                reason = not_regular_reason(os.stat(path).st_mode)  # a FIFO would block the hash forever
                if reason:
                    summary.rejects.append((names[path], reason))
                    continue
                digest = file_hash(path)
            except OSError as exc:
                summary.rejects.append((names[path], f"cannot read file ({exc.strerror or exc})"))
                continue
            digests[names[path]] = digest
            if known.get(names[path]) == (digest, version):
                summary.files_skipped += 1
            else:
                todo.append(path)
        if mirror:
            _retire_missing(con, known, set(names.values()), digests, summary)
        todo, owners = _assign_id_owners(con, todo, names, summary)
        batch: list[FileLanding] = []
        for result in _run(todo, workers, progress):
            name = names.get(result.path, safe_name(result.path))
            if result.reject_reason is not None:
                summary.rejects.append((name, result.reject_reason))
                continue
            path_bytes = os.fsencode(result.path) if name != result.path else None  # a name in GBK bytes
            result.path = name
            _disambiguate_ids(result, owners)
            assert result.source is not None
            if "bad bytes replaced" in result.source.encoding:
                summary.repaired.append((name, result.source.encoding))
            batch.append(FileLanding(result.source, result.documents, result.measures, path_bytes))
            if len(batch) >= max(1, limit("LANDING_BATCH_FILES", LANDING_BATCH_FILES)) or sum(len(f.measures) for f in batch) >= LANDING_BATCH_MEASURES:
                _land_batch(con, batch, run_id, version, summary)
                batch = []
        _land_batch(con, batch, run_id, version, summary)
        for path, reason in summary.rejects:
            record_reject(con, run_id, path, reason)
        # Linking always runs (it is cheap): a crash after the last file landed must not leave copies unlinked.
        summary.duplicates = link_duplicates(con)
        status = ("ok" if not summary.rejects else "ok_with_rejects") if finish else "running"
        con.execute(
            "update raw.ingest_runs set finished_at = case when ? then now() end, status = ?, files_ingested = ?, "
            "files_skipped = ?, "
            "files_rejected = ?, documents = ?, measures = ?, files_retired = ?, files_moved = ? where run_id = ?",
            [finish, status, summary.files_ingested, summary.files_skipped,
             len(summary.rejects), summary.documents, summary.measures, len(summary.retired), len(summary.moved),
             run_id],
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


# Files landed per transaction: a statement and a commit per file made the single writer the
# bottleneck of a large ingest; a crash loses at most one batch, which the next run lands again.
LANDING_BATCH_FILES = 32  # BIZENV_LANDING_BATCH_FILES overrides it (the crash tests land file by file)
LANDING_BATCH_MEASURES = 20_000


def _land_batch(con: duckdb.DuckDBPyConnection, batch: list[FileLanding], run_id: str, version: str,
                summary: IngestSummary) -> None:
    """Land a batch in one transaction; when one file's ids clash with rows already landed, land
    the files one by one so only that file is rejected."""
    try:
        land_files(con, batch, run_id, version)
        landed = batch
    except duckdb.ConstraintException:
        landed = []
        for item in batch:
            try:
                land_files(con, [item], run_id, version)
                landed.append(item)
            except duckdb.ConstraintException as exc:
                summary.rejects.append((item.source.path, f"cannot land: a document id clashes with one already "
                                                         f"landed ({exc})"))
    for item in landed:
        summary.files_ingested += 1
        summary.documents += len(item.documents)
        summary.measures += len(item.measures)
        summary.unresolved += [d.document_id for d in item.documents if d.region_status in ("unresolved", "ambiguous")]


def _assign_id_owners(con: duckdb.DuckDBPyConnection, todo: list[str], names: dict[str, str],
                      summary: IngestSummary) -> tuple[list[str], dict[str, str]]:
    """Which file holds the plain ids of each stem, and the landed files whose ids must change
    for that (re-extracted first, so their old ids are gone before another file takes them)."""
    landed = con.execute("select f.file_path, min(d.document_id) from raw.files f "
                         "left join raw.documents d using (file_path) group by 1").fetchall()
    rejected = {path for path, _ in summary.rejects}
    on_disk = {name: real for real, name in names.items()}
    todo_names = {names[p] for p in todo}
    pinned: dict[str, str] = {}
    relabel: list[str] = []
    owners = _id_owners({p for p, _ in landed} | todo_names, {})
    for path, first_id in landed:
        stem = Path(path).stem
        plain = first_id is None or first_id.rpartition("#")[0] == stem
        if plain == (owners.get(stem) == path):
            continue
        real = on_disk.get(path) or (path if os.path.isfile(path) else None)
        if real is None or path in rejected:
            if plain:
                pinned[stem] = path  # cannot be re-read now: it keeps its ids this run
            continue
        relabel.append(real)
        if path in todo_names:
            todo = [p for p in todo if p != real]
        elif path in on_disk:
            summary.files_skipped -= 1  # counted unchanged above; it is re-extracted after all
    if pinned:
        owners = _id_owners({p for p, _ in landed} | todo_names, pinned)
    return relabel + todo, owners


def _retire_missing(con: duckdb.DuckDBPyConnection, known: dict[str, tuple[str, str]], present: set[str],
                    digests: dict[str, str], summary: IngestSummary) -> None:
    """Retire the landed files that are no longer in the corpus; one whose content reappears under
    another name is reported as moved (the new path lands as usual, so nothing is counted twice)."""
    missing = sorted(path for path in known if path not in present)
    if not missing:
        return
    if not present:  # an empty corpus is more likely an unmounted share than a deleted one
        summary.warnings.append(f"the corpus holds no files: {len(missing)} landed files kept (nothing retired)")
        return
    new_by_hash: dict[str, list[str]] = {}
    for path, digest in sorted(digests.items()):
        if path not in known:
            new_by_hash.setdefault(digest, []).append(path)
    for path in missing:
        candidates = new_by_hash.get(known[path][0])
        if candidates:
            new = candidates.pop(0)
            summary.moved.append((path, new))
            retire_file(con, path, summary.run_id, f"moved to {new}")
        else:
            retire_file(con, path, summary.run_id, "no longer in the corpus")
        summary.retired.append(path)


def _run(paths: list[str], workers: int | None, progress: bool):
    """Results of process_file for each path, in the order given, from worker processes.
    A worker that dies (out of memory, a crash in a parser) takes down only its own file: the
    files that were in flight are retried one per fresh worker, and the one that kills its
    worker again becomes a reject (retried on the next run)."""
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(workers or os.cpu_count() or 1, len(paths) or 1))
    bar = None
    if progress and paths:
        from tqdm import tqdm

        bar = tqdm(total=len(paths), unit="file", file=sys.stderr, disable=None)  # None: off when not a terminal
    try:
        retry: list[str] = []
        if paths:
            with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
                futures = [(path, pool.submit(_process_limited, path)) for path in paths]
                for path, future in futures:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        retry.append(path)
                        continue
                    if bar:
                        bar.update()
                    yield result
        for path in retry:
            with ProcessPoolExecutor(max_workers=1, initializer=_init_worker) as pool:
                try:
                    result = pool.submit(_process_limited, path).result()
                except BrokenProcessPool:
                    result = FileResult(path, reject_reason=(
                        "the worker reading this file died (killed: out of memory or a crash in a parser); "
                        "the other files landed, this one is retried on the next run"))
            if bar:
                bar.update()
            yield result
    finally:
        if bar:
            bar.close()


class FileTimeout(BaseException):
    """Raised in a worker when one file takes longer than BIZENV_FILE_SECONDS (BaseException: passes
    process_file's own handlers, so the reason names the limit)."""


FILE_SECONDS_DEFAULT = 600


def _process_limited(path: str) -> FileResult:
    import signal

    seconds = limit("FILE_SECONDS", FILE_SECONDS_DEFAULT)

    def expire(signum, frame):
        raise FileTimeout

    signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        return process_file(path)
    except FileTimeout:
        return FileResult(path, reject_reason=f"took longer than {seconds}s to read and extract "
                                              f"(limit BIZENV_FILE_SECONDS); it is retried on the next run")
    finally:
        signal.alarm(0)


def _init_worker() -> None:
    """Workers die with the ingest process, and live within BIZENV_WORKER_MEMORY_MB when it is set."""
    _die_with_parent()
    mb = limit("WORKER_MEMORY_MB", 0)
    if mb:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (mb << 20, mb << 20))


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
