"""Files -> articles -> verdicts, the way the ingest worker chains the pure parts."""

from services.ingest.dedup import fingerprint
from services.ingest.normalize import to_article
from services.ingest.seen import MemorySeenIndex
from services.ingest.sources import Payload, parse_file


async def verdicts_for(files, fixture_bytes, index):
    results = {}
    for name in files:
        for item in parse_file(name, fixture_bytes(name)):
            assert isinstance(item, Payload)
            article = to_article(item.data, max_chars=1_000_000)
            verdict = await index.check_and_add(
                article.id, article.version, fingerprint(article.text)
            )
            results[name] = (article.id, verdict)
    return results


async def test_republished_story_is_linked_to_the_original_and_the_other_story_is_new(
    fixture_bytes,
):
    files = [
        "republished/original.txt",
        "republished/republished.txt",
        "republished/same_topic_other_story.txt",
    ]
    results = await verdicts_for(files, fixture_bytes, MemorySeenIndex())
    original_id, original = results["republished/original.txt"]
    _, republished = results["republished/republished.txt"]
    _, other = results["republished/same_topic_other_story.txt"]
    assert original.kind == "new" and other.kind == "new"
    assert (republished.kind, republished.of) == ("near_duplicate", original_id)


async def test_publishing_the_same_files_twice_gives_the_same_verdicts(fixture_bytes):
    index = MemorySeenIndex()
    files = ["republished/original.txt", "republished/republished.txt", "ferry_story.html"]
    first = await verdicts_for(files, fixture_bytes, index)
    again = await verdicts_for(files, fixture_bytes, index)
    assert first == again


async def test_same_page_under_another_url_is_an_exact_duplicate(fixture_bytes):
    index = MemorySeenIndex()
    html = fixture_bytes("ferry_story.html").decode()
    first = to_article({"html": html}, max_chars=1_000_000)
    mirror = to_article({"html": html, "url": "https://mirror.example/ferry"}, max_chars=1_000_000)
    await index.check_and_add(first.id, first.version, fingerprint(first.text))
    verdict = await index.check_and_add(mirror.id, mirror.version, fingerprint(mirror.text))
    assert mirror.id != first.id
    assert (verdict.kind, verdict.of) == ("duplicate", first.id)
