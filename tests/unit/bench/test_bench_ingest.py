from services.bench.ingest import page
from services.ingest.normalize import to_article


def test_a_benchmark_page_reads_back_as_its_article_without_the_site_furniture():
    text = (
        "The council approved the new bridge on Monday after a long debate.\n"
        "Work starts in spring and should take two years, the mayor said."
    )
    article = to_article({"html": page("Bridge approved", text)}, max_chars=100_000)
    assert "The council approved the new bridge" in article.text
    assert "two years, the mayor said" in article.text
    assert "Most read" not in article.text and "All rights reserved" not in article.text
