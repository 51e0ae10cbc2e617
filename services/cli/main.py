"""The `newsflow` command line (CONTRACT.md). Each command lives in its own module."""

import argparse
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from shared.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsflow", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="extract entities and quotes, no Redis")
    extract.add_argument("inputs", nargs="+", metavar="INPUT")
    extract.add_argument("-o", "--output", metavar="OUT.jsonl")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"newsflow: bad configuration: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "extract":
            from services.cli import extract

            return extract.run(args.inputs, args.output, settings)
    except KeyboardInterrupt:
        return 130
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
