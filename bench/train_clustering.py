"""Fit the same-news model (src/veille/cluster/data/news_model.json) on gold corpora, judged held out.

    python bench/train_clustering.py ../shared/corpus/train ../shared/corpus/dev ../shared/corpus/dev2 [--write]

Every pair of articles is an example (same gold event or not). The corpora are dealt into story
folds (`veille.evaluation.crossval.story_folds`, as `veille evaluate --cross-validate` does): for
each fold the logistic weights are fitted on the pairs of the other folds, and the fold's articles
are clustered with them, incrementally, in arrival order, once per threshold. The threshold kept
is the one with the best held-out B-cubed F1, over full texts and over titles alone (each article
reduced to its headline, `--titles-only` in `veille evaluate`) together; the weights written are
then fitted on every pair. ``--titles`` also learns from the titles' pairs, so that one model
serves both inputs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from veille.cluster.features import FEATURES, pair_features
from veille.cluster.model import PairModel
from veille.cluster.news import MemoryIndex, NewsClusterer, blocking_keys
from veille.clustering import publication_order, profile_of
from veille.evaluation.corpus import Corpus, titles_only
from veille.evaluation.crossval import DEFAULT_FOLDS, merge_corpora, story_folds
from veille.evaluation.metrics import bcubed
from veille.incremental import ingest_records
from veille.ingest import article_id
from veille.models import Record
from veille.settings import Settings
from veille.store import Store

MODEL_PATH = Path(__file__).resolve().parents[1] / "src/veille/cluster/data/news_model.json"
THRESHOLDS = [round(t, 2) for t in np.arange(0.3, 0.96, 0.05)]
C = 1.0  # inverse regularisation strength


def corpus_profiles(corpus: Corpus) -> list:
    """The profiles of a corpus's articles (analysed by the shipped pipeline), in arrival order."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "train.db")
        records = [Record(source="corpus", locator=a["id"], text=a["text"], external_id=a["id"], url=a.get("url"),
                          outlet=a.get("outlet"), published=a.get("published")) for a in corpus.articles]
        ingest_records(records, store, Settings(db=str(Path(tmp) / "train.db")), cluster=False)
        inputs = store.cluster_inputs([row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY rowid")])
        store.close()
    by_hash = defaultdict(list)  # two titles may be the same text, hence one stored article
    for a in corpus.articles:
        by_hash[article_id(a["text"])].append(a["id"])
    profiles = []
    for article in sorted(inputs, key=publication_order):
        profile = profile_of(article)
        profiles += [replace(profile, article_id=item) for item in by_hash[article["id"]]]
    return profiles


def pair_table(profiles, gold) -> dict[tuple[str, str], tuple[list[float], int]]:
    """(article, article) → (features, 1 when both report the same gold event)."""
    return {(a.article_id, b.article_id): (pair_features(a, b),
                                           int(gold[a.article_id] is not None and gold[a.article_id] == gold[b.article_id]))
            for a, b in itertools.combinations(profiles, 2)}


def fit(tables, keep) -> LogisticRegression:
    rows = [value for table in tables for (a, b), value in table.items() if keep(a) and keep(b)]
    X, y = np.array([features for features, _ in rows]), np.array([label for _, label in rows])
    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y)


def clusters(profiles, model: PairModel) -> dict[str, str]:
    index = MemoryIndex(blocking_keys)
    NewsClusterer(model, index).add_all(profiles)
    return {profile.article_id: index.news_cluster_of(profile.article_id) for profile in profiles}


def as_model(regression: LogisticRegression, threshold: float) -> PairModel:
    return PairModel(tuple(float(w) for w in regression.coef_[0]), float(regression.intercept_[0]), threshold)


def held_out_b3(inputs, tables, gold, folds, k) -> dict[str, dict[float, float]]:
    """Per input (full, titles) and threshold, the B-cubed F1 of the folds clustered by a model
    fitted without them (each fold's clusters kept apart: ids are prefixed by the fold)."""
    predicted = {name: {t: {} for t in THRESHOLDS} for name in inputs}
    for fold in range(k):
        regression = fit(tables, lambda item, fold=fold: folds[item] != fold)
        for name, profiles in inputs.items():
            held = [p for p in profiles if folds[p.article_id] == fold]
            for t in THRESHOLDS:
                found = clusters(held, as_model(regression, t))
                predicted[name][t].update({item: f"{fold}:{cluster}" for item, cluster in found.items()})
    truth = {item: event for item, event in gold.items() if event}
    # an article the pipeline did not store (no text left once cleaned) is a cluster of its own
    return {name: {t: round(bcubed(truth, {i: by_t[t].get(i, f"alone:{i}") for i in truth})[2], 4)
                   for t in THRESHOLDS} for name, by_t in predicted.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    parser.add_argument("--titles", action="store_true", help="also learn from the pairs of the articles' titles")
    parser.add_argument("--write", action="store_true", help=f"write the fitted model to {MODEL_PATH}")
    args = parser.parse_args()
    corpus = merge_corpora(args.corpora)
    folds = story_folds(corpus, args.folds)
    gold = {a["id"]: a.get("event") for a in corpus.articles}
    inputs = {"full": corpus_profiles(corpus), "titles": corpus_profiles(titles_only(corpus))}
    tables = [pair_table(inputs["full"], gold)] + ([pair_table(inputs["titles"], gold)] if args.titles else [])
    scores = held_out_b3(inputs, tables, gold, folds, args.folds)
    threshold = max(THRESHOLDS, key=lambda t: (scores["full"][t] + scores["titles"][t], -abs(t - 0.5)))
    regression = fit(tables, lambda item: True)
    result = {
        "features": list(FEATURES),
        "weights": [round(float(w), 4) for w in regression.coef_[0]],
        "intercept": round(float(regression.intercept_[0]), 4),
        "threshold": threshold,
        "fitted_on": [Path(f).name for f in args.corpora] + (["their titles"] if args.titles else []),
        "b3_f1_held_out": {"folds": args.folds, "full": scores["full"][threshold],
                           "titles": scores["titles"][threshold]},
    }
    print(json.dumps({"threshold_scores": scores}))
    print(json.dumps(result, indent=2))
    if args.write:
        MODEL_PATH.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
