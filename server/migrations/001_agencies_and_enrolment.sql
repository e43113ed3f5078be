-- Agencies (Perangkat Daerah), the one-time codes that enrol their PCs, and the PCs enrolled.
-- Instants are UTC text "YYYY-MM-DDTHH:MM:SSZ": fixed width, so text order is time order.
-- Codes and tokens are stored only as sha256 hex; the plain values are shown once and forgotten.

CREATE TABLE agencies (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE enrolment_codes (
    id         INTEGER PRIMARY KEY,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
) STRICT;

CREATE INDEX enrolment_codes_by_agency ON enrolment_codes (agency_id);

CREATE TABLE devices (
    id                INTEGER PRIMARY KEY,
    agency_id         INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    enrolment_code_id INTEGER NOT NULL UNIQUE REFERENCES enrolment_codes (id),
    name              TEXT NOT NULL,
    token_hash        TEXT NOT NULL UNIQUE,
    enrolled_at       TEXT NOT NULL
) STRICT;

CREATE INDEX devices_by_agency ON devices (agency_id);
