//! Debug builds only: the two hidden commands `cargo xtask soak` kills and checks.
//!
//! - `medsos-pd soak-ketik --draft-count N --edits M --ack FILE` types like the editor does:
//!   it creates drafts and saves edits through the very core functions the window's
//!   `draft_create` and autosave (`draft_update`) commands call, and after every save that
//!   returned (committed) appends one JSON line to FILE and flushes it to the disk. A line in
//!   FILE is therefore a write the app acknowledged.
//! - `medsos-pd soak-periksa --ack FILE [--cadangan DIR]` opens the store the way every
//!   command does, runs `PRAGMA integrity_check` and the FTS5 integrity checks, and verifies
//!   every acknowledged write in FILE: a draft holds the acknowledged text or a later edit;
//!   an import's complaints are all there or none (all when its import was acknowledged);
//!   and no backup in DIR is half-written under its final name. Prints one JSON object and
//!   fails on any problem.
//!
//! Nothing here is compiled into a release build (`tests/tests/release.rs` checks the names).

use medsos_core::drafts::{self, DraftInput};
use medsos_core::{Store, SystemClock};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

/// Where a soak writes its marker in a draft's notes: `soak-suntingan:K`.
const EDIT_MARK: &str = "soak-suntingan:";

/// One line of the acknowledgement file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "jenis", rename_all = "snake_case")]
pub enum Ack {
    /// A draft save the core committed: edit 0 is its creation.
    Draf {
        id: i64,
        suntingan: u64,
        updated_at: String,
        sha256: String,
    },
    /// An import of `baris` complaints whose text carries `penanda`; written by the soak
    /// before the import starts (`selesai: false`) and again when it exited with success.
    Impor {
        penanda: String,
        baris: u64,
        selesai: bool,
    },
}

/// What the autosave path saves, hashed: every text field the editor sends.
fn content_hash(input_like: [&str; 7]) -> String {
    let mut hasher = Sha256::new();
    for field in input_like {
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn draft_hash(d: &drafts::Draft) -> String {
    content_hash([
        &d.title,
        &d.body,
        d.instagram_text.as_deref().unwrap_or(""),
        d.facebook_text.as_deref().unwrap_or(""),
        &d.hashtags,
        &d.source,
        &d.notes,
    ])
}

/// The text of edit `k` of the `n`th draft: grows and shrinks like a narrative being
/// written, so pages of the table and of the FTS index churn.
fn edit_input(n: u64, k: u64) -> DraftInput {
    let sentence = "Dinas Kesehatan Kabupaten Cianjur menggelar posyandu keliling di Kecamatan Cugenang bersama kader desa. ";
    let repeats = 1 + ((n * 7 + k * 13) % 40) as usize;
    let mut body = format!("Suntingan {k} dari draf uji ketahanan {n}. ");
    body.push_str(&sentence.repeat(repeats));
    DraftInput {
        title: format!("Uji ketahanan {n}: posyandu keliling"),
        body,
        hashtags: "#CianjurManjur #DinkesCianjur".into(),
        source: "Dinas Kesehatan Kabupaten Cianjur".into(),
        notes: format!("{EDIT_MARK}{k}"),
        ..DraftInput::default()
    }
}

/// Appends one line and flushes it to the disk before the next save starts.
fn acknowledge(file: &mut std::fs::File, ack: &Ack) -> Result<(), String> {
    let mut line = serde_json::to_string(ack).map_err(|e| e.to_string())?;
    line.push('\n');
    file.write_all(line.as_bytes())
        .and_then(|()| file.sync_data())
        .map_err(|e| format!("Berkas tanda terima tidak dapat ditulis: {e}"))
}

/// `soak-ketik`: `draft_count` drafts, then `edits` autosaves spread over them in turn.
pub fn ketik(store: &Store, draft_count: u64, edits: u64, ack: &Path) -> Result<String, String> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(ack)
        .map_err(|e| {
            format!(
                "Berkas tanda terima {} tidak dapat dibuka: {e}",
                ack.display()
            )
        })?;
    let clock = SystemClock;
    let conn = store.conn();
    let mut ids = Vec::new();
    for n in 0..draft_count {
        // What the window's draft_create does.
        let draft = drafts::create(conn, &clock, &edit_input(n, 0)).map_err(|e| e.to_string())?;
        acknowledge(
            &mut file,
            &Ack::Draf {
                id: draft.id,
                suntingan: 0,
                updated_at: draft.updated_at.clone(),
                sha256: draft_hash(&draft),
            },
        )?;
        ids.push((n, draft.id));
    }
    if ids.is_empty() {
        return Ok("Tidak ada draf yang dibuat.".into());
    }
    for k in 1..=edits {
        let index = ((k - 1) % ids.len() as u64) as usize;
        let (n, id) = ids[index];
        let edit = (k - 1) / ids.len() as u64 + 1;
        // The editor's autosave (commands::drafts::draft_update) calls exactly this.
        let saved =
            drafts::update(conn, &clock, id, &edit_input(n, edit)).map_err(|e| e.to_string())?;
        acknowledge(
            &mut file,
            &Ack::Draf {
                id,
                suntingan: edit,
                updated_at: saved.updated_at.clone(),
                sha256: draft_hash(&saved),
            },
        )?;
    }
    Ok(format!(
        "{} draf dibuat, {} suntingan tersimpan dan dicatat di {}.",
        ids.len(),
        edits,
        ack.display()
    ))
}

/// Reads the acknowledgement file. A last line without its newline was being written when
/// the process died: it was never acknowledged and is left out.
fn read_acks(path: &Path) -> Result<Vec<Ack>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{} tidak dapat dibaca: {e}", path.display())),
    };
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    complete
        .lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .map_err(|e| format!("baris {} berkas tanda terima rusak: {e}", i + 1))
        })
        .collect()
}

