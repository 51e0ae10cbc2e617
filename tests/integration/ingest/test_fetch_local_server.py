"""`fetch` against a real HTTP server on 127.0.0.1 (no other address is ever contacted)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from services.ingest.fetch import BlockedAddress, FetchError, FetchTimeout, TooLarge, fetch
from services.ingest.sources import Payload, parse_file

FEED = (
    Path(__file__).resolve().parents[2] / "fixtures" / "ingest" / "metro_desk.atom"
).read_bytes()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        routes = {
            "/feed/": (200, [("Content-Type", "application/atom+xml")], FEED),
            "/big": (200, [("Content-Type", "text/plain")], b"x" * 50_000),
            "/missing": (404, [], b"no"),
            "/to-feed": (302, [("Location", "/feed/")], b""),
            "/to-file": (302, [("Location", "file:///etc/passwd")], b""),
            "/to-ftp": (302, [("Location", "ftp://127.0.0.1/x")], b""),
        }
        if self.path == "/slow":
            time.sleep(2)
        status, headers, body = routes.get(self.path, (200, [], b"late"))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_feed_is_fetched_and_parsed_when_private_addresses_are_allowed(server):
    name, data = fetch(f"{server}/feed/", timeout=5, max_bytes=1_000_000, allow_private=True)
    assert name == f"{server}/feed/" and data == FEED
    assert len([item for item in parse_file(name, data) if isinstance(item, Payload)]) == 2


def test_loopback_is_refused_unless_allowed(server):
    with pytest.raises(BlockedAddress, match="127.0.0.1"):
        fetch(f"{server}/feed/", timeout=5, max_bytes=1_000_000)


def test_localhost_by_name_is_refused_too(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress):
        fetch(f"http://localhost:{port}/feed/", timeout=5, max_bytes=1_000_000)


def test_redirects_are_followed_and_report_the_final_url(server):
    name, data = fetch(f"{server}/to-feed", timeout=5, max_bytes=1_000_000, allow_private=True)
    assert name == f"{server}/feed/" and data == FEED


@pytest.mark.parametrize("path", ["/to-file", "/to-ftp"])
def test_redirects_to_other_schemes_are_refused(server, path):
    with pytest.raises(FetchError):
        fetch(f"{server}{path}", timeout=5, max_bytes=1_000_000, allow_private=True)


def test_body_over_the_limit_is_refused(server):
    with pytest.raises(TooLarge):
        fetch(f"{server}/big", timeout=5, max_bytes=10_000, allow_private=True)


def test_http_error_status_is_an_error_naming_it(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", timeout=5, max_bytes=1_000, allow_private=True)


def test_slow_server_times_out(server):
    with pytest.raises(FetchTimeout):
        fetch(f"{server}/slow", timeout=0.5, max_bytes=1_000, allow_private=True)


class Trickler:
    """A raw TCP server on 127.0.0.1 that answers too slowly in one of three ways: `body` sends
    the headers, then one body byte every 0.3 s; `headers` sends the status line and headers one
    byte every 0.3 s; `silent` accepts and sends nothing. Each connection ends after 30 s."""

    def __init__(self, mode: str) -> None:
        import socket

        self.mode = mode
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/slow"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
        with conn:
            conn.settimeout(1)
            try:
                conn.recv(4096)
                if self.mode == "body":
                    conn.sendall(head)
                drip = head if self.mode == "headers" else b"x" * 1000
                deadline = time.monotonic() + 30
                for byte in drip:
                    if self.mode == "silent" or time.monotonic() > deadline:
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(0.3)
                if self.mode == "silent":
                    time.sleep(30)
            except OSError:
                return  # the client gave up

    def close(self) -> None:
        self.sock.close()


@pytest.mark.parametrize("mode", ["body", "headers", "silent"])
def test_the_deadline_covers_the_whole_request_headers_included(mode):
    """A socket timeout bounds each read; a server sending a byte every 0.3 s never trips it.
    The deadline is for the whole answer and the message says so."""
    server = Trickler(mode)
    started = time.monotonic()
    try:
        with pytest.raises(FetchTimeout, match=r"within the 1 s deadline \(headers and body"):
            fetch(server.url, timeout=1.0, max_bytes=1_000_000, allow_private=True)
    finally:
        server.close()
    assert time.monotonic() - started < 2.0
