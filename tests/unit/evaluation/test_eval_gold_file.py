import argparse

import orjson
import pytest

from services.cli import eval_cmd
from services.evaluation.gold import GoldFileError, parse_gold
from shared.settings import Settings


def test_gold_lines_become_articles_with_located_quotes():
    line = orjson.dumps(
        {
            "id": "a",
            "text": "He said it was fine.",
            "people": ["Al Bo"],
            "quotes": [
                {
                    "quote": "it was fine",
                    "quote_span_raw": None,
                    "kind": "indirect",
                    "reference": "Al Bo",
                }
            ],
        }
    )
    (article,) = parse_gold([line, b"  "])
    (quote,) = article.quotes
    assert (quote.start, quote.end) == (8, 19)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([b"not json"], "line 1: not JSON"),
        ([b'{"text": "t"}'], "line 1: missing or non-string field 'id'"),
        ([b'{"id": "a", "text": "t", "quotes": [{"kind": "direct"}]}'], "without a 'quote'"),
        ([b""], "no articles"),
    ],
)
def test_bad_gold_lines_name_the_problem(lines, message):
    with pytest.raises(GoldFileError, match=message):
        parse_gold(lines)


def run_eval(path: str) -> int:
    return eval_cmd.run(argparse.Namespace(gold=path, json=False), Settings())


def test_missing_gold_file_is_one_line_and_exit_2(tmp_path, capsys):
    assert run_eval(str(tmp_path / "absent.jsonl")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err


def test_gold_file_that_is_not_jsonl_is_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "gold.jsonl"
    path.write_text("id,text\n1,hello\n")
    assert run_eval(str(path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not JSON" in err
