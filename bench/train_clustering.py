"""Fit the same-news model (src/veille/cluster/data/news_model.json) on gold corpora.

    python bench/train_clustering.py ../shared/corpus/dev ../shared/corpus/dev2 [--write]

Every pair of articles of a corpus is an example (same gold event or not). The logistic weights are
fitted on all corpora together; the linking threshold is the one that maximises the mean B-cubed F1
of veille's incremental clustering over the corpora. Cross-corpus scores (fit on one corpus, cluster
the other) are printed too: they are the honest estimate for news veille has never seen.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from veille.cluster.features import FEATURES, pair_features
from veille.cluster.model import PairModel
from veille.cluster.news import MemoryIndex, NewsClusterer, blocking_keys
from veille.clustering import arrival_order, profile_of
from veille.evaluation.corpus import load_corpus
from veille.evaluation.metrics import bcubed
from veille.ingest import article_id, ingest_records
from veille.models import Record
from veille.settings import Settings
from veille.store import Store

MODEL_PATH = Path(__file__).resolve().parents[1] / "src/veille/cluster/data/news_model.json"
THRESHOLDS = [round(t, 2) for t in np.arange(0.3, 0.96, 0.05)]
C = 1.0  # inverse regularisation strength


def corpus_profiles(folder: str):
    """(profiles in arrival order, gold event of each article id) for one corpus."""
    corpus = load_corpus(folder)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "train.db")
        records = [Record(source=folder, locator=a["id"], text=a["text"], external_id=a["id"], url=a.get("url"),
                          outlet=a.get("outlet"), published=a.get("published")) for a in corpus.articles]
        ingest_records(records, store, Settings(db=str(Path(tmp) / "train.db")), cluster=False)
        by_hash = {article_id(a["text"]): a["id"] for a in corpus.articles}
        inputs = store.cluster_inputs([row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY rowid")])
        store.close()
    profiles = []
    for article in sorted(inputs, key=arrival_order):
        profile = profile_of(article)
        profile.article_id = by_hash[article["id"]]
        profiles.append(profile)
    return profiles, {a["id"]: a.get("event") for a in corpus.articles}


def pairs(profiles, gold):
    X, y = [], []
    for a, b in itertools.combinations(profiles, 2):
        X.append(pair_features(a, b))
        y.append(int(gold[a.article_id] is not None and gold[a.article_id] == gold[b.article_id]))
    return np.array(X), np.array(y)


def fit(X, y) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, y)


def b3(profiles, gold, model: PairModel) -> float:
    index = MemoryIndex(blocking_keys)
    NewsClusterer(model, index).add_all(profiles)
    truth = {item: event for item, event in gold.items() if event}
    return bcubed(truth, {item: index.news_cluster_of(item) for item in truth})[2]


def as_model(regression: LogisticRegression, threshold: float) -> PairModel:
    return PairModel(tuple(float(w) for w in regression.coef_[0]), float(regression.intercept_[0]), threshold)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="+")
    parser.add_argument("--write", action="store_true", help=f"write the fitted model to {MODEL_PATH}")
    args = parser.parse_args()
    data = {folder: corpus_profiles(folder) for folder in args.corpora}
    examples = {folder: pairs(*data[folder]) for folder in args.corpora}
    cross = {}
    for train, test in itertools.permutations(args.corpora, 2):
        regression = fit(*examples[train])
        cross[f"{Path(train).name}->{Path(test).name}"] = {
            t: round(b3(*data[test], as_model(regression, t)), 4) for t in THRESHOLDS}
    regression = fit(np.vstack([examples[f][0] for f in args.corpora]),
                     np.concatenate([examples[f][1] for f in args.corpora]))
    scores = {t: [round(b3(*data[f], as_model(regression, t)), 4) for f in args.corpora] for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (sum(scores[t]), -abs(t - 0.5)))
    result = {
        "features": list(FEATURES),
        "weights": [round(float(w), 4) for w in regression.coef_[0]],
        "intercept": round(float(regression.intercept_[0]), 4),
        "threshold": threshold,
        "fitted_on": [Path(f).name for f in args.corpora],
        "b3_f1_in_sample": dict(zip((Path(f).name for f in args.corpora), scores[threshold])),
        "b3_f1_cross_corpus": {pair: by_t[threshold] for pair, by_t in cross.items()},
    }
    print(json.dumps({"threshold_scores": scores, "cross": cross}, indent=None))
    print(json.dumps(result, indent=2))
    if args.write:
        MODEL_PATH.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
