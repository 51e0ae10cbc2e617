"""The dashboard in a real browser (headless Chromium driven by Playwright) over the real
pipeline: a private redis-server, the four stage workers, the archive and the API as child
processes, started once (the workers load the spaCy model once) for every step of one test.

The page is loaded before anything is published and must then fill in by itself (live updates
from /events): Sergei Lavrov with his quote, Russia and China, the stage counts moving. Then a
reader explores: searches "Lavrov", opens his page (his quote with the article's headline and
outlet), narrows the date range (the panels change), opens an outlet; GGT-style articles (an
`outlet`, no title) show their outlets and real headlines; at 390 px nothing is cut off.
Screenshots go to artifacts/ (git-ignored); the ones in docs/screenshots/ were taken from it."""

import datetime
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


def get(api: Api, path: str):  # type: ignore[no-untyped-def]
    with urllib.request.urlopen(api.base + path) as answer:
        return json.load(answer)


def lavrov_quotes(api: Api) -> list[str]:
    return [quote["text"] for quote in get(api, "/quotes?speaker=Sergei%20Lavrov&limit=50")]


SEED = next((REPO / "seeds").glob("*.txt"))
GGT_STYLE = REPO / "tests" / "fixtures" / "ggt_style" / "articles.jsonl"
SEED_OUTLET = "Seed Wire"


def days_ago(n: int) -> str:
    return (datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=n)).isoformat()


def write_articles(tmp_path: Path) -> tuple[Path, Path]:
    """The seed article (Lavrov's quote) with an outlet and today's date, and three small
    articles from other days (3, 7 and 11 days ago), so that a date range can leave some out."""
    seed = tmp_path / "seed.jsonl"
    record = {"id": "seed-lavrov", "outlet": SEED_OUTLET, "published_at": days_ago(0)}
    seed.write_text(json.dumps({**record, "text": SEED.read_text()}) + "\n")
    mine = tmp_path / "mine.jsonl"
    dated = [small_article(n, days_ago(3 + 4 * n)) for n in range(3)]
    mine.write_text("".join(json.dumps(article) + "\n" for article in dated))
    return seed, mine


# Boxes that stick out of the viewport sideways (the selectors' visible elements).
_OUTSIDE = """(selectors) => {
    const out = [];
    for (const selector of selectors) {
        for (const e of document.querySelectorAll(selector)) {
            const box = e.getBoundingClientRect();
            if (!box.width || !e.checkVisibility()) continue;
            if (box.left < -0.5 || box.right > innerWidth + 0.5) {
                out.push(`${selector} ${e.textContent.trim().slice(0, 30)}: ${box.right}`);
            }
        }
    }
    return out;
}"""

# Names shown cut (wider than their box), and network labels that are too small or outside
_CUT_NAMES = """() => [...document.querySelectorAll(".name, .co a")]
    .filter((e) => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent)"""

_LABELS = """() => {
    const svg = document.querySelector("#network");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll(".node text")].map((t) => {
        const box = t.getBBox();
        return {
            name: t.textContent,
            px: parseFloat(getComputedStyle(t).fontSize) * scale,
            inside: box.x >= -0.5 && box.x + box.width <= svg.viewBox.baseVal.width + 0.5,
        };
    });
}"""


def assert_fits(page, width: int) -> None:  # type: ignore[no-untyped-def]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways at {width}px ({scroll}px)"
    key = ["#search", "#f-source", "#f-since", "#f-until", "#tab-ops", ".panel", ".name", ".co a"]
    key += [".quote blockquote", ".where", ".article .headline", ".uplot", "#network"]
    assert page.evaluate(_OUTSIDE, key) == []
    assert page.evaluate(_CUT_NAMES) == []


