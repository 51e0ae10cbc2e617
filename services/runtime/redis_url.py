"""Redis URLs as users write them, and as logs may show them (without credentials)."""

from urllib.parse import urlsplit, urlunsplit


def redact(url: str) -> str:
    """`url` with any user/password replaced by `***`, safe to log or print."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))
