from collections.abc import Iterator

import pytest
from api_samples import filled_memory_store
from fastapi.testclient import TestClient

from services.api.app import create_app


async def _up() -> bool:
    return True


async def _down() -> bool:
    return False


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(filled_memory_store(), redis_ping=_up, api_token=None)) as c:
        yield c


@pytest.fixture
def redis_down_client() -> Iterator[TestClient]:
    with TestClient(create_app(filled_memory_store(), redis_ping=_down, api_token=None)) as c:
        yield c


@pytest.fixture
def token_client() -> Iterator[TestClient]:
    app = create_app(filled_memory_store(), redis_ping=_up, api_token="s3cret")
    with TestClient(app) as c:
        yield c
