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
import statistics
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
    """SQL queries of a page view and its status: an anonymous visitor's first view (the facts
    the site keeps in its cache not yet there), the second (caches warm) and a signed-in
    coworker's second view. Views all: the site's page cache is off (a stored page runs none)."""
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from tavolone.pagecache.tags import store

    coworker = get_user_model().objects.filter(is_staff=False, is_active=True).order_by("pk")[0]
    out = {}
    for name, url in urls.items():
        anonymous = Client(HTTP_HOST="localhost")
        signed_in = Client(HTTP_HOST="localhost")
        signed_in.force_login(coworker)
        with override_settings(SITE_CACHE=False):
            store().clear()  # (the facts kept for views, and their tags' generations)
            first, _ = _count(anonymous, url)
            second, response = _count(anonymous, url)
            _count(signed_in, url)
            member, member_response = _count(signed_in, url)
        out[name] = {
            "status": response.status_code,
            "queries": second,
            "first_view": first,
            "coworker": member,
            "coworker_status": member_response.status_code,
        }
    return out


def _count(client, url: str) -> tuple[int, object]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # The log keeps the last 9,000 queries: once the search step has filled it, a capture
    # counts 0 (its length no longer grows): a large run of two engines counted 0 everywhere.
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(ctx.captured_queries), response


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(root: Path, static_root: str, extra: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        DEMO_MODE="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback
        STATIC_ROOT=static_root,
        PYTHONPATH=os.pathsep.join([str(root / "site"), str(root)]),
    )
    env.update(extra)
    return env


