"""URLs as logs may show them: without credentials (Redis URLs, and the API's access log)."""

import re
from urllib.parse import urlsplit

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
