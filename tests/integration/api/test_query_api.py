"""The query API over the in-memory store: every route, its fields, and its refusals."""

import pytest
from api_samples import filled_memory_store
from fastapi.testclient import TestClient

from services.api.app import create_app

CONTRACT_ROUTES = {
    "/health",
    "/entities/top",
    "/entities/{entity_id}",
    "/speakers/top",
    "/quotes",
    "/articles/{article_id}",
}


def test_health_is_200_when_redis_answers(client):
    response = client.get("/health")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_health_and_ready_are_503_when_redis_does_not_answer(redis_down_client):
    assert redis_down_client.get("/health").status_code == 503
    assert redis_down_client.get("/ready").status_code == 503


def test_ready_is_200_when_the_store_answers(client):
    assert client.get("/ready").status_code == 200


def test_top_entities_lists_counted_entities_most_articles_first(client):
    response = client.get("/entities/top")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": "person:sergei-lavrov",
            "name": "Sergei Lavrov",
            "type": "PERSON",
            "mentions": 6,
            "articles": 2,
        },
        {
            "id": "person:vladimir-putin",
            "name": "Vladimir Putin",
            "type": "PERSON",
            "mentions": 4,
            "articles": 2,
        },
        {"id": "org:kremlin", "name": "Kremlin", "type": "ORG", "mentions": 2, "articles": 2},
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=ORG", ["org:kremlin"]),
        ("source=tass", ["person:sergei-lavrov", "org:kremlin"]),
        (
            "since=2026-01-02&until=2026-01-02&type=PERSON",
            ["person:vladimir-putin", "person:sergei-lavrov"],
        ),
        ("until=2026-01-01T23:00:00Z", ["person:sergei-lavrov", "org:kremlin"]),
        ("limit=1", ["person:sergei-lavrov"]),
        ("since=2027-01-01", []),
    ],
)
def test_top_entities_filters_by_type_window_source_and_limit(client, query, expected):
    response = client.get(f"/entities/top?{query}")

    assert [e["id"] for e in response.json()] == expected


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("since=yesterday", 400, "yesterday"),
        ("until=2026-13-01", 400, "2026-13-01"),
        ("since=2026-01-03&until=2026-01-01", 400, "after"),
        ("limit=0", 400, "limit"),
        ("limit=101", 400, "limit"),
        ("limit=ten", 400, "limit"),
        ("type=DATE", 400, "type"),
    ],
)
def test_top_entities_refuses_bad_parameters_with_a_clear_message(client, query, status, says):
    response = client.get(f"/entities/top?{query}")

    assert response.status_code == status
    assert says in str(response.json()["error"]["message"])


def test_an_entity_has_aliases_days_and_co_mentions(client):
    body = client.get("/entities/person:sergei-lavrov").json()

    assert (body["articles"], body["mentions"], body["aliases"]) == (2, 6, ["Sergei Lavrov"])
    assert (body["first_seen"], body["last_seen"]) == ("2026-01-01", "2026-01-02")
    assert body["days"] == [
        {"day": "2026-01-01", "articles": 1, "mentions": 3},
        {"day": "2026-01-02", "articles": 1, "mentions": 3},
    ]
    assert [(c["id"], c["articles"]) for c in body["co_mentions"]] == [
        ("org:kremlin", 1),
        ("person:vladimir-putin", 1),
    ]


def test_an_unknown_entity_is_404_naming_it(client):
    response = client.get("/entities/person:nobody")

    assert response.status_code == 404 and "person:nobody" in response.json()["error"]["message"]


def test_top_speakers_rank_by_quotes(client):
    assert client.get("/speakers/top?limit=5").json() == [
        {"id": "person:sergei-lavrov", "name": "Sergei Lavrov", "quotes": 3, "articles": 2},
        {"id": "person:vladimir-putin", "name": "Vladimir Putin", "quotes": 1, "articles": 1},
    ]


