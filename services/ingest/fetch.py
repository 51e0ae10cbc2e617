"""Fetch one page or feed for `newsflow publish URL`: the only network code in ingest.

Guards (the service fetches what users name): http(s) only, also after redirects (at most
`MAX_REDIRECTS`); the host is resolved first and every address it resolves to must be public,
unless `allow_private`; the socket then connects to the address that was checked (no second
lookup an attacker's DNS could answer differently); proxies from the environment are ignored;
a deadline of `timeout` seconds for the whole fetch; at most `max_bytes` of body.

The deadline covers everything after the name lookup: connecting, the TLS handshake, waiting
for and reading the headers, every redirect, the body. A socket timeout alone does not: it
bounds each read, and a server that trickles a byte now and then never trips it. So a timer
shuts the connection's socket down when the deadline passes, which ends whatever read is
blocked; the fetch then fails with `FetchTimeout`. (The name lookup itself is the resolver's:
it has its own timeouts and cannot be interrupted from Python.)
"""

import http.client
import ipaddress
import socket
import ssl
import threading
import urllib.error
import urllib.request
from functools import partial
from typing import IO, Any
from urllib.parse import urlsplit

MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


class FetchError(Exception):
    """The URL could not be fetched; the message says which URL and why."""


class UnsupportedUrl(FetchError):
    """Not an absolute http(s) URL."""


class BlockedAddress(FetchError):
    """The host resolves to a private, loopback, link-local or otherwise non-public address."""


class FetchTimeout(FetchError):
    """No complete answer within the timeout."""


class TooLarge(FetchError):
    """The body is larger than the limit."""


def fetch(
    url: str, *, timeout: float, max_bytes: int, allow_private: bool = False
) -> tuple[str, bytes]:
    """`(final URL, body bytes)` of `url`. Raises a `FetchError` subclass (see module doc)."""
    _check_scheme(url)
    deadline = _Deadline(timeout)
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTP(allow_private, deadline),
        _GuardedHTTPS(allow_private, deadline),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={"User-Agent": "newsflow-publish/0.1"})
    late = FetchTimeout(
        f"{url}: no complete answer within the {timeout:g} s deadline "
        "(headers and body included; NEWSFLOW_FETCH_TIMEOUT_S)"
    )
    try:
        with deadline, opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise TooLarge(f"{url}: {int(length):,} bytes, over the {max_bytes:,}-byte limit")
            body = bytearray()
            while chunk := response.read(_CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise TooLarge(f"{url}: more than the {max_bytes:,}-byte limit")
            if deadline.passed:  # the cut connection looked like the end of the body
                raise late
            return response.geturl(), bytes(body)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except (OSError, http.client.HTTPException, ssl.SSLError) as error:
        if deadline.passed or _timed_out(error):
            raise late from None
        reason = error.reason if isinstance(error, urllib.error.URLError) else error
        raise FetchError(f"{url}: {reason}") from None


def _timed_out(error: BaseException) -> bool:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, TimeoutError)


class _Deadline:
    """`with deadline:` arms a timer for `seconds`; when it fires, every socket registered with
    `track` is shut down (which ends a blocked read at once) and `passed` turns true."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.passed = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.passed:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> "_Deadline":
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:  # the plain socket call: an SSLSocket's own shutdown would tear down its TLS state
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed, or handed over to a TLS socket


#: NAT64's well-known prefix (RFC 6052): a gateway turns `64:ff9b::a.b.c.d` into `a.b.c.d`
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public(address: str) -> bool:
    """True for a globally routable address (not private, loopback, link-local, multicast,
    reserved, shared or unspecified). An IPv6 address that carries an IPv4 one is judged by it
    too: IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::`)
    and Teredo (server and client): a gateway on the way would deliver to that IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not (ip.is_global and not ip.is_multicast):
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        return all(is_public(str(inner)) for inner in _embedded_ipv4(ip))
    return True


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UnsupportedUrl(f"only absolute http(s) URLs can be fetched, not {url!r}")


def _connect(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
    *,
    allow_private: bool,
    deadline: _Deadline,
) -> socket.socket:
    """Resolve once, check every address, connect to a checked one."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not allow_private:
        blocked = sorted({str(info[4][0]) for info in infos if not is_public(str(info[4][0]))})
        if blocked:
            raise BlockedAddress(
                f"{host} resolves to non-public address {', '.join(blocked)}: refused "
                "(allow private addresses in the settings to fetch from your own network)"
            )
    family, kind, proto, _, sockaddr = infos[0]
    sock = socket.socket(family, kind, proto)
    deadline.track(sock)
    try:
        sock.settimeout(timeout)
        if source_address:
            sock.bind(source_address)
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, allow_private: bool, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = partial(_connect, allow_private=allow_private, deadline=deadline)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, allow_private: bool, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline
        self._create_connection = partial(_connect, allow_private=allow_private, deadline=deadline)

    def connect(self) -> None:
        super().connect()
        self._deadline.track(self.sock)  # the TLS socket that took over the plain one


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool, deadline: _Deadline) -> None:
        super().__init__()
        self._allow_private, self._deadline = allow_private, deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(
            _GuardedHTTPConnection, allow_private=self._allow_private, deadline=self._deadline
        )
        return self.do_open(connection, req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool, deadline: _Deadline) -> None:
        super().__init__(context=ssl.create_default_context())
        self._allow_private, self._deadline = allow_private, deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(
            _GuardedHTTPSConnection, allow_private=self._allow_private, deadline=self._deadline
        )
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        _check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
