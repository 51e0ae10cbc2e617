"""Where the archive lives and how a batch becomes files that readers can trust.

A location is a folder or an object-store URL that pyarrow and DuckDB both understand
(`s3://bucket/newsflow`, `gs://…`, `abfs://…`; credentials from the usual environment
variables of each). Files are immutable: a batch writes new files under names no other writer
uses (`<batch>.parquet`, the batch naming its writer), so any number of writers share one
location without clobbering each other.

In a folder a file is written under a hidden temporary name, flushed to disk (fsync), renamed
into place and its folder synced: a reader never sees a partial file, and a file that is
visible survives a power cut. An object store makes an object visible only once it is whole.
The `articles` files of a batch are made visible last, after its `mentions` and `quotes`:
readers take an article row as the mark that its batch is complete (see `query.py`).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from services.archive.schema import TABLES

COMPRESSION = "zstd"


@dataclass(frozen=True)
class Location:
    """`root` is a local folder (`fs` None) or a path inside `fs` (an object store)."""

    url: str
    root: str
    fs: pafs.FileSystem | None

    @classmethod
    def of(cls, location: str) -> "Location":
        if "://" in location and not location.startswith("file://"):
            fs, root = pafs.FileSystem.from_uri(location)
            return cls(location.rstrip("/"), root.rstrip("/"), fs)
        folder = location.removeprefix("file://")
        return cls(folder.rstrip("/") or "/", str(Path(folder).expanduser()), None)

    @property
    def local(self) -> bool:
        return self.fs is None

    def table_glob(self, table: str) -> str:
        """What DuckDB reads for `table` (every day partition)."""
        return f"{self.url}/{table}/day=*/*.parquet"

    def day_folder(self, table: str, day: str) -> str:
        return f"{self.root}/{table}/day={day}"

    def has_table(self, table: str) -> bool:
        if self.fs is None:
            return any(Path(self.root, table).glob("day=*/*.parquet"))
        info = self.fs.get_file_info(
            pafs.FileSelector(f"{self.root}/{table}", allow_not_found=True)
        )
        return bool(info)

    def days(self, table: str) -> list[str]:
        """The days that have a partition folder for `table`, in order."""
        if self.fs is None:
            base = Path(self.root, table)
            names = [p.name for p in base.glob("day=*")] if base.is_dir() else []
        else:
            selector = pafs.FileSelector(f"{self.root}/{table}", allow_not_found=True)
            names = [i.base_name for i in self.fs.get_file_info(selector)]
        return sorted(n.removeprefix("day=") for n in names if n.startswith("day="))

    def files(self, table: str, day: str) -> list[str]:
        """The visible Parquet files of one day partition of `table` (full paths)."""
        folder = self.day_folder(table, day)
        if self.fs is None:
            base = Path(folder)
            return sorted(str(p) for p in base.glob("*.parquet")) if base.is_dir() else []
        selector = pafs.FileSelector(folder, allow_not_found=True)
        return sorted(
            i.path for i in self.fs.get_file_info(selector) if i.path.endswith(".parquet")
        )

    def reader_path(self, path: str) -> str:
        """A path from `files` in the form DuckDB reads (the URL scheme for object stores)."""
        if self.fs is None:
            return path
        scheme = self.url.split("://", 1)[0]
        return f"{scheme}://{path}"

    def remove(self, path: str) -> None:
        if self.fs is None:
            Path(path).unlink(missing_ok=True)
        else:
            self.fs.delete_file(path)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(location: Location, table: str, day: str, name: str, data: pa.Table) -> str:
    """Writes `data` as `<table>/day=<day>/<name>.parquet`, atomically and durably; returns
    the path. Raises OSError (a full or read-only disk, a missing permission) untouched."""
    folder = location.day_folder(table, day)
    path = f"{folder}/{name}.parquet"
    if location.fs is not None:
        location.fs.create_dir(folder, recursive=True)
        with location.fs.open_output_stream(path) as out:
            pq.write_table(data, out, compression=COMPRESSION)
        return path
    target = Path(folder)
    if not target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        _fsync_folder(target.parent)
    temporary = target / f".{name}.parquet.tmp"
    try:
        with open(temporary, "wb") as out:
            pq.write_table(data, out, compression=COMPRESSION)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target)
    return path


def write_batch(location: Location, name: str, tables: dict[str, dict[str, pa.Table]]) -> list[str]:
    """Writes one batch: `tables[table][day]` -> a file each; `articles` last (see above)."""
    written = []
    for table in (*(t for t in TABLES if t != "articles"), "articles"):
        for day, data in sorted(tables.get(table, {}).items()):
            if data.num_rows:
                written.append(write_file(location, table, day, name, data))
    return written
