-- Arahan konten, answered: the files Diskominfo attached to each brief, which draft answers
-- which brief, and the posts that fulfilled a brief, kept until the hub has them.

-- Briefs stay while a draft answers them, so the editor can still name the brief after the
-- hub stops listing it; `listed` says whether the hub's latest list had it (only listed
-- briefs are shown as running).
ALTER TABLE briefs ADD COLUMN listed INTEGER NOT NULL DEFAULT 1 CHECK (listed IN (0, 1));

-- What the hub says is attached to each brief; the files themselves are fetched only when
-- the admin asks (GET /api/v1/briefs/{brief_id}/attachments/{id}).
CREATE TABLE brief_attachments (
    brief_id     INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,             -- the hub's id
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    PRIMARY KEY (brief_id, id)
) STRICT, WITHOUT ROWID;

-- The brief a draft answers. No foreign key: briefs are replaced at each sync, and the
-- link must survive a brief the hub stopped listing.
ALTER TABLE drafts ADD COLUMN brief_id INTEGER;
CREATE INDEX drafts_by_brief ON drafts (brief_id) WHERE brief_id IS NOT NULL;

-- Posts published in answer to a brief: written when a slot of a linked draft is marked
-- published (same transaction), sent to the hub at sync (POST /api/v1/brief-fulfilments),
-- then kept with `sent_at` as the record Beranda shows ("sudah dipenuhi"). A fulfilment the
-- hub refused for good keeps its reason in `rejected` and is not sent again.
CREATE TABLE brief_fulfilments (
    id         INTEGER PRIMARY KEY,
    brief_id   INTEGER NOT NULL,
    slot_id    INTEGER REFERENCES slots (id) ON DELETE SET NULL,
    platform   TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    url        TEXT NOT NULL,
    day        TEXT NOT NULL,                  -- YYYY-MM-DD, WIB: the slot's day
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    rejected   TEXT,
    UNIQUE (brief_id, url)
) STRICT;
CREATE INDEX brief_fulfilments_unsent ON brief_fulfilments (id) WHERE sent_at IS NULL AND rejected IS NULL;
CREATE INDEX brief_fulfilments_by_day ON brief_fulfilments (day);

-- A fulfilment changes its day's summary (briefs_fulfilled): mark the day in the outbox.
CREATE TRIGGER sync_brief_fulfilments_insert AFTER INSERT ON brief_fulfilments BEGIN
    INSERT INTO sync_mark (day) VALUES (NEW.day);
END;
CREATE TRIGGER sync_brief_fulfilments_delete AFTER DELETE ON brief_fulfilments BEGIN
    INSERT INTO sync_mark (day) VALUES (OLD.day);
END;
