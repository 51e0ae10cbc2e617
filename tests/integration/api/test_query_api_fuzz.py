"""The OpenAPI schema, fuzzed: whatever schemathesis sends, the API never answers 5xx."""

import pytest
from api_samples import filled_memory_store

from services.api.app import create_app

schemathesis = pytest.importorskip("schemathesis", reason="pip install '.[dev]'")
hypothesis = pytest.importorskip("hypothesis", reason="pip install '.[dev]'")


async def _up() -> bool:
    return True


schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(filled_memory_store(), redis_ping=_up, api_token=None)
)


@schema.parametrize()
@hypothesis.settings(
    max_examples=25, deadline=None, suppress_health_check=list(hypothesis.HealthCheck)
)
def test_no_request_makes_the_api_fail_with_a_server_error(case):
    response = case.call()

    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
