from veille.kb.gazetteer import Gazetteer


def _found(gazetteer, text):
    return [text[m.start:m.end] for m in gazetteer.find(text)]


def test_names_match_whatever_their_accents_hyphens_and_tokenisation():
    gazetteer = Gazetteer(["Bachar al-Assad", "Maison-Blanche", "Poutine"])
    text = "Bachar Al-Assad, reçu par Poutine, puis la Maison Blanche et la maison-blanche."
    assert _found(gazetteer, text) == ["Bachar Al-Assad", "Poutine", "Maison Blanche", "maison-blanche"]


def test_one_word_names_keep_their_case():
    gazetteer = Gazetteer(["UN", "Maurice", "talibans"])
    text = "Un diplomate de l'UN. Maurice est venu, maurice non. Les talibans."
    assert _found(gazetteer, text) == ["UN", "Maurice", "talibans"]


def test_longer_names_win_and_words_are_whole():
    gazetteer = Gazetteer(["Front al-Nosra", "al-Nosra", "Iran"])
    assert _found(gazetteer, "le Front al-Nosra, pas l'Irangate.") == ["Front al-Nosra"]
