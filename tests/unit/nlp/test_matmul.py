"""The parse's matrix products in numpy's BLAS (`services.nlp.matmul`): chosen as set or by the
probe, held to one thread, and the parse the same as stock spaCy's on every token."""

import pytest
from pydantic import ValidationError
from spacy.language import Language
from threadpoolctl import threadpool_info

from services.nlp import matmul
from services.nlp.model import ModelNotInstalled, load_model
from shared.settings import Settings
from tests.unit.texts import dev_texts, needs_dev_texts, seed_texts


def load(**options) -> Language:
    try:
        return load_model(**options)
    except ModelNotInstalled as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def numpy_model() -> Language:
    return load(matmul="numpy")


def every_ops(nlp: Language) -> list[object]:
    return [
        node.ops
        for _, pipe in nlp.pipeline
        if getattr(pipe, "model", None) is not None
        for node in pipe.model.walk()
    ]


def parse(nlp: Language, texts: list[str]) -> list[tuple[object, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
        for doc in nlp.pipe(texts, batch_size=8)
        for t in doc
    ]


@pytest.mark.parametrize(
    ("numpy_s", "blis_s", "expected"),
    [(0.5, 2.0, "numpy"), (0.8, 1.0, "numpy"), (0.9, 1.0, "blis"), (2.0, 1.0, "blis")],
)
def test_numpy_is_picked_only_when_clearly_faster(numpy_s, blis_s, expected):
    assert matmul.pick({"numpy": numpy_s, "blis": blis_s}) == expected


def test_a_set_library_is_taken_without_probing(monkeypatch):
    def no_probe():
        raise AssertionError("probed although the library was set")

    monkeypatch.setattr(matmul, "probe", no_probe)
    assert matmul.choose("numpy") == ("numpy", {})
    assert matmul.choose("blis") == ("blis", {})


@pytest.mark.parametrize(
    ("timings", "expected"),
    [({"numpy": 0.5, "blis": 1.0}, "numpy"), ({"numpy": 0.95, "blis": 1.0}, "blis")],
)
def test_auto_takes_the_library_the_probe_found_clearly_faster(monkeypatch, timings, expected):
    monkeypatch.setattr(matmul, "probe", lambda: timings)
    assert matmul.choose("auto") == (expected, timings)


def test_the_probe_times_one_product_in_each_library():
    seconds = matmul.probe()
    assert set(seconds) == {"numpy", "blis"}
    assert all(0 < s < 1.0 for s in seconds.values())  # a 256 x 288 by 288 x 288 product


def test_blas_is_held_to_one_thread_once_chosen():
    matmul.choose("numpy")
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas, "numpy's BLAS is loaded"
    assert all(pool["num_threads"] == 1 for pool in blas)


def test_every_layer_of_the_model_multiplies_with_the_chosen_library(
    numpy_model: Language, stock: Language
):
    assert every_ops(numpy_model) and all(not ops.use_blis for ops in every_ops(numpy_model))
    assert all(ops.use_blis for ops in every_ops(stock))
    assert matmul.library_of(numpy_model) == "numpy"
    assert matmul.library_of(stock) == "blis"
    assert matmul.library_of(load(matmul="blis")) == "blis"


def test_the_parse_is_the_stock_parse_on_the_seed_and_awkward_text(
    numpy_model: Language, stock: Language
):
    texts = seed_texts() + [
        "“We won't,” Smith said.",
        "",
        "   ",
        "Word",
        "Dr. Jane O'Neil-Smith (D-N.Y.) said",
    ]
    fast, slow = parse(numpy_model, texts), parse(stock, texts)
    assert len(fast) > 500
    assert fast == slow
    assert any(iob == "B" for *_, iob, _ in fast), "entities were compared"


@needs_dev_texts
def test_the_parse_is_the_stock_parse_on_real_news(numpy_model: Language, stock: Language):
    texts = dev_texts(60)
    fast, slow = parse(numpy_model, texts), parse(stock, texts)
    assert len(fast) > 20_000
    assert fast == slow


def test_an_unknown_library_is_refused_by_the_settings(monkeypatch):
    monkeypatch.setenv("NEWSFLOW_MATMUL", "mkl")
    with pytest.raises(ValidationError, match="matmul"):
        Settings()
