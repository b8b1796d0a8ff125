"""The scheduled job: ingest → validate landed data → dbt build → publish a verified read-only copy.

Safe under cron/systemd: a lock file keeps two builds (and `bizenv ingest`) from overlapping;
ingest and dbt never hold the DuckDB file at the same time; the corpus folder is mirrored (files
that are gone are retired); a damaged live file is set aside and rebuilt from the corpus; the
published copy is checkpointed, copied, opened and checked before it is swapped in, and the run
log (raw.ingest_runs) says `ok` only after that. Each outcome has its own exit code (EXIT_*).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from . import PROJECT_ROOT
from .landing import WarehouseLocked, connect
from .pipeline import IngestSummary, ingest

# Exit codes of `bizenv build` and `bizenv ingest` (documented in deploy/README.md).
EXIT_OK = 0
EXIT_REJECTS = 1  # --strict and some file was rejected
EXIT_USAGE = 2  # bad arguments, e.g. a corpus folder that does not exist
EXIT_LOCKED = 3  # another build (or ingest) holds the build lock: skipped, not failed
EXIT_BUSY = 4  # another process (a reader, a stray writer) holds the DuckDB file
EXIT_VALIDATION = 5  # Great Expectations failed on the landed data; dbt not run
EXIT_DBT = 6  # dbt build failed (a model or a test)
EXIT_PUBLISH = 7  # the copy did not pass its checks (or could not be made): the old copy stays


class BuildLocked(RuntimeError):
    pass


class PublishFailed(RuntimeError):
    pass


@dataclass
class BuildResult:
    ingest: IngestSummary | None = None
    validation_failures: list[str] = field(default_factory=list)
    dbt_ok: bool = False
    dbt_summary: str = ""
    dbt_output: str = ""  # dbt's own output, kept for the failure message
    published: Path | None = None
    publish_error: str = ""
    rebuilt: str = ""  # why the live file was set aside and rebuilt, if it was

    @property
    def ok(self) -> bool:
        return not self.validation_failures and self.dbt_ok and self.published is not None

    @property
    def status(self) -> str:
        if self.validation_failures:
            return "validation_failed"
        if not self.dbt_ok:
            return "dbt_failed"
        return "ok" if self.published is not None else "publish_failed"

    @property
    def exit_code(self) -> int:
        return {"ok": EXIT_OK, "validation_failed": EXIT_VALIDATION, "dbt_failed": EXIT_DBT,
                "publish_failed": EXIT_PUBLISH}[self.status]


def published_path(db_path: Path) -> Path:
    """The stable path analysts open: a symlink to the latest verified versioned copy."""
    return db_path.parent / "published" / db_path.name


def parquet_path(db_path: Path) -> Path:
    """The stable folder of the marts as Parquet files (a symlink to the latest version)."""
    return db_path.parent / "published" / "parquet"


def lock_path(db_path: Path) -> Path:
    return db_path.parent / (db_path.name + ".build.lock")


@contextmanager
def build_lock(db_path: Path, wait_seconds: float) -> Iterator[None]:
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as f:  # "w" would wipe the holder's pid while we wait
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build holds {path} (waited {wait_seconds:.0f}s); try again when it has finished"
                    ) from None
                time.sleep(0.5)
        f.seek(0)
        f.truncate()
        f.write(str(os.getpid()))
        f.flush()
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def dbt_command() -> list[str]:
    dbt = Path(sys.executable).parent / "dbt"
    return [str(dbt)] if dbt.exists() else [sys.executable, "-m", "dbt.cli.main"]


def run_dbt(args: list[str], db_path: Path, target_path: Path | None = None, quiet: bool = False) -> subprocess.CompletedProcess:
    env = dict(os.environ, BIZENV_DB=str(db_path.resolve()), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    target_path = target_path or db_path.parent / "dbt_target"
    cmd = dbt_command() + (["--quiet", "--no-use-colors"] if quiet else []) + args + [
        "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT),
        "--target-path", str(target_path), "--log-path", str(target_path / "logs"),
    ]
    return subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, text=True, capture_output=quiet)


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def dbt_results(target_path: Path) -> str:
    path = target_path / "run_results.json"
    if not path.exists():
        return "no run_results.json"
    results = json.loads(path.read_text())["results"]
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    failed = [r["unique_id"] for r in results if r["status"] in ("fail", "error")]
    text = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return text + (f"; failed: {', '.join(failed)}" if failed else "")


# ---------------------------------------------------------------------------------------------
# Checks: every table is read in full (every column), so a damaged block shows up as an error
# ---------------------------------------------------------------------------------------------


def check_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] | None = None) -> tuple[int, list[str]]:
    """(tables checked, problems) for every table and view of `schemas` (None: every schema)."""
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables where table_catalog = current_database() "
        "and table_schema not in ('information_schema', 'pg_catalog') order by 1, 2").fetchall()
    tables = [(schema, table) for schema, table in tables if schemas is None or schema in schemas]
    problems = []
    for schema, table in tables:
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
            [schema, table]).fetchall()]
        sums = ", ".join(f'bit_xor(hash("{c}"))' for c in columns)
        try:
            con.execute(f'select count(*){", " + sums if sums else ""} from "{schema}"."{table}"').fetchall()
        except duckdb.Error as exc:
            problems.append(f"{schema}.{table}: {str(exc).splitlines()[0][:300]}")
    return len(tables), problems


def live_damage(db_path: Path, wait_seconds: float = 30.0) -> str | None:
    """Why the live file cannot be trusted (cannot be opened, or a table cannot be read), or None.
    Raises WarehouseLocked when another process holds it."""
    if not db_path.exists():
        return None
    try:
        con = connect(db_path, wait_seconds=wait_seconds)
    except WarehouseLocked:
        raise
    except duckdb.Error as exc:
        return f"cannot open it ({str(exc).splitlines()[0][:300]})"
    try:
        _, problems = check_tables(con)
    finally:
        con.close()
    if not problems:
        return None
    more = f" (and {len(problems) - 3} more tables)" if len(problems) > 3 else ""
    return "a table cannot be read: " + "; ".join(problems[:3]) + more


def set_aside(db_path: Path, why: str) -> Path:
    """Move the live file (and its WAL) out of the way; nothing is deleted."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.{why}-{stamp}")
    os.replace(db_path, aside)
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    return aside


