"""Browser fixtures: Playwright (sync API) driving Debian's chromium against a real server.

A plugin of tests/conftest.py, so every module shares one Playwright and one chromium per worker
(two sync Playwright instances in one thread fail).

The server is started once per session the way `make run` does it (migrate, load_demo,
search_index rebuild, worker --once), then served by gunicorn with two workers on a free
loopback port, on its own SQLite database in a temporary folder: the browser sees exactly what a
visitor of the demo sees, and loading the demo once keeps the suite quick. Playwright's browser
download cannot work here, so we launch /usr/bin/chromium (`make browser` installs it as root);
without it the browser tests skip and say why.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread while the browser is open; Django
# would then refuse ORM calls of other tests on this worker as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing leaves this machine: every host name but loopback's fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
MAKE_RUN_STEPS = (
    ["migrate", "--noinput", "-v", "0"],
    ["load_demo"],
    ["search_index", "rebuild"],
    ["worker", "--once"],
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own loopback server)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The base URL of the demo network served by gunicorn, set up like `make run`."""
    var = tmp_path_factory.mktemp("demo-var")
    env = {**os.environ, "TAVOLONE_VAR_DIR": str(var), "DEBUG": "1", "DEMO_MODE": "1"}
    for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "CACHE_URL", "TASKS_BACKEND"):
        env.pop(name, None)  # the embedded defaults: this server is the visitor's demo
    for step in MAKE_RUN_STEPS:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"manage.py {' '.join(step)}:\n{done.stdout}{done.stderr}"
    port = _free_port()
    log = open(var / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(  # noqa: S603 (fixed arguments)
        [sys.executable, "-m", "gunicorn", "--pythonpath", "site", "tavolone.wsgi"]
        + ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no browser at {CHROMIUM}: run `make browser` as root to install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, base_url, viewport):
    # An English browser on purpose: the site must still answer in Italian (Italian first).
    context = browser.new_context(base_url=base_url, viewport=viewport, locale="en-US")
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, demo_server):
    context, page = _new_page(browser, demo_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone(browser, demo_server):
    context, page = _new_page(browser, demo_server, PHONE)
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots_dir():
    """Screenshots land here and stay after the run, so a person can look at them."""
    path = Path(os.environ.get("SCREENSHOT_DIR") or tempfile.gettempdir()) / "tavolone-shots"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
