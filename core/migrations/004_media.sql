-- Media: images copied into the store's media folder, named by the SHA-256 of their bytes.
CREATE TABLE media (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    format        TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- The images attached to a draft, in carousel order.
CREATE TABLE draft_media (
    draft_id  INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    media_id  INTEGER NOT NULL REFERENCES media (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL,
    PRIMARY KEY (draft_id, media_id)
) STRICT;
CREATE INDEX draft_media_by_media ON draft_media (media_id);
