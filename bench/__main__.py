"""`python -m bench --scale small|medium|large|xlarge`: corpus, search, indexing, pages, memory.

Writes bench/results/<scale>-<date>-<commit>.json and .md (and prints the markdown). See
docs/benchmarks.md for what each row means and how to reproduce.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.scales import SCALES

ROOT = Path(__file__).absolute().parent.parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=tuple(SCALES), default="medium")
    parser.add_argument("--seconds", type=float, default=20.0, help="load time per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="windows per page and server, the servers measured in turns (--seconds in all)",
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: 2×cores+1)")
    parser.add_argument("--repeats", type=int, default=50, help="timed runs per search query")
    parser.add_argument(
        "--loadgen", choices=("auto", "python"), default="auto", help="auto: wrk if installed"
    )
    parser.add_argument(
        "--engines",
        default="tavolone,tantivy,elasticsearch,whoosh,wagtail",
        help="search engines to rebuild and query (comma-separated); the others report "
        "'skipped' (tantivy: Tavolone's services on the tantivy engine; elasticsearch: on the "
        "cluster of ELASTICSEARCH_URL, measured only when it is set)",
    )
    parser.add_argument("--fresh", action="store_true", help="rebuild the corpus database")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--bench-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=("rebuild", "search", "load"),
        help="rebuild: search the indexes the last run of this scale left (no rebuild row)",
    )
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="also serve the pages of git revision REV (its own worktree and database, built "
        "from the same corpus seed) in turns with ours, and compare their req/s",
    )
    args = parser.parse_args(argv)
    if args.baseline:
        from bench.baseline import commit_of

        try:
            commit_of(args.baseline)
        except ValueError as exc:
            parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    for path in (ROOT / "site", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ["BENCH_SCALE"] = args.scale
    os.environ["BENCH_DIR"] = args.bench_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    if args.loadgen == "python":
        os.environ["BENCH_LOADGEN"] = "python"
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "site"), str(ROOT)])
    # The facts and pages the in-process views keep: never a previous run's (bench/settings.py).
    Path(args.bench_dir).mkdir(parents=True, exist_ok=True)
    pages_dir = tempfile.mkdtemp(prefix="pages-", dir=args.bench_dir)
    os.environ["BENCH_PAGES_DIR"] = pages_dir

    from bench.run import run

    try:
        results = run(args)
    finally:
        shutil.rmtree(pages_dir, ignore_errors=True)
    from bench.output import write

    md_path, json_path = write(results, Path(args.out))
    # The run is whole: the partial results kept for an interrupted one can go.
    (Path(args.out) / f"{args.scale}-partial.json.tmp").unlink(missing_ok=True)
    print(md_path.read_text())
    print(f"Results: {md_path} and {json_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
