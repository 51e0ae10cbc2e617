"""Suite-wide rules.

- Tests that need a shared Redis read NEWSFLOW_TEST_REDIS_URL. When it is unset and nothing
  answers on 127.0.0.1:6379, a private `redis-server` is started for the session, so the suite
  runs on a fresh machine with no Redis of its own (each test still uses its own key prefix;
  end-to-end tests start their own server).
- `local_cluster`: a private 3-primary Redis Cluster for the session, on loopback ports
  7100-7199 (reserved for it), from the `redis-server` the suite finds; tests that share it
  use their own keys, or `flush` it first (it is private: never the shared Redis).
- With NEWSFLOW_STRICT_SKIPS=1 (set by .ci/run) a skipped test fails instead: CI has Redis, the
  eval data in ../shared and the browser, so a skip there means something is missing.
"""

import os
import shutil
import socket
import tempfile

import pytest
from spacy.language import Language

from services.runtime.embedded import EmbeddedRedis, NoRedisServer, find_redis_server
from services.runtime.embedded_cluster import EmbeddedCluster

_session_redis: EmbeddedRedis | None = None


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_configure(config: pytest.Config) -> None:
    global _session_redis
    if os.environ.get("NEWSFLOW_TEST_REDIS_URL") or _answers("127.0.0.1", 6379):
        return
    try:
        _session_redis = EmbeddedRedis(tempfile.mkdtemp(prefix="newsflow-test-redis-"))
        os.environ["NEWSFLOW_TEST_REDIS_URL"] = _session_redis.start()
    except (NoRedisServer, RuntimeError):
        _session_redis = None  # Redis tests will skip, saying why


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_redis is not None:
        _session_redis.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    strict = os.environ.get("NEWSFLOW_STRICT_SKIPS") == "1"
    if strict and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under NEWSFLOW_STRICT_SKIPS=1: {reason}"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy model as the workers load it, once for every test that parses text."""
    from services.nlp.model import ModelNotInstalled, load_model

    try:
        return load_model()
    except ModelNotInstalled as error:
        pytest.skip(str(error))


def _cluster(folder: str, **shape: int) -> EmbeddedCluster:
    """On Debian's `redis-server` (7.x) when installed, else the one the suite finds (the
    single-node tests run on that one: so both versions are covered)."""
    try:
        binary = shutil.which("redis-server") or find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    cluster = EmbeddedCluster(folder, binary=binary, **shape)
    cluster.start()
    return cluster


@pytest.fixture(scope="session")
def local_cluster(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A 3-primary Redis Cluster on loopback, up for the whole session."""
    cluster = _cluster(str(tmp_path_factory.mktemp("cluster")))
    yield cluster
    cluster.stop()


@pytest.fixture
def replicated_cluster(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A 3+3 Redis Cluster (a replica per primary), for one test: failover tests kill nodes."""
    cluster = _cluster(str(tmp_path_factory.mktemp("replicated")), replicas=1)
    yield cluster
    cluster.stop()
