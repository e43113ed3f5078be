-- Draf: a narrative the admin writes before it is posted.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

CREATE INDEX drafts_by_updated ON drafts (updated_at DESC, id DESC);
