"""Every kind of value the time-expression parser gives dates an event at its own precision, and
goes through event dating, the store, clustering and every export without an error: the event's
cluster takes the value with its precision (a week, a season, a year, a decade… as a day or a month),
which the cluster filters read by the days it covers, the counts per month only when it is a day or
a month, render.event_date in its own words and GDELT's date columns as far as it allows."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.test_db import _document
from veille.cluster.events import COARSER_PRECISIONS
from veille.clustering import Clustering
from veille.dates import value_span
from veille.export import export
from veille.export.gdelt import COLUMNS
from veille.text import timex
from veille.nlp.timing import _when
from veille import render
from veille.store import Store
from veille.store.browse import ClusterFilter
from veille.store.queries import EventFilter
from veille.web.charts import month_bars
from veille.web.pages import events_csv

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
SEASONS = ["l'automne", "l'été", "l'hiver", "le printemps", "au printemps", "cet hiver", "cet été"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@st.composite
def expressions(draw) -> str:
    """French time expressions of every precision: days, weekdays, weeks, weekends, months,
    seasons, years, decades, centuries, parts of months and years, relative ones."""
    year = draw(st.integers(1890, 2030))
    month = draw(st.sampled_from(MONTHS))
    day = draw(st.integers(1, 28))
    return draw(st.sampled_from([
        f"le {day} {month} {year}", f"{draw(st.sampled_from(WEEKDAYS))}", f"{draw(st.sampled_from(WEEKDAYS))} {day} {month}",
        f"{draw(st.sampled_from(SEASONS))} {year}", draw(st.sampled_from(SEASONS)), f"en {month} {year}",
        f"en {year}", f"les années {year // 10 * 10}", f"dans les années {year % 100 // 10 * 10}",
        f"au {draw(st.sampled_from(['XIXe', 'XXe', 'XXIe']))} siècle", f"fin {year}", f"début {month}",
        f"à la mi-{month}", f"fin {month} {year}", "la semaine dernière", "ce week-end", "le week-end dernier",
        "hier", "aujourd'hui", "demain", "la veille", "il y a deux ans", "l'an dernier", "le mois prochain",
    ]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expression=expressions(), reference=st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_every_time_value_dates_an_event_at_its_own_precision_through_store_clustering_and_exports(
        expression, reference):
    value = timex.normalise(expression, reference)
    if value is None or value.type != "DATE":
        return
    when = _when(value)
    assert when.precision == value.precision
    if when.precision == "day" and not when.value.startswith("XXXX"):
        assert date.fromisoformat(when.value)  # a day is always an ISO day
    doc = _document(1, with_event=True)
    doc.events[0].date, doc.events[0].date_precision = when.value, when.precision
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "t.db") as store:
            store.write_documents([doc], then=Clustering(store).update)
            [event] = store.events()
            assert event["date_precision"] in (when.precision, "day")  # "day" only when its cluster dates it
            assert render.event_date(event)  # every view writes it
            span = value_span(when.value)
            if value.first and value.last and event["date_precision"] == when.precision:
                # the stored value covers the expression's days ("fin 1890" is stored as 1890); a
                # range that holds part of it finds the event, one before or after it does not
                assert span and span[0] <= value.first <= value.last <= span[1]
                first, last = span[0].isoformat(), span[1].isoformat()
                assert store.events(EventFilter(since=last, until=last)) and store.events(EventFilter(until=first))
                after, before = (span[1] + timedelta(days=1)).isoformat(), (span[0] - timedelta(days=1)).isoformat()
                assert not store.events(EventFilter(since=after)) and not store.events(EventFilter(until=before))
            page = store.event_cluster_page()
            [cluster] = page["events"]
            _check_cluster(store, cluster, event, when.value if span else None, when.precision)
            events_csv(page)  # the API's CSV of the timeline
            month_bars(page["per_month"])  # the chart of the timeline
            for fmt in ("csv", "jsonl", "parquet"):
                for table in ("events", "articles"):
                    export(store, table, fmt, Path(folder) / f"{table}.{fmt}")
            export(store, "events", "gdelt", Path(folder) / "events.tsv")
            [line] = (Path(folder) / "events.tsv").read_text("utf-8").splitlines()
            _check_gdelt_dates(dict(zip(COLUMNS, line.split("\t"), strict=True)), cluster["date"])


CLUSTER_PRECISIONS = ("day", "month", *COARSER_PRECISIONS)  # those a cluster's date takes from its reports


def _check_cluster(store, cluster, event, value, precision):
    """The cluster of one report is dated as the report is, whatever the precision, and is found,
    counted and written accordingly."""
    if value is None or precision not in CLUSTER_PRECISIONS:  # a day of an unknown year: no date of its own
        assert (cluster["date"], cluster["date_precision"]) == (None, None)
        assert store.event_cluster_page()["per_month"] == []
        return
    assert (cluster["date"], cluster["date_precision"]) == (value, precision)
    if event["date_source"] != "cluster":
        assert render.event_date(cluster) == render.event_date(event) != "undated"
    first, last = value_span(value)
    after, before = (last + timedelta(days=1)).isoformat(), (first - timedelta(days=1)).isoformat()
    found = [store.event_clusters(ClusterFilter(since=since, until=until)) for since, until in (
        (last.isoformat(), last.isoformat()), (None, first.isoformat()), (first.isoformat(), last.isoformat()),
        (after, None), (None, before))]
    assert [len(clusters) for clusters in found] == [1, 1, 1, 0, 0]
    page = store.event_cluster_page()
    assert page["total"] == 1 and page["per_month"] == (
        [{"month": value[:7], "count": 1}] if precision in ("day", "month") else [])  # no month is made up
    [row] = events_csv(page).splitlines()[1:]
    assert f'"{value}","{precision}"' in row and f'"{render.event_date(cluster)}"' in row


def _check_gdelt_dates(row, value):
    """GDELT's day, month and year columns hold what the days of the date share, and nothing else."""
    span = value_span(value)
    first, last = span if span else (None, None)
    assert row["SQLDATE"] == (first.strftime("%Y%m%d") if span and first == last else "")
    assert row["FractionDate"] == "" or (span and first == last)
    one_month = span and (first.year, first.month) == (last.year, last.month)
    assert row["MonthYear"] == (f"{first.year}{first.month:02d}" if one_month else "")
    assert row["Year"] == (str(first.year) if span and first.year == last.year else "")
