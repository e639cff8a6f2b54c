"""A name in a filter means the entities the knowledge base knows by it (store/names.py)."""

from veille.kb.model import Entity
from veille.models import Actor, Article, Document, Event, Evidence, Sentence
from veille.store.queries import EventFilter

TEXT = "Le dirigeant a reçu lundi son homologue au palais, selon un communiqué publié dans la soirée."


def _document(n: int, actors: list[Actor], entities: list[Entity]) -> Document:
    doc = Document(article=Article(id=f"a{n}", source="test", raw_text=f"{TEXT} ({n})", clean_text=f"{TEXT} ({n})",
                                   language="fr", status="analysed", title=f"Titre {n}", published="2020-01-06"))
    doc.sentences = [Sentence(0, len(TEXT))]
    doc.events = [Event(id=f"e{n}", article_id=f"a{n}", type="CONSULT", mode="visit", date="2020-01-06",
                        date_precision="day", actors=actors, evidence=[Evidence(f"a{n}", 0, len(TEXT), "")],
                        is_main=True)]
    doc.entities = {e.id: e for e in entities}
    return doc


PUTIN = Entity(id="Q7747", type="person", name="Vladimir Putin", wikidata="Q7747", country="RU")
MACRON = Entity(id="Q3052772", type="person", name="Emmanuel Macron", wikidata="Q3052772", country="FR")
LOCAL = Entity(id="local:collectif-des-riverains", type="organisation", name="Collectif des riverains")


def _filled(store):
    store.write_documents([
        _document(1, [Actor(name="Vladimir Putin", role="source", id="Q7747"),
                      Actor(name="Emmanuel Macron", role="target", id="Q3052772")], [PUTIN, MACRON]),
        _document(2, [Actor(name="Collectif des riverains", role="source", id=LOCAL.id)], [LOCAL]),
        _document(3, [Actor(name="Emmanuel Macron", role="source", id="Q3052772")], [MACRON]),
    ])
    return store


def _events(store, actor: str) -> list[str]:
    return [event["id"] for event in store.events(EventFilter(actor=actor))]


def test_french_names_and_aliases_mean_their_entities(store):
    _filled(store)
    for name in ("Poutine", "vladimir poutine", "POUTINE", "Putin", "Q7747", "Vladimir Putin"):
        assert _events(store, name) == ["e1"], name
    assert store.entities_named("Poutine") == ["Q7747"]
    assert [a["id"] for a in store.actors(search="Poutine")] == ["Q7747"]


def test_a_name_the_kb_does_not_know_is_part_of_a_name(store):
    _filled(store)
    assert store.entities_named("riverains") is None
    assert _events(store, "riverains") == ["e2"]
    assert _events(store, "Macr") == ["e1", "e3"]  # part of a stored name, as before
    assert _events(store, "%") == [] and _events(store, "_") == []  # letters, not wildcards
    assert [a["id"] for a in store.actors(search="riverains")] == [LOCAL.id]


def test_imported_entities_resolve_and_a_shared_alias_means_each_entity(store):
    _filled(store)
    assert store.entities_named("Manu") is None
    store.import_kb_records([
        {"id": "Q3052772", "name": "Emmanuel Macron", "type": "person", "aliases": {"fr": ["Manu"]}},
        {"id": "Q900001", "name": "Poutine (plat)", "type": "misc", "aliases": {"fr": ["Poutine"]}},
    ], "import.jsonl")
    assert _events(store, "Manu") == ["e1", "e3"]
    assert set(store.entities_named("Poutine")) == {"Q7747", "Q900001"}  # every entity known by the name
    assert _events(store, "Poutine") == ["e1"]
