"""A web worker's topic views survive its exit: gunicorn ends a worker with sys.exit, and the
process hands its last counts to the shared cache before it is gone."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import sys; sys.path.insert(0, 'site'); import django; django.setup(); "


def _python(code: str, var_dir: Path) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter, our own code)
        [sys.executable, "-c", SETUP + code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "tavolone.settings",
            "TAVOLONE_VAR_DIR": str(var_dir),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_worker_that_exits_hands_its_last_views_over(tmp_path):
    _python(
        "from tavolone.pagecache import views; [views.count_view(42) for _ in range(3)]; "
        "sys.exit(0)",  # at once: well before the one-second batch is due
        tmp_path,
    )
    counted = _python(
        "from tavolone.pagecache import tags, views; "
        "print(tags.store().get(views._counter(1, 42)))",
        tmp_path,
    )
    assert counted == "3"
