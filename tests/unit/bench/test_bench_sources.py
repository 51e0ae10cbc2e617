import os

import pytest

from services.bench.sources import BadCorpus, corpus_paths, read_sources


def test_a_missing_path_is_named_in_the_error(tmp_path):
    with pytest.raises(BadCorpus, match="nowhere.jsonl"):
        corpus_paths(str(tmp_path / "nowhere.jsonl"))


def test_several_paths_are_joined_with_the_path_separator(tmp_path):
    (tmp_path / "a.txt").write_text("Title A\n\nBody of a.")
    folder = tmp_path / "more"
    folder.mkdir()
    spec = f"{tmp_path / 'a.txt'}{os.pathsep}{folder}"
    assert corpus_paths(spec) == [tmp_path / "a.txt", folder]


def test_a_folder_of_text_files_gives_one_source_each(tmp_path):
    (tmp_path / "one.txt").write_text("First\n\nThe mayor opened the bridge.")
    (tmp_path / "two.txt").write_text("Second\n\nThe ferry left at noon.")
    sources = read_sources(str(tmp_path), max_chars=10_000)
    assert [s.title for s in sources.articles] == ["First", "Second"]
    assert sources.articles[1].text == "The ferry left at noon."


def test_a_file_without_any_usable_article_is_refused(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"title": "no text"}\n')
    with pytest.raises(BadCorpus, match="no usable article"):
        read_sources(str(tmp_path / "bad.jsonl"), max_chars=10_000)
