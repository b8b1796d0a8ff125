"""A real warehouse built by `bizenv build` from tests/data/analyst_corpus, for the analyst-facing
tests (test_comparison.py, test_report.py, test_schedule.py).

The corpus: four small policy files —
  yunnan_2022.txt        云南省 530000, three-year plan: 企业开办 2 / 1 / 0.5 working days and
                         网上可办率 90 / 95 / 98 % for 2022 / 2023 / 2024
  kunming_2023.txt       昆明市 530100, 2023: 企业开办 0.5 working_day, 网上可办率 98 %,
                         全程网办率 85 %, 用水报装 3 working_day
  qujing_2023.txt        曲靖市 530300, 2023: 企业开办 1 working_day, 网上可办率 95 %
  qujing_2023_repost.txt a reposted copy of the 曲靖 document (a duplicate: counted once)

Import it by path (tests/ is not a package): see `load()` in the test modules.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "analyst_corpus"
BIZENV = Path(sys.executable).parent / "bizenv"
PROJECT = Path(__file__).resolve().parents[2]


def bizenv(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """Run the `bizenv` command line as an analyst or a scheduler would."""
    return subprocess.run([str(BIZENV), *args], cwd=PROJECT, capture_output=True, text=True, timeout=timeout)


def start_build(db_path: Path, *corpus: Path, wait: float = 600) -> subprocess.Popen:
    """`bizenv build` in the background (stdout/stderr captured); the fixture corpus by default."""
    folders = [arg for folder in (corpus or (CORPUS,)) for arg in ("--corpus", str(folder))]
    return subprocess.Popen(
        [str(BIZENV), "--db", str(db_path), "build", *folders, "--wait", str(wait), "--workers", "1"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def build(db_path: Path, *corpus: Path, wait: float = 600) -> subprocess.CompletedProcess:
    proc = start_build(db_path, *corpus, wait=wait)
    out, err = proc.communicate(timeout=900)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def shared_warehouse(base: Path) -> Path:
    """The fixture warehouse under `base` (pytest's session temp dir), built on first use.
    Returns the live DB path; its published copy is next to it in published/."""
    db_path = base / "analyst_warehouse" / "bizenv.duckdb"
    published = db_path.parent / "published" / db_path.name
    if not published.exists():
        result = build(db_path)
        if result.returncode != 0 or not published.exists():
            raise RuntimeError(
                f"bizenv build of {CORPUS} failed (exit {result.returncode}):\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
    return db_path
