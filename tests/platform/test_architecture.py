"""Who may import whom (docs/architecture.md): import-linter's contracts in pyproject.toml."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)])}
    return subprocess.run(  # noqa: S603 (our own virtualenv's tool)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_import_keeps_the_contracts_in_pyproject():
    result = lint_imports()
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_an_import_against_a_contract_fails_the_check(tmp_path):
    # The forum does use the platform's helpers (tavolone.home.services): forbidding it must fail.
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["tavolone", "forum"]\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "forum uses no platform helper"\ntype = "forbidden"\n'
        'source_modules = ["forum"]\nforbidden_modules = ["tavolone.home"]\n'
    )
    result = lint_imports("--config", str(config))
    assert result.returncode == 1
    assert "forum uses no platform helper BROKEN" in " ".join(result.stdout.split())
