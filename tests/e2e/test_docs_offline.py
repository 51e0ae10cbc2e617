"""/docs (Swagger UI) and /redoc render in a real browser with the network unplugged: every
request to anything but this server is aborted, and the page must still list the operations
(its scripts and styles come from the package). A blocked request or a policy violation fails
the test."""

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from services.aggregate.store_memory import MemoryAggregateStore
from services.api.app import create_app
from services.runtime.embedded import free_port

CHROMIUM = Path(os.environ.get("NEWSFLOW_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
UI_MS = 30_000


def _playwright():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install '.[dev]'")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    return sync_playwright, expect


@pytest.fixture
def api_base() -> Iterator[str]:
    async def up() -> bool:
        return True

    port = free_port()
    app = create_app(MemoryAggregateStore(), redis_ping=up)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _offline_page(browser, base: str, blocked: list[str], problems: list[str]):  # type: ignore[no-untyped-def]
    page = browser.new_page()

    def route(r) -> None:  # type: ignore[no-untyped-def]
        url = r.request.url
        if url.startswith(base + "/") or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page


def test_swagger_ui_and_redoc_render_every_operation_with_no_network(api_base):
    sync_playwright, expect = _playwright()
    blocked: list[str] = []
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = _offline_page(browser, api_base, blocked, problems)
            page.goto(api_base + "/docs")
            for path in ("/articles", "/search", "/quotes", "/entities/top"):
                expect(
                    page.locator(f'.opblock-summary-path[data-path="{path}"]').first
                ).to_be_visible(timeout=UI_MS)
            expect(page.locator(".opblock")).to_have_count(
                len(page.evaluate("Object.keys(window.ui.specSelectors.paths().toJS())")),
                timeout=UI_MS,
            )

            redoc = _offline_page(browser, api_base, blocked, problems)
            redoc.goto(api_base + "/redoc")
            expect(redoc.get_by_role("heading", name="newsflow query API (1)")).to_be_visible(
                timeout=UI_MS
            )
            for name in ("Search", "Articles", "Quotes"):
                expect(redoc.get_by_role("menuitem", name=name, exact=True)).to_be_attached(
                    timeout=UI_MS
                )
        finally:
            browser.close()

    assert blocked == [] and problems == []
