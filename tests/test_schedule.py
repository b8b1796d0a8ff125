"""Scheduled builds: overlapping `bizenv build` runs and analysts reading while a build runs.

* Two builds started together on one warehouse: one holds the build lock; the other, with a
  short --wait, gives up with exit code 3 and a message naming the lock — or, with a long
  --wait, runs after the first. Either way the tables equal those of one clean build.
* An analyst's open read-only connection to the published copy does not block a build; it keeps
  seeing the old complete copy, and a new connection sees the new one (publish swaps the file
  in with os.replace).
* deploy/ holds a cron line and a systemd service + timer that run exactly that command.
"""

from __future__ import annotations

import configparser
import shutil
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import analyst_warehouse as fixture  # tests/data, on pytest's pythonpath

from ingest.build import BuildLocked, build_lock


PROJECT = Path(__file__).resolve().parents[1]
DEPLOY = PROJECT / "deploy"
VOLATILE = {"run_id", "ingested_at", "rejected_at", "started_at", "finished_at"}
EXTRA_POLICY = """玉政办发〔2024〕9号

# 玉溪市人民政府办公室关于印发玉溪市2024年优化营商环境工作要点的通知

各县（市、区）人民政府，市直各部门：

现将《玉溪市2024年优化营商环境工作要点》印发给你们，请认真贯彻执行。

玉溪市人民政府办公室
2024年2月28日

# 玉溪市2024年优化营商环境工作要点

一、企业开办
2024年，全市企业开办时间压缩至0.5个工作日以内。
"""


def published(db: Path) -> Path:
    return db.parent / "published" / db.name


