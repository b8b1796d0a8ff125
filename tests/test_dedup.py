"""Near-duplicate documents (ingest/dedup.py)."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

import numpy as np
import pytest

from ingest.dedup import Fingerprint, find_duplicates, fingerprint, normalise, similarity
from ingest.records import SourceText
from ingest.splitting import split_documents

CORPUS = Path("/work/shared/corpus")
KUNMING = "002_1a409ee7d1e34223#22"  # 昆明市落实优化提升营商环境三年攻坚行动2023全面提质年工作意见
KUNMING_COPY = "001_7877e33de83da93b#02"  # the same text with 昆明 anonymised to XX


@pytest.fixture(scope="module")
def corpus_docs() -> dict[str, str]:
    if not CORPUS.is_dir():
        pytest.skip("reference corpus not available")
    texts = {}
    for path in sorted(CORPUS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        src = SourceText(str(path), path.name, text, "utf-8", hashlib.sha256(text.encode()).hexdigest(), 0)
        for d in split_documents(src):
            texts[d.document_id] = text[d.char_start:d.char_end]
    return texts


@pytest.fixture(scope="module")
def corpus_prints(corpus_docs) -> dict[str, Fingerprint]:
    return {doc_id: fingerprint(t) for doc_id, t in corpus_docs.items()}


def anonymise(text: str, names: list[str], mask: str = "XX") -> str:
    for name in names:
        text = text.replace(name, mask)
    return text


def rewrap(text: str, width: int = 37, page_every: int = 9) -> str:
    """Join the lines, then cut them again every `width` characters, with OCR page markers and
    stray spaces, as a second scan of the same paper would."""
    flat = re.sub(r"\s+", "", text)
    lines = [flat[i:i + width] for i in range(0, len(flat), width)]
    out = []
    for k, line in enumerate(lines):
        out.append(line[:5] + " " + line[5:])
        if k % page_every == page_every - 1:
            out.append(f"\n# Page {100 + k}:\n")
    return "\n".join(out)


# ------------------------------------------------------------------ reference corpus


def test_corpus_links_exactly_the_kunming_copy(corpus_prints):
    items = sorted(corpus_prints.items())
    assert find_duplicates(items) == {KUNMING_COPY: KUNMING}
    assert corpus_prints[KUNMING_COPY].n_masks > corpus_prints[KUNMING].n_masks == 0


def test_corpus_margin(corpus_prints):
    """The copy is far above the threshold and every other pair far below it."""
    assert similarity(corpus_prints[KUNMING_COPY], corpus_prints[KUNMING]) >= 0.85
    others = [similarity(a, b) for (i, a), (j, b) in itertools.combinations(corpus_prints.items(), 2)
              if {i, j} != {KUNMING, KUNMING_COPY}]
    assert max(others) < 0.5


def test_same_genre_documents_are_not_linked(corpus_docs):
    """Two districts' 2023 政务服务工作要点 (綦江, 黔江) share template sentences, not their text."""
    a, b = corpus_docs["002_1a409ee7d1e34223#15"], corpus_docs["002_1a409ee7d1e34223#16"]
    assert similarity(fingerprint(a), fingerprint(b)) < 0.5
    assert find_duplicates([("q", fingerprint(a)), ("j", fingerprint(b))]) == {}


# ------------------------------------------------------------------ synthetic copies


@pytest.mark.parametrize("mask", ["XX", "××", "○○", "ＸＸ"])
def test_anonymised_rewrapped_copy_is_linked(corpus_docs, mask):
    original = corpus_docs["002_1a409ee7d1e34223#14"]  # 2023年重庆市政务服务工作要点
    copy = rewrap(anonymise(original, ["重庆市", "重庆", "渝快办"], mask))
    assert copy != original and "# Page" in copy
    fa, fb = fingerprint(original), fingerprint(copy)
    assert fb.n_masks >= 0.9 * sum(original.count(n) for n in ("重庆", "渝快办")) and fa.n_masks == 0
    assert similarity(fa, fb) >= 0.8
    # the original is the less anonymised one, whatever the order of ids
    assert find_duplicates([("a#01", fb), ("z#01", fa)]) == {"a#01": "z#01"}


def test_noise_and_layout_do_not_change_the_fingerprint():
    text = "为优化营商环境，制定本方案。\n一、企业开办时间压缩至1个工作日以内。\n二、全程网办率达到90%以上。\n"
    noisy = ("为优化营商  环境，制定本方案。\n\n# Page 12:\n一、企业开办时间压缩至１个工作日以内。\n##paidbegin##\n"
             "二、全程网办\n率达到９０％以上。\n【哒哒素材库】会员群+网盘群同步每日更新\n")
    assert normalise(text)[0] == normalise(noisy)[0]
    assert np.array_equal(fingerprint(text).signature, fingerprint(noisy).signature)


def test_original_is_least_anonymised_then_earliest_id():
    base = "".join(f"第{i}条 甲市推进第{i}批政务服务事项标准化，企业开办时间压缩至{i % 5 + 1}个工作日以内，"
                   f"网上可办率达到{90 + i % 10}%，不动产登记办理时限压缩至{i % 4 + 2}个工作日，"
                   f"用水报装时限不超过{i % 6 + 3}个工作日，第{i * 7}项举措按期完成。" for i in range(60))
    masked_once = base.replace("甲市", "XX", 1)
    masked_all = base.replace("甲市", "××")
    items = [("c#01", fingerprint(masked_all)), ("b#01", fingerprint(masked_once)), ("d#01", fingerprint(base)),
             ("a#01", fingerprint(base))]
    assert find_duplicates(items) == {"b#01": "a#01", "c#01": "a#01", "d#01": "a#01"}


def test_different_documents_and_empty_texts_are_not_linked():
    a = "甲县2023年政务服务工作要点。推进政务服务标准化，实现企业开办一日办结，深化一网通办改革。" * 5
    b = "乙县知识产权资助办法。对获得发明专利授权的企业给予每件一万元资助，专利质押融资给予贴息。" * 5
    items = [("a", fingerprint(a)), ("b", fingerprint(b)),
             ("e1", fingerprint("")), ("e2", fingerprint(" \n# Page 1:\n"))]
    assert find_duplicates(items) == {}
    assert similarity(items[2][1], items[3][1]) == 0.0


def test_threshold_is_respected():
    def sentences(tag: str, n: int) -> str:
        return "".join(f"{tag}第{i}条 企业开办时间压缩至{i % 7 + 1}个工作日以内，网办率达到{80 + i % 20}%。" for i in range(n))

    shared = sentences("甲", 200)
    fa, fb = fingerprint(shared + sentences("乙", 50)), fingerprint(shared + sentences("丙", 50))
    assert 0.55 < similarity(fa, fb) < 0.78  # about 4/6
    assert find_duplicates([("a", fa), ("b", fb)], threshold=0.8) == {}
    assert find_duplicates([("a", fa), ("b", fb)], threshold=0.5) == {"b": "a"}


def test_fingerprint_is_deterministic():
    text = "为优化营商环境，制定本方案。" * 50
    assert np.array_equal(fingerprint(text).signature, fingerprint(text).signature)
    norm = normalise(text)[0]
    assert fingerprint(text).n_shingles == len({norm[i:i + 5] for i in range(len(norm) - 4)})


def test_masks_become_shingle_boundaries():
    norm, masks = normalise("XX市推进“一网通办”，××县、○○区同步。电话1*******859，**重点**")
    assert masks == 4
    assert norm == "市推进一网通办|县|区同步电话1|859重点"
    assert fingerprint("XX").n_shingles == 0
