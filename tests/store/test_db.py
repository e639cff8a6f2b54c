import sqlite3

import pytest

from veille.errors import SchemaTooNew, StoreError
from veille.kb.model import Entity
from veille.models import Actor, Article, Document, Event, Evidence, Sentence
from veille.store import SCHEMA_VERSION, Store
from veille.store.db import MIGRATIONS, _statements


def _document(n: int = 1, with_event: bool = False) -> Document:
    text = f"Le ministre numéro {n} a rencontré son homologue à Vienne. Ils ont parlé du climat."
    doc = Document(article=Article(id=f"a{n}", source="test", raw_text=text, clean_text=text, language="fr",
                                   status="analysed", title=f"Titre {n}", published="2020-01-0%d" % n))
    first_end = text.index(".") + 1
    doc.sentences = [Sentence(0, first_end), Sentence(first_end + 1, len(text))]
    if with_event:
        doc.events = [Event(id=f"e{n}", article_id=f"a{n}", type="CONSULT", mode="visit", date="2020-01-01",
                            date_precision="day", location={"city": "Vienna", "country": "Austria"},
                            actors=[Actor(name="A", role="source", id="Q1"), Actor(name="B", role="target")],
                            topics=["climate"], evidence=[Evidence(f"a{n}", 0, first_end, "")], is_main=True)]
        doc.entities = {"Q1": Entity(id="Q1", type="person", name="A", wikidata="Q1")}
    return doc


def test_new_file_is_created_in_wal_mode_with_the_current_schema(tmp_path):
    with Store.open(tmp_path / "v.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version() == SCHEMA_VERSION


def test_written_documents_read_back_as_the_json_contract(store):
    store.write_documents([_document(1, with_event=True), _document(2)])
    [event] = store.events()
    assert event == {
        "id": "e1", "article_id": "a1", "type": "CONSULT", "mode": "visit", "cameo": None, "date_constraint": None,
        "quotes": [],
        "actors": [{"id": "Q1", "name": "A", "type": "person", "role": "source"},
                   {"id": None, "name": "B", "type": None, "role": "target"}],
        "participants": "A → B",
        "date": "2020-01-01", "date_precision": "day", "date_source": "text", "date_reason": None,
        "location": {"city": "Vienna", "country": "Austria"},
        "topics": ["climate"], "contexts": [], "attribution": None, "cluster_id": None, "articles": ["a1"],
        "evidence": [{"article_id": "a1", "sentence": "Le ministre numéro 1 a rencontré son homologue à Vienne.",
                      "start": 0, "end": 56}],
        "confidence": None, "trace": None,
    }
    articles = store.articles()
    assert [a["id"] for a in articles] == ["a1", "a2"]
    assert articles[0]["main_event"]["id"] == "e1" and articles[1]["main_event"] is None


def test_writing_an_existing_article_again_changes_nothing(store):
    store.write_documents([_document(1, with_event=True)])
    store.write_documents([_document(1, with_event=True)])
    assert store.count_articles() == 1 and len(store.events()) == 1


def test_a_failed_batch_leaves_nothing_behind(store):
    bad = _document(2)
    bad.article.raw_text = None  # NOT NULL violation in the middle of the batch
    with pytest.raises(StoreError, match="cannot write"):
        store.write_documents([_document(1), bad])
    assert store.count_articles() == 0


def test_full_text_search_ignores_accents_and_never_parses_user_syntax(store):
    store.write_documents([_document(1), _document(2)])
    assert len(store.articles(search="rencontre homologue")) == 2
    assert [a["id"] for a in store.articles(search="numéro 2")] == ["a2"]
    assert store.articles(search='climat" OR ("') == []


def test_event_filters(store):
    store.write_documents([_document(1, with_event=True)])
    from veille.store.queries import EventFilter

    assert len(store.events(EventFilter(type="consult", since="2020-01-01", until="2020-01-01"))) == 1
    assert store.events(EventFilter(type="ACCUSE")) == []
    assert store.events(EventFilter(since="2020-01-02")) == []
    assert len(store.events(EventFilter(actor="Q1"))) == 1


def test_id_prefix_lookup(store):
    store.write_documents([_document(1), _document(2)])
    assert store.article("a1")["id"] == "a1"
    with pytest.raises(Exception, match="matches several articles"):
        store.article("a")
    with pytest.raises(Exception, match="no article with id 'zz'"):
        store.article("zz")


def test_an_empty_old_file_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # version 0: an empty SQLite file
    with Store.open(path, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.count_articles() == 0


def test_version_11_drops_the_stories_of_every_event_for_recluster_to_build_again(tmp_path):
    path = tmp_path / "v9.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
    for number, script in MIGRATIONS[:9]:
        for statement in _statements(script):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, '')", (number,))
    conn.execute("INSERT INTO stories (id, name, created_at, key) VALUES ('s-c1', 'BFMTV – France', '', 'BFMTV+FR')")
    conn.execute("INSERT INTO event_clusters (id, story_id) VALUES ('c1', 's-c1')")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.stories() == []
        row = store.conn.execute("SELECT story_id, story_key, story_day, thread FROM event_clusters").fetchone()
        assert tuple(row) == (None, None, None, None)


def test_a_file_from_a_newer_veille_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match=f"schema version {SCHEMA_VERSION + 1} is newer"):
        Store.open(path)


