"""`newsflow export`: the archive's latest rows as CSV, Parquet or JSON lines; one-line errors."""

import csv
import io
import json

import pytest

from services.aggregate.synthetic import record
from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.cli.main import main


@pytest.fixture
def archive(tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    archiver = Archiver(Location.of(str(folder)), "w1")
    lavrov = ("Sergei Lavrov", "PERSON", 2)
    archiver.write(
        [
            Delivered(
                record(
                    "a1",
                    entities=[lavrov],
                    quotes=[("Sergei Lavrov", "We agree")],
                    source="tass",
                    published_at="2026-01-01T08:00:00Z",
                ),
                0,
                1,
            ),
            Delivered(
                record("a2", entities=[lavrov], source="bbc", published_at="2026-01-05"), 0, 1
            ),
        ]
    )
    archiver.write(
        [Delivered(record("a2", entities=[lavrov], source="bbc", published_at="2026-01-05"), 0, 1)]
    )
    monkeypatch.setenv("NEWSFLOW_ARCHIVE_DIR", str(folder))
    return folder


def test_quotes_as_csv_on_stdout_carry_speaker_source_day_and_offsets(archive, capsysbinary):
    assert main(["export", "quotes", "--format", "csv", "-o", "-"]) == 0

    (row,) = csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode()))
    assert (row["speaker_name"], row["source"], row["day"], row["text"]) == (
        "Sergei Lavrov",
        "tass",
        "2026-01-01",
        "We agree",
    )
    assert int(row["end"]) - int(row["start"]) == len("We agree")


def test_a_window_and_a_source_narrow_the_rows_and_duplicates_never_show(archive, tmp_path):
    out = tmp_path / "mentions.jsonl"

    assert (
        main(["export", "mentions", "--format", "jsonl", "--since", "2026-01-02", "-o", str(out)])
        == 0
    )
    assert (
        main(
            [
                "export",
                "articles",
                "--format",
                "jsonl",
                "--source",
                "bbc",
                "-o",
                str(tmp_path / "a.jsonl"),
            ]
        )
        == 0
    )

    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["article_id"], r["day"]) for r in rows] == [("a2", "2026-01-05")] * 2
    articles = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert [a["id"] for a in articles] == ["a2"]


def test_the_parquet_export_opens_in_duckdb_and_pandas(archive, tmp_path):
    import duckdb
    import pandas

    out = tmp_path / "quotes.parquet"
    assert main(["export", "quotes", "--format", "parquet", "-o", str(out)]) == 0

    assert duckdb.sql(f"SELECT speaker_id FROM '{out}'").fetchall() == [("person:sergei-lavrov",)]
    assert pandas.read_parquet(out)["source"].tolist() == ["tass"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["export", "quotez", "-o", "-"], "unknown table 'quotez'"),
        (["export", "quotes", "--since", "2026-02-30", "-o", "-"], "not a date: '2026-02-30'"),
        (
            ["export", "quotes", "--since", "2026-02-03", "--until", "2026-02-01", "-o", "-"],
            "is after",
        ),
        (["export", "quotes", "-o", "/no/such/folder/q.csv"], "no folder /no/such/folder"),
    ],
)
def test_bad_arguments_get_one_line_and_a_non_zero_exit(archive, capsys, argv, says):
    assert main(argv) == 2

    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_an_unwritable_output_gets_one_line(archive, tmp_path, capsys):
    assert main(["export", "quotes", "-o", str(tmp_path)]) == 2

    assert "it is a folder" in capsys.readouterr().err
