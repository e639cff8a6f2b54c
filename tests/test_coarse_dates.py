"""Event clusters whose reports are all dated coarser than a day or a month (a week, a weekend, a
season, a year, a decade, a century) keep that date, with its precision, in every view: the
timeline and the API, the event page, the filters, the charts and every export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import write_clusters
from tests.store.test_db import _document
from veille.clustering import Clustering
from veille.dates import value_span
from veille.export import export
from veille.export.gdelt import COLUMNS, global_event_id
from veille.models import Actor
from veille.store import Store
from veille.store.browse import DATE_ORDER, SORTS, ClusterFilter
from veille.web import ServeConfig, create_app
from veille.web.charts import month_bars

DATES = {  # event id → its only report's date, and how every view writes it
    "e1": ("2020-FA", "season", "autumn 2020"),
    "e2": ("2019", "year", "2019"),
    "e3": ("199X", "decade", "the 1990s"),
    "e4": ("19XX", "century", "the 20th century"),
    "e5": ("2020-W11", "week", "week of 2020-03-09"),
    "e6": ("2020-W11-WE", "weekend", "weekend of 2020-03-14"),
    "e7": ("2018-03", "month", "March 2018"),
    "e8": ("2018-03-12", "day", "2018-03-12"),
    "e9": ("2020-W01", "week", "week of 2019-12-30"),  # begins in the year before its own
    "e10": ("2019-WI", "season", "winter 2019"),  # 2019-12-21 to 2020-03-19
}


@pytest.fixture(scope="module")
def coarse_db(tmp_path_factory):
    """One event cluster per date of DATES: each report has actors of its own and its article a month
    of its own, so that none links another."""
    path = tmp_path_factory.mktemp("coarse") / "veille.db"
    docs = []
    for n, (value, precision, _) in enumerate(DATES.values(), 1):
        doc = _document(n, with_event=True)
        doc.article.published = f"2021-{n:02d}-15"
        doc.events[0].date, doc.events[0].date_precision = value, precision
        doc.events[0].actors = [Actor(name=f"A{n}", role="source", id="Q1" if n == 1 else f"Q1{n}"),
                                Actor(name="B", role="target")]
        docs.append(doc)
    with Store.open(path) as store:
        store.write_documents(docs, then=Clustering(store).update)
    return path


def _by_event(clusters):
    return {cluster["id"]: cluster for cluster in clusters}


def test_a_cluster_of_coarse_reports_takes_their_date_and_precision(coarse_db, cli):
    with Store.open(coarse_db, read_only=True) as store:
        clusters = _by_event(store.event_clusters())
        stories = {event_id: store.story(cluster["story_id"]) for event_id, cluster in clusters.items()
                   if cluster["story_id"]}  # a story needs two political events: these are one each
    assert set(clusters) == set(DATES)  # a cluster is named after its first report
    for event_id, (value, precision, words) in DATES.items():
        cluster = clusters[event_id]
        assert (cluster["date"], cluster["date_precision"]) == (value, precision)
        assert cluster["headline"] == f"A{list(DATES).index(event_id) + 1} → B: CONSULT (Vienna, {words})"
        # only a day or a month spans a story: a story lasts a year at most
        spanned = value if precision in ("day", "month") else None
        if event_id in stories:
            assert stories[event_id]["first_seen"] == stories[event_id]["last_seen"] == spanned
    timeline = cli("timeline", "--db", str(coarse_db)).stdout
    assert all(words in timeline for _, _, words in DATES.values()) and "undated" not in timeline


WINDOWS = [("2020-03-19", "2020-03-19"), ("2020-03-20", None), (None, "2019-12-30"), ("2019-12-31", "2019-12-31"),
           ("1995-06-01", "1995-06-01"), (None, "1899-12-31"), ("2000-01-01", None), ("2020-12-21", "2020-12-31"),
           ("2018-03-13", "2018-03-31"), ("2020-03-14", "2020-03-14"), ("1999-12-31", "1999-12-31"),
           ("2018-03-01", "2018-03-11"), ("2020-01-01", "2020-01-01"), ("2020-09-22", "2020-09-22")]


@pytest.mark.parametrize("since, until", WINDOWS)
def test_cluster_filters_take_a_date_of_any_precision_by_the_days_it_covers(coarse_db, since, until):
    with Store.open(coarse_db, read_only=True) as store:
        found = {c["id"] for c in store.event_clusters(ClusterFilter(since=since, until=until))}
        page = store.event_cluster_page(ClusterFilter(since=since, until=until))
    expected = set()
    for event_id, (value, _, _) in DATES.items():
        first, last = value_span(value)
        if (since is None or last >= date.fromisoformat(since)) and (
                until is None or first <= date.fromisoformat(until)):
            expected.add(event_id)
    assert found == expected and page["total"] == len(expected)


def _values_near_edges() -> list[tuple[str, str]]:
    """Values of every precision around the turns of years, decades and centuries."""
    values = []
    for year in (1899, 1900, 1909, 1910, 1999, 2000, 2015, 2019, 2020, 2021):
        values += [(f"{year}", "year"), (f"{year}-01", "month"), (f"{year}-12", "month"), (f"{year}-01-01", "day"),
                   (f"{year}-12-31", "day"), (f"{year // 10:03d}X", "decade"), (f"{year // 100:02d}XX", "century")]
        values += [(f"{year}-{season}", "season") for season in ("SP", "SU", "FA", "WI")]
        weeks = (1, 2, 52, 53) if date(year, 12, 28).isocalendar()[1] == 53 else (1, 2, 52)
        values += [(f"{year}-W{week:02d}{end}", precision) for week in weeks
                   for end, precision in (("", "week"), ("-WE", "weekend"))]
    return sorted(set(values))


EDGES = _values_near_edges()


@pytest.fixture(scope="module")
def edges_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("edges") / "veille.db"
    write_clusters(path, len(EDGES))
    with Store.open(path) as store, store.transaction():
        for k, (value, precision) in enumerate(EDGES, 1):
            store.conn.execute("UPDATE event_clusters SET date = ?, date_precision = ? WHERE id = ?",
                               [value, precision, f"c{k:04}"])
    return path


def test_cluster_filters_find_exactly_the_values_that_overlap_a_range(edges_db):
    """Every day within a day of where a value begins or ends, as since, as until and as both."""
    days = sorted({day + timedelta(days=shift) for value, _ in EDGES for day in value_span(value)
                   for shift in (-1, 0, 1)})
    spans = {value: value_span(value) for value, _ in EDGES}
    with Store.open(edges_db, read_only=True) as store:
        for day in days:
            for since, until in ((day, None), (None, day), (day, day)):
                found = {row["date"] for row in store.event_clusters(ClusterFilter(
                    since=since and since.isoformat(), until=until and until.isoformat()))}
                expected = {value for value, (first, last) in spans.items()
                            if (since is None or last >= since) and (until is None or first <= until)}
                assert found == expected, (since, until)


def test_clusters_sort_by_the_first_day_of_their_date_on_an_index(edges_db):
    with Store.open(edges_db, read_only=True) as store:
        keys = dict(store.conn.execute(f"SELECT c.date, {DATE_ORDER} FROM event_clusters c").fetchall())
        oldest = [c["date"] for c in store.event_clusters(ClusterFilter(sort="date"))]
        newest = [c["date"] for c in store.event_clusters(ClusterFilter(sort="-date"))]
        plans = {sort: " ".join(row[-1] for row in store.conn.execute(
            f"EXPLAIN QUERY PLAN SELECT c.id FROM event_clusters c WHERE c.n_events > 0 ORDER BY {order} LIMIT 5"))
            for sort, order in SORTS.items()}
    for value, _ in EDGES:  # the first day, or the year or month that begins with it ("199X": "1990")
        assert value_span(value)[0].isoformat().startswith(keys[value]) and len(keys[value]) in (4, 7, 10), value
    firsts = [value_span(value)[0] for value in oldest]
    assert firsts == sorted(firsts) and oldest == newest[::-1]
    assert oldest.index("2020-SP") < oldest.index("2020-FA") < oldest.index("2020-12-31")  # a season by its days
    # a week at its Monday (week 1 of 2020 began on 30 December 2019), a weekend at its Saturday
    turn = ("2020-W01", "2019-12-31", "2020", "2020-01-01", "2020-W01-WE", "2020-W02")
    assert [oldest.index(value) for value in turn] == sorted(oldest.index(value) for value in turn)
    assert oldest.index("1999-12-31") < oldest.index("200X") < oldest.index("20XX") < oldest.index("2000-01")
    assert oldest.index("1899-12-31") < oldest.index("19XX") < oldest.index("1900-01")  # a century as its first year
    assert newest[:2] == ["2021-W52-WE", "2021-12-31"]  # 1–2 January 2022; not the 21st century, nor the 2020s
    for sort, plan in plans.items():
        assert "USING INDEX event_clusters_by_" in plan and "TEMP B-TREE" not in plan, (sort, plan)


def test_only_clusters_dated_by_a_day_or_a_month_count_in_a_month(coarse_db):
    with Store.open(coarse_db, read_only=True) as store:
        page = store.event_cluster_page()
        searched = store.event_cluster_page(ClusterFilter(text="ministre"))
        actor = store.actor("Q1")
    # a season, a year or a week names no single month: counted in the total, in no month
    assert page["per_month"] == searched["per_month"] == [{"month": "2018-03", "count": 2}]
    assert page["total"] == searched["total"] == len(DATES)
    assert actor["per_month"] == []  # its one event is of autumn 2020
    assert [bar["month"] for bar in month_bars(page["per_month"])["bars"]] == ["2018-03"]


def test_the_web_ui_and_the_api_show_coarse_dates(coarse_db):
    client = TestClient(create_app(ServeConfig(db=str(coarse_db), allowed_hosts=("testserver",))))
    listed = _by_event(client.get("/api/events").json()["events"])
    assert {event_id: (e["date"], e["date_precision"]) for event_id, e in listed.items()} == {
        event_id: (value, precision) for event_id, (value, precision, _) in DATES.items()}
    autumn = client.get("/api/events", params={"since": "2020-10", "until": "2020-10"}).json()
    assert [e["id"] for e in autumn["events"]] == ["e1"] and autumn["per_month"] == []
    assert "autumn 2020" in client.get("/events/e1").text
    story = listed["e1"]["story_id"]
    for path in ("/", "/timeline", "/actors/Q1", *([f"/stories/{story}"] if story else [])):
        page = client.get(path)
        assert page.status_code == 200 and "undated" not in page.text, path
    assert "the 1990s" in client.get("/timeline").text
    text = client.get("/api/events", params={"format": "csv"}).text
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
    for event_id, (value, precision, words) in DATES.items():
        day = value if precision == "day" else ""
        assert (rows[event_id]["date"], rows[event_id]["date_value"], rows[event_id]["date_precision"],
                rows[event_id]["date_text"]) == (day, value, precision, words)


GDELT_DATES = {  # SQLDATE, MonthYear, Year: only what the days the date covers share
    "e1": ("", "", "2020"), "e2": ("", "", "2019"), "e3": ("", "", ""), "e4": ("", "", ""),
    "e5": ("", "202003", "2020"), "e6": ("", "202003", "2020"), "e7": ("", "201803", "2018"),
    "e8": ("20180312", "201803", "2018"), "e9": ("", "", ""), "e10": ("", "", ""),
}


def test_gdelt_fills_the_date_columns_a_coarse_date_allows(coarse_db, tmp_path):
    with Store.open(coarse_db, read_only=True) as store:
        assert export(store, "events", "gdelt", tmp_path / "events.tsv") == len(DATES)
    ids = {global_event_id(event_id): event_id for event_id in DATES}
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True))
            for line in (tmp_path / "events.tsv").read_text("utf-8").splitlines()]
    found = {ids[int(row["GLOBALEVENTID"])]: (row["SQLDATE"], row["MonthYear"], row["Year"]) for row in rows}
    assert found == GDELT_DATES
    client = TestClient(create_app(ServeConfig(db=str(coarse_db), allowed_hosts=("testserver",))))
    assert client.get("/api/events", params={"format": "gdelt"}).text == (tmp_path / "events.tsv").read_text("utf-8")
