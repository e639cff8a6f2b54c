"""Time expressions found and normalised, on sentences written for these tests."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest

import veille.text.timex as timex
from veille.errors import ConfigError
from veille.lang import toml
from veille.text.timex import extract, find_expressions, normalise

WEDNESDAY = date(2017, 5, 3)  # the reference date of most tests


def value(expression, reference=WEDNESDAY, tense=None):
    found = normalise(expression, reference, tense)
    return found.value if found else None


def span(expression, reference=WEDNESDAY, tense=None):
    found = normalise(expression, reference, tense)
    return found.first.isoformat(), found.last.isoformat()


@pytest.mark.parametrize("expression, expected", [
    ("le 27 février 2016", "2016-02-27"), ("27/02/2016", "2016-02-27"), ("27.02.16", "2016-02-27"),
    ("2016-02-27", "2016-02-27"), ("le 1er décembre 2018", "2018-12-01"), ("Le 14 JUILLET 2016", "2016-07-14"),
    ("le 10 novembre 93", "1993-11-10"), ("3 août 2018", "2018-08-03"), ("le 3 aout 2018", "2018-08-03"),
    ("le 29 février 2016", "2016-02-29"), ("mardi 2 mai 2017", "2017-05-02"),
])
def test_absolute_dates(expression, expected):
    assert value(expression) == expected


def test_a_day_without_its_year_is_the_nearest_one_or_the_one_its_tense_points_to():
    assert value("le 20 avril") == "2017-04-20"
    assert value("le 20 décembre") == "2016-12-20"  # 134 days back against 231 ahead
    assert value("le 20 octobre") == "2017-10-20"
    assert value("le 20 octobre", tense="past") == "2016-10-20"
    assert value("le 20 février", tense="future") == "2018-02-20"
    assert value("le 6 mai dernier") == "2016-05-06"
    assert value("le 1er septembre prochain") == "2017-09-01"


def test_a_tense_gives_way_when_its_date_is_far_and_the_other_near():
    # "Il a fixé l'échéance au 30 juin": a past clause about a coming date.
    assert value("le 30 juin", date(2017, 5, 21), "past") == "2017-06-30"
    assert value("le 30 octobre", date(2017, 5, 21), "past") == "2016-10-30"
    assert value("le 20 avril", tense="future") == "2017-04-20"  # "sera jugé pour les faits du 20 avril"


def test_a_weekday_next_to_a_date_picks_the_year():
    assert value("mardi 2 mai") == "2017-05-02"
    assert value("le mercredi 1er mai", date(2019, 4, 25)) == "2019-05-01"
    assert value("samedi 4 janvier", date(2020, 12, 30)) == "2020-01-04"


@pytest.mark.parametrize("expression, expected, first, last", [
    ("en juillet", "2017-07", "2017-07-01", "2017-07-31"),
    ("début juillet", "2017-07", "2017-07-01", "2017-07-10"),
    ("au début de juillet", "2017-07", "2017-07-01", "2017-07-10"),
    ("mi-novembre", "2016-11", "2016-11-11", "2016-11-20"),
    ("à la fin du mois de juin", "2017-06", "2017-06-21", "2017-06-30"),
    ("juillet 2017", "2017-07", "2017-07-01", "2017-07-31"),
    ("octobre 98", "1998-10", "1998-10-01", "1998-10-31"),
    ("fin 2016", "2016", "2016-09-01", "2016-12-31"),
    ("en 2015", "2015", "2015-01-01", "2015-12-31"),
    ("depuis 2011", "2011", "2011-01-01", "2011-12-31"),
    ("l'an dernier", "2016", "2016-01-01", "2016-12-31"),
    ("l’année prochaine", "2018", "2018-01-01", "2018-12-31"),
    ("cette année", "2017", "2017-01-01", "2017-12-31"),
    ("la fin de l'année dernière", "2016", "2016-09-01", "2016-12-31"),
    ("la semaine dernière", "2017-W17", "2017-04-24", "2017-04-30"),
    ("la semaine prochaine", "2017-W19", "2017-05-08", "2017-05-14"),
    ("le mois dernier", "2017-04", "2017-04-01", "2017-04-30"),
    ("le mois prochain", "2017-06", "2017-06-01", "2017-06-30"),
    ("cet été", "2017-SU", "2017-06-21", "2017-09-22"),
    ("l'hiver dernier", "2016-WI", "2016-12-21", "2017-03-19"),
    ("les années 60", "196X", "1960-01-01", "1969-12-31"),
    ("au début des années 2000", "200X", "2000-01-01", "2003-05-01"),
    ("la fin du XIXe siècle", "18XX", "1866-09-02", "1899-12-31"),
])
def test_months_years_weeks_seasons_decades(expression, expected, first, last):
    assert value(expression) == expected
    assert span(expression) == (first, last)


def test_the_mod_of_a_part_of_a_period():
    assert normalise("début juillet", WEDNESDAY).mod == "START"
    assert normalise("juillet", WEDNESDAY).mod is None


@pytest.mark.parametrize("tense, expected", [
    ("past", "2017-04-30"), (None, "2017-04-30"), ("present", "2017-04-30"), ("future", "2017-05-07"),
])
def test_sunday_by_tense(tense, expected):
    assert value("dimanche", tense=tense) == expected


def test_the_reference_weekday_itself():
    # News reports the day it is published: "a déclaré mercredi" in Wednesday's paper is that Wednesday.
    assert value("mercredi", tense="past") == "2017-05-03"
    assert value("mercredi", tense="present") == "2017-05-03"
    assert value("mercredi") == "2017-05-03"
    assert value("mercredi", tense="future") == "2017-05-10"
    assert value("ce mercredi", tense="past") == "2017-05-03"


def test_weekdays_with_a_direction():
    assert value("dimanche prochain") == "2017-05-07"
    assert value("lundi dernier") == "2017-05-01"
    assert value("mercredi dernier") == "2017-04-26"
    assert value("ce vendredi", date(2018, 10, 15)) == "2018-10-12"


@pytest.mark.parametrize("expression, expected", [
    ("hier", "2017-05-02"), ("avant-hier", "2017-05-01"), ("aujourd'hui", "2017-05-03"), ("demain", "2017-05-04"),
    ("après-demain", "2017-05-05"), ("la veille", "2017-05-02"), ("le lendemain", "2017-05-04"),
    ("aujourd’hui vendredi", "2017-05-03"), ("il y a deux ans", "2015"), ("il y a trois mois", "2017-02"),
    ("dans dix jours", "2017-05-13"), ("d'ici une semaine", "2017-05-10"),
])
def test_days_counted_from_the_reference(expression, expected):
    assert value(expression) == expected


def test_the_weekend():
    assert value("ce week-end", date(2017, 5, 2)) == "2017-W17-WE"  # a Tuesday: the one just gone
    assert value("ce week-end", date(2017, 5, 4), "future") == "2017-W18-WE"
    assert value("le week-end dernier", date(2017, 5, 6)) == "2017-W17-WE"
    assert span("ce weekend", date(2017, 5, 6)) == ("2017-05-06", "2017-05-07")


@pytest.mark.parametrize("expression, first, last", [
    ("le 10 ou le 11 mai 2017", "2017-05-10", "2017-05-11"),
    ("du 10 au 12 mai", "2017-05-10", "2017-05-12"),
    ("entre le 10 et le 12 mai", "2017-05-10", "2017-05-12"),
    ("les 6, 7 et 8 juin", "2017-06-06", "2017-06-08"),
    ("du 28 décembre au 3 janvier 2017", "2016-12-28", "2017-01-03"),
    ("du 28 février au 3 mars", "2017-02-28", "2017-03-03"),
    ("de 2012 à 2017", "2012-01-01", "2017-12-31"),
    ("d'avril à juin 2016", "2016-04-01", "2016-06-30"),
])
def test_ranges_and_alternatives_span_first_to_last(expression, first, last):
    assert span(expression) == (first, last)
    assert value(expression) == first[:len(value(expression))]


@pytest.mark.parametrize("expression, expected", [
    ("mardi soir", "2017-05-02TEV"), ("hier matin", "2017-05-02TMO"), ("ce soir", "2017-05-03TEV"),
    ("hier en début d'après-midi", "2017-05-02TAF"), ("dimanche dans la soirée", "2017-04-30TEV"),
    ("dans la nuit de lundi à mardi", "2017-05-01TNI"), ("21 h 45", "2017-05-03T21:45"),
    ("vers 15 h 30, hier", "2017-05-02T15:30"), ("samedi 6 mai à 18h30", "2017-05-06T18:30"),
    ("à 20 heures", "2017-05-03T20:00"), ("lundi à midi", "2017-05-01T12:00"),
])
def test_times_of_day(expression, expected):
    found = normalise(expression, WEDNESDAY)
    assert (found.value, found.type) == (expected, "TIME")


@pytest.mark.parametrize("expression, expected, mod", [
    ("deux ans", "P2Y", None), ("33 ans", "P33Y", None), ("trois semaines", "P3W", None),
    ("plus de cent jours", "P100D", "MORE_THAN"), ("dix-huit mois", "P18M", None),
    ("un an et demi", "P18M", None), ("un demi-siècle", "P50Y", None), ("un quart d'heure", "PT15M", None),
    ("une dizaine de jours", "P10D", "APPROX"), ("quelques mois", "PXM", None), ("30,4 secondes", "PT30.4S", None),
    ("ces dernières 24 heures", "PT24H", None), ("soixante-dix ans", "P70Y", None), ("environ une heure", "PT1H", "APPROX"),
])
def test_durations(expression, expected, mod):
    found = normalise(expression, WEDNESDAY)
    assert (found.value, found.type, found.mod, found.first) == (expected, "DURATION", mod, None)


@pytest.mark.parametrize("expression, expected, kind", [
    ("chaque année", "P1Y", "SET"), ("tous les deux ans", "P2Y", "SET"), ("tous les jeudis", "XXXX-WXX-4", "SET"),
    ("désormais", "PRESENT_REF", "DATE"), ("autrefois", "PAST_REF", "DATE"), ("à l'avenir", "FUTURE_REF", "DATE"),
])
def test_sets_and_references_to_now(expression, expected, kind):
    found = normalise(expression, WEDNESDAY)
    assert (found.value, found.type) == (expected, kind)


def test_holidays():
    assert value("Pâques", date(2019, 4, 2)) == "2019-04-21"
    assert value("le lundi de Pentecôte", date(2017, 5, 3)) == "2017-06-05"
    assert value("Noël 2016") == "2016-12-25"


@pytest.mark.parametrize("expression", ["Je", "sa", "me", "été", "Il a été élu", "mars", "1975 personnes"])
def test_words_that_are_not_dates_in_running_text(expression):
    assert find_expressions(f"Alors, {expression}, dit-il.") == []


def test_bare_words_are_read_when_the_caller_says_they_are_time_expressions():
    assert value("1975") == "1975"
    assert value("octobre", tense="past") == "2016-10"
    assert value("Eté") == "2017-SU"
    assert value("Je") is None and value("sa") is None and value("me") is None


def test_extract_finds_offsets_values_and_uses_the_tense_of_each_clause():
    text = ("Réuni dimanche à Berlin, le conseil a rappelé que ses membres, âgés de 33 ans en moyenne, "
            "se retrouveront dimanche et le 14 juin. Le Journal du dimanche l'a écrit la veille du sommet.")
    second = text.index("dimanche et")
    found = extract(text, WEDNESDAY, lambda offset: "future" if offset >= second else "past")
    assert [(x.text, x.value.value) for x in found] == [
        ("dimanche", "2017-04-30"), ("33 ans", "P33Y"), ("dimanche", "2017-05-07"), ("le 14 juin", "2017-06-14")]
    assert all(text[x.start:x.end] == x.text for x in found)
    assert find_expressions(text) == [(x.start, x.end) for x in found]


def test_extract_joins_a_day_and_its_time_and_leaves_lone_parts_of_days():
    text = "Le texte a été voté hier soir, après une nuit de débats. Le vote final aura lieu jeudi 4 mai à 15 h."
    assert [(x.text, x.value.value) for x in extract(text, WEDNESDAY)] == [
        ("hier soir", "2017-05-02TEV"), ("jeudi 4 mai à 15 h", "2017-05-04T15:00")]


def test_words_that_look_like_dates_but_are_not():
    text = ("Plus de 2000 manifestants étaient là, des 20 pays invités. Tout en maintenant sa position, "
            "il a rappelé les Jeux d'hiver et l'université d'été, une seconde fois, par jeu.")
    assert extract(text, WEDNESDAY) == []


def test_without_a_reference_date_only_what_the_text_says():
    assert value("le 6 mai", None) == "XXXX-05-06"
    assert value("dimanche", None) == "XXXX-WXX-7"
    assert value("le 6 mai 2016", None) == "2016-05-06"
    assert value("hier", None) is None
    assert normalise("le 6 mai", None).first is None


def test_a_reference_given_as_a_datetime():
    from datetime import datetime
    assert value("hier", datetime(2017, 5, 3, 23, 59)) == "2017-05-02"


def test_the_algorithm_holds_no_word_of_the_language():
    tree = ast.parse(Path(timex.__file__).read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    strings = " ".join(node.value.casefold() for node in ast.walk(tree)
                       if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings)
    words = toml("fr", "dates.toml")["words"]
    for table in ("month", "weekday", "season", "day_offset", "direction", "part", "number_word"):
        for word in words[table]:
            assert not re.search(rf"\b{re.escape(word.casefold())}\b", strings), word


def test_an_unknown_language_is_a_configuration_error():
    with pytest.raises(ConfigError):
        find_expressions("hier", language="xx")
