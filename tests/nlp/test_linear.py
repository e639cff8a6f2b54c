"""Logistic models over named features: probabilities, what weighed, JSON, fitting."""

from __future__ import annotations

import math

import pytest

from veille.nlp.linear import LinearModel, fit_linear

TYPER = LinearModel(("AGREE", "CONSULT"), {"head:signer": (2.0, -2.0), "vec:0": (1.0, 0.0), "vec:1": (0.5, 0.0)},
                    (0.0, 0.0))


def test_a_linear_model_gives_probabilities_and_names_what_weighed():
    probabilities = TYPER.probabilities({"head:signer": 1.0, "unknown": 1.0})
    assert probabilities["AGREE"] == pytest.approx(1 / (1 + math.exp(-4)))
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert TYPER.contributions({"head:signer": 1.0, "unknown": 1.0}, "AGREE") == [["head:signer", 2.0]]


def test_the_dimensions_of_a_vector_weigh_as_one_named_feature():
    features = {"head:signer": 1.0, "vec:0": 2.0, "vec:1": 2.0}
    assert TYPER.contributions(features, "AGREE", grouped={"vec:": "meaning"}) == [["meaning", 3.0], ["head:signer", 2.0]]
    assert TYPER.contributions(features, "AGREE", n=1) == [["head:signer", 2.0]]


def test_a_binary_model_gives_the_probability_of_its_one_class():
    model = LinearModel(("main",), {"lead": (2.0,)}, (-2.0,))
    assert model.probabilities({"lead": 1.0}) == {"main": 0.5}
    assert model.probabilities({})["main"] == pytest.approx(1 / (1 + math.exp(2)))


def test_a_model_round_trips_through_json():
    assert LinearModel.from_json(TYPER.as_json()) == TYPER


def test_fit_linear_learns_from_named_features():
    examples = [({"lead": 1.0, "constant": 1.0}, True), ({"body": 1.0, "constant": 1.0}, False)] * 5
    model = fit_linear(examples, 1.0, balanced=False, positive="main")
    assert model.classes == ("main",)
    assert model.probabilities({"lead": 1.0})["main"] > 0.5 > model.probabilities({"body": 1.0})["main"]
