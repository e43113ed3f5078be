-- Akun resmi: agencies keep their official accounts in Medsos PD and sync them; Diskominfo
-- still records some with `medsos-hub account add`. One handle may now be claimed by two
-- agencies: the hub records both claims and flags the conflict for Diskominfo instead of
-- choosing. Agencies also report accounts that impersonate them.

-- Rebuilt without UNIQUE (platform, handle); rows and ids are kept. Rows recorded before
-- this migration came from the CLI, hence source 'diskominfo'.
CREATE TABLE agency_accounts_new (
    id                        INTEGER PRIMARY KEY,
    agency_id                 INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform                  TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle                    TEXT NOT NULL,
    url                       TEXT NOT NULL,
    display_name              TEXT NOT NULL DEFAULT '',
    verified                  INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    verification_requested_on TEXT,
    -- 'diskominfo': recorded with `medsos-hub account add`; 'pd': synced by the agency's PC,
    -- replaced at each sync.
    source                    TEXT NOT NULL DEFAULT 'diskominfo' CHECK (source IN ('diskominfo', 'pd')),
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    UNIQUE (agency_id, platform, handle)
) STRICT;

INSERT INTO agency_accounts_new (id, agency_id, platform, handle, url, verified, source, created_at, updated_at)
SELECT id, agency_id, platform, handle, url, verified, 'diskominfo', created_at, created_at
FROM agency_accounts;

DROP TABLE agency_accounts;
ALTER TABLE agency_accounts_new RENAME TO agency_accounts;

CREATE INDEX agency_accounts_by_agency ON agency_accounts (agency_id);
CREATE INDEX agency_accounts_by_handle ON agency_accounts (platform, handle);

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
-- overview's indicator share:
--   'resmi'    official: Diskominfo decided for this agency, or no other (not revoked)
--              agency claims the handle and there is no decision;
--   'sengketa' disputed: another agency not revoked claims it too, undecided;
--   'ditolak'  Diskominfo decided the handle belongs to another agency.
CREATE VIEW account_claims AS
SELECT x.id, x.agency_id, x.platform, x.handle, x.url, x.display_name, x.verified,
       x.verification_requested_on, x.source, x.created_at, x.updated_at,
       d.agency_id AS decided_for,
       CASE
           WHEN d.agency_id IS NOT NULL THEN
               CASE WHEN d.agency_id = x.agency_id THEN 'resmi' ELSE 'ditolak' END
           WHEN EXISTS (SELECT 1 FROM agency_accounts y JOIN agencies b ON b.id = y.agency_id
                        WHERE y.platform = x.platform AND y.handle = x.handle
                          AND y.agency_id <> x.agency_id AND b.revoked_at IS NULL) THEN 'sengketa'
           ELSE 'resmi'
       END AS status
FROM agency_accounts x
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
