import hashlib

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
    assert duplicates.jaccard(duplicates.from_bytes(duplicates.to_bytes(signature)), signature) == 1.0


def test_signatures_and_bands_are_those_datasketch_gave():
    """Stores hold signatures and bands of datasketch 2.0's MinHash (affine32, seed 1) and
    MinHashLSH(threshold=0.5, num_perm=128): new articles must be compared with them alike."""
    signature, grams = duplicates.minhash(BASE)
    assert grams == 31
    assert signature[:4].tolist() == [5433848, 154428630, 16467604, 278637767]
    stored = duplicates.to_bytes(signature)
    assert hashlib.sha256(stored).hexdigest() == "20da32110717e6f6fa4768a36d1a06a53176ed35f3a6112b138fa7e12268f955"
    assert duplicates.bands(signature)[:2] == ["0:2d199f6704d28bea", "1:3782efe9f768de35"]
    assert len(duplicates.bands(signature)) == 25
