"""Train the attribution model (`services/nlp/attribution.json`) on PolNeAR's train split.

    .venv/bin/pip install scikit-learn   # for training only; the run time needs none of it
    .venv/bin/python scripts/train_attribution.py ../shared/eval/polnear_train.jsonl

Every candidate the quote stage proposes (the lexicon's reporting verbs and, for training,
every other verb) is labelled by the train attributions: positive when its span covers at
least 30 % of an attribution's content (the scorer's rule). A logistic regression over
`services.quotes.features` is fitted on four fifths of the articles; the fifth left out
(every fifth article) chooses the regularisation and the threshold. Never give it a dev file.
"""

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.quotes.attribution import attributions  # noqa: E402
from services.quotes.features import attribution_features, cue_lemma  # noqa: E402
from services.quotes.marks import find_quotations  # noqa: E402
from services.quotes.paragraphs import Paragraphs  # noqa: E402


def parses(train: Path, cache: Path | None):  # type: ignore[no-untyped-def]
    import spacy
    from spacy.tokens import DocBin

    rows = [json.loads(line) for line in train.open(encoding="utf-8") if line.strip()]
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(spacy.blank("en").vocab))
    else:
        from services.nlp.model import load_model

        nlp = load_model()
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=16))
        if cache is not None:
            DocBin(docs=docs, store_user_data=False).to_disk(cache)
    return rows, docs


def gold_contents(row: dict) -> list[tuple[int, int]]:  # type: ignore[type-arg]
    spans = []
    for a in row["attributions"]:
        segments = sorted((a.get("content") or {}).get("segments") or [])
        if segments:
            spans.append((segments[0][0], segments[-1][1]))
    return spans


def covers(span: tuple[int, int], gold: tuple[int, int]) -> float:
    overlap = min(span[1], gold[1]) - max(span[0], gold[0])
    return max(overlap, 0) / max(gold[1] - gold[0], 1)


def candidates(rows, docs):  # type: ignore[no-untyped-def]
    """(article index, lemma, features, label) of every candidate."""
    out = []
    for i, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        assert doc.text == row["text"]
        gold = gold_contents(row)
        quotations = find_quotations(doc.text)
        found = attributions(doc, quotations, Paragraphs(doc.text), lambda t: t.pos_ == "VERB")
        for item in found:
            if item.cue is None:
                continue
            label = any(covers((item.start, item.end), g) >= 0.3 for g in gold)
            out.append((i, cue_lemma(item.cue), attribution_features(doc, item), label))
    return out


def speech_lemmas(rows, docs) -> list[str]:  # type: ignore[no-untyped-def]
    """Cue verbs of speech in the train attributions (fitted articles only): at least 10
    attributions, at least one in ten of them quoting words. PolNeAR also annotates beliefs,
    wishes and evaluations ("think", "want", "welcomed the election"), which are seldom
    quoted word for word; the Gender Gap Tracker counts speech only."""
    cued: Counter[str] = Counter()
    quoted: Counter[str] = Counter()
    for i, (row, doc) in enumerate(zip(rows, docs, strict=True)):
        if i % 5 == 0:
            continue
        for a in row["attributions"]:
            cue = (a.get("cue") or {}).get("segments") or []
            content = (a.get("content") or {}).get("segments") or []
            if not cue or not content:
                continue
            span = doc.char_span(cue[0][0], cue[-1][1], alignment_mode="expand")
            verbs = [t for t in span or () if t.pos_ == "VERB"]
            if not verbs or span.text.lower().startswith("according"):
                continue  # "according to" has its own rule
            lemma = cue_lemma(verbs[-1])
            cued[lemma] += 1
            text = row["text"]
            quoted[lemma] += any(c in text[s:e] for s, e in content for c in '“”"«»')
    return sorted(
        lemma
        for lemma, n in cued.items()
        if n >= 10 and lemma.isalpha() and quoted[lemma] >= 0.1 * n
    )


def speech_cues(speech: list[str], data, threshold: float) -> list[str]:  # type: ignore[no-untyped-def]
    """Verbs of speech outside the lexicon whose candidates are right at least as often as
    the threshold (in the fitted articles)."""
    from services.quotes.cues import CLAUSE_VERBS, OBJECT_VERBS

    right: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i, lemma, _, label in data:
        if i % 5:
            right[lemma][0] += 1
            right[lemma][1] += label
    return sorted(
        lemma
        for lemma in speech
        if lemma not in CLAUSE_VERBS | OBJECT_VERBS
        and right[lemma][0] >= 5
        and right[lemma][1] >= threshold * right[lemma][0]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--parses", type=Path, help="keep/reuse the parses here (DocBin)")
    parser.add_argument("--out", type=Path, default=ROOT / "services/nlp/attribution.json")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    started = time.time()
    rows, docs = parses(args.train, args.parses)
    data = candidates(rows, docs)
    print(f"{len(data)} candidates from {len(rows)} articles ({time.time() - started:.0f} s)")
    fit = [d for d in data if d[0] % 5]
    held = [d for d in data if d[0] % 5 == 0]
    df = Counter(f for d in fit for f in set(d[2]))
    keep = {f for f, n in df.items() if n >= 3}
    vec = DictVectorizer()
    x_fit = vec.fit_transform([{f: 1 for f in d[2] if f in keep} for d in fit])
    x_held = vec.transform([{f: 1 for f in d[2] if f in keep} for d in held])
    y_fit = [d[3] for d in fit]
    y_held = [d[3] for d in held]
    best = None
    for c in (0.1, 0.3, 1.0, 3.0):
        model = LogisticRegression(C=c, max_iter=2000).fit(x_fit, y_fit)
        p = model.predict_proba(x_held)[:, 1]
        loss = log_loss(y_held, p)
        print(f"C={c}: held-out log-loss {loss:.4f}")
        if best is None or loss < best[0]:
            best = (loss, c, model, p)
    _, c, model, p = best
    # the threshold: a candidate the rules doubt is kept only when the model rates it at
    # least as likely right as the candidates the rules keep on their own (their held-out
    # precision), so adding it does not lower the expected precision
    sure = [d[3] for d in held if "unsure" not in d[2] and "lexicon" in d[2]]
    threshold = round(sum(sure) / len(sure), 3)
    kept = [
        (d, q) for d, q in zip(held, p, strict=True) if "unsure" in d[2] or "lexicon" not in d[2]
    ]
    chosen = [d[3] for d, q in kept if q >= threshold]
    print(
        f"threshold {threshold}: keeps {len(chosen)} of {len(kept)} doubtful held-out "
        f"candidates, {sum(chosen)} right"
    )
    speech = speech_lemmas(rows, docs)
    cues = speech_cues(speech, data, threshold)
    print(f"{len(speech)} cue verbs of speech")
    print(f"{len(cues)} cue lemmas beyond the lexicon: {' '.join(cues)}")
    weights = {
        name: round(float(w), 3)
        for name, w in zip(vec.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) >= 0.01
    }
    result = {
        "bias": round(float(model.intercept_[0]), 3),
        "threshold": threshold,
        "weights": weights,
        "cue_lemmas": cues,
        "speech_lemmas": speech,
        "regularisation_C": c,
        "trained_on": f"{args.train.name}: {len(fit)} candidates of 4/5 of its articles",
    }
    args.out.write_text(json.dumps(result, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes, {len(weights)} weights)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
