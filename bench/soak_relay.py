"""The Elasticsearch outage of the soak: a loopback TCP relay between the site and the cluster.

Staging is started with ELASTICSEARCH_URL pointing at the relay (bench/soak.py --start); the
outage cuts it, the way a cluster that went away looks to the site: open connections are
reset, new ones are accepted and closed at once. Restoring it lets connections through again.
The site must answer search with 503 meanwhile, keep every page, and lose no index update.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

CHUNK = 65536


class Relay:
    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        if not parts.hostname:
            raise SystemExit(f"soak: ELASTICSEARCH_URL {target_url!r} names no host")
        default = 443 if parts.scheme == "https" else 9200
        self.target = (parts.hostname, parts.port or default)
        self._parts = parts
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._cut = threading.Event()
        self._closed = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True, name="relay-accept").start()

    @property
    def url(self) -> str:
        """ELASTICSEARCH_URL through the relay: same scheme, credentials and path. The relay
        passes bytes, so TLS stays end to end; a certificate checked by host name fails on the
        loopback address: pin it with ELASTICSEARCH_SSL_FINGERPRINT instead."""
        netloc = f"127.0.0.1:{self.port}"
        if self._parts.username:
            auth = self._parts.username + (
                f":{self._parts.password}" if self._parts.password else ""
            )
            netloc = f"{auth}@{netloc}"
        return urlunsplit(self._parts._replace(netloc=netloc))

    def begin(self) -> None:
        """The outage: reset every open connection, refuse new ones."""
        self._cut.set()
        with self._lock:
            for sock in list(self._open):
                _reset(sock)
            self._open.clear()

    def end(self) -> dict:
        self._cut.clear()
        return {}

    def close(self) -> None:
        self._closed.set()
        self.begin()
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._cut.is_set():
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._open.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(CHUNK):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.discard(src)
                self._open.discard(dst)
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()


def _reset(sock: socket.socket) -> None:
    """Close with a reset (SO_LINGER 0): the peer sees a dead connection, not a clean end."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
