"""`newsflow export TABLE --format F [--since DAY] [--until DAY] [--source S] -o FILE|-`: the
archive's latest rows of one table as CSV (with a header), Parquet or JSON lines."""

import argparse
import os
import sys
import tempfile
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from services.archive.query import EXPORT_COLUMNS, ArchiveQuery, ArchiveUnavailable, Window
from services.archive.schema import TABLES
from services.cli.progress import Progress
from shared.settings import Settings
from shared.timeline import BadDay, parse_day

FORMATS = ("csv", "parquet", "jsonl")


class ExportError(ValueError):
    """A bad argument or an output that cannot be written; the message says which."""


def _window(args: argparse.Namespace) -> Window:
    try:
        since = parse_day(args.since) if args.since else None
        until = parse_day(args.until) if args.until else None
    except BadDay as error:
        raise ExportError(f"--since/--until: {error}") from None
    if since and until and since > until:
        raise ExportError(f"--since {args.since} is after --until {args.until}")
    return Window(since, until, args.source)


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise ExportError(f"cannot write {path}: permission denied")


def export(
    query: ArchiveQuery,
    table: str,
    fmt: str,
    window: Window,
    output: str,
    progress: Progress | None = None,
) -> int:
    """Writes the rows; returns how many. `output` "-" is stdout. `progress` hears of every
    batch of rows written."""
    selected = query.export(table, window)
    data = query.arrow(*selected) if selected is not None else None
    if progress is not None:
        progress.update(f"exporting {table}", 0 if data is None else int(data.num_rows))
    if output == "-":
        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / f"export.{fmt}"
            rows = _write(data, table, fmt, target, progress)
            with open(target, "rb") as produced:
                while chunk := produced.read(1 << 20):
                    sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        return rows
    target = Path(output)
    _check_writable(target)
    partial = target.with_name(f".{target.name}.partial")
    try:
        rows = _write(data, table, fmt, partial, progress)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {error.strerror or error}") from None
    return rows


#: rows written between two progress updates
BATCH_ROWS = 10_000


def _write(
    data: pa.Table | None, table: str, fmt: str, path: Path, progress: Progress | None = None
) -> int:
    if data is None:  # nothing archived yet: an empty file with the table's columns
        names = [c.strip('"') for c in EXPORT_COLUMNS[table]]
        data = pa.table({n: pa.array([], pa.string()) for n in names})
    batches = data.to_batches(BATCH_ROWS)
    if fmt == "csv":
        with pacsv.CSVWriter(path, data.schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                _advance(progress, batch.num_rows)
    elif fmt == "parquet":
        with pq.ParquetWriter(path, data.schema, compression="zstd") as writer:
            for batch in batches:
                writer.write_batch(batch)
                _advance(progress, batch.num_rows)
    else:
        with open(path, "wb") as out:
            for batch in batches:
                for row in batch.to_pylist():
                    out.write(orjson.dumps(row, default=str) + b"\n")
                _advance(progress, batch.num_rows)
    return int(data.num_rows)


def _advance(progress: Progress | None, rows: int) -> None:
    if progress is not None:
        progress.advance(rows)


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        if args.table not in TABLES:
            raise ExportError(f"unknown table {args.table!r} (choose from {', '.join(TABLES)})")
        window = _window(args)
        query = ArchiveQuery(settings.archive_location())
        with Progress(f"exporting {args.table}", unit="rows") as progress:
            rows = export(query, args.table, args.format, window, args.output, progress)
    except (ExportError, ArchiveUnavailable) as error:
        print(f"newsflow export: {error}", file=sys.stderr)
        return 2
    where = "stdout" if args.output == "-" else args.output
    progress.finish(f"exported {rows} {args.table} rows to {where} in {progress.elapsed_s:.1f} s")
    return 0