def snapshot(path: Path) -> dict[str, pd.DataFrame]:
    """Every table and view of the warehouse, rows sorted, run ids and timestamps left out."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'seeds') "
            "and table_name not like '%ingest_runs' order by 1, 2"
        ).fetchall()
        tables = {}
        for schema, name in names:
            df = con.execute(f'select * from "{schema}"."{name}"').df()
            df = df.drop(columns=[c for c in df.columns if c in VOLATILE])
            df = df.astype(str).sort_values(list(df.columns)).reset_index(drop=True)
            tables[f"{schema}.{name}"] = df
        return tables
    finally:
        con.close()


def assert_same_tables(left: Path, right: Path) -> None:
    a, b = snapshot(left), snapshot(right)
    assert sorted(a) == sorted(b)
    assert "marts.mart_region_comparison" in a and len(a["marts.mart_region_comparison"]) > 0
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def count(db: Path) -> int:
    """What an analyst's fresh `bizenv query` of the published copy sees (a new process, so no
    database instance cached from an earlier connection)."""
    result = fixture.bizenv("--db", str(db), "query",
                            "select count(*) as n from marts.mart_region_comparison", "--format", "csv")
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """One clean build of the fixture corpus (shared with the other analyst tests)."""
    return fixture.shared_warehouse(tmp_path_factory.getbasetemp())


# --- fast ------------------------------------------------------------------------------------------

def test_a_build_that_cannot_get_the_lock_exits_3_naming_it(tmp_path):
    db = tmp_path / "bizenv.duckdb"
    with build_lock(db, wait_seconds=0):
        with pytest.raises(BuildLocked, match=r"bizenv\.duckdb\.build\.lock"):
            with build_lock(db, wait_seconds=0.2):
                pass
        started = time.monotonic()
        result = fixture.bizenv("--db", str(db), "build", "--corpus", str(fixture.CORPUS), "--wait", "1")
        assert time.monotonic() - started < 60
    assert result.returncode == 3
    assert str(db) + ".build.lock" in result.stderr and "another build" in result.stderr
    assert not db.exists()  # it gave up before touching the warehouse


def test_deploy_runs_the_build_every_30_minutes():
    cron = [line for line in (DEPLOY / "crontab").read_text().splitlines() if line and not line.startswith("#")]
    assert len(cron) == 1
    fields = cron[0].split(None, 5)
    assert fields[:5] == ["*/30", "*", "*", "*", "*"]
    assert ".venv/bin/bizenv build --corpus" in fields[5] and "--log warehouse/logs/build.log" in fields[5]

    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.read(DEPLOY / "bizenv-build.service")
    assert service["Service"]["Type"] == "oneshot"
    assert ".venv/bin/bizenv build --corpus" in service["Service"]["ExecStart"]
    assert service["Service"]["SuccessExitStatus"].split() == ["3"]  # lock held: not a failure; busy (4) is
    assert service["Service"]["StandardOutput"] == "journal"  # journald timestamps and rotates
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.read(DEPLOY / "bizenv-build.timer")
    assert timer["Timer"]["OnCalendar"] == "*:0/30"
    assert timer["Timer"]["Unit"] == "bizenv-build.service"
    assert timer["Install"]["WantedBy"] == "timers.target"


# --- slow: real overlapping builds ----------------------------------------------------------------

@pytest.mark.slow
def test_two_builds_started_together_one_gives_up(clean, tmp_path):
    db = tmp_path / "wh" / "bizenv.duckdb"
    first, second = (fixture.start_build(db, wait=3) for _ in range(2))
    results = [(p.wait(timeout=900), *p.communicate()) for p in (first, second)]
    assert sorted(code for code, _, _ in results) == [0, 3], results
    _, _, loser_err = next(r for r in results if r[0] == 3)
    assert f"{db}.build.lock" in loser_err and "another build holds" in loser_err
    assert_same_tables(db, clean)
    assert_same_tables(published(db), db)


@pytest.mark.slow
def test_a_waiting_build_runs_after_the_first(clean, tmp_path):
    db = tmp_path / "wh" / "bizenv.duckdb"
    procs = [fixture.start_build(db, wait=600) for _ in range(2)]
    results = [(p.wait(timeout=1200), *p.communicate()) for p in procs]
    assert [code for code, _, _ in results] == [0, 0], results
    con = duckdb.connect(str(published(db)), read_only=True)
    try:
        runs = con.execute(
            "select started_at, finished_at, status from raw.ingest_runs where command = 'build' order by started_at"
        ).fetchall()
    finally:
        con.close()
    assert [status for _, _, status in runs] == ["ok", "ok"]
    assert runs[1][0] >= runs[0][1], "the second build started before the first had finished"
    assert_same_tables(db, clean)
    assert_same_tables(published(db), db)


@pytest.mark.slow
def test_an_open_analyst_connection_does_not_block_a_build(clean, tmp_path):
    warehouse = tmp_path / "wh"
    shutil.copytree(clean.parent, warehouse, ignore=shutil.ignore_patterns("*.lock"))
    db = warehouse / clean.name
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "yuxi_2024.txt").write_text(EXTRA_POLICY, encoding="utf-8")
    old = count(db)

    analyst = duckdb.connect(str(published(db)), read_only=True)
    try:
        query = "select count(*) from marts.mart_region_comparison"
        assert analyst.execute(query).fetchone()[0] == old
        build = fixture.start_build(db, fixture.CORPUS, extra, wait=10)
        seen = set()
        while build.poll() is None:
            assert analyst.execute(query).fetchone()[0] == old  # the analyst keeps working
            seen.add(count(db))  # a fresh reader sees a complete copy, old or new
        out, err = build.communicate()
        assert build.returncode == 0, out + err
        new = count(db)
        assert new == old + 1
        assert seen <= {old, new}
        # the open connection still reads the old, complete copy (os.replace left its file intact)
        assert analyst.execute(query).fetchone()[0] == old
        assert analyst.execute("select count(*) from marts.fct_measures").fetchone()[0] > 0
    finally:
        analyst.close()
    yuxi = fixture.bizenv("--db", str(db), "query", "select region_name from marts.mart_region_comparison "
                          "where region_code = '530400'", "--format", "csv")
    assert "玉溪市" in yuxi.stdout
