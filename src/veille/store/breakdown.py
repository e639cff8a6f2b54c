"""What a filtered list of event clusters is made of: its facets (the most frequent types, countries,
actors and outlets, each with how many events it would keep as a further filter) and its places
(where the events happened, for the map). The timeline and /api/events show them beside the list.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from typing import Any

from ..kb.base import KnowledgeBase
from .browse import ClusterFilter

FACET_SIZE = 8  # values of each facet beside the timeline
BREAKDOWN_SAMPLE = 2_000  # the matching event clusters that facets and places count, at most (the latest)
PLACES_SHOWN = 300  # places on a map, the busiest first


class BreakdownQueries:
    conn: sqlite3.Connection

    def event_cluster_breakdown(self, filters: ClusterFilter, top: int = FACET_SIZE) -> dict[str, Any]:
        """``{"facets": {"events", "type", "country", "actor", "outlet"}, "places": [...]}`` for the
        event clusters that match ``filters``.

        A facet value counts the events it would keep as a further filter (a country: where it
        happened or an actor's country, as the country filter reads it). A filter takes one type,
        country and outlet: once it names one, its facet holds that one alone (another would replace
        it, and count what the two share); the actors it names are left out (a further one adds to
        them). A place is a city, or a country for the events with no city.

        Counting reads every report of every event counted (some 10 µs an event): where more than
        BREAKDOWN_SAMPLE match, the counts are those of the BREAKDOWN_SAMPLE of the latest months, and
        ``facets["events"]`` says how many were counted. One statement: the filters run once."""
        where, params = self._cluster_where(filters)
        country = filters.country[0] if filters.country else None
        rows = self._read(_BREAKDOWN.format(where=where), [
            *params, BREAKDOWN_SAMPLE, json.dumps(_country_codes()), PLACES_SHOWN, top, country, country, top,
            json.dumps(self._filtered_entities(filters)), top, filters.outlet, filters.outlet, top])
        facets: dict[str, Any] = {"events": 0, "type": [], "country": [], "actor": [], "outlet": []}
        places = []
        for row in rows:
            if row["facet"] == "events":
                facets["events"] = row["n"]
            elif row["facet"] == "place":
                places.append({"city": row["value"], "country": row["country"], "count": row["n"]})
            else:
                facets[row["facet"]].append({"value": row["value"], "name": row["value"], "count": row["n"]})
        return {"facets": self._named_facets(facets), "places": places}

    def _filtered_entities(self, filters: ClusterFilter) -> list[str]:
        """The actors a filter already names: every matching event has them, a facet would say nothing."""
        return [entity for actor in filters.actors for entity in self._entities_meant(actor)]

    def _named_facets(self, facets: dict[str, Any]) -> dict[str, Any]:
        """Each value with the name a link shows: an actor's stored name; a country's English name,
        which is also the value the country filter is given (it reads better in an address than a code)."""
        kb = KnowledgeBase.load()
        for item in facets["country"]:
            known = kb.country(item["value"])
            item["value"] = item["name"] = known.name if known else item["value"]
        ids = json.dumps([item["value"] for item in facets["actor"]])
        names = dict(self._read("SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))", [ids]))
        for item in facets["actor"]:
            item["name"] = names.get(item["value"]) or item["value"]
        return facets


# The sample is read in an index's order (by month, the latest first: each filter's month index
# serves it, where ordering by day would sort every match). Reports reach their outlet and actors,
# and actors their country, through scalar subqueries: a join there makes SQLite build a Bloom
# filter of the whole table first (event_actors, articles, entities), some 10 ms for a list of three.
_BREAKDOWN = """
    WITH latest AS MATERIALIZED (SELECT c.id, c.type, c.city, c.country FROM event_clusters c WHERE {where}
                                 ORDER BY substr(coalesce(c.inferred_date, c.date), 1, 7) DESC LIMIT ?),
         reports AS MATERIALIZED (SELECT e.cluster_id, (SELECT outlet FROM articles WHERE id = e.article_id) AS outlet,
                                         (SELECT json_group_array(entity_id) FROM event_actors
                                          WHERE event_id = e.id AND entity_id IS NOT NULL) AS actors
                                  FROM latest m JOIN events e ON e.cluster_id = m.id),
         taking_part AS MATERIALIZED (SELECT DISTINCT r.cluster_id, j.value AS entity_id
                                      FROM reports r, json_each(r.actors) j),
         countries AS MATERIALIZED (SELECT key AS name, value AS code FROM json_each(?))
    SELECT 'events' AS facet, NULL AS value, NULL AS country, count(*) AS n FROM latest
    UNION ALL
    SELECT * FROM (SELECT 'place', city, country, count(*) AS n FROM latest
                   WHERE city IS NOT NULL OR country IS NOT NULL GROUP BY city, country
                   ORDER BY n DESC, country, city LIMIT ?)
    UNION ALL
    SELECT * FROM (SELECT 'type', type, NULL, count(*) AS n FROM latest GROUP BY type ORDER BY n DESC, type LIMIT ?)
    UNION ALL
    SELECT * FROM (SELECT 'country', code, NULL, count(DISTINCT id) AS n FROM (
                       SELECT m.id, k.code FROM latest m JOIN countries k ON k.name = m.country COLLATE NOCASE
                       UNION SELECT t.cluster_id, upper((SELECT country FROM entities WHERE id = t.entity_id)) AS code
                       FROM taking_part t WHERE code IS NOT NULL)
                   WHERE ? IS NULL OR code = ? GROUP BY code ORDER BY n DESC, code LIMIT ?)
    UNION ALL
    SELECT * FROM (SELECT 'actor', entity_id, NULL, count(*) AS n FROM taking_part
                   WHERE entity_id NOT IN (SELECT value FROM json_each(?))
                   GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT ?)
    UNION ALL
    SELECT * FROM (SELECT 'outlet', outlet, NULL, count(DISTINCT cluster_id) AS n FROM reports
                   WHERE outlet IS NOT NULL AND (? IS NULL OR outlet = ?)
                   GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?)"""


@cache
def _country_codes() -> dict[str, str]:
    """English name → ISO code of every country the knowledge base knows: event clusters store where
    they happened by name, entities their country by code."""
    kb = KnowledgeBase.load()
    return {entity.name: entity.country for entity in kb.entities.values() if entity.type == "country" and entity.country}
