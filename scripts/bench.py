"""Benchmarks of the warehouse build (`make bench`).

    python scripts/bench.py [--workdir warehouse/bench] [--documents 2000] [--mb 100]
                            [--sizes 10,25,50,100] [--measures 1000000] [--workers N]
                            [--skip-scaling] [--skip-dbt] [--profile] [--check]

1. generates (or reuses) a synthetic corpus with scripts/make_synthetic_corpus.py;
2. full ingest of it with `bizenv ingest` (target ≤ 60 s);
3. the same ingest again, nothing changed (target ≤ 5 s);
4. `dbt build` on a copy of the warehouse grown to ~1 million measures by SQL (documents
   replicated with other ids, regions and years; target ≤ 60 s), with the time of models vs
   data tests vs unit tests from run_results.json;
5. ingest time of 10, 25, 50 and 100 MB prefixes of the corpus, in MB/s (must stay flat), and the
   CPU-s/MB of one long document of 1 and 4 MB (sections, years and tables: must stay flat);
6. with --profile: cProfile of an in-process ingest (one worker) of the 10 MB prefix.

Peak memory of each step is sampled from /proc: the peak of the summed RSS of the command and
all its child processes (target ≤ 2 GB), and the largest single process.
Every figure is printed as it comes and as a Markdown table at the end (and saved as
bench.json in the work folder).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_synthetic_corpus as synth  # noqa: E402

GB = 1024**3
MB = 1024**2


# ---------------------------------------------------------------------------------------------
# measuring
# ---------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        return out
    for k in kids:
        out.append(k)
        out.extend(_children(k))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class MemorySampler:
    """Peak RSS of a process tree (sum over processes, and the largest one), sampled every 50 ms."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_total = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = [_rss(p) for p in [self.pid, *_children(self.pid)]]
            self.peak_total = max(self.peak_total, sum(rss))
            self.peak_single = max(self.peak_single, max(rss, default=0))
            self._stop.wait(0.05)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Step:
    name: str
    seconds: float
    peak_rss_mb: float  # whole process tree
    peak_single_mb: float  # largest process
    target_seconds: float | None = None
    mb: float | None = None
    note: str = ""
    cpu_seconds: float = 0.0  # user + system of the command and every child it waited for
    target_cpu_per_mb: float | None = None

    @property
    def cpu_per_mb(self) -> float | None:
        return self.cpu_seconds / self.mb if self.mb else None

    @property
    def ok(self) -> bool:
        time_ok = self.target_seconds is None or self.seconds <= self.target_seconds
        cpu_ok = self.target_cpu_per_mb is None or (self.cpu_per_mb or 0) <= self.target_cpu_per_mb
        return time_ok and cpu_ok and self.peak_rss_mb <= 2048

    def line(self) -> str:
        rate = f", {self.mb / self.seconds:.2f} MB/s" if self.mb else ""
        if self.mb:
            cpu_target = f" (target ≤ {self.target_cpu_per_mb:.1f})" if self.target_cpu_per_mb else ""
            rate += f", {self.cpu_seconds:.1f} CPU-s = {self.cpu_per_mb:.2f} CPU-s/MB{cpu_target}"
        target = f" (target ≤ {self.target_seconds:.0f} s)" if self.target_seconds else ""
        return (f"{self.name}: {self.seconds:.1f} s{target}{rate}; peak RSS {self.peak_rss_mb:.0f} MB "
                f"(largest process {self.peak_single_mb:.0f} MB){'; ' + self.note if self.note else ''}"
                f" -> {'OK' if self.ok else 'MISSED'}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path = PROJECT_ROOT) -> tuple[float, MemorySampler, subprocess.CompletedProcess, float]:
    """Wall seconds, memory peaks, the finished process and its CPU seconds (workers included:
    RUSAGE_CHILDREN counts every descendant its parent waited for)."""
    t0 = time.perf_counter()
    cpu0 = _children_cpu()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    with MemorySampler(proc.pid) as mem:
        out, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    return elapsed, mem, subprocess.CompletedProcess(cmd, proc.returncode, out, err), _children_cpu() - cpu0


def bizenv() -> list[str]:
    exe = Path(sys.executable).parent / "bizenv"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ingest.cli"]


def ingest_step(name: str, db: Path, folder: Path, workers: int, target: float | None, mb: float | None,
                target_cpu_per_mb: float | None = None) -> Step:
    cmd = bizenv() + ["--db", str(db), "ingest", str(folder), "--quiet", "--workers", str(workers)]
    elapsed, mem, proc, cpu = run_measured(cmd)
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}")
    summary = " / ".join(line for line in proc.stdout.splitlines()[:2])
    step = Step(name, elapsed, mem.peak_total / MB, mem.peak_single / MB, target, mb, summary, cpu, target_cpu_per_mb)
    print(step.line(), flush=True)
    return step


