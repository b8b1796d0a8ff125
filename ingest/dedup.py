"""Near-duplicate documents: the same text republished, perhaps anonymised (XX, ××, ○○ for
names), re-spaced, re-wrapped, or broken by OCR page markers.

Text is normalised (noise lines, whitespace and punctuation dropped, full-width ASCII folded,
masks turned into boundaries no shingle crosses), cut into character 5-gram shingles, and
summarised by a 128-value MinHash signature computed with one-permutation hashing (each
shingle hash goes to one of 128 bins by its top bits, the bin keeps its minimum; empty bins
borrow from the next full one): one pass over the shingles instead of 128. Candidate pairs
come from LSH banding (32 bands of 4 values), so there is no all-pairs comparison; a
candidate is kept when its estimated Jaccard similarity (share of equal signature values)
reaches the threshold. Region names are not masked: two regions' copies of one template are
different documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .cleaning import noise_spans

SHINGLE = 5
N_HASHES = 128
BANDS, ROWS = 32, 4  # BANDS * ROWS == N_HASHES
_MASK_RUN = re.compile(r"[X×✕○●◯]{2,}|[＊*]{3,}")  # XX ×× ○○ 1*******859: counted
_MASK_ANY = re.compile(r"([X×✕○●◯＊*]+)")  # where shingles stop (captured: split returns the runs too)
_BOLD = re.compile(r"(?<![*＊])[*＊]{2}(?![*＊])")  # markdown **bold**, not a mask
BOUNDARY = "|"  # stands for a mask in the normalised text; no shingle spans it
_NON_WORD = re.compile(r"[\W_]+")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # Ｘ２０２３％ → X2023%
# folded run by run (str.translate over all text is slow); only letters and digits: full-width
# punctuation (，：（）, very common) is dropped like its ASCII form, and ＊ is a mask like *
_FULL_WIDTH_RUN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_U64 = np.uint64
_EMPTY = np.full(N_HASHES, np.iinfo(np.uint64).max, dtype=np.uint64)

_BIN_BITS = 7  # 2**7 == N_HASHES bins
_LOW = _U64((1 << (64 - _BIN_BITS)) - 1)


@dataclass
class Fingerprint:
    signature: np.ndarray  # N_HASHES minimum hash values (uint64)
    n_shingles: int  # distinct shingles
    n_masks: int  # anonymisation masks (runs of X × ○ …)


def normalise(text: str, start: int = 0, end: int | None = None) -> tuple[str, int]:
    """(normalised text[start:end], number of anonymisation masks). A document is passed as its
    file's text and offsets, so the file's noise lines are found once for all its documents.

    The normalised text keeps letters, digits and ideographs only, with BOUNDARY where a mask
    stood: the copy "XX市推进" then shares "市推进…" with the original "昆明市推进…" and has
    no shingle that mixes the mask with its neighbours.
    """
    end = len(text) if end is None else end
    pieces, pos = [], start
    for noise_start, noise_end in noise_spans(text, start, end):
        pieces.append(text[pos:noise_start])
        pos = noise_end
    text = "".join(("".join(pieces) + text[pos:end]).split())  # str.split's whitespace is re's \s
    text = _FULL_WIDTH_RUN.sub(lambda m: m.group().translate(_FULL_WIDTH), text)
    if "*" in text or "＊" in text:  # a cheap test: _BOLD starts with a lookbehind, tried at every position
        text = _BOLD.sub("", text)
    # one scan for the runs of mask characters: the text between them, and the runs, where the
    # counted mask runs lie
    parts = _MASK_ANY.split(text)
    masks = sum(len(_MASK_RUN.findall(run)) for run in parts[1::2] if len(run) > 1)
    segments = (_NON_WORD.sub("", seg).lower() for seg in parts[0::2])
    return BOUNDARY.join(seg for seg in segments if seg), masks


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads the bits of a polynomial hash."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def shingle_hashes(norm: str, k: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the character k-grams of a normalised text."""
    if not norm:
        return np.zeros(0, dtype=np.uint64)
    k = min(k, len(norm))  # a text shorter than a shingle is one shingle
    cp = np.frombuffer(norm.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    n = len(cp) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            h = h * _U64(1_000_003) + cp[i:i + n]
    marks = np.concatenate(([0], np.cumsum(cp == ord(BOUNDARY))))
    hashes = np.sort(_mix(h[marks[k:k + n] == marks[:n]]))
    if hashes.size == 0:  # "|": no shingle
        return hashes
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]  # np.unique, ~3x faster here


