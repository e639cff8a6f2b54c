"""Triggers (veille.nlp.triggers), through extraction of sentences written for these tests: the
lexicon's lemmas and phrases, a verb's sense by its complement, a headline verb taken for an
auxiliary."""

import pytest


def _events(doc):
    return [(e.type, sorted(a.name for a in e.actors)) for e in doc.events]


def _main(doc):
    return next(e for e in doc.events if e.is_main)


@pytest.mark.parametrize("sentence, expected", [
    ("Emmanuel Macron s'est entretenu mardi par téléphone avec Vladimir Poutine.", "CONSULT"),
    ("Emmanuel Macron a rencontré Vladimir Poutine mardi à Versailles.", "CONSULT"),
    ("Emmanuel Macron a téléphoné à Vladimir Poutine mardi.", "CONSULT"),
    ("Emmanuel Macron a appelé Vladimir Poutine à la retenue.", "REQUEST"),
    ("Emmanuel Macron a accusé Vladimir Poutine de mentir sur l'Ukraine.", "ACCUSE"),
    ("Emmanuel Macron a condamné Vladimir Poutine pour l'invasion.", "ACCUSE"),
    ("Vladimir Poutine a menacé l'Ukraine de représailles.", "THREATEN"),
    ("La France a expulsé quatre diplomates russes.", "SANCTION"),
    ("La Turquie a libéré le pasteur Andrew Brunson vendredi.", "RETREAT"),
    ("La Russie a bombardé la ville d'Alep dimanche.", "ASSAULT"),
    ("Le roi d'Espagne a exprimé ses profonds regrets pour les massacres de la conquête.", "CONCEDE"),
    ("Le chancelier allemand a reconnu la responsabilité de l'Allemagne dans le massacre.", "CONCEDE"),
    ("Le président bolivien a été destitué dimanche par l'armée.", "COERCE"),
    ("Le président tunisien Kaïs Saïed a démis de ses fonctions le Premier ministre Hichem Mechichi.", "COERCE"),
    ("L'opposant vénézuélien Leopoldo López a été mis aux arrêts mardi par la police.", "COERCE"),
])
def test_trigger_families(extract, sentence, expected):
    assert expected in {t for t, _ in _events(extract(sentence, "2019-03-05"))}


def test_a_headline_verb_the_tagger_takes_for_an_auxiliary_is_still_a_trigger(extract):
    main = _main(extract("Affaire Skripal : la Russie expulse quatre diplomates français"))
    assert (main.type, [a.name for a in main.actors]) == ("SANCTION", ["Russia"])  # "Affaire Skripal" is no one
