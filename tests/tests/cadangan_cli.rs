//! `medsos-pd backup` and `medsos-pd restore` on real folders: a round trip through a folder
//! standing for a flashdisk, the list, a phrase read from standard input, and the failures an
//! office PC meets: a flashdisk that is full (a 1 MB tmpfs), one that was unplugged, a wrong
//! phrase. Each failure says what happened and leaves the store exactly as it was.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::*;

fn pd(data: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(app_binary())
        .args(args)
        .env("MEDSOS_DATA_DIR", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("medsos-pd");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
    }
    child.wait_with_output().expect("medsos-pd finishes")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn phrase_of(printed: &str) -> String {
    printed
        .lines()
        .filter_map(|l| {
            let (n, w) = l.trim().split_once(". ")?;
            n.parse::<u32>().ok().map(|_| w.trim().to_owned())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The complaints the store holds, as the export writes them: the store's data, which a
/// failed backup must leave as it was (the failure itself is noted in the settings).
fn complaints_exported(data: &Path) -> String {
    let out_file = data.join("ekspor.csv");
    let out = pd(
        data,
        &[
            "aduan",
            "export",
            "--format",
            "csv",
            "--out",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    std::fs::read_to_string(out_file).expect("export")
}

#[test]
fn backup_list_and_restore_on_the_command_line() {
    let pc = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let usb_dir = usb.path().to_str().unwrap();

    let out = pd(pc.path(), &["backup", "--out", usb_dir], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Belum ada frasa pemulihan"),
        "{}",
        text(&out)
    );

    let out = pd(pc.path(), &["backup", "phrase", "--new"], None);
    assert!(out.status.success(), "{}", text(&out));
    let phrase = phrase_of(&text(&out));
    assert_eq!(phrase.split(' ').count(), 12, "{}", text(&out));

    let out = pd(pc.path(), &["backup", "--out", usb_dir], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("diperiksa utuh"), "{}", text(&out));
    let out = pd(pc.path(), &["backup", "list", usb_dir], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).starts_with("1 cadangan di"), "{}", text(&out));
    let file = std::fs::read_dir(usb.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "cadangan"))
        .expect("a backup file");
    let file = file.to_str().unwrap();

    // A wrong phrase, then the right one, on a new PC.
    let new_pc = tempfile::tempdir().unwrap();
    let mut wrong: Vec<&str> = phrase.split(' ').collect();
    wrong.reverse();
    let out = pd(new_pc.path(), &["restore", file], Some(&wrong.join(" ")));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("Frasa pemulihan"), "{}", text(&out));
    assert!(!new_pc.path().join("medsos-pd.sqlite3").exists());
    let out = pd(
        new_pc.path(),
        &["restore", file],
        Some(&format!("{phrase}\n")),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Dipulihkan dari"), "{}", text(&out));
    assert!(text(&out).contains("belum terdaftar"), "{}", text(&out));

    // A file that is not a backup.
    let bogus = new_pc.path().join("bukan.cadangan");
    std::fs::write(&bogus, b"PK\x03\x04 a zip file").unwrap();
    let out = pd(
        new_pc.path(),
        &["restore", bogus.to_str().unwrap()],
        Some(&phrase),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("bukan cadangan Medsos PD"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_full_or_unplugged_flashdisk_is_named_and_the_store_stays_as_it_was() {
    let pc = tempfile::tempdir().unwrap();
    let out = pd(pc.path(), &["backup", "phrase", "--new"], None);
    assert!(out.status.success(), "{}", text(&out));
    // Some data, so the backup is bigger than the 64 KiB the tmpfs below leaves free.
    let csv = pc.path().join("aduan.csv");
    let mut rows = String::from("isi,diterima,saluran\n");
    for i in 0..2000 {
        rows.push_str(&format!(
            "\"Jalan rusak di desa nomor {i}, mohon segera diperbaiki sebelum musim hujan\",2026-11-{:02}T09:00,whatsapp\n",
            1 + i % 28
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let mapping = pc.path().join("peta.json");
    std::fs::write(
        &mapping,
        r#"{"body": "isi", "received_at": "diterima", "channel": "saluran"}"#,
    )
    .unwrap();
    let out = pd(
        pc.path(),
        &[
            "aduan",
            "import",
            csv.to_str().unwrap(),
            "--mapping",
            mapping.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));

    // A flashdisk that is full: a 64 KiB tmpfs (the test runs as root under cargo xtask test).
    let usb = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(usb.path())
        .status()
        .expect("mount");
    assert!(
        mounted.success(),
        "mounting a small tmpfs needs root (cargo xtask test runs as root)"
    );
    let before = complaints_exported(pc.path());
    assert!(before.lines().count() > 2000, "2,000 complaints imported");
    let out = pd(
        pc.path(),
        &["backup", "--out", usb.path().to_str().unwrap()],
        None,
    );
    let full = text(&out);
    let left: Vec<_> = std::fs::read_dir(usb.path()).unwrap().flatten().collect();
    let _ = Command::new("umount").arg(usb.path()).status();
    assert_eq!(out.status.code(), Some(1), "{full}");
    assert!(full.contains("Disk tujuan cadangan penuh"), "{full}");
    assert!(left.is_empty(), "no half-written file is left: {left:?}");
    assert_eq!(
        complaints_exported(pc.path()),
        before,
        "the data is untouched"
    );

    // A flashdisk unplugged: its folder is gone.
    let gone = usb.path().join("E");
    let out = pd(
        pc.path(),
        &["backup", "--out", gone.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("tidak ada lagi"), "{}", text(&out));
    assert!(!gone.exists(), "the missing folder is not created");
    assert_eq!(complaints_exported(pc.path()), before);
}

fn complaints_csv(dir: &Path, name: &str, day: &str, count: usize) -> (String, String) {
    let csv = dir.join(format!("{name}.csv"));
    let mut rows = String::from("isi,diterima,saluran\n");
    for i in 0..count {
        rows.push_str(&format!(
            "\"{name}: lampu jalan mati di gang {i}\",{day}T09:{:02},whatsapp\n",
            i % 60
        ));
    }
    std::fs::write(&csv, rows).unwrap();
    let mapping = dir.join("peta.json");
    std::fs::write(
        &mapping,
        r#"{"body": "isi", "received_at": "diterima", "channel": "saluran"}"#,
    )
    .unwrap();
    (
        csv.to_string_lossy().into_owned(),
        mapping.to_string_lossy().into_owned(),
    )
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out));
    text(&out)
}

/// The hub's stored summary of `day` (the sum over the agency's PCs): its complaint counts.
fn hub_complaints(db: &Path, day: &str) -> serde_json::Value {
    let out = Command::new(hub_binary())
        .args(["summaries", "export", "--db"])
        .arg(db)
        .args(["--from", day, "--to", day, "--format", "json"])
        .output()
        .expect("summaries export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(rows.len(), 1, "one row for {day}: {rows:?}");
    rows[0]["summary"]["complaints"].clone()
}

#[test]
fn a_restore_on_a_new_pc_leaves_the_hub_with_the_restored_figures_counted_once() {
    let work = tempfile::tempdir().unwrap();
    let hub_db = work.path().join("hub.sqlite3");
    let code = hub_add_agency(&hub_db, "Dinas Kesehatan", "DINKES");
    let port = free_port();
    let _hub = serve_hub(&hub_db, port);
    let hub_url = format!("http://127.0.0.1:{port}");
    let day = "2026-11-02";

    // The old PC: 10 complaints on the day, enrolled, synced, backed up.
    let old_pc = work.path().join("pc-lama");
    let usb = work.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let (csv, mapping) = complaints_csv(work.path(), "sebelum", day, 10);
    ok(pd(
        &old_pc,
        &["aduan", "import", &csv, "--mapping", &mapping],
        None,
    ));
    ok(pd(
        &old_pc,
        &[
            "enrol", "--hub", &hub_url, "--code", &code, "--device", "PC Humas",
        ],
        None,
    ));
    ok(pd(&old_pc, &["sync", "--attempts", "2"], None));
    let phrase = phrase_of(&ok(pd(&old_pc, &["backup", "phrase", "--new"], None)));
    ok(pd(
        &old_pc,
        &["backup", "--out", usb.to_str().unwrap()],
        None,
    ));
    let received = |v: &serde_json::Value| -> u64 {
        v["received_by_type"]
            .as_object()
            .map(|m| m.values().filter_map(|n| n.as_u64()).sum())
            .unwrap_or(0)
    };
    assert_eq!(received(&hub_complaints(&hub_db, day)), 10);

    // After the backup the old PC imports 5 more for that day and sends them; then it dies.
    let (csv, mapping) = complaints_csv(work.path(), "sesudah", day, 5);
    ok(pd(
        &old_pc,
        &["aduan", "import", &csv, "--mapping", &mapping],
        None,
    ));
    ok(pd(&old_pc, &["sync", "--attempts", "2"], None));
    assert_eq!(received(&hub_complaints(&hub_db, day)), 15);

    // The new PC restores the backup, is enrolled with a fresh code, and syncs.
    let file = std::fs::read_dir(&usb)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "cadangan"))
        .unwrap();
    let new_pc = work.path().join("pc-baru");
    ok(pd(
        &new_pc,
        &["restore", file.to_str().unwrap()],
        Some(&phrase),
    ));
    let issued = hub_admin(&["agency", "code", "--code", "DINKES"], &hub_db, None);
    let code2 = issued
        .split_whitespace()
        .find(|w| w.len() == 14 && w.matches('-').count() == 2)
        .unwrap_or_else(|| panic!("no code in {issued}"))
        .to_owned();
    ok(pd(
        &new_pc,
        &[
            "enrol",
            "--hub",
            &hub_url,
            "--code",
            &code2,
            "--device",
            "PC Humas baru",
        ],
        None,
    ));
    let synced = ok(pd(&new_pc, &["sync", "--attempts", "2"], None));
    assert!(!synced.contains("Masih tertunda"), "{synced}");

    // The hub now holds what the restored store says: 10, not 15 (the lost import) and not
    // 25 (the old PC's figures counted beside the new one's).
    let pc: serde_json::Value =
        serde_json::from_str(&ok(pd(&new_pc, &["summary", "--day", day], None))).unwrap();
    assert_eq!(received(&pc["complaints"]), 10);
    assert_eq!(hub_complaints(&hub_db, day), pc["complaints"]);
    // And the old PC is revoked.
    let devices = hub_admin(&["agency", "devices", "--code", "DINKES"], &hub_db, None);
    assert!(devices.contains("dicabut"), "{devices}");
}
