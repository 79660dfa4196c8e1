"""Staging: the production topology of docs/deploy.md, on this machine, on loopback.

    python .ci/staging.py up        start it and wait until /healthz says ok (state in var/staging)
    python .ci/staging.py down      stop what `up` started
    python .ci/staging.py test ...  up, run tests/staging against it (extra args go to pytest), the
                                    soak smoke (bench/soak.py --smoke; STAGING_SOAK=0 skips), down

nginx (docs/deploy/nginx.conf, the file users deploy) in front of Varnish (docs/deploy/varnish.vcl,
the HTTP cache, purged by the site) in front of gunicorn with several workers, DEBUG=0,
PostgreSQL (DATABASE_URL, default the machine's at 127.0.0.1:5432, database tavolone_staging,
recreated each time; DATABASE_URL= empty for SQLite), Redis as the cache,
TASKS_BACKEND=database with the one background `worker` as its own process, SITE_URL set, and
email written to files that the tests read. Everything lives in var/staging/ and is rebuilt by
each `up`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STATE = ROOT / "var" / "staging"
PORT = int(os.environ.get("STAGING_PORT", "8480"))
APP_PORT = PORT + 1
CACHE_PORT = PORT + 2  # Varnish: HTTP (nginx's upstream, the site's PURGE and BAN)
CACHE_ADMIN_PORT = PORT + 3  # Varnish: its management interface (varnishadm)
URL = f"http://127.0.0.1:{PORT}"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/tavolone_staging"
CACHE_URL = os.environ.get("STAGING_CACHE_URL", "redis://127.0.0.1:6379/2")
WEB_WORKERS = int(os.environ.get("STAGING_WEB_WORKERS", "3"))
NGINX_MAIN = """\
user nobody nogroup;
worker_processes 1;
pid $state/nginx/nginx.pid;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $state/logs/nginx-access.log;
    client_body_temp_path $state/nginx/tmp/body;
    proxy_temp_path $state/nginx/tmp/proxy;
    fastcgi_temp_path $state/nginx/tmp/fastcgi;
    uwsgi_temp_path $state/nginx/tmp/uwsgi;
    scgi_temp_path $state/nginx/tmp/scgi;
    include $state/nginx/tavolone.conf;
}
"""


def database_url() -> str:
    """The environment's DATABASE_URL if set (empty: SQLite in var/staging), else PostgreSQL."""
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE)


