-- veille store, schema version 11: stories as chains of political events (docs/clustering.md, Stories).
--
-- An event cluster that holds some article's main event and names a known actor has a story key
-- (the parties it involves) and a day; the clusters of one key whose days chain within a year are
-- one thread, and a thread of at least two event clusters is a story (`story_id`). Stories of
-- earlier versions grouped every event, off-topic articles' included: they are dropped here, and
-- `veille recluster` builds the new ones.
ALTER TABLE event_clusters ADD COLUMN story_key TEXT;     -- its parties; null: it keys no story
ALTER TABLE event_clusters ADD COLUMN story_day TEXT;     -- the day that places it among its key's
ALTER TABLE event_clusters ADD COLUMN thread TEXT;        -- its chain of clusters (a story once long enough)
CREATE INDEX event_clusters_story_key ON event_clusters(story_key, story_day);
CREATE INDEX event_clusters_thread ON event_clusters(thread);
UPDATE event_clusters SET story_id = NULL;
DELETE FROM stories;
