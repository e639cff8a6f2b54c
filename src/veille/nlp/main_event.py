"""The learned decisions about an article's events: does it report a political event, which of its
candidate events is the main one, and of what PLOVER type.

The candidates are what the trigger lexicon and the parse find (events.py); the judgement is
linear models trained on the labelled corpora (``veille train``; docs/events.md):

- the *gate* gives the probability that the article reports a political event at all, from the
  typer's features and how many candidates there are, and where;
- the *typer* reads the headline and lead (their content words, not their names, so that it holds
  on stories it was not trained on) and the lexicon's reading of them (the types and triggers of the
  lead's candidates, the type the reading-order rule would pick), and gives a probability to each
  of the 16 types;
- the *ranker* scores each candidate as the main event from what the rules look at: its trigger and
  type, where it stands (headline, lead, depth under the sentence's verb), its actors and date,
  and whether the reading-order rule picks it;
- the *calibrator* turns how sure those three were into the probability that the main event's type
  is right (its ``confidence``), fitted on decisions about stories they had not seen.

An article the gate gives less than ``event_threshold`` has no main event; otherwise the candidate
with the best ranker score plus ``type_weight`` × log P(its type) is the main event, and it takes
the typer's type when the typer is sure of another one (``retype_threshold``). Every decision keeps
its trace: the probabilities and the features that weighed most.

Weights are data (nlp/data/event_model.json), read once; nothing here needs scikit-learn but the
``fit`` functions.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .linear import LinearModel, fit_linear

NONE = "NONE"  # the gold label of an article with no political event (the gate's negatives)
MODEL_VERSION = 1
MODEL_PATH = Path(str(resources.files(__package__).joinpath("data", "event_model.json")))
_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
# The mean word vector of the headline's and of the lead's content words (spaCy's, unit length),
# one feature per dimension: what the text is about even in words no training article used. The
# scale sets how much they count against the regularisation that keeps the typer's lemma features
# small (chosen held out: docs/evaluation.md).
VECTOR_SCALE = 3.0
VECTOR_PREFIXES = {"head_vec:": "headline meaning (word vectors)", "lead_vec:": "lead meaning (word vectors)"}


# ------------------------------------------------------------------ the decision
@dataclass(frozen=True)
class Policy:
    event_threshold: float = 0.75  # the gate's P(political event) below which an article has no main event
    type_weight: float = 0.5  # how much the typer's P(type) counts in choosing the candidate
    retype_threshold: float = 0.6  # P(another type) from which the main event takes that type
    actor_threshold: float = 0.5  # P(an entity of the lead is a participant) from which it joins the main event's actors
    place_threshold: float = 0.2  # P(a place named near the main event is where it happened) from which it is taken


@dataclass
class Decision:
    main: int | None  # index of the main event among the candidates, or None
    type: str | None
    confidence: float | None  # how likely the main event's type is right (calibrated)
    trace: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)  # what the calibrator read (confidence_features)


@dataclass(frozen=True)
class EventModel:
    gate: LinearModel  # article → P(it reports a political event)
    typer: LinearModel  # article → P(each type) of its main event
    ranker: LinearModel  # candidate → P(it is the main event)
    policy: Policy = Policy()
    calibrator: LinearModel | None = None  # the decision's scores → P(the main event's type is right)
    trained_on: dict[str, Any] = field(default_factory=dict)  # corpora, counts: for the record
    actors: LinearModel | None = None  # an entity of the main event's sentence or lead → P(it is a participant)
    places: LinearModel | None = None  # a place named near the main event → P(it happened there)

    def decide(self, article: dict[str, float], candidates: Sequence[tuple[str, dict[str, float]]],
               ) -> Decision:
        """``article``: the typer's features; ``candidates``: (type, ranker features) of each
        candidate event, in reading order."""
        gate = gate_features(article, candidates)
        p_event = self.gate.probabilities(gate)["event"]
        types = self.typer.probabilities(article)
        best_type = max(types, key=types.get)
        typer_trace = {"p_event": round(p_event, 3),
                       "type_probabilities": {t: round(p, 3) for t, p in sorted(types.items(), key=lambda x: -x[1])[:4]},
                       "typer_features": self.typer.contributions(article, best_type, grouped=VECTOR_PREFIXES)}
        if not candidates or p_event < self.policy.event_threshold:
            reason = "no candidate event" if not candidates else f"P(political event) {p_event:.2f}"
            return Decision(None, None, None, {"decided_by": "model", "no_main_event": reason,
                                               "gate_features": self.gate.contributions(gate, "event", grouped=VECTOR_PREFIXES), **typer_trace})
        scores = [self.ranker.scores(features)[0] + self.policy.type_weight * math.log(types.get(kind, 0) + 1e-6)
                  for kind, features in candidates]
        main = max(range(len(candidates)), key=lambda i: (scores[i], -i))
        kind, features = candidates[main]
        retyped = best_type != kind and types[best_type] >= self.policy.retype_threshold
        final = best_type if retyped else kind
        trace = {"decided_by": "model", "main_score": round(scores[main], 3),
                 "candidates": len(candidates), "ranker_features": self.ranker.contributions(features, "main"),
                 **typer_trace}
        if retyped:
            trace["retyped_from"] = kind
        evidence = confidence_features(types, final, scores[main], p_event, retyped)
        confidence = self.calibrator.probabilities(evidence)["right"] if self.calibrator else types.get(final, 0.0)
        return Decision(main, final, round(confidence, 3), trace, evidence)

    def participants(self, candidates: Sequence[tuple[str, ActorFacts]]) -> list[tuple[str, float]] | None:
        """(key, P(participant)) of the main event's actors: those the rules chose, and the other
        candidates that pass ``actor_threshold``. The model only adds: the gold events often name
        a leader where the rules find the state, so it learns to doubt states that are plainly
        taking part ("la France et le Royaume-Uni ont bombardé"), and removing them would cost
        more than it gains. None without an actor model or without any actor."""
        if self.actors is None:
            return None
        kept = []
        for key, facts in candidates:
            p = self.actors.probabilities(actor_features(facts))["actor"]
            if facts.role or p >= self.policy.actor_threshold:
                kept.append((key, p))
        return kept or None

    def place(self, candidates: Sequence[tuple[str, PlaceFacts]]) -> list[tuple[str, float]] | None:
        """(key, P(the main event happened there)) of each place named near it, most likely first;
        None without a place model or without any place."""
        if self.places is None or not candidates:
            return None
        scored = [(key, self.places.probabilities(place_features(facts))["place"]) for key, facts in candidates]
        return sorted(scored, key=lambda pair: -pair[1])

    def as_json(self) -> dict[str, Any]:
        return {"version": MODEL_VERSION, "policy": vars(self.policy), "trained_on": self.trained_on,
                "gate": self.gate.as_json(), "typer": self.typer.as_json(), "ranker": self.ranker.as_json(),
                "calibrator": self.calibrator.as_json() if self.calibrator else None,
                "actors": self.actors.as_json() if self.actors else None,
                "places": self.places.as_json() if self.places else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventModel:
        if data.get("version") != MODEL_VERSION:
            raise ConfigError(f"event model version {data.get('version')!r} is not {MODEL_VERSION}; "
                              "rebuild it with `veille train`")
        calibrator, actors, places = data.get("calibrator"), data.get("actors"), data.get("places")
        return cls(LinearModel.from_json(data["gate"]), LinearModel.from_json(data["typer"]),
                   LinearModel.from_json(data["ranker"]), Policy(**data.get("policy", {})),
                   LinearModel.from_json(calibrator) if calibrator else None, data.get("trained_on", {}),
                   LinearModel.from_json(actors) if actors else None,
                   LinearModel.from_json(places) if places else None)

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.as_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                              encoding="utf-8")


@cache
def shipped_model() -> EventModel | None:
    """The model shipped with veille, or None when none was built (the rules decide alone)."""
    if not MODEL_PATH.is_file():
        return None
    return load_model(MODEL_PATH)


def load_model(path: str | Path) -> EventModel:
    try:
        return EventModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ConfigError(f"{path}: cannot read the event model ({err})") from None


# ------------------------------------------------------------------ features
def article_features(headline: Sequence, lead: Sequence, candidates: Sequence[tuple[str, str, bool]],
                     ) -> dict[str, float]:
    """What the typer reads: the content lemmas of the headline and of the lead (spaCy tokens) and
    their mean word vectors, and the lexicon's reading of them: (type, trigger lemma, picked by the
    reading-order rule) of each candidate event of the headline and lead."""
    features: dict[str, float] = {}
    for prefix, tokens in (("head", headline), ("lead", lead)):
        content = [t for t in tokens if t.pos_ in _CONTENT_POS and t.is_alpha and len(t) > 2]
        for token in content:
            features[f"{prefix}:{token.lemma_.casefold()}"] = 1.0
        features.update(_mean_vector(f"{prefix}_vec:", content))
    for kind, trigger, picked in candidates:
        features[f"cand_type:{kind}"] = 1.0
        features[f"cand_trigger:{trigger}"] = 1.0
        if picked:
            features[f"rule_type:{kind}"] = 1.0
    if not candidates:
        features["no_candidate"] = 1.0
    return features


def _mean_vector(prefix: str, tokens: Sequence) -> dict[str, float]:
    vectors = [t.vector for t in tokens if t.has_vector]
    if not vectors:
        return {}
    mean = sum(vectors) / len(vectors)
    norm = float((mean * mean).sum()) ** 0.5
    return {f"{prefix}{i}": float(x) * VECTOR_SCALE / norm for i, x in enumerate(mean) if x} if norm else {}


def confidence_features(types: dict[str, float], final: str, score: float, p_event: float,
                        retyped: bool) -> dict[str, float]:
    """What the calibrator reads of a decision: how sure the typer, the ranker and the gate were."""
    return {"log_p_type": math.log(types.get(final, 0.0) + 1e-6), "p_type": types.get(final, 0.0),
            "main_score": score, "p_event": p_event, "retyped": float(retyped),
            "typer_margin": types.get(final, 0.0) - max((p for t, p in types.items() if t != final), default=0.0)}


def gate_features(article: dict[str, float], candidates: Sequence[tuple[str, dict[str, float]]]) -> dict[str, float]:
    """What the gate reads: the typer's features, how many candidates there are and where, and
    whether the lead's candidates have political actors (a sports or science story's events are
    made by clubs, schools and companies)."""
    in_lead = [features for _, features in candidates if "position:lead" in features]
    political = max((n for features in in_lead for n in (1, 2) if features.get(f"political:{n}")), default=0)
    return {**article, f"in_lead:{min(len(in_lead), 3)}": 1.0, f"candidates:{min(len(candidates), 8)}": 1.0,
            f"lead_political:{political}": 1.0}


@dataclass(frozen=True)
class CandidateFacts:
    """What the ranker knows of one candidate event (filled in by the event extractor)."""

    type: str
    mode: str | None
    trigger: str  # the trigger's lemma
    sentence: int  # its sentence's index in the article
    lead_rank: int | None  # its sentence's rank among the headline and lead sentences, None outside
    in_headline: bool
    depth: int  # how far below its sentence's root the trigger sits
    framed: bool  # the object of another trigger ("a ordonné l'expulsion")
    sources: int
    targets: int
    people: int
    political: int  # actors the knowledge base knows as states, governments, organisations, armed groups or office holders
    unknown: int  # actors the knowledge base does not know (names the parser found)
    date_precision: str | None
    rule_main: bool  # what the reading-order rule picks
    same_type: int  # how many candidates of the article share its type
    first_of_type: bool
    below_other: bool = False  # another candidate's trigger governs it ("ont conclu, après des négociations, un accord")
    above_other: bool = False  # it governs another candidate's trigger


def candidate_features(facts: CandidateFacts) -> dict[str, float]:
    position = "lead" if facts.lead_rank is not None else "body"
    features = {
        f"type:{facts.type}": 1.0,
        f"trigger:{facts.trigger}": 1.0,
        f"position:{position}": 1.0,
        f"lead_rank:{min(facts.lead_rank, 3)}" if facts.lead_rank is not None else "lead_rank:none": 1.0,
        f"sentence:{min(facts.sentence, 6)}": 1.0,
        f"depth:{min(facts.depth, 3)}": 1.0,
        f"sources:{min(facts.sources, 2)}": 1.0,
        f"targets:{min(facts.targets, 2)}": 1.0,
        f"people:{min(facts.people, 2)}": 1.0,
        f"political:{min(facts.political, 2)}": 1.0,
        f"unknown:{min(facts.unknown, 2)}": 1.0,
        f"date:{facts.date_precision or 'none'}": 1.0,
        f"same_type:{min(facts.same_type, 4)}": 1.0,
    }
    flags = {"headline": facts.in_headline, "framed": facts.framed, "rule_main": facts.rule_main,
             "first_of_type": facts.first_of_type, "below_other": facts.below_other,
             "above_other": facts.above_other}
    features.update({name: 1.0 for name, on in flags.items() if on})
    features[f"{position}_type:{facts.type}"] = 1.0
    if facts.mode:
        features[f"mode:{facts.type}/{facts.mode}"] = 1.0
    return features


@dataclass(frozen=True)
class ActorFacts:
    """What the actor model knows of one entity named near the main event (filled in by the event
    extractor): the rules' reading, where the article names it, and what it is."""

    event_type: str  # the main event's type
    entity_type: str  # its knowledge-base type; "local" for a name the knowledge base does not know
    role: str | None  # its role in the main event as the rules read it; None when they left it out
    places: frozenset[str]  # where it is named: "event" (the main event's sentence), "lead", "headline"
    mentions: int  # how often the article names it
    first_sentence: int  # the sentence that first names it
    other_events: int  # how many of the article's other events have it as an actor
    office_holder: bool  # someone the knowledge base knows to hold an office


