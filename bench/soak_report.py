"""The soak's numbers: per page type (requests, req/s, p50/p99, failures), what the staging
logs said meanwhile, and the printed table."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.soak_http import Recorder

SEARCH = "search"
OUTAGE_GRACE_S = 3.0  # a search begun in the outage may answer after it (2 s busy timeout)
SITE_DB_LOCKED = "OperationalError: database is locked"  # Django's; the index's is apsw's
LOG_PROBLEMS = (
    SITE_DB_LOCKED,
    "BusyError: database is locked",
    "Traceback",
    "WORKER TIMEOUT",
    "index update deferred",
    "engine unavailable",
    "Internal Server Error",
)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def failed(status: int) -> bool:
    return status == 0 or status >= 400


def summarize(rec: Recorder, elapsed: float, outage: list[float], kills: list[float]) -> dict:
    """Per page type, and the failures: search's 503s during the outage are expected; so is one
    request per SIGKILLed web worker (a sync worker serves one at a time: the one in flight when
    it was killed answers 502, which nginx does not retry for a POST)."""
    begin, end = (outage + [0.0, 0.0])[:2] if outage else (0.0, 0.0)
    in_flight = {
        kill: [s for s in rec.samples if s.status == 502 and s.at - s.ms / 1000 <= kill <= s.at]
        for kill in kills
    }
    excused = {id(rows[0]) for rows in in_flight.values() if rows}
    kinds: dict[str, dict] = {}
    in_outage = failed_pages = failed_search = 0
    for kind in dict.fromkeys(s.kind for s in rec.samples):
        rows = [s for s in rec.samples if s.kind == kind]
        kinds[kind] = {
            "requests": len(rows),
            "per_s": round(len(rows) / elapsed, 2) if elapsed else 0,
            "p50_ms": _pct([s.ms for s in rows], 0.50),
            "p99_ms": _pct([s.ms for s in rows], 0.99),
            "failed": sum(failed(s.status) for s in rows),
            "statuses": dict(Counter(str(s.status) for s in rows)),
        }
    for s in rec.samples:
        if not failed(s.status) or id(s) in excused:
            continue
        if s.kind != SEARCH:
            failed_pages += 1
        elif s.status == 503 and begin <= s.at <= end + OUTAGE_GRACE_S:
            in_outage += 1
        else:
            failed_search += 1
    total = len(rec.samples)
    return {
        "seconds": round(elapsed, 1),
        "requests": total,
        "per_s": round(total / elapsed, 1) if elapsed else 0,
        "kinds": kinds,
        "failed_pages": failed_pages,
        "failed_search_outside_outage": failed_search,
        "search_503_in_outage": in_outage,
        "killed_in_flight": [f"{r.kind} {r.path}" for rows in in_flight.values() for r in rows[:1]],
        "acknowledged": {k: len(v) for k, v in rec.acknowledged.items()},
        "unacknowledged": {k: len(v) for k, v in rec.unacknowledged.items()},
        "errors": rec.errors,
        "search_empty_answers": rec.wrong,
    }


def log_offsets(logs: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in logs.glob("*.log")}


def log_problems(logs: Path, offsets: dict[str, int]) -> dict[str, int]:
    """How often each known problem appeared in staging's logs during the soak."""
    found: Counter = Counter()
    for path in logs.glob("*.log"):
        with path.open("rb") as f:
            f.seek(offsets.get(path.name, 0))
            text = f.read().decode(errors="replace")
        for problem in LOG_PROBLEMS:
            found[problem] += text.count(problem)
    return {k: v for k, v in found.items() if v}


def table(r: dict, asserted: tuple[str, ...] | None) -> str:
    people = ", ".join(f"{v} {k}" for k, v in r["people"].items())
    lines = [
        f"Soak on {r['database']}{' (smoke)' if r['smoke'] else ''}: {r['seconds']} s, {people}, "
        f"{r['web_workers']} web workers, background: {', '.join(r['background'])}",
        f"machine: {r['machine']['cores']} cores, load average {r['machine']['load_before'][0]} "
        f"before, {r['machine']['load_after'][0]} after",
        f"{r['requests']} requests, {r['per_s']} req/s; posts acknowledged "
        f"{r['acknowledged']['post']} (not: {r['unacknowledged']['post']}), articles published "
        f"{r['acknowledged']['page']}",
        "",
        f"{'page type':<16} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'failed':>6}  statuses",
    ]
    for kind, k in r["kinds"].items():
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(k["statuses"].items()))
        lines.append(
            f"{kind:<16} {k['requests']:>8} {k['per_s']:>7} {k['p50_ms']:>8} {k['p99_ms']:>8} "
            f"{k['failed']:>6}  {statuses}"
        )
    lines += ["", "Faults:"]
    lines += [f"  {e['at']:>6.1f} s  {e['event']} " + _detail(e) for e in r["events"]]
    lines += [
        f"  drain after the load: {'done' if r['drain']['drained'] else 'NOT done'} in "
        f"{r['drain']['seconds']} s",
        f"  logs: {r['log_problems'] or 'nothing known'}",
        "",
        "Checks:",
    ]
    for name, c in r["checks"].items():
        mark = "ok  " if c["ok"] else "FAIL"
        tag = "" if asserted is None or name in asserted else "  (reported, not asserted)"
        lines.append(f"  {mark} {name}: {c['detail']}{tag}")
    return "\n".join(lines)


def _detail(event: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in event.items() if k not in ("at", "event"))
