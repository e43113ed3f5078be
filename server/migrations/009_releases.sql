-- App releases for the desktop updater (tauri-plugin-updater v2), and the version each PC
-- runs. Instants are the fixed-width stored form (YYYY-MM-DDTHH:MM:SS.mmmZ).

-- One published build of Medsos PD for one platform. The artifact itself is a file beside
-- the database (`releases/<id>-<file_name>`); `signature` is the `.sig` file's content as
-- Tauri's signer writes it (base64 of a minisign signature file).
CREATE TABLE releases (
    id           INTEGER PRIMARY KEY,
    version      TEXT NOT NULL,
    -- Operating system: windows, linux or darwin.
    target       TEXT NOT NULL,
    -- x86_64, aarch64, i686 or armv7.
    arch         TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT '',
    signature    TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    published_at TEXT NOT NULL,
    UNIQUE (target, arch, version)
) STRICT;

-- The app version a PC named in its last requests (X-Medsos-App-Version) and when it first
-- named it; NULL until a PC that reports it syncs.
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN app_version_at TEXT;
