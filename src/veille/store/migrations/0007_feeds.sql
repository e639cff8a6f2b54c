-- veille store, schema version 7: what `veille watch` remembers across restarts.

CREATE TABLE feeds (
    url TEXT PRIMARY KEY,             -- http(s) URL or file path, as the user gave it
    name TEXT,
    etag TEXT,                        -- validators of the last 200 answer, sent back as conditions
    last_modified TEXT,
    last_polled TEXT,                 -- ISO timestamp (UTC)
    last_status TEXT,                 -- ok | not_modified | failed
    last_error TEXT
);

CREATE TABLE feed_items (
    feed_url TEXT NOT NULL REFERENCES feeds(url),
    item_key TEXT NOT NULL,           -- the entry's guid/id, else its link, else a hash of its title
    url TEXT,
    article_id TEXT,                  -- the stored article (new or a duplicate of one stored before)
    status TEXT NOT NULL,             -- stored | retry | failed | empty
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    first_seen TEXT NOT NULL,
    last_tried TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