# ---------------------------------------------------------------------------------------------
# corpus
# ---------------------------------------------------------------------------------------------


def prefix_folder(corpus: Path, rows: list[dict], mb: float, out: Path) -> float:
    """Hard links to the first files of the corpus adding up to `mb` MB; returns the real size."""
    if out.exists():
        shutil.rmtree(out)
    total = 0
    for r in rows:
        if total >= mb * MB:
            break
        dst = out / r["file"]
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(corpus / r["file"], dst)
        except OSError:
            shutil.copyfile(corpus / r["file"], dst)
        total += r["bytes"]
    return total / MB


# ---------------------------------------------------------------------------------------------
# 1 million measures for dbt
# ---------------------------------------------------------------------------------------------

GROW_SQL = """
create temp table reg as
    select row_number() over (order by region_code) - 1 as i, region_code, region_name
    from read_csv('{regions}', all_varchar = true) where level in ('county', 'prefecture');
create temp table rep as select range as k from range(1, {copies} + 1);
create temp table doc_map as
    select d.document_id as old_id, d.document_id || '~r' || rep.k as new_id, rep.k,
           cast((hash(d.document_id) + rep.k * 7919) % (select count(*) from reg) as bigint) as ri,
           (rep.k % 7) - 3 as shift
    from raw.documents d cross join rep;
insert into raw.documents by name
    select d.* replace (m.new_id as document_id, d.issue_date + to_years(m.shift) as issue_date,
                        d.period_start + m.shift as period_start, d.period_end + m.shift as period_end,
                        null as duplicate_of)
    from raw.documents d join doc_map m on m.old_id = d.document_id;
insert into raw.document_regions by name
    select dr.* replace (m.new_id as document_id, r.region_code as region_code, r.region_name as region_name)
    from raw.document_regions dr join doc_map m on m.old_id = dr.document_id
    join reg r on r.i = (m.ri + dr.position) % (select count(*) from reg);
insert into raw.measures by name
    select x.* replace (
               m.new_id || substr(x.measure_id, length(x.document_id) + 1) as measure_id,
               m.new_id as document_id,
               case when x.region_code is null then null else r.region_code end as region_code,
               case when x.region_code is null then null else r.region_name end as region_name,
               case when x.unit in ('percent', 'permille', 'percentage_point') then x.value
                    else x.value * (0.8 + 0.4 * ((hash(m.new_id || x.measure_id) % 1000) / 1000.0)) end as value,
               x.target_year + m.shift as target_year)
    from raw.measures x join doc_map m on m.old_id = x.document_id
    join reg r on r.i = m.ri;
"""


def grow_warehouse(src: Path, dst: Path, measures: int) -> tuple[int, int, float]:
    """Copy the warehouse and replicate its documents until it holds about `measures` measures.
    Returns (measures, documents, seconds)."""
    import duckdb

    t0 = time.perf_counter()
    for p in (dst, dst.with_name(dst.name + ".wal")):
        p.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        have = con.execute("select count(*) from raw.measures").fetchone()[0]
        copies = max(0, math.ceil(measures / max(have, 1)) - 1)
        if copies:
            con.execute("begin transaction")
            for stmt in GROW_SQL.format(regions=PROJECT_ROOT / "seeds" / "regions.csv", copies=copies).split(";"):
                if stmt.strip():
                    con.execute(stmt)
            con.execute("commit")
        con.execute("checkpoint")
        n_measures = con.execute("select count(*) from raw.measures").fetchone()[0]
        n_docs = con.execute("select count(*) from raw.documents").fetchone()[0]
    finally:
        con.close()
    return n_measures, n_docs, time.perf_counter() - t0


def dbt_step(db: Path, workdir: Path) -> tuple[Step, dict]:
    from ingest.build import dbt_command

    target = workdir / "dbt_target"
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, BIZENV_DB=str(db.resolve()), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    cmd = dbt_command() + ["build", "--project-dir", str(PROJECT_ROOT), "--profiles-dir", str(PROJECT_ROOT),
                           "--target-path", str(target), "--log-path", str(target / "logs")]
    elapsed, mem, proc, cpu = run_measured(cmd, env=env)
    detail = dbt_breakdown(target)
    note = detail.get("status", "")
    if proc.returncode != 0:
        note += f"; dbt exited {proc.returncode}"
        tail = "\n".join(proc.stdout.splitlines()[-25:])
        print(f"dbt build failed:\n{tail}", file=sys.stderr)
    step = Step("dbt build, ~1M measures", elapsed, mem.peak_total / MB, mem.peak_single / MB, 60, None, note, cpu)
    print(step.line(), flush=True)
    for kind, secs in sorted(detail.get("by_type", {}).items(), key=lambda kv: -kv[1]):
        print(f"    {kind}: {secs:.1f} s (sum of node times)")
    for name, secs in detail.get("slowest", []):
        print(f"    {secs:6.1f} s  {name}")
    return step, detail


