"""Whether a Redis URL names a Redis Cluster, and its nodes.

A cluster is named either by a URL that lists several nodes,
`redis://[user:pass@]host1:7000,host2:7001,host3:7002/0`, or by the URL of any one node: the
server itself says it is clustered (`INFO cluster` -> `cluster_enabled:1`), asked once per URL
and process. Either way every command (workers, `publish`, `tail`, `api`, `rebuild`, `export`,
`bench`) gets its clients from `services.runtime.broker`, which asks `is_cluster` here: there
is one code path, not one per command.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import redis

#: a node's reply, cached per URL for the life of the process
_known: dict[str, bool] = {}


@dataclass(frozen=True)
class Nodes:
    """`url`: the first node's URL (credentials, database and options kept); `others`: the
    further nodes the URL listed, as (host, port)."""

    url: str
    others: tuple[tuple[str, int], ...] = ()


def split_nodes(url: str) -> Nodes:
    """`redis://h1:1,h2:2/0` -> Nodes('redis://h1:1/0', (('h2', 2),)); a one-node URL as is.
    Raises ValueError naming a node that has no numeric port."""
    parts = urlsplit(url)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if "," not in hosts:
        return Nodes(url)
    listed = [host.strip() for host in hosts.split(",") if host.strip()]
    others = []
    for node in listed[1:]:
        host, colon, port = node.rpartition(":")
        if not colon or not port.isdigit() or not host:
            raise ValueError(f"the node {node!r} is not host:port")
        others.append((host, int(port)))
    first = urlunsplit(parts._replace(netloc=f"{userinfo}{at}{listed[0]}"))
    return Nodes(first, tuple(others))


def _cluster_enabled(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        info = client.info("cluster")
    finally:
        client.close()
    return bool(int(info.get("cluster_enabled", 0)))  # type: ignore[union-attr]


def is_cluster(url: str) -> bool:
    """True for a URL listing several nodes, or a node that says it is clustered. A server
    that does not answer counts as one plain node (not cached: asked again next time)."""
    nodes = split_nodes(url)
    if nodes.others:
        return True
    if url not in _known:
        try:
            _known[url] = _cluster_enabled(nodes.url)
        except (redis.RedisError, OSError):
            return False
    return _known[url]
