"""The scheduled job: ingest → validate landed data → dbt build → publish a read-only copy.

Safe under cron/systemd: a lock file keeps two builds from overlapping (the second waits a
bounded time, then exits with a clear message); ingest and dbt never hold the DuckDB file at
the same time; the published copy is swapped in atomically, only when the build succeeded.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import PROJECT_ROOT
from .landing import connect
from .pipeline import IngestSummary, ingest


class BuildLocked(RuntimeError):
    pass


@dataclass
class BuildResult:
    ingest: IngestSummary | None = None
    validation_failures: list[str] = field(default_factory=list)
    dbt_ok: bool = False
    dbt_summary: str = ""
    published: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.validation_failures and self.dbt_ok


def published_path(db_path: Path) -> Path:
    return db_path.parent / "published" / db_path.name


@contextmanager
def build_lock(db_path: Path, wait_seconds: float) -> Iterator[None]:
    lock_path = db_path.parent / (db_path.name + ".build.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as f:  # "w" would wipe the holder's pid while we wait
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"another build holds {lock_path} (waited {wait_seconds:.0f}s); try again when it has finished"
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
    cmd = dbt_command() + args + [
        "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT),
        "--target-path", str(target_path), "--log-path", str(target_path / "logs"),
    ]
    return subprocess.run(cmd, env=env, cwd=PROJECT_ROOT, text=True, capture_output=quiet)


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


def publish(db_path: Path) -> Path:
    """Copy the warehouse next to itself and rename it into place: readers of the published
    copy never block a build and never see a half-built state."""
    target = published_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(db_path, tmp)
    with open(tmp, "rb") as f:  # on disk before the rename, so a power loss never leaves an empty copy
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return target


def build(
    corpus: list[str], db_path: Path, docs_dir: Path | None = None, wait_seconds: float = 60.0,
    workers: int | None = None, quiet_dbt: bool = False,
) -> BuildResult:
    from .validation import validate_landed

    result = BuildResult()
    with build_lock(db_path, wait_seconds):
        result.ingest = ingest(corpus, db_path, workers=workers, command="build")
        con = connect(db_path)
        try:
            validation = validate_landed(con, docs_dir)
        finally:
            con.close()
        result.validation_failures = list(validation.failures)
        if not validation.success:
            _record(db_path, result)
            return result
        target = db_path.parent / "dbt_target"
        proc = run_dbt(["build"], db_path, target, quiet=quiet_dbt)
        result.dbt_ok = proc.returncode == 0
        result.dbt_summary = dbt_results(target)
        _record(db_path, result)
        if result.ok:
            result.published = publish(db_path)
    return result


def _record(db_path: Path, result: BuildResult) -> None:
    """The run record: what the build found and whether its checks passed."""
    if result.ingest is None:
        return
    con = connect(db_path)
    try:
        status = "ok" if result.ok else ("validation_failed" if result.validation_failures else "dbt_failed")
        message = "; ".join(result.validation_failures) or result.dbt_summary
        con.execute(
            "update raw.ingest_runs set status = ?, message = ?, finished_at = now() where run_id = ?",
            [status, message[:4000], result.ingest.run_id],
        )
    finally:
        con.close()
