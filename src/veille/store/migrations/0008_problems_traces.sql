-- veille store, schema version 8: the articles whose analysis or storing failed, and what decided each event.

-- A failed article is not stored; a later run tries it again, and this row says how often it failed.
CREATE TABLE problems (
    article_id TEXT PRIMARY KEY,      -- the id the article would have (the hash of its text)
    source TEXT NOT NULL,             -- where it was read from ("archive.jsonl:line 12")
    reason TEXT NOT NULL,             -- one line: the stage and the error
    attempts INTEGER NOT NULL DEFAULT 1,
    first_failed TEXT NOT NULL,       -- ISO timestamps (UTC)
    last_failed TEXT NOT NULL
);

-- JSON: the main-event model's probabilities and weightiest features (docs/events.md), or null.
ALTER TABLE events ADD COLUMN trace TEXT;
