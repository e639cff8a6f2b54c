"""Held-out evaluation: story k-fold cross-validation over gold corpora, and training the event model.

Every article is parsed, linked and read by the trigger lexicon once (``prepare``); what is learned
(the main-event model, nlp/main_event.py) is then fitted on the other folds' articles and applied
to each fold's own, so that every article's main event comes from a model that never saw its story.
The held-out documents are stored and clustered together in one store and scored with the same
contract as ``veille evaluate``; the in-sample score (a model fitted on every article) comes beside it.

Folds group articles by ``story``: a story is never split between training and testing. Stories
are dealt to folds largest first, each to the fold with the fewest articles; then the articles
without a story (off-topic ones), one at a time, the same way.
"""

from __future__ import annotations

import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..incremental import store_documents
from ..ingest import document_for
from ..models import Document
from ..nlp import main_event
from ..nlp.events import EventExtractor, EventStage
from ..pipeline import Pipeline, analysis_pipeline
from ..settings import Settings
from ..store import Store
from .corpus import Corpus, load_corpus, titles_only
from .harness import corpus_records, hidden_published, predictions, right_type, scores
from .metrics import normalised_name, same_place, set_f1

DEFAULT_FOLDS = 5
CALIBRATION_FOLDS = 3  # inside a training set, for the out-of-story decisions the calibrator learns from


@dataclass
class Prepared:
    """An article analysed up to its candidate events, with what the model learns from it."""

    doc: Document  # parsed and linked, no events yet
    fold: int
    story: str | None
    gold: dict[str, Any] | None  # the gold main event
    article: dict[str, float]  # the typer's features
    candidates: list[tuple[str, dict[str, float]]]  # (type, ranker features) of each candidate
    candidate_labels: list[bool]  # which candidates are the gold main event (right type, a gold actor)

    @property
    def type_label(self) -> str:
        """The gold main event's type, or NONE for an article with no political event."""
        return main_event.NONE if self.gold is None else self.gold["type"]


def merge_corpora(folders: Sequence[str | Path]) -> Corpus:
    """One corpus of several (their article and event ids must not collide)."""
    corpora = [load_corpus(folder) for folder in folders]
    articles, events = [], {}
    for corpus in corpora:
        articles += corpus.articles
        events.update(corpus.events)
    return Corpus(path=Path("+".join(str(c.path) for c in corpora)), articles=articles, events=events)


