"""newsflow: news articles in; entities, attributed quotes and live aggregates out.

Each command lives in its own module `services/cli/<command>_cmd.py` with `run(args, settings)`.
Every option says its default in `--help` (`parser.HelpFormatter`); a bad option prints that
command's usage (`parser.CommandParser`).
"""

import argparse
import importlib
import sys
from collections.abc import Sequence

from pydantic import SecretStr, ValidationError

from services.cli.parser import CommandParser, HelpFormatter, field_spec, version
from services.entities.aliases import AliasTableError
from services.nlp.model import ModelNotInstalled
from services.runtime.lifeline import watch_parent
from services.runtime.redis_url import BadRedisUrl, check_redis_url
from shared.settings import Settings
from shared.streams import STAGES

_DEFAULT_REDIS = "$NEWSFLOW_REDIS_URL, else redis://127.0.0.1:6379/0"
#: commands that never read NEWSFLOW_REDIS_URL (the benchmark flushes its Redis: only a URL
#: named on its command line is used)
_OWN_REDIS = frozenset({"bench"})


def _redis_flag(parser: argparse.ArgumentParser, default: str = _DEFAULT_REDIS) -> None:
    parser.add_argument("--redis-url", metavar="URL", help=f"the Redis to use (default: {default})")


def _field_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--field",
        action="append",
        default=[],
        type=field_spec,
        metavar="NAME=field",
        help="read the input field NAME as the article's field (e.g. newspaper=source, "
        "pub_time=published_at); repeat for more. outlet/publisher/site_name, headline and "
        "date/pubDate/publish_date are understood without it "
        "(default: $NEWSFLOW_FIELD_MAP, else none)",
    )


def _inputs(parser: argparse.ArgumentParser, name: str, what: str) -> None:
    parser.add_argument(
        name,
        nargs="+",
        metavar=what,
        help=".txt, .json, .jsonl, .html or RSS/Atom .xml files, folders of them, http(s) URLs, "
        "or - for standard input",
    )