def actor_features(facts: ActorFacts) -> dict[str, float]:
    features = {f"entity:{facts.entity_type}": 1.0, f"event_entity:{facts.event_type}/{facts.entity_type}": 1.0,
                f"role:{facts.role or 'none'}": 1.0, f"event_role:{facts.event_type}/{facts.role or 'none'}": 1.0,
                f"mentions:{min(facts.mentions, 5)}": 1.0, f"first_sentence:{min(facts.first_sentence, 4)}": 1.0,
                f"other_events:{min(facts.other_events, 3)}": 1.0}
    features.update({f"in:{place}": 1.0 for place in facts.places})
    if facts.office_holder:
        features["office_holder"] = 1.0
    return features


@dataclass(frozen=True)
class PlaceFacts:
    """What the place model knows of one place that may be where the main event happened (filled in
    by places.candidates): how the rules and the article present it."""

    event_type: str  # the main event's type
    mode: str | None  # its mode ("phone" calls happen nowhere in particular)
    kind: str  # "city", "landmark", "country", or "seat" (the capital of the state an actor acts for)
    from_rule: bool  # the place the rules gave the event (the parse attaches it to the trigger)
    places: frozenset[str]  # where the article names it: "event" (the event's sentence), "headline", "lead"
    introduced: bool  # after a place preposition ("à Lima", "en Syrie") somewhere near the event
    actor_country: str  # "source" / "target" when it is (in) the country of a source / target actor, else "none"
    mentions: int  # how often the article names it


