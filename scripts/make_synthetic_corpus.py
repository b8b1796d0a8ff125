"""Generate a synthetic policy corpus from the reference corpus, for benchmarks and crash tests.

    python scripts/make_synthetic_corpus.py --out DIR [--documents 2000] [--mb 100] [--seed 1]

Every synthetic document starts from one reference document and is varied so that nothing is a
literal copy:

* the issuing region is swapped for another real division from seeds/regions.csv: every
  province / prefecture / county name of the reference corpus (full and short forms) becomes the
  name of the target county, its prefecture or its province, level for level;
* years 2010–2030 are shifted by the same random amount throughout the document (〔2023〕, 2022—2024
  and 2023年 move together); numbers followed by a unit are scaled by a random factor (integers stay
  integers, decimals keep their decimals, percentages stay ≤ 100);
* body paragraphs (for OCR'd text: lines up to a sentence end) are shuffled between reference
  documents of the same kind (方案, 要点, 清单…)
  and the body is padded with runs of paragraphs of that kind up to the document's size, drawn
  from a log-normal distribution around `mb / documents`;
* ~10% of documents are bundled into compilation files (numbered headers with issuer, date and
  文号, like the reference compilation); ~1% are anonymised republications (XX for place names,
  lines re-wrapped) of an earlier synthetic document, for the near-duplicate linker;
* files are .txt: mostly UTF-8, ~15% GB18030, ~3% UTF-8 with BOM, ~20% with CRLF line endings.

A hidden .manifest.csv lists every file with its documents, target region, encoding and size; it also
records the parameters so that callers can reuse a corpus generated with the same ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
REGIONS_CSV = PROJECT_ROOT / "seeds" / "regions.csv"
VERSION = 2  # bump when the output for the same parameters changes: `ensure` regenerates
MANIFEST = ".manifest.csv"  # hidden: ingest skips it
PARAMS = ".params.json"


# ---------------------------------------------------------------------------------------------
# reference documents
# ---------------------------------------------------------------------------------------------


@dataclass
class RefDoc:
    doc_id: str
    kind: str
    header: list[str]  # title / 文号 / addressee lines
    body: list[str]  # paragraphs (a paragraph of OCR'd text keeps its line breaks)
    title: str
    region_codes: list[str] = field(default_factory=list)


_ADDRESSEE_END = re.compile(r"[：:]\s*$")


def _split_header(lines: list[str]) -> tuple[list[str], list[str]]:
    """Header lines (title, 文号, date, addressee) and body lines of one document."""
    for k, line in enumerate(lines[:12]):
        if _ADDRESSEE_END.search(line) and len(line) < 120:
            return lines[: k + 1], lines[k + 1 :]
    k = 0
    while k < min(len(lines), 8) and len(lines[k]) < 60 and "。" not in lines[k]:
        k += 1
    return lines[:k], lines[k:]


_UNIT_END = re.compile(r"[。；;！？!?：:]\s*$")


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines grouped into paragraphs: OCR'd text breaks lines inside sentences, and a shuffled
    half sentence ("分别达到30%、35%。" without its subject) is not something a document contains."""
    out: list[str] = []
    cur: list[str] = []
    for line in lines:
        cur.append(line)
        if _UNIT_END.search(line) or len(line.strip()) < 30:
            out.append("\n".join(cur))
            cur = []
    if cur:
        out.append("\n".join(cur))
    return out


def load_reference(corpus: Path) -> list[RefDoc]:
    from ingest.reading import iter_input_files, read_file
    from ingest.regions import resolve_regions
    from ingest.splitting import split_documents

    docs: list[RefDoc] = []
    for path in iter_input_files([str(corpus)]):
        source = read_file(path)
        for d in split_documents(source):
            text = source.text[d.char_start : d.char_end]
            regions, _ = resolve_regions(d.issuer, d.title, text, d.doc_number)
            lines = [ln.rstrip() for ln in text.splitlines()]
            lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("# Page")]
            header, body = _split_header(lines)
            docs.append(RefDoc(d.document_id, d.doc_type or "其他", header, _paragraphs(body), d.title or "",
                               [r.code for r in regions]))
    return docs


