"""`python -m bench.soak [--seconds 60] [--smoke] [--start]`: load with faults against staging.

Anonymous readers on every page type, searchers, coworkers posting and replying through the
forum's forms, an editor publishing news through Wagtail's admin, for --seconds; meanwhile the
search index is made unavailable for 10 s from 30 % of the run (its write lock held and its
folder, or FTS5's file, moved away and back: --outage), one gunicorn worker is SIGKILLed 2 s
into it, and the background worker(s) are SIGKILLed half a second after it, while they drain
the index updates it left, and restarted. Then it waits for the outbox to drain and checks: no
failed request (but search's 503s during the outage), every acknowledged post and article in
the database, the index equal to the database.

With ELASTICSEARCH_URL set, the outage is the cluster going away: --start puts a loopback relay
(bench/soak_relay.py) between the site and the cluster and cuts it for --outage-seconds.

Staging must be up (`python .ci/staging.py up`), or --start brings it up and down again. Writes
bench/results/soak-<database>.json (smoke: var/soak/soak-smoke-<database>.json) and prints a
table. Exit status 1 when a checked assertion fails; the smoke (--smoke: ~20 s, fewer people,
the same faults) checks only what the site must hold in CI: no 5xx on pages, no client giving
up, no lost post, no index drift after the drain.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import sys
import threading
import time
from pathlib import Path

from bench import soak_check, soak_load
from bench.soak_faults import Outage, Staging, TantivyOutage
from bench.soak_http import Recorder
from bench.soak_relay import Relay
from bench.soak_report import SITE_DB_LOCKED, log_offsets, log_problems, summarize, table

ROOT = Path(__file__).absolute().parent.parent
SMOKE_CHECKS = ("pages_served", "everyone_kept_going", "no_lost_posts", "no_index_drift")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=None, help="load time (60; smoke 20)")
    p.add_argument("--smoke", action="store_true", help="the short CI version")
    p.add_argument("--start", action="store_true", help="start staging first, stop it after")
    p.add_argument("--url", default=os.environ.get("STAGING_URL", ""))
    p.add_argument("--state", default=os.environ.get("STAGING_DIR", str(ROOT / "var/staging")))
    p.add_argument("--outage", choices=("both", "move", "lock"), default="both")
    p.add_argument("--outage-seconds", type=float, default=10.0)
    p.add_argument("--readers", type=int, default=None, help="anonymous readers (8; smoke 3)")
    p.add_argument("--writers", type=int, default=None, help="coworkers posting (6; smoke 3)")
    p.add_argument("--out", default="", help="bench/results (smoke: var/soak, not committed)")
    args = p.parse_args(argv)
    args.seconds = args.seconds or (20.0 if args.smoke else 60.0)
    args.readers = args.readers or (3 if args.smoke else 8)
    args.writers = args.writers or (3 if args.smoke else 6)
    args.out = args.out or str(ROOT / ("var/soak" if args.smoke else "bench/results"))
    return args


def engine_of(env: dict[str, str]) -> str:
    """The engine staging's site runs, as search.services.engine_class() picks it."""
    named = env.get("SEARCH_ENGINE", "")
    if named.endswith("EmbeddedEngine"):
        return "embedded"
    if named.endswith("ElasticsearchEngine") or (not named and env.get("ELASTICSEARCH_URL")):
        return "elasticsearch"
    return "tantivy"


def outage_of(env: dict[str, str], mode: str) -> Outage | TantivyOutage:
    """The embedded engine's outage: its index made unavailable in place."""
    if engine_of(env) == "embedded":
        return Outage(env["SEARCH_EMBEDDED_PATH"], mode)
    return TantivyOutage(env["SEARCH_TANTIVY_PATH"], mode)


