-- veille store, schema version 4: incremental clustering. News clusters group the articles that
-- report the same news; event clusters deduplicate events across articles; stories chain event
-- clusters over time. Blocking tables let a new article or event find its candidates by index.

CREATE TABLE article_profiles (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    profile TEXT NOT NULL,            -- cluster/profile.py ArticleProfile, JSON
    minhash BLOB,                     -- MinHash signature of the text (near-duplicates)
    day INTEGER                       -- day number (proleptic ordinal) when the article is dated
) WITHOUT ROWID;

CREATE TABLE news_keys (              -- blocking: what a candidate article must share
    key TEXT NOT NULL,
    day INTEGER,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX news_keys_key ON news_keys(key, day);
CREATE INDEX news_keys_article ON news_keys(article_id);

CREATE TABLE minhash_bands (           -- near-duplicate detection: one row per LSH band
    band TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX minhash_bands_band ON minhash_bands(band);
CREATE INDEX minhash_bands_article ON minhash_bands(article_id);

ALTER TABLE articles ADD COLUMN copy_of TEXT;             -- the earlier article it is a near-duplicate of
ALTER TABLE articles ADD COLUMN published_range TEXT;     -- "2017-05-02/2017-05-09" when only bounds are known
ALTER TABLE articles ADD COLUMN published_reason TEXT;    -- why an inferred date or range holds
ALTER TABLE news_clusters ADD COLUMN first_seen TEXT;

ALTER TABLE events ADD COLUMN inferred_date TEXT;         -- the day its event cluster agrees on, when its own is unknown
ALTER TABLE events ADD COLUMN link TEXT;                  -- cluster/events.py EventItem, JSON (what event linking compares)

ALTER TABLE event_clusters ADD COLUMN actors TEXT NOT NULL DEFAULT '[]';   -- JSON [{id, name, role}]
ALTER TABLE event_clusters ADD COLUMN date_constraint TEXT;
ALTER TABLE event_clusters ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 0; -- articles, near-duplicates counted once
ALTER TABLE event_clusters ADD COLUMN n_events INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_clusters_story ON event_clusters(story_id);
CREATE INDEX event_clusters_date ON event_clusters(date);

CREATE TABLE event_keys (              -- blocking: type and one actor, with the event's day
    key TEXT NOT NULL,
    day INTEGER,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE
);
CREATE INDEX event_keys_key ON event_keys(key, day);
CREATE INDEX event_keys_event ON event_keys(event_id);

ALTER TABLE stories ADD COLUMN key TEXT;                  -- the actors and topic it follows
ALTER TABLE stories ADD COLUMN first_seen TEXT;
ALTER TABLE stories ADD COLUMN last_seen TEXT;
ALTER TABLE stories ADD COLUMN n_events INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stories_key ON stories(key, last_seen);