def dbt_breakdown(target: Path) -> dict:
    path = target / "run_results.json"
    if not path.exists():
        return {"status": "no run_results.json"}
    results = json.loads(path.read_text())["results"]
    by_type: dict[str, float] = {}
    counts: dict[str, int] = {}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + (r.get("execution_time") or 0.0)
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    slowest = sorted(((r["unique_id"], r.get("execution_time") or 0.0) for r in results), key=lambda x: -x[1])[:10]
    return {
        "status": ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
        "by_type": by_type,
        "slowest": [(n, round(s, 2)) for n, s in slowest],
        "failed": [r["unique_id"] for r in results if r["status"] in ("fail", "error")],
    }


# ---------------------------------------------------------------------------------------------
# one long document: the year-scope, section and table walks stay linear in its length
# ---------------------------------------------------------------------------------------------

LONG_HEAD = "某某市优化营商环境三年行动方案（2024—2026年）\n某某市人民政府办公室\n2024年3月1日\n"
LONG_TABLE = ("| 指标 | 2023年完成情况 | 2024年目标值 | 2025年目标值 |\n| --- | --- | --- | --- |\n"
              "| 企业开办时间（个工作日） | 1.5 | 1 | 0.5 |\n| 网上可办率（%） | 95 | 98 | 100 |\n")


def long_document(mb: float) -> str:
    """One plan of about `mb` MB: numbered sections with years, genre paragraphs and a target table
    in each (the genre documents of tests/data, our own text)."""
    import yaml

    genre = yaml.safe_load((PROJECT_ROOT / "tests" / "data" / "genre_documents.yaml").read_text(encoding="utf-8"))
    paragraphs = [line for d in genre for line in d["text"].splitlines()[3:] if len(line) > 20]
    parts, size, n = [LONG_HEAD], 0, 0
    while size < mb * MB:
        n += 1
        block = f"（{n}）{2024 + n % 3}年重点任务\n" + "\n".join(paragraphs[(n * 7 + k) % len(paragraphs)] for k in range(12)) + "\n" + LONG_TABLE
        parts.append(block)
        size += len(block.encode())
    return "".join(parts)


def linearity_step(workdir: Path, sizes: tuple[float, ...] = (1, 4)) -> list[str]:
    """CPU seconds per MB of process_file (read, split, regions, tables, extraction) on one long
    document of each size, in this process."""
    from ingest.pipeline import process_file

    lines = []
    for mb in sizes:
        path = workdir / f"long_{mb:g}mb.txt"
        path.write_text(long_document(mb), encoding="utf-8")
        real = path.stat().st_size / MB
        t0 = time.process_time()
        result = process_file(str(path))
        cpu = time.process_time() - t0
        lines.append(f"one document of {real:.1f} MB: {cpu:.1f} CPU-s = {cpu / real:.2f} CPU-s/MB, "
                     f"{len(result.documents)} document(s), {len(result.measures)} measures"
                     f"{'; rejected: ' + result.reject_reason if result.reject_reason else ''}")
        print(lines[-1], flush=True)
    return lines


# ---------------------------------------------------------------------------------------------
# profile
# ---------------------------------------------------------------------------------------------


