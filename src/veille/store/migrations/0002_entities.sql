-- veille store, schema version 2: entities linked in articles, and knowledge-base entities
-- that users imported (veille kb import).

CREATE TABLE entities (
    id TEXT PRIMARY KEY,          -- Wikidata QID, "veille:…" (shipped KB), "geonames:…", "local:…"
    name TEXT NOT NULL,           -- canonical English name (local entities: their surface form)
    type TEXT NOT NULL,           -- person, country, city, place, organisation, government_body, armed_group, misc
    wikidata TEXT,
    country TEXT                  -- ISO 3166-1 alpha-2
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE kb_entities (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,         -- the entity in kb/data/FORMAT.md form (JSON)
    source TEXT NOT NULL,         -- the file it was imported from
    imported_at TEXT NOT NULL
);