def test_dashboard_fills_in_live_and_can_be_explored(redis_server, workers, start_api, tmp_path):
    sync_playwright, expect = _playwright()
    ARTIFACTS.mkdir(exist_ok=True)
    group = workers()
    group.start_all()
    group.start("archive")  # the article view, the article lists and older days read the archive
    api = start_api()
    seed, mine = write_articles(tmp_path)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
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

        publish(redis_server.url, seed)

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
        # the operations figures are on their own tab, not among the news
        expect(page.locator("#pipeline")).to_be_hidden()
        page.click("#tab-ops")
        expect(page.locator("#pipeline")).to_be_visible()
        expect(page.locator("#people")).to_be_hidden()
        page.screenshot(path=ARTIFACTS / "dashboard-ops.png")
        page.click("#tab-news")
        expect(page.locator("#people")).to_be_visible()
        assert_fits(page, 1280)
        page.screenshot(path=ARTIFACTS / "dashboard-news.png")

        explore_lavrov(page, api, expect)
        outlets_and_headlines(page, api, expect, redis_server.url)

        page.set_viewport_size({"width": 390, "height": 844})
        for view in ("#/", "#/entity/person%3Asergei-lavrov"):
            page.goto(f"{api.base}/{view}")
            page.wait_for_selector("body[data-loaded]", timeout=UI_MS)
            assert_fits(page, 390)
            page.screenshot(path=ARTIFACTS / f"dashboard-phone-{view.count('/')}.png")
        page.goto(api.base + "/")
        page.wait_for_selector("body[data-loaded]", timeout=UI_MS)
        labels = page.evaluate(_LABELS)
        assert labels, "the network shows no names on a phone"
        assert all(label["px"] >= 11 and label["inside"] for label in labels), labels
        page.set_viewport_size({"width": 1280, "height": 900})

        # keyboard: from a quote to its article, closed with Escape, back on the same page
        page.goto(f"{api.base}/#/speaker/person%3Asergei-lavrov")
        quote = page.locator("#page-quotes li", has_text="Russia and China have agreed")
        expect(quote).to_have_count(1, timeout=UI_MS)
        quote.locator("a.headline").focus()
        page.keyboard.press("Enter")
        dialog = page.locator("#article")
        expect(dialog).to_be_visible()
        expect(dialog.locator("#article-title")).to_contain_text("Russia and China", timeout=UI_MS)
        expect(dialog.locator("mark").first).to_be_visible()
        page.screenshot(path=ARTIFACTS / "dashboard-article.png")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(page.locator("#page-title")).to_have_text("Sergei Lavrov")
        expect(page).to_have_url(re.compile(r"#/speaker/person%3Asergei-lavrov$"))
        page.goto(api.base + "/")

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
        page.screenshot(path=ARTIFACTS / "dashboard-redis-down.png")
        api.stop()
        expect(page.locator("#banner")).to_contain_text("API does not answer", timeout=UI_MS)

        browser.close()
    assert page_errors == []


