-- veille store, schema version 6: a page of the timeline is read from an index in its sort order,
-- its monthly chart from a month index, and full-text hits reach their event clusters through
-- an index of events by article.

CREATE INDEX event_clusters_by_date ON event_clusters(date IS NULL, date, first_seen, id) WHERE n_events > 0;
CREATE INDEX event_clusters_by_date_desc ON event_clusters(date IS NULL, date DESC, first_seen DESC, id DESC)
    WHERE n_events > 0;
CREATE INDEX event_clusters_by_sources ON event_clusters(n_sources DESC, date IS NULL, date DESC, id)
    WHERE n_events > 0;
CREATE INDEX event_clusters_month ON event_clusters(substr(date, 1, 7)) WHERE n_events > 0;
CREATE INDEX event_clusters_type_month ON event_clusters(type, substr(date, 1, 7)) WHERE n_events > 0;
DROP INDEX events_article;
CREATE INDEX events_article ON events(article_id, cluster_id);
