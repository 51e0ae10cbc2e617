"""Ingest alone: what the ingest stage does to one article (validate, normalise, detect the
language, fingerprint for duplicates), for plain text and for a saved HTML page, so ingest is
shown never to be the bottleneck.

Run as `python -m services.bench.ingest CORPUS.jsonl`; prints one JSON object. The HTML pages
are the corpus texts wrapped in a news-site page with navigation, scripts and a footer."""

import html
import sys
import time
from collections.abc import Callable
from typing import Any

import orjson

from services.ingest import language
from services.ingest.dedup import fingerprint
from services.ingest.normalize import to_article
from shared.settings import Settings

_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script>{script}</script></head><body><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/politics">Politics</a> <a href="/sports">Sports</a></nav><main><article>
<h1>{title}</h1><p class="byline">By Staff Reporter</p>{paragraphs}</article></main>
<aside><h2>Most read</h2><ul>{links}</ul></aside><footer>© News Site. All rights reserved.
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer></body></html>"""


def page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    links = "".join(f'<li><a href="/story/{n}">Another story {n}</a></li>' for n in range(10))
    return _PAGE.format(
        title=html.escape(title), script="var x = 1;" * 2000, paragraphs=paragraphs, links=links
    )


def _rate(payloads: list[dict[str, Any]], work: Callable[[dict[str, Any]], object]) -> float:
    started = time.process_time()
    for payload in payloads:
        work(payload)
    return len(payloads) / max(time.process_time() - started, 1e-9)


def main(corpus: str) -> dict[str, float]:
    with open(corpus, "rb") as lines:
        records = [orjson.loads(line) for line in lines if line.strip()]
    max_chars = Settings().max_text_chars
    language.preload()
    texts = [{"title": r.get("title", ""), "text": r["text"]} for r in records]
    pages = [{"html": page(r.get("title") or "News", r["text"])} for r in records]

    def ingest(payload: dict[str, Any]) -> object:
        article = to_article(payload, max_chars=max_chars)
        return fingerprint(article.text)

    ingest(texts[0])  # warm up: first calls build caches
    return {
        "ingest_text_articles_per_cpu_s": round(_rate(texts, ingest), 1),
        "ingest_html_articles_per_cpu_s": round(_rate(pages, ingest), 1),
    }


if __name__ == "__main__":
    sys.stdout.buffer.write(orjson.dumps(main(sys.argv[1])) + b"\n")