# ---------------------------------------------------------------------------------------------
# regions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str
    parent: str
    province: str


def load_divisions() -> dict[str, Division]:
    with open(REGIONS_CSV, encoding="utf-8", newline="") as f:
        return {
            r["region_code"]: Division(r["region_code"], r["region_name"], r["short_name"] or r["region_name"],
                                       r["level"], r["parent_code"], r["province_code"])
            for r in csv.DictReader(f)
        }


def _chain(code: str, divisions: dict[str, Division]) -> dict[str, Division]:
    """level -> division for a code and its ancestors."""
    out: dict[str, Division] = {}
    d = divisions.get(code)
    while d is not None:
        out.setdefault(d.level, d)
        d = divisions.get(d.parent) if d.parent else None
    return out


class RegionSwapper:
    """Replaces every place name of the reference corpus by the same-level name of a target."""

    def __init__(self, docs: list[RefDoc], divisions: dict[str, Division]):
        self.divisions = divisions
        forms: dict[str, tuple[str, bool]] = {}  # surface -> (level, is_full)
        for doc in docs:
            for code in doc.region_codes:
                for level, d in _chain(code, divisions).items():
                    forms.setdefault(d.name, (level, True))
                    if len(d.short) >= 2:
                        forms.setdefault(d.short, (level, False))
        self.forms = forms
        self.pattern = re.compile("|".join(re.escape(s) for s in sorted(forms, key=len, reverse=True)))
        # targets: counties under a prefecture (or a municipality) with usable short names
        self.targets = [
            d for d in divisions.values()
            if d.level == "county" and d.parent in divisions and len(d.short) >= 2 and len(d.name) >= 3
        ]

    def pick(self, rng: random.Random) -> dict[str, Division]:
        target = rng.choice(self.targets)
        chain = _chain(target.code, self.divisions)
        chain.setdefault("prefecture", chain.get("province", target))
        return chain

    def swap(self, text: str, chain: dict[str, Division]) -> str:
        def repl(m: re.Match[str]) -> str:
            level, full = self.forms[m.group()]
            d = chain.get(level) or chain["county"]
            return d.name if full else d.short

        return self.pattern.sub(repl, text)


# ---------------------------------------------------------------------------------------------
# numbers and years
# ---------------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![0-9０-９.])(20[1-3][0-9])(?![0-9０-９])")
_UNIT_NUMBER = re.compile(
    r"(?<![0-9.〔\[(（])([0-9]+(?:\.[0-9]+)?)(?=\s*(?:%|％|个|天|小时|万|亿|家|项|件|元|次|户|人|倍|分钟|公里|千米|平方米|亩|座|所|条|台|辆|套))"
)


