//! The hub's store at every earlier schema version, holding data, upgraded by the real
//! `medsos-hub` binary. Earlier versions are built from the numbered files in
//! `server/migrations/` (as the hub applied them then), so a new file is covered here as soon
//! as it lands; rows are seeded with the columns each version had.

use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The migration files, in order.
fn scripts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("server/migrations is there")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("migration reads"))
        .collect()
}

/// A store at `version`, as a hub of that version left it.
fn store_at(path: &Path, version: usize) -> Connection {
    let mut conn = Connection::open(path).expect("store opens");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("foreign keys");
    // Migration 007 rewrites instants with `widen()`, which the hub registers for it alone.
    conn.create_scalar_function(
        "widen",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        |ctx| {
            Ok(ctx
                .get::<Option<String>>(0)
                .ok()
                .flatten()
                .and_then(|text| medsos_rules::wib::widen_stored(&text)))
        },
    )
    .expect("widen registers");
    let tx = conn.transaction().expect("transaction");
    for sql in scripts().iter().take(version) {
        tx.execute_batch(sql).expect("earlier migration applies");
    }
    tx.pragma_update(None, "user_version", version as i64)
        .expect("user_version");
    tx.commit().expect("commit");
    conn
}

fn summary_json(day: &str) -> String {
    serde_json::to_string(&medsos_protocol::DailySummary::example(day, 1)).expect("summary")
}

/// Writes rows that are valid at `version`, using only the columns that version has.
fn seed_at_version(conn: &Connection, version: usize) {
    if version >= 1 {
        conn.execute_batch(
            "INSERT INTO agencies (id, code, name, created_at) VALUES
                 (1, 'DINKES', 'Dinas Kesehatan', '2025-01-02T01:00:00Z'),
                 (2, 'DISDIK', 'Dinas Pendidikan', '2025-01-02T01:00:00Z');
             INSERT INTO enrolment_codes (id, agency_id, code_hash, created_at, expires_at, used_at)
                 VALUES (1, 1, 'hash-code-1', '2025-01-02T01:00:00Z', '2025-01-09T01:00:00Z',
                         '2025-01-03T01:00:00Z');
             INSERT INTO devices (id, agency_id, enrolment_code_id, name, token_hash, enrolled_at)
                 VALUES (1, 1, 1, 'PC kantor', 'hash-token-1', '2025-01-03T01:00:00Z');",
        )
        .expect("seed v1");
    }
    if version >= 2 {
        let summary = summary_json("2025-11-20");
        if version < 5 {
            conn.execute(
                "INSERT INTO summaries (agency_id, day, schema_version, revision, summary, received_at)
                 VALUES (1, '2025-11-20', 1, 1, ?1, '2025-11-20T12:00:00Z')",
                params![summary],
            )
            .expect("seed summary");
        } else {
            conn.execute(
                "INSERT INTO summaries (agency_id, device_id, day, schema_version, revision,
                     summary, received_at)
                 VALUES (1, 1, '2025-11-20', 1, 1, ?1, '2025-11-20T12:00:00Z')",
                params![summary],
            )
            .expect("seed summary");
        }
        conn.execute_batch(
            "INSERT INTO briefs (id, title, body, programme, from_day, to_day, created_at)
                 VALUES (1, 'Hari Jadi Cianjur', 'Unggah ucapan', 'Cianjur Manjur',
                         '2025-07-01', '2025-07-12', '2025-06-30T01:00:00Z');",
        )
        .expect("seed brief");
        if version < 4 {
            // Before 004 handles were kept as typed; 004 lower-cases them.
            conn.execute(
                "INSERT INTO agency_accounts (id, agency_id, platform, handle, url, verified, created_at)
                 VALUES (1, 1, 'instagram', 'DinkesCianjur', 'https://www.instagram.com/DinkesCianjur/',
                         1, '2025-01-05T01:00:00Z')",
                [],
            )
            .expect("seed account");
        }
    }
    if version >= 3 {
        // What the hub of schema 3 wrote beside each summary.
        conn.execute_batch(
            "INSERT INTO day_facts VALUES (1, '2025-11-20', 2, 1, 0, 1, 0, 1, 4, 0, 6, 5, 3, 1,
                                           12, 95, 2880);
             INSERT INTO day_counts (dimension, day, agency_id, name, count) VALUES
                 ('type', '2025-11-20', 1, 'pengaduan', 5),
                 ('type', '2025-11-20', 1, 'aspirasi', 1);
             UPDATE agencies SET last_sync_at = '2025-11-20T12:00:00Z' WHERE id = 1;
             INSERT INTO users (id, username, display_name, password_hash, created_at)
                 VALUES (1, 'operator', 'Operator Diskominfo', '$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA',
                         '2025-01-01T01:00:00Z');
             INSERT INTO dashboard_settings (key, value) VALUES ('period', 'bulan');
             INSERT INTO brief_targets (brief_id, agency_id) VALUES (1, 1);
             INSERT INTO brief_attachments (id, brief_id, file_name, content_type, bytes)
                 VALUES (1, 1, 'logo.png', 'image/png', x'89504e47');
             INSERT INTO brief_fulfilments (brief_id, agency_id, platform, url, day, reported_at)
                 VALUES (1, 1, 'instagram', 'https://www.instagram.com/p/abc/', '2025-07-12',
                         '2025-07-12T12:00:00Z');",
        )
        .expect("seed v3");
    }
    if version >= 4 {
        conn.execute_batch(
            "INSERT INTO agency_accounts (id, agency_id, platform, handle, url, display_name,
                 verified, source, device_id, created_at, updated_at)
                 VALUES (1, 1, 'instagram', 'dinkescianjur', 'https://www.instagram.com/dinkescianjur/',
                         'Dinkes Cianjur', 1, 'diskominfo', NULL, '2025-01-05T01:00:00Z',
                         '2025-01-05T01:00:00Z');
             INSERT INTO impersonation_reports (agency_id, report_id, platform, handle, url,
                 imitates, description, status, first_seen_on, updated_at, received_at)
                 VALUES (1, 'r-1', 'instagram', 'dinkescianjurr',
                         'https://www.instagram.com/dinkescianjurr/', 'dinkescianjur',
                         'Meminta pulsa', 'dilaporkan', '2025-11-18', '2025-11-19T01:00:00Z',
                         '2025-11-20T12:00:00Z');",
        )
        .expect("seed v4");
    }
    if version >= 5 {
        conn.execute_batch(
            "INSERT INTO account_listings (agency_id, platform, handle, state, url, display_name,
                 verified, reason, decided_by, decided_at)
                 VALUES (1, 'instagram', 'dinkescianjur', 'approved',
                         'https://www.instagram.com/dinkescianjur/', 'Dinkes Cianjur', 1, NULL,
                         'operator', '2025-01-06T01:00:00Z');
             UPDATE devices SET last_sync_at = '2025-11-20T12:00:00Z', installation_id = 'inst-1';",
        )
        .expect("seed v5");
    }
    if version >= 8 {
        conn.execute_batch(
            "INSERT INTO meta_connection (id, token_sealed, connected_at, checked_at)
                 VALUES (1, 'v1.sealed', '2025-11-21T01:00:00.000Z', '2025-11-21T01:00:00.000Z');",
        )
        .expect("seed v8");
    }
}

