"""The best k matches of an OR query without scoring every match: MaxScore (Turtle & Flood,
1995) over SQLite FTS5's bm25. No Django, no SQL: the engine passes in how to rank.

FTS5's bm25 is a sum over the query's phrases of idf · f·(k1+1) / (f + k1·(1−b+b·D/avgdl)), so a
phrase adds less than idf·(k1+1) to any row, and the engine's boosts multiply the sum by at most
`boost`. Phrases are ordered by that bound: the weakest ones whose bounds add up to less than
the k-th best score among the rows that hold a stronger phrase cannot bring a row onto the page
by themselves, so the rows holding only weak phrases are never scored. (Two common words: "verbo
passato" scores 4,532 threads instead of 27,135.) The rows holding a strong phrase are ranked
by two queries, strong AND weak and strong NOT weak, whose phrases are the whole query's: their
scores are the full query's scores. The bound is checked on the answer, never assumed; when it
does not hold, fewer phrases count as weak, and when none can, the caller scores every match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import fsum, log

K1 = 1.2  # FTS5's bm25 constant (fts5_aux.c): a phrase adds less than idf · (K1 + 1)
# Scoring the strong phrases' rows must save work: at most this share of the biggest phrase's.
WORTH = 0.5
SAFETY = 1 + 1e-9  # bounds are rounded up, so float sums never make a bound too tight

Groups = Sequence[Sequence[str]]  # the query's words, each as the phrases (stems) it may match
# ranked(expression, k): the best k rows matching the FTS5 expression, best first; a row's first
# column is its id, its last its rank (FTS5's bm25, negative: lower is better, times the boosts).
Ranked = Callable[[str, int], list[tuple]]


def quote(phrase: str) -> str:
    """A phrase as an FTS5 string: never read as syntax."""
    return '"' + phrase.replace('"', '""') + '"'


def any_of(groups: Groups) -> str:
    """An FTS5 expression matching rows that hold any phrase of any word."""
    return "(" + " OR ".join("(" + " OR ".join(map(quote, g)) + ")" for g in groups) + ")"


def idf(rows: int, hits: int) -> float:
    """FTS5's bm25 idf of a phrase found in `hits` of `rows` rows."""
    return max(log((rows - hits + 0.5) / (hits + 0.5)), 1e-6)


def top(
    groups: Groups,
    k: int,
    ranked: Ranked,
    counts: Callable[[set[str]], tuple[int, dict[str, int]]],
    boost: float,
) -> list[tuple] | None:
    """The best k rows of any_of(groups), as ranked(any_of(groups), k) would return them (rows
    of equal rank may come in another order), or None when pruning cannot save work: then
    rank every match. counts(phrases) gives the index's row count and each phrase's."""
    phrases = [(w, phrase) for w, group in enumerate(groups) for phrase in group]
    if len(phrases) < 2 or k < 1:
        return None
    rows, found = counts({phrase for _, phrase in phrases})
    bound = {p: idf(rows, n) * (K1 + 1) * boost * SAFETY for p, n in found.items()}
    order = sorted(phrases, key=lambda wp: bound[wp[1]])  # the weakest first
    biggest = max(found.values())
    weak = len(order) - 1  # first try: only the strongest phrase is strong
    while weak and sum(found[p] for _, p in order[weak:]) < k:
        weak -= 1  # the strong phrases' rows could not fill the page
    while weak:
        strong = order[weak:]
        if sum(found[p] for _, p in strong) > WORTH * biggest:
            return None
        reach = fsum(bound[p] for _, p in order[:weak])  # the best a weak-only row can score
        strong_x, weak_x = _expression(groups, strong), _expression(groups, order[:weak])
        best = sorted(
            ranked(f"({strong_x} AND {weak_x})", k) + ranked(f"({strong_x} NOT {weak_x})", k),
            key=lambda row: (row[-1], row[0]),  # as ranked() orders: rank, then id
        )[:k]
        kth = -best[-1][-1] if len(best) == k else 0.0
        if kth > reach:
            return best
        # The k-th score found is a floor for the true one: fewer phrases can be weak below it.
        weak = _below(order[: weak - 1], bound, kth)
    return None


def _expression(groups: Groups, chosen: Sequence[tuple[int, str]]) -> str:
    """any_of over the chosen phrases, grouped by word as in the full query."""
    words: dict[int, list[str]] = {}
    for w, phrase in sorted(chosen, key=lambda wp: (wp[0], groups[wp[0]].index(wp[1]))):
        words.setdefault(w, []).append(phrase)
    return any_of(list(words.values()))


def _below(order: Sequence[tuple[int, str]], bound: dict[str, float], ceiling: float) -> int:
    """How many of the first phrases have bounds adding up to less than `ceiling`."""
    count, reach = 0, 0.0
    for _, phrase in order:
        reach += bound[phrase]
        if reach >= ceiling:
            break
        count += 1
    return count