def explore_lavrov(page, api: Api, expect) -> None:  # type: ignore[no-untyped-def]
    """Search "Lavrov", open his page: his quote with the article's headline and outlet, a
    timeline with axes; then a date range without his day: the panels change."""
    headline = get(api, "/articles/seed-lavrov")["title"]
    assert headline and headline != "seed-lavrov"
    page.fill("#search", "Lavrov")
    page.press("#search", "Enter")
    found = page.locator("#found-speakers")
    expect(found).to_contain_text("Sergei Lavrov", timeout=UI_MS)
    expect(page.locator("#found-entities")).to_contain_text("Sergei Lavrov")
    expect(page.locator("#found-quotes")).to_contain_text("Russia and China have agreed")
    page.screenshot(path=ARTIFACTS / "dashboard-search.png")
    found.get_by_role("link", name="Sergei Lavrov").click()

    expect(page).to_have_url(re.compile(r"#/speaker/person%3Asergei-lavrov$"))
    expect(page.locator("#page-title")).to_have_text("Sergei Lavrov", timeout=UI_MS)
    page.go_back()  # the browser's Back and Forward move between the views
    expect(page.locator("#search-title")).to_have_text("Results for “Lavrov”", timeout=UI_MS)
    page.go_forward()
    expect(page.locator("#page-title")).to_have_text("Sergei Lavrov", timeout=UI_MS)
    quote = page.locator("#page-quotes li", has_text="Russia and China have agreed")
    expect(quote).to_have_count(1, timeout=UI_MS)
    expect(quote.locator("a.headline")).to_have_text(headline)
    expect(quote.locator("a.outlet-link")).to_have_text(SEED_OUTLET)
    expect(quote).to_contain_text(days_ago(0))
    expect(page.locator("#page-timeline .uplot")).to_be_visible()  # dates and counts on axes
    expect(page.locator("#page-articles")).to_contain_text(headline)
    page.wait_for_selector("body[data-loaded]", timeout=UI_MS)
    assert_fits(page, 1280)
    page.screenshot(path=ARTIFACTS / "dashboard-lavrov.png")

    # a range that ends yesterday: his quote and article drop out, kept in the address
    page.fill("#f-since", days_ago(10))
    page.fill("#f-until", days_ago(1))
    expect(page).to_have_url(re.compile(f"since={days_ago(10)}&until={days_ago(1)}"))
    expect(page.locator("#page-quotes")).to_contain_text("No quotes in this range", timeout=UI_MS)
    expect(page.locator("#page-articles")).to_contain_text("No articles in this range")
    expect(page.locator("#filter-note")).to_contain_text(days_ago(10))
    page.screenshot(path=ARTIFACTS / "dashboard-lavrov-range.png")

    # the news under the same range: the small articles of 3 and 7 days ago, not the seed's
    page.click("a.home")
    people = page.locator("#people")
    expect(people).to_contain_text("Maria Lopez", timeout=UI_MS)
    expect(people).to_contain_text("Daniel Okafor")
    expect(people).not_to_contain_text("Sergei Lavrov")
    expect(people).not_to_contain_text("Priya Raman")  # 11 days ago: before the range
    expect(page.locator("#speakers")).not_to_contain_text("Sergei Lavrov")
    expect(page.locator("#articles li")).to_have_count(2)

    # an outlet filter on top: only its articles
    page.select_option("#f-source", "The Bugle")
    expect(page).to_have_url(re.compile("source=The\\+Bugle"))
    expect(people).to_contain_text("Daniel Okafor", timeout=UI_MS)
    expect(people).not_to_contain_text("Maria Lopez")
    page.click("#f-clear")  # all time again (the outlet stays)
    page.select_option("#f-source", "")
    expect(page.locator("#people")).to_contain_text("Sergei Lavrov", timeout=UI_MS)


def outlets_and_headlines(page, api: Api, expect, url: str) -> None:  # type: ignore[no-untyped-def]
    """GGT-style JSONL (`outlet`, raw ids, no title): the Outlets panel lists the outlets, and
    no article shows "(untitled)" or its raw id; an outlet's name opens its page."""
    given = [json.loads(line) for line in GGT_STYLE.read_text().splitlines()]
    publish(url, GGT_STYLE)
    outlets = page.locator("#outlets")
    expect(outlets).to_contain_text("Harbour Herald", timeout=PIPELINE_S)
    expect(outlets).to_contain_text("Prairie Post", timeout=UI_MS)
    outlets.get_by_role("link", name="Harbour Herald").click()
    expect(page.locator("#page-title")).to_have_text("Harbour Herald", timeout=UI_MS)
    articles = page.locator("#page-articles li")
    expect(articles).to_have_count(2, timeout=UI_MS)
    expect(page.locator("#page-articles")).to_contain_text("Ferry fleet replacement approved")
    page.screenshot(path=ARTIFACTS / "dashboard-outlet.png")
    page.click("a.home")
    expect(page.locator("#articles")).to_contain_text("Ferry fleet replacement", timeout=UI_MS)
    for text in (page.locator("main").inner_text(), page.locator("#latest").inner_text()):
        assert "untitled" not in text.lower()
        for article in given:
            assert article["id"] not in text


def test_a_token_in_the_address_never_reaches_the_access_log(start_api):
    api = start_api(token=TOKEN)
    with urllib.request.urlopen(f"{api.base}/?token={TOKEN}", timeout=10) as response:
        assert response.status == 200
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    api.stop()
    log = api.log.read_text()
    assert 'GET /?token=*** HTTP/1.1" 200' in log
    assert TOKEN not in log
