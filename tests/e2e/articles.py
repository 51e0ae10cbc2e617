"""Articles for the end-to-end tests: self-written ones, or the real eval texts when the
folder beside the repository has them (their texts are never copied into the repository)."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EVAL_DEV = REPO.parent / "shared" / "eval" / "ggt_dev.jsonl"

_PEOPLE = ["Maria Lopez", "Daniel Okafor", "Priya Raman", "Tom Becker", "Ana Silva", "Kenji Mori"]
_PLACES = ["Halifax", "Winnipeg", "Calgary", "Ottawa", "Regina", "Victoria"]


def small_article(n: int, published_at: str | None = None) -> dict[str, str]:
    """A short, distinct news-like article with a person, a place and an attributed quote
    (dated `published_at` when given, else the ingest day)."""
    person, place = _PEOPLE[n % len(_PEOPLE)], _PLACES[(n // len(_PEOPLE)) % len(_PLACES)]
    surname = person.split()[1]
    dated = {"published_at": published_at} if published_at else {}
    return {
        "id": f"small-{n}",
        "title": f"Council vote number {n} in {place}",
        "text": (
            f"{person}, a councillor in {place}, said on Monday that vote {n} would go ahead. "
            f'"We have waited {n + 2} weeks for this," {surname} told reporters.\n\n'
            f"The council meets again in {n % 11 + 1} days to review budget item {n * 7}."
        ),
        "source": ["Daily Planet", "The Bugle"][n % 2],
        **dated,
    }


def real_articles(count: int) -> list[dict[str, str]]:
    """`count` articles cycling over the real dev texts, each with its own id (the near-duplicate
    detector is switched off in the tests that use these: they are about delivery)."""
    lines = [json.loads(line) for line in EVAL_DEV.read_text().splitlines() if line.strip()]
    return [
        {"id": f"real-{i}", "text": lines[i % len(lines)]["text"], "source": "eval"}
        for i in range(count)
    ]


def corpus(count: int) -> list[dict[str, str]]:
    """Real texts when available (heavier, realistic), else self-written ones."""
    return real_articles(count) if EVAL_DEV.is_file() else [small_article(i) for i in range(count)]
