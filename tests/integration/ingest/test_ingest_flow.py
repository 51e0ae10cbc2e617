"""Files -> payloads -> the ingest worker (on the in-memory broker): which articles it passes
on, and which it links to an earlier copy."""

import logging
from pathlib import Path

import pytest

from services.ingest.app import create_app
from services.ingest.seen import MemorySeenIndex
from services.ingest.sources import Payload, parse_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


def payload(name: str) -> dict:
    (item,) = parse_file(name, (FIXTURES / name).read_bytes())
    assert isinstance(item, Payload)
    return item.data


def passed_on(sent) -> list[str]:
    return [event["article"]["id"] for event in sent.output]


@pytest.fixture
def links(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="newsflow.ingest")
    return caplog


async def test_a_republished_story_is_linked_to_the_original_and_another_story_passes(
    wire, settings, links
):
    async with wire(create_app(settings, seen=MemorySeenIndex()), "ingest") as sent:
        for name in ("original.txt", "republished.txt", "same_topic_other_story.txt"):
            await sent.send(payload(f"republished/{name}"))
    original, other = passed_on(sent)
    (line,) = [r.getMessage() for r in links.records if "linked" in r.getMessage()]
    assert f"is a near-duplicate of {original}" in line
    assert other != original


async def test_publishing_the_same_files_twice_passes_on_the_same_articles(wire, settings):
    names = ["republished/original.txt", "republished/republished.txt", "ferry_story.html"]
    async with wire(create_app(settings, seen=MemorySeenIndex()), "ingest") as sent:
        for name in names:
            await sent.send(payload(name))
        first = passed_on(sent)
        for name in names:
            await sent.send(payload(name))
    assert len(first) == 2
    assert passed_on(sent) == first + first  # the same articles flow on again; the copy never


async def test_the_same_page_under_another_url_is_an_exact_duplicate(wire, settings, links):
    html = (FIXTURES / "ferry_story.html").read_text()
    async with wire(create_app(settings, seen=MemorySeenIndex()), "ingest") as sent:
        await sent.send({"html": html})
        await sent.send({"html": html, "url": "https://mirror.example/ferry"})
    (first,) = passed_on(sent)
    (line,) = [r.getMessage() for r in links.records if "linked" in r.getMessage()]
    assert f"is a duplicate of {first}" in line
