"""Redis URLs checked before use, and URLs as logs may show them: without credentials (Redis
URLs, and the API's access log)."""

import re
from urllib.parse import urlsplit

from redis.connection import parse_url

from services.runtime.cluster import split_nodes

#: query parameters that carry a secret (redis-py reads `?password=`; the others are for
#: proxies and wrappers that accept them)
_SECRET_PARAM = re.compile(r"(?i)^(password|passwd|pass|pwd|secret|token|auth|.*_password)$")


def redact(url: str) -> str:
    """`url` with any user/password replaced by `***`, safe to log or print: the userinfo
    (`redis://user:pw@host`) and secret query parameters (`?password=pw`)."""
    netloc = urlsplit(url).netloc
    if "@" in netloc:
        url = url.replace(netloc, f"***@{netloc.rpartition('@')[2]}", 1)
    base, sep, query = url.partition("?")
    return base + sep + redact_query(query) if sep else base


def redact_query(query: str) -> str:
    """A URL's query string with the values of secret parameters replaced by `***`."""
    return "&".join(map(_redact_param, query.split("&")))


def _redact_param(param: str) -> str:
    name, sep, _value = param.partition("=")
    return f"{name}=***" if sep and _SECRET_PARAM.match(name) else param


class BadRedisUrl(ValueError):
    """A Redis URL that no client can use; the message shows it (redacted) and says why."""


def check_redis_url(url: str, given_as: str = "the Redis URL") -> str:
    """`url` when a Redis client can use it: `redis://`, `rediss://` (TLS) or `unix://`, a
    numeric port in range, a numeric database, well-formed options. Else `BadRedisUrl`, its
    message naming the URL as `given_as` (`--redis-url`, `NEWSFLOW_REDIS_URL`), redacted."""
    shown = f"{given_as} {redact(url)!r}"
    try:  # a Redis Cluster may be named by several nodes: each must be host:port
        first = split_nodes(url).url
    except ValueError as error:
        raise BadRedisUrl(f"{shown} is no Redis URL: {error} (redis://h1:7000,h2:7001/0)") from None
    if first != url:
        check_redis_url(first, given_as)
        if urlsplit(url).scheme == "unix":
            raise BadRedisUrl(f"{shown} is no Redis URL: a unix socket names one node")
        return url
    try:  # redis-py's own reading of it, its options included
        parse_url(url)
    except ValueError as error:
        reason = str(error)
        if "schemes" in reason:
            reason = "it must start with redis://, rediss:// (TLS) or unix://"
        raise BadRedisUrl(f"{shown} is no Redis URL: {reason}") from None
    parts = urlsplit(url)
    database = parts.path.strip("/")
    if parts.scheme != "unix" and database and not database.isdigit():
        raise BadRedisUrl(
            f"{shown} is no Redis URL: the database {database!r} is not a number "
            "(redis://host:6379/0)"
        )
    return url
