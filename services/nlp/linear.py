"""A logistic-regression model over named binary features, read from a small JSON file and
applied in plain Python (no training library at run time).

The file (written by `scripts/train_attribution.py`) holds `{"bias": b, "threshold": t,
"weights": {feature: w}, ...}`; a feature absent from `weights` weighs 0. Other keys (how it
was trained, its held-out figures) are kept in `info` for whoever reads the file.
"""

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ModelFileError(ValueError):
    """A weights file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class LinearModel:
    bias: float
    threshold: float
    weights: dict[str, float]
    info: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, features: Iterable[str]) -> bool:
        return self.probability(features) >= self.threshold

    def knows(self, feature: str) -> bool:
        return feature in self.weights


def load_linear_model(path: Path) -> LinearModel:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModelFileError(f"cannot read model file {path}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise ModelFileError(f"model file {path} is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise ModelFileError(f"model file {path}: expected a JSON object")
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        bias, threshold = float(data["bias"]), float(data["threshold"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ModelFileError(f"model file {path}: bad or missing field ({error})") from error
    info = {k: v for k, v in data.items() if k not in ("weights", "bias", "threshold")}
    return LinearModel(bias=bias, threshold=threshold, weights=weights, info=info)
