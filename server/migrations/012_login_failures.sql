-- Failed dashboard logins, counted in the database so that every hub process counts the same
-- ones (see store/throttle.rs). Rows older than a quarter of an hour are deleted as met.
CREATE TABLE login_failures (
    key      TEXT PRIMARY KEY,
    failures INTEGER NOT NULL CHECK (failures >= 0),
    last_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_failures_last_at ON login_failures (last_at);
