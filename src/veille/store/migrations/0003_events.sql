-- veille store, schema version 3: event details (CAMEO root, date constraint, evidence sentence)
-- and direct quotations with their speakers.

ALTER TABLE events ADD COLUMN cameo TEXT;
ALTER TABLE events ADD COLUMN date_constraint TEXT;

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
