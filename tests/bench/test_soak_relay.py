"""The relay the soak cuts for the Elasticsearch outage, against a loopback HTTP server."""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.soak_relay import Relay


class Cluster(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the outage must reset open connections too

    def do_GET(self):
        body = b'{"cluster_name": "soak"}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def relay():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Cluster)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    relay = Relay(f"http://elastic:secret@127.0.0.1:{server.server_port}/prefix")
    yield relay
    relay.close()
    server.shutdown()


def get(conn: http.client.HTTPConnection) -> bytes:
    conn.request("GET", "/")
    return conn.getresponse().read()


def test_the_relay_passes_requests_until_cut_and_again_once_restored(relay):
    assert relay.url == f"http://elastic:secret@127.0.0.1:{relay.port}/prefix"
    open_conn = http.client.HTTPConnection("127.0.0.1", relay.port, timeout=5)
    assert get(open_conn) == b'{"cluster_name": "soak"}'
    relay.begin()
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        get(open_conn)  # the kept-alive connection was reset
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        get(http.client.HTTPConnection("127.0.0.1", relay.port, timeout=5))
    relay.end()
    assert get(http.client.HTTPConnection("127.0.0.1", relay.port, timeout=5)).startswith(b"{")


def test_a_url_without_a_host_is_refused_with_the_reason():
    with pytest.raises(SystemExit, match="names no host"):
        Relay("elasticsearch")
