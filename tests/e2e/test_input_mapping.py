"""Producers' own field names through the real pipeline: GGT-style JSONL (`outlet`, raw ids, no
title) published with `newsflow publish`, and plain `XADD`s from "another language" using
`publisher`/`headline`/`pubDate` and a name of their own mapped by the ingest worker's
`NEWSFLOW_FIELD_MAP`. The records carry the outlets as `source`, every article has a real
title, and the API's `/sources` lists the outlets."""

import json
import os

import orjson
import pytest

from tests.e2e.conftest import REPO, bodies, is_drained, wait_until
from tests.e2e.test_aggregates_live import api  # noqa: F401  (the API fixture)
from tests.e2e.test_connections import newsflow
from tests.e2e.test_delivery import publish_plain

pytestmark = [pytest.mark.redis, pytest.mark.slow]

GGT_STYLE = REPO / "tests" / "fixtures" / "ggt_style" / "articles.jsonl"
PLAIN = [
    {
        "id": "plain-1",
        "publisher": "Wire Desk",
        "headline": "Port strike enters its second week",
        "pubDate": "Mon, 11 Mar 2024 10:00:00 GMT",
        "text": 'Dock workers stayed off the job on Monday. "We will not go back," said '
        "steward Ines Carvalho.",
    },
    {
        "id": "plain-2",
        "newspaper": "Valley Voice",  # the producer's own name, mapped by NEWSFLOW_FIELD_MAP
        "text": "The valley's only bookshop closed on Saturday after sixty years. Owner Ruth "
        'Adler said: "Readers kept us going longer than the rent allowed."',
    },
]


def test_outlets_under_producers_own_names_become_sources_and_every_article_has_a_title(
    redis_server,
    redis,
    workers,
    api,  # noqa: F811
):
    env = {**os.environ, "NEWSFLOW_REDIS_URL": redis_server.url}
    published = newsflow("publish", str(GGT_STYLE), env=env)
    assert published.returncode == 0, published.stderr
    assert published.stdout == ""
    assert "2 of 3 articles have no date" in published.stderr
    publish_plain(redis, PLAIN)
    group = workers(field_map="newspaper=source")
    group.start_all()
    group.start("archive")  # two articles are dated 2024: outside the hot window, the archive's
    wait_until(
        lambda: redis.exists("articles.enriched") and redis.xlen("articles.enriched") == 5,
        180,
        "five enriched articles",
        group.log_text,
    )
    records = {r["id"]: r for r in map(orjson.loads, bodies(redis, "articles.enriched"))}
    given = [json.loads(line) for line in GGT_STYLE.read_text().splitlines()]
    for article in given:
        assert records[article["id"]]["source"] == article["outlet"]
    assert records["plain-1"]["source"] == "Wire Desk"
    assert records["plain-1"]["title"] == "Port strike enters its second week"
    assert records["plain-1"]["published_at"] == "2024-03-11T10:00:00+00:00"
    assert records["plain-2"]["source"] == "Valley Voice"
    assert records[given[1]["id"]]["published_at"] == "2024-03-11"

    for record in records.values():
        assert record["title"] and record["title"] != record["id"], record["title"]
        assert "untitled" not in record["title"].lower()
    assert records[given[0]["id"]]["title"] == "Ferry fleet replacement approved by council"
    assert records[given[1]["id"]]["title"] == "Wheat growers brace for a dry spring"
    assert records[given[2]["id"]]["title"] == (  # no URL: the first sentence
        "Dr. Amira Haddad opened the new clinic in the north end on Friday."
    )

    logs = group.log_text()
    assert "loading model en_core_web_sm" in logs  # the entities worker says which, and why
    assert "has no date" in logs  # ingest says so for its first undated article

    wait_until(
        lambda: is_drained(redis_server.url, archive=True),
        60,
        "the pipeline to drain",
        group.log_text,
    )
    sources = {row["source"]: row["articles"] for row in api.get("/sources").json()}
    assert sources == {"Harbour Herald": 2, "Prairie Post": 1, "Wire Desk": 1, "Valley Voice": 1}
    top = api.get("/entities/top", params={"source": "Harbour Herald", "type": "PERSON"}).json()
    assert {"Lena Ortiz", "Amira Haddad"} <= {row["name"] for row in top}
