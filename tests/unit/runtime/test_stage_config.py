"""Each stage's delivery settings, read once from the settings."""

from services.runtime.stage import StageConfig
from shared.settings import Settings


def test_the_entities_stage_holds_two_parse_batches_and_the_others_one_message():
    settings = Settings(parse_batch=8, stream_maxlen=1000, updates_maxlen=50)
    entities = StageConfig.from_settings("entities", "c1", settings)
    assert entities.concurrency == 16  # one batch parsed while the next one gathers
    assert entities.maxlen == 1000
    for stage in ("ingest", "quotes", "aggregate"):
        assert StageConfig.from_settings(stage, "c1", settings).concurrency == 1
    assert StageConfig.from_settings("aggregate", "c1", settings).maxlen == 50


def test_no_batching_still_overlaps_reading_with_the_parse():
    entities = StageConfig.from_settings("entities", "c1", Settings(parse_batch=1))
    assert entities.concurrency == 2
