-- veille store, schema version 10: event clusters sort by the first day of their date, whatever its
-- precision. A day, a month or a year sorts as its text does (a month and a year before their own
-- days); a value with letters sorted as text after the days of its year, decade or century, and
-- seasons alphabetically (autumn before spring): it now sorts at its first day, as dates.value_span
-- gives it — a week or a weekend at its Monday or Saturday (week 1 holds 4 January), a season at its
-- first day (dates.SEASONS), a decade ("199X") as its first year, a century ("19XX") as its first.
-- The expression is store/browse.py's DATE_ORDER, with which the sorts read these indexes.

DROP INDEX event_clusters_by_date;
DROP INDEX event_clusters_by_date_desc;
DROP INDEX event_clusters_by_sources;
CREATE INDEX event_clusters_by_date ON event_clusters(date IS NULL, (CASE WHEN date GLOB '*[A-Z]*' THEN CASE
        WHEN date GLOB '*-W[0-9][0-9]*' THEN date(substr(date, 1, 4) || '-01-04', 'weekday 0',
                                                  (substr(date, 7, 2) * 7 - 13 + 5 * (date GLOB '*-WE')) || ' days')
        WHEN date GLOB '*-[A-Z][A-Z]' THEN substr(date, 1, 5) || CASE substr(date, 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN date GLOB '*XX' THEN substr(date, 1, 2) || '00'
        ELSE substr(date, 1, 3) || '0' END
    ELSE date END), date, first_seen, id) WHERE n_events > 0;
CREATE INDEX event_clusters_by_date_desc ON event_clusters(date IS NULL, (CASE WHEN date GLOB '*[A-Z]*' THEN CASE
        WHEN date GLOB '*-W[0-9][0-9]*' THEN date(substr(date, 1, 4) || '-01-04', 'weekday 0',
                                                  (substr(date, 7, 2) * 7 - 13 + 5 * (date GLOB '*-WE')) || ' days')
        WHEN date GLOB '*-[A-Z][A-Z]' THEN substr(date, 1, 5) || CASE substr(date, 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN date GLOB '*XX' THEN substr(date, 1, 2) || '00'
        ELSE substr(date, 1, 3) || '0' END
    ELSE date END) DESC, date DESC, first_seen DESC, id DESC) WHERE n_events > 0;
CREATE INDEX event_clusters_by_sources ON event_clusters(n_sources DESC, date IS NULL, (CASE WHEN date GLOB '*[A-Z]*' THEN CASE
        WHEN date GLOB '*-W[0-9][0-9]*' THEN date(substr(date, 1, 4) || '-01-04', 'weekday 0',
                                                  (substr(date, 7, 2) * 7 - 13 + 5 * (date GLOB '*-WE')) || ' days')
        WHEN date GLOB '*-[A-Z][A-Z]' THEN substr(date, 1, 5) || CASE substr(date, 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN date GLOB '*XX' THEN substr(date, 1, 2) || '00'
        ELSE substr(date, 1, 3) || '0' END
    ELSE date END) DESC, date DESC, id) WHERE n_events > 0;
