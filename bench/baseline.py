"""A baseline revision served beside the code under test (`python -m bench --baseline REV`).

REV is checked out in a temporary `git worktree` and run with the same virtualenv. Its schema is
its own migrations', so its own bench builds its own database from the same corpus seed (kept in
`<bench dir>/baseline-<commit>/` and reused by the next run, as ours is). bench.serving then
serves it with its own gunicorn and measures it in turns with ours, under the same machine load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
# What our run exports for itself; the baseline's processes get their own.
_OWN_ENV = (
    "DJANGO_SETTINGS_MODULE",
    "PYTHONPATH",
    "BENCH_DIR",
    "BENCH_SCALE",
    "BENCH_PAGES_DIR",
    "SITE_CACHE",
    "SITE_CACHE_DATA",
)


@dataclass(frozen=True)
class Baseline:
    rev: str  # as given on the command line
    commit: str  # its short hash
    root: Path  # the worktree
    bench_dir: Path  # its database and index
    queries: dict  # SQL queries per page, counted by its own bench
    urls: dict  # the pages its own bench found


def _git(*args: str) -> str:
    out = subprocess.run(  # noqa: S603
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def env(root: Path, bench_dir: Path, scale: str) -> dict[str, str]:
    """The environment of the baseline's processes: its own tree first on the path."""
    out = {k: v for k, v in os.environ.items() if k not in _OWN_ENV}
    out.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join([str(root / "site"), str(root)]),
        BENCH_DIR=str(bench_dir),
        BENCH_SCALE=scale,
        # Migrated templates are keyed by the migration files: shared safely between revisions.
        BENCH_CACHE=os.environ.get("BENCH_CACHE", str(ROOT / "var" / "bench")),
    )
    return out


def commit_of(rev: str) -> str:
    """REV's short commit hash; ValueError when git knows no such commit."""
    try:
        return _git("rev-parse", "--short", "--verify", f"{rev}^{{commit}}")
    except subprocess.CalledProcessError:
        raise ValueError(f"--baseline: git knows no commit {rev!r}") from None


def prepare(rev: str, scale: str, bench_dir: Path) -> Baseline:
    """Check REV out and build (or reuse) its database; its bench's own log goes to a file."""
    commit = commit_of(rev)
    bench_dir = bench_dir.resolve()
    root = Path(tempfile.mkdtemp(prefix=f"baseline-{commit}-", dir=bench_dir)) / "tree"
    _git("worktree", "add", "--detach", str(root), commit)
    # The corpus's text is read from ../shared beside the tree (bench/text.py).
    (root.parent / "shared").symlink_to((ROOT.parent / "shared").resolve())
    own_dir = bench_dir / f"baseline-{commit}"
    out_dir = root / "var" / "bench-out"
    cmd = [sys.executable, "-m", "bench", "--scale", scale, "--engines", "tavolone"]
    cmd += [
        "--skip",
        "search",
        "--skip",
        "load",
        "--bench-dir",
        str(own_dir),
        "--out",
        str(out_dir),
    ]
    log = bench_dir / f"baseline-{commit}.log"
    try:
        with log.open("w") as f:
            subprocess.run(  # noqa: S603
                cmd, cwd=root, env=env(root, own_dir, scale), stdout=f, stderr=f, check=True
            )
        result = json.loads(next(out_dir.glob(f"{scale}-*.json")).read_text())
    except (subprocess.CalledProcessError, StopIteration) as exc:
        remove(root)
        raise RuntimeError(f"the baseline {rev} did not build its database: see {log}") from exc
    return Baseline(rev, commit, root, own_dir, result["queries"], result["urls"])


def remove(root: Path) -> None:
    subprocess.run(  # noqa: S603
        ["git", "worktree", "remove", "--force", str(root)],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
    )
    shutil.rmtree(root.parent, ignore_errors=True)
