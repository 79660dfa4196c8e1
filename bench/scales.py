"""Corpus sizes per scale (no Django import: the CLI reads them before setup)."""

from dataclasses import dataclass

SEED = 20261125


@dataclass(frozen=True)
class Scale:
    name: str
    spaces: int
    news: int
    topics: int
    posts: int
    forums: int
    users: int


SCALES = {
    "small": Scale("small", spaces=10, news=30, topics=30, posts=200, forums=4, users=20),
    "medium": Scale("medium", 200, 2_000, 2_000, 20_000, forums=12, users=400),
    "large": Scale("large", 2_000, 20_000, 20_000, 200_000, forums=30, users=3_000),
    # 10× large (issue 15): only by hand or `make bench`, never in CI (its corpus alone takes
    # half an hour on 2 cores). The loaders stream: posts go in by bench.corpus.BATCH.
    "xlarge": Scale("xlarge", 20_000, 200_000, 200_000, 2_000_000, forums=300, users=30_000),
}
