"""The dashboard in a real browser (headless Chromium driven by Playwright) over the real
pipeline: a private redis-server, the four stage workers and the API as child processes.

The page is loaded once, before anything is published, and must then fill in by itself (live
updates from /events): Sergei Lavrov with his quote, Russia and China, the stage counts moving.
Screenshots go to artifacts/ (git-ignored)."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services.runtime.embedded import EmbeddedRedis, free_port
from tests.e2e.articles import small_article
from tests.e2e.conftest import REPO

pytestmark = [pytest.mark.redis, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("NEWSFLOW_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = REPO / "artifacts"
TOKEN = "dashboard-s3cret"
PIPELINE_S = 240_000  # ms: the workers load the spaCy model first
UI_MS = 20_000


def _playwright():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install '.[dev]'")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    return sync_playwright, expect


class Api:
    """`newsflow api` as a child process."""

    def __init__(self, url: str, folder: Path, token: str | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "NEWSFLOW_REDIS_URL": url}
        env.pop("NEWSFLOW_API_TOKEN", None)
        if token:
            env["NEWSFLOW_API_TOKEN"] = token
        self.log = folder / f"api-{self.port}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services.cli.main", "api", "--port", str(self.port)],
                env=env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"the API did not start:\n{self.log.read_text(errors='replace')}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def start_api(redis_server: EmbeddedRedis, tmp_path: Path) -> Iterator[Callable[..., Api]]:
    started: list[Api] = []

    def start(token: str | None = None) -> Api:
        started.append(Api(redis_server.url, tmp_path, token))
        return started[-1]

    yield start
    for api in started:
        api.stop()


def publish(url: str, *paths: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.main",
            "publish",
            *map(str, paths),
            "--redis-url",
            url,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def processed(page, stage: str) -> int:  # type: ignore[no-untyped-def]
    text = page.locator(f'#pipeline tr[data-stage="{stage}"] td.processed').inner_text()
    return int(re.sub(r"\D", "", text) or 0)


_PROCESSED_ABOVE = """([stage, count]) => {
    const cell = document.querySelector(`#pipeline tr[data-stage="${stage}"] td.processed`);
    return cell !== null && Number(cell.textContent.replace(/[^0-9]/g, "")) > count;
}"""


def wait_processed_above(page, stage: str, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(_PROCESSED_ABOVE, arg=[stage, count], timeout=UI_MS)


def lavrov_quotes(api: Api) -> list[str]:
    with urllib.request.urlopen(api.base + "/quotes?speaker=Sergei%20Lavrov&limit=50") as answer:
        return [quote["text"] for quote in json.load(answer)]


def test_dashboard_fills_in_live_as_articles_arrive(redis_server, workers, start_api, tmp_path):
    sync_playwright, expect = _playwright()
    ARTIFACTS.mkdir(exist_ok=True)
    group = workers()
    group.start_all()
    group.start("archive")  # the article view and the ticker read the archive
    api = start_api()
    mine = tmp_path / "mine.jsonl"
    mine.write_text("".join(json.dumps(small_article(n)) + "\n" for n in range(3)))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page_errors: list[str] = []
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        # the page runs under its Content-Security-Policy: anything it blocks is an error here
        page.on(
            "console",
            lambda message: (
                page_errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.goto(api.base + "/")

        # before the first article: an empty state, and the live stream open
        expect(page.locator("#status")).to_have_attribute("data-state", "live", timeout=UI_MS)
        expect(page.locator("#empty")).to_be_visible()
        expect(page.locator("#speakers")).to_contain_text("Waiting for the first article")
        page.evaluate("window.loadedOnce = true")  # gone if the page ever reloads
        page.screenshot(path=ARTIFACTS / "dashboard-empty.png", full_page=True)
        before = processed(page, "aggregate")

        publish(redis_server.url, REPO / "seeds")

        speakers = page.locator("#speakers")
        expect(speakers).to_contain_text("Sergei Lavrov", timeout=PIPELINE_S)
        lavrov = speakers.locator("li", has_text="Sergei Lavrov")
        shown_quote = lavrov.locator("blockquote").inner_text().strip("“” ")
        said = lavrov_quotes(api)
        assert any("Russia and China have agreed" in text for text in said)
        assert shown_quote[:40] in {text.strip('“”" ')[:40] for text in said}
        entities = page.locator(".entities-panel")
        expect(entities.filter(has_text="Russia")).to_have_count(1, timeout=UI_MS)
        expect(entities.filter(has_text="China")).to_have_count(1, timeout=UI_MS)
        wait_processed_above(page, "aggregate", before)
        expect(page.locator("#empty")).to_be_hidden()
        page.screenshot(path=ARTIFACTS / "dashboard-seed.png", full_page=True)

        # more articles: the panels keep moving, still without a reload
        after_seed = processed(page, "aggregate")
        publish(redis_server.url, mine)
        expect(page.locator("#people")).to_contain_text("Maria Lopez", timeout=PIPELINE_S)
        expect(page.locator("#outlets")).to_contain_text("Daily Planet", timeout=UI_MS)
        bar = page.locator("#outlets .bar span").first.evaluate("e => e.style.width")
        assert bar.endswith("%") and float(bar[:-1]) > 0  # set through the CSSOM, CSP-proof
        wait_processed_above(page, "aggregate", after_seed)
        assert page.evaluate("window.loadedOnce") is True
        assert int(page.evaluate("document.body.dataset.liveUpdates || '0'")) >= 2
        expect(page.locator("#status")).to_have_attribute("data-state", "live")
        expect(page.locator("#latest")).to_contain_text("Latest article")

        # keyboard: choose a speaker, read their quote in its article, close with Escape
        lavrov.locator("button").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#quotes-h")).to_have_text("Quotes by Sergei Lavrov", timeout=UI_MS)
        quote = page.locator("#quotes li", has_text="Russia and China have agreed")
        expect(quote).to_have_count(1, timeout=UI_MS)
        quote.get_by_role("link", name="read the article").click()
        dialog = page.locator("#article")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#article-title")).to_contain_text("Russia and China", timeout=UI_MS)
        expect(dialog.locator("mark").first).to_be_visible()
        page.screenshot(path=ARTIFACTS / "dashboard-article.png")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=ARTIFACTS / "dashboard-phone.png", full_page=True)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= 390, f"the page scrolls sideways on a phone ({page_width}px)"

        # without /events the page falls back to polling and still shows the data
        polling = browser.new_page(viewport={"width": 1400, "height": 1000})
        polling.route("**/events", lambda route: route.abort())
        polling.goto(api.base + "/")
        expect(polling.locator("#status")).to_have_attribute("data-state", "polling", timeout=UI_MS)
        expect(polling.locator("#speakers")).to_contain_text("Sergei Lavrov", timeout=UI_MS)

        # with a token: the page asks for it, then uses it (and ?token= works too)
        guarded = start_api(token=TOKEN)
        locked = browser.new_page()
        locked.goto(guarded.base + "/")
        expect(locked.locator("#banner")).to_contain_text("needs a token", timeout=UI_MS)
        locked.fill("#token-input", TOKEN)
        locked.press("#token-input", "Enter")
        expect(locked.locator("#speakers")).to_contain_text("Sergei Lavrov", timeout=UI_MS)
        expect(locked.locator("#banner")).to_be_hidden()
        by_link = browser.new_page()
        by_link.goto(f"{guarded.base}/?token={TOKEN}")
        expect(by_link.locator("#speakers")).to_contain_text("Sergei Lavrov", timeout=UI_MS)
        assert "token" not in by_link.url
        assert TOKEN not in guarded.log.read_text()  # the access log shows ?token=***

        # Redis down, then the API down: a clear banner, the last data stays on screen
        redis_server.stop()
        expect(page.locator("#banner")).to_contain_text("Redis does not answer", timeout=UI_MS)
        # not live any more; the archive still answers the all-time panels, so "polling" is
        # as right as "down" here
        expect(page.locator("#status")).to_have_attribute(
            "data-state", re.compile("^(down|polling)$")
        )
        expect(page.locator("#speakers")).to_contain_text("Sergei Lavrov")
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.screenshot(path=ARTIFACTS / "dashboard-redis-down.png")
        api.stop()
        expect(page.locator("#banner")).to_contain_text("API does not answer", timeout=UI_MS)

        browser.close()
    assert page_errors == []


def test_a_token_in_the_address_never_reaches_the_access_log(start_api):
    api = start_api(token=TOKEN)
    with urllib.request.urlopen(f"{api.base}/?token={TOKEN}", timeout=10) as response:
        assert response.status == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    api.stop()
    log = api.log.read_text()
    assert 'GET /?token=*** HTTP/1.1" 200' in log
    assert TOKEN not in log