@pytest.mark.parametrize("content", [b"not a database at all" * 100, None])
def test_files_that_are_not_veille_stores_are_refused(tmp_path, content):
    path = tmp_path / "other.db"
    if content:
        path.write_bytes(content)
    else:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.close()
    with pytest.raises(StoreError, match="other.db: "):
        Store.open(path)


def test_reading_a_missing_store_says_how_to_create_one(tmp_path):
    with pytest.raises(StoreError, match="no veille database here"):
        Store.open(tmp_path / "missing.db", read_only=True)


def test_read_only_handles_cannot_write(tmp_path):
    Store.open(tmp_path / "r.db").close()
    with Store.open(tmp_path / "r.db", read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.write_documents([_document(1)])


def test_a_writer_refreshes_the_planner_statistics_when_it_closes(tmp_path):
    path = tmp_path / "stats.db"
    Store.open(path).close()

    def statistics_of_stories():
        with Store.open(path, read_only=True) as store:
            return store.conn.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'stories'").fetchone()[0]

    empty = statistics_of_stories()
    with Store.open(path) as store, store.transaction():
        store.conn.execute("INSERT INTO stories (id, name, created_at, key) VALUES ('s1', 's1', '', 'a+b')")
    assert empty == 0 and statistics_of_stories() > 0


def test_an_error_after_sqlite_rolled_back_by_itself_is_reported_as_it_is(store):
    # SQLite ends the transaction itself on some errors (SQLITE_FULL); a second ROLLBACK would then
    # fail with "cannot rollback - no transaction is active" and hide the real cause.
    with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
        with store.transaction():
            store.conn.execute("ROLLBACK")
            raise sqlite3.OperationalError("database or disk is full")
    assert not store.conn.in_transaction


def test_a_store_that_fills_up_says_so_on_every_write_not_cannot_rollback(store):
    """A real SQLITE_FULL (the file may grow no more: PRAGMA max_page_count), not a simulated one:
    each write, the first and the ones after it, names the cause."""
    import dataclasses

    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    big = [_document(n) for n in range(1, 9)]
    for doc in big:
        doc.article = dataclasses.replace(doc.article, id=f"big{doc.article.id}",
                                          raw_text=doc.article.raw_text * 400, clean_text=doc.article.clean_text * 400)
    for _ in range(2):
        with pytest.raises(StoreError, match=r"cannot write \(database or disk is full\)"):
            store.write_documents(big)
        assert not store.conn.in_transaction
    assert store.count_articles() == 0
