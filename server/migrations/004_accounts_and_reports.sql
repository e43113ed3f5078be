-- Akun resmi: agencies keep their official accounts in Medsos PD and sync them; Diskominfo
-- still records some with `medsos-hub account add`. One handle may now be claimed by two
-- agencies: the hub records both claims and flags the conflict for Diskominfo instead of
-- choosing. Agencies also report accounts that impersonate them.

-- Rebuilt without UNIQUE (platform, handle); rows and ids are kept. Rows recorded before
-- this migration came from the CLI, hence source 'diskominfo'. The previous release kept
-- handles as typed (any case, '-' allowed): they are lower-cased here, their address rebuilt
-- from the handle, and rows of one agency that only differed in case are merged into the one
-- with the lowest id. Rows of two agencies that only differed in case become two claims.
CREATE TABLE agency_accounts_new (
    id                        INTEGER PRIMARY KEY,
    agency_id                 INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform                  TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle                    TEXT NOT NULL,
    url                       TEXT NOT NULL,
    display_name              TEXT NOT NULL DEFAULT '',
    verified                  INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    verification_requested_on TEXT,
    -- 'diskominfo': recorded with `medsos-hub account add`, one row per agency and account;
    -- 'pd': sent by the PC `device_id`, one row per PC and account, replaced at each sync of
    -- that PC only. Rows of a PC revoked later stay: the agency's accounts do not vanish
    -- when a PC is replaced.
    source                    TEXT NOT NULL DEFAULT 'diskominfo' CHECK (source IN ('diskominfo', 'pd')),
    device_id                 INTEGER REFERENCES devices (id) ON DELETE CASCADE,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    CHECK ((source = 'pd') = (device_id IS NOT NULL))
) STRICT;

INSERT INTO agency_accounts_new (id, agency_id, platform, handle, url, verified, source, created_at, updated_at)
SELECT id, agency_id, platform, lower(handle),
       CASE platform
           WHEN 'instagram' THEN 'https://www.instagram.com/' || lower(handle) || '/'
           ELSE 'https://www.facebook.com/' || lower(handle)
       END,
       verified, 'diskominfo', created_at, created_at
FROM agency_accounts o
WHERE NOT EXISTS (SELECT 1 FROM agency_accounts e
                  WHERE e.agency_id = o.agency_id AND e.platform = o.platform
                    AND lower(e.handle) = lower(o.handle) AND e.id < o.id);

DROP TABLE agency_accounts;
ALTER TABLE agency_accounts_new RENAME TO agency_accounts;

CREATE INDEX agency_accounts_by_agency ON agency_accounts (agency_id);
CREATE INDEX agency_accounts_by_handle ON agency_accounts (platform, handle);
CREATE UNIQUE INDEX agency_accounts_recorded ON agency_accounts (agency_id, platform, handle)
    WHERE source = 'diskominfo';
CREATE UNIQUE INDEX agency_accounts_synced ON agency_accounts (device_id, platform, handle)
    WHERE source = 'pd';

-- Diskominfo's decision on a handle two agencies claimed: it belongs to `agency_id`. Every
-- other claim stays recorded but is not official. Kept when claims come and go, so a claim
-- Diskominfo refused never becomes official just because the rightful one was dropped.
CREATE TABLE account_decisions (
    platform   TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle     TEXT NOT NULL,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    decided_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at TEXT NOT NULL,
    PRIMARY KEY (platform, handle)
) STRICT, WITHOUT ROWID;

-- Every claim with where it stands, the one definition the registry, the dashboard and the
-- overview's indicator share. A claim is one agency's claim to one account: the rows of its
-- PCs (and Diskominfo's record) for the same platform and handle are one claim, shown with
-- the fields of Diskominfo's record if there is one, else of the row updated last; it was
-- made when its first row was (`created_at`).
--   'resmi'    official: Diskominfo decided for this agency; or, undecided, no other agency
--              (not revoked) holds a claim that comes first: a Diskominfo record comes
--              before a claim only PCs sent, then the earlier claim, then the lower id.
--              So a claim already official stays official when another agency claims the
--              same account later;
--   'sengketa' disputed: undecided, and another agency (not revoked) claimed it first;
--   'ditolak'  Diskominfo decided the handle belongs to another agency.
CREATE VIEW account_claims AS
WITH claim_rows AS (
    SELECT r.*,
           ROW_NUMBER() OVER (PARTITION BY agency_id, platform, handle
                              ORDER BY source = 'diskominfo' DESC, updated_at DESC, id DESC) AS pick,
           MIN(created_at) OVER (PARTITION BY agency_id, platform, handle) AS claimed_at,
           MAX(source = 'diskominfo') OVER (PARTITION BY agency_id, platform, handle) AS recorded,
           MIN(id) OVER (PARTITION BY agency_id, platform, handle) AS first_id
    FROM agency_accounts r
),
claims AS (
    SELECT c.*, a.revoked_at IS NULL AS active FROM claim_rows c JOIN agencies a ON a.id = c.agency_id
    WHERE c.pick = 1
)
SELECT x.id, x.agency_id, x.platform, x.handle, x.url, x.display_name, x.verified,
       x.verification_requested_on, x.source, x.claimed_at AS created_at, x.updated_at,
       d.agency_id AS decided_for,
       CASE
           WHEN d.agency_id IS NOT NULL THEN
               CASE WHEN d.agency_id = x.agency_id THEN 'resmi' ELSE 'ditolak' END
           WHEN EXISTS (SELECT 1 FROM claims y
                        WHERE y.platform = x.platform AND y.handle = x.handle
                          AND y.agency_id <> x.agency_id AND y.active
                          AND (y.recorded > x.recorded
                               OR (y.recorded = x.recorded
                                   AND (y.claimed_at < x.claimed_at
                                        OR (y.claimed_at = x.claimed_at
                                            AND y.first_id < x.first_id))))) THEN 'sengketa'
           ELSE 'resmi'
       END AS status
FROM claims x
LEFT JOIN account_decisions d ON d.platform = x.platform AND d.handle = x.handle;

-- Accounts an agency suspects of impersonating it, as its PC records them; upserted by
-- (agency, report_id) and kept only when `updated_at` is newer than the one held.
CREATE TABLE impersonation_reports (
    agency_id     INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    report_id     TEXT NOT NULL,
    platform      TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle        TEXT NOT NULL,
    url           TEXT NOT NULL,
    imitates      TEXT,
    description   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('masih_aktif', 'dilaporkan', 'ditutup')),
    first_seen_on TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    PRIMARY KEY (agency_id, report_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX impersonation_reports_by_status ON impersonation_reports (status, first_seen_on);
