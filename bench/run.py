"""The benchmark run, step by step; every step's result lands in one dict (the JSON file)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import apsw

from bench import baseline
from bench.scales import SCALES, SEED

CORPUS_VERSION = 1  # bump when the generator changes: stale bench databases are rebuilt


def _paths(bench_dir: Path, scale: str) -> dict[str, Path]:
    return {
        "db": bench_dir / f"{scale}.sqlite3",
        "marker": bench_dir / f"{scale}.corpus.json",
        "search": bench_dir / f"{scale}-search.sqlite3",
        "whoosh": bench_dir / f"{scale}-whoosh",
        "tantivy": bench_dir / f"{scale}-tantivy",
    }


def _wipe(paths: dict[str, Path]) -> None:
    for key in ("db", "marker", "search"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{paths[key]}{suffix}").unlink(missing_ok=True)
    for key in ("whoosh", "tantivy"):
        shutil.rmtree(paths[key], ignore_errors=True)


def corpus(args, paths: dict[str, Path]) -> dict:
    expected = {"version": CORPUS_VERSION, "seed": SEED, "scale": args.scale}
    if not args.fresh and paths["marker"].exists() and paths["db"].exists():
        stored = json.loads(paths["marker"].read_text())
        if all(stored.get(k) == v for k, v in expected.items()):
            _planner_statistics()
            _settled_outbox()
            return {**stored, "reused": True}
    _wipe(paths)
    import django

    django.setup()
    from bench.load import build

    built = {**expected, **build(args.scale), "reused": False}
    _planner_statistics()
    _settled_outbox()
    paths["marker"].write_text(json.dumps(built))
    return built


def _settled_outbox() -> None:
    """The search outbox as a live site's worker leaves it: empty. Creating the corpus's
    forums records a "forum" update each, and a rebuild replays every row it finds (every
    thread of every forum, read a second time and held in memory): the first engine rebuilt
    did twice the work (the embedded engine at large, 2026-12-03; tantivy at xlarge)."""
    import django

    django.setup()
    from search.models import IndexUpdate

    IndexUpdate.objects.all().delete()


def _planner_statistics() -> None:
    """What a live site's worker does once a day (tavolone.home.dbstats)."""
    import django

    django.setup()
    from tavolone.home import dbstats

    dbstats.refresh()


ENGINES = ("tavolone", "tantivy", "elasticsearch", "whoosh", "wagtail")  # rebuilt and searched
# The engine of each of Tavolone's columns: `tavolone` is the FTS5 baseline (bench.settings).
SETTINGS = {
    "tavolone": {"SEARCH_ENGINE": "search.engines.embedded.EmbeddedEngine"},
    "tantivy": {"SEARCH_ENGINE": "search.engines.tantivy.TantivyEngine"},
    "elasticsearch": {"SEARCH_ENGINE": "search.engines.elastic.ElasticsearchEngine"},
}


def rebuild(engine: str) -> dict:
    """One engine's full rebuild in a subprocess (its own peak memory)."""
    proc = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.rebuild", engine],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"engine": engine, "na": f"rebuild failed: {tail}"}
    return json.loads(lines[-1])


def pages_engine(rebuilds: dict) -> str:
    """The engine the pages are served with: the FTS5 baseline, unless this run neither built
    nor reused it; then the embedded engine it did build (an unbuilt index answers 503)."""
    for key in ("tavolone", "tantivy"):
        if "na" not in rebuilds[key]:
            return SETTINGS[key]["SEARCH_ENGINE"]
    return SETTINGS["tavolone"]["SEARCH_ENGINE"]


def serve_with(engine: str) -> None:
    """Pages served in this process and by the gunicorn it starts (bench.settings) use `engine`."""
    from django.conf import settings

    os.environ["BENCH_SEARCH_ENGINE"] = settings.SEARCH_ENGINE = engine


