"""`newsflow publish` with real files and a URL served on loopback."""

import functools
import http.server
import os
import threading
from collections.abc import Iterator

import orjson
import pytest

from tests.e2e.conftest import REPO, bodies
from tests.e2e.test_connections import newsflow

pytestmark = [pytest.mark.redis, pytest.mark.slow]

FIXTURES = REPO / "tests" / "fixtures" / "ingest"


@pytest.fixture
def web_server() -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.func.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_url_is_fetched_and_published_when_private_addresses_are_allowed(
    redis_server, redis, web_server
):
    env = {
        **os.environ,
        "NEWSFLOW_REDIS_URL": redis_server.url,
        "NEWSFLOW_FETCH_ALLOW_PRIVATE": "1",
    }
    result = newsflow("publish", f"{web_server}/ferry_story.html", env=env)
    assert result.returncode == 0, result.stderr
    (body,) = bodies(redis, "articles.raw")
    payload = orjson.loads(body)  # the page goes out as fetched; ingest extracts its text
    assert payload["url"] == f"{web_server}/ferry_story.html"
    assert "<html" in payload["html"]


def test_a_loopback_url_is_refused_by_default_with_the_reason(redis_server, redis, web_server):
    env = {**os.environ, "NEWSFLOW_REDIS_URL": redis_server.url}
    result = newsflow("publish", f"{web_server}/ferry_story.html", env=env)
    assert result.returncode == 1
    assert f"rejected {web_server}/ferry_story.html:" in result.stderr
    assert redis.xlen("articles.raw") == 0 if redis.exists("articles.raw") else True


def test_a_folder_of_mixed_files_publishes_the_good_and_names_each_bad_one(redis_server, redis):
    env = {**os.environ, "NEWSFLOW_REDIS_URL": redis_server.url}
    result = newsflow("publish", str(FIXTURES), env=env)
    assert result.returncode == 1  # the fixtures include bad lines and binary files on purpose
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected ")]
    assert rejected and all(": " in line for line in rejected)
    assert result.stdout == ""  # stdout carries records only; publish has none to print
    summary = result.stderr.strip().splitlines()[-1]
    published = int(summary.split()[1].rstrip(","))
    assert published > 5 and redis.xlen("articles.raw") == published
