"""The results as JSON and as markdown tables (the same numbers)."""

from __future__ import annotations

import json
from pathlib import Path


def _lat(row: dict) -> str:
    if "na" in row:
        return f"n/a ({row['na']})"
    return f"{row['p50']:.1f} / {row['p95']:.1f} / {row['p99']:.1f} ({row['hits']})"


def _realtime(rt: dict) -> str:
    if "na" in rt or rt.get("findable_after_ms") is None:
        return f"not available ({rt.get('na', 'never found')})."
    return (
        f"a saved post is findable {rt['findable_after_ms']} ms after its save began "
        f"(the save itself: {rt['save_ms']} ms; median of {rt.get('samples', 1)} posts, "
        f"the slowest {rt.get('findable_after_max_ms', rt['findable_after_ms'])} ms)."
    )


def markdown(r: dict) -> str:
    c = r["corpus"]
    counts = ", ".join(f"{v:,} {k}" for k, v in c.get("counts", {}).items())
    out = [
        f"# Tavolone benchmark: {r['scale']} scale",
        "",
        f"{r['date']} · {r['cores']} cores · Python {r['python']} · "
        f"SQLite {r.get('sqlite', '?')} · commit {r['commit']}",
        "",
        f"Corpus: {counts} (loaded in {c.get('load_s', '?')} s"
        f"{', reused' if c.get('reused') else ''}).",
        "",
    ]
    search = r.get("search")
    if search:
        engines = search["engines"]
        out += ["## Search latency (ms: p50 / p95 / p99, hits in brackets)", ""]
        keys = list(engines)
        out.append("| query | " + " | ".join(engines[k]["name"] for k in keys) + " |")
        out.append("|---" * (len(keys) + 1) + "|")
        first = next((e["queries"] for e in engines.values() if "queries" in e), {})
        for q in first:
            cells = []
            for k in keys:
                e = engines[k]
                cells.append(_lat(e["queries"][q]) if "queries" in e else "not available")
            out.append(f"| {q} | " + " | ".join(cells) + " |")
        out += [
            "",
            "p95 of each other engine ÷ p95 of Tavolone's embedded engine (above 1: the embedded "
            "engine is faster):",
            "",
        ]
        peers = [k for k in keys if "p95_ratio_to_tavolone" in engines[k]]
        if peers:
            out.append("| query | " + " | ".join(engines[k]["name"] for k in peers) + " |")
            out.append("|---" * (len(peers) + 1) + "|")
            for q in first:
                vals = [engines[k]["p95_ratio_to_tavolone"].get(q) for k in peers]
                out.append(
                    f"| {q} | " + " | ".join("n/a" if v is None else f"{v}×" for v in vals) + " |"
                )
        else:
            out.append(f"Not available: {engines['tavolone'].get('na', 'no peer measured')}")
        out += ["", "Realtime (embedded): " + _realtime(search["realtime"])]
        if "realtime" in engines.get("tantivy", {}):
            out += ["", "Realtime (tantivy): " + _realtime(engines["tantivy"]["realtime"])]
        out.append("")
    out += ["## Indexing: full rebuild", ""]
    out += [
        "Documents are what each engine stores; records the posts and pages in them (the peers "
        "store one per document, Tavolone one thread with all its posts per document).",
        "",
        "| engine | documents | records | seconds | docs/s | records/s | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, row in r["rebuild"].items():
        if "na" in row:
            out.append(f"| {key} | not available: {row['na']} | | | | | |")
        else:
            out.append(
                f"| {key} | {row['docs']:,} | {row['records']:,} | {row['seconds']} "
                f"| {row['docs_per_s']:,} | {row['records_per_s']:,} | {row['peak_rss_mb']} |"
            )
    load = r.get("load")
    out += ["", "## Pages", ""]
    if load:
        out.append(
            f"{load['tool']}, {load['connections']} connections, {load['seconds_per_page']:g} s "
            f"per page, gunicorn with {load['workers']} workers (DEBUG off, SQLite), anonymous "
            "visitors without a cookie."
        )
        out.append("")
    out += [
        "| page | status | SQL queries | req/s | p50 (ms) | p99 (ms) | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, q in r["queries"].items():
        row = (load or {}).get("pages", {}).get(name)
        perf = (
            f"{row['req_s']} | {row['p50_ms']} | {row['p99_ms']} | {row['errors']}"
            if row
            else "not run | | |"
        )
        out.append(f"| {name} | {q['status']} | {q['queries']} | {perf} |")
    if load:
        rss = load["worker_peak_rss_mb"]
        out += [
            "",
            f"Memory: peak RSS per gunicorn worker {rss['max']} MB ({rss['sum']} MB all workers).",
        ]
    return "\n".join(out) + "\n"


def write(results: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    # The commit in the name: runs of the same day (before/after a change) never overwrite.
    stem = "-".join(filter(None, [results["scale"], results["date"][:10], results.get("commit")]))
    json_path = out_dir / f"{stem}.json"
    md_path = out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    md_path.write_text(markdown(results) + "\n" + targets_markdown(results))
    return md_path, json_path


def targets(r: dict) -> list[tuple[str, str, bool | None]]:
    """The issue's targets: (target, measured value, met; None when not measured)."""
    rows: list[tuple[str, str, bool | None]] = []
    engines = r.get("search", {}).get("engines", {})
    ours = engines.get("tavolone", {}).get("queries", {})
    p95s = [row["p95"] for row in ours.values() if "p95" in row]
    worst = max(p95s, default=None)
    rows.append(
        (
            f"Embedded search p95 ≤ 30 ms, every class (set for large; this is {r['scale']})",
            "not measured" if worst is None else f"worst p95 {worst} ms",
            None if worst is None else worst <= 30,
        )
    )
    for key, goal, label in (
        ("whoosh", 10.0, "≥ 10× faster than machina's Haystack/Whoosh (p95, every class)"),
        ("wagtail", 1.0, "not slower than Wagtail's database backend (p95, every class)"),
    ):
        ratios = [v for v in engines.get(key, {}).get("p95_ratio_to_tavolone", {}).values() if v]
        low = min(ratios, default=None)
        rows.append(
            (
                label,
                "not measured" if low is None else f"lowest ratio {low}×",
                None if low is None else low >= goal,
            )
        )
    ours_rebuild = r.get("rebuild", {}).get("tavolone", {})
    rate, per_doc = ours_rebuild.get("records_per_s"), ours_rebuild.get("docs_per_s")
    rows.append(
        (
            f"Embedded rebuild ≥ 5,000 docs/s, counted as the peers count (posts and pages); the "
            f"target is set for large, this is {r['scale']}",
            "not measured"
            if rate is None
            else f"{rate:,} records/s ({per_doc:,} thread documents/s)",
            None if rate is None else rate >= 5000,
        )
    )
    most = max((q["queries"] for q in r.get("queries", {}).values()), default=None)
    rows.append(
        (
            "Every page view ≤ 20 SQL queries",
            f"at most {most}",
            None if most is None else most <= 20,
        )
    )
    load = r.get("load", {}).get("pages", {})
    errors = sum(p["errors"] for p in load.values()) if load else None
    rows.append(
        (
            "0 errors under load",
            "not run" if errors is None else f"{errors} errors",
            None if errors is None else errors == 0,
        )
    )
    return rows


def targets_markdown(r: dict) -> str:
    lines = ["## Targets", "", "| target | measured | met |", "|---|---|---|"]
    for label, value, met in targets(r):
        mark = "n/a" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {label} | {value} | {mark} |")
    return "\n".join(lines) + "\n"
