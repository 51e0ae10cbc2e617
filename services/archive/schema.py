"""The archive's three tables: names, columns and Parquet types (what every reader sees).

Layout under the archive location (a folder, or an object-store URL):

    <table>/day=YYYY-MM-DD/<batch>.parquet

`day` is the article's UTC day (a Hive-style partition: DuckDB, pyarrow, pandas, polars,
Spark and Trino read it as a column). Times are milliseconds since the epoch (`*_ms`) and
`ts`, the article's time as a UTC timestamp.
"""

import pyarrow as pa

TABLES = ("articles", "mentions", "quotes")

_ts = pa.timestamp("ms", tz="UTC")

ARTICLES = pa.schema(
    [
        ("id", pa.string()),
        ("version", pa.string()),
        ("batch", pa.string()),
        ("published_ms", pa.int64()),
        ("archived_ms", pa.int64()),
        ("ts", _ts),
        ("published_at", pa.string()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("language", pa.string()),
        ("text", pa.string()),
        ("n_entities", pa.int32()),
        ("n_mentions", pa.int32()),
        ("n_quotes", pa.int32()),
        ("entities", pa.string()),  # JSON: the record's `entities`
        ("quotes", pa.string()),  # JSON: the record's `quotes`
    ]
)

MENTIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("batch", pa.string()),
        ("source", pa.string()),
        ("ts", _ts),
        ("entity_id", pa.string()),
        ("entity_index", pa.int32()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("text", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("counted", pa.bool_()),
    ]
)

QUOTES = pa.schema(
    [
        ("article_id", pa.string()),
        ("batch", pa.string()),
        ("source", pa.string()),
        ("ts", _ts),
        ("published_at", pa.string()),
        ("quote_index", pa.int32()),
        ("speaker_id", pa.string()),
        ("speaker_name", pa.string()),
        ("speaker_entity_id", pa.string()),
        ("text", pa.string()),
        ("kind", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("cue", pa.string()),
        ("cue_start", pa.int32()),
        ("cue_end", pa.int32()),
        ("speaker_text", pa.string()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("counted", pa.bool_()),
    ]
)

SCHEMAS = {"articles": ARTICLES, "mentions": MENTIONS, "quotes": QUOTES}


def table_of(name: str, rows: list[dict]) -> pa.Table:
    """Rows (as `services.archive.rows` makes them, `ts_ms` for `ts`) as an Arrow table."""
    schema = SCHEMAS[name]
    columns = {}
    for column in schema.names:
        source = "ts_ms" if column == "ts" else column
        columns[column] = [row.get(source) for row in rows]
    return pa.table(columns, schema=schema)
