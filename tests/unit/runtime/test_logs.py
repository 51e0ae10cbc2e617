import json
import logging

from services.runtime.logs import _JsonFormatter
from services.runtime.stage import article_id_of
from shared.messages import AggregatesUpdated, ArticleIngested
from shared.records import Article


def test_a_json_log_line_carries_the_stage_and_article_it_was_given():
    record = logging.LogRecord(
        "newsflow.stage", logging.INFO, __file__, 1, "passed on %s", ("a1",), None
    )
    record.stage, record.article_id = "entities", "a1"
    line = json.loads(_JsonFormatter().format(record))
    assert line["msg"] == "passed on a1"
    assert (line["stage"], line["article_id"], line["level"]) == ("entities", "a1", "INFO")


def test_the_article_id_is_found_in_any_stage_output():
    ingested = ArticleIngested(article=Article(id="a1", text="Hi."))
    update = AggregatesUpdated(article_id="a2", version="v", applied=True)
    assert article_id_of(ingested) == "a1"
    assert article_id_of(update) == "a2"
    assert article_id_of(None) is None
