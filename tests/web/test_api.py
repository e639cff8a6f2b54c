"""The JSON API through the in-process client: filters, paging, CSV, one error shape, safety headers."""

import csv
import io
import re

import pytest

from tests.web.conftest import TEST_HOSTS
from veille.web.app import safe_href


def test_events_are_event_clusters_filtered_and_paged(client):
    everything = client.get("/api/events").json()
    assert everything["total"] == len(everything["events"]) > 5
    geneva = client.get("/api/events", params={"actor": ["Biden", "Putin"], "type": "consult"}).json()
    [summit] = geneva["events"]
    assert summit["date"] == "2021-06-16" and summit["location"]["city"] == "Geneva" and summit["n_sources"] == 2
    page = client.get("/api/events", params={"limit": 2, "offset": 1, "sort": "-date"}).json()
    assert len(page["events"]) == 2 and page["total"] == everything["total"]
    dates = [e["date"] for e in client.get("/api/events", params={"sort": "-date"}).json()["events"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/events", params={"since": "2023-01-01"}).json()["total"] < everything["total"]
    assert client.get("/api/events", params={"country": "Suisse"}).json()["total"] >= 1
    assert client.get("/api/events", params={"q": "Genève"}).json()["total"] >= 1
    assert client.get("/api/events", params={"q": "zzzunknownword"}).json()["total"] == 0


def test_events_as_csv(client):
    response = client.get("/api/events", params={"actor": "Biden", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all("Joe Biden" in row["actors"] for row in rows)


def test_one_event_has_every_source_sentence_in_context(client):
    [summit] = client.get("/api/events", params={"actor": ["Biden", "Putin"], "type": "CONSULT"}).json()["events"]
    page = client.get(f"/api/events/{summit['id']}").json()
    assert page["event"]["id"] == summit["id"] and page["story"] is None is summit["story_id"]  # a lone event
    assert len(page["sources"]) == 2
    for source in page["sources"]:
        assert source["article"]["title"] and source["evidence"]
        assert all(ev["sentence"] and "before" in ev and "after" in ev for ev in source["evidence"])
    undated = [source for source in page["sources"] if not source["article"]["published"]]
    assert [source["dated_from"]["date"] for source in undated] == ["2021-06-16"]  # and why, in words:
    assert "Dated 2021-06-16 from the day" in client.get(f"/events/{summit['id']}").text


def test_articles_actors_stories_and_stats(client, hostile_id):
    articles = client.get("/api/articles", params={"q": "grève"}).json()
    assert articles["total"] == len(articles["articles"]) >= 1
    assert client.get("/api/articles", params={"q": "zzzunknownword"}).json()["total"] == 0
    article = client.get(f"/api/articles/{hostile_id}").json()
    assert article["id"] == hostile_id and "segments" in article and "raw_text" not in article
    assert "".join(piece["text"] for piece in article["segments"]) == article["clean_text"]
    actors = client.get("/api/actors", params={"q": "Poutine"}).json()["actors"]
    putin = client.get(f"/api/actors/{actors[0]['id']}").json()
    assert putin["name"] == "Vladimir Putin" and putin["offices"]
    assert {"Joe Biden", "Xi Jinping"} <= {c["name"] for c in putin["counterparts"]}
    assert sum(month["count"] for month in putin["per_month"]) <= putin["n_events"]
    stories = client.get("/api/stories").json()
    story = client.get(f"/api/stories/{stories['stories'][0]['id']}").json()
    assert story["events"] and all(e["story_id"] == story["story"]["id"] for e in story["events"])
    assert client.get("/api/stats").json()["event_clusters"] >= 1


@pytest.mark.parametrize("path, status, code", [
    ("/api/events/nope", 404, "not_found"),
    ("/api/articles/nope", 404, "not_found"),
    ("/api/actors/nope", 404, "not_found"),
    ("/api/stories/nope", 404, "not_found"),
    ("/api/nothing-here", 404, "not_found"),
    ("/api/events?since=yesterday", 400, "bad_request"),
    ("/api/events?limit=100000", 400, "bad_request"),
    ("/api/events?type=DANCE", 400, "bad_request"),
    ("/api/events?country=Atlantis", 400, "bad_request"),
    ("/api/events?sort=random", 400, "bad_request"),
    ("/api/events?story=nope", 404, "not_found"),
    ("/api/events?since=2018-13", 400, "bad_request"),
    ("/api/events?until=2018-02-30", 400, "bad_request"),
    ("/api/events?mode=dancing", 400, "bad_request"),
    ("/api/events?topic=Atlantide", 400, "bad_request"),
    ("/api/events?format=xml", 400, "bad_request"),
    ("/api/articles?since=avril", 400, "bad_request"),
    ("/api/events?actor=" + "a" * 60_000, 400, "bad_request"),  # was a 500: a LIKE pattern SQLite refused
    ("/api/events?format=csv&actor=Poutine&actor=" + "a" * 60_000, 400, "bad_request"),
])
def test_every_error_has_one_shape(client, path, status, code):
    response = client.get(path)
    assert response.status_code == status
    assert response.json() == {"error": {"status": status, "code": code, "message": response.json()["error"]["message"]}}
    assert response.json()["error"]["message"]


def test_filters_resolve_french_names_and_aliases_through_the_knowledge_base(client):
    putin = client.get("/api/events", params={"actor": "Putin"}).json()
    assert putin["total"] >= 3
    for name in ("Poutine", "vladimir poutine", "Q7747"):  # the timeline form's placeholder says "Poutine"
        assert client.get("/api/events", params={"actor": name}).json()["events"] == putin["events"], name
    assert client.get("/api/events", params={"actor": ["Poutine", "Biden"], "type": "CONSULT"}).json()["total"] == 1
    assert "Vladimir Putin" in client.get("/timeline", params={"actor": "Poutine"}).text
    assert [a["name"] for a in client.get("/api/actors", params={"q": "Poutine"}).json()["actors"]] == ["Vladimir Putin"]
    russia = client.get("/api/events", params={"country": "RU"}).json()
    assert russia["total"] >= 1
    for name in ("Russie", "russia", "ru"):
        assert client.get("/api/events", params={"country": name}).json()["events"] == russia["events"], name
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 0


def test_writes_are_refused_and_html_errors_are_pages(client):
    assert client.post("/api/events").json()["error"]["code"] == "method_not_allowed"
    page = client.get("/events/nope")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "no event cluster" in page.text


def test_a_slow_query_is_stopped_at_the_time_limit(web_db):
    from fastapi.testclient import TestClient

    from veille.web import ServeConfig, create_app

    with TestClient(create_app(ServeConfig(db=web_db, time_limit_ms=0, allowed_hosts=TEST_HOSTS)), raise_server_exceptions=False) as slow:
        response = slow.get("/api/events", params={"q": "Poutine"})
    assert response.status_code == 503 and response.json()["error"]["code"] == "query_time_limit"


def test_security_headers_and_local_docs(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert "/api/events" in client.get("/openapi.json").json()["paths"]


def test_only_web_addresses_become_links():
    assert safe_href("https://example.org/a") == "https://example.org/a"
    assert safe_href("javascript:alert(1)") is None and safe_href("JaVaScRiPt:alert(1)") is None
    assert safe_href("data:text/html,x") is None and safe_href(None) is None
    assert safe_href("http://[::1") is None  # urllib cannot split it: a page raised (HTTP 500)


def test_a_name_too_long_for_a_search_is_a_bad_request_on_pages_too(client):
    assert client.get("/timeline", params={"actor": "a" * 60_000}).status_code == 400


def test_a_source_urllib_cannot_split_is_shown_not_a_failure():
    from veille.web.pages import public_source

    assert public_source("http://[::1") == "[::1"  # a feed item's guid; was a ValueError on its article's page
    assert public_source("https://ex.org/a") == "https://ex.org/a" and public_source("/home/ana/a.jsonl") == "a.jsonl"


@pytest.mark.parametrize("sort", ["date", "-date", "sources"])
def test_a_searched_page_agrees_with_the_whole_list(web_db, sort):
    from veille.store import Store
    from veille.store.browse import ClusterFilter

    with Store.open(web_db, read_only=True) as store:
        everything = store.event_clusters(ClusterFilter(text="président", sort=sort))
        page = store.event_cluster_page(ClusterFilter(text="président", sort=sort, limit=2, offset=1))
        months = store.event_clusters_per_month(ClusterFilter(text="président"))
    assert len(everything) > 3 and page["total"] == len(everything)
    assert [e["id"] for e in page["events"]] == [e["id"] for e in everything[1:3]]
    assert page["events"][0]["headline"] == everything[1]["headline"]
    assert page["per_month"] == months and sum(m["count"] for m in months) == sum(1 for e in everything if e["date"])


def test_connections_are_kept_and_follow_a_replaced_file(web_db, tmp_path):
    import os
    import shutil

    from fastapi.testclient import TestClient

    from veille.store import Store
    from veille.web import ServeConfig, create_app

    served, other = tmp_path / "served.db", tmp_path / "other.db"
    shutil.copy(web_db, served)
    Store.open(other).close()  # an empty store
    app = create_app(ServeConfig(db=str(served), allowed_hosts=TEST_HOSTS))
    with TestClient(app, raise_server_exceptions=False) as http:
        assert http.get("/api/stats").json()["articles"] > 5
        kept = app.state.stores.idle.qsize()
        assert kept >= 1 and http.get("/api/stats").status_code == 200 and app.state.stores.idle.qsize() == kept
        os.replace(other, served)
        assert http.get("/api/stats").json()["articles"] == 0
        served.unlink()
        gone = http.get("/api/stats")
    assert gone.status_code == 500 and "gone" in gone.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/events?q=%00", "/api/articles?q=a%00b", "/timeline?q=%01", "/articles?q=%7F",
                                  "/api/events?actor=%0Aforged"])
def test_control_characters_in_query_parameters_are_a_bad_request_that_names_no_file(client, web_db, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "control characters are not allowed" in response.text and web_db not in response.text


def test_an_event_page_says_what_decided_each_sources_main_event(client):
    events = client.get("/api/events").json()["events"]
    pages = [client.get(f"/events/{event['id']}").text for event in events]
    boxes = [page for page in pages if '<details class="trace">' in page]
    assert boxes and "decided_by" in boxes[0] and "ranker_features" in boxes[0]
    assert all("<script>alert" not in page for page in pages)


def test_only_the_configured_host_names_are_served(web_db):
    from fastapi.testclient import TestClient

    from veille.web import ServeConfig, create_app

    with TestClient(create_app(ServeConfig(db=web_db)), base_url="http://localhost:8000") as local:
        assert local.get("/api/stats").status_code == 200
        assert local.get("http://127.0.0.1:8000/api/stats").status_code == 200
        rebound = local.get("/api/stats", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400 and rebound.json()["error"]["message"].startswith(
            "host 'attacker.example' is not served here")
        for host in ("LOCALHOST:8000", "[::1]:8000", "127.0.0.1"):
            assert local.get("/api/stats", headers={"Host": host}).status_code == 200
        for host in ("attacker.example:80@localhost", "localhost.attacker.example", "localhost/x", "[::1"):
            assert local.get("/api/stats", headers={"Host": host}).status_code == 400, host  # not a host name


def test_head_answers_every_get_route_without_a_body(client):
    for path in ("/", "/timeline", "/api/events", "/api/stats", "/api/events?format=csv"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200 and head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/api/events/nope").status_code == 404
    assert client.post("/api/events").status_code == 405


def test_like_wildcards_in_names_are_letters(client):
    everything = client.get("/api/events").json()["total"]
    assert everything > 0
    for name in ("%", "_", "%_%"):
        assert client.get("/api/events", params={"actor": name}).json()["total"] == 0
        assert client.get("/api/actors", params={"q": name}).json()["actors"] == []
    assert client.get("/api/events", params={"actor": "Biden"}).json()["total"] >= 1


def test_every_article_and_event_has_a_readable_title(client):
    articles = client.get("/api/articles", params={"limit": 500}).json()["articles"]
    assert all(a["title"] and a["title"] != a["id"] and a["title_source"] for a in articles)
    events = client.get("/api/events", params={"limit": 500}).json()["events"]
    [summit] = [e for e in events if e["type"] == "CONSULT" and e["date"] == "2021-06-16"]
    assert summit["headline"] == f"{summit['participants']}: CONSULT (Geneva, 2021-06-16)"
    assert all(e["headline"].startswith(e["participants"]) or e["participants"] == "?" for e in events)
    ids = {a["id"] for a in articles} | {e["id"] for e in events}
    for path in ("/", "/timeline", "/articles", f"/events/{summit['id']}"):
        link_texts = re.findall(r"<a [^>]*>([^<]*)</a>", client.get(path).text)
        assert not ids & set(link_texts), path  # never an id as link text


def test_months_and_years_are_dates_in_filters(client):
    june = client.get("/api/events", params={"since": "2021-06", "until": "2021-06"}).json()
    assert june["filters"] == {"since": "2021-06-01", "until": "2021-06-30", "sort": "date"}
    assert june["total"] >= 1 and all(e["date"].startswith("2021-06") for e in june["events"])
    year = client.get("/api/events", params={"since": "2021", "until": "2021"}).json()
    assert year["total"] >= june["total"] and all(e["date"][:4] == "2021" for e in year["events"])
    assert client.get("/api/articles", params={"since": "2021", "until": "2021-12"}).status_code == 200
    page = client.get("/timeline", params={"mode": "dancing"})
    assert page.status_code == 400 and "unknown mode" in page.text


def test_enum_parameters_are_checked_and_topics_take_their_french_words(client):
    message = client.get("/api/events", params={"sort": "random"}).json()["error"]["message"]
    assert "date" in message and "sources" in message
    assert "phone" in client.get("/api/events", params={"mode": "dancing"}).json()["error"]["message"]
    topics = client.get("/api/topics").json()["topics"]
    assert "Syria" in topics and "terrorism" in topics
    assert client.get("/api/events", params={"mode": "PHONE"}).status_code == 200
    tagged = client.get("/api/events", params={"topic": "Ukraine"}).json()
    assert tagged["total"] == client.get("/api/events", params={"topic": "ukrainien"}).json()["total"]
    assert client.get("/api/events", params={"topic": "ukrainien"}).json()["filters"]["topic"] == "Ukraine"
    schema = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]["parameters"]
    assert {p["name"]: p["schema"] for p in schema}["sort"].get("enum") == ["date", "-date", "sources"]


def test_public_json_names_no_server_folder(client, hostile_id):
    articles = client.get("/api/articles", params={"limit": 500}).json()["articles"]
    assert articles and all("/" not in a["source"] for a in articles if not a["source"].startswith("http"))
    assert client.get(f"/api/articles/{hostile_id}").json()["source"] == "hostile.jsonl"
    assert any(a["source"].endswith(".txt") for a in articles)


def test_an_event_id_leads_to_its_event_cluster(client, web_db):
    from veille.store import Store

    with Store.open(web_db, read_only=True) as store:
        event_id, cluster_id = store.conn.execute(
            "SELECT id, cluster_id FROM events WHERE cluster_id IS NOT NULL AND cluster_id != id LIMIT 1").fetchone()
    response = client.get(f"/api/events/{event_id}", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == f"/api/events/{cluster_id}"
    assert client.get(f"/api/events/{event_id}").json()["event"]["id"] == cluster_id
    page = client.get(f"/events/{event_id}", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/events/{cluster_id}"
    assert client.get(f"/api/events/{cluster_id}", follow_redirects=False).status_code == 200


def _problems(value, schema: dict, components: dict, where: str = "$") -> list[str]:
    """How ``value`` departs from an OpenAPI schema: a field missing or not documented, a wrong type."""
    if "$ref" in schema:
        return _problems(value, components[schema["$ref"].rsplit("/", 1)[1]], components, where)
    if "anyOf" in schema:
        found = [_problems(value, option, components, where) for option in schema["anyOf"]]
        return [] if [] in found else min(found, key=len)
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float), "boolean": bool,
             "null": type(None)}
    kind = schema.get("type")
    if kind is None:
        return []
    if not isinstance(value, kinds[kind]) or (isinstance(value, bool) and kind != "boolean"):
        return [f"{where}: {type(value).__name__}, not {kind}"]
    if kind == "array":
        return [p for i, item in enumerate(value) for p in _problems(item, schema.get("items", {}), components, f"{where}[{i}]")]
    if kind == "object" and "properties" in schema:
        properties = schema["properties"]
        return ([f"{where}.{key}: not documented" for key in value if key not in properties]
                + [f"{where}.{key}: missing" for key in schema.get("required", []) if key not in value]
                + [p for key, item in value.items() if key in properties
                   for p in _problems(item, properties[key], components, f"{where}.{key}")])
    return []


def test_openapi_documents_the_real_error_and_the_real_bodies(client, hostile_id):
    spec = client.get("/openapi.json").json()
    components = spec["components"]["schemas"]
    error = {"$ref": "#/components/schemas/Error"}
    responses = spec["paths"]["/api/events"]["get"]["responses"]
    assert responses["400"]["content"]["application/json"]["schema"] == error
    assert responses["404"]["content"]["application/json"]["schema"] == error
    assert "422" not in responses and "HTTPValidationError" not in components  # FastAPI's error, never sent
    for path, operations in spec["paths"].items():
        assert operations["get"]["responses"]["400"]["content"]["application/json"]["schema"] == error, path
    assert _problems(client.get("/api/events", params={"type": "DANCE"}).json(), error, components) == []
    assert _problems(client.get("/api/events/nope").json(), error, components) == []
    assert {"id", "type", "actors", "participants", "date", "location", "headline", "n_sources"} <= set(
        components["EventCluster"]["properties"])
    assert responses["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/EventsPage"}
    events = client.get("/api/events", params={"limit": 500}).json()["events"]
    story = client.get("/api/stories").json()["stories"][0]["id"]
    actor = client.get("/api/actors", params={"q": "Poutine"}).json()["actors"][0]["id"]
    answers = {  # every real answer has the documented shape, and documents every field it has
        "/api/events": "/api/events?limit=500", "/api/events/{event_id}": f"/api/events/{events[0]['id']}",
        "/api/articles": "/api/articles?limit=500", "/api/articles/{article_id}": f"/api/articles/{hostile_id}",
        "/api/stories": "/api/stories", "/api/stories/{story_id}": f"/api/stories/{story}", "/api/topics": "/api/topics",
        "/api/actors": "/api/actors?limit=500", "/api/actors/{actor_id}": f"/api/actors/{actor}",
        "/api/stats": "/api/stats"}
    assert set(answers) == {path for path in spec["paths"] if path.startswith("/api/")}  # every route has its schema
    for template, path in answers.items():
        schema = spec["paths"][template]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert _problems(client.get(path).json(), schema, components) == [], path
    for event in events[:5]:
        assert _problems(client.get(f"/api/events/{event['id']}").json(), components["EventPage"], components) == []


def test_the_home_page_counts_in_words_that_agree_with_their_number(many_client):
    counts = many_client.get("/api/stats").json()
    page = many_client.get("/").text
    assert counts["stories"] == 1 and f"{counts['event_clusters']} events from " in page
    assert ", 1 story.</p>" in page and "1 stories" not in page
