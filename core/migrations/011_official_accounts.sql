-- Akun resmi: the agency's official accounts and Meta's verification steps, the accounts
-- suspected of impersonating it (with screenshots from the media library), the regency
-- registry as last fetched from the hub, and what of these still has to go to the hub.

CREATE TABLE official_accounts (
    id                        INTEGER PRIMARY KEY,
    platform                  TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle                    TEXT NOT NULL,   -- normal form (protocol::handle::normalize)
    url                       TEXT NOT NULL,   -- https:// on the platform's host
    display_name              TEXT NOT NULL,
    verified                  INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    verification_requested_on TEXT,            -- YYYY-MM-DD
    admin_responsible         TEXT NOT NULL DEFAULT '',
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL,
    UNIQUE (platform, handle)
) STRICT;

-- The steps of Meta's verification request, each with the day it was done.
CREATE TABLE account_verification_steps (
    account_id INTEGER NOT NULL REFERENCES official_accounts (id) ON DELETE CASCADE,
    step       TEXT NOT NULL
               CHECK (step IN ('profil', 'dua_faktor', 'ajukan', 'terverifikasi', 'ditolak')),
    done_on    TEXT NOT NULL,                  -- YYYY-MM-DD
    PRIMARY KEY (account_id, step)
) STRICT, WITHOUT ROWID;

-- The account list goes to the hub whole (POST /api/v1/accounts) whenever it changed since
-- the last list the hub acknowledged: `change_seq` moves with every change (triggers below,
-- same transaction), `sent_seq` is the change_seq of the last acknowledged list.
-- `conflicts` holds the hub's last answer about accounts another agency also claims (JSON).
CREATE TABLE accounts_outbox (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    change_seq INTEGER NOT NULL DEFAULT 0,
    sent_seq   INTEGER NOT NULL DEFAULT 0,
    sent_at    TEXT,
    conflicts  TEXT NOT NULL DEFAULT '[]'
) STRICT;
INSERT INTO accounts_outbox (id) VALUES (1);

-- An account change also changes today's summary (official_accounts counts, the state at
-- send time): mark the WIB day of the change, as the triggers of migration 007 do.
CREATE TRIGGER accounts_outbox_insert AFTER INSERT ON official_accounts BEGIN
    UPDATE accounts_outbox SET change_seq = change_seq + 1;
    INSERT INTO sync_mark (day) VALUES (date(NEW.updated_at, '+7 hours'));
END;
CREATE TRIGGER accounts_outbox_update AFTER UPDATE ON official_accounts BEGIN
    UPDATE accounts_outbox SET change_seq = change_seq + 1;
    INSERT INTO sync_mark (day) VALUES (date(NEW.updated_at, '+7 hours'));
END;
CREATE TRIGGER accounts_outbox_delete AFTER DELETE ON official_accounts BEGIN
    UPDATE accounts_outbox SET change_seq = change_seq + 1;
    INSERT INTO sync_mark (day) VALUES (date('now', '+7 hours'));
END;

-- Accounts suspected of impersonating the agency. `id` is a UUID made here, so a resend
-- updates the hub's copy. `version` moves with every change; `sent_version` is the version
-- the hub last acknowledged, so a report changed during a send goes again.
CREATE TABLE impersonation_reports (
    id            TEXT PRIMARY KEY,
    platform      TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle        TEXT NOT NULL,               -- normal form, or as pasted when it has look-alike letters
    url           TEXT NOT NULL,
    imitates      TEXT,                        -- the official handle it imitates
    description   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('masih_aktif', 'dilaporkan', 'ditutup')),
    status_on     TEXT NOT NULL,               -- YYYY-MM-DD: the day the status was reached
    first_seen_on TEXT NOT NULL,               -- YYYY-MM-DD
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    sent_version  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX impersonation_reports_unsent ON impersonation_reports (created_at)
    WHERE sent_version < version;

-- Each status a report went through, with its day.
CREATE TABLE impersonation_report_events (
    id        INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES impersonation_reports (id) ON DELETE CASCADE,
    status    TEXT NOT NULL,
    on_day    TEXT NOT NULL,
    at        TEXT NOT NULL
) STRICT;
CREATE INDEX impersonation_report_events_by_report ON impersonation_report_events (report_id);

-- Screenshots, reusing the media library (one file per content hash).
CREATE TABLE impersonation_report_media (
    report_id TEXT NOT NULL REFERENCES impersonation_reports (id) ON DELETE CASCADE,
    media_id  INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (report_id, media_id)
) STRICT, WITHOUT ROWID;

-- The regency registry (GET /api/v1/registry) as last fetched, for Cek akun offline.
CREATE TABLE registry_cache (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    json       TEXT NOT NULL,
    fetched_at TEXT NOT NULL
) STRICT;