def test_quotes_of_a_speaker_by_name_come_newest_first_with_their_article(client):
    quotes = client.get("/quotes", params={"speaker": "Sergei Lavrov"}).json()

    assert [(q["text"], q["article_id"]) for q in quotes] == [
        ("No comment", "a3"),
        ("We agreed", "a1"),
        ("It is done", "a1"),
    ]
    assert {
        "text",
        "start",
        "end",
        "kind",
        "speaker_name",
        "speaker_entity_id",
        "speaker",
        "verb",
        "article_id",
    } <= set(quotes[0])


def test_quote_pages_follow_the_next_cursor_header_until_none(client):
    texts, cursor = [], None
    for _ in range(5):
        params = {"speaker": "person:sergei-lavrov", "limit": 2} | (
            {"cursor": cursor} if cursor else {}
        )
        response = client.get("/quotes", params=params)
        texts += [q["text"] for q in response.json()]
        cursor = response.headers.get("X-Next-Cursor")
        if cursor is None:
            break

    assert texts == ["No comment", "We agreed", "It is done"]


def test_quotes_refuse_an_unknown_speaker_and_a_forged_cursor(client):
    assert client.get("/quotes", params={"speaker": "Nobody"}).status_code == 404
    response = client.get("/quotes", params={"cursor": "Zm9yZ2Vk"})
    assert response.status_code == 400 and "cursor" in response.json()["error"]["message"]


def test_an_article_returns_its_output_record(client):
    body = client.get("/articles/a2").json()

    assert (body["id"], body["source"], body["quotes"][0]["text"]) == (
        "a2",
        "bbc",
        "Security first",
    )
    assert client.get("/articles/missing").status_code == 404


def test_sources_and_stats_report_totals(client):
    assert [(s["source"], s["articles"], s["quotes"]) for s in client.get("/sources").json()] == [
        ("bbc", 2, 2),
        ("tass", 1, 2),
    ]
    assert client.get("/stats").json() == {
        "articles": 3,
        "quotes": 4,
        "mentions": 12,
        "entities": 3,
        "speakers": 2,
    }


def test_the_openapi_schema_documents_every_contract_route(client):
    paths = set(client.get("/openapi.json").json()["paths"])

    assert CONTRACT_ROUTES <= paths


def test_with_a_token_every_route_but_health_requires_it(token_client):
    assert token_client.get("/health").status_code == 200
    for path in ("/entities/top", "/ready", "/openapi.json", "/quotes", "/articles/a1"):
        assert token_client.get(path).status_code == 401
    assert token_client.get("/entities/top", headers={"X-API-Token": "wrong"}).status_code == 401


def test_a_token_is_accepted_as_bearer_or_x_api_token(token_client):
    bearer = token_client.get("/entities/top", headers={"Authorization": "Bearer s3cret"})
    header = token_client.get("/entities/top", headers={"X-API-Token": "s3cret"})

    assert (bearer.status_code, header.status_code) == (200, 200)


def test_with_a_token_the_schema_documents_it_on_every_route_but_health(token_client):
    schema = token_client.get("/openapi.json", headers={"X-API-Token": "s3cret"}).json()

    assert set(schema["components"]["securitySchemes"]) == {"bearer", "apiToken"}
    assert "security" not in schema["paths"]["/health"]["get"]
    assert schema["paths"]["/entities/top"]["get"]["security"] == [{"bearer": []}, {"apiToken": []}]


@pytest.mark.parametrize("header", ["X-API-Token", "Authorization"])
def test_a_non_ascii_token_matches_when_sent_as_utf8(header):
    token = "clé-секрет-鍵"

    async def up() -> bool:
        return True

    app = create_app(filled_memory_store(), redis_ping=up, api_token=token)
    sent = token.encode() if header == "X-API-Token" else b"Bearer " + token.encode()
    with TestClient(app) as client:
        assert client.get("/stats", headers={header: sent}).status_code == 200
        wrong = "clé-секрет-鍵!".encode()
        assert client.get("/stats", headers={"X-API-Token": wrong}).status_code == 401
        assert (
            client.get(
                "/stats", headers={"X-API-Token": token.encode("latin-1", "replace")}
            ).status_code
            == 401
        )
