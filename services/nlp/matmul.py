"""Which library does the parse's matrix products: BLIS (thinc's default) or numpy's BLAS.

thinc sends the product of every dense layer (`Ops.gemm`: the tok2vec CNNs' maxout layers, the
parser's and NER's feature layers) to BLIS. Where BLIS has no kernel tuned for the CPU it runs a
slow generic one: on this project's 2-core AMD EPYC machines a 1,200 x 288 by 288 x 288 product
took 9.0 ms in BLIS and 2.9 ms in numpy's OpenBLAS, and with numpy the whole parse of a news
article cost 18-32 % less CPU (six rounds alternating in one process). Both libraries compute
the same sums in another order; the parse came out the same on every token of 60 real
articles (`tests/unit/nlp/test_matmul.py`).

`auto` times both on a product of the parse's shape when the model loads (about 20 ms) and
takes numpy only when it is clearly faster (`MARGIN`), so a machine where BLIS is tuned keeps
it. numpy's BLAS is held to one thread: a worker is one process per core, and OpenBLAS's
threads spin between small products (unheld, the parse cost 4-17 % more CPU than with BLIS).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from shared.settings import MatmulMode as Mode

if TYPE_CHECKING:
    from spacy.language import Language
    from thinc.api import NumpyOps

Library = Literal["numpy", "blis"]

#: numpy is taken when its product costs at most this share of BLIS's
MARGIN = 0.8
#: the probe: a batch of token rows by a window of three 96-wide vectors, as the small models'
#: CNN layers multiply (288 inputs, 96 outputs x 3 maxout pieces)
PROBE_SHAPE = (256, 288, 288)
PROBE_ROUNDS = 5


def ops_for(library: Library) -> NumpyOps:
    from thinc.api import NumpyOps

    return NumpyOps(use_blis=library == "blis")


def hold_blas_to_one_thread() -> None:
    """One OpenBLAS (or MKL...) thread in this process, whatever it had."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def probe() -> dict[Library, float]:
    """CPU seconds of one probe product in each library: the least of a few rounds, taken
    alternately so that a busy moment hits both."""
    import numpy

    rows, inner, outer = PROBE_SHAPE
    generator = numpy.random.default_rng(0)
    x = generator.random((rows, inner), dtype=numpy.float32)
    w = generator.random((outer, inner), dtype=numpy.float32)
    ops: dict[Library, NumpyOps] = {"blis": ops_for("blis"), "numpy": ops_for("numpy")}
    best: dict[Library, float] = {"blis": float("inf"), "numpy": float("inf")}
    for each in ops.values():
        each.gemm(x, w, trans2=True)  # first calls pay for loading and packing
    for _ in range(PROBE_ROUNDS):
        for library, each in ops.items():
            started = time.process_time()
            each.gemm(x, w, trans2=True)
            best[library] = min(best[library], time.process_time() - started)
    return best


def pick(seconds: Mapping[Library, float]) -> Library:
    """numpy when its product took at most `MARGIN` of BLIS's, else BLIS."""
    return "numpy" if seconds["numpy"] <= MARGIN * seconds["blis"] else "blis"


def choose(mode: Mode) -> tuple[Library, dict[Library, float]]:
    """The library for `mode`, and the probe's timings when `auto` measured them."""
    hold_blas_to_one_thread()
    if mode != "auto":
        return mode, {}
    seconds = probe()
    return pick(seconds), seconds


def multiply_with(nlp: Language, library: Library) -> None:
    """Every layer of every step of `nlp` multiplies with `library`. Load the model under
    `thinc.api.use_ops` as well: most layers take their ops when they are made, but spaCy makes
    the parser's and NER's output layer again, with the default ops, when it sets their labels."""
    ops = ops_for(library)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops


def library_of(nlp: Language) -> Library:
    """The library the first trainable step of `nlp` multiplies with."""
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model.ops, "use_blis"):
            return "blis" if model.ops.use_blis else "numpy"
    return "blis"
