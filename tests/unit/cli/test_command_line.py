"""The command line explains itself: --version, each option's help with its default, a bad
option shown with its own command's usage, a bad Redis URL in one line."""

import argparse
import io

import pytest

from services.cli.inputs import STDIN_NAME, inputs
from services.cli.main import _parser, main
from services.ingest.sources import Payload
from shared.settings import Settings


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("newsflow ") and out.split()[1][0].isdigit()


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_has_help_that_says_its_default(name):
    """An option that takes a value prints `(default: …)`, or its help says in words what
    leaving it out does. (A new command's options must too: add `help=`.)"""
    parser = _commands()[name]
    formatter = parser._get_formatter()
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"newsflow {name} {action.dest}: no help text"
        if action.option_strings and action.nargs != 0:
            shown = formatter._expand_help(action)
            assert "default" in shown or action.required, f"newsflow {name}: {shown!r}"


def test_the_help_shows_a_value_default():
    text = _commands()["api"].format_help()
    assert "(default: 8000)" in " ".join(text.split())


@pytest.mark.parametrize("command", ["up", "extract", "publish", "tail"])
def test_a_bad_option_shows_that_commands_usage(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--bogus", *(["x"] if command != "up" else [])])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"usage: newsflow {command} " in err
    assert f"newsflow {command}: error: unrecognized arguments: --bogus" in err


def test_a_bad_field_mapping_is_a_usage_error_naming_it(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "x.jsonl", "--field", "newspaper=paper"])
    err = capsys.readouterr().err
    assert "usage: newsflow extract" in err and "'paper' is no article field" in err


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("localhost:6379", "it must start with redis://, rediss:// (TLS) or unix://"),
        ("redis://:s3cret@127.0.0.1:port/0", "Port could not be cast to integer"),
        ("redis://127.0.0.1:6379/zero", "the database 'zero' is not a number"),
    ],
)
def test_a_malformed_redis_url_is_one_line_without_the_password(url, reason, capsys):
    assert main(["tail", "articles.enriched", "--redis-url", url]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("newsflow tail: --redis-url '")
    assert reason in err[0] and "s3cret" not in err[0]


def test_a_malformed_redis_url_in_the_environment_is_named_by_its_variable(monkeypatch, capsys):
    monkeypatch.setenv("NEWSFLOW_REDIS_URL", "127.0.0.1:6379")
    assert main(["publish", "nothing.txt"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("newsflow publish: NEWSFLOW_REDIS_URL '127.0.0.1:6379' is no Redis URL")


def test_dash_reads_articles_from_standard_input():
    stdin = io.BytesIO(b'{"text": "One.", "outlet": "A"}\n{"text": "Two."}\n')
    items = list(inputs(["-"], Settings(), stdin=stdin))
    assert items == [
        Payload(f"{STDIN_NAME}:1", {"text": "One.", "outlet": "A"}),
        Payload(f"{STDIN_NAME}:2", {"text": "Two."}),
    ]


def test_dash_reads_a_plain_text_article_from_standard_input():
    (item,) = inputs(["-"], Settings(), stdin=io.BytesIO(b"A title\n\nThe body."))
    assert item == Payload(STDIN_NAME, {"title": "A title", "text": "The body."})