def shift_years(text: str, delta: int) -> str:
    def repl(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return str(y + delta) if 2010 <= y <= 2030 else m.group(1)

    return _YEAR.sub(repl, text)


def perturb_numbers(text: str, rng: random.Random) -> str:
    def repl(m: re.Match[str]) -> str:
        s = m.group(1)
        if len(s) == 4 and s.startswith("20"):
            return s  # a year without 年 (2023年度 was shifted already)
        value = float(s)
        if value == 0:
            return s
        is_pct = text[m.end() : m.end() + 2].lstrip()[:1] in ("%", "％")
        new = value * rng.uniform(0.6, 1.4)
        if is_pct and value <= 100:
            new = min(new, 100.0)
        if "." in s:
            decimals = len(s.split(".")[1])
            out = f"{new:.{decimals}f}"
            return out if float(out) > 0 else s
        return str(max(1, round(new)))

    return _UNIT_NUMBER.sub(repl, text)


# ---------------------------------------------------------------------------------------------
# documents and files
# ---------------------------------------------------------------------------------------------


@dataclass
class SynDoc:
    text: str
    region_code: str
    region_name: str
    base: str
    kind: str
    issuer: str
    title: str
    year: int


class Generator:
    def __init__(self, corpus: Path, seed: int):
        self.rng = random.Random(seed)
        self.docs = load_reference(corpus)
        self.divisions = load_divisions()
        self.swapper = RegionSwapper(self.docs, self.divisions)
        by_kind: dict[str, list[RefDoc]] = {}
        for d in self.docs:
            by_kind.setdefault(d.kind, []).append(d)
        # kinds with fewer than three documents borrow from the whole corpus
        self.pool = {k: (v if len(v) >= 3 else self.docs) for k, v in by_kind.items()}
        self.weights = [max(1, sum(len(p) for p in d.body)) for d in self.docs]

    def _body(self, base: RefDoc, target_chars: int) -> list[str]:
        rng = self.rng
        pool = self.pool[base.kind]
        body = list(base.body)
        for i in range(len(body)):  # shuffle paragraphs between documents of the same kind
            if rng.random() < 0.35:
                donor = rng.choice(pool)
                if donor.body:
                    body[i] = rng.choice(donor.body)
        size = sum(len(p) for p in body)
        if size > target_chars:  # keep a prefix of the body
            out, size = [], 0
            for p in body:
                out.append(p)
                size += len(p)
                if size >= target_chars:
                    break
            return out
        while size < target_chars:  # pad with runs of paragraphs of the same kind
            donor = rng.choice(pool)
            if not donor.body:
                continue
            start = rng.randrange(len(donor.body))
            run = donor.body[start : start + rng.randint(5, 30)]
            body.extend(run)
            size += sum(len(p) for p in run)
        return body

    def document(self, target_chars: int, compilation_member: bool) -> SynDoc:
        rng = self.rng
        base = rng.choices(self.docs, weights=self.weights)[0]
        chain = self.swapper.pick(rng)
        delta = rng.randint(-3, 3)
        body = self._body(base, target_chars)
        issuer_div = chain["prefecture"] if rng.random() < 0.5 else chain["county"]
        issuer = issuer_div.name + rng.choice(["人民政府办公室", "人民政府", "营商环境建设局", "发展和改革局"])
        year = 2023 + delta
        title = self.swapper.swap(base.title, chain) if base.title else f"{issuer_div.name}优化营商环境{base.kind}"
        title = shift_years(title, delta)
        header = [] if compilation_member else list(base.header)
        text = self.swapper.swap("\n".join(header + body), chain) + "\n"
        if not compilation_member and not header:
            text = f"{issuer}关于印发{title}的通知\n\n" + text
        text = perturb_numbers(shift_years(text, delta), rng)
        target = chain["county"] if issuer_div is chain["county"] else chain["prefecture"]
        return SynDoc(text, target.code, target.name, base.doc_id, base.kind, issuer, title, year)

    def anonymised_copy(self, doc: SynDoc) -> SynDoc:
        """A republication: place names masked with XX, lines re-wrapped, a page marker inserted."""
        names = {d.name for d in self.divisions.values() if d.name in doc.text}
        text = doc.text
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "XX" + name[-1])
        out, width = [], self.rng.randint(35, 60)
        for line in text.splitlines():
            while len(line) > width:
                out.append(line[:width])
                line = line[width:]
            out.append(line)
        k = len(out) // 2
        out[k:k] = ["", f"# Page {self.rng.randint(2, 400)}:", ""]
        return SynDoc("\n".join(out) + "\n", "", "", doc.base, doc.kind, "", doc.title, doc.year)


_CN_MONTH = range(1, 13)


def compilation_text(gen: Generator, members: list[SynDoc]) -> str:
    rng = gen.rng
    parts = [f"{members[0].year}年优化营商环境政策文件汇编\n（{len(members)}篇）\n"]
    for n, doc in enumerate(members, 1):
        month, day = rng.choice(_CN_MONTH), rng.randint(1, 28)
        prefix = (doc.issuer[:2] if doc.issuer else "某") + rng.choice(["府办发", "政办发", "府办函"])
        parts.append(
            f"{n}. {doc.issuer}关于印发《{doc.title.strip('《》') or '优化营商环境工作方案'}》的通知（{doc.year} 年{month}月{day}日）\n"
            f"{prefix}〔{doc.year}〕{rng.randint(1, 160)}号\n"
            "各县（市、区）人民政府，市政府各部门：\n"
            + doc.text
        )
    return "\n".join(parts)