def place_features(facts: PlaceFacts) -> dict[str, float]:
    features = {f"kind:{facts.kind}": 1.0, f"event_kind:{facts.event_type}/{facts.kind}": 1.0,
                f"mode_kind:{facts.mode or 'none'}/{facts.kind}": 1.0, f"actor_country:{facts.actor_country}": 1.0,
                f"kind_actor_country:{facts.kind}/{facts.actor_country}": 1.0,
                f"mentions:{min(facts.mentions, 5)}": 1.0}
    features.update({f"in:{place}": 1.0 for place in facts.places})
    features.update({f"kind_in:{facts.kind}/{place}": 1.0 for place in facts.places})
    if facts.from_rule:
        features["from_rule"] = 1.0
    if facts.introduced:
        features["introduced"] = 1.0
    return features


# ------------------------------------------------------------------ training
def fit(gate_examples: Sequence[tuple[dict[str, float], bool]],
        typer_examples: Sequence[tuple[dict[str, float], str]],
        ranker_examples: Sequence[tuple[dict[str, float], bool]], *, policy: Policy = Policy(),
        trained_on: dict[str, Any] | None = None, c_gate: float = 1.0, c_typer: float = 0.03,
        c_ranker: float = 0.3) -> EventModel:
    """Fit the gate, the typer and the ranker with scikit-learn's logistic regression (L2; balanced
    classes for the gate and the typer, whose rare classes would otherwise never be predicted).
    The calibrator is fitted apart (``fit_calibrator``), on decisions about articles the three did
    not see."""
    if any(len({label for _, label in examples}) < 3 - binary
           for examples, binary in ((gate_examples, True), (typer_examples, False), (ranker_examples, True))):
        raise ConfigError("too few labelled articles to train the event model")
    gate = fit_linear(gate_examples, c_gate, balanced=True, positive="event")
    typer = fit_linear(typer_examples, c_typer, balanced=True)
    ranker = fit_linear(ranker_examples, c_ranker, balanced=False, positive="main")
    return EventModel(gate, typer, ranker, policy, trained_on=trained_on or {})


def fit_actors(examples: Sequence[tuple[dict[str, float], bool]], c: float = 0.3) -> LinearModel | None:
    """Which entities near the main event are its participants (``actor_features`` → named among
    the gold event's actors); None without both outcomes to learn from."""
    if len({label for _, label in examples}) < 2:
        return None
    return fit_linear(examples, c, balanced=False, positive="actor")


def fit_places(examples: Sequence[tuple[dict[str, float], bool]], c: float = 0.3) -> LinearModel | None:
    """Where the main event happened, among the places named near it (``place_features`` → the gold
    place); None without both outcomes to learn from."""
    if len({label for _, label in examples}) < 2:
        return None
    return fit_linear(examples, c, balanced=False, positive="place")


def fit_calibrator(examples: Sequence[tuple[dict[str, float], bool]]) -> LinearModel | None:
    """Platt scaling: P(the main event's type is right) from ``confidence_features``; None without
    both outcomes to learn from."""
    if len({right for _, right in examples}) < 2:
        return None
    return fit_linear(examples, 1.0, balanced=False, positive="right")
