-- Terhubung ke Meta, the PC's side: which slots were handed to the hub to publish and what
-- became of them, comments the hub read from Meta for this agency (kept here, not on the
-- hub), replies queued for the hub to post, and Meta's figures for the agency's posts.

CREATE TABLE slot_handover (
    slot_id        INTEGER PRIMARY KEY REFERENCES slots (id) ON DELETE CASCADE,
    -- The hub's publication id: this store's installation id and the slot's id.
    publication_id TEXT NOT NULL UNIQUE,
    -- What the hub last accepted (time, caption, photos); a change is sent again.
    fingerprint    TEXT,
    state          TEXT NOT NULL CHECK (state IN ('menunggu', 'diterbitkan', 'gagal', 'ditarik')),
    failure        TEXT,
    waiting_reason TEXT,
    permalink      TEXT,
    updated_at     TEXT NOT NULL
) STRICT;

CREATE TABLE incoming_comments (
    comment_id   TEXT PRIMARY KEY,
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    post_id      TEXT NOT NULL,
    permalink    TEXT,
    author       TEXT,
    text         TEXT NOT NULL,
    commented_at TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    state        TEXT NOT NULL DEFAULT 'baru' CHECK (state IN ('baru', 'aduan', 'diabaikan')),
    complaint_id INTEGER REFERENCES complaints (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX incoming_comments_by_state ON incoming_comments (state, commented_at);

CREATE TABLE comment_replies (
    id           TEXT PRIMARY KEY,
    comment_id   TEXT NOT NULL REFERENCES incoming_comments (comment_id),
    complaint_id INTEGER REFERENCES complaints (id) ON DELETE SET NULL,
    message      TEXT NOT NULL,
    -- antre: not yet at the hub; dikirim: the hub has it; terkirim: on Meta; gagal.
    state        TEXT NOT NULL DEFAULT 'antre' CHECK (state IN ('antre', 'dikirim', 'terkirim', 'gagal')),
    failure      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;

CREATE TABLE post_figures (
    permalink    TEXT PRIMARY KEY,
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    meta_id      TEXT NOT NULL,
    published_at TEXT NOT NULL,
    views        INTEGER,
    reach        INTEGER,
    likes        INTEGER,
    comments     INTEGER,
    shares       INTEGER,
    saved        INTEGER,
    fetched_at   TEXT NOT NULL
) STRICT;