def site_env() -> dict[str, str]:
    """The production environment of docs/deploy.md, pointed at this machine."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "STAGING_"))}
    env.update(
        DEBUG="0",
        DEMO_MODE="1",  # the journeys sign in as the demo users
        SECRET_KEY="staging-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=URL,
        CSRF_TRUSTED_ORIGINS=URL,
        SECURE_SSL_REDIRECT="0",  # no TLS on loopback; the proxy would redirect in production
        SECURE_HSTS_SECONDS="0",
        TRUSTED_PROXY_COUNT="2",  # nginx, then Varnish: each appends to X-Forwarded-For
        HTTP_CACHE_PURGE_URL=f"http://127.0.0.1:{CACHE_PORT}",
        DATABASE_URL=database_url(),
        CACHE_URL=CACHE_URL,
        TASKS_BACKEND="database",
        EMAIL_URL=f"file://{STATE / 'mail'}",
        TAVOLONE_VAR_DIR=str(STATE),
        STATIC_ROOT=str(STATE / "static"),
        MEDIA_ROOT=str(STATE / "media"),
        PRIVATE_MEDIA_ROOT=str(STATE / "private"),
        SENDFILE_MODE="nginx",
        SEARCH_TANTIVY_PATH=str(STATE / "search-tantivy"),  # the default engine's
        SEARCH_EMBEDDED_PATH=str(STATE / "search.sqlite3"),  # FTS5's (SEARCH_ENGINE names it)
        LOG_LEVEL="INFO",
        # Wagtail 8 autosaves a new page while its form is open; a submit while that first
        # autosave is in flight posts the page twice ("slug already in use"). Off in staging so
        # the journeys click like a person and never race it (production keeps Wagtail's 500 ms).
        WAGTAIL_AUTOSAVE_INTERVAL="0",
    )
    if not env["DATABASE_URL"]:
        del env["DATABASE_URL"]  # the embedded default: SQLite in TAVOLONE_VAR_DIR
    return env


def reset_services(env: dict[str, str]) -> None:
    """A clean database and cache for each run."""
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')


def write_nginx_config() -> None:
    nginx = STATE / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (nginx / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    (nginx / "tmp").chmod(0o1777)
    for sub in (nginx / "tmp").iterdir():
        sub.chmod(0o1777)
    (nginx / "cache").mkdir(exist_ok=True)
    (nginx / "cache").chmod(0o1777)
    values = {
        "LISTEN": f"127.0.0.1:{PORT}",
        "SERVER_NAME": "127.0.0.1 localhost",
        "APP": f"127.0.0.1:{CACHE_PORT}",  # Varnish, in front of gunicorn
        "MEDIA_ROOT": str(STATE / "media"),
        "PRIVATE_MEDIA_ROOT": str(STATE / "private"),
        "FORWARDED_PROTO": "$scheme",
    }
    (nginx / "tavolone.conf").write_text(fill(ROOT / "docs" / "deploy" / "nginx.conf", values))
    (nginx / "nginx.conf").write_text(Template(NGINX_MAIN).substitute(state=STATE))


def fill(path: Path, values: dict[str, str]) -> str:
    """`path` with ${NAME} filled in its directives only (the comments document them)."""
    lines = path.read_text().splitlines(keepends=True)
    return "".join(
        line
        if line.lstrip().startswith("#")
        else re.sub(r"\$\{([A-Z_]+)\}", lambda m: values[m.group(1)], line)
        for line in lines
    )


def write_varnish_config() -> list[str]:
    """docs/deploy/varnish.vcl filled in, and the varnishd command line that runs it."""
    varnish = STATE / "varnish"
    varnish.mkdir(exist_ok=True)
    vcl = varnish / "tavolone.vcl"
    vcl.write_text(
        fill(
            ROOT / "docs" / "deploy" / "varnish.vcl",
            {"APP_HOST": "127.0.0.1", "APP_PORT": str(APP_PORT)},
        )
    )
    listen, admin = f"127.0.0.1:{CACHE_PORT}", f"127.0.0.1:{CACHE_ADMIN_PORT}"
    return ["varnishd", "-F", "-n", str(varnish / "work"), "-f", str(vcl)] + (
        ["-a", listen, "-T", admin, "-s", "malloc,64m"]
    )


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def start(env: dict[str, str], name: str, argv: list[str]) -> int:
    log = open(STATE / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return proc.pid


def wait_healthy(seconds: float = 120) -> dict:
    deadline, last = time.monotonic() + seconds, {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(URL + "/healthz", timeout=5) as response:  # noqa: S310
                return json.load(response)
        except urllib.error.HTTPError as exc:
            last = json.load(exc) if exc.code == 503 else {"status": exc.code}
        except OSError as exc:
            last = {"status": str(exc)}
        time.sleep(1)
    raise SystemExit(f"staging did not become healthy in {seconds:.0f} s: {last}")


def up() -> None:
    if (STATE / "pids.json").exists():
        down()
    shutil.rmtree(STATE, ignore_errors=True)
    for sub in ("logs", "mail", "media", "private"):
        (STATE / sub).mkdir(parents=True, exist_ok=True)
    # nginx's workers (www-data) read media and write their cache below var/: a var/ made
    # earlier under umask 077 (Django's file cache creates its directories 0700) refuses them.
    for path in (ROOT / "var", STATE):
        path.chmod(path.stat().st_mode | 0o755)
    for program in ("nginx", "varnishd"):
        if not shutil.which(program):
            raise SystemExit(
                f"{program} is not installed: `make proxy` installs Debian's (as root)"
            )
    env = site_env()
    reset_services(env)
    write_nginx_config()
    varnishd = write_varnish_config()
    # Varnish starts after these, empty: nothing for their changes to purge.
    setup = {k: v for k, v in env.items() if k != "HTTP_CACHE_PURGE_URL"}
    manage(setup, "migrate", "--noinput", "-v", "0")
    manage(setup, "collectstatic", "--noinput", "-v", "0")
    manage(setup, "load_demo")
    manage(setup, "search_index", "rebuild")
    gunicorn = [str(BIN / "gunicorn"), "--pythonpath", "site", "tavolone.wsgi"]
    pids = {
        "gunicorn": start(
            env,
            "gunicorn",
            [*gunicorn, "--workers", str(WEB_WORKERS), "--bind", f"127.0.0.1:{APP_PORT}"]
            + ["--timeout", "30", "--graceful-timeout", "5"],
        ),
        "worker": start(
            env, "worker", [str(BIN / "python"), "manage.py", "worker", "--interval", "2"]
        ),
        "varnish": start(env, "varnish", varnishd),
        "nginx": start(
            env,
            "nginx",
            ["nginx", "-p", str(STATE / "nginx"), "-c", str(STATE / "nginx" / "nginx.conf")]
            + ["-e", str(STATE / "logs" / "nginx-error.log"), "-g", "daemon off;"],
        ),
    }
    (STATE / "pids.json").write_text(json.dumps(pids))
    try:
        health = wait_healthy()
    except SystemExit:
        for name in pids:
            print(f"--- {name}.log (end)", file=sys.stderr)
            print((STATE / "logs" / f"{name}.log").read_text()[-3000:], file=sys.stderr)
        down()
        raise
    print(f"staging is up at {URL}: {health['checks']}")


def down() -> None:
    path = STATE / "pids.json"
    if not path.exists():
        return
    pids = json.loads(path.read_text())
    for pid in pids.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)  # nginx: fast shutdown; gunicorn: graceful
    deadline = time.monotonic() + 15
    for pid in pids.values():
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
    path.unlink()
    print("staging stopped")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of ours that exited but was not reaped yet
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def test(pytest_args: list[str]) -> int:
    up()
    try:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(STAGING_URL=URL, STAGING_DIR=str(STATE))
        argv = [str(BIN / "pytest"), "-p", "no:xdist", "tests/staging", *pytest_args]
        code = subprocess.run(argv, cwd=ROOT, env=env).returncode
        if os.environ.get("STAGING_SOAK", "1") != "0":  # last: it kills and restarts processes
            print("=== Soak smoke: load with faults (bench/soak.py --smoke) ===", flush=True)
            soak = [str(BIN / "python"), "-m", "bench.soak", "--smoke"]
            code = subprocess.run(soak, cwd=ROOT, env=env).returncode or code
        return code
    finally:
        down()


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or ["help"]
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "test":
        sys.exit(test(rest))
    else:
        sys.exit(__doc__)
