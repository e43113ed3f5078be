-- The dashboard's overview on PostgreSQL: its figures summed by the database in one query.
--
-- 1. Each day as a number (days since 2000-01-01), stored: the overview's day offsets and
--    trend buckets are integer arithmetic instead of parsing a text day per row.
-- 2. A covering index by agency and day with every column the overview reads: a region's
--    agencies are read from the index alone (an index-only scan per agency), not from the
--    whole period's rows of every agency. It replaces day_facts_by_agency (same key).
-- 3. A rollup per agency and calendar month, kept by triggers as days are written, changed
--    or removed: the overview of whole months (the nation's "Bulan ini", a year) reads one
--    row per agency and month instead of every day.

-- The day's number. Days are stored as 'YYYY-MM-DD', which reads the same in every DateStyle.
CREATE FUNCTION medsos_day_number(day TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CAST(day AS DATE) - DATE '2000-01-01';

-- The median as the hub computes it: the middle value, or for an even count the mean of the
-- two middle values rounded toward zero (integer division). NULL for no values.
CREATE FUNCTION medsos_median(vals BIGINT[]) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT CASE WHEN n = 0 THEN NULL
                        WHEN n % 2 = 1 THEN s[n / 2 + 1]
                        ELSE (s[n / 2] + s[n / 2 + 1]) / 2 END
            FROM (SELECT array_agg(v ORDER BY v) AS s, CAST(count(v) AS INTEGER) AS n
                  FROM unnest(vals) v) sorted);

-- Arrays joined end to end, in the aggregate's order.
CREATE AGGREGATE medsos_array_cat(anycompatiblearray) (
    SFUNC = array_cat,
    STYPE = anycompatiblearray,
    INITCOND = '{}'
);

ALTER TABLE day_facts ADD COLUMN day_number INTEGER NOT NULL
    GENERATED ALWAYS AS (medsos_day_number(day)) STORED;

DROP INDEX day_facts_by_agency;
CREATE INDEX day_facts_by_agency ON day_facts (agency_id, day)
    INCLUDE (day_number, ig_published, fb_published, ig_missed, fb_missed, received,
             answered_in_time, resolved, overdue, median_first_response);

CREATE TABLE overview_months (
    agency_id             BIGINT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    -- 'YYYY-MM'
    month                 TEXT COLLATE "C" NOT NULL,
    ig_published          BIGINT NOT NULL,
    fb_published          BIGINT NOT NULL,
    ig_missed             BIGINT NOT NULL,
    fb_missed             BIGINT NOT NULL,
    received              BIGINT NOT NULL,
    answered_in_time      BIGINT NOT NULL,
    resolved              BIGINT NOT NULL,
    days_reported         BIGINT NOT NULL,
    -- Open past their deadline at the end of the month's last reported day.
    overdue               BIGINT NOT NULL,
    -- The days' median first response, where there is one, by day.
    medians               BIGINT[] NOT NULL,
    -- The reported days (medsos_day_number) and their posts (Instagram and Facebook), by day.
    day_numbers           INTEGER[] NOT NULL,
    posts                 BIGINT[] NOT NULL,
    PRIMARY KEY (month, agency_id)
);

-- Recomputes the months of the agencies whose days the statement touched (`changed`, the
-- statement's new or old rows).
CREATE FUNCTION medsos_refresh_overview_months() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM overview_months m
        USING (SELECT DISTINCT agency_id, substr(day, 1, 7) AS month FROM changed) t
        WHERE m.agency_id = t.agency_id AND m.month = t.month;
    INSERT INTO overview_months
        SELECT f.agency_id, t.month,
               SUM(f.ig_published), SUM(f.fb_published), SUM(f.ig_missed), SUM(f.fb_missed),
               SUM(f.received), SUM(f.answered_in_time), SUM(f.resolved), COUNT(*),
               (array_agg(f.overdue ORDER BY f.day DESC))[1],
               COALESCE(array_agg(f.median_first_response ORDER BY f.day)
                            FILTER (WHERE f.median_first_response IS NOT NULL), '{}'),
               array_agg(f.day_number ORDER BY f.day),
               array_agg(f.ig_published + f.fb_published ORDER BY f.day)
        FROM (SELECT DISTINCT agency_id, substr(day, 1, 7) AS month FROM changed) t
        JOIN day_facts f ON f.agency_id = t.agency_id
             AND f.day BETWEEN t.month || '-01' AND t.month || '-31'
        WHERE EXISTS (SELECT 1 FROM agencies a WHERE a.id = t.agency_id)
        GROUP BY f.agency_id, t.month;
    RETURN NULL;
END
$$;

CREATE TRIGGER overview_months_on_insert AFTER INSERT ON day_facts
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION medsos_refresh_overview_months();
CREATE TRIGGER overview_months_on_update AFTER UPDATE ON day_facts
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION medsos_refresh_overview_months();
CREATE TRIGGER overview_months_on_delete AFTER DELETE ON day_facts
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION medsos_refresh_overview_months();

-- The months of the days already stored.
INSERT INTO overview_months
    SELECT agency_id, substr(day, 1, 7),
           SUM(ig_published), SUM(fb_published), SUM(ig_missed), SUM(fb_missed),
           SUM(received), SUM(answered_in_time), SUM(resolved), COUNT(*),
           (array_agg(overdue ORDER BY day DESC))[1],
           COALESCE(array_agg(median_first_response ORDER BY day)
                        FILTER (WHERE median_first_response IS NOT NULL), '{}'),
           array_agg(day_number ORDER BY day),
           array_agg(ig_published + fb_published ORDER BY day)
    FROM day_facts
    GROUP BY agency_id, substr(day, 1, 7);
