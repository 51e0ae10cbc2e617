"""(a) the bare parse: the texts of the corpus, timed; warmed up on them first when asked."""

import orjson

from services.bench import bare


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


def test_the_model_loads_with_the_matmul_setting(tmp_path, monkeypatch):
    loaded: list[tuple[bool, str]] = []

    def load(name, stock, matmul):
        loaded.append((stock, matmul))
        return CountingNlp()

    monkeypatch.setattr(bare, "load_model", load)
    monkeypatch.setenv("NEWSFLOW_MATMUL", "numpy")
    bare.main(corpus(tmp_path), "newsflow")
    bare.main(corpus(tmp_path), "stock")
    assert loaded == [(False, "numpy"), (True, "numpy")]


def test_warm_parses_the_texts_once_before_the_timed_pass(tmp_path, monkeypatch):
    nlp = CountingNlp()
    monkeypatch.setattr(bare, "load_model", lambda name, stock, matmul: nlp)
    result = bare.main(corpus(tmp_path), "stock", "warm")
    assert nlp.passes == [2, 2]
    assert result["articles"] == 2 and result["tokens"] == 5
