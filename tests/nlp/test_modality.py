"""Modality (veille.nlp.modality), through extraction of sentences written for these tests: a
negated event is dropped, an announced one is an agreement, a threat or the measure itself."""


def _events(doc):
    return [(e.type, sorted(a.name for a in e.actors)) for e in doc.events]


def _main(doc):
    return next(e for e in doc.events if e.is_main)


def test_negated_events_are_dropped(extract):
    assert "ACCUSE" not in {t for t, _ in _events(extract("Emmanuel Macron n'a pas accusé Vladimir Poutine.",
                                                          "2019-03-05"))}


def test_planned_meetings_are_agreements(extract):
    doc = extract("Emmanuel Macron et Vladimir Poutine ont convenu de se rencontrer en juillet.", "2019-03-05")
    assert {t for t, _ in _events(doc)} == {"AGREE"}


def test_coercion_announced_for_later_is_a_threat(extract):
    doc = extract("Les Etats-Unis imposeront des sanctions contre la Turquie si elle ne libère pas le pasteur.",
                  "2018-07-26")
    sanction = next(e for e in doc.events if e.type in ("THREATEN", "SANCTION", "AGREE"))
    assert (sanction.type, sanction.mode) == ("THREATEN", "restrict")
    assert [a.name for a in sanction.actors if a.role == "source"] == ["United States"]


def test_a_measure_announced_without_a_condition_is_the_measure(extract):
    doc = extract("Le Royaume-Uni va expulser 23 diplomates de l'ambassade de Russie.", "2018-03-14")
    assert _main(doc).type == "SANCTION"
