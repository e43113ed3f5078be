-- The agency this store belongs to: exactly one row once the first-run form is done.
CREATE TABLE agency_profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    code        TEXT NOT NULL,
    address     TEXT NOT NULL DEFAULT '',
    admin_name  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Small typed-by-code preferences such as the UI language.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
