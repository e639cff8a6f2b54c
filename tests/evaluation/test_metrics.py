import pytest

from veille.evaluation.metrics import bcubed, pairwise_f1, same_date, same_place, set_f1


def test_bcubed_of_a_perfect_clustering_is_one():
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed(gold, {"a": "x", "b": "x", "c": "y"}) == (1.0, 1.0, 1.0)


def test_bcubed_of_singletons_and_of_one_big_cluster():
    gold = {"a": 1, "b": 1, "c": 2, "d": 2}
    precision, recall, _ = bcubed(gold, {k: k for k in gold})
    assert (precision, recall) == (1.0, 0.5)
    precision, recall, f1 = bcubed(gold, {k: 0 for k in gold})
    assert (precision, recall) == (0.5, 1.0) and f1 == pytest.approx(2 / 3)


def test_pairwise_f1():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    # predicted pairs: (a,b) right, (c,d) wrong; gold pairs: ab, ac, bc
    assert pairwise_f1(gold, {"a": 0, "b": 0, "c": 1, "d": 1}) == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_set_f1_ignores_case_and_hyphens():
    assert set_f1({"Kim Jong-un", "Donald Trump"}, {"kim jong un", "Donald Trump"}) == 1.0
    assert set_f1({"A", "B"}, {"A"}) == pytest.approx(2 / 3)
    assert set_f1({"A"}, set()) == 0.0


def test_dates_compare_at_the_gold_precision():
    assert same_date("2016-11-20", "day", "2016-11-20")
    assert not same_date("2016-11-20", "day", "2016-11")
    assert same_date("2016-11-01", "month", "2016-11-20")
    assert not same_date("2016-11-20", "day", None)


def test_places_compare_the_city_else_the_country():
    assert same_place({"city": "Lima", "country": "Peru"}, {"city": "lima", "country": None})
    assert same_place({"city": None, "country": "Peru"}, {"city": "Cusco", "country": "Peru"})
    assert not same_place({"city": "Lima", "country": "Peru"}, None)
    assert same_place({"city": "Washington, D.C.", "country": "United States"}, {"city": "Washington"})
