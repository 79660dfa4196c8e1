"""What the field-wise re-ranking (search/engines/fieldwise.py) costs an engine: the query mix's
relevance classes through `search.services.search`, with the re-ranking on (the best
fieldwise.DEPTH scored again) and off (DEPTH 0: the engine's first ranking alone), in turns, in
one process on one index, so that the machine's load falls on both alike.

`python -m bench.rerank_cost --scale medium [--engine tantivy|embedded] [--repeats 50]` reads
the index a `python -m bench` run of that scale left in var/bench (it rebuilds nothing).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench.scales import SCALES

ROOT = Path(__file__).absolute().parent.parent
ENGINES = {
    "embedded": "search.engines.embedded.EmbeddedEngine",
    "tantivy": "search.engines.tantivy.TantivyEngine",
}


def main(argv: list[str] | None = None) -> int:  # pragma: no cover (a command)
    parser = argparse.ArgumentParser(prog="python -m bench.rerank_cost", description=__doc__)
    parser.add_argument("--scale", choices=tuple(SCALES), default="medium")
    parser.add_argument("--engine", choices=tuple(ENGINES), default="tantivy")
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    for path in (ROOT / "site", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ["BENCH_SCALE"] = args.scale
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from machina.core.db.models import get_model

    from bench.search_bench import QUERY_MIX, percentiles
    from search import services
    from search.engines import fieldwise

    settings.SEARCH_ENGINE = ENGINES[args.engine]
    depth, user = fieldwise.DEPTH, AnonymousUser()
    forum = get_model("forum", "Forum").objects.get(slug="discussioni-1").pk  # as bench.run
    print(f"{args.engine}, {args.scale}: p50 / p95 ms, re-ranking off → on")
    for qc in QUERY_MIX:
        if not qc.q or qc.autocomplete:
            continue  # no ranking by relevance
        params = {"q": qc.q, **({"kind": qc.kind} if qc.kind else {})}
        if qc.filtered:
            params["forum"] = str(forum)
        samples: dict[int, list[float]] = {0: [], depth: []}
        for _ in range(2 + args.repeats):  # two warm-up rounds, not kept
            for turn in (0, depth):
                fieldwise.DEPTH = turn
                start = time.perf_counter()
                services.search(params, user)
                samples[turn].append((time.perf_counter() - start) * 1000)
        off, on = (percentiles(samples[t][2:]) for t in (0, depth))
        print(f"{qc.name}: {off['p50']} / {off['p95']} → {on['p50']} / {on['p95']}")
    fieldwise.DEPTH = depth
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