def encode(text: str, rng: random.Random) -> tuple[bytes, str]:
    crlf = rng.random() < 0.20
    if crlf:
        text = text.replace("\n", "\r\n")
    r = rng.random()
    if r < 0.15:
        return text.encode("gb18030"), "gb18030" + ("+crlf" if crlf else "")
    if r < 0.18:
        return b"\xef\xbb\xbf" + text.encode("utf-8"), "utf-8-sig" + ("+crlf" if crlf else "")
    return text.encode("utf-8"), "utf-8" + ("+crlf" if crlf else "")


def generate(out: Path, documents: int = 2000, mb: float = 100.0, seed: int = 1,
             corpus: Path = DEFAULT_CORPUS, quiet: bool = False) -> list[dict]:
    """Write the corpus into `out` (emptied first); returns the manifest rows."""
    t0 = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    gen = Generator(corpus, seed)
    rng = gen.rng
    mean_chars = mb * 1024 * 1024 / documents / 3.0  # CJK is 3 bytes a character in UTF-8
    sigma = 0.6
    mu = math.log(mean_chars) - sigma**2 / 2
    rows: list[dict] = []
    made: list[SynDoc] = []
    n_doc = 0
    file_no = 0
    while n_doc < documents:
        file_no += 1
        left = documents - n_doc
        r = rng.random()
        if r < 0.02 and left >= 4:
            size = rng.randint(3, min(8, left))
            members = [gen.document(int(rng.lognormvariate(mu, sigma)), True) for _ in range(size)]
            text = compilation_text(gen, members)
            docs = members
            kind = "compilation"
        elif r < 0.03 and made:
            docs = [gen.anonymised_copy(rng.choice(made))]
            text = docs[0].text
            kind = "copy"
        else:
            docs = [gen.document(int(rng.lognormvariate(mu, sigma)), False)]
            text = docs[0].text
            kind = "single"
        made.extend(d for d in docs if d.region_code)
        data, encoding = encode(text, rng)
        province = (docs[0].region_code or "000000")[:2] + "0000"
        name = f"{province}/{file_no:05d}_{docs[0].region_name or '匿名'}_{docs[0].kind}.txt"
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        rows.append({
            "file": name, "kind": kind, "documents": len(docs), "encoding": encoding, "bytes": len(data),
            "regions": "|".join(d.region_code for d in docs), "bases": "|".join(d.base for d in docs),
        })
        n_doc += len(docs)
    with open(out / MANIFEST, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    (out / PARAMS).write_text(json.dumps(_params(documents, mb, seed, corpus)))
    if not quiet:
        total = sum(r["bytes"] for r in rows)
        print(f"wrote {len(rows)} files, {n_doc} documents, {total / 2**20:.1f} MB to {out} "
              f"in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return rows


def _params(documents: int, mb: float, seed: int, corpus: Path) -> dict:
    return {"documents": documents, "mb": mb, "seed": seed, "corpus": str(corpus), "version": VERSION}


def read_manifest(out: Path) -> list[dict]:
    with open(out / MANIFEST, encoding="utf-8", newline="") as f:
        return [dict(r, documents=int(r["documents"]), bytes=int(r["bytes"])) for r in csv.DictReader(f)]


def ensure(out: Path, documents: int, mb: float, seed: int = 1, corpus: Path = DEFAULT_CORPUS) -> list[dict]:
    """The corpus in `out`, generated unless one with the same parameters is already there."""
    want = _params(documents, mb, seed, corpus)
    try:
        if json.loads((out / PARAMS).read_text()) == want:
            return read_manifest(out)
    except (OSError, ValueError):
        pass
    return generate(out, documents, mb, seed, corpus)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="folder to write (emptied first)")
    p.add_argument("--documents", type=int, default=2000)
    p.add_argument("--mb", type=float, default=100.0, help="approximate total size")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="reference corpus")
    args = p.parse_args(argv)
    generate(Path(args.out), args.documents, args.mb, args.seed, Path(args.corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
