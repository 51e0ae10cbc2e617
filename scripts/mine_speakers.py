"""Failure shapes of the speaker resolver on PolNeAR's train split (never a dev file).

    .venv/bin/python scripts/mine_speakers.py ../shared/eval/polnear_train.jsonl \
        --parses /tmp/polnear_train.spacy

PolNeAR's `source` spans say who is quoted in the text's own words ("he", "the candidate",
"Sen. Jane Doe"). For every attribution whose content the extraction finds (the scorer's
30 % rule), the quote's speaker is compared with that source:

- "he"/"she": resolved to nobody, to no entity, to an entity that is no person, to a person
  whose given name says the other gender; else compared with a silver referent, the latest
  named source before it of a compatible gender (noisy: read a sample before trusting it);
- a description ("the candidate", "the 39-year-old founder"): kept as words, resolved to a
  person or to a group, split by whether a person named before it holds its role word;
- a name: whether the speaker ends with the source's surname.

`--labels FILE` scores hand-read referents: JSON `[[article index, source offset, surname]]`.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "scripts"))
from train_attribution import parses  # noqa: E402

from services.entities.extract import extract_entities  # noqa: E402
from services.evaluation.matching import match  # noqa: E402
from services.evaluation.names import names_speaker  # noqa: E402
from services.nlp.lexicon import given_name_gender, is_title, pronoun_gender  # noqa: E402
from services.quotes.extract import extract_quotes  # noqa: E402


def name_of(source):  # type: ignore[no-untyped-def]
    """The proper-noun run ending at the source's head ("Jane Doe" in "Sen. Jane Doe")."""
    root, doc = source.root, source.doc
    lo = root.i
    while lo - 1 >= source.start and doc[lo - 1].pos_ == "PROPN" and not is_title(doc[lo - 1].text):
        lo -= 1
    return " ".join(t.text for t in doc[lo : root.i + 1])


def gender_of(name: str):  # type: ignore[no-untyped-def]
    words = name.split()
    return given_name_gender(words[0]) if len(words) > 1 else None


def shapes(rows, docs):  # type: ignore[no-untyped-def]
    counts: Counter[tuple[str, ...]] = Counter()
    speakers: dict[tuple[int, int], str | None] = {}
    for a, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        entities = extract_entities(doc)
        quotes = extract_quotes(doc, entities)
        persons = {e.id: e for e in entities if e.type == "PERSON"}
        found = [
            x
            for x in row["attributions"]
            if (x.get("content") or {}).get("segments") and (x.get("source") or {}).get("segments")
        ]
        found.sort(key=lambda x: x["source"]["segments"][0][0])
        gold = [(x["content"]["segments"][0][0], x["content"]["segments"][-1][1]) for x in found]
        matched = match([(q.start, q.end) for q in quotes], gold, 0.3)
        named: list[tuple[int, str]] = []
        for g, x in enumerate(found):
            seg = x["source"]["segments"]
            source = doc.char_span(seg[0][0], seg[-1][1], alignment_mode="expand")
            if source is None or not len(source):
                continue
            root = source.root
            if root.pos_ == "PROPN" and root.ent_type_ == "PERSON":
                named.append((source.start, name_of(source)))
            if g not in matched:
                counts[("source", "quote not found")] += 1
                continue
            quote = quotes[matched[g]]
            said, entity = quote.speaker_name, quote.speaker_entity_id
            speakers[(a, source.start_char)] = said
            gender = pronoun_gender(root.text)
            if root.pos_ == "PRON" and gender and len(source) <= 2:
                silver = next(
                    (
                        n
                        for s, n in reversed(named)
                        if s < source.start and gender_of(n) in (None, gender)
                    ),
                    None,
                )
                if said is None:
                    shape = "nobody"
                elif entity is None:
                    shape = "no entity"
                elif entity not in persons:
                    shape = "not a person"
                elif gender_of(said) not in (None, gender):
                    shape = "a person of the other gender"
                elif silver is None:
                    shape = "a person (no silver referent)"
                else:
                    shape = (
                        "= silver referent" if names_speaker(said, silver) else "!= silver referent"
                    )
                counts[("he/she", shape)] += 1
            elif root.pos_ == "PROPN" and root.ent_type_ == "PERSON":
                surname = name_of(source).split()[-1]
                ok = said is not None and names_speaker(said, surname)
                counts[("name", "same surname" if ok else "other or nobody")] += 1
            elif (
                root.pos_ == "NOUN"
                and root.tag_ == "NN"
                and any(c.dep_ == "det" for c in root.children)
            ):
                lemma = root.lemma_.lower()
                holds = any(
                    lemma in (p.role or "").lower().split()
                    and any(m.start < source.start_char for m in p.mentions)
                    for p in persons.values()
                )
                kind = "role held before" if holds else "no role held before"
                shape = "person" if entity in persons else ("group" if entity else "words")
                counts[("description", kind, shape)] += 1
    return counts, speakers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--parses", type=Path, help="keep/reuse the parses here (DocBin)")
    parser.add_argument("--labels", type=Path, help="hand-read referents to score")
    args = parser.parse_args()
    rows, docs = parses(args.train, args.parses)
    counts, speakers = shapes(rows, docs)
    for key, n in sorted(counts.items()):
        print(f"{' / '.join(key):60} {n:6}")
    if args.labels:
        labels = json.loads(args.labels.read_text(encoding="utf-8"))
        right = sum(
            1
            for a, offset, surname in labels
            if (said := speakers.get((a, offset))) and said.lower().split()[-1] == surname
        )
        print(f"hand-read referents: {right} of {len(labels)} right")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
