-- Dasbor kinerja: Diskominfo's officers and their sessions, the summaries' figures in narrow
-- columns the dashboard can add up quickly, the dashboard's settings, and briefs addressed to
-- chosen agencies with attachments and the posts that fulfilled them.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    -- argon2id in PHC string form; the password itself is never stored.
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT
) STRICT;

-- Only the sha256 of the session token is kept; the cookie holds the token.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id);

-- One row per summary, kept in step with `summaries` by ingest: the figures the overview sums.
CREATE TABLE day_facts (
    agency_id             INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    day                   TEXT NOT NULL,
    ig_published          INTEGER NOT NULL,
    ig_scheduled          INTEGER NOT NULL,
    ig_missed             INTEGER NOT NULL,
    fb_published          INTEGER NOT NULL,
    fb_scheduled          INTEGER NOT NULL,
    fb_missed             INTEGER NOT NULL,
    drafts_created        INTEGER NOT NULL,
    briefs_fulfilled      INTEGER NOT NULL,
    received              INTEGER NOT NULL,
    answered_in_time      INTEGER NOT NULL,
    resolved              INTEGER NOT NULL,
    overdue               INTEGER NOT NULL,
    open_backlog          INTEGER NOT NULL,
    median_first_response INTEGER,
    median_resolution     INTEGER,
    -- Keyed by day first: the overview reads a range of days for every agency at once, and
    -- this keeps those rows together; the agency page uses the index below.
    PRIMARY KEY (day, agency_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX day_facts_by_agency ON day_facts (agency_id, day);

-- Complaints received by category, kecamatan, type and channel, one row per name and day.
CREATE TABLE day_counts (
    dimension TEXT NOT NULL CHECK (dimension IN ('type', 'category', 'kecamatan', 'channel')),
    day       TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    count     INTEGER NOT NULL,
    PRIMARY KEY (dimension, day, agency_id, name)
) STRICT, WITHOUT ROWID;

CREATE INDEX day_counts_by_agency ON day_counts (agency_id, day);

INSERT INTO day_facts
SELECT agency_id, day,
       json_extract(summary, '$.posts.instagram.published'),
       json_extract(summary, '$.posts.instagram.scheduled'),
       json_extract(summary, '$.posts.instagram.missed'),
       json_extract(summary, '$.posts.facebook.published'),
       json_extract(summary, '$.posts.facebook.scheduled'),
       json_extract(summary, '$.posts.facebook.missed'),
       json_extract(summary, '$.drafts_created'),
       json_extract(summary, '$.briefs_fulfilled'),
       COALESCE((SELECT SUM(value) FROM json_each(summary, '$.complaints.received_by_type')), 0),
       json_extract(summary, '$.complaints.answered_within_deadline'),
       json_extract(summary, '$.complaints.resolved'),
       json_extract(summary, '$.complaints.overdue'),
       json_extract(summary, '$.complaints.open_backlog'),
       json_extract(summary, '$.complaints.median_first_response_minutes'),
       json_extract(summary, '$.complaints.median_resolution_minutes')
FROM summaries;

INSERT INTO day_counts (dimension, day, agency_id, name, count)
SELECT d.dimension, s.day, s.agency_id, j.key, j.value
FROM summaries s
JOIN (SELECT 'type' AS dimension, '$.complaints.received_by_type' AS path
      UNION ALL SELECT 'category', '$.complaints.received_by_category'
      UNION ALL SELECT 'kecamatan', '$.complaints.received_by_kecamatan'
      UNION ALL SELECT 'channel', '$.complaints.received_by_channel') d
JOIN json_each(s.summary, d.path) j
WHERE j.value > 0;

-- When an agency's PC last reached the hub with summaries (any outcome), for "diam sejak".
ALTER TABLE agencies ADD COLUMN last_sync_at TEXT;
UPDATE agencies SET last_sync_at = (SELECT MAX(received_at) FROM summaries s WHERE s.agency_id = agencies.id);

-- When an agency was revoked: its history stays on the dashboard, marked. An agency revoked
-- before this column existed has PCs, all revoked, and no code issued after that (a rotation
-- revokes too, but leaves a fresh code).
ALTER TABLE agencies ADD COLUMN revoked_at TEXT;
UPDATE agencies SET revoked_at = (SELECT MAX(revoked_at) FROM devices d WHERE d.agency_id = agencies.id)
WHERE EXISTS (SELECT 1 FROM devices d WHERE d.agency_id = agencies.id)
  AND NOT EXISTS (SELECT 1 FROM devices d WHERE d.agency_id = agencies.id AND d.revoked_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM enrolment_codes c
                  WHERE c.agency_id = agencies.id AND c.used_at IS NULL AND c.expires_at > (SELECT MAX(revoked_at) FROM devices d
                                         WHERE d.agency_id = agencies.id));

-- Dashboard settings (score weights, weekly targets) as key -> value text.
CREATE TABLE dashboard_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A brief without rows here is for every agency; with rows, only for those agencies.
CREATE TABLE brief_targets (
    brief_id  INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    agency_id INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    PRIMARY KEY (brief_id, agency_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE brief_attachments (
    id           INTEGER PRIMARY KEY,
    brief_id     INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BLOB NOT NULL
) STRICT;

CREATE INDEX brief_attachments_by_brief ON brief_attachments (brief_id);

-- An agency's post that answers a brief, reported by its PC at sync.
CREATE TABLE brief_fulfilments (
    brief_id    INTEGER NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
    agency_id   INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform    TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    url         TEXT NOT NULL,
    day         TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    PRIMARY KEY (brief_id, agency_id, url)
) STRICT, WITHOUT ROWID;