/// A `.sig` as Tauri writes it (base64 of a minisign signature file) for `bytes`.
fn tauri_signature(bytes: &[u8]) -> String {
    use base64::Engine;
    let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("key pair");
    let signature =
        minisign::sign(None, &pair.sk, std::io::Cursor::new(bytes), None, None).expect("signs");
    base64::engine::general_purpose::STANDARD.encode(signature.into_string())
}

fn hub(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("medsos-hub runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn succeeded(output: &Output) -> String {
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    stdout
}

fn user_version(conn: &Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version")
}

#[test]
fn a_hub_store_at_every_earlier_version_migrates_to_latest_with_its_data() {
    let latest = scripts().len();
    for version in 0..latest {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("hub.sqlite3");
        {
            let conn = store_at(&db, version);
            seed_at_version(&conn, version);
            if version >= 7 {
                // A hub at v7 or later writes instants at the fixed width: the seed's
                // whole-second instants are rewritten as migration 007 would have.
                conn.execute_batch(&scripts()[6]).expect("seed widened");
            }
        }

        // Any command opens the store and migrates it; `agency list` only reads after that.
        let listed = succeeded(&hub(&["agency", "list"], &db));
        let conn = Connection::open(&db).expect("store reopens");
        assert_eq!(user_version(&conn), latest as i64, "from v{version}");
        let generation: i64 = conn
            .query_row("SELECT generation FROM registry_generation", [], |r| {
                r.get(0)
            })
            .expect("registry generation");
        assert!(generation >= 1);

        if version >= 1 {
            assert!(listed.contains("DINKES"), "from v{version}: {listed}");
            assert!(
                listed.contains("Dinas Pendidikan"),
                "from v{version}: {listed}"
            );
            let token: String = conn
                .query_row("SELECT token_hash FROM devices WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .expect("device kept");
            assert_eq!(token, "hash-token-1", "the PC stays enrolled");
            let region: String = conn
                .query_row(
                    "SELECT region_code FROM agencies WHERE code = 'DINKES'",
                    [],
                    |r| r.get(0),
                )
                .expect("agency kept");
            assert_eq!(region, "32.03", "Cianjur's agencies are region 32.03");
            let enrolled: String = conn
                .query_row("SELECT enrolled_at FROM devices WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .expect("device kept");
            assert_eq!(enrolled, "2025-01-03T01:00:00.000Z", "from v{version}");
            assert_eq!(
                medsos_hub::clock::from_stored(&enrolled),
                medsos_hub::clock::from_stored("2025-01-03T01:00:00Z")
            );
        }
        if version >= 2 {
            // The summary is kept, credited to the PC enrolled before it came, and the
            // dashboard's figures hold it.
            let (device, summary): (i64, String) = conn
                .query_row(
                    "SELECT device_id, summary FROM summaries WHERE agency_id = 1 AND day = '2025-11-20'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("summary kept");
            assert_eq!(device, 1, "from v{version}");
            assert_eq!(summary, summary_json("2025-11-20"));
            let (received, published, last_sync): (i64, i64, Option<String>) = conn
                .query_row(
                    "SELECT f.received, f.ig_published, a.last_sync_at
                     FROM day_facts f JOIN agencies a ON a.id = f.agency_id
                     WHERE f.agency_id = 1 AND f.day = '2025-11-20'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .expect("day facts");
            assert_eq!((received, published), (6, 2), "from v{version}");
            // Rewritten to the fixed width by migration 007, the same instant.
            assert_eq!(last_sync.as_deref(), Some("2025-11-20T12:00:00.000Z"));
            let exported = succeeded(&hub(
                &[
                    "summaries",
                    "export",
                    "--from",
                    "2025-11-20",
                    "--to",
                    "2025-11-20",
                    "--format",
                    "json",
                ],
                &db,
            ));
            assert!(exported.contains("DINKES"), "from v{version}: {exported}");

            // The account recorded for the agency is listed, lower-cased, as official.
            let accounts = succeeded(&hub(&["account", "list"], &db));
            assert!(
                accounts.contains("@dinkescianjur"),
                "from v{version}: {accounts}"
            );
            assert!(accounts.contains("resmi"), "from v{version}: {accounts}");
            let title: String = conn
                .query_row("SELECT title FROM briefs WHERE id = 1", [], |r| r.get(0))
                .expect("brief kept");
            assert_eq!(title, "Hari Jadi Cianjur");
        }
        if version >= 3 {
            let (user, fulfilled, attachment): (String, i64, Vec<u8>) = conn
                .query_row(
                    "SELECT (SELECT username FROM users WHERE id = 1),
                            (SELECT count(*) FROM brief_fulfilments WHERE agency_id = 1),
                            (SELECT bytes FROM brief_attachments WHERE id = 1)",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .expect("v3 rows kept");
            assert_eq!(
                (user.as_str(), fulfilled, attachment),
                ("operator", 1, b"\x89PNG".to_vec())
            );
        }
        if version >= 4 {
            let (imitates, status): (String, String) = conn
                .query_row(
                    "SELECT imitates, status FROM impersonation_reports WHERE report_id = 'r-1'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("report kept");
            assert_eq!(
                (imitates.as_str(), status.as_str()),
                ("dinkescianjur", "dilaporkan")
            );
        }
        if version >= 5 {
            let installation: Option<String> = conn
                .query_row(
                    "SELECT installation_id FROM devices WHERE id = 1",
                    [],
                    |r| r.get(0),
                )
                .expect("device");
            assert_eq!(installation.as_deref(), Some("inst-1"));
        }

        if version >= 1 {
            // Every PC starts without a reported app version.
            let reported: (Option<String>, Option<String>) = conn
                .query_row(
                    "SELECT app_version, app_version_at FROM devices WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .expect("device");
            assert_eq!(reported, (None, None), "from v{version}");
        }
        if version >= 8 {
            let sealed: String = conn
                .query_row("SELECT token_sealed FROM meta_connection", [], |r| r.get(0))
                .expect("meta connection kept");
            assert_eq!(sealed, "v1.sealed");
        }
        let releases = succeeded(&hub(&["release", "list"], &db));
        assert!(
            releases.contains("Belum ada rilis"),
            "from v{version}: {releases}"
        );

        // The migrated store takes new work.
        succeeded(&hub(
            &[
                "agency",
                "add",
                "--name",
                "Kecamatan Cugenang",
                "--code",
                "cugenang",
            ],
            &db,
        ));
        succeeded(&hub(
            &[
                "account",
                "add",
                "--agency",
                "CUGENANG",
                "--platform",
                "instagram",
                "--handle",
                "kec.cugenang",
            ],
            &db,
        ));
        let artifact = dir.path().join("Medsos_PD_0.2.0_x64-setup.exe");
        std::fs::write(&artifact, b"installer").expect("artifact");
        let signature = tauri_signature(b"installer");
        succeeded(&hub(
            &[
                "release",
                "add",
                "--version",
                "0.2.0",
                "--target",
                "windows-x86_64",
                "--file",
                &artifact.to_string_lossy(),
                "--signature",
                &signature,
            ],
            &db,
        ));
        let releases = succeeded(&hub(&["release", "list"], &db));
        assert!(releases.contains("0.2.0"), "from v{version}: {releases}");
    }
}

/// Every row of every table, each cell as text (`None` for NULL, other values as debugged),
/// each table's rows sorted, so that a store read twice compares equal.
fn cells(conn: &Connection) -> Vec<(String, Vec<String>, Vec<Option<String>>)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    let mut out = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
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
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        rows.sort();
        out.extend(
            rows.into_iter()
                .map(|row| (table.clone(), names.clone(), row)),
        );
    }
    out
}

/// Text an older hub wrote for an instant (whole seconds), narrower than today's form.
fn old_instant(text: &str) -> bool {
    text.len() < medsos_rules::wib::STORED_LEN && medsos_hub::clock::from_stored(text).is_some()
}

#[test]
fn stored_instants_are_rewritten_to_the_fixed_width_and_nothing_else_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let before = {
        let conn = store_at(&db, 6);
        seed_at_version(&conn, 6);
        conn.execute_batch(
            "INSERT INTO sessions (token_hash, csrf_token, user_id, created_at, expires_at)
                 VALUES ('s-1', 'c-1', 1, '2025-11-20T12:00:00Z', '2025-11-21T00:00:00Z');
             UPDATE users SET disabled_at = '2025-11-22T01:02:03Z';
             INSERT INTO account_listing_events (agency_id, platform, handle, action, verified,
                 reason, actor, at)
                 VALUES (1, 'instagram', 'dinkescianjur', 'approve', 1, NULL, 'operator',
                         '2025-01-06T01:00:00Z');
             INSERT INTO dashboard_settings (key, value) VALUES ('mulai', '2025-11-01');",
        )
        .expect("more rows");
        cells(&conn)
    };
    let seeded_old = before
        .iter()
        .flat_map(|(_, _, row)| row.iter().flatten())
        .filter(|text| old_instant(text))
        .count();
    assert!(
        seeded_old > 20,
        "the seed holds old instants ({seeded_old})"
    );

    let conn = medsos_hub::store::sqlite::open(&db).expect("migrates");
    assert_eq!(user_version(&conn), scripts().len() as i64);
    // Columns later migrations add (the PCs' app version, 009) start empty, the agencies'
    // region (010) as Cianjur; the cells of
    // the columns the rows had before are compared.
    let had: std::collections::HashMap<String, Vec<String>> = before
        .iter()
        .map(|(table, names, _)| (table.clone(), names.clone()))
        .collect();
    let after: Vec<(String, Vec<String>, Vec<Option<String>>)> = cells(&conn)
        .into_iter()
        // Rows a later migration seeds itself (010's provinsi Jawa Barat and Kabupaten
        // Cianjur) were never the hub's data.
        .filter(|(table, _, _)| table != "regions")
        .map(|(table, names, row)| {
            let Some(old) = had.get(&table) else {
                return (table, names, row);
            };
            let mut kept = (Vec::new(), Vec::new());
            for (name, cell) in names.into_iter().zip(row) {
                if old.contains(&name) {
                    kept.0.push(name);
                    kept.1.push(cell);
                } else if name == "region_code" {
                    // 010: every agency of a hub from before regions is Kabupaten Cianjur's.
                    assert_eq!(cell.as_deref(), Some("32.03"), "{table}.{name}");
                } else if table == "users" && name == "scope" {
                    // 011: officers from before regions keep seeing everything.
                    assert_eq!(cell.as_deref(), Some("all"), "{table}.{name}");
                } else if table == "users" && name == "role" {
                    // 013: officers from before roles are admins, so nobody is locked out.
                    assert_eq!(cell.as_deref(), Some("admin"), "{table}.{name}");
                } else {
                    assert_eq!(cell, None, "{table}.{name} added empty");
                }
            }
            (table, kept.0, kept.1)
        })
        .collect();

    // Each old instant is now the same instant in the fixed width; every other cell, the
    // registry generation included (its triggers fired), is as it was.
    let key = |(t, n, r): &(String, Vec<String>, Vec<Option<String>>)| {
        let mut r = r.clone();
        r.sort();
        (t.clone(), n.clone(), r)
    };
    let mut expected: Vec<_> = before
        .iter()
        .map(|(table, names, row)| {
            let row: Vec<Option<String>> = row
                .iter()
                .map(|cell| match cell {
                    Some(text) if old_instant(text) => Some(medsos_hub::clock::to_stored(
                        medsos_hub::clock::from_stored(text).expect("instant"),
                    )),
                    other => other.clone(),
                })
                .collect();
            (table.clone(), names.clone(), row)
        })
        .collect();
    let mut after_sorted = after.clone();
    expected.sort_by_key(key);
    after_sorted.sort_by_key(key);
    assert_eq!(after_sorted, expected);
    for (table, names, row) in &after {
        for (cell, name) in row.iter().zip(names) {
            if let Some(text) = cell {
                if medsos_hub::clock::from_stored(text).is_some() {
                    assert_eq!(text.len(), 24, "{table}.{name} = {text}");
                }
            }
        }
    }
    let decided: String = conn
        .query_row("SELECT decided_at FROM account_listings", [], |r| r.get(0))
        .expect("listing");
    assert_eq!(decided, "2025-01-06T01:00:00.000Z");
    let period: String = conn
        .query_row(
            "SELECT value FROM dashboard_settings WHERE key = 'mulai'",
            [],
            |r| r.get(0),
        )
        .expect("setting");
    assert_eq!(period, "2025-11-01", "days are not instants");
}

/// Every row of every table and the schema, to compare a store before and after.
fn snapshot(conn: &Connection) -> Vec<String> {
    let mut out: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .expect("schema")
        .query_map([], |r| r.get(0))
        .expect("schema rows")
        .collect::<rusqlite::Result<_>>()
        .expect("schema rows");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let columns = stmt.column_count();
        let rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut row = format!("{table}:");
                for i in 0..columns {
                    row.push_str(&format!(" {:?}", r.get_ref(i)?));
                }
                Ok(row)
            })
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        out.extend(rows);
    }
    out.push(format!("user_version {}", user_version(conn)));
    out
}

#[test]
fn a_hub_migration_failing_halfway_leaves_the_store_as_it_was() {
    // A store at schema 3 with data and a stray table named as one schema 6 creates:
    // migrations 4 and 5 (which rebuild the accounts and summaries tables) succeed, 6 fails.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    {
        let conn = store_at(&db, 3);
        seed_at_version(&conn, 3);
        conn.execute("CREATE TABLE registry_generation (note TEXT)", [])
            .expect("stray table");
    }
    let before = snapshot(&Connection::open(&db).expect("open"));
    assert!(before.iter().any(|row| row.starts_with("summaries:")));

    let failed = hub(&["agency", "list"], &db);
    assert!(
        !failed.status.success(),
        "the upgrade must fail: {}",
        text(&failed.stdout)
    );
    let said = text(&failed.stderr);
    assert!(said.contains("registry_generation"), "{said}");
    let after = snapshot(&Connection::open(&db).expect("open"));
    assert_eq!(
        after, before,
        "nothing of migrations 4 and 5 is left behind"
    );

    // Once the obstacle is gone the same store migrates with its data.
    Connection::open(&db)
        .expect("open")
        .execute("DROP TABLE registry_generation", [])
        .expect("drop");
    let listed = succeeded(&hub(&["agency", "list"], &db));
    assert!(listed.contains("DINKES"), "{listed}");
}