def story_folds(corpus: Corpus, k: int) -> dict[str, int]:
    """Article id → fold, grouped by story (see the module's docstring)."""
    stories: dict[str, list[str]] = defaultdict(list)
    loose = []
    for article in corpus.articles:
        (stories[article["story"]] if article.get("story") else loose).append(article["id"])
    sizes = [0] * k
    folds = {}
    for _, members in sorted(stories.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        fold = min(range(k), key=lambda f: (sizes[f], f))
        sizes[fold] += len(members)
        folds.update({item: fold for item in members})
    for item in loose:
        fold = min(range(k), key=lambda f: (sizes[f], f))
        sizes[fold] += 1
        folds[item] = fold
    return folds


def prepare(corpus: Corpus, settings: Settings, folds: dict[str, int], hidden: set[str]) -> tuple[list[Prepared], EventStage]:
    """Parse, link and read every article once; its candidates' features and gold labels."""
    full = analysis_pipeline()
    before_events = Pipeline([stage for stage in full.stages if stage.name != "events"])
    before_events.initialize(settings)
    stage = EventStage(rules_only=True)
    stage.initialize(settings)
    by_id = {article["id"]: article for article in corpus.articles}
    prepared = []
    docs = (document_for(record) for record in corpus_records(corpus, hidden))
    for doc in before_events(docs):
        gold_article = by_id[doc.article.external_id]
        prepared.append(_prepared(doc, stage, corpus, gold_article, folds[gold_article["id"]]))
    return prepared, stage


def _prepared(doc: Document, stage: EventStage, corpus: Corpus, article: dict[str, Any], fold: int) -> Prepared:
    gold, story = corpus.gold_event(article), article.get("story")
    if doc.spacy_doc is None:  # an article in another language: nothing to learn from
        return Prepared(doc, fold, story, gold, {}, [], [])
    extractor = EventExtractor(stage, doc)
    found = extractor.candidates()
    features, candidates = extractor.decision_inputs(found)
    actors = set(gold.get("actors") or []) if gold else set()
    labels = [gold is not None and right_type(gold, event.type) and set_f1(actors, {a.name for a in event.actors}) > 0
              for event in found]
    return Prepared(doc, fold, story, gold, features, candidates, labels)


def train(examples: Iterable[Prepared], stage: EventStage | None = None, *,
          policy: main_event.Policy = main_event.Policy(), trained_on: dict[str, Any] | None = None,
          **strengths: float) -> main_event.EventModel:
    """The event model fitted on prepared articles, its confidence calibrated on decisions about
    stories it did not see: the articles are split by story in CALIBRATION_FOLDS, and each part is
    decided by a model fitted on the others. With ``stage``, the actor model too, from the
    entities near the main events the fitted model chooses."""
    examples = list(examples)
    model = _fit(examples, policy=policy, trained_on=trained_on, **strengths)
    if stage is not None:
        model = replace(model, actors=main_event.fit_actors(_participant_examples(examples, stage, model)))
        model = replace(model, places=main_event.fit_places(_place_examples(examples, stage, model)))
    outcomes = []
    for part in range(CALIBRATION_FOLDS):
        inside = [item for item in examples if _calibration_part(item) == part]
        inner = _fit([item for item in examples if _calibration_part(item) != part], policy=policy, **strengths)
        for item in inside:
            if item.gold is None or item.doc.spacy_doc is None:
                continue
            decision = inner.decide(item.article, item.candidates)
            if decision.main is not None:
                outcomes.append((decision.evidence, right_type(item.gold, decision.type)))
    return replace(model, calibrator=main_event.fit_calibrator(outcomes))


def _participant_examples(examples: list[Prepared], stage: EventStage,
                          model: main_event.EventModel) -> list[tuple[dict[str, float], bool]]:
    """(actor features, named among the gold actors) of each entity near the main event of each
    article with a gold event, its main event chosen by ``model`` and completed by the rules."""
    found = []
    for item, extractor, main, events in _main_events(examples, stage, model):
        gold = {normalised_name(name) for name in item.gold.get("actors") or ()}
        found += [(main_event.actor_features(facts), normalised_name(actor.name) in gold)
                  for _, actor, facts in extractor.participant_candidates(main, events)]
    return found


def _place_examples(examples: list[Prepared], stage: EventStage,
                    model: main_event.EventModel) -> list[tuple[dict[str, float], bool]]:
    """(place features, the gold place) of each place near the main event of each article with a
    gold event, its main event chosen and its actors completed by ``model``. A gold event without a
    place (a phone call, a statement) makes every candidate a negative example."""
    found = []
    for item, extractor, main, _ in _main_events(examples, stage, model):
        gold = item.gold.get("location")
        found += [(main_event.place_features(facts), bool(gold) and same_place(gold, place))
                  for _, place, facts in extractor.place_candidates(main)]
    return found


def _main_events(examples: list[Prepared], stage: EventStage, model: main_event.EventModel):
    """(item, its extractor, its main event, all its events) of each article with a gold event whose
    main event ``model`` chooses, extracted into a fresh copy of the prepared document."""
    for item in examples:
        if item.gold is None or item.doc.spacy_doc is None:
            continue
        extractor = EventExtractor(stage, _fresh(item))
        events = extractor.events(model)
        main = next((event for event in events if event.is_main), None)
        if main is not None:
            yield item, extractor, main, events


def _fresh(item: Prepared) -> Document:
    """A copy of a prepared document to extract events into, leaving the prepared one as it was."""
    return replace(item.doc, article=replace(item.doc.article), events=[])


def _calibration_part(item: Prepared) -> int:
    """A story's part among CALIBRATION_FOLDS, stable across runs (not Python's salted hash)."""
    key = item.story or item.doc.article.id
    return zlib.crc32(key.encode("utf-8")) % CALIBRATION_FOLDS


def _fit(examples: list[Prepared], *, policy: main_event.Policy, trained_on: dict[str, Any] | None = None,
         **strengths: float) -> main_event.EventModel:
    """The gate, typer and ranker fitted on prepared articles. The ranker learns from the articles
    where some candidate is the gold main event (and from articles with no event, whose candidates
    all are not)."""
    gate, typer, ranker = [], [], []
    for item in examples:
        if item.doc.spacy_doc is None:
            continue
        gate.append((main_event.gate_features(item.article, item.candidates), item.type_label != main_event.NONE))
        if item.type_label != main_event.NONE:
            typer.append((item.article, item.type_label))
        if any(item.candidate_labels) or item.type_label == main_event.NONE:
            ranker += [(features, label) for (_, features), label in zip(item.candidates, item.candidate_labels)]
    return main_event.fit(gate, typer, ranker, policy=policy, trained_on=trained_on, **strengths)


def analysed(items: Iterable[Prepared], stage: EventStage, model: main_event.EventModel | None) -> list[Document]:
    """Copies of the prepared documents with their events, the main one chosen by ``model``."""
    docs = []
    for item in items:
        doc = _fresh(item)
        if doc.spacy_doc is not None:
            doc.events = EventExtractor(stage, doc).events(model)
        docs.append(doc)
    return docs


def score(corpus: Corpus, docs: list[Document], settings: Settings, hidden: set[str]) -> dict[str, Any]:
    """The evaluation contract for analysed documents, stored and clustered together."""
    with tempfile.TemporaryDirectory(prefix="veille-cv-") as tmp:
        store = Store.open(Path(tmp) / "evaluation.db")
        try:
            store_documents(docs, store, settings)
            predicted = predictions(store, corpus)
        finally:
            store.close()
    return scores(corpus, predicted, hidden)


def calibration(corpus: Corpus, docs: list[Document], bins: int = 5) -> dict[str, Any]:
    """How well the main events' ``confidence`` (the probability that their type is right) is
    calibrated: the Brier score, and per probability bin the mean confidence and the share right."""
    gold = {article["id"]: corpus.gold_event(article) for article in corpus.articles}
    pairs = []
    for doc in docs:
        event = next((e for e in doc.events if e.is_main), None)
        expected = gold.get(doc.article.external_id)
        if event is not None and expected is not None and event.confidence is not None:
            pairs.append((event.confidence, float(right_type(expected, event.type))))
    if not pairs:
        return {"n": 0, "brier": None, "bins": []}
    table = []
    for k in range(bins):
        inside = [(p, y) for p, y in pairs if k / bins <= p < (k + 1) / bins or (k == bins - 1 and p == 1.0)]
        if inside:
            table.append({"from": k / bins, "to": (k + 1) / bins, "n": len(inside),
                          "mean_confidence": round(sum(p for p, _ in inside) / len(inside), 3),
                          "share_right": round(sum(y for _, y in inside) / len(inside), 3)})
    brier = sum((p - y) ** 2 for p, y in pairs) / len(pairs)
    return {"n": len(pairs), "brier": round(brier, 4), "bins": table}


def cross_validate(folders: Sequence[str | Path], settings: Settings, *, folds: int = DEFAULT_FOLDS,
                   policy: main_event.Policy = main_event.Policy(), rules_only: bool = False,
                   titles: bool = False) -> dict[str, Any]:
    """``{"folds": K, "held_out": {…}, "in_sample": {…}}``, each the evaluation contract.

    ``rules_only``: score the reading-order rule instead of the learned model (both columns are then
    the same: nothing is learned). ``titles``: the model learns from the whole articles and is
    scored on their headlines alone (``corpus.titles_only``), as a feed of titles would give them."""
    started = time.perf_counter()
    corpus = merge_corpora(folders)
    assignment = story_folds(corpus, folds)
    hidden = hidden_published(corpus)
    prepared, stage = prepare(corpus, settings, assignment, hidden)
    scored, tested = corpus, prepared
    if titles:
        scored = titles_only(corpus)
        tested, _ = prepare(scored, settings, assignment, hidden)
    if rules_only:
        docs = analysed(tested, stage, None)
        in_sample = held_out = score(scored, docs, settings, hidden) | {"calibration": calibration(scored, docs)}
    else:
        held_docs = []
        for fold in range(folds):
            model = train((item for item in prepared if item.fold != fold), stage)
            held_docs += analysed([item for item in tested if item.fold == fold], stage, model)
        held_out = score(scored, held_docs, settings, hidden) | {"calibration": calibration(scored, held_docs)}
        in_docs = analysed(tested, stage, train(prepared, stage))
        in_sample = score(scored, in_docs, settings, hidden) | {"calibration": calibration(scored, in_docs)}
    return {"folds": folds, "held_out": held_out, "in_sample": in_sample,
            "seconds": round(time.perf_counter() - started, 2)}


def train_model(folders: Sequence[str | Path], settings: Settings, output: str | Path, *,
                policy: main_event.Policy = main_event.Policy()) -> main_event.EventModel:
    """Fit the event model on every article of the corpora and write it to ``output``."""
    corpus = merge_corpora(folders)
    prepared, stage = prepare(corpus, settings, {a["id"]: 0 for a in corpus.articles}, set())
    with_event = sum(1 for a in corpus.articles if a.get("event"))
    model = train(prepared, stage, policy=policy, trained_on={
        "corpora": [Path(folder).name for folder in folders], "articles": len(corpus.articles),
        "articles_with_event": with_event})
    model.save(output)
    return model


__all__ = ["DEFAULT_FOLDS", "cross_validate", "merge_corpora", "prepare", "score", "story_folds", "train",
           "train_model"]
