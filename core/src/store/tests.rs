use super::*;
use crate::drafts::{self, DraftInput};
use crate::profile::{self, ProfileInput};
use crate::FixedClock;
use rusqlite::params;
use time::macros::datetime;

fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 02:00 UTC))
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn new_store_uses_wal_foreign_keys_and_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("nested/folder/s.sqlite3")).unwrap();
    let mode: String = store
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let fk: i64 = store
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    migrations().validate().unwrap();
}

/// Writes rows that are valid at `version`, using only the columns that version has.
fn seed_at_version(conn: &Connection, version: usize) {
    if version >= 1 {
        conn.execute(
            "INSERT INTO agency_profile (id, name, code, address, admin_name, updated_at)
             VALUES (1, 'Dinas Pendidikan', 'DISDIK', 'Jl. Siliwangi', 'Rina', '2025-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('ui.language', 'en')",
            [],
        )
        .unwrap();
    }
    if version == 2 {
        conn.execute(
            "INSERT INTO drafts (title, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params!["Hari Guru", "Selamat Hari Guru 🙏", "2025-11-25T01:00:00Z"],
        )
        .unwrap();
    }
    if version >= 3 {
        conn.execute(
            "INSERT INTO drafts (title, body, status, hashtags, source, created_at, updated_at)
             VALUES (?1, ?2, 'disetujui', '#CianjurManjur', 'Dinas', ?3, ?3)",
            params!["Hari Guru", "Selamat Hari Guru 🙏", "2025-11-25T01:00:00Z"],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO draft_transitions (draft_id, from_status, to_status, actor, at)
             VALUES (1, 'menunggu_persetujuan', 'disetujui', 'Rina', '2025-11-25T02:00:00Z')",
            [],
        )
        .unwrap();
    }
    if version >= 5 {
        conn.execute(
            "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
             VALUES (1, 'instagram', '2025-11-25T02:00:00Z', 'terbit', ?1, ?1)",
            ["2025-11-24T01:00:00Z"],
        )
        .unwrap();
        // An agency that already imported next year's holidays.
        conn.execute(
            "INSERT INTO holidays (tanggal, jenis, keterangan)
             VALUES ('2027-01-01', 'libur_nasional', 'Tahun Baru 2027 Masehi')",
            [],
        )
        .unwrap();
    }
    if version >= 6 {
        // A complaint answered and verified, with its events and a reply, as the inbox of
        // schema 6 wrote them.
        conn.execute(
            "INSERT INTO complaints (id, channel, citizen_name, citizen_contact, body, received_at,
                 kind, category_id, kecamatan, status, first_response_at, verified_at,
                 due_first_response, due_verification, due_follow_up, due_resolution,
                 next_due_at, next_due_kind, list_rank, created_at, updated_at)
             VALUES (1, 'instagram_komentar', 'Asep Sunandar', '0812 3456 7890',
                 'Jembatan gantung di Cibeber putus', '2025-11-24T02:00:00Z',
                 'pengaduan', 1, '32.03.09', 'diverifikasi', '2025-11-24T03:00:00Z',
                 '2025-11-25T03:00:00Z', '2025-11-24T16:59:00Z', '2025-11-26T16:59:00Z',
                 '2025-11-28T16:59:00Z', '2026-02-20T16:59:00Z', '2025-11-28T16:59:00Z',
                 'tindak_lanjut', 1, '2025-11-24T02:00:00Z', '2025-11-25T03:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO complaint_events (complaint_id, from_status, to_status, actor, at)
             VALUES (1, NULL, 'baru', 'Rina', '2025-11-24T02:00:00Z'),
                    (1, 'baru', 'diverifikasi', 'Rina', '2025-11-25T03:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO complaint_replies (complaint_id, kind, body, actor, at)
             VALUES (1, 'publik', 'Terima kasih, laporan kami terima.', 'Rina',
                     '2025-11-24T03:00:00Z')",
            [],
        )
        .unwrap();
    }
    if version >= 7 {
        // A day the hub already acknowledged.
        let acknowledged = conn
            .execute(
                "UPDATE sync_days SET pending = 0, sent_revision = revision,
                     sent_at = '2025-11-25T10:00:00Z' WHERE day = '2025-11-24'",
                [],
            )
            .unwrap();
        assert_eq!(acknowledged, 1);
    }
    if version >= 8 {
        conn.execute(
            "INSERT INTO sync_log (at, kind, days, detail)
             VALUES ('2025-11-25T10:00:00Z', 'kirim', '2025-11-24 r1', 'Terkirim')",
            [],
        )
        .unwrap();
    }
    if version >= 9 {
        conn.execute(
            "INSERT INTO briefs (id, title, body, programme, from_day, to_day, received_at)
             VALUES (7, 'Hari Jadi Cianjur', 'Unggah ucapan Hari Jadi', 'Cianjur Manjur',
                     '2025-07-01', '2025-07-12', '2025-06-30T01:00:00Z')",
            [],
        )
        .unwrap();
    }
    if version >= 10 {
        conn.execute(
            "INSERT INTO brief_attachments (brief_id, id, file_name, content_type, size_bytes)
             VALUES (7, 1, 'logo.png', 'image/png', 1024)",
            [],
        )
        .unwrap();
        conn.execute("UPDATE drafts SET brief_id = 7 WHERE id = 1", [])
            .unwrap();
        conn.execute(
            "INSERT INTO brief_fulfilments (brief_id, slot_id, platform, url, day, created_at, sent_at)
             VALUES (7, 1, 'instagram', 'https://www.instagram.com/p/abc/', '2025-11-25',
                     '2025-11-25T03:00:00Z', '2025-11-25T10:00:00Z')",
            [],
        )
        .unwrap();
    }
    if version >= 11 {
        conn.execute(
            "INSERT INTO official_accounts (platform, handle, url, display_name, verified,
                 admin_responsible, created_at, updated_at)
             VALUES ('instagram', 'disdikcianjur', 'https://www.instagram.com/disdikcianjur/',
                     'Disdik Cianjur', 1, 'Rina', '2025-11-20T01:00:00Z', '2025-11-20T01:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO impersonation_reports (id, platform, handle, url, imitates, description,
                 status, status_on, first_seen_on, created_at, updated_at)
             VALUES ('r-1', 'instagram', 'disdikcianjurr',
                     'https://www.instagram.com/disdikcianjurr/', 'disdikcianjur',
                     'Meminta pulsa atas nama dinas', 'dilaporkan', '2025-11-21', '2025-11-20',
                     '2025-11-20T02:00:00Z', '2025-11-21T02:00:00Z')",
            [],
        )
        .unwrap();
    }
}

/// What a seeded store holds, read back with plain SQL so it can be compared before and
/// after a migration that did not finish.
fn snapshot(conn: &Connection) -> Vec<String> {
    let mut out: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut row = format!("{table}:");
                for i in 0..columns {
                    row.push_str(&format!(" {:?}", r.get_ref(i)?));
                }
                Ok(row)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        out.extend(rows);
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    out.push(format!("user_version {version}"));
    out
}

/// Every row of every table, each cell as text (`None` for NULL, numbers as written), the
/// rows of each table sorted so that two reads of one store compare equal.
fn cells(conn: &Connection) -> Vec<(String, Vec<String>, Vec<Option<String>>)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|n| n.to_string()).collect();
        let mut rows: Vec<Vec<Option<String>>> = stmt
            .query_map([], |r| {
                (0..names.len())
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => None,
                            rusqlite::types::ValueRef::Text(t) => {
                                Some(String::from_utf8_lossy(t).into_owned())
                            }
                            other => Some(format!("{other:?}")),
                        })
                    })
                    .collect()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        rows.sort();
        out.extend(
            rows.into_iter()
                .map(|row| (table.clone(), names.clone(), row)),
        );
    }
    out
}

