-- Terhubung ke Meta: the connection (one system-user token, sealed with the key file kept
-- outside this database), the Pages and Instagram accounts it reaches, publications handed
-- over by PCs, their media, the posts and figures read back, and comments on their way to
-- the agency's PC. Instants are the fixed-width stored form (YYYY-MM-DDTHH:MM:SS.mmmZ).

CREATE TABLE meta_connection (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    token_sealed  TEXT NOT NULL,
    connected_at  TEXT NOT NULL,
    checked_at    TEXT NOT NULL,
    -- Set when Meta refused the token (190): the Indonesian reason, shown on the dashboard
    -- banner, in `meta status` and to the PCs; publications wait until it is cleared.
    broken_reason TEXT,
    broken_at     TEXT
) STRICT;

-- A Facebook Page or an Instagram account the connection reaches, and the agency it belongs
-- to (NULL until matched or assigned by an officer on /meta).
CREATE TABLE meta_accounts (
    platform          TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    meta_id           TEXT NOT NULL,
    -- The Page itself, or the Page an Instagram account is linked to (its token is used).
    page_id           TEXT NOT NULL,
    name              TEXT NOT NULL,
    -- Normalised handle (Instagram username, Page username) when Meta gave one.
    handle            TEXT,
    page_token_sealed TEXT NOT NULL,
    agency_id         INTEGER REFERENCES agencies(id),
    -- 'otomatis' when matched through an approved official account, else the officer.
    matched_by        TEXT,
    followers         INTEGER,
    seen_at           TEXT NOT NULL,
    -- No longer in /me/accounts at the last connect: kept for its history, not used.
    gone              INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),
    -- Throttled by Meta until this instant.
    blocked_until     TEXT,
    PRIMARY KEY (platform, meta_id)
) STRICT;
CREATE INDEX meta_accounts_by_agency ON meta_accounts (agency_id, platform);

-- Photos a PC uploaded for its publications, by content hash; served to Meta from signed,
-- expiring links under --public-url.
CREATE TABLE meta_media (
    sha256      TEXT PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    bytes       BLOB NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL
) STRICT;

CREATE TABLE meta_publications (
    id              TEXT PRIMARY KEY,
    agency_id       INTEGER NOT NULL REFERENCES agencies(id),
    platform        TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    account_meta_id TEXT NOT NULL,
    scheduled_at    TEXT NOT NULL,
    caption         TEXT NOT NULL,
    alt_text        TEXT NOT NULL DEFAULT '',
    -- JSON array of the media's sha256, in order.
    media           TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('menunggu', 'diterbitkan', 'gagal', 'ditarik')),
    -- JSON of the Meta ids made so far (containers, staged photos, the attempt's start), saved
    -- before each next step so a restart never posts twice.
    progress        TEXT NOT NULL DEFAULT '{}',
    meta_id         TEXT,
    permalink       TEXT,
    published_at    TEXT,
    failure         TEXT,
    -- Why it still waits (throttling, quota, a broken connection), for the PC to show.
    waiting_reason  TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX meta_publications_due ON meta_publications (state, scheduled_at);
CREATE INDEX meta_publications_by_agency ON meta_publications (agency_id, updated_at);

-- Posts of connected accounts as Meta reports them (published through the hub or on a
-- phone), with their latest figures.
CREATE TABLE meta_posts (
    platform       TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    meta_id        TEXT NOT NULL,
    agency_id      INTEGER NOT NULL REFERENCES agencies(id),
    account_meta_id TEXT NOT NULL,
    permalink      TEXT,
    published_at   TEXT NOT NULL,
    views          INTEGER,
    reach          INTEGER,
    likes          INTEGER,
    comments       INTEGER,
    shares         INTEGER,
    saved          INTEGER,
    fetched_at     TEXT NOT NULL,
    -- Where comments were last read up to (the newest comment time seen).
    comments_seen_until TEXT,
    PRIMARY KEY (platform, meta_id)
) STRICT;
CREATE INDEX meta_posts_by_agency ON meta_posts (agency_id, published_at);
CREATE INDEX meta_posts_by_permalink ON meta_posts (permalink);

-- Followers per account per day (the day's reading).
CREATE TABLE meta_followers (
    platform  TEXT NOT NULL,
    meta_id   TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    day       TEXT NOT NULL,
    followers INTEGER NOT NULL,
    PRIMARY KEY (platform, meta_id, day)
) STRICT;

-- Comments read from Meta for an agency's PC. The text and author are dropped once the PC
-- acknowledges them: citizens' words live on the agency PC; the hub keeps ids, times, counts.
CREATE TABLE meta_comments (
    comment_id   TEXT PRIMARY KEY,
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    agency_id    INTEGER NOT NULL REFERENCES agencies(id),
    post_meta_id TEXT NOT NULL,
    permalink    TEXT,
    author       TEXT,
    text         TEXT,
    commented_at TEXT NOT NULL,
    fetched_at   TEXT NOT NULL,
    acked_at     TEXT
) STRICT;
CREATE INDEX meta_comments_pending ON meta_comments (agency_id, acked_at);

-- Replies a PC asked the hub to post under a comment.
CREATE TABLE meta_comment_replies (
    id          TEXT PRIMARY KEY,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    comment_id  TEXT NOT NULL,
    message     TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('menunggu', 'terkirim', 'gagal')),
    meta_id     TEXT,
    failure     TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX meta_comment_replies_pending ON meta_comment_replies (state);

-- The public registry marks accounts the connection reaches: a change to which accounts are
-- reached, or to whose they are, is a change to what it shows.
CREATE TRIGGER registry_meta_account_added AFTER INSERT ON meta_accounts
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_meta_account_changed AFTER UPDATE OF agency_id, gone, handle ON meta_accounts
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;

CREATE TRIGGER registry_meta_account_deleted AFTER DELETE ON meta_accounts
BEGIN
    UPDATE registry_generation SET generation = generation + 1;
END;
