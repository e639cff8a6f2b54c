-- veille store, schema version 3: event details (CAMEO root, date constraint, PLOVER contexts, attribution)
-- and direct quotations with their speakers.

ALTER TABLE events ADD COLUMN cameo TEXT;
ALTER TABLE events ADD COLUMN date_constraint TEXT;
ALTER TABLE events ADD COLUMN contexts TEXT NOT NULL DEFAULT '[]';  -- JSON array of PLOVER contexts
ALTER TABLE events ADD COLUMN attribution TEXT;                   -- "selon le Kremlin" → Moscow Kremlin

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    speaker_id TEXT,
    speaker TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
