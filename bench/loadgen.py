"""A small pure-Python load generator: the fallback when wrk is not installed.

Threads with keep-alive connections (http.client), like wrk's connections; slower than wrk, so
the numbers it gives are a lower bound (the report names the tool used).
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlsplit

from bench.search_bench import percentiles


def run(url: str, connections: int, seconds: float) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    stats = percentiles(latencies) if len(latencies) > 1 else {"p50": 0.0, "p99": 0.0}
    return {
        "requests": len(latencies),
        "duration_us": int(elapsed * 1e6),
        "errors": errors[0],
        "status_errors": errors[0],
        "p50_ms": stats["p50"],
        "p99_ms": stats["p99"],
    }
