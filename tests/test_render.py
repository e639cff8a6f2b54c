"""How an event reads: participants with their roles and one date rendering, the same in every view."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from veille.clustering import Clustering
from veille.export import export
from veille.kb.model import Entity
from veille.models import Actor, Article, Document, Event, Evidence, Sentence
from veille.render import (UNTITLED, article_title, dyad, event_date, event_headline, participant_parts,
                           participants, reciprocal_types, reported)
from veille.store import Store
from veille.web import ServeConfig, create_app


def actor(name, role="source", id=None):
    return {"id": id, "name": name, "role": role}


@pytest.mark.parametrize("event_type, actors, expected", [
    ("REQUEST", [actor("Barack Obama"), actor("Vladimir Putin", "target")], "Barack Obama → Vladimir Putin"),
    ("CONSULT", [actor("Joe Biden"), actor("Vladimir Putin")], "Joe Biden ↔ Vladimir Putin"),
    ("AGREE", [actor("Russia"), actor("Ukraine"), actor("Turkey")], "Russia ↔ Ukraine ↔ Turkey"),
    ("CONSULT", [actor("Emmanuel Macron"), actor("Olaf Scholz", "target")], "Emmanuel Macron → Olaf Scholz"),
    ("ASSAULT", [actor("United States"), actor("Donald Trump"), actor("Syria")], "United States, Donald Trump, Syria → ?"),
    ("ASSAULT", [actor("Russia")], "Russia"),
    ("ACCUSE", [actor("Ukraine", "target")], "? → Ukraine"),
    ("SANCTION", [actor("European Union"), actor("France"), actor("Russia", "target"), actor("Iran", "target")],
     "European Union, France → Russia, Iran"),
    ("CONSULT", [], "?"),
])
def test_participants_say_who_did_what_to_whom(event_type, actors, expected):
    assert participants({"type": event_type, "actors": actors}) == expected


@pytest.mark.parametrize("event_type, actors, expected", [
    ("REQUEST", [actor("Barack Obama"), actor("Vladimir Putin", "target")], ("Barack Obama", "Vladimir Putin")),
    ("CONSULT", [actor("Joe Biden"), actor("Vladimir Putin")], ("Joe Biden", "Vladimir Putin")),  # mutual: both
    ("AGREE", [actor("Russia"), actor("Ukraine"), actor("Turkey")], ("Russia", "Ukraine")),
    ("ASSAULT", [actor("United States"), actor("Syria")], ("United States", None)),  # no target found
    ("ACCUSE", [actor("Ukraine", "target")], (None, "Ukraine")),
    ("SANCTION", [actor("European Union"), actor("Russia", "target"), actor("Iran", "target")],
     ("European Union", "Russia")),
    ("CONSULT", [], (None, None)),
])
def test_a_dyad_keeps_the_two_actors_participants_puts_first(event_type, actors, expected):
    pair = dyad({"type": event_type, "actors": actors})
    assert tuple(side and side["name"] for side in pair) == expected


def test_reciprocal_types_come_from_the_event_lexicon_and_parts_keep_the_actors():
    assert {"CONSULT", "AGREE", "COOPERATE"} <= reciprocal_types() and "ASSAULT" not in reciprocal_types()
    # an actor named on both sides reads once, as a source
    twice = {"type": "ACCUSE", "actors": [actor("Iran", id="iso:IR"), actor("Iran", "target", id="iso:IR"),
                                          actor("Israel", "target", id="iso:IL")]}
    parts = participant_parts(twice)
    assert parts[0]["id"] == "iso:IR" and parts[1:] == [" → ", parts[2]] and parts[2]["name"] == "Israel"


@pytest.mark.parametrize("value, precision, constraint, source, expected", [
    ("2018-03-12", "day", None, "text", "2018-03-12"),
    ("2018-03-12", "day", "Monday", "cluster", "2018-03-12 (inferred)"),
    ("2018-03-12", "reference", None, "article", "2018-03-12 (article's date)"),
    ("2018-03", "month", None, "text", "March 2018"),
    ("2018-03", "month", "Saturday", "text", "March 2018 (a Saturday)"),
    ("2018-W11", "week", None, "text", "week of 2018-03-12"),
    ("2018-W11-WE", "weekend", None, "text", "weekend of 2018-03-17"),
    ("2020-FA", "season", None, "text", "autumn 2020"),
    ("1999", "year", None, "text", "1999"),
    ("199X", "decade", None, "text", "the 1990s"),
    ("19XX", "century", None, "text", "the 20th century"),
    (None, "unknown", "Monday", None, "a Monday"),
    (None, "unknown", "Saturday between 2018-02-22 and 2018-03-31", None,
     "a Saturday between 2018-02-22 and 2018-03-31"),
    (None, "unknown", "Monday on XXXX-03-12", None, "a Monday on 12 March of an unknown year"),
    (None, None, None, None, "undated"),
])
def test_one_date_rendering(value, precision, constraint, source, expected):
    event = {"date": value, "date_precision": precision, "date_constraint": constraint, "date_source": source}
    assert event_date(event) == expected


def test_an_inferred_date_says_why_when_asked():
    event = {"date": "2018-03-12", "date_precision": "day", "date_source": "cluster",
             "date_reason": {"rule": "news_cluster", "from": "n-3"}}
    assert event_date(event, why=True) == "2018-03-12, inferred from the day of the news its article tells (n-3)"


# -- the same event in every view ---------------------------------------------------------------------------

TEXT = ("Le ministre de Ruritanie a rencontré son homologue de Syldavie en mars 2018. "
        "Lundi, la Ruritanie a accusé la Syldavie de violer la trêve. "
        "La Ruritanie a demandé des excuses.")
DATES = {  # event → (its date, precision, constraint), and how every view must show it
    "e1": (("2018-03", "month", None), "March 2018"),
    "e2": ((None, "unknown", "Monday"), "a Monday"),
    "e3": ((None, "unknown", "Monday"), "2018-03-12 (inferred)"),  # a day read from other reports, below
}


@pytest.fixture
def views_db(tmp_path):
    second, third = TEXT.index("Lundi"), TEXT.index("La Ruritanie")
    sentences = [Sentence(0, second - 1), Sentence(second, third - 1), Sentence(third, len(TEXT))]
    article = Article(id="a1", source="test", raw_text=TEXT, clean_text=TEXT, language="fr", status="analysed",
                      title="Ruritanie et Syldavie")
    doc = Document(article=article, sentences=sentences,
                   entities={"Q1": Entity(id="Q1", type="country", name="Ruritania"),
                             "Q2": Entity(id="Q2", type="country", name="Syldavia")})
    actors = {"e1": [Actor("Ruritania", "source", "Q1"), Actor("Syldavia", "source", "Q2")],
              "e2": [Actor("Ruritania", "source", "Q1"), Actor("Syldavia", "target", "Q2")],
              "e3": [Actor("Ruritania", "source", "Q1"), Actor("Syldavia", "source", "Q2")]}
    types = {"e1": "CONSULT", "e2": "ACCUSE", "e3": "REQUEST"}
    for n, (event_id, ((value, precision, constraint), _)) in enumerate(DATES.items()):
        span = sentences[n]
        doc.events.append(Event(id=event_id, article_id="a1", type=types[event_id], actors=actors[event_id],
                                date=value, date_precision=precision, date_constraint=constraint,
                                evidence=[Evidence("a1", span.start, span.end, "")], is_main=n == 0, sentence=n))
    path = tmp_path / "views.db"
    with Store.open(path) as store:
        store.write_documents([doc])
        with store.transaction():
            Clustering(store).recluster()
        store.conn.execute("""UPDATE events SET inferred_date = '2018-03-12',
                              inferred_reason = '{"rule": "news_cluster", "from": "a1"}' WHERE id = 'e3'""")
        store.conn.commit()
    return path


def test_the_same_event_reads_the_same_in_every_view(views_db, cli, tmp_path):
    listed = cli("events", "--db", str(views_db)).stdout.splitlines()
    cluster_of = {e["id"]: e["cluster_id"] for e in json.loads(cli("events", "--db", str(views_db), "--format", "json").stdout)}
    shown = cli("show", "a1", "--db", str(views_db)).stdout
    with Store.open(views_db, read_only=True) as store:
        export(store, "events", "csv", tmp_path / "e.csv")
    exported = {row["id"]: row for row in csv.DictReader(io.StringIO((tmp_path / "e.csv").read_text("utf-8")))}
    client = TestClient(create_app(ServeConfig(db=str(views_db), allowed_hosts=("testserver",))))
    page = client.get("/articles/a1").text
    for event_id, (_, expected) in DATES.items():
        assert any(line.split()[:2] == [cluster_of[event_id], "a1"] and f"  {expected}  " in line
                   for line in listed), (expected, listed)  # its cluster and article ids lead the line
        assert f" {expected}  " in shown
        assert exported[event_id]["date_text"] == expected
        assert f" {expected} — " in page
    # the event clusters: the CLI's timeline and cluster, the web timeline and the API's CSV agree
    timeline = cli("timeline", "--db", str(views_db), "--format", "json").stdout
    clusters = {c["type"]: c for c in json.loads(timeline)}
    api_csv = {row["id"]: row for row in csv.DictReader(io.StringIO(client.get("/api/events?format=csv").text))}
    web_timeline = client.get("/timeline").text
    for kind, expected in (("CONSULT", "March 2018"), ("ACCUSE", "a Monday")):
        cluster = clusters[kind]
        assert cli("cluster", cluster["id"], "--db", str(views_db)).stdout.startswith(expected + "  ")
        assert api_csv[cluster["id"]]["date_text"] == expected
        assert f"{cluster['participants']}: {kind} ({expected})</a>" in web_timeline.replace("&gt;", ">")


@pytest.mark.parametrize("first, last, expected", [
    ("2021-06-16", "2021-06-16", "reported 2021-06-16"),
    ("2021-06", "2021-07-02", "reported 2021-06 to 2021-07-02"),
    (None, None, "no publication date"),
])
def test_when_an_events_articles_were_published(first, last, expected):
    assert reported(first, last) == expected


def test_an_event_whose_articles_have_no_date_says_so_not_question_marks(views_db, cli):
    """Its article has no publication day: "seen ? → ?" read as the roles of two unknown actors."""
    timeline = {c["type"]: c for c in json.loads(cli("timeline", "--db", str(views_db), "--format", "json").stdout)}
    cluster_id = timeline["ACCUSE"]["id"]
    shown = cli("cluster", cluster_id, "--db", str(views_db)).stdout.splitlines()[1]
    assert shown == "1 article, 1 source (near-duplicates once), 0 outlets; no publication date"
    client = TestClient(create_app(ServeConfig(db=str(views_db), allowed_hosts=("testserver",))))
    page = client.get(f"/events/{cluster_id}").text
    assert "<dt>Sources</dt><dd>1 (1 article, near-duplicates counted once; 0 outlets), no publication date</dd>" in page
    assert "? → ?" not in page


def test_roles_show_in_the_cli_the_json_the_csv_and_the_web(views_db, cli):
    listed = cli("events", "--db", str(views_db)).stdout
    assert "Ruritania ↔ Syldavia" in listed and "Ruritania → Syldavia" in listed and "Ruritania, Syldavia → ?" in listed
    events = {e["id"]: e for e in json.loads(cli("events", "--db", str(views_db), "--format", "json").stdout)}
    assert events["e2"]["participants"] == "Ruritania → Syldavia"
    timeline = {c["type"]: c for c in json.loads(cli("timeline", "--db", str(views_db), "--format", "json").stdout)}
    assert timeline["CONSULT"]["participants"] == "Ruritania ↔ Syldavia"
    assert "Ruritania → Syldavia" in cli("timeline", "--db", str(views_db)).stdout
    client = TestClient(create_app(ServeConfig(db=str(views_db), allowed_hosts=("testserver",))))
    page = client.get(f"/events/{timeline['ACCUSE']['id']}").text
    assert '<a class="actor" href="/actors/Q1">Ruritania</a><span class="role"> → </span>' in page
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events?format=csv").text)))
    assert {row["participants"] for row in rows} == {"Ruritania ↔ Syldavia", "Ruritania → Syldavia",
                                                     "Ruritania, Syldavia → ?"}


# -- headlines and titles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("event, expected", [
    ({"type": "REQUEST", "actors": [actor("Barack Obama"), actor("Vladimir Putin", "target")],
      "location": {"city": "Lima", "country": "Peru"}, "date": "2016-11-20", "date_precision": "day"},
     "Barack Obama → Vladimir Putin: REQUEST (Lima, 2016-11-20)"),
    ({"type": "CONSULT", "actors": [actor("Joe Biden"), actor("Vladimir Putin")], "location": {"country": "Switzerland"},
      "date": "2021-06", "date_precision": "month"}, "Joe Biden ↔ Vladimir Putin: CONSULT (Switzerland, June 2021)"),
    ({"type": "ASSAULT", "actors": [actor("Russia")], "location": None, "date": None}, "Russia: ASSAULT"),
    ({"type": "PROTEST", "actors": [], "location": {"city": "Paris", "country": "France"}}, "PROTEST (Paris)"),
    # a qualified date is not bracketed twice
    ({"type": "PROTEST", "actors": [], "location": {"city": "Paris", "country": "France"}, "date": "2023-01-19",
      "date_precision": "day", "date_source": "cluster"}, "PROTEST (Paris, 2023-01-19, inferred)"),
    ({"type": "PROTEST", "actors": [], "location": None, "date": "2023-01-19", "date_precision": "reference"},
     "PROTEST (2023-01-19, article's date)"),
])
def test_an_event_cluster_headline_says_who_did_what_where_and_when(event, expected):
    assert event_headline(event) == expected


def test_an_article_title_is_its_own_else_read_from_its_text():
    assert article_title("  Un  titre\n donné ", "Texte.") == ("Un titre donné", "article")
    assert article_title(None, "Ruritanie : le ministre démissionne\n\nLe ministre a démissionné lundi.", "fr") == \
        ("Ruritanie : le ministre démissionne", "headline")
    assert article_title("", "Le ministre a démissionné lundi. Il part.", "en") == ("Le ministre a démissionné lundi", "lead")
    assert article_title(None, "", "fr") == (UNTITLED, "none")


@pytest.fixture
def untitled_db(tmp_path):
    """Two articles without a title (as JSON Lines and text inputs often come), one with a headline line."""
    texts = {"u1": "La Syldavie ferme sa frontière\n\nLa Syldavie a fermé lundi sa frontière avec la Ruritanie.",
             "u2": "Le ministre de Syldavie a appelé mardi la Ruritanie à rouvrir sans délai le poste-frontière "
                   "de Klow, fermé depuis une semaine aux camions de marchandises. Il attend une réponse."}
    path = tmp_path / "untitled.db"
    with Store.open(path) as store:
        store.write_documents([Document(article=Article(id=key, source=f"/home/user/in/{key}.txt", raw_text=text,
                                                        clean_text=text, language="fr", status="analysed"))
                               for key, text in texts.items()])
    return path


def test_untitled_articles_get_a_title_in_the_cli_the_json_and_the_web(untitled_db, cli):
    listed = json.loads(cli("articles", "--db", str(untitled_db), "--format", "json").stdout)
    titles = {a["id"]: (a["title"], a["title_source"]) for a in listed}
    assert titles["u1"] == ("La Syldavie ferme sa frontière", "headline")
    assert titles["u2"][1] == "lead" and titles["u2"][0].startswith("Le ministre de Syldavie a appelé mardi")
    assert titles["u2"][0].endswith("…")
    table = cli("articles", "--db", str(untitled_db)).stdout
    assert "La Syldavie ferme sa frontière" in table and "(no headline)" not in table
    client = TestClient(create_app(ServeConfig(db=str(untitled_db), allowed_hosts=("testserver",))))
    page = client.get("/articles").text
    assert ">La Syldavie ferme sa frontière</a>" in page and ">u2</a>" not in page  # never an id as link text
    assert client.get("/api/articles/u2").json()["title"] == titles["u2"][0]


def test_events_list_their_cluster_to_go_on_with(views_db, cli):
    lines = cli("events", "--db", str(views_db)).stdout.splitlines()
    assert lines[0].split() == ["cluster", "article", "event"]
    cluster_id = lines[1].split()[0]
    assert cli("cluster", cluster_id, "--db", str(views_db)).exit_code == 0


def test_a_month_dated_event_is_within_dates_inside_its_month(views_db):
    client = TestClient(create_app(ServeConfig(db=str(views_db), allowed_hosts=("testserver",))))
    [march] = [e for e in client.get("/api/events").json()["events"] if e["type"] == "CONSULT"]
    assert march["date"] == "2018-03"
    for since, until in (("2018-03-15", "2018-03-15"), ("2018-03", "2018-03"), ("2018", "2018")):
        found = client.get("/api/events", params={"since": since, "until": until}).json()["events"]
        assert march["id"] in {e["id"] for e in found}, (since, until)
    assert march["id"] not in {e["id"] for e in client.get("/api/events", params={"since": "2018-04"}).json()["events"]}


def test_the_cli_takes_months_and_years_too(views_db, cli):
    for args in (("--since", "2018-03-15"), ("--since", "2018-03", "--until", "2018-03"), ("--until", "2018")):
        assert "March 2018" in cli("events", "--db", str(views_db), *args).stdout, args
        assert "March 2018" in cli("timeline", "--db", str(views_db), *args).stdout, args
    assert "March 2018" not in cli("events", "--db", str(views_db), "--since", "2018-04").stdout
    refused = cli("events", "--db", str(views_db), "--since", "mars")
    assert refused.exit_code == 2 and "not a day, a month or a year" in refused.output
