"""Documents ⇄ Parquet rows: nothing is lost on the way (veille load rebuilds what was analysed)."""

from __future__ import annotations

from veille.batch.tables import TABLES, columns, document_from_rows, document_rows, month_of
from veille.kb.model import Entity
from veille.models import Actor, Article, Document, Event, Evidence, Mention, Quote, Sentence


def _document() -> Document:
    text = "Le président a reçu son homologue mardi à Paris. « Nous avançons », a-t-il dit."
    doc = Document(article=Article(id="a1", source="x.txt", raw_text=text, clean_text=text, title="Visite",
                                   published="2021-06-15", published_source="metadata", language="fr",
                                   language_confidence=0.99, status="analysed", ingested_at="2026-01-01T00:00:00"))
    doc.sentences = [Sentence(0, 48), Sentence(49, len(text))]
    doc.mentions = [Mention(42, 47, "Paris", "LOC", 0, "Q90", "Paris", "city")]
    doc.entities = {"Q90": Entity(id="Q90", type="city", name="Paris", country="FR", wikidata="Q90")}
    doc.quotes = [Quote("a1", 51, 65, text[51:65], None, "le président")]
    doc.events = [Event(id="a1-e1", article_id="a1", type="CONSULT", mode="visit",
                        actors=[Actor("France", "source", "Q142"), Actor("Germany", "target", None)],
                        date="2021-06-15", date_precision="day", location={"city": "Paris", "country": "FR"},
                        topics=["climat"], contexts=["environment"], evidence=[Evidence("a1", 0, 48, text[:48])],
                        confidence=0.8, is_main=True, cameo="04", sentence=0)]
    return doc


def test_rows_have_exactly_the_declared_columns():
    for table, rows in document_rows(_document()).items():
        for row in rows:
            assert list(row) == columns(table)


def test_a_document_survives_the_round_trip():
    doc = _document()
    rows = document_rows(doc)
    entity = lambda r: Entity(id=r["id"], type=r["type"], name=r["name"], country=r["country"],  # noqa: E731
                              wikidata=r["wikidata"])
    back = document_from_rows(rows["articles"][0], rows["mentions"], rows["events"], rows["evidence"], entity)
    assert back.article.main_event_id == "a1-e1"
    back.article.main_event_id = doc.article.main_event_id
    assert back.article == doc.article
    assert back.sentences == doc.sentences and back.mentions == doc.mentions and back.quotes == doc.quotes
    assert back.events == doc.events
    assert back.entities["Q90"].country == "FR"


def test_rows_are_partitioned_by_the_publication_month():
    assert {row["month"] for rows in document_rows(_document()).values() for row in rows} == {"2021-06"}
    assert month_of("2017-05") == "2017-05" and month_of(None) == "unknown" and month_of("mardi") == "unknown"
    assert all(("month", "string") in spec for name, spec in TABLES.items() if name != "problems")


def test_an_event_cluster_is_partitioned_by_its_month_else_by_its_first_report():
    from veille.batch.linking import summary_row

    record = {"id": "c1", "type": "CONSULT", "mode": None, "date_constraint": None, "city": None, "country": None,
              "topics": [], "actors": [], "n_events": 1, "n_articles": 1, "n_sources": 1, "n_outlets": 1,
              "first_seen": "2021-03-15", "last_seen": "2021-03-15"}
    for value, precision, month in (("2018-04-12", "day", "2018-04"), ("2018-04", "month", "2018-04"),
                                    ("2019", "year", "2021-03"), ("2020-FA", "season", "2021-03"),
                                    ("2020-W11", "week", "2021-03"), ("199X", "decade", "2021-03"),
                                    (None, None, "2021-03")):
        assert summary_row({**record, "date": value, "date_precision": precision})["month"] == month
