-- What each officer may do: 'admin' changes the hub (agencies, PCs, officers) from the
-- dashboard, 'pemantau' (viewer) only reads it. Officers from before roles keep every power
-- they had, so nobody is locked out.
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'
    CHECK (role IN ('admin', 'pemantau'));

-- What admin officers did on the dashboard, newest read first. Kept as a record: nothing
-- updates or deletes a row.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    officer TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_newest ON audit_log (at DESC, id DESC);