def _workers(master: int) -> list[int]:
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def _wait_up(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
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


# The servers of a run, measured in turns on each page: the page uncached (nothing kept: every
# request renders it from the database), the views (the site cache off: every request runs the
# view, as a cache miss or a signed-in reader does, with the facts and fragments it keeps), the
# stored pages (the site cache on, no HTTP cache in front; its warm-up stores the page) and, with
# --baseline, the views of another revision.
OURS = {
    "uncached": {"SITE_CACHE": "0", "SITE_CACHE_DATA": "0"},
    "views": {"SITE_CACHE": "0"},
    "stored": {"SITE_CACHE": "1"},
}


class _Server:
    def __init__(self, root: Path, env: dict[str, str], workers: int) -> None:
        self.root, self.env = root, env
        self.base = f"http://127.0.0.1:{_free_port()}"
        bind = self.base.removeprefix("http://")
        cmd = [sys.executable, "-m", "gunicorn", "tavolone.wsgi:application"]
        cmd += ["-w", str(workers), "-b", bind, "--log-level", "warning"]
        self.proc = subprocess.Popen(cmd, env=env, cwd=root)  # noqa: S603

    def cpu_seconds(self) -> float:
        """CPU time (user + system) its workers spent so far: the work per request, whatever
        else the machine runs (a worker restarted meanwhile would make it smaller)."""
        total = 0
        for pid in _workers(self.proc.pid):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        return total / os.sysconf("SC_CLK_TCK")

    def rss(self) -> dict[str, float]:
        rss = [peak_rss_mb(pid) for pid in _workers(self.proc.pid)]
        return {"max": max(rss, default=0.0), "sum": round(sum(rss), 1)}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _collectstatic(root: Path, env: dict[str, str]) -> None:
    cmd = [sys.executable, str(root / "manage.py"), "collectstatic", "--noinput", "-v0"]
    subprocess.run(cmd, env=env, check=True, cwd=root)  # noqa: S603


def _window(server: _Server, url: str, seconds: float, connections: int) -> dict:
    cpu = server.cpu_seconds()
    result = _load(server.base + url, connections, seconds)
    window = seconds
    while result["requests"] == 0 and window < 8 * seconds:
        # A window shorter than one response (a starved machine) counts nothing: widen it
        # rather than report 0 req/s.
        window *= 2
        result = _load(server.base + url, connections, window)
    return {
        **result,
        "cpu_s": server.cpu_seconds() - cpu,
        "load_average": os.getloadavg()[0],  # the machine's, other jobs included
    }


def _row(windows: list[dict]) -> dict:
    """One page on one server over its rounds: req/s over all of them, the median round's p50,
    the worst round's p99."""
    requests = sum(w["requests"] for w in windows)
    duration = sum(w["duration_us"] for w in windows) / 1e6
    return {
        "req_s": round(requests / duration, 1) if duration else 0.0,
        "p50_ms": round(statistics.median(w["p50_ms"] for w in windows), 1),
        "p99_ms": round(max(w["p99_ms"] for w in windows), 1),
        "requests": requests,
        "errors": sum(w["errors"] for w in windows),
        "cpu_ms_per_request": round(sum(w["cpu_s"] for w in windows) * 1000 / requests, 2)
        if requests
        else None,
        "load_average": round(statistics.mean(w["load_average"] for w in windows), 2),
        "rounds_req_s": [round(w["requests"] / (w["duration_us"] / 1e6), 1) for w in windows],
    }


def measure_in_turns(
    servers: dict[str, _Server], url: str, seconds: float, connections: int, rounds: int
) -> dict[str, dict]:
    """One page on every server: each warmed (a fifth of `seconds`: templates, caches, SQLite
    pages, the stored copy), then `rounds` windows of `seconds / rounds` each, the servers in
    turns and their order reversed every round, so that a burst of other jobs on the machine
    falls on all of them alike."""
    for server in servers.values():
        _load(server.base + url, connections, max(1.0, seconds / 5))
    windows: dict[str, list[dict]] = {name: [] for name in servers}
    order = list(servers)
    for _ in range(rounds):
        for name in order:
            windows[name].append(_window(servers[name], url, seconds / rounds, connections))
        order.reverse()
    return {name: _row(w) for name, w in windows.items()}


def under_load(
    urls: dict[str, str],
    seconds: float,
    connections: int,
    workers: int,
    rounds: int = 1,
    baseline=None,
) -> dict:
    """req/s, p50/p99 and errors per page and server under gunicorn; peak RSS of the workers.
    `baseline` (bench.baseline.Baseline) adds its views, served from its own tree and database."""
    if not WRK:
        print(
            "[bench] wrk not found: using bench.loadgen, a pure-Python load generator (its numbers "
            "are a lower bound). `apt-get install wrk` for the reference tool.",
            flush=True,
        )
    tmp = Path(tempfile.mkdtemp(prefix="serve-", dir=os.environ.get("BENCH_DIR")))
    specs = {
        name: (ROOT, {**extra, "BENCH_PAGES_DIR": str(tmp / f"pages-{name}")})
        for name, extra in OURS.items()
    }
    if baseline is not None:
        from bench import baseline as bl

        scale = os.environ.get("BENCH_SCALE", "small")
        # Its views: a revision with a site cache of its own would otherwise serve stored pages.
        extra = {**bl.env(baseline.root, baseline.bench_dir, scale), "SITE_CACHE": "0"}
        specs["baseline"] = (baseline.root, extra)
    servers: dict[str, _Server] = {}
    try:
        envs = {}
        for name, (root, extra) in specs.items():
            static = str(tmp / ("static-baseline" if name == "baseline" else "static"))
            envs[name] = _server_env(root, static, extra)
            if name in ("views", "baseline"):  # (uncached and stored: the views' tree)
                _collectstatic(root, envs[name])
        # One after the other, each once its static files are collected (read on start): a
        # dozen workers importing Django at once on a loaded machine outlast any timeout.
        for name, (root, _extra) in specs.items():
            servers[name] = _Server(root, envs[name], workers)
            _wait_up(servers[name].base + "/", servers[name].proc)
        rows: dict[str, dict] = {}
        for page, url in urls.items():
            rows[page] = measure_in_turns(servers, url, seconds, connections, rounds)
            print(f"[bench]   {page}: " + json.dumps(rows[page]), flush=True)
        rss = {name: server.rss() for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return {
        "tool": "wrk" if WRK else "bench.loadgen (pure Python; wrk not found)",
        "connections": connections,
        "seconds_per_page": seconds,
        "rounds": rounds,
        "workers": workers,
        "servers": {
            "uncached": "this tree, SITE_CACHE=0 SITE_CACHE_DATA=0 (nothing kept: every "
            "request renders the page from the database)",
            "views": "this tree, SITE_CACHE=0 (the view, with the facts and fragments it keeps)",
            "stored": "this tree, SITE_CACHE=1 (the site cache, no HTTP cache in front)",
            **(
                {"baseline": f"revision {baseline.commit}: its views, its own database"}
                if baseline is not None
                else {}
            ),
        },
        "pages": rows,
        "worker_peak_rss_mb": rss,
    }
