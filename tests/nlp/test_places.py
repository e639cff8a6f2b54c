"""Where events happen (veille.nlp.places): the rules' place, through extraction of sentences
written for these tests, and the learned choice of the main event's place, on hand-built
candidates and through extraction."""

from __future__ import annotations

import pytest

from veille.models import Article, Document, Event, place_chosen_by_model
from veille.nlp.events import EventExtractor
from veille.nlp import places
from veille.nlp.linear import LinearModel
from veille.nlp.main_event import EventModel, PlaceFacts, Policy, fit_places, place_features

# A city named in the headline is the place; a capital the rules inferred is not; a phone call has none.
PLACES = LinearModel(("place",), {"kind:city": (1.0,), "in:headline": (2.0,), "kind:seat": (-1.0,),
                                  "mode_kind:phone/city": (-6.0,)}, (-1.0,))
LIMA = {"city": "Lima", "country": "Peru"}
MOSCOW = {"city": "Moscow", "country": "Russia"}


def _model(model=PLACES, threshold=0.5) -> EventModel:
    none = LinearModel(("x",), {}, (0.0,))
    return EventModel(none, none, none, Policy(place_threshold=threshold), places=model)


def _facts(kind="city", named_in=("headline",), mode=None, rule=False) -> PlaceFacts:
    return PlaceFacts(event_type="CONSULT", mode=mode, kind=kind, from_rule=rule, places=frozenset(named_in),
                      introduced=True, actor_country="none", mentions=1)


def _event(location=None, mode=None) -> Event:
    return Event(id="e1", article_id="a1", type="CONSULT", mode=mode, location=location, trace={"decided_by": "model"})


def test_the_city_of_the_headline_wins_over_an_actors_capital():
    event = _event(location=MOSCOW)
    found = [("Moscow|Russia", MOSCOW, _facts(kind="seat", named_in=(), rule=True)),
             ("Lima|Peru", LIMA, _facts())]
    places.choose(event, found, _model())
    assert event.location == LIMA
    assert [name for name, _ in event.trace["place"]] == ["Lima, Peru", "Moscow, Russia"]


def test_the_rules_place_stays_when_no_candidate_is_likely_enough():
    event = _event(location=MOSCOW)
    places.choose(event, [("Lima|Peru", LIMA, _facts())], _model(threshold=0.99))
    assert event.location == MOSCOW and event.trace["place"][0][0] == "Lima, Peru"


def test_a_phone_call_takes_no_city_and_no_model_changes_nothing():
    event = _event(mode="phone")
    places.choose(event, [("Lima|Peru", LIMA, _facts(mode="phone"))], _model())
    assert event.location is None
    assert _model(model=None).place([("Lima|Peru", _facts())]) is None


def test_the_place_model_learns_where_events_happen():
    examples = [(place_features(_facts()), True), (place_features(_facts(kind="seat", named_in=())), False)] * 10
    model = fit_places(examples, c=10.0)
    assert model.probabilities(place_features(_facts()))["place"] > 0.8
    assert model.probabilities(place_features(_facts(kind="seat", named_in=())))["place"] < 0.2
    assert fit_places([(place_features(_facts()), False)]) is None


@pytest.mark.parametrize("kind", ["city", "landmark", "country", "seat"])
def test_place_features_name_the_kind_and_where_the_article_names_it(kind):
    features = place_features(_facts(kind=kind, named_in=("event", "lead")))
    assert features[f"kind:{kind}"] == 1.0 and features["in:event"] == features["in:lead"] == 1.0


def test_candidates_are_the_rules_place_the_places_named_near_the_event_and_the_actors_capitals(pipeline):
    text = "Vladimir Poutine à Lima\n\nVladimir Poutine a rencontré Barack Obama dimanche en marge du sommet."
    [doc] = list(pipeline([Document(Article(id="t", source="test", raw_text=text, published="2016-11-21"))]))
    extractor = EventExtractor(next(stage for stage in pipeline.stages if stage.name == "events"), doc)
    main = next(event for event in extractor.events() if event.is_main)
    found = {key: facts for key, _, facts in extractor.place_candidates(main)}
    assert found["Lima|Peru"].kind == "city" and "headline" in found["Lima|Peru"].places
    assert found["Moscow|Russia"].kind == "seat" and found["Moscow|Russia"].actor_country == "source"


def test_a_place_the_model_chose_neither_ties_nor_parts_two_reports_in_clustering():
    from veille.cluster.profile import signature

    event = _event()
    places.choose(event, [("Lima|Peru", LIMA, _facts())], _model())
    stated = {"type": "CONSULT", "location": LIMA, "trace": {"decided_by": "model"}}
    chosen = {**stated, "trace": event.trace}
    assert event.trace["place_by"] == "model" and place_chosen_by_model(chosen)
    assert signature(stated).city == "Lima" and signature(chosen).city is None


