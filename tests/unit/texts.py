"""Texts the model-level unit tests parse: the seed, and the eval set's real news when it lies
beside the repository (tests that need it skip, saying so, when it does not)."""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EVAL_DEV = REPO.parent / "shared" / "eval" / "ggt_dev.jsonl"

needs_dev_texts = pytest.mark.skipif(
    not EVAL_DEV.is_file(), reason=f"needs the eval texts at {EVAL_DEV}"
)


def seed_texts() -> list[str]:
    return [path.read_text() for path in sorted((REPO / "seeds").glob("*.txt"))]


def dev_texts(count: int) -> list[str]:
    """The first `count` texts of the eval dev set."""
    lines = [line for line in EVAL_DEV.read_text().splitlines() if line.strip()]
    return [json.loads(line)["text"] for line in lines[:count]]