def _staging_module():
    spec = importlib.util.spec_from_file_location("staging", ROOT / ".ci" / "staging.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def faults(
    args,
    staging: Staging,
    env: dict,
    rec: Recorder,
    stop: threading.Event,
    events: list,
    relay: Relay | None = None,
) -> None:
    """The fault timeline: the index outage from 30 % for --outage-seconds; a web worker
    SIGKILLed 2 s into it (its replacement opens the index while it is away); the background
    worker(s) half a second after the outage (draining its backlog), back 1.5 s later."""
    t, outage_len = args.seconds, min(args.outage_seconds, args.seconds * 0.5)

    def at(seconds: float) -> bool:
        return not stop.wait(max(0.0, seconds - rec.now()))

    def note(what: str, **detail) -> None:
        events.append({"at": round(rec.now(), 2), "event": what, **detail})

    if not at(0.3 * t):
        return
    outage = relay or outage_of(env, args.outage)
    outage.begin()
    try:
        note("search_outage_begin", mode="elasticsearch" if relay else args.outage)
        at(0.3 * t + min(2.0, outage_len / 2))
        note("sigkill_web_worker", pid=staging.kill_web_worker())
        at(0.3 * t + outage_len)  # ends even if the load stopped meanwhile
    finally:  # the index always comes back
        note("search_outage_end", **outage.end())
    at(0.3 * t + outage_len + 0.5)
    waiting = soak_check.pending(env)
    killed = staging.kill_background()
    note("sigkill_background", processes=sorted(killed), outbox_pending=waiting)
    time.sleep(1.5)
    started = staging.restart(killed)
    note("background_restarted", pids=started, outbox_pending=soak_check.pending(env))
    note("web_workers_now", count=len(staging.web_workers()))


def _guarded(fn, args: tuple, rec: Recorder) -> None:
    """A person who gave up (could not log in, found no form), or faults that could not be
    done, fail the run."""
    try:
        fn(*args)
    except BaseException as exc:  # noqa: BLE001 (SystemExit too: it ends only the thread)
        with rec.lock:
            rec.crashed.append(f"{fn.__name__}: {type(exc).__name__}: {exc}")


def run(args: argparse.Namespace, relay: Relay | None = None) -> dict:
    state = Path(args.state)
    staging = Staging(state)
    env = staging.env()
    if env.get("ELASTICSEARCH_URL") and relay is None:
        raise SystemExit(
            "soak: staging runs on Elasticsearch; its outage needs the relay the soak puts "
            "between the site and the cluster: run `python -m bench.soak --start`"
        )
    base = args.url or env["SITE_URL"]
    database = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    run_id = secrets.token_hex(3)
    urls = soak_load.discover(base)
    offsets = log_offsets(state / "logs")
    rec, stop, events = Recorder(), threading.Event(), []
    people = [(soak_load.reader, (base, urls, rec, stop)) for _ in range(args.readers)]
    people += [(soak_load.searcher, (base, rec, stop, 0.2)) for _ in range(2)]
    people += [
        (soak_load.coworker, (base, name, urls, rec, stop, run_id, 0.3))
        for name in (soak_load.COWORKERS * args.writers)[: args.writers]
    ]
    people.append((soak_load.editor, (base, rec, stop, run_id, 3.0)))
    threads = [
        threading.Thread(target=_guarded, args=(fn, a, rec), daemon=True) for fn, a in people
    ]
    fault_thread = threading.Thread(
        target=_guarded, args=(faults, (args, staging, env, rec, stop, events, relay), rec)
    )
    load_before = os.getloadavg()
    rec.started = time.monotonic()
    for thread in [*threads, fault_thread]:
        thread.start()
    stop.wait(args.seconds)
    stop.set()
    for thread in [*threads, fault_thread]:
        thread.join(timeout=60)
    elapsed = rec.now()
    drained, drain_s = soak_check.wait_drained(env, 120)
    site = soak_check.site_state(env, str(ROOT), run_id)
    indexed = [t for t in rec.acknowledged["post"] if site["posts"].get(t, {}).get("approved")]
    indexed += [t for t in rec.acknowledged["page"] if site["pages"].get(t, {}).get("live")]
    engine = "elasticsearch" if relay else engine_of(env)
    if relay is not None:
        index = soak_check.elastic_index_state(env, str(ROOT), indexed)
    elif engine == "tantivy":
        index = soak_check.tantivy_index_state(env, str(ROOT), indexed)
    else:
        index = soak_check.index_state(env["SEARCH_EMBEDDED_PATH"], indexed)
    outage = [e["at"] for e in events if e["event"].startswith("search_outage")]
    kills = [e["at"] for e in events if e["event"] == "sigkill_web_worker"]
    result = summarize(rec, elapsed, outage, kills)
    result.update(
        database=database,
        engine=engine,
        smoke=args.smoke,
        run_id=run_id,
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        people={"readers": args.readers, "searchers": 2, "coworkers": args.writers, "editor": 1},
        web_workers=len(staging.web_workers()),
        machine={  # the load others put on the machine too: the numbers depend on it
            "cores": os.cpu_count(),
            "load_before": [round(x, 1) for x in load_before],
            "load_after": [round(x, 1) for x in os.getloadavg()],
        },
        background=staging.background(),
        events=events,
        drain={"drained": drained, "seconds": round(drain_s, 1)},
        site=site,
        index=index,
        log_problems=log_problems(state / "logs", offsets),
    )
    result["checks"] = checks(rec, site, index, result)
    return result


