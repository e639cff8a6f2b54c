"""Clustering over a real store, through ingestion and `veille recluster`; order invariance on dev."""

import random

import pytest

from tests.conftest import EXAMPLES, SHARED
from veille.clustering import Clustering
from veille.evaluation.corpus import load_corpus
from veille.evaluation.metrics import bcubed
from veille.incremental import ingest, ingest_records
from veille.ingest import article_id
from veille.models import Record
from veille.store import Store


def _clusters(store):
    return {row[0]: row[1] for row in store.conn.execute("SELECT id, cluster_id FROM articles WHERE status = 'analysed'")}


def _placements(store):
    """Everything clustering decides: news and event clusters (with their names), near-duplicates,
    inferred dates and their reasons, publication ranges, cluster records and stories."""
    queries = {
        "articles": "SELECT id, cluster_id, copy_of, published_range, published_reason FROM articles ORDER BY id",
        "events": "SELECT id, cluster_id, inferred_date, inferred_reason FROM events ORDER BY id",
        "news_clusters": "SELECT id, main_event_cluster_id, n_articles, first_seen FROM news_clusters ORDER BY id",
        "event_clusters": """SELECT id, date, date_precision, date_constraint, n_articles, n_events, story_id
                             FROM event_clusters ORDER BY id""",
        "stories": "SELECT id, key, name, n_events, first_seen, last_seen FROM stories ORDER BY id",
    }
    return {name: [tuple(row) for row in store.conn.execute(sql)] for name, sql in queries.items()}


def test_ingestion_clusters_copies_dates_and_stories(store, settings, pipeline):
    ingest([str(EXAMPLES)], store, settings, pipeline=pipeline)
    articles = {a["title"]: a for a in store.articles()}
    geneva = [a for t, a in articles.items() if t and "Genève" in t]
    assert len(geneva) == 2 and geneva[0]["cluster_id"] == geneva[1]["cluster_id"]
    undated = next(a for a in geneva if not a["published"])
    assert undated["published_range"] == "2021-06-16/2021-06-23" and "2021-06-16" in undated["published_reason"]
    strikes = [a for t, a in articles.items() if t and "etraites" in t]
    assert len({a["cluster_id"] for a in strikes}) == 1
    assert len({a["cluster_id"] for a in articles.values() if a["status"] == "analysed"}) >= 6
    [summit] = [e for e in store.timeline(actors=("Biden", "Putin")) if e["type"] == "CONSULT"]
    assert summit["date"] == "2021-06-16" and summit["n_articles"] == 2 and summit["location"]["city"] == "Geneva"
    assert store.event_cluster(summit["id"])["reports"]
    main = next(a for a in geneva if not a["published"])["main_event"]
    assert main["date"] == "2021-06-16" and main["date_source"] == "cluster"
    assert main["date_reason"]["rule"] in ("event_cluster", "news_cluster") and main["date_reason"]["from"]
    stories = store.stories()
    assert any("Russia" in s["name"] and "United States" in s["name"] for s in stories)
    assert store.timeline(story=stories[0]["id"])


@pytest.mark.parametrize("commit_every", [1, 50])
def test_recluster_reproduces_incremental_clusters(store, settings, pipeline, commit_every):
    ingest([str(EXAMPLES)], store, settings.with_overrides(commit_every=commit_every), pipeline=pipeline)
    before = _placements(store)
    with store.transaction():
        Clustering(store).recluster()
    assert _placements(store) == before


