"""An event cluster whose reports state no day, but were given one from other reports, reads that day
in every view (issue 28, item 4): the CLI, the JSON API, the web pages, its story, the charts, the
filters and the exports, from the one date rendering of veille.render."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from veille.cluster.events import InferredDate, cluster_inferred_date
from veille.clustering import Clustering
from veille.incremental import ingest_records
from veille.models import Record
from veille.store import Store
from veille.web import ServeConfig, create_app

# -- the rule ------------------------------------------------------------------------------------------

UNDATED = {"id": "c1", "date": None, "date_precision": "unknown", "date_constraint": "Thursday"}


def test_a_cluster_without_a_day_takes_the_one_its_reports_were_given():
    found = cluster_inferred_date(UNDATED, [InferredDate("2024-02-01", "news_cluster", "n1")])
    assert found == InferredDate("2024-02-01", "news_cluster", "n1")


def test_a_cluster_with_a_day_of_its_own_keeps_it():
    record = {**UNDATED, "date": "2024-02-01", "date_precision": "day", "date_constraint": None}
    assert cluster_inferred_date(record, [InferredDate("2024-02-01", "event_cluster", "c1")]) is None


def test_no_day_when_none_was_inferred_or_the_days_disagree():
    assert cluster_inferred_date(UNDATED, []) is None
    assert cluster_inferred_date(UNDATED, [InferredDate("2024-02-01", "news_cluster", "n1"),
                                           InferredDate("2024-02-08", "news_cluster", "n2")]) is None


def test_the_day_must_be_one_its_own_date_and_constraint_allow():
    in_january = {**UNDATED, "date": "2024-01", "date_precision": "month", "date_constraint": None}
    assert cluster_inferred_date(in_january, [InferredDate("2024-02-01", "news_cluster", "n1")]) is None
    assert cluster_inferred_date(in_january, [InferredDate("2024-01-25", "news_cluster", "n1")]).day == "2024-01-25"
    a_friday = {**UNDATED, "date_constraint": "Friday"}
    assert cluster_inferred_date(a_friday, [InferredDate("2024-02-01", "news_cluster", "n1")]) is None
    # its articles' day is no day of its own: the day inferred may be one of the three before it
    published = {**UNDATED, "date": "2024-02-03", "date_precision": "reference", "date_constraint": None}
    assert cluster_inferred_date(published, [InferredDate("2024-02-01", "news_cluster", "n1")]).day == "2024-02-01"


def test_its_reason_is_what_dated_its_reports_not_the_agreement_that_followed():
    inferred = [InferredDate("2024-02-01", "event_cluster", "c1"), InferredDate("2024-02-01", "event_cluster", "c1"),
                InferredDate("2024-02-01", "joint_constraints", "n2"), InferredDate("2024-02-01", "news_cluster", "n1")]
    # the agreement dated two of them from this cluster; of the others, a tie: the earlier rule
    assert cluster_inferred_date(UNDATED, inferred) == InferredDate("2024-02-01", "news_cluster", "n1")


# -- through ingestion, in every view ------------------------------------------------------------------

# A dated article and an undated one that tells the same news: the farmers marched "jeudi" while
# their unions met the Prime Minister on Thursday 1 February 2024. The march is its own event
# (PROTEST), in the news of that day: its report is dated by its news, and so is its event.
MEETING = ("Agriculture : Gabriel Attal rencontre les dirigeants des syndicats agricoles à Matignon\n\n"
           "Le Premier ministre Gabriel Attal a rencontré le jeudi 1er février à Matignon les dirigeants des "
           "syndicats agricoles. Il leur a présenté un plan de simplification des normes et une aide aux éleveurs.")
MARCH = ("Agriculture : des milliers d'agriculteurs manifestent contre le gouvernement de Gabriel Attal\n\n"
         "Des milliers d'agriculteurs ont manifesté jeudi à Paris contre la politique du gouvernement de Gabriel "
         "Attal, pendant que leurs syndicats étaient reçus à Matignon.")
RECORDS = [Record(source="test", locator="meeting", text=MEETING, published="2024-02-01"),
           Record(source="test", locator="march", text=MARCH)]
DAY = "2024-02-01"


@pytest.fixture
def farmers_db(store, settings, pipeline):
    ingest_records(RECORDS, store, settings, pipeline=pipeline)
    return settings.db


def _clusters(db):
    with Store.open(db, read_only=True) as store:
        return {c["type"]: c for c in store.timeline()}


def test_an_event_dated_by_its_news_reads_that_day_in_the_cli_and_the_json(farmers_db, cli):
    march = _clusters(farmers_db)["PROTEST"]
    assert (march["date"], march["date_precision"], march["date_source"]) == (DAY, "day", "cluster")
    assert march["date_reason"]["rule"] == "news_cluster" and march["date_reason"]["from"]
    assert march["stated_date"] is None and march["headline"].endswith(f", {DAY}, inferred)")
    # the report and its event read the same day
    reports = json.loads(cli("events", "--db", farmers_db, "--type", "PROTEST", "--format", "json").stdout)
    # its reports (the headline's and the sentence's) read the same day; the second was dated by the
    # agreement of the first, which the event's reason leaves out (it only repeats the first's)
    mine = [e for e in reports if e["cluster_id"] == march["id"]]
    assert {(e["date"], e["date_source"]) for e in mine} == {(DAY, "cluster")}
    assert {e["date_reason"]["rule"] for e in mine} <= {"news_cluster", "event_cluster"}
    assert f"{DAY} (inferred)  PROTEST" in cli("timeline", "--db", farmers_db).stdout
    shown = cli("cluster", march["id"], "--db", farmers_db).stdout.splitlines()
    assert shown[0].startswith(f"{DAY} (inferred)  PROTEST")
    assert shown[2].startswith(f"dated {DAY}, inferred from the day of the news its article tells")
    # filtered and sorted by that day: in the first of February, before no undated event
    listed = json.loads(cli("timeline", "--db", farmers_db, "--since", DAY, "--until", DAY, "--format", "json").stdout)
    assert {c["type"] for c in listed} == {"CONSULT", "PROTEST"}
    assert json.loads(cli("timeline", "--db", farmers_db, "--until", "2024-01-31", "--format", "json").stdout) == []


def test_an_event_dated_by_its_news_reads_that_day_in_its_story(farmers_db, cli):
    clusters = _clusters(farmers_db)
    [story] = json.loads(cli("stories", "--db", farmers_db, "--format", "json").stdout)
    assert story["n_events"] == 2 and (story["first_seen"], story["last_seen"]) == (DAY, DAY)
    assert {c["story_id"] for c in clusters.values()} == {story["id"]}
    client = TestClient(create_app(ServeConfig(db=str(farmers_db), allowed_hosts=("testserver",))))
    page = client.get(f"/api/stories/{story['id']}").json()
    assert page["per_month"] == [{"month": "2024-02", "count": 2}]  # both events, not the dated one alone
    assert {e["id"]: e["date"] for e in page["events"]} == {c["id"]: DAY for c in clusters.values()}
    html = client.get(f"/stories/{story['id']}").text.replace("&gt;", ">")
    assert f"PROTEST (Paris, {DAY}, inferred)</a>" in html and "Thursday" not in html
    assert "<title>2024-02: 2 events</title>" in html


def test_an_event_dated_by_its_news_reads_that_day_on_the_web(farmers_db):
    march = _clusters(farmers_db)["PROTEST"]
    client = TestClient(create_app(ServeConfig(db=str(farmers_db), allowed_hosts=("testserver",))))
    timeline = client.get("/timeline").text.replace("&gt;", ">")
    assert f"PROTEST (Paris, {DAY}, inferred)</a>" in timeline
    page = client.get(f"/events/{march['id']}").text
    assert f"</span> {DAY} (inferred)</p>" in page  # at the top of its page, as in its headline
    assert f"<dt>When</dt><dd>{DAY}, inferred from the day of the news its article tells" in page
    assert f"Dated {DAY} from the day of the news its article tells" in page  # and on the source it dates
    api = client.get(f"/api/events/{march['id']}").json()["event"]
    assert (api["date"], api["date_source"], api["date_reason"]) == (DAY, "cluster", march["date_reason"])
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(client.get("/api/events?format=csv").text))}
    assert (rows[march["id"]]["date"], rows[march["id"]]["date_source"], rows[march["id"]]["date_text"]) == (
        DAY, "cluster", f"{DAY} (inferred)")
    gdelt = client.get("/api/events?format=gdelt").text.splitlines()
    assert sum(line.split("\t")[1] == DAY.replace("-", "") for line in gdelt) == 2


def test_an_event_reads_its_inferred_day_whatever_the_order_its_reports_came_in(farmers_db, settings, pipeline,
                                                                                tmp_path):
    query = """SELECT id, date, date_precision, date_constraint, inferred_date, json_extract(inferred_reason, '$.rule'),
                      story_day, story_id FROM event_clusters ORDER BY id"""
    with Store.open(farmers_db, read_only=True) as store:
        first = [tuple(row) for row in store.conn.execute(query)]
    assert any(row[4] == DAY for row in first)
    with Store.open(tmp_path / "reversed.db") as other:
        for record in reversed(RECORDS):  # the undated report first: it is dated when its news is
            ingest_records([record], other, settings, pipeline=pipeline)
        # the same day, rule and story (the news cluster is named after its first article, though)
        assert [tuple(row) for row in other.conn.execute(query)] == first
        placed = other.conn.execute("SELECT * FROM event_clusters ORDER BY id").fetchall()
        with other.transaction():
            Clustering(other).recluster()
        assert [tuple(row) for row in other.conn.execute("SELECT * FROM event_clusters ORDER BY id")] == [
            tuple(row) for row in placed]
