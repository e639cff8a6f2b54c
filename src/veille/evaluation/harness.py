"""`veille evaluate`: run the whole pipeline on a gold corpus and score it.

Only the fields a real input has (id, url, outlet, text, published) reach the pipeline; the gold
fields never do. The publication date of every third dated article is hidden, to measure how
well veille infers it. Metrics of stages that do not exist yet are null.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from ..dates import normalise_published
from ..incremental import ingest_records
from ..ingest import article_id
from ..models import Record
from ..pipeline import Pipeline, analysis_pipeline
from ..settings import Settings
from ..store import Store
from .corpus import Corpus, load_corpus, titles_only
from .metrics import bcubed, mean, pairwise_f1, same_date, same_place, set_f1

HIDE_EVERY = 3  # hide `published` of the 3rd, 6th, 9th... dated article


def evaluate_corpus(folder: str | Path, settings: Settings, *, pipeline: Pipeline | None = None,
                    errors: list | None = None, rules_only: bool = False, titles: bool = False) -> dict[str, Any]:
    """Run veille's whole pipeline on a corpus in a temporary store and score it.

    ``errors``: a list that receives, for every article whose main event is not exactly right, a
    record of what the gold says and what veille found (for `veille evaluate --errors`).
    ``titles``: score each article reduced to its headline (``corpus.titles_only``).
    """
    started = time.perf_counter()
    corpus = titles_only(load_corpus(folder)) if titles else load_corpus(folder)
    pipeline = pipeline or analysis_pipeline(rules_only=rules_only)
    hidden = hidden_published(corpus)
    with tempfile.TemporaryDirectory(prefix="veille-eval-") as tmp:
        store = Store.open(Path(tmp) / "evaluation.db")
        try:
            ingest_records(corpus_records(corpus, hidden), store, settings, pipeline=pipeline)
            predicted = predictions(store, corpus)
        finally:
            store.close()
    if errors is not None and pipeline.has("main_event"):
        errors.extend(_errors(corpus, predicted))
    return {**scores(corpus, predicted, hidden, events=pipeline.has("main_event"),
                     published=pipeline.has("article.published")),
            "seconds": round(time.perf_counter() - started, 2)}


def scores(corpus: Corpus, predicted: dict[str, dict[str, Any]], hidden: set[str], *, events: bool = True,
           published: bool = True) -> dict[str, Any]:
    """The contract's scores of what was predicted for each article (``predictions``); null for
    what no stage produced (``events``, ``published``: whether some stage did)."""
    return {
        "articles": len(corpus.articles),
        "clustering": _clustering(corpus, predicted),
        "main_event": _main_event(corpus, predicted) if events else _nulls(MAIN_EVENT_KEYS),
        "offtopic": _offtopic(corpus, predicted) if events else _nulls(("n", "false_event_rate")),
        "published_inference": _published(corpus, predicted, hidden) if published else _nulls(("n", "accuracy")),
        "stories": _stories(corpus, predicted) if events else _nulls(STORY_KEYS),
    }


def evaluate_clustering(folder: str | Path, clusters_of, *, titles: bool = False) -> dict[str, Any]:
    """Score an article clustering alone (a baseline): ``clusters_of(corpus)`` maps article id → cluster."""
    started = time.perf_counter()
    corpus = titles_only(load_corpus(folder)) if titles else load_corpus(folder)
    clusters = clusters_of(corpus)
    predicted = {item: {"cluster_id": cluster} for item, cluster in clusters.items()}
    return {
        "articles": len(corpus.articles),
        "clustering": _clustering(corpus, predicted),
        "main_event": _nulls(MAIN_EVENT_KEYS),
        "offtopic": _nulls(("n", "false_event_rate")),
        "published_inference": _nulls(("n", "accuracy")),
        "stories": _nulls(STORY_KEYS),
        "seconds": round(time.perf_counter() - started, 2),
    }


MAIN_EVENT_KEYS = ("n", "type_accuracy", "type_accuracy_strict", "actors_f1", "date_accuracy", "date_dated_share",
                   "date_right_when_dated", "location_accuracy", "exact_match")
STORY_KEYS = ("n", "b3_precision", "b3_recall", "b3_f1", "in_story_share", "stories", "gold_stories",
              "offtopic_in_story")
# A main event counts as dated when it names a day or a month; a year, a weekday of an unknown
# week or nothing leaves it undated.
DATED_PRECISIONS = ("day", "month")


def right_type(gold: dict[str, Any], predicted: str | None) -> bool:
    """The gold type, or one of the ``type_alternatives`` a second careful annotator could defend."""
    return predicted is not None and (predicted == gold.get("type") or predicted in (gold.get("type_alternatives") or ()))


def hidden_published(corpus: Corpus) -> set[str]:
    dated = [article["id"] for article in corpus.articles if article.get("published")]
    return {article_id for position, article_id in enumerate(dated, start=1) if position % HIDE_EVERY == 0}


def corpus_records(corpus: Corpus, hidden: set[str]) -> list[Record]:
    """The input records of a corpus: only what a real input has, ``published`` hidden for
    ``hidden``; in the order a stream of news brings them (incremental clustering places articles
    in arrival order): by the publication date the input gives, those without one last, in corpus
    order otherwise. A corpus file is grouped by story, which no stream is."""
    source = str(corpus.path / "articles.jsonl")
    records = []
    for number, article in enumerate(corpus.articles, start=1):
        published = None if article["id"] in hidden else _safe_date(article.get("published"))
        records.append(Record(
            source=source, locator=f"line {number}", text=article["text"], external_id=article["id"],
            url=article.get("url"), outlet=article.get("outlet"), published=published,
            published_source="metadata" if published else None,
        ))
    return sorted(records, key=lambda record: (record.published is None, (record.published or "")[:10]))


def predictions(store: Store, corpus: Corpus) -> dict[str, dict[str, Any]]:
    """What the store holds for each gold article: its cluster, main event, publication date, the
    story of its main event and every story its events are in."""
    stored = {article["id"]: article for article in store.articles()}
    stories = store.article_stories()
    predicted = {}
    for article in corpus.articles:
        stored_id = article_id(article["text"])
        row = stored.get(stored_id, {})
        main_story, in_stories = stories.get(stored_id, (None, []))
        predicted[article["id"]] = {
            # Before clustering exists, each article is its own news cluster.
            "cluster_id": row.get("cluster_id") or f"article:{article['id']}",
            "main_event": row.get("main_event"),
            "published": row.get("published"),
            "story_id": main_story,
            "stories": in_stories,
        }
    return predicted


def _clustering(corpus: Corpus, predicted) -> dict[str, float | None]:
    gold = {a["id"]: a["event"] for a in corpus.articles if a.get("event")}
    if not gold:
        return _nulls(("b3_precision", "b3_recall", "b3_f1", "pairwise_f1"))
    pred = {item: predicted[item]["cluster_id"] for item in gold}
    precision, recall, f1 = bcubed(gold, pred)
    return {"b3_precision": round(precision, 4), "b3_recall": round(recall, 4), "b3_f1": round(f1, 4),
            "pairwise_f1": round(pairwise_f1(gold, pred), 4)}


def _stories(corpus: Corpus, predicted) -> dict[str, Any]:
    """Stories against the gold ``story``, over the articles with a gold event and story: B³ of the
    story of each article's main event, where a main event in no story stands alone with the other
    reports of its event cluster (a lone event is its own subject), and an article without a main
    event alone; the share of those articles in a story, the number of stories against the gold's,
    and the share of off-topic articles that have an event in a story."""
    gold = {a["id"]: a["story"] for a in corpus.articles if a.get("event") and a.get("story")}
    offtopic = [a["id"] for a in corpus.articles if not a.get("event")]
    shown = {story for found in predicted.values() for story in found.get("stories", [])}
    result: dict[str, Any] = {"n": len(gold), **_nulls(STORY_KEYS[1:5]), "stories": len(shown),
                              "gold_stories": len(set(gold.values())),
                              "offtopic_in_story": round(sum(bool(predicted[item].get("stories")) for item in offtopic)
                                                         / len(offtopic), 4) if offtopic else None}
    if not gold:
        return result
    pred = {item: _story_or_alone(item, predicted[item]) for item in gold}
    precision, recall, f1 = bcubed(gold, pred)
    in_story = sum(1 for item in gold if predicted[item].get("story_id"))
    return {**result, "b3_precision": round(precision, 4), "b3_recall": round(recall, 4), "b3_f1": round(f1, 4),
            "in_story_share": round(in_story / len(gold), 4)}


def _story_or_alone(item: str, found: dict[str, Any]) -> str:
    if found.get("story_id"):
        return f"story:{found['story_id']}"
    event = found.get("main_event") or {}
    return f"event:{event['cluster_id']}" if event.get("cluster_id") else f"article:{item}"


def _main_event(corpus: Corpus, predicted) -> dict[str, Any]:
    scores: dict[str, list[float]] = {key: [] for key in MAIN_EVENT_KEYS[1:]}
    n = 0
    for article in corpus.articles:
        gold = corpus.gold_event(article)
        if gold is None:
            continue
        n += 1
        event = predicted[article["id"]]["main_event"] or {}
        names = {actor["name"] for actor in event.get("actors", [])}
        checks = {
            "type_accuracy": (gold.get("type"), lambda: float(right_type(gold, event.get("type")))),
            "type_accuracy_strict": (gold.get("type"), lambda: float(event.get("type") == gold["type"])),
            "actors_f1": (gold.get("actors"), lambda: set_f1(set(gold["actors"]), names)),
            "date_accuracy": (gold.get("date"), lambda: float(same_date(gold["date"], gold.get("date_precision"),
                                                                        event.get("date")))),
            "location_accuracy": (gold.get("location"), lambda: float(same_place(gold["location"],
                                                                                 event.get("location")))),
        }
        for key, (gold_value, score) in checks.items():
            if gold_value:
                scores[key].append(score())
        if gold.get("date"):
            dated = bool(event.get("date")) and event.get("date_precision") in DATED_PRECISIONS
            scores["date_dated_share"].append(float(dated))
            if dated:
                scores["date_right_when_dated"].append(scores["date_accuracy"][-1])
        if gold.get("type") and gold.get("actors") and gold.get("date"):
            scores["exact_match"].append(float(
                right_type(gold, event.get("type")) and set_f1(set(gold["actors"]), names) == 1.0
                and same_date(gold["date"], gold.get("date_precision"), event.get("date"))))
    return {"n": n, **{key: mean(values) for key, values in scores.items()}}


def _errors(corpus: Corpus, predicted) -> list[dict[str, Any]]:
    found = []
    for article in corpus.articles:
        gold = corpus.gold_event(article)
        event = predicted[article["id"]]["main_event"]
        summary = _summary(event) if event else None
        expected = _summary(gold) if gold else None
        if expected != summary and not (expected and summary and _right(gold, event)):
            found.append({"article": article["id"], "gold": expected, "veille": summary})
    return found


def _summary(event: dict[str, Any]) -> dict[str, Any]:
    actors = sorted(a["name"] if isinstance(a, dict) else a for a in event.get("actors", []))
    location = event.get("location") or {}
    return {"type": event.get("type"), "actors": actors, "date": event.get("date"),
            "city": location.get("city"), "country": location.get("country")}


def _right(gold: dict[str, Any], event: dict[str, Any]) -> bool:
    names = {a["name"] for a in event.get("actors", [])}
    return (right_type(gold, event.get("type")) and set_f1(set(gold.get("actors") or []), names) == 1.0
            and same_date(gold.get("date") or "", gold.get("date_precision"), event.get("date"))
            and (not gold.get("location") or same_place(gold["location"], event.get("location"))))


def _offtopic(corpus: Corpus, predicted) -> dict[str, Any]:
    offtopic = [a["id"] for a in corpus.articles if not a.get("event")]
    if not offtopic:
        return {"n": 0, "false_event_rate": None}
    with_event = sum(1 for item in offtopic if predicted[item]["main_event"])
    return {"n": len(offtopic), "false_event_rate": round(with_event / len(offtopic), 4)}


def _published(corpus: Corpus, predicted, hidden: set[str]) -> dict[str, Any]:
    if not hidden:
        return {"n": 0, "accuracy": None}
    gold = {a["id"]: a["published"] for a in corpus.articles if a["id"] in hidden}
    right = sum(1 for item, day in gold.items() if (predicted[item]["published"] or "")[:10] == day[:10])
    return {"n": len(gold), "accuracy": round(right / len(gold), 4)}


def _safe_date(value: Any) -> str | None:
    try:
        return normalise_published(value)
    except ValueError:
        return None


def _nulls(keys) -> dict[str, None]:
    return {key: None for key in keys}
