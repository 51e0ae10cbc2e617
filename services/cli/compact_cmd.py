"""`newsflow compact [--since DAY] [--until DAY]`: merge the archive's small files per day."""

import argparse
import sys

from services.archive.compact import compact
from services.archive.query import ArchiveQuery
from shared.settings import Settings
from shared.timeline import BadDay, parse_day


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        since = parse_day(args.since) if args.since else None
        until = parse_day(args.until) if args.until else None
    except BadDay as error:
        print(f"newsflow compact: --since/--until: {error}", file=sys.stderr)
        return 2
    query = ArchiveQuery(settings.archive_location())
    try:
        done = compact(query, since=since, until=until, min_files=args.min_files)
    except OSError as error:
        print(f"newsflow compact: {error}", file=sys.stderr)
        return 1
    for day in done:
        print(
            f"{day.day}: {day.files_before} files -> {day.files_after}, "
            f"{day.rows_dropped} superseded or repeated rows dropped"
        )
    print(f"compacted {len(done)} day(s) in {query.location.url}", file=sys.stderr)
    return 0
