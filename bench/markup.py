"""`python -m bench.markup`: forum markup rendering, worst case per class, new and old renderer.

Renders every class of `bench.markup_corpus` at the largest size a post may have with the site's
renderer (`forum.markup.render`: cmark-gfm, caps, nh3, remote images as links) and with the one
it replaced (Python-Markdown, then the same nh3 allow-list), in one run on one machine. The old
renderer runs once per class in a child process with a time limit (it takes minutes on some
classes, or raises RecursionError). Writes bench/results/markup-<date>-<commit>.json and .md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
TARGET_MS = 50.0  # the bound on one render of the worst case


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.markup", description=__doc__)
    parser.add_argument("--size", type=int, default=0, help="characters (0: the length cap)")
    parser.add_argument("--repeats", type=int, default=7, help="timed renders per class")
    parser.add_argument(
        "--old-timeout", type=float, default=10.0, help="seconds per class for the old renderer"
    )
    parser.add_argument("--skip-old", action="store_true", help="measure the new renderer only")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    return parser.parse_args(argv)


def _setup_django() -> None:
    for path in (ROOT / "site", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tavolone.settings")
    import django

    django.setup()


def old_render(text: str) -> str:
    """forum.markup.render before cmark-gfm: Python-Markdown, then the same nh3 allow-list."""
    import markdown

    from forum.markup import sanitize

    extensions = ["fenced_code", "nl2br", "sane_lists", "tables"]
    return sanitize(markdown.markdown(text, extensions=extensions))


def _old_child(text: str, conn) -> None:
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        old_render(text)
        wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        conn.send({"ms": round(wall * 1000, 1), "cpu_ms": round(cpu * 1000, 1)})
    except RecursionError:
        conn.send({"error": "RecursionError (a 500)"})
    except Exception as exc:  # noqa: BLE001 - whatever it raised is the result
        conn.send({"error": type(exc).__name__})


def measure_old(text: str, timeout: float) -> dict:
    """One render in a forked child, killed after `timeout` seconds."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_old_child, args=(text, child))
    process.start()
    child.close()
    if parent.poll(timeout):
        result = parent.recv()
    else:
        result = {"timeout_s": timeout}
        process.kill()
    process.join()
    return result


def measure_new(text: str, repeats: int) -> dict:
    """A fresh render (as the rerender command or a save without a form), and a form's path: the
    check, then the preview or the save rendering the same text."""
    from django.core.exceptions import ValidationError

    from forum import markup

    def fresh() -> None:
        markup._last_checked = None  # time cmark too, not the form-to-render reuse

    timings, cpu, form_path, html, within = [], [], [], "", True
    markup.render_checked(text)  # warm-up
    for _ in range(repeats):
        fresh()
        start, start_cpu = time.perf_counter(), time.process_time()
        html, within = markup.render_checked(text)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        fresh()
        start_cpu = time.process_time()
        with contextlib.suppress(ValidationError):  # a refusal is an answer too
            markup.validate(text)
            markup.render_checked(text)
        form_path.append((time.process_time() - start_cpu) * 1000)
    return {
        "cpu_p50_ms": round(statistics.median(cpu), 3),
        "p50_ms": round(statistics.median(timings), 3),
        "max_ms": round(max(timings), 3),
        "form_path_cpu_ms": round(statistics.median(form_path), 2),
        "within_caps": within,
        "html_kb": round(len(html.encode()) / 1024, 1),
    }


def run(args: argparse.Namespace) -> dict:
    from django.conf import settings

    from bench.markup_corpus import classes
    from bench.run import _commit
    from forum import markup

    size = args.size or settings.FORUM_MARKUP_MAX_LENGTH
    depth = settings.FORUM_MARKUP_MAX_DEPTH
    rows = {}
    if not args.skip_old:
        old_render("*warm* [up](/)")  # imports and extensions loaded once, before the forks
    for name, text in classes(size, depth).items():
        row = {"chars": len(text), "new": measure_new(text, args.repeats)}
        if not args.skip_old:
            row["old"] = measure_old(text, args.old_timeout)
        rows[name] = row
        print(f"{name}: {row}", file=sys.stderr, flush=True)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "size": size,
        "caps": {
            "length": settings.FORUM_MARKUP_MAX_LENGTH,
            "depth": depth,
            "table_cells": settings.FORUM_MARKUP_MAX_TABLE_CELLS,
        },
        "renderer": f"cmarkgfm {_version('cmarkgfm')} + nh3 {_version('nh3')}",
        "old_renderer": f"Python-Markdown {_version('Markdown')} + nh3 {_version('nh3')}",
        "repeats": args.repeats,
        "old_timeout_s": args.old_timeout,
        "extensions": markup.EXTENSIONS,
        "classes": rows,
    }


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def _old_cell(old: dict | None) -> str:
    if old is None:
        return "not run"
    if "ms" in old:
        return f"{old['cpu_ms']:,} / {old['ms']:,}"
    if "timeout_s" in old:
        return f"> {old['timeout_s']:g} s (stopped)"
    return old["error"]


def worst(r: dict, key: str) -> tuple[str, float]:
    """The slowest class of the new renderer by `key` (cpu_p50_ms, p50_ms or max_ms)."""
    name = max(r["classes"], key=lambda n: r["classes"][n]["new"][key])
    return name, r["classes"][name]["new"][key]


def markdown_table(r: dict) -> str:
    load = ", ".join(str(x) for x in r["load_average"])
    out = [
        f"# Forum markup: {r['size']:,} characters per source, {r['date'][:10]}",
        "",
        f"{r['cores']} cores (load average {load} at the end) · commit {r['commit']} · "
        f"new: {r['renderer']} ({', '.join(r['extensions'])}) · old: {r['old_renderer']}",
        f"Caps: {r['caps']['length']:,} characters, nesting {r['caps']['depth']}, "
        f"{r['caps']['table_cells']:,} table cells. New: {r['repeats']} renders per class "
        "after one warm-up, each from scratch; form check + render: a preview's or a post's path "
        "(the render reuses the check's cmark output). Old: one render per class, forked.",
        "",
        "CPU ms: the process's CPU time (what a worker spends, whatever else runs on the machine); "
        "wall ms: elapsed time, inflated by the machine's load.",
        "",
        "| class | chars | within caps | new CPU p50 ms | new wall p50 / max ms "
        "| form check + render CPU ms | HTML KB | old CPU / wall ms |",
        "|---|---:|:-:|---:|---:|---:|---:|---:|",
    ]
    for cls, row in r["classes"].items():
        new = row["new"]
        out.append(
            f"| {cls} | {row['chars']:,} | {'yes' if new['within_caps'] else 'no: plain text'} "
            f"| {new['cpu_p50_ms']} | {new['p50_ms']} / {new['max_ms']} "
            f"| {new['form_path_cpu_ms']} | {new['html_kb']} "
            f"| {_old_cell(row.get('old'))} |"
        )
    out.append("")
    for key, what in (("cpu_p50_ms", "CPU p50"), ("p50_ms", "wall p50"), ("max_ms", "wall max")):
        name, slowest = worst(r, key)
        met = "met" if slowest <= TARGET_MS else "NOT met"
        out.append(f"Worst case (new, {what}): {slowest} ms, {name} — ≤ {TARGET_MS:g} ms: {met}.")
    return "\n".join(out) + "\n"


def write(r: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "-".join(filter(None, ["markup", r["date"][:10], r["commit"]]))
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown_table(r))
    return md_path, json_path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    _setup_django()
    md_path, json_path = write(run(args), Path(args.out))
    print(md_path.read_text())
    print(f"Results: {md_path} and {json_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
