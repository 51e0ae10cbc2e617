"""The browsing routes over the in-memory store: /articles, /search, the /quotes filters, and
names standing for ids. (The archive gives the same answers: test_history_routing.)"""

import pytest


def _ids(response):
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()]


def test_articles_come_newest_first_with_headline_outlet_counts_and_people(client):
    response = client.get("/articles")

    assert _ids(response) == ["a3", "a2", "a1"]
    assert response.json()[0] == {
        "id": "a3",
        "version": "v1",
        "title": "Article a3",
        "source": "bbc",
        "url": None,
        "published_at": "2026-01-02T18:00:00Z",
        "language": "en",
        "mentions": 5,
        "quotes": 1,
        "people": ["Sergei Lavrov", "Vladimir Putin"],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source=bbc", ["a3", "a2"]),
        ("since=2026-01-02", ["a3", "a2"]),
        ("until=2026-01-01", ["a1"]),
        ("entity=org:kremlin", ["a2", "a1"]),
        ("entity=Kremlin", ["a2", "a1"]),
        ("entity=lavrov", ["a3", "a1"]),
        ("speaker=Putin", ["a2"]),
        ("speaker=person:sergei-lavrov&source=tass", ["a1"]),
        ("source=nowhere", []),
    ],
)
def test_articles_filter_by_source_window_entity_and_speaker(client, query, expected):
    assert _ids(client.get(f"/articles?{query}")) == expected


def test_article_pages_follow_the_next_cursor_to_the_end(client):
    seen, query, pages = [], "/articles?limit=2", 0
    while query:
        response = client.get(query)
        seen += _ids(response)
        pages += 1
        cursor = response.headers.get("x-next-cursor")
        assert ('rel="next"' in response.headers.get("link", "")) == bool(cursor)
        query = f"/articles?limit=2&cursor={cursor}" if cursor else None

    assert (seen, pages) == (["a3", "a2", "a1"], 2)


def test_search_finds_entities_speakers_and_quotes_by_word_prefix_any_case_or_accent(client):
    body = client.get("/search", params={"q": "LAVRÓ"}).json()

    assert [e["id"] for e in body["entities"]] == ["person:sergei-lavrov"]
    assert body["speakers"] == [
        {"id": "person:sergei-lavrov", "name": "Sergei Lavrov", "quotes": 3, "articles": 2}
    ]
    assert body["quotes"] == []
    quotes = client.get("/search", params={"q": "comm"}).json()["quotes"]
    assert [(q["text"], q["title"], q["source"]) for q in quotes] == [
        ("No comment", "Article a3", "bbc")
    ]


def test_search_matches_words_from_their_start_only_and_narrows_by_source(client):
    assert client.get("/search?q=avrov").json()["entities"] == []
    body = client.get("/search?q=putin&source=tass").json()
    assert (body["entities"], body["speakers"]) == ([], [])
    assert [e["id"] for e in client.get("/search?q=vladimir putin").json()["entities"]] == [
        "person:vladimir-putin"
    ]


@pytest.mark.parametrize("query", ["", "q=", "q=%21%21%21", "q=" + "x" * 201])
def test_search_needs_a_q_of_1_to_200_characters_with_a_word(client, query):
    response = client.get(f"/search?{query}")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_parameter"
    assert response.json()["error"]["param"] == "q"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("entity=Kremlin", ["Security first", "We agreed", "It is done"]),
        ("source=tass", ["We agreed", "It is done"]),
        ("q=done", ["It is done"]),
        ("speaker=Lavrov&q=no", ["No comment"]),
        ("speaker=Lavrov&source=bbc", ["No comment"]),
        ("entity=putin&since=2026-01-02", ["No comment", "Security first"]),
    ],
)
def test_quotes_filter_by_entity_source_words_and_speaker_surname(client, query, expected):
    response = client.get(f"/quotes?{query}")

    assert response.status_code == 200, response.text
    assert [q["text"] for q in response.json()] == expected


def test_every_quote_carries_its_articles_headline_outlet_and_date(client):
    for path in ("/quotes", "/quotes?source=bbc"):
        quote = client.get(path).json()[0]
        assert (quote["article_id"], quote["title"], quote["source"], quote["url"]) == (
            "a3",
            "Article a3",
            "bbc",
            None,
        )
        assert quote["published_at"] == "2026-01-02T18:00:00Z"


@pytest.mark.parametrize(
    ("path", "param"),
    [("/quotes?speaker=Nobody", "speaker"), ("/articles?entity=Nowhere", "entity")],
)
def test_a_name_nobody_has_is_404_naming_the_parameter(client, path, param):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["param"] == param


def test_the_stats_and_an_entity_narrow_to_one_source(client):
    assert client.get("/stats?source=tass").json() == {
        "articles": 1,
        "quotes": 2,
        "mentions": 4,
        "entities": 2,
        "speakers": 1,
    }
    kremlin = client.get("/entities/org:kremlin?source=bbc").json()
    assert (kremlin["articles"], kremlin["sources"]) == (1, [{"source": "bbc", "articles": 1}])
    assert [c["id"] for c in kremlin["co_mentions"]] == ["person:vladimir-putin"]


def test_the_sources_list_narrows_to_one_source(client):
    assert [s["source"] for s in client.get("/sources?source=tass").json()] == ["tass"]


@pytest.mark.parametrize("route", ["/entities/top", "/speakers/top", "/sources"])
def test_ranked_lists_page_with_a_cursor(client, route):
    first = client.get(f"{route}?limit=1")
    second = client.get(f"{route}?limit=1&cursor={first.headers['x-next-cursor']}")
    everything = client.get(f"{route}?limit=2").json()

    assert [*first.json(), *second.json()] == everything


def test_entity_types_are_case_insensitive(client):
    assert (
        client.get("/entities/top?type=person").json()
        == client.get("/entities/top?type=PERSON").json()
    )