/// Text an older version wrote for an instant: RFC 3339 in UTC, narrower than today's form.
fn old_instant(text: &str) -> bool {
    text.len() < medsos_rules::wib::STORED_LEN && crate::clock::from_stored(text).is_some()
}

#[test]
fn stored_instants_are_rewritten_to_the_fixed_width_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let before = {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 12).unwrap();
        seed_at_version(&conn, 12);
        // The fractions the PC wrote before (trailing zeros trimmed, or none at all), an
        // instant among the settings, and values that are not instants and must stay.
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES
                 ('sync.last_success_at', '2025-11-25T10:00:00.5Z'),
                 ('hub.account_states_at', '2025-11-25T10:00:00.123Z'),
                 ('calendar.reminder_lead_minutes', '30');
             INSERT INTO complaint_audit (at, actor, action, complaint_id, detail) VALUES
                 ('2025-11-25T10:00:00Z', 'Rina', 'lihat', 1, ''),
                 ('2025-11-25T10:00:00.05Z', 'Rina', 'lihat', 1, ''),
                 ('2025-11-25T10:00:00.12Z', 'Rina', 'ekspor', 1, '2025-11-25T10:00:00Z'),
                 ('2025-11-25T10:00:00.999Z', 'Rina', 'lihat', 1, '');",
        )
        .unwrap();
        cells(&conn)
    };
    let seeded_old = before
        .iter()
        .flat_map(|(_, _, row)| row.iter().flatten())
        .filter(|text| old_instant(text))
        .count();
    assert!(
        seeded_old > 30,
        "the seed holds old instants ({seeded_old})"
    );

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    let after = cells(store.conn());

    // Each old instant is now the same instant in the fixed width; every other cell, the
    // outbox's included (its triggers fired), is as it was. `detail` is free text: kept.
    let mut expected: Vec<_> = before
        .iter()
        .map(|(table, names, row)| {
            let row: Vec<Option<String>> = row
                .iter()
                .zip(names)
                .map(|(cell, name)| match cell {
                    Some(text) if name != "detail" && old_instant(text) => Some(
                        crate::clock::to_stored(crate::clock::from_stored(text).unwrap()),
                    ),
                    other => other.clone(),
                })
                .collect();
            (table.clone(), names.clone(), row)
        })
        .collect();
    let mut after_sorted = after.clone();
    let key = |(t, n, r): &(String, Vec<String>, Vec<Option<String>>)| {
        let mut r = r.clone();
        r.sort();
        (t.clone(), n.clone(), r)
    };
    expected.sort_by_key(key);
    after_sorted.sort_by_key(key);
    assert_eq!(after_sorted, expected);
    for (table, names, row) in &after {
        for (cell, name) in row.iter().zip(names) {
            if let Some(text) = cell {
                if name != "detail" && crate::clock::from_stored(text).is_some() {
                    assert_eq!(text.len(), 24, "{table}.{name} = {text}");
                }
            }
        }
    }

    let conn = store.conn();
    // Read back through the app, the same instants.
    let c = crate::complaints::get(conn, &clock(), 1, "Rina").unwrap();
    assert_eq!(c.received_at, "2025-11-24T02:00:00.000Z");
    assert_eq!(
        crate::clock::from_stored(&c.received_at),
        Some(datetime!(2025-11-24 02:00 UTC))
    );
    let (day, sent_at, pending): (String, String, i64) = conn
        .query_row(
            "SELECT day, sent_at, pending FROM sync_days WHERE sent_at IS NOT NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (day.as_str(), sent_at.as_str(), pending),
        ("2025-11-24", "2025-11-25T10:00:00.000Z", 0)
    );
    // Text order is time order again within a second.
    let audit: Vec<String> = conn
        // (complaints::get above wrote one more, today.)
        .prepare("SELECT at FROM complaint_audit WHERE at < '2026' ORDER BY at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        audit,
        [
            "2025-11-25T10:00:00.000Z",
            "2025-11-25T10:00:00.050Z",
            "2025-11-25T10:00:00.120Z",
            "2025-11-25T10:00:00.999Z"
        ]
    );
    let last_success: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'sync.last_success_at'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last_success, "2025-11-25T10:00:00.500Z");
}