# ---------------------------------------------------------------------------------------------
# Publishing
# ---------------------------------------------------------------------------------------------


def publish(db_path: Path, wait_seconds: float = 30.0, run_id: str | None = None) -> Path:
    """Checkpoint the live file while holding it (no other process can write meanwhile), copy it
    to a versioned file, open the copy read-only and read every mart in full, write the marts as
    Parquet, then point the stable path at the new version. Raises PublishFailed (the old copy
    stays) or WarehouseLocked. Returns the versioned file. `run_id`: the build's run, marked `ok`
    in the copy before it is checked (the copy is only ever seen once that holds)."""
    folder = db_path.parent / "published"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    version = folder / f"{db_path.stem}-{stamp}{db_path.suffix}"
    tmp = version.with_name(version.name + ".tmp")
    try:
        con = connect(db_path, wait_seconds=wait_seconds)
    except WarehouseLocked:
        raise
    except duckdb.Error as exc:
        raise PublishFailed(f"the live file cannot be opened ({exc}); run `bizenv build --rebuild`") from exc
    try:
        try:
            con.execute("checkpoint")  # the WAL into the main file: the copy must not need it
        except duckdb.Error as exc:
            raise PublishFailed(f"checkpoint of {db_path} failed: {exc}") from exc
        shutil.copyfile(db_path, tmp)
        with open(tmp, "rb") as f:  # on disk before the swap, so a power loss never leaves an empty copy
            os.fsync(f.fileno())
    finally:
        con.close()
    parquet_dir = folder / f"parquet-{stamp}"
    try:
        if run_id:
            _mark_published(tmp, run_id)
        verify_copy(tmp, parquet_dir)
    except PublishFailed:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(parquet_dir, ignore_errors=True)
        raise
    os.replace(tmp, version)
    previous = {_link_target(published_path(db_path)), _link_target(parquet_path(db_path))}
    _swap_link(published_path(db_path), version.name)
    _swap_link(parquet_path(db_path), parquet_dir.name)
    _remove_old_versions(folder, keep={version.name, parquet_dir.name} | previous)
    return version


def _mark_published(copy: Path, run_id: str) -> None:
    try:
        con = duckdb.connect(str(copy))
        try:
            con.execute("update raw.ingest_runs set status = 'ok', finished_at = now() where run_id = ?", [run_id])
            con.execute("checkpoint")
        finally:
            con.close()
    except duckdb.Error as exc:
        raise PublishFailed(f"the copy cannot be written: {exc}") from exc


