"""Page serving: SQL queries per view (in-process) and throughput under gunicorn (subprocess).

The server runs production-like: DEBUG off, a SECRET_KEY, ALLOWED_HOSTS, static files collected
into a temporary STATIC_ROOT and served by WhiteNoise, the bench's SQLite database.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.rebuild import peak_rss_mb

ROOT = Path(__file__).absolute().parent.parent
# BENCH_LOADGEN=python forces the pure-Python generator (what a machine without wrk uses).
WRK = None if os.environ.get("BENCH_LOADGEN") == "python" else shutil.which("wrk")


def pages() -> dict[str, str]:
    """The URLs of the pages under test, found in the bench database."""
    from django.urls import reverse
    from machina.core.db.models import get_model

    from community.models import NewsIndexPage, NewsPage, SpaceIndexPage, SpacePage

    Forum = get_model("forum", "Forum")
    Topic = get_model("forum_conversation", "Topic")
    forum = Forum.objects.get(slug="discussioni-1")
    topic = Topic.objects.filter(forum=forum, posts_count__gte=100).order_by("pk").first()
    return {
        "home": "/",
        "space directory": SpaceIndexPage.objects.get().url,
        "space page": SpacePage.objects.live().order_by("pk").first().url,
        "news index": NewsIndexPage.objects.get().url,
        "article": NewsPage.objects.live().order_by("-date", "pk").first().url,
        "forum index": reverse("forum:index"),
        "a forum": reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
        "topic (100 posts)": reverse(
            "forum_conversation:topic",
            kwargs={
                "forum_slug": forum.slug,
                "forum_pk": forum.pk,
                "slug": topic.slug,
                "pk": topic.pk,
            },
        ),
        "search results": "/cerca/?q=parola",
    }


def query_counts(urls: dict[str, str]) -> dict[str, dict]:
    """SQL queries of one anonymous page view (the second, caches warm), and its status. The
    view itself: the site's page cache (tavolone/pagecache) would serve the second from store."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, url in urls.items():
        client = Client(HTTP_HOST="localhost")
        with override_settings(SITE_CACHE=False):
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
        out[name] = {"status": response.status_code, "queries": len(ctx.captured_queries)}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        DEMO_MODE="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
        # Views, not stored pages: comparable with the peers, which store none (a run with the
        # page cache on is `SITE_CACHE=1 make bench`).
        SITE_CACHE=os.environ.get("SITE_CACHE", "0"),
        STATIC_ROOT=static_root,
        PYTHONPATH=os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
    )
    return env


def _workers(master: int) -> list[int]:
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _wait_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=5).read()  # noqa: S310 (our loopback server)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def _load(url: str, connections: int, seconds: float) -> dict:
    if WRK:
        script = str(Path(__file__).with_name("report.lua"))
        duration = f"-d{max(1, round(seconds))}s"
        cmd = [WRK, "-t2", f"-c{connections}", duration, "--timeout", "30s", "-s", script, url]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout  # noqa: S603
        return json.loads(out.strip().splitlines()[-1])
    from bench import loadgen

    return loadgen.run(url, connections, seconds)


def under_load(urls: dict[str, str], seconds: float, connections: int, workers: int) -> dict:
    """req/s, p50/p99 and errors per page under gunicorn; peak RSS of the workers."""
    if not WRK:
        print(
            "[bench] wrk not found: using bench.loadgen, a pure-Python load generator (its numbers "
            "are a lower bound). `apt-get install wrk` for the reference tool.",
            flush=True,
        )
    python = sys.executable
    tmp = tempfile.mkdtemp(prefix="static-", dir=os.environ.get("BENCH_DIR"))
    env = _server_env(tmp)
    try:
        subprocess.run(  # noqa: S603
            [python, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            cwd=ROOT,
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = [python, "-m", "gunicorn", "tavolone.wsgi:application"]
        proc = subprocess.Popen(  # noqa: S603
            [*gunicorn, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        try:
            _wait_up(base + "/", proc)
            rows = {}
            for name, url in urls.items():
                # Warm every worker on this page first (templates, caches, SQLite pages).
                _load(base + url, connections, max(1.0, seconds / 5))
                result = _load(base + url, connections, seconds)
                window = seconds
                while result["requests"] == 0 and window < 8 * seconds:
                    # A window shorter than one response (a starved machine) counts nothing:
                    # widen it rather than report 0 req/s.
                    window *= 2
                    result = _load(base + url, connections, window)
                duration = result["duration_us"] / 1e6
                rows[name] = {
                    "req_s": round(result["requests"] / duration, 1) if duration else 0.0,
                    "p50_ms": round(result["p50_ms"], 1),
                    "p99_ms": round(result["p99_ms"], 1),
                    "requests": result["requests"],
                    "errors": result["errors"],
                }
            rss = [peak_rss_mb(pid) for pid in _workers(proc.pid)]
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "tool": "wrk" if WRK else "bench.loadgen (pure Python; wrk not found)",
        "connections": connections,
        "seconds_per_page": seconds,
        "workers": workers,
        "pages": rows,
        "worker_peak_rss_mb": {"max": max(rss, default=0.0), "sum": round(sum(rss), 1)},
    }
