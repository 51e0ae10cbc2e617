"""Fetch one page or feed for `newsflow publish URL`: the only network code in ingest.

Guards (the service fetches what users name): http(s) only, also after redirects (at most
`MAX_REDIRECTS`); the host is resolved first and every address it resolves to must be public,
unless `allow_private`; the socket then connects to the address that was checked (no second
lookup an attacker's DNS could answer differently); proxies from the environment are ignored;
a deadline of `timeout` seconds for the whole fetch; at most `max_bytes` of body.
"""

import http.client
import ipaddress
import socket
import ssl
import time
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
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTP(allow_private),
        _GuardedHTTPS(allow_private),
        _Redirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "newsflow-publish/0.1"})
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise TooLarge(f"{url}: {int(length):,} bytes, over the {max_bytes:,}-byte limit")
            body = bytearray()
            while chunk := response.read(_CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise TooLarge(f"{url}: more than the {max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    raise FetchTimeout(f"{url}: not complete after {timeout:g} s")
            return response.geturl(), bytes(body)
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise FetchTimeout(f"{url}: no answer within {timeout:g} s") from None
        raise FetchError(f"{url}: {error.reason}") from None
    except TimeoutError:
        raise FetchTimeout(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(f"{url}: {error}") from None


def is_public(address: str) -> bool:
    """True for a globally routable address (not private, loopback, link-local, multicast,
    reserved, shared or unspecified); IPv4-mapped IPv6 is judged as the IPv4 it carries."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


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
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = partial(_connect, allow_private=allow_private)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, allow_private: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = partial(_connect, allow_private=allow_private)


class _GuardedHTTP(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._allow_private = allow_private

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(_GuardedHTTPConnection, allow_private=self._allow_private)
        return self.do_open(connection, req)


class _GuardedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__(context=ssl.create_default_context())
        self._allow_private = allow_private

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(_GuardedHTTPSConnection, allow_private=self._allow_private)
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
