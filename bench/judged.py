"""The judged set (tests/search/judged.json): paraphrased questions over threads of the Italian
Language Stack Exchange dump, each with the thread(s) that answer it, by the dump's question id.
Run through the public search, it gives R@1, R@10 and MRR (first relevant thread within the
top 10) per kind of query.

`python -m bench.judged` imports the dump into a database of its own (var/bench/judged.sqlite3),
rebuilds the index and prints the table (`--tantivy`: on the tantivy engine);
tests/search/test_judged.py asserts floors on it.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
JUDGED = ROOT / "tests" / "search" / "judged.json"
DUMP = ROOT.parent / "shared" / "data" / "italian-stackexchange"
KINDS = ("inflection", "accents", "elision", "english", "typo", "paraphrase")
DEPTH = 10  # a reader looks at the first page
_TOPIC_PK = re.compile(r"-(\d+)/?$")


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str
    relevant: frozenset[str]  # question ids of the dump


@dataclass(frozen=True)
class Scores:
    queries: int
    r1: float
    r10: float
    mrr: float


def load(path: Path = JUDGED) -> list[Judged]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Judged(r["query"], r["kind"], frozenset(r["relevant"])) for r in rows]


def rank_of(relevant: frozenset[str], ranked: list[str]) -> int | None:
    """The 1-based position of the first relevant question in `ranked[:DEPTH]`, or None."""
    for i, question in enumerate(ranked[:DEPTH], 1):
        if question in relevant:
            return i
    return None


def evaluate(cases: list[Judged], ranked: Callable[[str], list[str]]) -> dict[str, Scores]:
    """Per kind (and "all"): R@1, R@10 and MRR of `ranked(query)` (question ids, best first)."""
    ranks: dict[str, list[int | None]] = {}
    for case in cases:
        found = rank_of(case.relevant, ranked(case.query))
        for kind in (case.kind, "all"):
            ranks.setdefault(kind, []).append(found)
    return {
        kind: Scores(
            queries=len(found),
            r1=sum(r == 1 for r in found) / len(found),
            r10=sum(r is not None for r in found) / len(found),
            mrr=sum(1 / r for r in found if r) / len(found),
        )
        for kind, found in sorted(ranks.items(), key=lambda kv: _order(kv[0]))
    }


def _order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def searcher(topics: dict, search: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """A `ranked` function from the public search (URLs of hits) and the imported topics."""
    question_of = {str(topic.pk): question for question, topic in topics.items()}

    def ranked(query: str) -> list[str]:
        out = []
        for url in search(query):
            match = _TOPIC_PK.search(url)
            out.append(question_of.get(match.group(1), "") if match else "")
        return out

    return ranked


def table(scores: dict[str, Scores]) -> str:
    lines = ["| kind | queries | R@1 | R@10 | MRR |", "|---|---:|---:|---:|---:|"]
    for kind, s in scores.items():
        lines.append(f"| {kind} | {s.queries} | {s.r1:.3f} | {s.r10:.3f} | {s.mrr:.3f} |")
    return "\n".join(lines)


def misses(cases: list[Judged], ranked: Callable[[str], list[str]]) -> list[str]:
    """The queries whose relevant thread is not first, with where it came."""
    out = []
    for case in cases:
        found = rank_of(case.relevant, ranked(case.query))
        if found != 1:
            out.append(f"{case.kind:<11} {found or '-':>2}  {case.query}")
    return out


def main() -> int:  # pragma: no cover (a command: the test runs the same functions)
    for path in (ROOT / "site", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ["BENCH_SCALE"] = "judged"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from machina.core.db.models import get_model

    from bench.stackexchange import import_dump
    from forum import boards
    from search import services

    call_command("migrate", verbosity=0)
    Topic, Forum = get_model("forum_conversation", "Topic"), get_model("forum", "Forum")
    Topic.objects.all().delete()
    forum = Forum.objects.get(board_key=boards.NETWORK_FORUMS[3][0])  # public: Q&A
    topics = import_dump(DUMP, forum)
    if "--tantivy" in sys.argv:
        settings.SEARCH_ENGINE = "search.engines.tantivy.TantivyEngine"
    services.rebuild()
    ranked = searcher(topics, lambda q: [h.url for h in services.search({"q": q}, None).hits])
    cases = load()
    print(table(evaluate(cases, ranked)))
    if "--misses" in sys.argv:
        print("\n".join(misses(cases, ranked)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
