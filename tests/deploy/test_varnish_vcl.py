"""docs/deploy/varnish.vcl itself, in Debian's varnishtest (a real varnishd and a scripted site):
what it keeps, per language, and what a BAN by tag and a PURGE by URL drop (varnish.vtc)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VARNISHTEST = shutil.which("varnishtest")


@pytest.mark.skipif(VARNISHTEST is None, reason="no varnish: `make proxy` installs Debian's")
def test_the_vcl_keeps_pages_per_language_and_drops_exactly_what_is_banned(tmp_path):
    lines = (ROOT / "docs" / "deploy" / "varnish.vcl").read_text().splitlines()
    vcl = "\n".join(line for line in lines if not line.lstrip().startswith("#"))  # ${NAME}s
    vcl = vcl.replace("${APP_HOST}", "${s1_addr}").replace("${APP_PORT}", "${s1_port}")
    script = (Path(__file__).parent / "varnish.vtc").read_text().replace("${VCL}", vcl)
    (tmp_path / "varnish.vtc").write_text(script)
    run = subprocess.run(  # noqa: S603 (our own script)
        [VARNISHTEST, "-q", str(tmp_path / "varnish.vtc")], capture_output=True, text=True
    )
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
