-- Sinkron: revocable device tokens, the agencies' daily summaries, and what the hub publishes
-- (holidays, the registry of official accounts, content briefs).

-- A revoked PC's token stops working at once; the row stays as a record of who enrolled.
ALTER TABLE devices ADD COLUMN revoked_at TEXT;

-- One row per agency and day (WIB), holding the highest revision received. The summary is
-- the day's JSON as the hub re-serialised it after checking it; the key columns beside it are
-- what ingest compares and the dashboard filters on.
CREATE TABLE summaries (
    agency_id      INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    day            TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    revision       INTEGER NOT NULL,
    summary        TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    PRIMARY KEY (agency_id, day)
) STRICT, WITHOUT ROWID;

CREATE INDEX summaries_by_day ON summaries (day);

-- National holidays and cuti bersama; seeded with 2026 (core/data/hari-libur-2026.csv),
-- updated with `medsos-hub holidays import`.
CREATE TABLE holidays (
    day  TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama')),
    name TEXT NOT NULL
) STRICT;

INSERT INTO holidays (day, kind, name) VALUES
    ('2026-01-01', 'libur_nasional', 'Tahun Baru 2026 Masehi'),
    ('2026-01-16', 'libur_nasional', 'Isra Mikraj Nabi Muhammad SAW'),
    ('2026-02-16', 'cuti_bersama', 'Cuti bersama Tahun Baru Imlek'),
    ('2026-02-17', 'libur_nasional', 'Tahun Baru Imlek 2577 Kongzili'),
    ('2026-03-18', 'cuti_bersama', 'Cuti bersama Hari Suci Nyepi'),
    ('2026-03-19', 'libur_nasional', 'Hari Suci Nyepi Tahun Baru Saka 1948'),
    ('2026-03-20', 'cuti_bersama', 'Cuti bersama Idul Fitri 1447 H'),
    ('2026-03-21', 'libur_nasional', 'Idul Fitri 1447 H'),
    ('2026-03-22', 'libur_nasional', 'Idul Fitri 1447 H'),
    ('2026-03-23', 'cuti_bersama', 'Cuti bersama Idul Fitri 1447 H'),
    ('2026-03-24', 'cuti_bersama', 'Cuti bersama Idul Fitri 1447 H'),
    ('2026-04-03', 'libur_nasional', 'Wafat Yesus Kristus'),
    ('2026-04-05', 'libur_nasional', 'Kebangkitan Yesus Kristus (Paskah)'),
    ('2026-05-01', 'libur_nasional', 'Hari Buruh Internasional'),
    ('2026-05-14', 'libur_nasional', 'Kenaikan Yesus Kristus'),
    ('2026-05-15', 'cuti_bersama', 'Cuti bersama Kenaikan Yesus Kristus'),
    ('2026-05-27', 'libur_nasional', 'Idul Adha 1447 H'),
    ('2026-05-28', 'cuti_bersama', 'Cuti bersama Idul Adha 1447 H'),
    ('2026-05-31', 'libur_nasional', 'Hari Raya Waisak 2570 BE'),
    ('2026-06-01', 'libur_nasional', 'Hari Lahir Pancasila'),
    ('2026-06-16', 'libur_nasional', '1 Muharam Tahun Baru Islam 1448 H'),
    ('2026-08-17', 'libur_nasional', 'Proklamasi Kemerdekaan RI'),
    ('2026-08-25', 'libur_nasional', 'Maulid Nabi Muhammad SAW'),
    ('2026-12-24', 'cuti_bersama', 'Cuti bersama Kelahiran Yesus Kristus'),
    ('2026-12-25', 'libur_nasional', 'Kelahiran Yesus Kristus');

CREATE TABLE agency_accounts (
    id         INTEGER PRIMARY KEY,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    platform   TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    handle     TEXT NOT NULL,
    url        TEXT NOT NULL,
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    created_at TEXT NOT NULL,
    UNIQUE (platform, handle)
) STRICT;

CREATE INDEX agency_accounts_by_agency ON agency_accounts (agency_id);

CREATE TABLE briefs (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    programme  TEXT NOT NULL,
    from_day   TEXT NOT NULL,
    to_day     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (from_day <= to_day)
) STRICT;
