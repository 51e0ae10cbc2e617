"""Security headers on the API and the dashboard, the page's assets fit its policy, and the
access log never shows a `?token=`."""

import logging
import re

import pytest
from api_samples import filled_memory_store
from fastapi.testclient import TestClient

from services.api.access_log import ACCESS_LOGGER, RedactSecrets
from services.api.app import create_app
from services.api.dashboard import STATIC


async def _up() -> bool:
    return True


@pytest.fixture
def client():
    with TestClient(create_app(filled_memory_store(), redis_ping=_up, api_token="s3cret")) as c:
        yield c


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/static/dashboard.js", 200), ("/health", 200), ("/stats", 401)],
)
def test_every_answer_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_interactive_docs_load_only_this_servers_files_and_no_inline_script(page):
    with TestClient(create_app(filled_memory_store(), redis_ping=_up)) as client:
        response = client.get(page)
        scripts = re.findall(r'<script src="([^"]+)"', response.text)
        assets = [client.get(src) for src in scripts]
    csp = response.headers["content-security-policy"]
    assert response.status_code == 200
    assert "script-src 'self';" in csp and "http" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
    assert len(scripts) == 2 and all(a.status_code == 200 for a in assets)
    assert response.headers["x-frame-options"] == "DENY"


def test_the_dashboard_has_nothing_its_policy_would_block():
    """No inline script or style, no style attribute, no other origin: the page's own files
    are all it needs, so `script-src 'self'; style-src 'self'` leaves it working."""
    page = (STATIC / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # every script is a file
    assert "<style" not in page and " style=" not in page and not re.search(r"\bon\w+=", page)
    for script in STATIC.glob("*.js"):
        code = script.read_text()
        assert not re.search(r"""attrs:\s*\{[^}]*\bstyle\b|setAttribute\(\s*["']style""", code), (
            script
        )
        assert "innerHTML" not in code and "eval(" not in code, script
        assert not re.search(r"""["'`]https?://(?!www\.w3\.org/)""", code), script


def test_a_token_in_the_query_is_redacted_in_the_access_log():
    record = logging.LogRecord(
        ACCESS_LOGGER, logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/?token=s3cret&x=1", "1.1", 200), None,
    )  # fmt: skip
    assert RedactSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /?token=***&x=1 HTTP/1.1" 200'
