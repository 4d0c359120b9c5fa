"""雷同: how much of one text another repeats, measured one way everywhere.

Character 5-grams over the text with digits folded to one symbol and the assistant's 【…】 marks, spaces
and punctuation removed, compared by Jaccard. The drafting benchmark, the year-over-year check (X-3) and
the county desk's cross-unit rule all use this module, so they never disagree.

Calibration (bench/RESULTS.md): the five seed reports, written by five real townships, share a median
0.024 and at most 0.053 of their 总体情况 5-grams pairwise (五: median 0.012, max 0.056).

The county desk's cross-unit rule SIM-1 flags a pair of units above ``BATCH_COPY_LIMIT`` (0.60), more
than ten times the seeds' maximum. It sits above 0.30 because reports written from one county template
or phrase bank (the synthetic county of bench/synth_county.py: 总体情况 up to 0.38, 五 up to 0.56
between different units) share many stock sentences without being copies; a section copied from another
unit with the names swapped scores above 0.9. Large batches find candidate pairs with MinHash LSH
(datasketch) and score only those exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from statistics import median

N = 5
# Different real townships stay far below this; a text with another unit's names swapped in lands far above.
CROSS_UNIT_LIMIT = 0.30
# The same unit may keep its own topics year to year; a section copied from last year scores well above this.
SAME_UNIT_LIMIT = 0.50
# Two units of one batch (county desk, SIM-1): most of a section is the same text.
BATCH_COPY_LIMIT = 0.60
# Sections shorter than this (folded characters) are not compared across units: 无 or a stock line.
MIN_COMPARED_CHARS = 80
# From this many texts on, candidate pairs come from MinHash LSH instead of comparing every pair.
LSH_FROM = 60
LSH_PERMUTATIONS = 128

_MARK = re.compile(r"【[^】]{0,80}】")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_DROP = re.compile(r"[\s\u3000\W_]+")


def fold(text: str) -> str:
    """The text as compared: marks removed, every number one symbol, no spaces or punctuation."""
    text = _MARK.sub("", text)
    text = _DIGITS.sub("#", text)
    return _DROP.sub("", text.replace("#", "0")).replace("0", "#")


def shingles(text: str, n: int = N) -> frozenset[str]:
    """The set of character n-grams of the folded text."""
    folded = fold(text)
    if len(folded) < n:
        return frozenset({folded}) if folded else frozenset()
    return frozenset(folded[i:i + n] for i in range(len(folded) - n + 1))


def jaccard_sets(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard index of two shingle sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def jaccard(a: str, b: str, n: int = N) -> float:
    """Share of character n-grams two texts have in common, in [0, 1]."""
    return jaccard_sets(shingles(a, n), shingles(b, n))


def pairwise(texts: Sequence[str], n: int = N) -> list[float]:
    """Jaccard of every pair of texts (i < j)."""
    sets = [shingles(t, n) for t in texts]
    return [jaccard_sets(x, y) for x, y in combinations(sets, 2)]


def summary(texts: Sequence[str], n: int = N) -> dict[str, float]:
    """Median and maximum pairwise Jaccard of a set of texts (0 for fewer than two)."""
    scores = pairwise(texts, n)
    if not scores:
        return {"median": 0.0, "max": 0.0, "pairs": 0}
    return {"median": round(median(scores), 4), "max": round(max(scores), 4), "pairs": len(scores)}


def common_spans(a: str, b: str, min_chars: int = 4, most: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the stretches of ``a`` (as written, at least ``min_chars`` long, each extended as far as it
    goes, left to right) that also occur in ``b``; at most ``most`` of them."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i <= len(a) - min_chars and (most is None or len(spans) < most):
        if a[i:i + min_chars] in b:
            j = i + min_chars
            while j < len(a) and a[i:j + 1] in b:
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def shared_passages(a: str, b: str, min_chars: int = 12, limit: int = 5) -> list[str]:
    """The longest stretches of ``a`` (as written) that also occur in ``b``, at least ``min_chars`` long."""
    out = [a[i:j] for i, j in common_spans(a, b, min_chars, most=200)]
    return sorted(out, key=len, reverse=True)[:limit]


def most_similar(text: str, others: Iterable[tuple[str, str]], n: int = N) -> tuple[str, float]:
    """(key, score) of the most similar of ``others`` (key, text) pairs; ("", 0.0) when there are none."""
    mine = shingles(text, n)
    best = ("", 0.0)
    for key, other in others:
        score = jaccard_sets(mine, shingles(other, n))
        if score > best[1]:
            best = (key, score)
    return best


def _exact_pairs(sets: Mapping[str, frozenset[str]], limit: float) -> list[tuple[str, str, float]]:
    keys = sorted(sets)
    out = []
    for a, b in combinations(keys, 2):
        score = jaccard_sets(sets[a], sets[b])
        if score > limit:
            out.append((a, b, score))
    return out


def _lsh_pairs(sets: Mapping[str, frozenset[str]], limit: float) -> list[tuple[str, str, float]]:
    """Candidate pairs from MinHash LSH (datasketch), each scored exactly."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=max(0.1, limit * 0.8), num_perm=LSH_PERMUTATIONS)
    hashes = {}
    for key in sorted(sets):
        mh = MinHash(num_perm=LSH_PERMUTATIONS, seed=1)
        mh.update_batch([s.encode("utf-8") for s in sets[key]])
        hashes[key] = mh
        lsh.insert(key, mh)
    out = []
    for a in sorted(sets):
        for b in sorted(lsh.query(hashes[a])):
            if a < b:
                score = jaccard_sets(sets[a], sets[b])
                if score > limit:
                    out.append((a, b, score))
    return out


def similar_pairs(texts: Mapping[str, str], limit: float = BATCH_COPY_LIMIT,
                  n: int = N) -> list[tuple[str, str, float]]:
    """Pairs ``(key_a, key_b, score)`` (key_a < key_b) of texts sharing more than ``limit`` of their n-grams.

    Texts shorter than MIN_COMPARED_CHARS are left out. From LSH_FROM texts on, candidates come from
    MinHash LSH, so a county's batch or a whole library stays fast.
    """
    sets = {k: shingles(t, n) for k, t in texts.items() if len(fold(t)) >= MIN_COMPARED_CHARS}
    pairs = _lsh_pairs(sets, limit) if len(sets) >= LSH_FROM else _exact_pairs(sets, limit)
    return sorted(pairs, key=lambda p: -p[2])


def matrix(texts: Mapping[str, str], n: int = N) -> list[tuple[str, str, float]]:
    """Every ordered pair ``(a, b, score)`` of keys, a ≠ b, for a similarity matrix chart."""
    sets = {k: shingles(t, n) for k, t in texts.items()}
    out = []
    for a, b in combinations(list(sets), 2):
        score = jaccard_sets(sets[a], sets[b])
        out += [(a, b, score), (b, a, score)]
    return out
