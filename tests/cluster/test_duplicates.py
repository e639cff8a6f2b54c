from veille.cluster import duplicates

BASE = ("Le gouvernement a présenté mercredi un plan de soutien aux agriculteurs touchés par la sécheresse, "
        "avec des aides directes, des reports de cotisations et un fonds d'urgence pour les exploitations "
        "les plus fragiles, a annoncé le ministre à la sortie du Conseil des ministres. ") * 2


def test_an_update_and_an_excerpt_are_copies_but_another_text_is_not():
    full, n_full = duplicates.minhash(BASE + "Les syndicats agricoles ont salué un premier pas.")
    excerpt, n_excerpt = duplicates.minhash(BASE[:300])
    other, n_other = duplicates.minhash("Le club a remporté le championnat après une saison marquée par "
                                        "plusieurs blessures et un changement d'entraîneur en cours de route.")
    assert duplicates.are_copies(full, n_full, excerpt, n_excerpt)
    assert not duplicates.are_copies(full, n_full, other, n_other)
    assert set(duplicates.bands(full)) & set(duplicates.bands(excerpt))


def test_signatures_survive_storage():
    signature, _ = duplicates.minhash(BASE)
    assert duplicates.from_bytes(duplicates.to_bytes(signature)).jaccard(signature) == 1.0
