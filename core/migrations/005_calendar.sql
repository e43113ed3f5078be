-- Kalender: posting slots, the national holidays and cuti bersama, and reminders already shown.

-- One planned post of a draft on one platform; a draft may have several slots.
-- `at` is the instant in UTC (RFC 3339, whole minutes); the UI shows and accepts WIB.
CREATE TABLE slots (
    id           INTEGER PRIMARY KEY,
    draft_id     INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    platform     TEXT NOT NULL CHECK (platform IN ('instagram', 'facebook')),
    at           TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'terjadwal'
                 CHECK (status IN ('terjadwal', 'terbit', 'terlewat', 'dibatalkan')),
    post_url     TEXT,
    published_at TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
) STRICT;
-- The month/week/list views read a range of `at`; the reminder scan and the end-of-day
-- sweep read a range of `at` within one status.
CREATE INDEX slots_by_at ON slots (at);
CREATE INDEX slots_by_status_at ON slots (status, at);
CREATE INDEX slots_by_draft ON slots (draft_id);

-- Libur nasional and cuti bersama (SKB 3 Menteri), kept as data Diskominfo can update.
CREATE TABLE holidays (
    tanggal    TEXT PRIMARY KEY,
    jenis      TEXT NOT NULL CHECK (jenis IN ('libur_nasional', 'cuti_bersama')),
    keterangan TEXT NOT NULL
) STRICT;

-- Hari libur 2026 from core/data/hari-libur-2026.csv.
INSERT INTO holidays (tanggal, jenis, keterangan) VALUES
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

-- Reminders the admin has already seen, so each shows once even across restarts.
CREATE TABLE reminders_seen (
    slot_id INTEGER NOT NULL REFERENCES slots (id) ON DELETE CASCADE,
    kind    TEXT NOT NULL CHECK (kind IN ('segera', 'terlewat')),
    seen_at TEXT NOT NULL,
    PRIMARY KEY (slot_id, kind)
) STRICT, WITHOUT ROWID;
