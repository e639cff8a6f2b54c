"""Scores: B-cubed and pairwise clustering, set F1, and the main-event comparisons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from itertools import combinations


def bcubed(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over the items of ``gold`` (Bagga & Baldwin 1998)."""
    items = list(gold)
    if not items:
        raise ValueError("no items to score")
    gold_members = _members(gold, items)
    pred_members = _members(predicted, items)
    precision = recall = 0.0
    for item in items:
        same_gold = gold_members[gold[item]]
        same_pred = pred_members[predicted[item]]
        overlap = len(same_gold & same_pred)
        precision += overlap / len(same_pred)
        recall += overlap / len(same_gold)
    precision, recall = precision / len(items), recall / len(items)
    return precision, recall, _f1(precision, recall)


def pairwise_f1(gold: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> float:
    """F1 over the pairs of items put together, by gold and by prediction."""
    items = sorted(gold)
    gold_pairs = {pair for pair in combinations(items, 2) if gold[pair[0]] == gold[pair[1]]}
    pred_pairs = {pair for pair in combinations(items, 2) if predicted[pair[0]] == predicted[pair[1]]}
    if not gold_pairs and not pred_pairs:
        return 1.0
    true = len(gold_pairs & pred_pairs)
    precision = true / len(pred_pairs) if pred_pairs else 0.0
    recall = true / len(gold_pairs) if gold_pairs else 0.0
    return _f1(precision, recall)


def set_f1(gold: set[str], predicted: set[str]) -> float:
    gold_norm, pred_norm = {normalised_name(x) for x in gold}, {normalised_name(x) for x in predicted}
    if not gold_norm and not pred_norm:
        return 1.0
    true = len(gold_norm & pred_norm)
    if not true:
        return 0.0
    return _f1(true / len(pred_norm), true / len(gold_norm))


def same_date(gold_date: str, gold_precision: str | None, predicted: str | None) -> bool:
    """Exact day, or exact month when the gold date is only known to the month."""
    if not predicted:
        return False
    width = 7 if gold_precision == "month" else 10
    return len(predicted) >= width and predicted[:width] == gold_date[:width]


def same_place(gold: Mapping[str, str | None], predicted: Mapping[str, str | None] | None) -> bool:
    """The city when the gold has one, else the country. A qualifier after a comma does not count:
    "Washington" and "Washington, D.C." are one city."""
    if not predicted:
        return False
    key = "city" if gold.get("city") else "country"
    return bool(predicted.get(key)) and _place(predicted[key]) == _place(gold[key] or "")


def _place(name: str) -> str:
    return normalised_name(name.split(",")[0])


def mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _members(assignment: Mapping[str, Hashable], items: list[str]) -> dict[Hashable, set[str]]:
    members: dict[Hashable, set[str]] = defaultdict(set)
    for item in items:
        members[assignment[item]].add(item)
    return members


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def normalised_name(text: str) -> str:
    """A name as actor sets compare it: case, hyphens and spacing ignored."""
    return " ".join(text.casefold().replace("-", " ").split())


__all__ = ["bcubed", "mean", "normalised_name", "pairwise_f1", "same_date", "same_place", "set_f1"]
