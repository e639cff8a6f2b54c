"""The learned main-event decisions: linear models as data, the decision policy, the shipped model."""

from __future__ import annotations

import pytest

from veille.errors import ConfigError
from veille.models import EVENT_TYPES
from veille.nlp.linear import LinearModel
from veille.nlp.main_event import EventModel, Policy, fit, load_model, shipped_model


def _model(gate_bias=3.0, policy=Policy()) -> EventModel:
    gate = LinearModel(("event",), {"head:match": (-6.0,)}, (gate_bias,))
    typer = LinearModel(("AGREE", "CONSULT"), {"head:signer": (2.0, -2.0), "head:rencontrer": (-2.0, 2.0)}, (0.0, 0.0))
    ranker = LinearModel(("main",), {"position:lead": (2.0,), "position:body": (-2.0,)}, (0.0,))
    return EventModel(gate, typer, ranker, policy)


def test_the_main_event_is_the_best_ranked_candidate_and_the_typer_can_retype_it():
    model = _model()
    lead, body = {"position:lead": 1.0}, {"position:body": 1.0}
    decision = model.decide({"head:rencontrer": 1.0}, [("CONSULT", body), ("CONSULT", lead)])
    assert (decision.main, decision.type) == (1, "CONSULT")
    assert decision.trace["decided_by"] == "model" and decision.trace["ranker_features"] == [["position:lead", 2.0]]
    retyped = model.decide({"head:signer": 1.0}, [("CONSULT", lead)])
    assert (retyped.main, retyped.type, retyped.trace["retyped_from"]) == (0, "AGREE", "CONSULT")
    assert retyped.confidence == pytest.approx(0.982, abs=1e-3)


def test_an_article_the_gate_finds_no_event_in_has_no_main_event():
    decision = _model().decide({"head:match": 1.0}, [("CONSULT", {"position:lead": 1.0})])
    assert decision.main is None and decision.trace["no_main_event"].startswith("P(political event) 0.05")
    assert _model().decide({}, []).trace["no_main_event"] == "no candidate event"


def test_a_model_round_trips_through_its_json_file(tmp_path):
    model = _model(policy=Policy(event_threshold=0.6))
    model.save(tmp_path / "model.json")
    assert load_model(tmp_path / "model.json") == model
    (tmp_path / "old.json").write_text('{"version": 0}')
    with pytest.raises(ConfigError, match="rebuild it with `veille train`"):
        load_model(tmp_path / "old.json")


def test_fit_learns_the_three_models_from_labelled_examples():
    gate = [({"w:vote": 1.0}, True), ({"w:match": 1.0}, False)] * 5
    typer = [({"w:signer": 1.0}, "AGREE"), ({"w:rencontrer": 1.0}, "CONSULT"), ({"w:frapper": 1.0}, "ASSAULT")] * 5
    ranker = [({"lead": 1.0}, True), ({"body": 1.0}, False)] * 5
    model = fit(gate, typer, ranker)
    assert model.gate.probabilities({"w:vote": 1.0})["event"] > 0.5 > model.gate.probabilities({"w:match": 1.0})["event"]
    probabilities = model.typer.probabilities({"w:signer": 1.0})
    assert max(probabilities, key=probabilities.get) == "AGREE"
    assert model.ranker.scores({"lead": 1.0})[0] > model.ranker.scores({"body": 1.0})[0]
    with pytest.raises(ConfigError, match="too few labelled articles"):
        fit(gate[:1], typer, ranker)


def test_the_shipped_model_loads_and_types_a_headline():
    model = shipped_model()
    assert model is not None and model.trained_on["articles"] >= 600
    assert set(model.typer.classes) == set(EVENT_TYPES) and model.gate.classes == ("event",)


def test_the_type_policies_are_read_from_the_languages_data():
    from veille.nlp.lexicon import load_lexicon

    policy = load_lexicon("fr").policy
    assert {"REQUEST", "AGREE", "SUPPORT"} == policy.framing and "PROTEST" in policy.gathering
    assert policy.threat_mode("SANCTION", "expel") == "expel" and policy.threat_mode("SANCTION", None) == "restrict"
    assert policy.threat_mode("ASSAULT", "bomb") == "violence" and load_lexicon("fr").contractions["au"] == "à"
