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

/// `account add|list|approve|reject|remove` as the operator types them: the decision is
/// printed, a mistake is one Indonesian sentence on stderr with a failing exit status.
#[test]
fn accounts_are_listed_refused_and_taken_down_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    for (name, code) in [("Dinas Kesehatan", "DINKES"), ("Dinas Sosial", "DINSOS")] {
        let added = hub(&["agency", "add", "--name", name, "--code", code], &db);
        assert!(added.status.success(), "{}", text(&added.stderr));
    }
    let empty = hub(&["account", "list"], &db);
    assert!(empty.status.success());
    assert!(
        text(&empty.stdout).contains("Belum ada akun"),
        "{}",
        text(&empty.stdout)
    );

    let args = |command: &str, handle: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "account",
            command,
            "--platform",
            "instagram",
            "--handle",
            handle,
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hub(&args, &db)
    };
    // Nobody claims it: refused.
    let refused = run(args("approve", "bansos.cianjur.cair", &[]));
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr)
            .contains("Tidak ada PD yang mengklaim akun instagram @bansos.cianjur.cair"),
        "{}",
        text(&refused.stderr)
    );
    // Diskominfo's own record is listed at once.
    let added = hub(
        &[
            "account",
            "add",
            "--agency",
            "DINSOS",
            "--platform",
            "instagram",
            "--handle",
            "dinsoscianjur",
        ],
        &db,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    let again = run(args("approve", "dinsoscianjur", &["--verified"]));
    assert!(!again.status.success());
    assert!(
        text(&again.stderr).contains("sudah resmi milik Dinas Sosial (DINSOS)"),
        "{}",
        text(&again.stderr)
    );
    let elsewhere = run(args("approve", "dinsoscianjur", &["--agency", "DINKES"]));
    assert!(!elsewhere.status.success());
    assert!(
        text(&elsewhere.stderr).contains("PD itu tidak mengklaim"),
        "{}",
        text(&elsewhere.stderr)
    );

    let no_reason = run(args("remove", "dinsoscianjur", &[]));
    assert!(!no_reason.status.success());
    assert!(
        text(&no_reason.stderr).contains("Tuliskan alasannya"),
        "{}",
        text(&no_reason.stderr)
    );
    let listed = hub(&["account", "list"], &db);
    let table = text(&listed.stdout);
    assert!(
        table.contains("@dinsoscianjur") && table.contains("resmi"),
        "{table}"
    );

    let removed = run(args(
        "remove",
        "@DinsosCianjur",
        &["--reason", "Akun lama, tidak dipakai lagi."],
    ));
    assert!(removed.status.success(), "{}", text(&removed.stderr));
    assert!(
        text(&removed.stdout).contains("dihapus dari registri publik"),
        "{}",
        text(&removed.stdout)
    );
    let not_listed = run(args("remove", "dinsoscianjur", &["--reason", "lagi"]));
    assert!(!not_listed.status.success());
    assert!(
        text(&not_listed.stderr).contains("tidak ada di daftar akun resmi"),
        "{}",
        text(&not_listed.stderr)
    );
    let reject = run(args(
        "reject",
        "dinsoscianjur",
        &["--agency", "DINSOS", "--reason", "Bukan akun PD."],
    ));
    assert!(reject.status.success(), "{}", text(&reject.stderr));
    let table = text(&hub(&["account", "list"], &db).stdout);
    assert!(
        table.contains("ditolak") && table.contains("Bukan akun PD."),
        "{table}"
    );
    // Approved again, with its agency named, and the badge confirmed.
    let approved = run(args(
        "approve",
        "dinsoscianjur",
        &["--agency", "dinsos", "--verified"],
    ));
    assert!(approved.status.success(), "{}", text(&approved.stderr));
    assert!(
        text(&approved.stdout).contains("terverifikasi; tampil di registri publik"),
        "{}",
        text(&approved.stdout)
    );
    let platform = hub(
        &[
            "account",
            "approve",
            "--platform",
            "tiktok",
            "--handle",
            "dinsoscianjur",
        ],
        &db,
    );
    assert!(!platform.status.success());
}

/// `agency code`, `agency devices` and `agency revoke-device` as the operator types them.
#[test]
fn additional_codes_and_pcs_are_managed_from_the_command_line() {
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
    let first = printed_code(&text(&added.stdout)).expect("code").to_owned();
    let more = hub(&["agency", "code", "--code", "dinkes"], &db);
    let printed = text(&more.stdout);
    assert!(more.status.success(), "{}", text(&more.stderr));
    let second = printed_code(&printed).expect("a second code").to_owned();
    assert_ne!(first, second);
    assert!(
        printed.contains("PC yang sudah terdaftar tetap aktif"),
        "{printed}"
    );
    let none = hub(&["agency", "devices", "--code", "DINKES"], &db);
    assert!(none.status.success());
    assert!(
        text(&none.stdout).contains("Belum ada PC terdaftar"),
        "{}",
        text(&none.stdout)
    );
    let unknown = hub(&["agency", "revoke-device", "--device", "42"], &db);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown.stderr).contains("PC dengan id 42 tidak ada"),
        "{}",
        text(&unknown.stderr)
    );
    let typo = hub(&["agency", "revoke-device", "--device", "satu"], &db);
    assert!(!typo.status.success());
    assert!(
        text(&typo.stderr).contains("--device"),
        "{}",
        text(&typo.stderr)
    );
    let missing = hub(&["agency", "code", "--code", "DISDIK"], &db);
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("DISDIK"),
        "{}",
        text(&missing.stderr)
    );
}
