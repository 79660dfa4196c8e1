"""`python -m bench --baseline REV` refuses a revision git does not know, before any work."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_baseline_revision_is_refused_with_its_name(tmp_path):
    cmd = [sys.executable, "-m", "bench", "--baseline", "no-such-rev", "--bench-dir", str(tmp_path)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)  # noqa: S603

    assert proc.returncode == 2
    assert "git knows no commit 'no-such-rev'" in proc.stderr
    assert not list(tmp_path.iterdir())  # no corpus, no worktree
