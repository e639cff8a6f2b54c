-- veille store, schema version 5: browsing (veille serve) reads events by actor entity.

CREATE INDEX event_actors_entity ON event_actors(entity_id);   -- actor pages and actor filters