def test_clusters_do_not_depend_on_commit_every(tmp_path, settings, pipeline):
    # Clustering runs once per committed transaction: the dispatches arrive in another order than
    # their publication days, and a report of the Geneva summit has no date of its own.
    found = {}
    for commit_every in (1, 3, 50):
        store = Store.open(tmp_path / f"commit-every-{commit_every}.db")
        try:
            ingest([str(EXAMPLES)], store, settings.with_overrides(commit_every=commit_every), pipeline=pipeline)
            found[commit_every] = _placements(store)
        finally:
            store.close()
    assert any(date for _, _, date, _ in found[1]["events"])  # inferred dates are compared too
    assert found[3] == found[1]
    assert found[50] == found[1]


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="needs ../shared/corpus/dev")
def test_five_arrival_orders_give_the_same_quality(store, settings, pipeline):
    corpus = load_corpus(SHARED / "corpus" / "dev")
    records = [Record(source="dev", locator=a["id"], text=a["text"], external_id=a["id"], url=a.get("url"),
                      outlet=a.get("outlet"), published=a.get("published")) for a in corpus.articles]
    ingest_records(records, store, settings, pipeline=pipeline, cluster=False)
    gold = {article_id(a["text"]): a["event"] for a in corpus.articles if a.get("event")}
    ids = [row[0] for row in store.conn.execute("SELECT id FROM articles ORDER BY rowid")]
    scores = []
    for seed in range(5):  # shuffled, in ingestion's transactions of settings.commit_every articles
        random.Random(seed).shuffle(ids)
        with store.transaction():
            store.clear_clusters()
            clustering = Clustering(store)
            for start in range(0, len(ids), settings.commit_every):
                clustering.update(ids[start:start + settings.commit_every])
        predicted = _clusters(store)
        scores.append(bcubed(gold, {item: predicted[item] for item in gold})[2])
    assert max(scores) - min(scores) <= 0.02, scores
    assert min(scores) >= 0.8, scores


def test_an_article_moved_to_another_news_cluster_has_its_events_linked_again(store, settings, pipeline):
    ingest([str(EXAMPLES)], store, settings, pipeline=pipeline)
    geneva = [a for a in store.articles() if a["title"] and "Genève" in a["title"]]
    undated = next(a for a in geneva if not a["published"])  # its summit is tied to the other report by the news cluster only
    event = undated["main_event"]["id"]

    def relink(news_cluster):
        with store.transaction():
            store.move_to_news_cluster(undated["id"], news_cluster)
            clustering = Clustering(store)
            clustering.news.moved = {undated["id"]}
            clustering.update([])
        return store.conn.execute("SELECT cluster_id FROM events WHERE id = ?", [event]).fetchone()[0]

    shared = store.conn.execute("SELECT cluster_id FROM events WHERE id = ?", [event]).fetchone()[0]
    assert relink("elsewhere") != shared
    assert relink(undated["cluster_id"]) == shared


BACKGROUND = ("Selon les secouristes, les victimes de Khan Touman présentaient des signes de suffocation. "
              "La Russie, alliée du régime syrien, dément toute attaque chimique. Les Etats-Unis réclament "
              "une enquête internationale sur cette attaque qui a fait au moins quarante morts.")
SUNDAY = ("Donald Trump accuse Bachar al-Assad après l'attaque chimique de Khan Touman.\n\nLe président américain "
          "Donald Trump a accusé dimanche Bachar al-Assad d'avoir mené une attaque chimique contre des civils "
          "à Khan Touman, où des dizaines d'habitants ont été tués. " + BACKGROUND)
MONDAY = ("Donald Trump promet une riposte à l'attaque chimique de Khan Touman.\n\nLe président américain "
          "Donald Trump a menacé lundi Bachar al-Assad d'une riposte à l'attaque chimique contre des civils "
          "à Khan Touman, où des dizaines d'habitants ont été tués. " + BACKGROUND)


def test_a_follow_up_on_another_day_is_other_news_and_takes_no_day_from_it(store, settings, pipeline):
    records = [Record(source="test", locator="1", text=SUNDAY, published="2018-05-06"),
               Record(source="test", locator="2", text=MONDAY)]
    ingest_records(records, store, settings, pipeline=pipeline)
    sunday, monday = sorted(store.articles(), key=lambda a: a["published"] is None)
    assert sunday["cluster_id"] != monday["cluster_id"]  # a Sunday and a Monday: two news
    assert sunday["main_event"]["date"] == "2018-05-06" and sunday["main_event"]["date_reason"] is None
    # Its story's news is another event: the Monday after it, or one years apart with the same
    # actors. Borrowing the day of the closest news of a story was wrong 11 times in 17 held out.
    assert monday["main_event"]["date"] is None and monday["main_event"]["date_constraint"] == "Monday"


