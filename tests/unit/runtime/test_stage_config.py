"""Each stage's delivery settings: what every stage shares, read once from the settings, and
what a stage says of itself."""

from services.runtime.stage import StageConfig
from services.runtime.worker import trims
from shared.settings import Settings


def test_every_stage_shares_the_delivery_settings():
    settings = Settings(
        max_attempts=5, reclaim_idle_ms=4000, batch_size=3, poll_ms=50, stream_maxlen=1000
    )
    config = StageConfig.from_settings("quotes", "host-1", settings)
    assert (config.stage, config.consumer) == ("quotes", "host-1")
    assert (config.max_attempts, config.reclaim_idle_ms) == (5, 4000)
    assert (config.batch_size, config.poll_ms) == (3, 50)
    assert config.maxlen == 1000 and config.concurrency == 1


def test_a_stage_says_how_many_messages_it_holds_and_how_long_its_output_is():
    settings = Settings(stream_maxlen=1000, max_attempts=5)
    config = StageConfig.from_settings("entities", "host-1", settings, concurrency=16, maxlen=50)
    assert (config.concurrency, config.maxlen, config.max_attempts) == (16, 50, 5)


def test_the_streams_only_stages_read_are_trimmed_by_default_the_public_one_when_asked():
    internal, every, off = Settings(trim="internal"), Settings(trim="all"), Settings(trim="off")
    assert [trims(stage, internal) for stage in ("ingest", "entities", "quotes")] == [True] * 3
    assert trims("aggregate", internal) is False  # articles.enriched: downstream readers'
    assert trims("aggregate", every) is True
    assert not any(trims(stage, off) for stage in ("ingest", "entities", "quotes", "aggregate"))


def test_waiting_for_replicas_is_off_unless_asked_for():
    assert StageConfig.from_settings("ingest", "host-1", Settings()).replicas is None
    asked = Settings(wait_replicas=2, wait_timeout_ms=750)
    replicas = StageConfig.from_settings("ingest", "host-1", asked).replicas
    assert replicas is not None and (replicas.replicas, replicas.timeout_ms) == (2, 750)