fn pragma_lines(conn: &rusqlite::Connection, sql: &str) -> Result<Vec<String>, String> {
    let mut statement = conn.prepare(sql).map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(|e| e.to_string())?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// Names a backup writer gives a file it has not finished: never a backup's final name.
fn is_temporary_name(name: &str) -> bool {
    name.starts_with('.')
        || [".tmp", ".part", ".sementara", "-journal", "-wal", "-shm"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// Every file under a final name in `dir` must be whole: a `.cadangan` file decrypts to its
/// end with the store's phrase and holds a store that passes `integrity_check` with the
/// counts its header promises; any other file is not empty, and when it is a plain SQLite
/// file, passes `integrity_check`. Answers the problems and how many files
/// were checked, and how many had a format this check cannot read (encrypted backups).
fn check_backups(store: &Store, dir: &Path, problems: &mut Vec<String>) -> serde_json::Value {
    let mut checked = 0;
    let mut unreadable_format = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return json!({"folder": dir.display().to_string(), "diperiksa": 0});
        }
        Err(e) => {
            problems.push(format!(
                "folder cadangan {} tidak terbaca: {e}",
                dir.display()
            ));
            return json!({"folder": dir.display().to_string()});
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if is_temporary_name(&name) || !path.is_file() {
            continue;
        }
        checked += 1;
        // A Medsos PD backup: checked as the app checks one it has just written.
        if path
            .extension()
            .is_some_and(|e| e == medsos_core::backup::EXTENSION)
        {
            if let Err(e) = medsos_core::backup::check_file(store.conn(), store.path(), &path) {
                problems.push(format!("cadangan {name} tidak utuh: {e}"));
            }
            continue;
        }
        let bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.is_empty() {
            problems.push(format!("cadangan {name} kosong di bawah nama akhirnya"));
            continue;
        }
        if !bytes.starts_with(b"SQLite format 3\0") {
            unreadable_format.push(name);
            continue;
        }
        let verdict = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .map_err(|e| e.to_string())
        .and_then(|conn| pragma_lines(&conn, "PRAGMA integrity_check"));
        match verdict {
            Ok(lines) if lines == ["ok"] => {}
            Ok(lines) => problems.push(format!("cadangan {name} rusak: {}", lines.join("; "))),
            Err(e) => problems.push(format!("cadangan {name} tidak dapat dibuka: {e}")),
        }
    }
    json!({
        "folder": dir.display().to_string(),
        "diperiksa": checked,
        "format_tidak_dikenal": unreadable_format,
    })
}

/// `soak-periksa`: the JSON verdict and whether everything held.
pub fn periksa(store: &Store, ack: &Path, backups: Option<&Path>) -> (serde_json::Value, bool) {
    let conn = store.conn();
    let mut problems: Vec<String> = Vec::new();

    let integrity = match pragma_lines(conn, "PRAGMA integrity_check") {
        Ok(lines) => lines.join("; "),
        Err(e) => format!("gagal: {e}"),
    };
    if integrity != "ok" {
        problems.push(format!("integrity_check: {integrity}"));
    }
    let mut fts = BTreeMap::new();
    for table in ["complaints_fts", "drafts_fts"] {
        let verdict = match conn.execute(
            &format!("INSERT INTO {table}({table}) VALUES('integrity-check')"),
            [],
        ) {
            Ok(_) => "ok".to_owned(),
            Err(e) => {
                problems.push(format!("{table} integrity-check: {e}"));
                e.to_string()
            }
        };
        fts.insert(table, verdict);
    }

    let acks = match read_acks(ack) {
        Ok(acks) => acks,
        Err(e) => {
            problems.push(e);
            Vec::new()
        }
    };
    // The newest acknowledged edit of each draft, and each import's final word.
    let mut newest: BTreeMap<i64, (u64, String, String)> = BTreeMap::new();
    let mut imports: BTreeMap<String, (u64, bool)> = BTreeMap::new();
    for entry in &acks {
        match entry {
            Ack::Draf {
                id,
                suntingan,
                updated_at,
                sha256,
            } => {
                let later = newest.get(id).is_none_or(|(k, _, _)| suntingan >= k);
                if later {
                    newest.insert(*id, (*suntingan, updated_at.clone(), sha256.clone()));
                }
            }
            Ack::Impor {
                penanda,
                baris,
                selesai,
            } => {
                let done = imports.get(penanda).is_some_and(|(_, d)| *d) || *selesai;
                imports.insert(penanda.clone(), (*baris, done));
            }
        }
    }
    for (id, (edit, updated_at, sha)) in &newest {
        match drafts::get(conn, *id) {
            Err(e) => problems.push(format!("draf {id} (suntingan {edit} diakui) hilang: {e}")),
            Ok(draft) => {
                let stored_edit = draft
                    .notes
                    .strip_prefix(EDIT_MARK)
                    .and_then(|k| k.parse::<u64>().ok());
                match stored_edit {
                    None => problems.push(format!(
                        "draf {id}: catatan suntingan tidak terbaca ({:?})",
                        draft.notes
                    )),
                    Some(k) if k < *edit => problems.push(format!(
                        "draf {id}: tersimpan suntingan {k}, padahal suntingan {edit} sudah diakui"
                    )),
                    Some(k) if k == *edit && draft_hash(&draft) != *sha => problems.push(format!(
                        "draf {id}: isi suntingan {k} berbeda dari yang diakui"
                    )),
                    Some(k) if k == *edit && draft.updated_at < *updated_at => {
                        problems.push(format!("draf {id}: updated_at mundur"))
                    }
                    Some(_) => {}
                }
            }
        }
    }
    let mut import_counts = BTreeMap::new();
    for (mark, (rows, done)) in &imports {
        let found: Result<i64, _> = conn.query_row(
            "SELECT COUNT(*) FROM complaints WHERE instr(body, ?1) > 0",
            [mark],
            |row| row.get(0),
        );
        match found {
            Err(e) => problems.push(format!("impor {mark}: tidak dapat dihitung: {e}")),
            Ok(found) => {
                let found = found as u64;
                import_counts.insert(mark.clone(), found);
                if *done && found != *rows {
                    problems.push(format!(
                        "impor {mark} diakui selesai ({rows} baris) tetapi tersimpan {found}"
                    ));
                } else if found != 0 && found != *rows {
                    problems.push(format!(
                        "impor {mark} setengah jadi: {found} dari {rows} baris tersimpan"
                    ));
                }
            }
        }
    }
    let backup_report = backups.map(|dir| check_backups(store, dir, &mut problems));
    let ok = problems.is_empty();
    (
        json!({
            "ok": ok,
            "integrity_check": integrity,
            "fts": fts,
            "tanda_terima": acks.len(),
            "draf_diperiksa": newest.len(),
            "impor": import_counts,
            "cadangan": backup_report,
            "masalah": problems,
        }),
        ok,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_half_written_last_line_was_never_acknowledged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ack.jsonl");
        std::fs::write(
            &path,
            "{\"jenis\":\"impor\",\"penanda\":\"[A]\",\"baris\":3,\"selesai\":false}\n{\"jenis\":\"dr",
        )
        .expect("write");
        let acks = read_acks(&path).expect("reads");
        assert_eq!(acks.len(), 1);
    }

    #[test]
    fn typed_edits_are_acknowledged_and_verified_and_a_lost_one_is_caught() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("store.sqlite3")).expect("store");
        let ack = dir.path().join("ack.jsonl");
        ketik(&store, 3, 10, &ack).expect("types");
        let (report, ok) = periksa(&store, &ack, None);
        assert!(ok, "{report}");
        assert_eq!(report["draf_diperiksa"], 3);
        assert_eq!(report["tanda_terima"], 13);

        // An acknowledged edit that is not in the store is a failure.
        let mut file = OpenOptions::new().append(true).open(&ack).expect("ack");
        let first = drafts::get(store.conn(), 1).expect("draft");
        acknowledge(
            &mut file,
            &Ack::Draf {
                id: 1,
                suntingan: 99,
                updated_at: first.updated_at,
                sha256: "0".repeat(64),
            },
        )
        .expect("ack");
        acknowledge(
            &mut file,
            &Ack::Impor {
                penanda: "[SOAK-TIDAK-ADA]".into(),
                baris: 5,
                selesai: true,
            },
        )
        .expect("ack");
        let (report, ok) = periksa(&store, &ack, None);
        assert!(!ok);
        let problems = report["masalah"].to_string();
        assert!(problems.contains("suntingan 99"), "{problems}");
        assert!(problems.contains("SOAK-TIDAK-ADA"), "{problems}");
    }

    #[test]
    fn only_final_names_count_as_backups() {
        assert!(is_temporary_name(".medsos-pd.sqlite3.tmp"));
        assert!(is_temporary_name("cadangan.part"));
        assert!(!is_temporary_name("medsos-pd-2026-12-06.sqlite3"));
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path().join("s.sqlite3")).expect("store");
        let out = dir.path().join("usb");
        std::fs::create_dir(&out).expect("usb");
        std::fs::write(out.join(".setengah.tmp"), b"SQLite format 3\0xx").expect("w");
        std::fs::write(out.join(".medsos-pd-cadangan-x.sebagian"), b"MEDSOS").expect("w");
        std::fs::write(out.join("rusak.sqlite3"), b"SQLite format 3\0xx").expect("w");
        // A backup cut short under its final name is found.
        std::fs::write(
            out.join("medsos-pd-1-20261206-080000.cadangan"),
            b"MEDSOSPD-CADANG",
        )
        .expect("w");
        let mut problems = Vec::new();
        let report = check_backups(&store, &out, &mut problems);
        assert_eq!(report["diperiksa"], 2);
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
