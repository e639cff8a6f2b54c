"""Every kind of value the time-expression parser gives dates an event at its own precision, and
goes through event dating, the store, clustering and every export without an error."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.store.test_db import _document
from veille.clustering import Clustering
from veille.dates import value_span
from veille.export import export
from veille.text import timex
from veille.nlp.timing import _when
from veille import render
from veille.store import Store
from veille.store.queries import EventFilter
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
            events_csv(page)  # the API's CSV of the timeline
            for fmt in ("csv", "jsonl", "parquet"):
                for table in ("events", "articles"):
                    export(store, table, fmt, Path(folder) / f"{table}.{fmt}")
