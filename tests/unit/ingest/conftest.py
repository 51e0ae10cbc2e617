from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


@pytest.fixture
def fixture_bytes():
    """The bytes of a file under tests/fixtures/ingest/."""

    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read