def _parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="newsflow", description=__doc__.split("\n")[0], formatter_class=HelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )

    def command(name: str, help: str, description: str | None = None) -> CommandParser:
        made: CommandParser = commands.add_parser(
            name, help=help, description=description or help, formatter_class=HelpFormatter
        )
        return made

    up = command("up", "run every stage and the API (embedded Redis by default)")
    _redis_flag(up, "$NEWSFLOW_REDIS_URL, else an embedded Redis in $NEWSFLOW_DATA_DIR")
    up.add_argument(
        "--publish",
        nargs="+",
        default=[],
        metavar="PATH",
        help="publish these inputs once the stages are up, and print each article as it is "
        "enriched (default: publish nothing)",
    )
    _field_flag(up)
    up.add_argument("--api-port", type=int, default=8000, metavar="N", help="the query API's port")
    up.add_argument("--no-api", action="store_true", help="don't start the query API")
    up.add_argument(
        "--exit-when-done",
        action="store_true",
        help="with --publish: stop once everything published is aggregated",
    )

    worker = command("worker", "run one stage (start it N times to scale)")
    worker.add_argument("stage", choices=STAGES, help="the stage to run")
    _redis_flag(worker)

    publish = command("publish", "publish articles to articles.raw")
    _inputs(publish, "paths", "PATH")
    _redis_flag(publish)
    _field_flag(publish)

    extract = command("extract", "extract entities and quotes, no Redis")
    _inputs(extract, "inputs", "INPUT")
    extract.add_argument(
        "-o", "--output", metavar="OUT.jsonl", help="write the records here (default: stdout)"
    )
    _field_flag(extract)

    tail = command("tail", "print a stream's messages as JSON lines")
    tail.add_argument("stream", help="e.g. articles.enriched, aggregates.updates, a .dlq stream")
    _redis_flag(tail)
    tail.add_argument(
        "--from-start",
        action="store_true",
        help="from the first retained entry, not new ones (with --group: where a new group "
        "starts; an existing group resumes where it was)",
    )
    tail.add_argument(
        "--count", type=int, metavar="N", help="stop after N messages (default: no limit)"
    )
    tail.add_argument(
        "--group",
        metavar="NAME",
        help="read as a member of this consumer group: ack what was printed, resume there "
        "(default: no group, nothing acknowledged)",
    )
    tail.add_argument(
        "--consumer",
        metavar="NAME",
        help="with --group: this member's name (default: the host name)",
    )
    tail.add_argument(
        "--no-follow",
        action="store_true",
        help="with --group: stop when nothing more is waiting instead of following",
    )

    eval_ = command("eval", "score extraction against a gold file")
    eval_.add_argument("gold", metavar="GOLD.jsonl", help="the gold file, or - for standard input")
    eval_.add_argument("--json", action="store_true", help="one JSON line instead of a table")

    bench = command("bench", "benchmark against the bare spaCy parse")
    bench.add_argument(
        "--corpus",
        metavar="PATH",
        help="JSONL files or folders, joined with ':' (default: none; required unless --api-only)",
    )
    bench.add_argument(
        "--articles", type=int, default=100, metavar="N", help="articles per measured run"
    )
    bench.add_argument(
        "--api-only",
        action="store_true",
        help="only the query API's browsing routes (/search, /quotes, /articles) over "
        "--api-articles synthetic articles: no corpus, no NLP",
    )
    bench.add_argument(
        "--api-articles",
        type=int,
        default=10_000,
        metavar="N",
        help="synthetic articles in the store for the API query figures",
    )
    bench.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    bench.add_argument(
        "--cluster",
        action="store_true",
        help="instead: one Redis node and a local 3-primary Redis Cluster side by side",
    )
    _redis_flag(bench, "a private embedded Redis; a named one must be empty")

    api = command("api", "run the query API alone")
    _redis_flag(api)
    api.add_argument("--port", type=int, default=8000, metavar="N", help="the port to serve on")
    api.add_argument("--host", default="127.0.0.1", help="the address to serve on")

    rebuild = command(
        "rebuild", "recompute the hot aggregates from the archive and articles.enriched"
    )
    _redis_flag(rebuild)

    export = command("export", "write an archive table as CSV, Parquet or JSON lines")
    export.add_argument(
        "table",
        metavar="{articles,mentions,quotes}",
        help="the table: one row per article, per entity mention, or per quote",
    )
    export.add_argument(
        "--format", choices=("csv", "parquet", "jsonl"), default="csv", help="the file format"
    )
    export.add_argument(
        "--since",
        metavar="DAY",
        help="first UTC day (YYYY-MM-DD), inclusive (default: the first archived day)",
    )
    export.add_argument(
        "--until",
        metavar="DAY",
        help="last UTC day (YYYY-MM-DD), inclusive (default: the last archived day)",
    )
    export.add_argument(
        "--source", metavar="S", help="only articles from this source (default: every source)"
    )
    export.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="a file, or - for stdout (required)"
    )

    compact = command("compact", "merge the archive's small files, per day")
    compact.add_argument(
        "--since", metavar="DAY", help="first UTC day to compact (default: the first archived day)"
    )
    compact.add_argument(
        "--until", metavar="DAY", help="last UTC day to compact (default: the last archived day)"
    )
    compact.add_argument(
        "--min-files", type=int, default=2, metavar="N", help="merge days with at least N files"
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    """The environment's settings with the command line's overrides; raises `BadRedisUrl`."""
    settings = Settings()
    if getattr(args, "redis_url", None):
        url = check_redis_url(args.redis_url, "--redis-url")
        settings = settings.model_copy(update={"redis_url": SecretStr(url)})
    elif hasattr(args, "redis_url") and args.command not in _OWN_REDIS and settings.redis_url:
        check_redis_url(settings.redis_url.get_secret_value(), "NEWSFLOW_REDIS_URL")
    if hasattr(args, "redis_url") and settings.aggregate_redis_url:
        url = settings.aggregate_redis_url.get_secret_value()
        check_redis_url(url, "NEWSFLOW_AGGREGATE_REDIS_URL")
    if fields := getattr(args, "field", None):
        merged = {**settings.field_map}
        for mapping in fields:
            merged.update(mapping)
        settings = settings.model_copy(update={"field_map": merged})
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    watch_parent()  # a child of `newsflow up` where the kernel cannot watch for us
    args = _parser().parse_args(argv)
    try:
        settings = _settings(args)
    except ValidationError as error:
        for problem in error.errors(include_url=False):
            name = "NEWSFLOW_" + "_".join(str(part) for part in problem["loc"]).upper()
            print(
                f"newsflow: bad setting {name}={problem.get('input')!r}: {problem['msg']}",
                file=sys.stderr,
            )
        return 2
    except BadRedisUrl as error:
        print(f"newsflow {args.command}: {error}", file=sys.stderr)
        return 2
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
