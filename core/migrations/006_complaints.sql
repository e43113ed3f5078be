-- Aduan: complaints from citizens, their workflow, deadlines, replies, attachments and the
-- audit trail of who looked at personal data (UU PDP 27/2022).

-- Categories are an editable list; ids are kept so renaming never touches complaints.
CREATE TABLE complaint_categories (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

INSERT INTO complaint_categories (name, position) VALUES
    ('Jalan dan jembatan', 1),
    ('Kesehatan', 2),
    ('Pendidikan', 3),
    ('Administrasi kependudukan', 4),
    ('Bencana', 5),
    ('Lingkungan', 6),
    ('Air bersih', 7),
    ('Penerangan jalan', 8),
    ('Ketertiban umum', 9),
    ('Bantuan sosial', 10),
    ('Pelayanan publik', 11),
    ('Lainnya', 99);

-- One complaint. Instants are UTC RFC 3339 text; the UI shows WIB.
-- The due_* columns are derived from received_at, the kind/category deadline settings and
-- the holidays table; they are rewritten whenever any of those change.
CREATE TABLE complaints (
    id                   INTEGER PRIMARY KEY,
    channel              TEXT NOT NULL CHECK (channel IN ('instagram_komentar', 'instagram_dm',
                             'facebook_komentar', 'facebook_messenger', 'whatsapp', 'telepon',
                             'datang_langsung', 'sp4n_lapor')),
    source_url           TEXT NOT NULL DEFAULT '',
    citizen_name         TEXT NOT NULL DEFAULT '',
    citizen_contact      TEXT NOT NULL DEFAULT '',
    body                 TEXT NOT NULL,
    received_at          TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('pengaduan', 'aspirasi', 'permintaan_informasi')),
    category_id          INTEGER NOT NULL REFERENCES complaint_categories (id),
    -- '32.03.NN', 'luar_cianjur', or '' when unknown.
    kecamatan            TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'baru'
                         CHECK (status IN ('baru', 'diverifikasi', 'ditindaklanjuti', 'selesai',
                             'diteruskan', 'ditunda', 'diarsipkan', 'bukan_wewenang')),
    -- The open status a ditunda complaint returns to on "lanjutkan".
    paused_from          TEXT,
    forwarded_to         TEXT NOT NULL DEFAULT '',
    status_reason        TEXT NOT NULL DEFAULT '',
    first_response_at    TEXT,
    verified_at          TEXT,
    followed_up_at       TEXT,
    resolved_at          TEXT,
    -- When the complaint reached a closed status (selesai, diteruskan, diarsipkan,
    -- bukan_wewenang); retention counts from here.
    closed_at            TEXT,
    due_first_response   TEXT NOT NULL,
    due_verification     TEXT NOT NULL,
    due_follow_up        TEXT NOT NULL,
    due_resolution       TEXT NOT NULL,
    -- The earliest unmet deadline while the complaint is open; NULL when closed or ditunda.
    next_due_at          TEXT,
    next_due_kind        TEXT,
    -- The inbox order in one integer, so one index serves sort and the overdue filter:
    -- open complaints by next due (Unix seconds), then the rest newest first
    -- (20,000,000,000 minus the Unix seconds received, always above any due instant).
    list_rank            INTEGER NOT NULL,
    personal_erased      INTEGER NOT NULL DEFAULT 0 CHECK (personal_erased IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

-- Each filter of the inbox has an index that ends in the sort key, so a page is read in
-- order and stops after 50 rows instead of sorting every match.
CREATE INDEX complaints_by_rank ON complaints (list_rank);
CREATE INDEX complaints_by_status ON complaints (status, list_rank);
-- Status and category together is the monthly-report filter; it is also what counts them.
CREATE INDEX complaints_by_status_category ON complaints (status, category_id, list_rank);
CREATE INDEX complaints_by_category ON complaints (category_id, list_rank);
CREATE INDEX complaints_by_kecamatan ON complaints (kecamatan, list_rank);
CREATE INDEX complaints_by_channel ON complaints (channel, list_rank);
CREATE INDEX complaints_by_kind ON complaints (kind, list_rank);
CREATE INDEX complaints_by_received ON complaints (received_at);
-- Beranda's overdue list and the reminders read open complaints by due instant.
CREATE INDEX complaints_by_next_due ON complaints (next_due_at) WHERE next_due_at IS NOT NULL;
-- Retention looks for long-closed complaints that still hold personal data.
CREATE INDEX complaints_by_closed ON complaints (closed_at) WHERE personal_erased = 0 AND closed_at IS NOT NULL;

-- Every workflow step, including capture (from_status NULL).
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    forwarded_to TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_events_by_complaint ON complaint_events (complaint_id, id);

-- Every answer given to the citizen: a public reply, a private message, or offline.
CREATE TABLE complaint_replies (
    id           INTEGER PRIMARY KEY,
    complaint_id INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('publik', 'pribadi', 'luring')),
    body         TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL
) STRICT;
CREATE INDEX complaint_replies_by_complaint ON complaint_replies (complaint_id, at);

-- Reply templates with {nama} {nomor} {kategori} {instansi}.
CREATE TABLE complaint_reply_templates (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    body    TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO complaint_reply_templates (name, body, builtin) VALUES
    ('Aduan diterima',
     'Terima kasih, {nama}. Aduan Anda tentang {kategori} sudah kami terima dengan nomor {nomor} dan akan segera kami verifikasi. Salam, {instansi}.', 1),
    ('Sedang ditindaklanjuti',
     'Yth. {nama}, aduan nomor {nomor} tentang {kategori} sedang ditindaklanjuti oleh petugas kami. Kami akan mengabarkan perkembangannya. Salam, {instansi}.', 1),
    ('Aduan selesai',
     'Yth. {nama}, aduan nomor {nomor} tentang {kategori} telah selesai ditindaklanjuti. Terima kasih atas laporan dan kepedulian Anda. Salam, {instansi}.', 1);

-- Screenshots and photos, reusing the media library (one file per content hash).
CREATE TABLE complaint_attachments (
    complaint_id INTEGER NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    media_id     INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    added_at     TEXT NOT NULL,
    PRIMARY KEY (complaint_id, media_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX complaint_attachments_by_media ON complaint_attachments (media_id);

-- Who viewed or exported personal data, and when. No foreign key: the trail outlives the
-- record it speaks of.
CREATE TABLE complaint_audit (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    complaint_id INTEGER,
    detail       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX complaint_audit_by_at ON complaint_audit (at DESC, id DESC);

-- Full-text search over what the citizen wrote, their name and the category. It keeps its
-- own copy (the category name lives in another table); triggers keep it in step.
CREATE VIRTUAL TABLE complaints_fts USING fts5 (
    body, citizen_name, category,
    tokenize = 'unicode61 remove_diacritics 2',
    -- Every word the admin types is a prefix query; prefix indexes spare expanding it.
    prefix = '2 3 4'
);
-- Erased personal data must not linger in old index segments. FTS5's 'secure-delete'
-- option does that, but kept on it also rewrites pages on every ordinary insert (half of a
-- 10,000-row import's time), so it stays off here and privacy::apply_retention turns it on
-- around the erase only (the option is stored in complaints_fts_config, inside its
-- transaction). Nothing else deletes or rewrites a complaint's searchable text.

CREATE TRIGGER complaints_fts_insert AFTER INSERT ON complaints BEGIN
    INSERT INTO complaints_fts (rowid, body, citizen_name, category)
    VALUES (new.id, new.body, new.citizen_name,
            (SELECT name FROM complaint_categories WHERE id = new.category_id));
END;
CREATE TRIGGER complaints_fts_delete AFTER DELETE ON complaints BEGIN
    DELETE FROM complaints_fts WHERE rowid = old.id;
END;
CREATE TRIGGER complaints_fts_update AFTER UPDATE OF body, citizen_name, category_id ON complaints
WHEN new.personal_erased = 0 BEGIN
    DELETE FROM complaints_fts WHERE rowid = old.id;
    INSERT INTO complaints_fts (rowid, body, citizen_name, category)
    VALUES (new.id, new.body, new.citizen_name,
            (SELECT name FROM complaint_categories WHERE id = new.category_id));
END;
CREATE TRIGGER complaints_fts_erase AFTER UPDATE OF personal_erased ON complaints
WHEN new.personal_erased = 1 BEGIN
    DELETE FROM complaints_fts WHERE rowid = old.id;
END;
CREATE TRIGGER complaint_categories_fts_rename AFTER UPDATE OF name ON complaint_categories BEGIN
    UPDATE complaints_fts SET category = new.name
    WHERE rowid IN (SELECT id FROM complaints WHERE category_id = new.id AND personal_erased = 0);
END;