def search(args, rebuilds: dict) -> dict:
    from django.conf import settings
    from machina.core.db.models import get_model

    from bench import search_bench as sb
    from search.engines.base import EngineUnavailable

    forum_id = get_model("forum", "Forum").objects.get(slug="discussioni-1").pk
    engines: dict[str, dict] = {}
    classes = {
        "tavolone": sb.Tavolone,
        "tantivy": sb.TavoloneTantivy,
        "elasticsearch": sb.TavoloneElasticsearch,
        "whoosh": sb.MachinaWhoosh,
        "wagtail": sb.WagtailDatabase,
    }
    for key, cls in classes.items():
        if "na" in rebuilds[key]:
            engines[key] = {"name": cls.name, "na": rebuilds[key]["na"]}
            continue
        # Tavolone's services pick the engine from the setting: the cluster for its column only.
        url = settings.BENCH_ELASTICSEARCH_URL if key == "elasticsearch" else ""
        settings.ELASTICSEARCH_URL = url
        settings.SEARCH_ENGINE = SETTINGS.get(key, {}).get(
            "SEARCH_ENGINE", settings.BASELINE_ENGINE
        )
        try:
            engines[key] = {
                "name": cls.name,
                "queries": sb.run_engine(cls(), forum_id, args.repeats),
            }
            if key == "tantivy":
                engines[key]["realtime"] = sb.realtime_delay(forum_id)
        except EngineUnavailable as exc:  # (a cluster that went away after its rebuild)
            engines[key] = {"name": cls.name, "na": f"unavailable: {exc}"}
        finally:
            settings.ELASTICSEARCH_URL = ""
            serve_with(pages_engine(rebuilds))
    base = engines["tavolone"].get("queries", {})
    for key in ENGINES[1:]:  # each against the FTS5 baseline
        if "queries" in engines[key]:
            engines[key]["p95_ratio_to_tavolone"] = sb.ratios(engines[key]["queries"], base)
    realtime = (
        sb.realtime_delay(forum_id)
        if "queries" in engines["tavolone"]
        else {"na": engines["tavolone"]["na"]}
    )
    return {"engines": engines, "realtime": realtime}


def run(args) -> dict:
    bench_dir = Path(args.bench_dir)
    bench_dir.mkdir(parents=True, exist_ok=True)
    paths = _paths(bench_dir, args.scale)
    results: dict = {
        "scale": args.scale,
        "sizes": vars(SCALES[args.scale]),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlite": apsw.sqlite_lib_version(),  # the embedded index's
        "commit": _commit(),
    }
    steps = results["step_seconds"] = {}

    def step(name: str, func, *a):
        print(f"[bench] {name}…", flush=True)
        started = time.perf_counter()
        value = func(*a)
        steps[name] = round(time.perf_counter() - started, 1)
        # What is measured so far survives an interrupted run (git ignores *.tmp).
        partial = Path(args.out) / f"{args.scale}-partial.json.tmp"
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({**results, name: value}, indent=1, default=str))
        return value

    results["corpus"] = step("corpus", corpus, args, paths)
    import django

    django.setup()
    chosen = {e.strip() for e in args.engines.split(",")}

    def rebuild_all() -> dict:
        return {
            e: rebuild(e) if e in chosen else {"engine": e, "na": "skipped (--engines)"}
            for e in ENGINES
        }

    def reuse_all() -> dict:
        # A search-only re-measurement (a quieter moment): the chosen engines' indexes as the
        # last run of this scale left them; a missing one reads as unavailable in the search.
        return {
            e: {"engine": e, "reused": True} if e in chosen else {"engine": e, "na": "skipped"}
            for e in ENGINES
        }

    results["uptime_before_rebuilds"] = _uptime()
    rebuilds = step("rebuilds", reuse_all if "rebuild" in args.skip else rebuild_all)
    results["rebuild"] = rebuilds
    serve_with(pages_engine(rebuilds))
    results["pages_engine"] = os.environ["BENCH_SEARCH_ENGINE"]
    if "search" not in args.skip:
        results["uptime_before_search"] = _uptime()
        results["search"] = step("search latency", search, args, rebuilds)
        results["uptime_after_search"] = _uptime()
    from bench import serving

    urls = results["urls"] = serving.pages()
    results["queries"] = step("SQL queries per page", serving.query_counts, urls)
    if "load" not in args.skip:
        workers = args.workers or 2 * (os.cpu_count() or 1) + 1
        base = step("baseline", _baseline, args, bench_dir, urls) if args.baseline else None
        if base is not None:
            results["baseline"] = {
                "rev": base.rev,
                "commit": base.commit,
                "queries": base.queries,
            }
        results["uptime_before_load"] = _uptime()
        try:
            results["load"] = step(
                "pages under load",
                serving.under_load,
                urls,
                args.seconds,
                args.connections,
                workers,
                args.rounds,
                base,
            )
        finally:
            if base is not None:
                baseline.remove(base.root)
        results["uptime_after_load"] = _uptime()
    return results


def _baseline(args, bench_dir: Path, urls: dict[str, str]):
    """The baseline revision's tree and database; the same pages as ours, or the run stops."""
    base = baseline.prepare(args.baseline, args.scale, bench_dir)
    if base.urls != urls:
        baseline.remove(base.root)
        raise RuntimeError(f"the baseline's bench found other pages: {base.urls} (ours: {urls})")
    return base


def _uptime() -> str:
    """The machine's load (other jobs share its cores): what the run's numbers were measured
    under."""
    env = {**os.environ, "TZ": "UTC"}  # (Django sets TZ to the site's zone)
    out = subprocess.run(["uptime"], capture_output=True, text=True, env=env)  # noqa: S607
    return out.stdout.strip()


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            cwd=Path(__file__).absolute().parent,
        )
        return out.stdout.strip()
    except OSError:
        return ""
