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


def test_without_a_corpus_the_bench_says_it_needs_one_or_api_only(capsys):
    assert main(["bench"]) == 2
    assert "--corpus PATH is required (or --api-only)" in capsys.readouterr().err


def test_api_only_refuses_a_count_below_one(capsys):
    assert main(["bench", "--api-only", "--api-articles", "0"]) == 2
    assert "--api-articles must be at least 1, got 0" in capsys.readouterr().err