@pytest.mark.parametrize("published, seat", [("1999-03-22", True), ("2020-03-23", False)])
def test_a_person_acts_from_their_country_s_capital_only_while_in_office_there(pipeline, published, seat):
    # António Guterres was Portugal's prime minister until 2002, then UN Secretary-General
    text = "Antonio Guterres a condamné lundi l'attaque contre la Syrie.\n\nIl a réagi dans un communiqué."
    [doc] = list(pipeline([Document(Article(id="t", source="test", raw_text=text, published=published))]))
    main = next(event for event in doc.events if event.is_main)
    candidates = [place for place, _ in main.trace.get("place") or []]
    assert ("Lisbon, Portugal" in candidates) is seat
    assert ("New York City, United States" in candidates) is not seat  # the seat of the UN he served then


def test_an_international_organisation_decides_at_its_seat(pipeline):
    text = "L'Union européenne a imposé lundi de nouvelles sanctions à la Biélorussie."
    [doc] = list(pipeline([Document(Article(id="t", source="test", raw_text=text, published="2021-06-21"))]))
    main = next(event for event in doc.events if event.is_main)
    assert "Brussels, Belgium" in [place for place, _ in main.trace.get("place") or []]


# -- the rules' place ---------------------------------------------------------------------------

def _main(doc):
    return next(e for e in doc.events if e.is_main)


def test_a_summit_dates_and_places_a_weekday(extract):
    main = _main(extract("Barack Obama et Vladimir Poutine se sont brièvement parlé dimanche en marge du "
                         "sommet de l'Apec à Lima."))
    assert (main.date, main.location) == ("2016-11-20", {"city": "Lima", "country": "Peru"})


def test_the_summit_of_an_article_that_names_several(extract):
    tour = ("Obama rencontre Poutine en marge du sommet Asie-Pacifique\n"
            "Barack Obama a commencé lundi à Pékin une tournée qui passera par le G20 de Brisbane. "
            "Il s'est entretenu brièvement avec Vladimir Poutine, a annoncé la Maison Blanche.")
    main = _main(extract(tour))  # the city named (Pékin), not only its country, and the headline's series
    assert (main.date, main.location) == ("2014-11-10", {"city": "Beijing", "country": "China"})
    undated = ("Barack Obama et Vladimir Poutine se sont rencontrés en tête-à-tête sans trouver d'accord.\n"
               "Les deux présidents participaient au sommet du G20 à Hangzhou, en Chine.")
    assert _main(extract(undated)).location == {"city": "Hangzhou", "country": "China"}  # a meeting at the summit


def test_places_attached_to_the_event(extract):
    main = _main(extract("Emmanuel Macron a rencontré Angela Merkel mardi à Berlin pour parler de la Syrie.",
                         "2019-01-22"))
    assert main.location == {"city": "Berlin", "country": "Germany"}
    assert "Syria" in main.topics


def test_a_government_building_and_a_state_decision_are_placed_in_the_capital(extract):
    visit = _main(extract("Emmanuel Macron a reçu mardi Angela Merkel à l'Elysée.", "2019-01-22"))
    assert visit.location == {"city": "Paris", "country": "France"}
    sanction = _main(extract("La France a expulsé mardi quatre diplomates russes.", "2018-03-27"))
    assert sanction.location == {"city": "Paris", "country": "France"}
    call = _main(extract("Emmanuel Macron s'est entretenu mardi par téléphone avec Angela Merkel.", "2019-01-22"))
    assert call.location is None


@pytest.mark.parametrize("place, expected", [
    ("à Singapour", {"city": "Singapore", "country": "Singapore"}),  # a territory named as a city is that city
    ("au Luxembourg", {"city": None, "country": "Luxembourg"}),  # named as a country, it stays one
])
def test_a_territory_that_is_also_its_city(extract, place, expected):
    main = _main(extract(f"Emmanuel Macron a rencontré mardi Angela Merkel {place}.", "2019-06-18"))
    assert main.location == expected


@pytest.mark.parametrize("text, expected", [
    # a landmark attached to the trigger places the event in its city
    ("Des milliers de gilets jaunes ont manifesté samedi sur les Champs-Élysées.",
     {"city": "Paris", "country": "France"}),
    # a protest happens at the landmark its sentence names, wherever the parse hangs it
    ("Place de la Concorde noyée sous les gaz lacrymogènes, des milliers de gilets jaunes ont manifesté samedi.",
     {"city": "Paris", "country": "France"}),
])
def test_a_protest_is_placed_at_the_landmark_its_sentence_names(extract, text, expected):
    main = _main(extract(text, "2018-12-01"))
    assert main.type == "PROTEST" and main.location == expected
