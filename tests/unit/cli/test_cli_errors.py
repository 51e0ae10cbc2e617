import pytest

from services.cli.main import main


def test_a_bad_setting_is_named_with_its_value_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("NEWSFLOW_MAX_ATTEMPTS", "0")
    assert main(["extract", "nothing.txt"]) == 2
    err = capsys.readouterr().err
    assert (
        "bad setting NEWSFLOW_MAX_ATTEMPTS='0': Input should be greater than or equal to 1" in err
    )
    assert "Traceback" not in err


def test_a_missing_alias_table_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("NEWSFLOW_ALIAS_TABLE", str(tmp_path / "absent.json"))
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nBody text here.")
    assert main(["extract", str(article)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "absent.json" in err[0]


def test_an_unknown_stage_is_refused_by_the_parser():
    with pytest.raises(SystemExit) as exit_:
        main(["worker", "nonsense"])
    assert exit_.value.code == 2
