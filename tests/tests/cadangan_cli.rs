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
