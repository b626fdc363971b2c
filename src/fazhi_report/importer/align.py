"""How many items two sequences share in order, in time that grows with their length.

``difflib.SequenceMatcher`` compares a report's outline exactly as before for a report's usual
size (a few hundred headings and paragraphs); on a long, repetitive outline it takes cubic time
(800 tokens: 2 s, 1,600: 17 s). Beyond that size the sequences are cut where they agree for
certain — items that occur once in each, in the same order (the longest increasing run of them,
as patience diff does) — and each stretch between two such anchors is compared the same way,
down to a few levels; a stretch still too long and without anchors counts the items both hold
(``SequenceMatcher.quick_ratio``'s bound), which costs one pass.
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Hashable, Sequence

#: Largest len(a) * len(b) compared by SequenceMatcher itself (about 0.04 s at worst).
DIRECT = 200 * 200
_DEPTH = 4


def ratio(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """2 × shared items / all items, as ``SequenceMatcher.ratio`` (1.0 for two empty ones)."""
    total = len(a) + len(b)
    return 2.0 * matches(a, b) / total if total else 1.0


def matches(a: Sequence[Hashable], b: Sequence[Hashable], depth: int = 0) -> int:
    """How many items ``a`` and ``b`` share in order."""
    if not a or not b:
        return 0
    if len(a) * len(b) <= DIRECT:
        blocks = difflib.SequenceMatcher(None, a, b, False).get_matching_blocks()
        return sum(block.size for block in blocks)
    anchors = _anchors(a, b) if depth < _DEPTH else []
    if not anchors:
        return sum((Counter(a) & Counter(b)).values())
    found, i0, j0 = 0, 0, 0
    for i, j in anchors:
        found += matches(a[i0:i], b[j0:j], depth + 1) + 1
        i0, j0 = i + 1, j + 1
    return found + matches(a[i0:], b[j0:], depth + 1)


def _anchors(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(i, j) of the items found once in each sequence, the longest run rising in both."""
    once_a = _once(a)
    once_b = _once(b)
    pairs = sorted((i, once_b[item]) for item, i in once_a.items() if item in once_b)
    return _longest_rising(pairs)


def _once(items: Sequence[Hashable]) -> dict[Hashable, int]:
    counts = Counter(items)
    return {item: i for i, item in enumerate(items) if counts[item] == 1}


def _longest_rising(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by i) whose j rise too: O(n log n)."""
    tails: list[int] = []  # the smallest j ending a rising run of each length
    ends: list[int] = []  # index in pairs of that run's end
    before = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        at = bisect.bisect_left(tails, j)
        if at == len(tails):
            tails.append(j)
            ends.append(k)
        else:
            tails[at], ends[at] = j, k
        before[k] = ends[at - 1] if at else -1
    run: list[tuple[int, int]] = []
    k = ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]