def verify_copy(copy: Path, parquet_dir: Path) -> None:
    """Open the copy read-only, read every mart in full, and write each as Parquet."""
    try:
        con = duckdb.connect(str(copy), read_only=True)
    except duckdb.Error as exc:
        raise PublishFailed(f"the copy cannot be opened: {exc}") from exc
    try:
        n = len(con.execute("select 1 from information_schema.tables where table_schema = 'marts'").fetchall())
        _, problems = check_tables(con)  # the marts, and raw/staging behind them, read in full
        if problems:
            raise PublishFailed("the copy's marts cannot be read: " + "; ".join(problems)
                                + " (the live file may be damaged: run `bizenv build --rebuild`)")
        if n == 0:
            raise PublishFailed("the copy has no marts (dbt built nothing)")
        parquet_dir.mkdir(parents=True)
        for (table,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall():
            out = str(parquet_dir / f"{table}.parquet").replace("'", "''")
            con.execute(f"copy (select * from marts.\"{table}\") to '{out}' (format parquet)")
    except duckdb.Error as exc:
        raise PublishFailed(f"writing the Parquet marts failed: {exc}") from exc
    finally:
        con.close()


def _link_target(link: Path) -> str | None:
    return os.readlink(link) if link.is_symlink() else None


def _swap_link(link: Path, target: str) -> None:
    """Point `link` at `target` (a name in the same folder) atomically, replacing a file or link."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp, link)


def _remove_old_versions(folder: Path, keep: set[str | None]) -> None:
    """Versions older than the previous one go (a reader still holding one keeps it open on Linux)."""
    for path in folder.iterdir():
        if path.is_symlink() or path.name in keep:
            continue
        if path.name.startswith("parquet-") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif re.search(r"-\d{8}T\d{12}\.duckdb(\.tmp)?$", path.name):
            path.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------------


def build(
    corpus: list[str], db_path: Path, docs_dir: Path | None = None, wait_seconds: float = 60.0,
    workers: int | None = None, quiet_dbt: bool = True, keep_missing: bool = False, rebuild: bool = False,
    say: Callable[[str], None] = lambda line: None,
) -> BuildResult:
    """One scheduled run. Raises BuildLocked, WarehouseLocked (busy) or FileNotFoundError (corpus)."""
    from .validation import validate_landed

    result = BuildResult()
    with build_lock(db_path, wait_seconds):
        damage = ("rebuild asked for (--rebuild)" if rebuild and db_path.exists()
                  else live_damage(db_path, wait_seconds=min(wait_seconds, 30.0)))
        if damage:
            aside = set_aside(db_path, "rebuild" if rebuild else "damaged")
            result.rebuilt = f"live warehouse {damage}; set aside as {aside.name} and rebuilt from the corpus"
            say(result.rebuilt)
        result.ingest = ingest(corpus, db_path, workers=workers, command="build", mirror=not keep_missing,
                               finish=False, progress=False)
        try:
            con = connect(db_path)
            try:
                validation = validate_landed(con, docs_dir)
            finally:
                con.close()
            result.validation_failures = list(validation.failures)
            if validation.success:
                target = db_path.parent / "dbt_target"
                proc = run_dbt(["build"], db_path, target, quiet=quiet_dbt)
                result.dbt_ok = proc.returncode == 0
                result.dbt_summary = dbt_results(target)
                result.dbt_output = strip_ansi((proc.stdout or "") + (proc.stderr or ""))
                if result.dbt_ok:
                    try:
                        result.published = publish(db_path, run_id=result.ingest.run_id)
                    except PublishFailed as exc:
                        result.publish_error = str(exc)
        except BaseException as exc:  # SIGTERM from the scheduler, or a bug: the run log says so
            _record(db_path, result, status="failed", message=f"{type(exc).__name__}: {exc}")
            raise
        _record(db_path, result)
    return result


def _record(db_path: Path, result: BuildResult, status: str | None = None, message: str | None = None) -> None:
    """The run record: `ok` only once the verified copy is published."""
    if result.ingest is None:
        return
    summary = result.ingest
    if message is None:
        parts = [result.rebuilt] if result.rebuilt else []
        parts += [f"moved {old} -> {new}" for old, new in summary.moved]
        moved = {old for old, _ in summary.moved}
        parts += [f"retired {path}" for path in summary.retired if path not in moved]
        parts += result.validation_failures or [f"dbt: {result.dbt_summary}"]
        if result.publish_error:
            parts.append(f"publish failed: {result.publish_error}")
        message = "; ".join(p for p in parts if p)
    try:
        con = connect(db_path, wait_seconds=10)
    except (WarehouseLocked, duckdb.Error):
        return  # the run stays `running`, and the next run marks it interrupted
    try:
        con.execute(
            "update raw.ingest_runs set status = ?, message = ?, finished_at = now() where run_id = ?",
            [status or result.status, message[:4000], summary.run_id],
        )
    finally:
        con.close()
