from services.cli.main import main


def test_a_missing_corpus_is_one_line_and_exit_2(tmp_path, capsys):
    code = main(["bench", "--corpus", str(tmp_path / "missing.jsonl")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1
    assert "missing.jsonl" in err[0]


def test_a_corpus_without_articles_exits_2(tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("\n")
    assert main(["bench", "--corpus", str(tmp_path / "empty.jsonl")]) == 2
    assert "newsflow bench:" in capsys.readouterr().err
