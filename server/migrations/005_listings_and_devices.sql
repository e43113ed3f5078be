-- Trust: what a PC sends is a claim; only Diskominfo lists an account as official, and only
-- Diskominfo confirms its verified badge. Several PCs per agency: each PC's summaries are
-- kept apart (agency, device, day) and added up into the dashboard's figures.

-- Diskominfo's decision on one agency's claim to one account. 'approved' lists it in the
-- registry; 'rejected' and 'removed' (listed once, taken down later) carry the reason. The
-- account's address and name are copied at approval, so a listing does not change or vanish
-- when a PC edits or drops its list. `verified` is Diskominfo's confirmation of the
-- platform's badge, not the PC's own flag.
CREATE TABLE account_listings (
    id           INTEGER PRIMARY KEY,
    agency_id    INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('approved', 'rejected', 'removed')),
    url          TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    verified     INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    reason       TEXT,
    -- Who decided: an officer's name, or the command line.
    decided_by   TEXT NOT NULL,
    decided_at   TEXT NOT NULL,
    -- Listed before Diskominfo decided listings (migrated): still to be looked at.
    needs_review INTEGER NOT NULL DEFAULT 0 CHECK (needs_review IN (0, 1)),
    UNIQUE (agency_id, platform, handle),
    CHECK ((state = 'approved') = (reason IS NULL))
) STRICT;

-- One official owner per account.
CREATE UNIQUE INDEX account_listings_official ON account_listings (platform, handle)
    WHERE state = 'approved';

-- Every decision, kept: who, when, what and why.
CREATE TABLE account_listing_events (
    id        INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform  TEXT NOT NULL,
    handle    TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'remove', 'verify', 'unverify', 'migrate')),
    verified  INTEGER NOT NULL DEFAULT 0,
    reason    TEXT,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;

CREATE INDEX account_listing_events_by_account ON account_listing_events (platform, handle, at);

-- What was official under the earlier rule stays listed, marked for review; an agency active
-- goes first where two held one handle (one of them revoked). What Diskominfo had refused
-- in a dispute stays refused.
INSERT OR IGNORE INTO account_listings
    (agency_id, platform, handle, state, url, display_name, verified, reason, decided_by, decided_at, needs_review)
SELECT x.agency_id, x.platform, x.handle, 'approved', x.url, x.display_name, x.verified, NULL,
       'migrasi', x.updated_at, 1
FROM account_claims x JOIN agencies a ON a.id = x.agency_id
WHERE x.status = 'resmi'
ORDER BY a.revoked_at IS NOT NULL, x.created_at, x.id;

INSERT OR IGNORE INTO account_listings
    (agency_id, platform, handle, state, url, display_name, verified, reason, decided_by, decided_at, needs_review)
SELECT x.agency_id, x.platform, x.handle, 'rejected', x.url, x.display_name, 0,
       'Diskominfo menetapkan akun ini milik PD lain.', 'migrasi', d.decided_at, 0
FROM account_claims x JOIN account_decisions d ON d.platform = x.platform AND d.handle = x.handle
WHERE x.status = 'ditolak';

INSERT INTO account_listing_events (agency_id, platform, handle, action, verified, reason, actor, at)
SELECT agency_id, platform, handle, 'migrate', verified, reason, decided_by, decided_at
FROM account_listings;

DROP VIEW account_claims;
DROP TABLE account_decisions;

-- Every claim an agency makes to an account, with Diskominfo's decision on it. A claim is
-- the rows of one agency for one platform and handle (its PCs' lists and Diskominfo's own
-- record), shown with the fields of Diskominfo's record if there is one, else of the row
-- updated last. `stated_verified` is what the agency's PCs say of the badge (NULL when only
-- Diskominfo recorded it). `live`: Diskominfo recorded it, or a PC not revoked sent it; a
-- claim only revoked PCs made leaves the review queue.
--   status 'menunggu' (no decision), 'resmi', 'ditolak' or 'dihapus' (listing taken down).
CREATE VIEW account_claims AS
WITH claim_rows AS (
    SELECT r.*,
           ROW_NUMBER() OVER (PARTITION BY r.agency_id, r.platform, r.handle
                              ORDER BY r.source = 'diskominfo' DESC, r.updated_at DESC, r.id DESC) AS pick,
           MIN(r.created_at) OVER (PARTITION BY r.agency_id, r.platform, r.handle) AS claimed_at,
           MAX(CASE WHEN r.source = 'pd' THEN r.verified END)
               OVER (PARTITION BY r.agency_id, r.platform, r.handle) AS pd_verified,
           MAX(r.source = 'diskominfo' OR dv.revoked_at IS NULL)
               OVER (PARTITION BY r.agency_id, r.platform, r.handle) AS any_live
    FROM agency_accounts r LEFT JOIN devices dv ON dv.id = r.device_id
)
SELECT c.id, c.agency_id, c.platform, c.handle, c.url, c.display_name,
       c.pd_verified AS stated_verified, c.verification_requested_on, c.source,
       c.claimed_at AS created_at, c.updated_at, c.any_live AS live,
       COALESCE(l.verified, 0) AS verified,
       CASE l.state
           WHEN 'approved' THEN 'resmi'
           WHEN 'rejected' THEN 'ditolak'
           WHEN 'removed' THEN 'dihapus'
           ELSE 'menunggu'
       END AS status,
       l.reason, l.decided_by, l.decided_at, COALESCE(l.needs_review, 0) AS needs_review
FROM claim_rows c
LEFT JOIN account_listings l
       ON l.agency_id = c.agency_id AND l.platform = c.platform AND l.handle = c.handle
WHERE c.pick = 1;

-- Several PCs per agency: summaries are kept per PC. A summary stored before this came from
-- the agency's PC enrolled last before it arrived (else the agency's last PC).
CREATE TABLE summaries_new (
    agency_id      INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    device_id      INTEGER NOT NULL,
    day            TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    revision       INTEGER NOT NULL,
    summary        TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    -- Keyed by agency and day first: ingest adds up the PCs of one agency-day.
    PRIMARY KEY (agency_id, day, device_id)
) STRICT, WITHOUT ROWID;

INSERT INTO summaries_new (agency_id, device_id, day, schema_version, revision, summary, received_at)
SELECT s.agency_id,
       COALESCE((SELECT MAX(d.id) FROM devices d
                 WHERE d.agency_id = s.agency_id AND d.enrolled_at <= s.received_at),
                (SELECT MAX(d.id) FROM devices d WHERE d.agency_id = s.agency_id),
                0),
       s.day, s.schema_version, s.revision, s.summary, s.received_at
FROM summaries s;

DROP TABLE summaries;
ALTER TABLE summaries_new RENAME TO summaries;
CREATE INDEX summaries_by_day ON summaries (day);

-- When each PC last reached the hub, for `agency devices` and the agency page; and the
-- store a PC runs on (its installation id), so a PC enrolled again with the same store
-- carries on its earlier summaries instead of counting them twice.
ALTER TABLE devices ADD COLUMN last_sync_at TEXT;
ALTER TABLE devices ADD COLUMN installation_id TEXT;
UPDATE devices SET last_sync_at = (SELECT MAX(received_at) FROM summaries s WHERE s.device_id = devices.id);
CREATE INDEX devices_by_installation ON devices (agency_id, installation_id);
