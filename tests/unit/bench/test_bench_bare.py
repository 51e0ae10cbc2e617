"""(a) the bare parse: the texts of the corpus, timed; warmed up on them first when asked."""

import orjson
import pytest

from services.bench import bare
from services.nlp.model import ModelNotInstalled


class CountingNlp:
    pipeline: list[tuple[str, object]] = []  # no trainable steps: `library_of` says BLIS

    def __init__(self) -> None:
        self.passes: list[int] = []

    def __call__(self, text: str) -> list[str]:
        return text.split()

    def pipe(self, texts: list[str], batch_size: int) -> list[list[str]]:
        self.passes.append(len(texts))
        return [text.split() for text in texts]


def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"text": t}) + b"\n" for t in ("a b", "c d e")))
    return str(path)


def test_the_corpus_is_parsed_once_and_counted(tmp_path, monkeypatch):
    nlp = CountingNlp()
    monkeypatch.setattr(bare, "load_model", lambda name, stock, matmul: nlp)
    result = bare.main(corpus(tmp_path), "stock")
    assert nlp.passes == [2]
    assert result["articles"] == 2 and result["tokens"] == 5
    assert result["matmul"] == "blis"


def test_the_workers_model_multiplies_as_set_and_the_stock_one_as_shipped(tmp_path, monkeypatch):
    libraries = {}
    try:
        for setting in ("numpy", "blis"):
            monkeypatch.setenv("NEWSFLOW_MATMUL", setting)
            libraries[setting] = bare.main(corpus(tmp_path), "newsflow")["matmul"]
        shipped = bare.main(corpus(tmp_path), "stock")  # NEWSFLOW_MATMUL=blis still set
        monkeypatch.setenv("NEWSFLOW_MATMUL", "numpy")
        shipped_too = bare.main(corpus(tmp_path), "stock")
    except ModelNotInstalled as error:
        pytest.skip(str(error))
    assert libraries == {"numpy": "numpy", "blis": "blis"}
    assert shipped["matmul"] == shipped_too["matmul"] == "blis"  # spaCy's own, whatever is set
    assert shipped["tokens"] == 5


def test_warm_parses_the_texts_once_before_the_timed_pass(tmp_path, monkeypatch):
    nlp = CountingNlp()
    monkeypatch.setattr(bare, "load_model", lambda name, stock, matmul: nlp)
    result = bare.main(corpus(tmp_path), "stock", "warm")
    assert nlp.passes == [2, 2]
    assert result["articles"] == 2 and result["tokens"] == 5
