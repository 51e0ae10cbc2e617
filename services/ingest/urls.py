"""Canonical URLs: one spelling per article page, so the same page gets the same id. No I/O."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Query parameters that track the reader, not the page.
TRACKING_PARAMS = frozenset(
    "fbclid gclid dclid gbraid wbraid msclkid yclid twclid igshid mc_cid mc_eid _ga _gl "
    "ocid cmpid ito cid_source ref_src ref_url smid sr_share mkt_tok".split()
)
_TRACKING_PREFIXES = ("utm_", "pk_", "hsa_", "vero_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidUrl(ValueError):
    """Not an absolute http(s) URL."""


def canonical_url(url: str) -> str:
    """`url` in one canonical spelling.

    Scheme and host lower-cased, default port, fragment and tracking parameters (`utm_*`,
    `fbclid`, ...) dropped, the remaining parameters sorted, a trailing slash dropped (but
    `/` stays for the site root). Raises `InvalidUrl` for anything but absolute http(s).
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise InvalidUrl(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(f"bad port in {url!r}") from error
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    path = parts.path.rstrip("/") or "/"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(_TRACKING_PREFIXES)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def identity_of(url: str) -> str:
    """What two spellings of one page share: the canonical URL without its scheme (the same
    page is often linked over both http and https)."""
    return canonical_url(url).split("://", 1)[1]
