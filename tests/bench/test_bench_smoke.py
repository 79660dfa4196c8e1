"""The benchmark harness runs end to end at small scale and produces every row, sane.

No timing is asserted (absolute times are noise on shared CI cores): only that each measurement
exists, counted something and found no errors.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.search_bench import QUERY_MIX

pytestmark = pytest.mark.own_database  # the bench runs on SQLite files of its own

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "home",
    "space directory",
    "space page",
    "news index",
    "article",
    "forum index",
    "a forum",
    "topic (100 posts)",
    "search results",
}


def _run_small(tmp_path: Path) -> dict:
    cmd = [sys.executable, "-m", "bench", "--scale", "small", "--seconds", "1", "--repeats", "3"]
    cmd += ["--out", str(tmp_path), "--bench-dir", str(tmp_path / "var"), "--baseline", "HEAD"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)  # noqa: S603
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    return json.loads(next(tmp_path.glob("small-*.json")).read_text())


OURS = {"tavolone", "tantivy", "elasticsearch"}  # Tavolone's services, on each engine


def _assert_latency_row(row: dict) -> None:
    assert row["hits"] >= 0
    assert 0 < row["p50"] <= row["p95"] <= row["p99"]


# One test on purpose: the harness takes tens of seconds, and pytest-xdist would run a shared
# module fixture once per worker.
def test_the_harness_produces_every_row_at_small_scale(tmp_path):
    r = _run_small(tmp_path)

    assert all(n > 0 for n in r["corpus"]["counts"].values())
    assert r["corpus"]["peak_rss_mb"] > 0 and "load average" in r["uptime_before_search"]
    # Elasticsearch is measured beside the embedded engine when a cluster is given, else says why.
    measured = ["tavolone", "tantivy", "whoosh", "wagtail"]
    if os.environ.get("ELASTICSEARCH_URL"):
        measured.append("elasticsearch")
    else:
        assert r["rebuild"]["elasticsearch"]["na"] == "ELASTICSEARCH_URL is not set"
        assert r["search"]["engines"]["elasticsearch"]["na"] == "ELASTICSEARCH_URL is not set"
    for engine in measured:
        assert r["rebuild"][engine]["docs"] > 0 and r["rebuild"][engine]["docs_per_s"] > 0
        assert r["rebuild"][engine]["records"] >= r["rebuild"][engine]["docs"]
        assert r["rebuild"][engine]["peak_rss_mb"] > 0
    engines = r["search"]["engines"]
    for qc in QUERY_MIX:  # Tavolone answers every class; a peer may say n/a with its reason
        for ours in set(measured) & OURS:
            _assert_latency_row(engines[ours]["queries"][qc.name])
        for peer in ("whoosh", "wagtail"):
            row = engines[peer]["queries"][qc.name]
            assert row["na"] if "na" in row else _assert_latency_row(row) is None
    for ours in set(measured) & OURS:  # (an empty index finds none)
        assert engines[ours]["queries"]["common word"]["hits"] > 0
    assert r["search"]["realtime"]["findable_after_ms"] > 0
    assert engines["tantivy"]["realtime"]["findable_after_ms"] > 0

    assert set(r["queries"]) == set(r["load"]["pages"]) == set(r["baseline"]["queries"]) == PAGES
    for q in r["queries"].values():
        assert q["status"] == q["coworker_status"] == 200
        # (a page whose blocks are all kept rendered runs none once warm: the home page)
        assert 0 <= q["queries"] <= q["first_view"] and q["first_view"] > 0 < q["coworker"]
    for rows in r["load"]["pages"].values():  # ours uncached, views, stored; the baseline's views
        assert set(rows) == {"uncached", "views", "stored", "baseline"}
        for row in rows.values():
            assert row["requests"] > 0 and row["req_s"] > 0 and row["errors"] == 0
    assert all(ratio["views_to_baseline"] is not None for ratio in r["load"]["ratios"].values())
    topic = r["load"]["pages"]["topic (100 posts)"]  # the baseline (HEAD) runs views, not stored
    assert topic["baseline"]["cpu_ms_per_request"] > 2 * topic["stored"]["cpu_ms_per_request"]
    assert all(rss["max"] > 0 for rss in r["load"]["worker_peak_rss_mb"].values())
    assert "load average" in r["uptime_before_load"]
    markdown = next(tmp_path.glob("small-*.md")).read_text()
    assert all(f"| {name} |" in markdown for name in PAGES)
    assert not list(tmp_path.glob("*.tmp"))  # a whole run leaves no partial results behind
    assert not list((tmp_path / "var").glob("baseline-*/tree"))  # nor the baseline's tree


def test_a_run_without_the_baseline_serves_its_pages_with_the_engine_it_built(tmp_path):
    cmd = [sys.executable, "-m", "bench", "--scale", "small", "--repeats", "2"]
    cmd += ["--engines", "tantivy", "--skip", "load"]
    cmd += ["--out", str(tmp_path), "--bench-dir", str(tmp_path / "var")]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)  # noqa: S603
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    r = json.loads(next(tmp_path.glob("small-*.json")).read_text())

    assert r["rebuild"]["tavolone"]["na"] == "skipped (--engines)"
    assert r["pages_engine"] == "search.engines.tantivy.TantivyEngine"
    assert r["queries"]["search results"]["status"] == 200  # (503: the unbuilt FTS5 index)