def fingerprint(text: str, start: int = 0, end: int | None = None) -> Fingerprint:
    """Fingerprint of text[start:end]."""
    norm, masks = normalise(text, start, end)
    shingles = shingle_hashes(norm)
    if shingles.size == 0:
        return Fingerprint(_EMPTY.copy(), 0, masks)
    # shingles are sorted, so the first hash of each bin (top bits) is the bin's minimum
    bins = shingles >> _U64(64 - _BIN_BITS)
    first = np.minimum(np.searchsorted(bins, np.arange(N_HASHES, dtype=np.uint64)), shingles.size - 1)
    sig = np.where(bins[first] == np.arange(N_HASHES, dtype=np.uint64), shingles[first] & _LOW, _EMPTY)
    full = np.flatnonzero(sig != _EMPTY)
    if full.size < N_HASHES:  # densify: an empty bin takes the next full bin's value, marked by distance
        nxt = full[np.searchsorted(full, np.arange(N_HASHES)) % full.size]
        dist = (nxt - np.arange(N_HASHES)) % N_HASHES
        sig = sig[nxt] | (dist.astype(np.uint64) << _U64(64 - _BIN_BITS))
    return Fingerprint(sig, int(shingles.size), masks)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if a.n_shingles == 0 or b.n_shingles == 0:
        return 0.0
    return float(np.mean(a.signature == b.signature))


def candidate_pairs(items: list[tuple[str, Fingerprint]]) -> set[tuple[int, int]]:
    """Index pairs sharing at least one LSH band."""
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = {}
        for i, (_, fp) in enumerate(items):
            if fp.n_shingles:
                buckets.setdefault(fp.signature[band * ROWS:(band + 1) * ROWS].tobytes(), []).append(i)
        for members in buckets.values():
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    return pairs


def similar_pairs(items: list[tuple[str, Fingerprint]], threshold: float) -> list[tuple[str, str, float]]:
    """(id, id, similarity) of every candidate pair at or above threshold."""
    out = []
    for i, j in sorted(candidate_pairs(items)):
        (a_id, a), (b_id, b) = items[i], items[j]
        if min(a.n_shingles, b.n_shingles) < threshold * max(a.n_shingles, b.n_shingles):
            continue  # Jaccard can't reach the threshold
        s = similarity(a, b)
        if s >= threshold:
            out.append((a_id, b_id, s))
    return out


def find_duplicates(items: list[tuple[str, Fingerprint]], threshold: float = 0.8) -> dict[str, str]:
    """Map each copy's id to its original's id.

    The banding finds pairs above about 0.5 reliably; a threshold much lower than that may
    miss pairs.

    Linked documents form groups; a group's original is the least anonymised member (fewest
    masks), then the earliest id; every other member maps to it.
    """
    parent = {doc_id: doc_id for doc_id, _ in items}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in similar_pairs(items, threshold):
        parent[root(a)] = root(b)
    masks = {doc_id: fp.n_masks for doc_id, fp in items}
    groups: dict[str, list[str]] = {}
    for doc_id in parent:
        groups.setdefault(root(doc_id), []).append(doc_id)
    result = {}
    for members in groups.values():
        if len(members) > 1:
            original = min(members, key=lambda d: (masks[d], d))
            result.update({d: original for d in members if d != original})
    return result
