-- Sinkron: the history Laporan & Sinkron shows, in the admin's words: what was sent with
-- which revisions and what the hub answered, each enrolment, and each failure.
CREATE TABLE sync_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,                                  -- UTC, RFC 3339
    kind   TEXT NOT NULL CHECK (kind IN ('kirim', 'daftar', 'gagal')),
    days   TEXT NOT NULL DEFAULT '',                       -- "2026-11-26 r2, 2026-11-27 r1"
    detail TEXT NOT NULL DEFAULT ''                        -- plain Indonesian
) STRICT;
CREATE INDEX sync_log_by_at ON sync_log (at DESC, id DESC);
