"""How `newsflow`'s command line reads and explains itself (argparse, with three fixes):

- a bad option is reported with the usage of the command it was given to (`newsflow up
  --bogus` shows `up`'s usage, not the list of commands);
- every option's help ends with its default when it has a value (`(default: 8000)`); an
  option without one says in its own words what happens when it is left out;
- `--field NAME=field` is checked as it is read, so a bad one is a usage error too.
"""

import argparse
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from typing import Any

from shared.settings import BadFieldMap, parse_field_map


class CommandParser(argparse.ArgumentParser):
    """argparse's parser, except that a subcommand rejects arguments it does not know itself
    (argparse hands them up to the top-level parser, whose usage says nothing of them)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras and self._subparsers is None:  # a command's own parser, not the top level
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Each option's help ends with its default, when it has one worth printing."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default: Any = action.default
        if (
            "default" in text
            or not action.option_strings
            or default in (None, False, [], argparse.SUPPRESS)
        ):
            return text
        return f"{text} (default: %(default)s)"


def field_spec(spec: str) -> dict[str, str]:
    """One `--field NAME=field`, checked (argparse prints the message with the usage)."""
    try:
        return parse_field_map([spec])
    except BadFieldMap as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def version() -> str:
    """The installed package's version (`newsflow --version`)."""
    try:
        return package_version("newsflow")
    except PackageNotFoundError:
        return "(not installed: run from a source folder)"
