"""The markup benchmark runs end to end on small sources and produces every row, sane.

No timing is asserted (absolute times are noise on shared CI cores): only that each class was
rendered by both renderers and that the results are written.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.markup_corpus import classes

pytestmark = pytest.mark.own_database  # the bench runs on SQLite files of its own

ROOT = Path(__file__).resolve().parents[2]


def test_the_markup_benchmark_measures_every_class_with_both_renderers(tmp_path):
    cmd = [sys.executable, "-m", "bench.markup", "--size", "300", "--repeats", "1"]
    cmd += ["--old-timeout", "20", "--out", str(tmp_path)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)  # noqa: S603
    assert proc.returncode == 0, proc.stderr[-4000:]
    results = json.loads(next(tmp_path.glob("markup-*.json")).read_text())
    assert set(results["classes"]) == set(classes(300, 32))
    for row in results["classes"].values():
        assert 0 < row["new"]["p50_ms"] <= row["new"]["max_ms"] and row["new"]["cpu_p50_ms"] >= 0
        assert "ms" in row["old"] or "error" in row["old"]
    assert not results["classes"]["nesting: `> ` quotes (over cap)"]["new"]["within_caps"]
    assert "Worst case (new, CPU p50):" in next(tmp_path.glob("markup-*.md")).read_text()
