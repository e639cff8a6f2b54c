"""Facets, places and the links of the charts: what /api/events returns beside the events, and what
the timeline, story and actor pages link to."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.conftest import ATTRIBUTE, SCRIPT

FILTER_OF = {"type": "type", "country": "country", "actor": "actor", "outlet": "outlet"}


@pytest.mark.parametrize("narrowed", [{}, {"country": "Russie"}, {"actor": "Poutine"}, {"type": "CONSULT"}])
def test_each_facet_value_counts_the_events_its_filter_keeps(client, narrowed):
    page = client.get("/api/events", params=narrowed).json()
    facets = page["facets"]
    assert facets["events"] == page["total"]  # the whole list (fewer than the sample's size)
    assert facets["type"] and facets["country"] and facets["actor"] and facets["outlet"]
    for facet, items in ((name, facets[name]) for name in FILTER_OF):
        assert len(items) <= 8
        assert [item["count"] for item in items] == sorted((item["count"] for item in items), reverse=True)
        for item in items:
            params = {**narrowed, FILTER_OF[facet]: item["value"]}
            if facet == "actor" and "actor" in narrowed:
                params["actor"] = [narrowed["actor"], item["value"]]
            assert client.get("/api/events", params=params).json()["total"] == item["count"], (facet, item)


def test_facets_name_their_values_and_leave_out_the_actors_filtered_on(client):
    facets = client.get("/api/events", params={"actor": "Poutine"}).json()["facets"]
    assert "Q7747" not in {item["value"] for item in facets["actor"]}  # Putin is in every one of them
    names = {item["value"]: item["name"] for item in facets["actor"]}
    assert names.get("Q6279") == "Joe Biden"
    assert {item["value"] for item in facets["country"]} >= {"Russia"}  # the filter's name, not a code
    russia = client.get("/api/events", params={"country": "RU"}).json()
    assert russia["filters"]["country"] == "Russia"  # as understood, as topic=Syrie gives Syria
    # a filter takes one country: once set, its facet holds it alone (another would replace it)
    assert [item["value"] for item in russia["facets"]["country"]] == ["Russia"]


def test_places_have_points_and_add_up_to_the_located_events(client):
    page = client.get("/api/events", params={"limit": 500}).json()
    places = {(place["city"], place["country"]): place for place in page["places"]}
    geneva = places[("Geneva", "Switzerland")]
    assert abs(geneva["lon"] - 6.15) < 0.5 and abs(geneva["lat"] - 46.2) < 0.5
    located = [e for e in page["events"] if e["location"]]
    assert sum(place["count"] for place in page["places"]) == len(located)
    for place in page["places"]:
        params = {"city": place["city"]} if place["city"] else {"country": place["country"]}
        assert client.get("/api/events", params=params).json()["total"] >= place["count"]
    assert client.get("/api/events", params={"city": "Geneva"}).json()["total"] == geneva["count"]
    story = client.get("/api/stories").json()["stories"][0]["id"]
    assert "places" in client.get(f"/api/stories/{story}").json()


def test_the_timeline_shows_a_map_facets_and_month_bars_that_link_to_their_filters(client):
    text = client.get("/timeline").text
    assert '<figure class="chart map">' in text and 'class="facets"' in text
    dots = re.findall(r'<a class="place" href="([^"]+)"><title>([^<]+)</title>', text)
    assert dots and any("city=Geneva" in href for href, _ in dots)
    bars = re.findall(r'<a class="month" href="([^"]+)"><title>([^:]+): (\d+) events?</title>', text)
    assert bars
    for href, month, count in bars:
        href = html.unescape(href)
        assert f"since={month}" in href and f"until={month}" in href
        assert client.get("/api/events" + href[len("/timeline"):]).json()["total"] == int(count)
    facet_links = re.findall(r'<li><a href="(/timeline\?[^"]+)">', text)
    assert any("outlet=" in link for link in facet_links) and any("type=" in link for link in facet_links)
    filtered = client.get("/timeline", params={"type": "CONSULT", "outlet": "journal-exemple.ch"}).text
    assert 'class="active"' in filtered and "Outlet: journal-exemple.ch" in filtered
    assert '<input type="hidden" name="outlet" value="journal-exemple.ch">' in filtered


def test_the_story_and_actor_pages_link_their_bars_and_places(client):
    story = client.get("/api/stories").json()["stories"][0]["id"]
    text = html.unescape(client.get(f"/stories/{story}").text)
    assert f"story={story}&since=" in text and '<figure class="chart map">' in text
    actor = client.get("/actors/Q7747").text
    assert "/timeline?actor=Q7747&amp;since=" in actor
    assert '<a class="wikidata" href="https://www.wikidata.org/wiki/Q7747" rel="noopener noreferrer nofollow">Q7747</a>' in actor


def test_the_pages_say_they_are_english_and_the_french_text_is_marked(client, hostile_id):
    assert '<html lang="en">' in client.get("/timeline").text
    assert '<div class="text" lang="fr">' in client.get(f"/articles/{hostile_id}").text


def test_hostile_outlets_and_places_in_facets_and_filters_are_escaped(client):
    facets = client.get("/api/events", params={"q": "Scholz"}).json()["facets"]
    assert f"evil{ATTRIBUTE}" in {item["value"] for item in facets["outlet"]}
    for params in ({"q": "Scholz"}, {"outlet": f"evil{ATTRIBUTE}"}, {"city": SCRIPT}, {"outlet": SCRIPT}):
        text = client.get("/timeline", params=params).text
        assert SCRIPT not in text and 'onmouseover="alert(1)"' not in text, params
