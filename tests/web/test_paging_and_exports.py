"""Exports of the whole filtered timeline (CSV, GDELT), streamed a batch at a time; paged story and actor pages."""

import csv
import io
import re
from contextlib import contextmanager

from tests.web.conftest import MANY, TEST_HOSTS
from veille.export.gdelt import COLUMNS
from veille.store import Store
from veille.web import pages


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


def test_the_timelines_csv_link_exports_every_matching_event(many_client):
    timeline = many_client.get("/timeline", params={"actor": "Poutine"}).text
    [link] = re.findall(r'href="(/api/events\?[^"]*format=csv[^"]*)"', timeline)
    assert "limit" not in link  # the whole filtered set, not its first page
    response = many_client.get(link.replace("&amp;", "&"))
    rows = _csv_rows(response)
    assert response.headers["x-total-count"] == str(MANY) and len({row["id"] for row in rows}) == MANY
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)  # the timeline's order


def test_an_export_keeps_the_filters_and_a_page_when_asked(many_client):
    since = {"since": "2022-06-01", "sort": "-date"}
    total = many_client.get("/api/events", params=since).json()["total"]
    rows = _csv_rows(many_client.get("/api/events", params={**since, "format": "csv"}))
    assert 0 < len(rows) == total < MANY and all(row["date"] >= "2022-06-01" for row in rows)
    assert rows[0]["date"] > rows[-1]["date"]
    page = many_client.get("/api/events", params={"limit": 3, "offset": 10}).json()["events"]
    assert [row["id"] for row in _csv_rows(many_client.get("/api/events", params={
        "limit": 3, "offset": 10, "format": "csv"}))] == [event["id"] for event in page]