#[test]
fn a_migration_failing_halfway_leaves_the_store_as_it_was() {
    // A store at schema 5 with data, where an object of the same name as one schema 8
    // creates is already there: migrations 6 and 7 succeed, 8 fails.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("halfway.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        seed_at_version(&conn, 5);
        conn.execute("CREATE TABLE sync_log (note TEXT)", [])
            .unwrap();
        conn.execute("INSERT INTO sync_log (note) VALUES ('disimpan tangan')", [])
            .unwrap();
    }
    let before = snapshot(&Connection::open(&path).unwrap());
    assert!(before.iter().any(|row| row.starts_with("drafts:")));

    let err = Store::open(&path).map(|_| ()).unwrap_err();
    assert!(
        matches!(err, StoreOpenError::Migration { .. }),
        "expected a migration error, got {err:?}"
    );

    let after = snapshot(&Connection::open(&path).unwrap());
    assert_eq!(
        after, before,
        "nothing of migrations 6 and 7 is left behind"
    );
    assert!(after.contains(&"user_version 5".to_string()));
    // And once the obstacle is gone the same store migrates with its data.
    Connection::open(&path)
        .unwrap()
        .execute("DROP TABLE sync_log", [])
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
    assert_eq!(
        drafts::list(store.conn(), &Default::default(), 10, 0)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_store_at_every_earlier_version_migrates_to_latest_with_its_data() {
    for version in 0..LATEST_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let mut conn = Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, version).unwrap();
            seed_at_version(&conn, version);
            if version >= 13 {
                // A PC at v13 or later writes instants at the fixed width: the seed's
                // whole-second instants are rewritten as migration 013 would have.
                let tx = conn.transaction().unwrap();
                super::migrations::with_widen(&tx, super::migrations::FIXED_WIDTH_INSTANTS)
                    .unwrap();
                tx.commit().unwrap();
            }
        }

        let store = Store::open(&path).unwrap_or_else(|e| panic!("from v{version}: {e}"));
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION as i64);
        let conn = store.conn();
        if version >= 1 {
            let p = profile::get(conn).unwrap().expect("profile kept");
            assert_eq!(
                (p.name.as_str(), p.code.as_str()),
                ("Dinas Pendidikan", "DISDIK")
            );
            assert_eq!(
                crate::settings::language(conn).unwrap(),
                crate::settings::Language::En
            );
        }
        if version >= 2 {
            let list = drafts::list(conn, &Default::default(), 10, 0).unwrap();
            assert_eq!(list.len(), 1);
            assert_eq!(list[0].excerpt, "Selamat Hari Guru 🙏");
            // Drafts written before the workflow existed start as plain drafts, and are found
            // by full-text search after the migration built the index.
            let found = drafts::list(
                conn,
                &drafts::DraftFilter {
                    query: Some("guru".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .unwrap();
            assert_eq!(found.len(), 1);
            if version == 2 {
                assert_eq!(found[0].status, drafts::Status::Draf);
            }
        }
        if version >= 3 {
            assert_eq!(drafts::transitions(conn, 1).unwrap().len(), 1);
        }
        if version >= 5 {
            let slots: i64 = conn
                .query_row("SELECT count(*) FROM slots WHERE draft_id = 1", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(slots, 1);
            let imported: bool = conn
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM holidays WHERE tanggal = '2027-01-01')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(imported, "holidays imported before the upgrade are kept");
        }
        if version >= 6 {
            let c = crate::complaints::get(conn, &clock(), 1, "Rina").unwrap();
            assert_eq!(c.body, "Jembatan gantung di Cibeber putus");
            assert_eq!(c.citizen_name, "Asep Sunandar");
            assert_eq!(c.status, crate::complaints::ComplaintStatus::Diverifikasi);
            assert_eq!(c.category_name, "Jalan dan jembatan");
            assert_eq!(crate::complaints::events(conn, 1).unwrap().len(), 2);
            // Rewritten to the fixed width by migration 013, the same instants.
            assert_eq!(c.received_at, "2025-11-24T02:00:00.000Z");
            assert_eq!(
                c.first_response_at.as_deref(),
                Some("2025-11-24T03:00:00.000Z")
            );
            assert_eq!(crate::complaints::replies(conn, 1).unwrap().len(), 1);
            let found = crate::complaints::list(
                conn,
                &clock(),
                &crate::complaints::ComplaintFilter {
                    query: Some("cibeber".into()),
                    ..Default::default()
                },
                10,
                0,
            )
            .unwrap();
            assert_eq!(
                found.total, 1,
                "complaints found by search after the upgrade"
            );
        }
        if version >= 7 {
            let (pending, sent): (i64, Option<i64>) = conn
                .query_row(
                    "SELECT pending, sent_revision FROM sync_days WHERE day = '2025-11-24'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                (pending, sent.is_some()),
                (0, true),
                "acknowledged days stay sent"
            );
            let sent_at: String = conn
                .query_row(
                    "SELECT sent_at FROM sync_days WHERE day = '2025-11-24'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(sent_at, "2025-11-25T10:00:00.000Z");
        }
        if version >= 8 {
            let detail: String = conn
                .query_row("SELECT detail FROM sync_log", [], |r| r.get(0))
                .unwrap();
            assert_eq!(detail, "Terkirim");
        }
        if version >= 9 {
            let (title, listed): (String, i64) = conn
                .query_row("SELECT title, listed FROM briefs WHERE id = 7", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .unwrap();
            assert_eq!((title.as_str(), listed), ("Hari Jadi Cianjur", 1));
        }
        if version >= 10 {
            let (brief, url): (Option<i64>, String) = conn
                .query_row(
                    "SELECT d.brief_id, f.url FROM drafts d, brief_fulfilments f
                     WHERE d.id = 1 AND f.brief_id = 7",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                (brief, url.as_str()),
                (Some(7), "https://www.instagram.com/p/abc/")
            );
        }
        if version >= 11 {
            let accounts = crate::accounts::model::list(conn).unwrap();
            assert_eq!(accounts.len(), 1);
            assert_eq!(accounts[0].handle, "disdikcianjur");
            assert!(accounts[0].verified);
            let reports = crate::accounts::reports::list_reports(conn).unwrap();
            assert_eq!(reports.len(), 1);
            assert_eq!(reports[0].imitates.as_deref(), Some("disdikcianjur"));
        }
        // The migrated store takes complaints; their deadlines skip the holidays it holds
        // (received on Nyepi, Thursday 19 March 2026: 20 and 23-24 are cuti bersama, 21-22
        // a weekend, so the first answer is due Wednesday 25).
        let complaint = crate::complaints::create(
            conn,
            &clock(),
            &crate::complaints::ComplaintInput {
                channel: crate::complaints::Channel::Whatsapp,
                source_url: String::new(),
                citizen_name: "Ujang".into(),
                citizen_contact: String::new(),
                body: "Jalan rusak di Cugenang".into(),
                received_at_wib: "2026-03-19T09:00".into(),
                kind: crate::complaints::ComplaintKind::Pengaduan,
                category_id: crate::complaints::categories::find_by_name(
                    conn,
                    "Jalan dan jembatan",
                )
                .unwrap()
                .unwrap()
                .id,
                kecamatan: "32.03.11".into(),
            },
            "Rina",
        )
        .unwrap();
        assert_eq!(
            complaint.next_due_at_wib.as_deref(),
            Some("2026-03-25T23:59")
        );
        assert_eq!(crate::complaints::categories::list(conn).unwrap().len(), 12);
        // The migrated store accepts new work in every table.
        profile::save(
            conn,
            &clock(),
            &ProfileInput {
                name: "Dinas Pendidikan".into(),
                code: "DISDIK".into(),
                address: String::new(),
                admin_name: "Rina".into(),
            },
        )
        .unwrap();
        drafts::create(
            conn,
            &clock(),
            &DraftInput {
                title: "Baru".into(),
                body: "Isi".into(),
                ..DraftInput::default()
            },
        )
        .unwrap();
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    std::fs::write(&path, "Laporan kegiatan bulan November\n".repeat(200)).unwrap();
    let before = sha(&path);

    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.not_a_database");
    assert!(err.to_string().contains("tidak diubah"));
    assert_eq!(sha(&path), before);
    assert!(!dir.path().join("s.sqlite3-wal").exists());
}

#[test]
fn a_damaged_store_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        for i in 0..300 {
            drafts::create(
                store.conn(),
                &clock(),
                &DraftInput {
                    title: format!("Draf {i}"),
                    body: "Kegiatan pelayanan publik di kecamatan. ".repeat(20),
                    ..DraftInput::default()
                },
            )
            .unwrap();
        }
        store
            .conn()
            .pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
    }
    let mut bytes = sha(&path);
    assert!(bytes.len() > 8 * 4096);
    for b in &mut bytes[4 * 4096..6 * 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.damaged", "{err}");
    assert_eq!(sha(&path), bytes);
}

#[test]
fn a_store_from_a_newer_app_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", LATEST_VERSION as i64 + 5)
            .unwrap();
        store
            .conn()
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.too_new");
    assert!(err.to_string().contains("lebih baru"));
    assert_eq!(sha(&path), before);
}

#[test]
fn another_programs_database_is_not_migrated_on_top_of() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
            .unwrap();
    }
    let before = sha(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.code(), "store.not_ours");
    assert_eq!(sha(&path), before);
}
