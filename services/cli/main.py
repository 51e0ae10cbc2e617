"""newsflow: news articles in; entities, attributed quotes and live aggregates out.

Each command lives in its own module `services/cli/<command>.py` with `run(args, settings)`.
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

from pydantic import SecretStr, ValidationError

from services.entities.aliases import AliasTableError
from services.nlp.model import ModelNotInstalled
from services.runtime.lifeline import watch_parent
from shared.settings import Settings
from shared.streams import STAGES


def _redis_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redis-url", metavar="URL", help="Redis to use (default: $NEWSFLOW_REDIS_URL)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsflow", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    up = commands.add_parser("up", help="run every stage and the API (embedded Redis by default)")
    _redis_flag(up)
    up.add_argument(
        "--publish", nargs="+", default=[], metavar="PATH", help="publish these once up"
    )
    up.add_argument("--api-port", type=int, default=8000, metavar="N")
    up.add_argument("--no-api", action="store_true", help="don't start the query API")
    up.add_argument(
        "--exit-when-done",
        action="store_true",
        help="with --publish: stop once everything published is aggregated",
    )

    worker = commands.add_parser("worker", help="run one stage (start it N times to scale)")
    worker.add_argument("stage", choices=STAGES)
    _redis_flag(worker)

    publish = commands.add_parser("publish", help="publish articles to articles.raw")
    publish.add_argument("paths", nargs="+", metavar="PATH")
    _redis_flag(publish)

    extract = commands.add_parser("extract", help="extract entities and quotes, no Redis")
    extract.add_argument("inputs", nargs="+", metavar="INPUT")
    extract.add_argument("-o", "--output", metavar="OUT.jsonl")

    tail = commands.add_parser("tail", help="print a stream's messages as JSON lines")
    tail.add_argument("stream")
    _redis_flag(tail)
    tail.add_argument(
        "--from-start",
        action="store_true",
        help="from the first retained entry, not new ones (with --group: where a new group "
        "starts; an existing group resumes where it was)",
    )
    tail.add_argument("--count", type=int, metavar="N", help="stop after N messages")
    tail.add_argument(
        "--group",
        metavar="NAME",
        help="read as a member of this consumer group: ack what was printed, resume there",
    )
    tail.add_argument(
        "--consumer", metavar="NAME", help="with --group: this member's name (default: hostname)"
    )
    tail.add_argument(
        "--no-follow",
        action="store_true",
        help="with --group: stop when nothing more is waiting instead of following",
    )

    eval_ = commands.add_parser("eval", help="score extraction against a gold file")
    eval_.add_argument("gold", metavar="GOLD.jsonl")
    eval_.add_argument("--json", action="store_true")

    bench = commands.add_parser("bench", help="benchmark against the bare spaCy parse")
    bench.add_argument("--corpus", required=True, metavar="PATH")
    bench.add_argument("--articles", type=int, default=100, metavar="N")
    bench.add_argument("--json", action="store_true")
    _redis_flag(bench)

    api = commands.add_parser("api", help="run the query API alone")
    _redis_flag(api)
    api.add_argument("--port", type=int, default=8000, metavar="N")
    api.add_argument("--host", default="127.0.0.1")

    rebuild = commands.add_parser(
        "rebuild", help="recompute the hot aggregates from the archive and articles.enriched"
    )
    _redis_flag(rebuild)

    export = commands.add_parser("export", help="write an archive table as CSV, Parquet or JSONL")
    export.add_argument("table", metavar="{articles,mentions,quotes}")
    export.add_argument("--format", choices=("csv", "parquet", "jsonl"), default="csv")
    export.add_argument("--since", metavar="DAY", help="first UTC day (YYYY-MM-DD), inclusive")
    export.add_argument("--until", metavar="DAY", help="last UTC day (YYYY-MM-DD), inclusive")
    export.add_argument("--source", metavar="S", help="only articles from this source")
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a file, or - (stdout)"
    )

    compact = commands.add_parser("compact", help="merge the archive's small files, per day")
    compact.add_argument("--since", metavar="DAY")
    compact.add_argument("--until", metavar="DAY")
    compact.add_argument(
        "--min-files", type=int, default=2, metavar="N", help="merge days with at least N files"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    watch_parent()  # a child of `newsflow up` where the kernel cannot watch for us
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            name = "NEWSFLOW_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(
                f"newsflow: bad setting {name}={problem.get('input')!r}: {problem['msg']}",
                file=sys.stderr,
            )
        return 2
    if getattr(args, "redis_url", None):
        settings = settings.model_copy(update={"redis_url": SecretStr(args.redis_url)})
    command = importlib.import_module(f"services.cli.{args.command.replace('-', '_')}_cmd")
    try:
        return int(command.run(args, settings))
    except KeyboardInterrupt:
        return 130
    except (
        ModelNotInstalled,
        AliasTableError,
        FileNotFoundError,
        PermissionError,
        IsADirectoryError,
    ) as error:  # a user's setting or path: one line, no traceback
        print(f"newsflow {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
