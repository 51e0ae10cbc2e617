"""A parse handed between stages as bytes: the entities stage writes it, the quote stage reads it
back without the model."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

#: what the quote stage needs from the parse: tokens, tags, lemmas, the tree and the entities.
_DOC_ATTRS = ["ORTH", "SPACY", "TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE"]


def doc_to_bytes(doc: Doc) -> bytes:
    """The parse as `DocBin` bytes: `DocBin(attrs=_DOC_ATTRS)` with `doc` added, byte for byte.

    Built from the doc's arrays: `DocBin.add` makes a Python `Token` per token to collect the
    strings, and srsly looks up its msgpack extensions on every call (5.4 ms per
    article, against 2.7 ms here). A doc with span groups takes the general path."""
    import numpy
    from spacy.attrs import SPACY
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=_DOC_ATTRS, store_user_data=False)
    if doc.spans:
        bin_.add(doc)
        return bin_.to_bytes()
    attrs: list[int | str] = [*bin_.attrs]
    tokens = doc.to_array(attrs).reshape((len(doc), len(attrs)))
    spaces = numpy.asarray(doc.to_array(SPACY), dtype=bool)
    message = {
        "version": bin_.version,
        "attrs": bin_.attrs,
        "tokens": tokens.tobytes("C"),
        "spaces": spaces.tobytes("C"),
        "lengths": numpy.asarray([len(doc)], dtype="int32").tobytes("C"),
        "strings": sorted(_token_strings(doc)),
        "cats": [doc.cats],
        "flags": [{"has_unknown_spaces": doc.has_unknown_spaces}],
        "span_groups": [doc.spans.to_bytes()],
    }
    return zlib.compress(_pack(message))


def _token_strings(doc: Doc) -> set[str]:
    """The strings `DocBin.add` keeps for a doc's tokens: text, tag, lemma, norm, morphology,
    dependency, entity type, KB id and id ("" for unset ones)."""
    import numpy
    from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, TAG

    if not len(doc):
        return set()
    strings = doc.vocab.strings
    values = doc.to_array([ORTH, TAG, LEMMA, NORM, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID])
    found = {strings[int(key)] for key in numpy.unique(values) if key}
    # an empty analysis is stored as "_" but reads as "" (`str(token.morph)`)
    morphs = {strings[int(key)] if key else "" for key in numpy.unique(doc.to_array(MORPH))}
    return found | {"" if morph == "_" else morph for morph in morphs} | {""}


def doc_from_bytes(data: bytes, vocab: Vocab) -> Doc:
    """Rebuild a parse. Any vocab works (the strings travel with the bytes): `spacy.blank("en")`.

    Bytes of one doc as `doc_to_bytes` writes them are read directly; anything else (several
    docs, span groups, user data) goes through `DocBin`."""
    import numpy
    from spacy.attrs import ORTH
    from spacy.tokens import Doc, DocBin

    try:
        message = _unpack(zlib.decompress(data))
    except (zlib.error, ValueError) as error:
        raise ValueError(f"not a spaCy DocBin: {error}") from error
    if not isinstance(message, dict):
        raise ValueError(f"not a spaCy DocBin: holds a {type(message).__name__}")
    if not _plain_single_doc(message):
        (doc,) = DocBin().from_bytes(data).get_docs(vocab)
        return doc
    attrs = message["attrs"]
    tokens = numpy.frombuffer(message["tokens"], dtype="uint64").reshape((-1, len(attrs)))
    spaces = numpy.frombuffer(message["spaces"], dtype=bool)
    for string in message["strings"]:
        vocab[string]  # DocBin.get_docs does the same: every string into the vocab
    # words as string hashes, as DocBin.get_docs passes them (spaCy's stubs say str)
    doc = Doc(vocab, words=tokens[:, attrs.index(ORTH)], spaces=spaces)  # type: ignore[arg-type]
    return doc.from_array(attrs, tokens)  # type: ignore[arg-type]


def _plain_single_doc(message: dict[str, Any]) -> bool:
    from spacy.tokens._dict_proxies import SpanGroups

    return (
        "user_data" not in message
        and len(message.get("flags", ())) == 1
        and not message["flags"][0].get("has_unknown_spaces")
        and message.get("span_groups") in ([b""], [SpanGroups._EMPTY_BYTES])
        and message.get("cats") == [{}]
        and {"attrs", "tokens", "spaces", "strings"} <= message.keys()
    )


def _pack(message: dict[str, Any]) -> bytes:
    """msgpack as srsly writes it, without its extension lookup (DocBin packs no numpy)."""
    from srsly.msgpack import _Packer

    return bytes(_Packer(use_bin_type=True).pack(message))


def _unpack(data: bytes) -> Any:
    from srsly.msgpack import _unpackb

    return _unpackb(data, raw=False, use_list=True)
