-- Content briefs from Diskominfo (GET /api/v1/briefs), replaced at each sync: what the
-- regency wants agencies to post about, and when.
CREATE TABLE briefs (
    id          INTEGER PRIMARY KEY,   -- the hub's id
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    programme   TEXT NOT NULL DEFAULT '',
    from_day    TEXT NOT NULL,         -- YYYY-MM-DD, WIB
    to_day      TEXT NOT NULL,
    received_at TEXT NOT NULL
) STRICT;
CREATE INDEX briefs_by_days ON briefs (to_day, from_day);
