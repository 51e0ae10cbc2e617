from services.cli.main import main


def test_group_only_options_without_a_group_are_refused_in_one_line(capsys):
    assert main(["tail", "articles.enriched", "--no-follow"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["newsflow tail: --consumer and --no-follow go with --group NAME"]
