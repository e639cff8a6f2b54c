"""The learned choice of the main event's participants, on hand-built candidates."""

from __future__ import annotations

from dataclasses import replace

import pytest

from veille.models import Actor, Event
from veille.nlp import participants
from veille.nlp.linear import LinearModel
from veille.nlp.main_event import ActorFacts, EventModel, Policy, actor_features, fit_actors

# A participant is named in the headline or chosen by the rules; a bystander only in the lead.
ACTORS = LinearModel(("actor",), {"in:headline": (3.0,), "role:none": (-2.0,), "role:source": (1.0,)}, (-0.5,))


def _model(actors=ACTORS, threshold=0.3) -> EventModel:
    none = LinearModel(("x",), {}, (0.0,))
    return EventModel(none, none, none, Policy(actor_threshold=threshold), actors=actors)


def _facts(role=None, places=("lead",)) -> ActorFacts:
    return ActorFacts(event_type="AGREE", entity_type="person", role=role, places=frozenset(places), mentions=1,
                      first_sentence=0, other_events=0, office_holder=True)


def _event() -> Event:
    return Event(id="e1", article_id="a1", type="AGREE", actors=[Actor("Ana", "source", "p:ana")],
                 trace={"decided_by": "model"})


def test_a_participant_the_rules_missed_joins_and_a_bystander_does_not():
    event = _event()
    found = [("p:ana", event.actors[0], _facts(role="source", places=("event",))),
             ("p:ben", Actor("Ben", "", "p:ben"), _facts(places=("headline",))),
             ("p:cleo", Actor("Cleo", "", "p:cleo"), _facts(places=("lead",)))]
    participants.choose(event, found, _model())
    assert [(a.name, a.role) for a in event.actors] == [("Ana", "source"), ("Ben", "target")]
    assert [name for name, _ in event.trace["participants"]] == ["Ana", "Ben"]
    assert all(0.3 <= p <= 1 for _, p in event.trace["participants"])


def test_the_rules_actors_stay_whatever_the_model_thinks_of_them():
    event = _event()
    found = [("p:ana", event.actors[0], _facts(role="source")),
             ("p:ben", Actor("Ben", "", "p:ben"), _facts(places=("lead",)))]
    participants.choose(event, found, _model(threshold=0.99))
    assert [a.name for a in event.actors] == ["Ana"] and event.trace["participants"][0][0] == "Ana"


def test_without_an_actor_model_nothing_changes():
    assert _model(actors=None).participants([("p:ana", _facts())]) is None


def test_a_new_participant_is_the_source_of_an_event_without_one():
    event = replace(_event(), actors=[])
    participants.choose(event, [("p:ben", Actor("Ben", "", "p:ben"), _facts(places=("headline",)))], _model())
    assert [(a.name, a.role) for a in event.actors] == [("Ben", "source")]


def test_the_actor_model_learns_who_takes_part():
    examples = [(actor_features(_facts(places=("headline",))), True), (actor_features(_facts()), False)] * 10
    model = fit_actors(examples, c=10.0)
    assert model.probabilities(actor_features(_facts(places=("headline",))))["actor"] > 0.8
    assert model.probabilities(actor_features(_facts()))["actor"] < 0.2
    assert fit_actors([(actor_features(_facts()), False)]) is None


@pytest.mark.parametrize("role", ["source", "target", None])
def test_actor_features_name_the_rules_reading(role):
    features = actor_features(_facts(role=role, places=("event", "headline")))
    assert features[f"role:{role or 'none'}"] == 1.0 and features["in:event"] == features["in:headline"] == 1.0