def profile_ingest(folder: Path, db: Path, top: int = 30) -> str:
    from ingest.pipeline import ingest

    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    prof = cProfile.Profile()
    prof.enable()
    ingest([str(folder)], db, workers=1, progress=False)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark ingest, rerun and dbt build on a synthetic corpus.")
    p.add_argument("--workdir", default=str(PROJECT_ROOT / "warehouse" / "bench"))
    p.add_argument("--documents", type=int, default=2000)
    p.add_argument("--mb", type=float, default=100.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--sizes", default="10,25,50,100", help="MB prefixes for the scaling series")
    p.add_argument("--measures", type=int, default=1_000_000)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--skip-scaling", action="store_true")
    p.add_argument("--skip-dbt", action="store_true")
    p.add_argument("--profile", action="store_true", help="cProfile an in-process ingest of the smallest size")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args(argv)

    workdir = Path(args.workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / "corpus"
    started = datetime.now().astimezone()
    print(f"bizenv bench {started:%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores, workers={args.workers}; "
          f"python {sys.version.split()[0]}; load average {os.getloadavg()[0]:.1f}", flush=True)

    t0 = time.perf_counter()
    rows = synth.ensure(corpus, args.documents, args.mb, args.seed)
    corpus_mb = sum(r["bytes"] for r in rows) / MB
    n_docs = sum(r["documents"] for r in rows)
    print(f"corpus: {len(rows)} files, {n_docs} documents, {corpus_mb:.1f} MB in {corpus} "
          f"({time.perf_counter() - t0:.1f} s to generate or check)", flush=True)

    steps: list[Step] = []
    db = workdir / "bench.duckdb"
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    full = ingest_step(f"full ingest, {corpus_mb:.0f} MB", db, corpus, args.workers, 60, corpus_mb, 0.8)
    steps.append(full)
    steps.append(ingest_step("rerun, nothing changed", db, corpus, args.workers, 5, None))

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    landed = con.execute("select (select count(*) from raw.files), (select count(*) from raw.documents), "
                         "(select count(*) from raw.measures), "
                         "(select count(*) from raw.documents where duplicate_of is not null), "
                         "(select count(*) from raw.documents where region_status in ('resolved', 'inferred'))").fetchone()
    con.close()
    print(f"landed: {landed[0]} files, {landed[1]} documents (generated {n_docs}), {landed[2]} measures, "
          f"{landed[3]} linked copies, {landed[4]} documents with a region", flush=True)

    dbt_detail: dict = {}
    if not args.skip_dbt:
        big = workdir / "bench_1m.duckdb"
        n_measures, n_documents, secs = grow_warehouse(db, big, args.measures)
        print(f"grew a copy to {n_measures} measures / {n_documents} documents in {secs:.1f} s", flush=True)
        step, dbt_detail = dbt_step(big, workdir)
        step.name = f"dbt build, {n_measures / 1e6:.2f}M measures"
        steps.append(step)

    scaling: list[Step] = []
    if not args.skip_scaling:
        for size in [float(s) for s in args.sizes.split(",") if s]:
            if size >= corpus_mb - 0.5:
                s = Step(f"scaling {corpus_mb:.0f} MB", full.seconds, full.peak_rss_mb, full.peak_single_mb, None,
                         corpus_mb, "the full ingest above", full.cpu_seconds)
                print(s.line())
            else:
                folder = workdir / f"prefix_{size:g}mb"
                real_mb = prefix_folder(corpus, rows, size, folder)
                sdb = workdir / f"prefix_{size:g}mb.duckdb"
                for path in (sdb, sdb.with_name(sdb.name + ".wal")):
                    path.unlink(missing_ok=True)
                s = ingest_step(f"scaling {real_mb:.0f} MB", sdb, folder, args.workers, None, real_mb)
            scaling.append(s)
        rates = [s.mb / s.seconds for s in scaling if s.mb]
        if len(rates) >= 2:
            print(f"throughput from smallest to largest: {rates[0]:.2f} -> {rates[-1]:.2f} MB/s "
                  f"({rates[-1] / rates[0]:.0%} of the small-corpus rate)")

    linearity = linearity_step(workdir) if not args.skip_scaling else []

    profile_text = ""
    if args.profile:
        size = min(float(s) for s in args.sizes.split(","))
        folder = workdir / f"prefix_{size:g}mb"
        prefix_folder(corpus, rows, size, folder)
        profile_text = profile_ingest(folder, workdir / "profile.duckdb")
        print(profile_text)

    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    print("\n| step | seconds | target | CPU-s | CPU-s/MB | peak RSS (tree) | largest process | MB/s | result |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for s in steps + scaling:
        target = " / ".join(t for t in (f"≤ {s.target_seconds:.0f} s" if s.target_seconds else "",
                                        f"≤ {s.target_cpu_per_mb:.1f} CPU-s/MB" if s.target_cpu_per_mb else "") if t)
        rate = f"{s.mb / s.seconds:.2f}" if s.mb else ""
        per_mb = f"{s.cpu_per_mb:.2f}" if s.mb else ""
        print(f"| {s.name} | {s.seconds:.1f} | {target} | {s.cpu_seconds:.1f} | {per_mb} | {s.peak_rss_mb:.0f} MB | "
              f"{s.peak_single_mb:.0f} MB | {rate} | {'OK' if s.ok else 'MISSED'} |")
    (workdir / "bench.json").write_text(json.dumps({
        "date": started.isoformat(), "load_average_end": os.getloadavg()[0], "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "corpus": {"files": len(rows), "documents": n_docs, "mb": corpus_mb}, "landed": landed,
        "steps": [asdict(s) for s in steps], "scaling": [asdict(s) for s in scaling], "dbt": dbt_detail,
        "long_document": linearity,
    }, indent=2, ensure_ascii=False))
    return 1 if args.check and not all(s.ok for s in steps) else 0


if __name__ == "__main__":
    sys.exit(main())
