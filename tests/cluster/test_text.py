from veille.cluster import text


def test_vectors_weigh_rare_words_and_ignore_function_words():
    v = text.vector("Le ministre a rencontré les diplomates à Tachkent", "fr", frozenset({"le", "les"}))
    assert "tachkent" in v and "le" not in v
    assert v["tachkent"] > v["ministre"]  # a rare place says more than a common noun
    assert abs(sum(w * w for w in v.values()) - 1) < 1e-3


def test_cosine_of_same_news_beats_same_topic():
    a = text.vector("Moscou expulse vingt-trois diplomates britanniques", "fr")
    b = text.vector("Vingt-trois diplomates britanniques expulsés par Moscou", "fr")
    c = text.vector("Londres convoque l'ambassadeur de Russie", "fr")
    assert text.cosine(a, b) > 0.6 > text.cosine(a, c)


def test_numbers_skip_dates_and_years_but_keep_counts():
    lead = "Le 14 mars 2018, Londres a expulsé 23 diplomates ; 4,5 % des voix."
    found = text.numbers(lead, [(0, 17)])
    assert found == {"23", "4.5%"}


def test_shingles_are_a_consistent_sample():
    long = " ".join(f"mot{n} suite{n}" for n in range(600))
    assert text.shingles(long) == text.shingles(long) and len(text.shingles(long)) == 400