STRIKES_SATURDAY = ("Les États-Unis, la France et le Royaume-Uni ont bombardé samedi la Syrie. Des explosions ont secoué "
                    "Damas avant l'aube, racontent des habitants réveillés par le bruit des avions.")
STRIKES_NIGHT = ("Opération nocturne : la France, les États-Unis et le Royaume-Uni ont bombardé la Syrie dans la nuit du "
                 "13 au 14 avril. Le porte-parole du Pentagone détaille douze cibles et cent cinq missiles.")
STRIKES_STAMPED = ("date 2018-04 Monde\nLes États-Unis, la France et le Royaume-Uni ont bombardé samedi la Syrie. À "
                   "Moscou, les diplomates dénoncent une agression et réclament une séance du Conseil de sécurité.")
STRIKES_SUNDAY = ("Les États-Unis, la France et le Royaume-Uni ont bombardé dimanche la Syrie. Le ministère syrien de la "
                  "Défense parle de missiles interceptés au-dessus de Homs.")


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (3, 2, 0, 1)])
def test_undated_reports_of_one_event_are_dated_by_their_constraints_together(store, settings, pipeline, order):
    texts = [STRIKES_SATURDAY, STRIKES_NIGHT, STRIKES_STAMPED, STRIKES_SUNDAY]
    for n in order:  # one at a time: the last report completes the dating of the earlier ones
        ingest_records([Record(source="test", locator=str(n), text=texts[n])], store, settings, pipeline=pipeline)
    articles = {a["id"]: a for a in store.articles()}
    assert len({a["cluster_id"] for a in articles.values()}) == 4  # four news clusters, told apart
    # "samedi" ∩ "14 avril" ∩ "April 2018": 14 April 2018; the Sunday is another event
    assert [articles[article_id(text)]["main_event"]["date"] for text in texts] == ["2018-04-14"] * 3 + [None]
    reasons = [articles[article_id(text)]["main_event"]["date_reason"] for text in texts[:3]]
    assert {reason["rule"] for reason in reasons} <= {"joint_constraints", "event_cluster"}
    assert "joint_constraints" in {reason["rule"] for reason in reasons}


STRIKES_ORDERED = ("La France, le Royaume-Uni et les États-Unis ont bombardé samedi la Syrie. Donald Trump a ordonné ces "
                   "frappes en représailles à une attaque chimique, a dit la Maison Blanche.")


def test_a_report_naming_who_acted_for_a_state_is_dated_with_those_naming_the_state(store, settings, pipeline):
    texts = [STRIKES_ORDERED, STRIKES_NIGHT, STRIKES_STAMPED]
    ingest_records([Record(source="test", locator=str(n), text=text) for n, text in enumerate(texts)], store, settings,
                   pipeline=pipeline)
    articles = {a["id"]: a for a in store.articles()}
    ordered = articles[article_id(STRIKES_ORDERED)]["main_event"]
    assert "Donald Trump" in [actor["name"] for actor in ordered["actors"]]  # people first (PLOVER)
    assert [articles[article_id(text)]["main_event"]["date"] for text in texts] == ["2018-04-14"] * 3


def test_constraints_that_leave_many_days_date_nothing(store, settings, pipeline):
    records = [Record(source="test", locator=str(n), text=text) for n, text in enumerate([STRIKES_SATURDAY, STRIKES_NIGHT])]
    ingest_records(records, store, settings, pipeline=pipeline)
    assert [a["main_event"]["date"] for a in store.articles()] == [None, None]  # a Saturday 14 April: every few years
