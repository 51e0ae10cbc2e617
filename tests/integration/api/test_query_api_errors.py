"""One error shape everywhere: {"error": {"code", "message", "param"}}, and no parameter a
route does not take is ever silently ignored."""

import asyncio

import pytest
from fastapi.testclient import TestClient

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.synthetic import record
from services.api.app import create_app

ROUTES = [
    "/entities/top",
    "/entities/org:kremlin",
    "/speakers/top",
    "/quotes",
    "/articles",
    "/articles/a1",
    "/search?q=x",
    "/sources",
    "/stats",
    "/ready",
]


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "param"}
    assert body["error"]["message"] and "\n" not in body["error"]["message"]
    return body["error"]


@pytest.mark.parametrize("route", ROUTES)
def test_a_parameter_the_route_does_not_take_is_400_naming_it(client, route):
    joiner = "&" if "?" in route else "?"

    error = _error(client.get(f"{route}{joiner}colour=red"), 400)

    assert (error["code"], error["param"]) == ("unknown_parameter", "colour")
    assert "colour" in error["message"]


@pytest.mark.parametrize(
    ("path", "param", "says"),
    [
        ("/entities/top?since=yesterday", "since", "yesterday"),
        ("/quotes?until=2026-13-01", "until", "2026-13-01"),
        ("/articles?since=2026-01-03&until=2026-01-01", "until", "after"),
        ("/speakers/top?limit=0", "limit", "greater than or equal to 1"),
        ("/sources?limit=ten", "limit", "ten"),
        ("/entities/top?type=DATE", "type", "DATE"),
        ("/quotes?cursor=forged", "cursor", "forged"),
        ("/articles?cursor=forged", "cursor", "forged"),
        ("/entities/top?cursor=forged", "cursor", "forged"),
        ("/quotes?q=", "q", "at least 1"),
    ],
)
def test_a_bad_value_is_400_bad_parameter_naming_the_input(client, path, param, says):
    error = _error(client.get(path), 400)

    assert (error["code"], error["param"]) == ("bad_parameter", param)
    assert says in error["message"]


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/entities/person:nobody", "entity_id"),
        ("/articles/nothing-here", "article_id"),
        ("/quotes?speaker=Nobody", "speaker"),
        ("/no/such/route", None),
    ],
)
def test_what_does_not_exist_is_404_not_found(client, path, param):
    error = _error(client.get(path), 404)

    assert (error["code"], error["param"]) == ("not_found", param)


def test_a_wrong_method_is_405_in_the_same_shape(client):
    assert _error(client.post("/quotes"), 405)["code"] == "method_not_allowed"


def test_a_missing_token_is_401_token_required(token_client):
    response = token_client.get("/stats")

    assert _error(response, 401)["code"] == "token_required"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_surname_two_speakers_share_is_400_listing_them():
    store = MemoryAggregateStore()
    smiths = [("John Smith", "a1"), ("Jane Smith", "a2")]

    async def fill() -> None:
        for name, article in smiths:
            await store.apply(
                record(article, entities=[(name, "PERSON", 1)], quotes=[(name, "x")]), now_ms=0
            )

    asyncio.run(fill())

    async def up() -> bool:
        return True

    with TestClient(create_app(store, redis_ping=up)) as client:
        error = _error(client.get("/quotes?speaker=Smith"), 400)

    assert (error["code"], error["param"]) == ("bad_parameter", "speaker")
    assert "person:jane-smith" in error["message"] and "person:john-smith" in error["message"]


def test_the_openapi_document_describes_the_error_shape_and_no_422(client):
    schema = client.get("/openapi.json").json()

    assert "ErrorBody" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert "422" not in operation["responses"], path
            if path not in ("/health",):
                bad = operation["responses"]["400"]["content"]["application/json"]["schema"]
                assert bad == {"$ref": "#/components/schemas/ErrorBody"}, path
    assert "error" in schema["info"]["description"]
