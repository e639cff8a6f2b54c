-- veille store, schema version 12: an event cluster reads as its reports do. When its record has no
-- day of its own (its reports state a month, a coarser date, a constraint or nothing) and the days
-- inferred for its reports (events.inferred_date) agree on one day, it carries that day, with the
-- reason the reports give (cluster.events.cluster_inferred_date); its own date, date_precision and
-- date_constraint stay what its reports state. Every view reads coalesce(inferred_date, date): the
-- date indexes (of migrations 4, 6 and 10) are made again on it (store/browse.py's CLUSTER_DATE and
-- DATE_ORDER, store/breakdown.py's month).
-- A database clustered before has none until `veille recluster` (or until its clusters change).

-- JSON {"rule": …, "from": …}, as events.inferred_reason; null when `inferred_date` is.
ALTER TABLE event_clusters ADD COLUMN inferred_date TEXT;
ALTER TABLE event_clusters ADD COLUMN inferred_reason TEXT;

DROP INDEX event_clusters_date;
DROP INDEX event_clusters_by_date;
DROP INDEX event_clusters_by_date_desc;
DROP INDEX event_clusters_by_sources;
CREATE INDEX event_clusters_date ON event_clusters(coalesce(inferred_date, date));
CREATE INDEX event_clusters_by_date ON event_clusters(coalesce(inferred_date, date) IS NULL, (CASE
    WHEN coalesce(inferred_date, date) GLOB '*[A-Z]*' THEN CASE
        WHEN coalesce(inferred_date, date) GLOB '*-W[0-9][0-9]*' THEN date(substr(coalesce(inferred_date, date), 1, 4) || '-01-04', 'weekday 0',
            (substr(coalesce(inferred_date, date), 7, 2) * 7 - 13 + 5 * (coalesce(inferred_date, date) GLOB '*-WE')) || ' days')
        WHEN coalesce(inferred_date, date) GLOB '*-[A-Z][A-Z]' THEN substr(coalesce(inferred_date, date), 1, 5) || CASE substr(coalesce(inferred_date, date), 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN coalesce(inferred_date, date) GLOB '*XX' THEN substr(coalesce(inferred_date, date), 1, 2) || '00'
        ELSE substr(coalesce(inferred_date, date), 1, 3) || '0' END
    ELSE coalesce(inferred_date, date) END), coalesce(inferred_date, date), first_seen, id) WHERE n_events > 0;
CREATE INDEX event_clusters_by_date_desc ON event_clusters(coalesce(inferred_date, date) IS NULL, (CASE
    WHEN coalesce(inferred_date, date) GLOB '*[A-Z]*' THEN CASE
        WHEN coalesce(inferred_date, date) GLOB '*-W[0-9][0-9]*' THEN date(substr(coalesce(inferred_date, date), 1, 4) || '-01-04', 'weekday 0',
            (substr(coalesce(inferred_date, date), 7, 2) * 7 - 13 + 5 * (coalesce(inferred_date, date) GLOB '*-WE')) || ' days')
        WHEN coalesce(inferred_date, date) GLOB '*-[A-Z][A-Z]' THEN substr(coalesce(inferred_date, date), 1, 5) || CASE substr(coalesce(inferred_date, date), 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN coalesce(inferred_date, date) GLOB '*XX' THEN substr(coalesce(inferred_date, date), 1, 2) || '00'
        ELSE substr(coalesce(inferred_date, date), 1, 3) || '0' END
    ELSE coalesce(inferred_date, date) END) DESC, coalesce(inferred_date, date) DESC, first_seen DESC, id DESC)
    WHERE n_events > 0;
CREATE INDEX event_clusters_by_sources ON event_clusters(n_sources DESC, coalesce(inferred_date, date) IS NULL, (CASE
    WHEN coalesce(inferred_date, date) GLOB '*[A-Z]*' THEN CASE
        WHEN coalesce(inferred_date, date) GLOB '*-W[0-9][0-9]*' THEN date(substr(coalesce(inferred_date, date), 1, 4) || '-01-04', 'weekday 0',
            (substr(coalesce(inferred_date, date), 7, 2) * 7 - 13 + 5 * (coalesce(inferred_date, date) GLOB '*-WE')) || ' days')
        WHEN coalesce(inferred_date, date) GLOB '*-[A-Z][A-Z]' THEN substr(coalesce(inferred_date, date), 1, 5) || CASE substr(coalesce(inferred_date, date), 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN coalesce(inferred_date, date) GLOB '*XX' THEN substr(coalesce(inferred_date, date), 1, 2) || '00'
        ELSE substr(coalesce(inferred_date, date), 1, 3) || '0' END
    ELSE coalesce(inferred_date, date) END) DESC, coalesce(inferred_date, date) DESC, id) WHERE n_events > 0;
DROP INDEX event_clusters_month;
DROP INDEX event_clusters_type_month;
CREATE INDEX event_clusters_month ON event_clusters(substr(coalesce(inferred_date, date), 1, 7)) WHERE n_events > 0;
CREATE INDEX event_clusters_type_month ON event_clusters(type, substr(coalesce(inferred_date, date), 1, 7))
    WHERE n_events > 0;
