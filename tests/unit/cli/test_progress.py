"""Progress on stderr: a bar only on a terminal, the notes and the summary line always."""

import io

from services.cli.progress import Progress, extraction_summary


def test_into_a_file_there_is_no_bar_but_every_note_and_the_summary():
    err = io.StringIO()
    with Progress("extracting", total=2, file=err) as progress:
        assert not progress.shows_bar
        progress.say("rejected a.json: missing field 'text'")
        progress.advance()
        progress.advance()
    progress.finish("1 articles, 0 quotes, 2 entities in 0.0 s")
    assert err.getvalue().splitlines() == [
        "rejected a.json: missing field 'text'",
        "1 articles, 0 quotes, 2 entities in 0.0 s",
    ]


def test_with_a_bar_notes_print_above_it_and_the_summary_stays_after_it():
    err = io.StringIO()
    with Progress("extracting", total=3, file=err, bar=True) as progress:
        assert progress.shows_bar
        progress.update("extracting", 3)
        progress.say("loading model x: set by NEWSFLOW_MODEL")
        progress.advance(3)
    progress.finish("3 articles, 4 quotes, 5 entities in 0.1 s")
    lines = [line for line in err.getvalue().splitlines() if line.strip()]
    assert "loading model x: set by NEWSFLOW_MODEL" in lines
    assert lines[-1] == "3 articles, 4 quotes, 5 entities in 0.1 s"


def test_elapsed_time_counts_from_the_start_of_the_work():
    progress = Progress("x", file=io.StringIO())
    assert 0 <= progress.elapsed_s < 5


def test_the_extraction_summary_counts_in_words():
    assert extraction_summary(35, 522, 1345, 12.04) == (
        "35 articles, 522 quotes, 1345 entities in 12.0 s"
    )
    assert extraction_summary(1, 1, 1, 0.5) == "1 article, 1 quote, 1 entity in 0.5 s"