def checks(rec: Recorder, site: dict, index: dict, r: dict) -> dict[str, dict]:
    acked_posts, acked_pages = rec.acknowledged["post"], rec.acknowledged["page"]
    lost = [t for t in acked_posts if t not in site["posts"]]
    lost_pages = [t for t in acked_pages if t not in site["pages"]]
    dup = [t for t, row in site["posts"].items() if row["n"] > 1]
    drift = {k: v for k, v in (site.get("drift") or {}).items() if v}
    locked = r["log_problems"].get(SITE_DB_LOCKED, 0)

    def check(ok: bool, detail) -> dict:
        return {"ok": bool(ok), "detail": detail}

    return {
        "pages_served": check(
            r["failed_pages"] == 0,
            f"{r['failed_pages']} failed page requests (besides the one in flight on the killed "
            f"web worker: {r['killed_in_flight'] or 'none'})",
        ),
        "search_fails_only_in_outage": check(
            r["failed_search_outside_outage"] == 0,
            f"{r['failed_search_outside_outage']} failed searches outside the outage "
            f"({r['search_503_in_outage']} 503s during it)",
        ),
        "everyone_kept_going": check(not rec.crashed, rec.crashed or "no client gave up"),
        "no_lost_posts": check(
            not lost, f"{len(acked_posts)} acknowledged, {len(lost)} missing {lost[:5]}"
        ),
        "no_lost_pages": check(
            not lost_pages, f"{len(acked_pages)} published, {len(lost_pages)} missing"
        ),
        "no_duplicate_posts": check(not dup, f"{len(dup)} tokens in more than one post"),
        "no_index_drift": check(
            r["drain"]["drained"] and not drift and not site.get("error"),
            f"drift {drift or 0}, pending {site.get('pending')}, error {site.get('error')}",
        ),
        "index_holds_every_write": check(
            not index.get("error") and not index.get("missing_tokens"),
            index.get("error") or f"{len(index.get('missing_tokens', []))} tokens not in it",
        ),
        "no_duplicate_index_entries": check(
            not index.get("error")
            and index.get("orphan_rows") == 0
            and index.get("docs") == index.get("fts_rows"),
            f"docs {index.get('docs')}, text rows {index.get('fts_rows')}, "
            f"orphans {index.get('orphan_rows')}",
        ),  # fmt: skip
        "search_answers_right": check(
            not r["search_empty_answers"],
            f"{len(r['search_empty_answers'])} searches for demo words answered with no result",
        ),
        "writes_wait_not_fail": check(
            not locked, f'{locked} "database is locked" from the site database in the logs'
        ),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    staging_module = _staging_module() if args.start else None
    relay = None
    if staging_module and os.environ.get("ELASTICSEARCH_URL"):
        relay = Relay(os.environ["ELASTICSEARCH_URL"])
        os.environ["ELASTICSEARCH_URL"] = relay.url  # what staging's processes inherit
    if staging_module:
        staging_module.up()
    try:
        result = run(args, relay)
    finally:
        if staging_module:
            staging_module.down()
        if relay is not None:
            relay.close()
    name = f"soak{'-smoke' if args.smoke else ''}-{result['database']}.json"
    out = Path(args.out) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, default=str) + "\n")
    print(table(result, SMOKE_CHECKS if args.smoke else None))
    print(f"Results: {out}")
    asserted = SMOKE_CHECKS if args.smoke else tuple(result["checks"])
    return 0 if all(result["checks"][name]["ok"] for name in asserted) else 1


if __name__ == "__main__":
    raise SystemExit(main())
