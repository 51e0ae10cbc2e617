"""`Scores` -> a readable table, or one JSON-ready dict."""

from services.evaluation.scores import Scores


def as_dict(scores: Scores) -> dict[str, object]:
    out: dict[str, object] = {"articles": scores.articles}
    for threshold, prf in scores.quotes.items():
        tag = f"{threshold:.1f}".replace(".", "")
        out[f"quote_p_{tag}"] = round(prf.precision, 4)
        out[f"quote_r_{tag}"] = round(prf.recall, 4)
        out[f"quote_f1_{tag}"] = round(prf.f1, 4)
    first = next(iter(scores.quotes.values()), None)
    out["quotes_predicted"] = first.predicted if first else 0
    out["quotes_gold"] = first.gold if first else 0
    out["recall_by_kind"] = {k: round(v, 4) for k, v in scores.recall_by_kind.items()}
    out["speaker_accuracy"] = round(scores.speaker_accuracy, 4)
    out["speaker_matched"] = scores.speaker_matched
    out["people_p"] = round(scores.people.precision, 4)
    out["people_r"] = round(scores.people.recall, 4)
    out["people_f1"] = round(scores.people.f1, 4)
    return out


def as_table(scores: Scores) -> str:
    lines = [f"articles: {scores.articles}", "", f"{'':<22}{'P':>8}{'R':>8}{'F1':>8}"]
    for threshold, prf in scores.quotes.items():
        label = f"quotes @ {threshold:.1f}"
        lines.append(f"{label:<22}{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
    people = scores.people
    lines.append(f"{'people':<22}{people.precision:>8.3f}{people.recall:>8.3f}{people.f1:>8.3f}")
    lines.append("")
    for kind, recall in scores.recall_by_kind.items():
        label = f"recall {kind} (n={scores.gold_by_kind.get(kind, 0)})"
        lines.append(f"{label:<30}{recall:>8.3f}")
    lines.append(
        f"{f'speaker accuracy (n={scores.speaker_matched})':<30}{scores.speaker_accuracy:>8.3f}"
    )
    return "\n".join(lines)