def test_an_export_reads_a_batch_at_a_time_each_with_its_own_connection(many_db):
    opened = []

    @contextmanager
    def open_store():
        with Store.open(many_db, read_only=True) as store:
            opened.append(store)
            yield store

    with Store.open(many_db, read_only=True) as store:
        ids = store.event_cluster_ids()
    chunks = list(pages.export_chunks(ids, "gdelt", open_store))
    assert len(opened) == len(chunks) == -(-MANY // pages.EXPORT_BATCH)  # 2 batches for 620 events
    assert sum(chunk.count("\n") for chunk in chunks) == MANY
    csv_chunks = list(pages.export_chunks(ids, "csv", open_store))
    assert csv_chunks[0].startswith("id,date,") and len(csv_chunks) == len(chunks) + 1  # the header first


def test_gdelt_rows_from_the_api(client):
    summit = client.get("/api/events", params={"actor": ["Biden", "Putin"], "type": "CONSULT", "format": "gdelt"})
    assert summit.headers["content-type"].startswith("text/tab-separated-values")
    [line] = summit.text.splitlines()
    row = dict(zip(COLUMNS, line.split("\t"), strict=True))
    assert (row["SQLDATE"], row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("20210616", "040", "04", "1")
    assert {row["Actor1Code"], row["Actor2Code"]} == {"USAGOV", "RUSGOV"}  # both presidents on that day
    assert (row["ActionGeo_Type"], row["ActionGeo_FullName"], row["ActionGeo_CountryCode"]) == (
        "4", "Geneva, Switzerland", "SZ")
    everything = client.get("/api/events", params={"format": "gdelt"})
    lines = everything.text.splitlines()
    assert len(lines) == client.get("/api/events").json()["total"] == int(everything.headers["x-total-count"])
    assert all(len(line.split("\t")) == 61 for line in lines)


def test_an_export_that_cannot_start_gets_the_error_body(many_db, many_client):
    from fastapi.testclient import TestClient

    from veille.web import ServeConfig, create_app

    missing = many_client.get("/api/events", params={"story": "nope", "format": "gdelt"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    with TestClient(create_app(ServeConfig(db=many_db, time_limit_ms=0, allowed_hosts=TEST_HOSTS)),
                    raise_server_exceptions=False) as slow:
        response = slow.get("/api/events", params={"format": "csv"})
    assert response.status_code == 503 and response.json()["error"]["code"] == "query_time_limit"


def test_a_storys_events_are_paged(many_client):
    first = many_client.get("/api/stories/s1").json()
    assert (first["total"], first["limit"], first["offset"], len(first["events"])) == (
        MANY, pages.EVENTS_SHOWN, 0, pages.EVENTS_SHOWN)
    assert sum(month["count"] for month in first["per_month"]) == MANY  # the chart counts them all
    last = many_client.get("/api/stories/s1", params={"offset": MANY - 5, "limit": 10}).json()
    assert len(last["events"]) == 5 and last["events"][-1]["date"] == max(e["date"] for e in last["events"])
    html = many_client.get("/stories/s1").text
    assert html.count('class="event"') == pages.EVENTS_SHOWN and f"of {MANY}" in html
    [after] = re.findall(r'rel="next" href="([^"]+)"', html)
    assert after == f"/stories/s1?offset={pages.EVENTS_SHOWN}&amp;limit={pages.EVENTS_SHOWN}"
    second = many_client.get(after.replace("&amp;", "&")).text
    assert 'rel="prev"' in second and first["events"][0]["headline"] not in second


def test_an_actors_events_are_paged_latest_first(many_client):
    actor = many_client.get("/api/actors/Q7747").json()
    assert actor["total"] == MANY and len(actor["events"]) == pages.EVENTS_SHOWN
    dates = [event["date"] for event in actor["events"]]
    assert dates == sorted(dates, reverse=True)
    page = many_client.get("/api/actors/Q7747", params={"offset": pages.EVENTS_SHOWN}).json()
    assert page["events"][0]["date"] < dates[-1]
    html = many_client.get("/actors/Q7747", params={"offset": 40}).text
    assert html.count('class="event"') == pages.EVENTS_SHOWN and 'rel="prev"' in html and 'rel="next"' in html
    assert many_client.get("/api/actors/Q7747", params={"limit": 501}).status_code == 400


def test_exports_keep_the_city_and_outlet_filters_of_the_map_and_facets(client):
    for params in ({"city": "Geneva"}, {"outlet": "journal-exemple.ch"}, {"city": "Geneva", "type": "CONSULT"}):
        page = client.get("/api/events", params={**params, "limit": 500}).json()
        assert 0 < page["total"] < client.get("/api/events").json()["total"], params
        rows = _csv_rows(client.get("/api/events", params={**params, "format": "csv"}))
        assert [row["id"] for row in rows] == [event["id"] for event in page["events"]], params
        gdelt = client.get("/api/events", params={**params, "format": "gdelt"})
        assert len(gdelt.text.splitlines()) == int(gdelt.headers["x-total-count"]) == page["total"], params
    assert {row["city"] for row in _csv_rows(client.get("/api/events", params={"city": "Geneva", "format": "csv"}))} == {
        "Geneva"}
    timeline = client.get("/timeline", params={"city": "Geneva", "outlet": "journal-exemple.ch"}).text
    links = re.findall(r'href="(/api/events\?[^"]*format=(?:csv|gdelt)[^"]*)"', timeline)
    assert len(links) == 2 and all("city=Geneva" in link and "outlet=journal-exemple.ch" in link
                                   and "limit" not in link for link in links)


def test_a_paged_storys_map_counts_all_its_events(many_client):
    page = many_client.get("/api/stories/s1", params={"limit": 5, "offset": 100}).json()
    assert len(page["events"]) == 5 and page["total"] == MANY
    assert [(p["city"], p["country"], p["count"]) for p in page["places"]] == [("Geneva", "Switzerland", MANY)]
    text = many_client.get("/stories/s1", params={"offset": 100}).text
    assert '<figure class="chart map">' in text and f"{MANY} events placed" in text and 'rel="prev"' in text
