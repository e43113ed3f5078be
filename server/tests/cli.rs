//! The real `medsos-hub` binary, as Diskominfo's operator runs it.

use std::path::Path;
use std::process::{Command, Output};

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

/// Finds the `XXXX-XXXX-XXXX` code in what `agency add` printed.
fn printed_code(stdout: &str) -> Option<&str> {
    stdout.split_whitespace().find(|word| {
        let groups: Vec<&str> = word.split('-').collect();
        groups.len() == 3
            && groups.iter().all(|g| {
                g.len() == 4
                    && g.chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            })
    })
}

#[test]
fn agency_add_prints_a_code_list_shows_the_agency_and_a_duplicate_code_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("baru").join("hub.sqlite3");

    let added = hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "dinkes",
        ],
        &db,
    );
    let stdout = text(&added.stdout);
    assert!(added.status.success(), "{stdout}{}", text(&added.stderr));
    assert!(db.exists(), "the store and its folder are created");
    assert!(printed_code(&stdout).is_some(), "{stdout}");
    assert!(stdout.contains("WIB"), "expiry shown in WIB: {stdout}");
    assert!(stdout.contains("DINKES"), "{stdout}");

    let second = hub(
        &[
            "agency",
            "add",
            "--name",
            "Kecamatan Cianjur",
            "--code",
            "KEC.CIANJUR",
        ],
        &db,
    );
    assert!(second.status.success(), "{}", text(&second.stderr));

    let listed = hub(&["agency", "list"], &db);
    let table = text(&listed.stdout);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "header and two agencies: {table}");
    assert!(
        lines[0].contains("KODE") && lines[0].contains("TERDAFTAR"),
        "{table}"
    );
    assert!(
        lines[1].contains("DINKES")
            && lines[1].contains("Dinas Kesehatan")
            && lines[1].ends_with("tidak"),
        "{table}"
    );
    assert!(lines[2].contains("KEC.CIANJUR"), "{table}");

    let duplicate = hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan Lagi",
            "--code",
            "DINKES",
        ],
        &db,
    );
    assert!(!duplicate.status.success());
    let stderr = text(&duplicate.stderr);
    assert!(
        stderr.contains("DINKES") && stderr.contains("sudah dipakai"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(duplicate.stdout.is_empty());

    let relisted = hub(&["agency", "list"], &db);
    assert_eq!(
        text(&relisted.stdout).lines().count(),
        3,
        "no row was added"
    );
}

#[test]
fn agency_add_refuses_invalid_input_in_indonesian_without_panicking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");

    let bad_code = hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DIN KES",
        ],
        &db,
    );
    assert!(!bad_code.status.success());
    assert!(
        text(&bad_code.stderr).contains("Kode PD"),
        "{}",
        text(&bad_code.stderr)
    );

    let short_name = hub(&["agency", "add", "--name", "PD", "--code", "DINKES"], &db);
    assert!(!short_name.status.success());
    let stderr = text(&short_name.stderr);
    assert!(
        stderr.contains("Nama PD") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn agency_list_reports_a_missing_or_foreign_store_without_creating_one() {
    let dir = tempfile::tempdir().expect("temp dir");

    let missing = dir.path().join("salah-ketik.sqlite3");
    let listed = hub(&["agency", "list"], &missing);
    assert!(!listed.status.success());
    let stderr = text(&listed.stderr);
    assert!(stderr.contains("tidak ditemukan"), "{stderr}");
    assert!(
        !missing.exists(),
        "a mistyped path must not become a new store"
    );

    let foreign = dir.path().join("catatan.sqlite3");
    std::fs::write(&foreign, "bukan basis data ".repeat(200)).expect("write");
    let listed = hub(&["agency", "list"], &foreign);
    assert!(!listed.status.success());
    let stderr = text(&listed.stderr);
    assert!(
        stderr.contains("tidak dapat dibuka") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn holidays_accounts_and_briefs_are_recorded_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let added = hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DINKES",
        ],
        &db,
    );
    assert!(added.status.success());

    let csv = dir.path().join("libur-2027.csv");
    std::fs::write(
        &csv,
        "tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n2027-01-02,cuti_bersama,Cuti bersama\n",
    )
    .expect("write");
    let imported = hub(
        &["holidays", "import", "--file", csv.to_str().expect("utf-8")],
        &db,
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    assert!(
        text(&imported.stdout).contains("2027"),
        "{}",
        text(&imported.stdout)
    );

    std::fs::write(
        &csv,
        "tanggal,jenis,keterangan\n2027-13-01,libur_nasional,Salah\n",
    )
    .expect("write");
    let refused = hub(
        &["holidays", "import", "--file", csv.to_str().expect("utf-8")],
        &db,
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("baris 2"),
        "{}",
        text(&refused.stderr)
    );

    let account = hub(
        &[
            "account",
            "add",
            "--agency",
            "dinkes",
            "--platform",
            "instagram",
            "--handle",
            "@dinkescianjur",
            "--verified",
        ],
        &db,
    );
    assert!(account.status.success(), "{}", text(&account.stderr));
    assert!(text(&account.stdout).contains("https://www.instagram.com/dinkescianjur/"));
    let unknown = hub(
        &[
            "account",
            "add",
            "--agency",
            "DISDIK",
            "--platform",
            "facebook",
            "--handle",
            "disdik",
        ],
        &db,
    );
    assert!(!unknown.status.success());
    assert!(
        text(&unknown.stderr).contains("DISDIK"),
        "{}",
        text(&unknown.stderr)
    );

    let brief = hub(
        &[
            "brief",
            "add",
            "--title",
            "Hari Jadi Cianjur",
            "--body",
            "Unggah ucapan.",
            "--programme",
            "#CianjurManjur",
            "--from",
            "2026-07-10",
            "--to",
            "2026-07-12",
        ],
        &db,
    );
    assert!(brief.status.success(), "{}", text(&brief.stderr));
    let backwards = hub(
        &[
            "brief",
            "add",
            "--title",
            "Hari Jadi Cianjur",
            "--body",
            "Unggah.",
            "--from",
            "2026-07-12",
            "--to",
            "2026-07-10",
        ],
        &db,
    );
    assert!(!backwards.status.success());

    let revoke_unknown = hub(&["agency", "revoke", "--code", "DISDIK"], &db);
    assert!(!revoke_unknown.status.success());
    assert!(
        text(&revoke_unknown.stderr).contains("tidak ada"),
        "{}",
        text(&revoke_unknown.stderr)
    );
}
