-- veille store, schema version 1.
-- Offsets (start, end) are character offsets into articles.clean_text.

CREATE TABLE articles (
    id TEXT PRIMARY KEY,              -- stable: hash of the normalised raw text
    external_id TEXT,                 -- the record's own id (JSONL "id"), if any
    source TEXT NOT NULL,             -- file path, "<stdin>" or URL it was ingested from
    url TEXT,
    outlet TEXT,
    title TEXT,
    published TEXT,                   -- YYYY-MM-DD, or YYYY-MM when only the month is known
    published_source TEXT,            -- metadata, metadata-line, html, url, text, inferred
    language TEXT,
    language_confidence REAL,
    status TEXT NOT NULL,             -- analysed | unsupported_language
    raw_text TEXT NOT NULL,
    clean_text TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    cluster_id TEXT,                  -- news cluster (same news), filled by clustering
    main_event_id TEXT                -- the event its headline and lead report
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_cluster ON articles(cluster_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, clean_text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
    VALUES ('delete', old.rowid, old.title, old.clean_text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, clean_text)
    VALUES ('delete', old.rowid, old.title, old.clean_text);
    INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.rowid, new.title, new.clean_text);
END;

CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence_idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    entity_id TEXT,
    entity_name TEXT,
    entity_type TEXT
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE event_clusters (
    id TEXT PRIMARY KEY,
    type TEXT,
    mode TEXT,
    date TEXT,
    date_precision TEXT,
    city TEXT,
    country TEXT,
    topics TEXT NOT NULL DEFAULT '[]',  -- JSON array
    n_articles INTEGER NOT NULL DEFAULT 0,
    n_outlets INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen TEXT,
    story_id TEXT REFERENCES stories(id)
);

CREATE TABLE news_clusters (
    id TEXT PRIMARY KEY,
    main_event_cluster_id TEXT REFERENCES event_clusters(id),
    n_articles INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,                -- PLOVER event type
    mode TEXT,
    date TEXT,
    date_precision TEXT,
    city TEXT,
    country TEXT,
    topics TEXT NOT NULL DEFAULT '[]', -- JSON array
    confidence REAL,
    is_main INTEGER NOT NULL DEFAULT 0,
    cluster_id TEXT REFERENCES event_clusters(id)
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_type_date ON events(type, date);
CREATE INDEX events_cluster ON events(cluster_id);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    entity_id TEXT,
    name TEXT NOT NULL,
    role TEXT NOT NULL,                -- source | target
    PRIMARY KEY (event_id, position)
) WITHOUT ROWID;
CREATE INDEX event_actors_name ON event_actors(name);

CREATE TABLE event_evidence (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (event_id, article_id, start)
) WITHOUT ROWID;
