"""Logistic models over named features, as the learned decisions of nlp/ use them: weights read
from JSON (no scikit-learn needed to decide), fitted with scikit-learn's logistic regression, and
able to say which features weighed most in a decision (the traces of docs/events.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

TRACE_FEATURES = 8  # how many of the weightiest features a trace lists


@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named features: one class (binary: the probability of being it) or
    several (multinomial: softmax over them)."""

    classes: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]  # feature → one weight per class
    intercept: tuple[float, ...]

    def scores(self, features: dict[str, float]) -> list[float]:
        totals = list(self.intercept)
        for name, value in features.items():
            for k, weight in enumerate(self.weights.get(name, ())):
                totals[k] += weight * value
        return totals

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = self.scores(features)
        if len(self.classes) == 1:
            return {self.classes[0]: _sigmoid(scores[0])}
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps)}

    def contributions(self, features: dict[str, float], label: str, n: int = TRACE_FEATURES,
                      grouped: Mapping[str, str] = MappingProxyType({})) -> list[list]:
        """The features that weighed most for ``label``, with their weight × value, largest first;
        the features whose names begin with a prefix of ``grouped`` (the dimensions of a word
        vector) count as one, named by its value."""
        k = self.classes.index(label)
        found: dict[str, float] = {}
        for name, value in features.items():
            weight = self.weights.get(name, ())
            if not weight or not weight[k] * value:
                continue
            shown = next((label for prefix, label in grouped.items() if name.startswith(prefix)), name)
            found[shown] = found.get(shown, 0.0) + weight[k] * value
        return [[name, round(weight, 3)] for name, weight in sorted(found.items(), key=lambda f: -abs(f[1]))[:n]]

    def as_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "intercept": [round(x, 4) for x in self.intercept],
                "weights": {name: [round(x, 4) for x in w] for name, w in sorted(self.weights.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(tuple(data["classes"]), {name: tuple(w) for name, w in data["weights"].items()},
                   tuple(data["intercept"]))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


def fit_linear(examples: Sequence[tuple[dict[str, float], Any]], c: float, *, balanced: bool,
               positive: str = "") -> LinearModel:
    """A logistic model of named features; binary labels (bools) give the one class ``positive``."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([features for features, _ in examples])
    labels = [int(label) if isinstance(label, bool) else label for _, label in examples]
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced" if balanced else None)
    model.fit(matrix, labels)
    coef = model.coef_
    classes = tuple(str(c) for c in model.classes_) if coef.shape[0] > 1 else (positive,)
    weights = {}
    for j, name in enumerate(vectorizer.get_feature_names_out()):
        column = tuple(float(coef[k, j]) for k in range(coef.shape[0]))
        if any(abs(w) >= 1e-4 for w in column):
            weights[str(name)] = column
    return LinearModel(classes, weights, tuple(float(x) for x in model.intercept_))
