-- Konten: the full draft — per-platform text, programme, source, workflow, history, search.

-- Program Pemkab a draft promotes; an editable list with a hashtag each.
CREATE TABLE programmes (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    hashtag   TEXT NOT NULL DEFAULT '',
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO programmes (name, hashtag) VALUES
    ('Cianjur Manjur', '#CianjurManjur'),
    ('Cianjur Mandiri', '#CianjurMandiri'),
    ('Cianjur Maju', '#CianjurMaju'),
    ('Cianjur Religius', '#CianjurReligius');

ALTER TABLE drafts ADD COLUMN status TEXT NOT NULL DEFAULT 'draf'
    CHECK (status IN ('draf', 'menunggu_persetujuan', 'disetujui', 'terjadwal', 'terbit', 'arsip'));
-- Which platforms the draft is for.
ALTER TABLE drafts ADD COLUMN for_instagram INTEGER NOT NULL DEFAULT 1 CHECK (for_instagram IN (0, 1));
ALTER TABLE drafts ADD COLUMN for_facebook INTEGER NOT NULL DEFAULT 1 CHECK (for_facebook IN (0, 1));
-- NULL means "use the shared narrative"; text means a platform override.
ALTER TABLE drafts ADD COLUMN instagram_text TEXT;
ALTER TABLE drafts ADD COLUMN facebook_text TEXT;
-- Hashtags appended to every platform's text, space separated, each with its '#'.
ALTER TABLE drafts ADD COLUMN hashtags TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN programme_id INTEGER REFERENCES programmes (id) ON DELETE SET NULL;
ALTER TABLE drafts ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts ADD COLUMN published_url TEXT;

CREATE INDEX drafts_by_status ON drafts (status, updated_at DESC);
CREATE INDEX drafts_by_programme ON drafts (programme_id, updated_at DESC);

-- Every workflow step: who (a typed name) and when.
CREATE TABLE draft_transitions (
    id          INTEGER PRIMARY KEY,
    draft_id    INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX draft_transitions_by_draft ON draft_transitions (draft_id, id);

-- The pre-publish checklist (Permenpan RB 83/2012, SE MenPANRB 137/2018), ticked per item.
CREATE TABLE draft_checklist (
    draft_id   INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    item       TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, item)
) STRICT;

-- Edit history: snapshots taken while the admin writes, at most one per few minutes.
CREATE TABLE draft_revisions (
    id             INTEGER PRIMARY KEY,
    draft_id       INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    instagram_text TEXT,
    facebook_text  TEXT,
    hashtags       TEXT NOT NULL,
    saved_at       TEXT NOT NULL
) STRICT;
CREATE INDEX draft_revisions_by_draft ON draft_revisions (draft_id, id DESC);

-- Reusable narratives with {placeholders}.
CREATE TABLE templates (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    body     TEXT NOT NULL,
    builtin  INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

INSERT INTO templates (name, body, builtin) VALUES
    ('Rilis kegiatan',
     '{instansi} menggelar {kegiatan} di {lokasi} pada {tanggal}. Kegiatan ini diikuti oleh {peserta} dan bertujuan untuk {tujuan}.' || char(10) || char(10) ||
     'Melalui kegiatan ini, Pemerintah Kabupaten Cianjur terus berkomitmen mewujudkan Cianjur yang Maju, Mandiri dan Religius.' || char(10) || char(10) ||
     'Sumber: {sumber}', 1),
    ('Ucapan hari besar',
     'Keluarga besar {instansi} mengucapkan Selamat {hari_besar}, {tanggal}.' || char(10) || char(10) ||
     'Semoga momentum ini membawa semangat baru untuk membangun Cianjur yang Maju, Mandiri dan Religius.', 1),
    ('Klarifikasi aduan',
     'Menanggapi informasi yang beredar mengenai {kegiatan} di {lokasi}, {instansi} menyampaikan klarifikasi sebagai berikut:' || char(10) || char(10) ||
     '{klarifikasi}' || char(10) || char(10) ||
     'Terima kasih atas perhatian dan masukan warga. Informasi lebih lanjut dapat disampaikan melalui kanal resmi {instansi}.' || char(10) ||
     'Sumber: {sumber}', 1);

-- Full-text search over everything the admin writes in a draft.
CREATE VIRTUAL TABLE drafts_fts USING fts5 (
    title, body, instagram_text, facebook_text, hashtags, source, notes,
    content = 'drafts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO drafts_fts (drafts_fts) VALUES ('rebuild');

CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO drafts_fts (rowid, title, body, instagram_text, facebook_text, hashtags, source, notes)
    VALUES (new.id, new.title, new.body, new.instagram_text, new.facebook_text, new.hashtags, new.source, new.notes);
END;
CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN
    INSERT INTO drafts_fts (drafts_fts, rowid, title, body, instagram_text, facebook_text, hashtags, source, notes)
    VALUES ('delete', old.id, old.title, old.body, old.instagram_text, old.facebook_text, old.hashtags, old.source, old.notes);
END;
CREATE TRIGGER drafts_fts_update AFTER UPDATE OF title, body, instagram_text, facebook_text, hashtags, source, notes ON drafts BEGIN
    INSERT INTO drafts_fts (drafts_fts, rowid, title, body, instagram_text, facebook_text, hashtags, source, notes)
    VALUES ('delete', old.id, old.title, old.body, old.instagram_text, old.facebook_text, old.hashtags, old.source, old.notes);
    INSERT INTO drafts_fts (rowid, title, body, instagram_text, facebook_text, hashtags, source, notes)
    VALUES (new.id, new.title, new.body, new.instagram_text, new.facebook_text, new.hashtags, new.source, new.notes);
END;
