//! `medsos-pd aduan import|export` run as IT staff would: the real binary, a real store in
//! a temporary MEDSOS_DATA_DIR, no window.

use medsos_core::Store;
use std::path::Path;
use std::process::{Command, Output};

fn medsos(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_medsos-pd"))
        .args(args)
        .env("MEDSOS_DATA_DIR", data)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run medsos-pd")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The store the command line made: encrypted, under the key it kept in the session's
/// credential store (`cargo xtask test` runs the tests with a real Secret Service).
fn open_store(data: &Path) -> Store {
    Store::open_protected(data.join(medsos_core::store::STORE_FILE_NAME)).expect("store")
}

fn complaint_count(data: &Path) -> i64 {
    let store = open_store(data);
    store
        .conn()
        .query_row("SELECT COUNT(*) FROM complaints", [], |r| r.get(0))
        .expect("count")
}

const GOOD: &str = "Cap waktu,Nama,Nomor HP,Kecamatan,Kategori,Isi aduan\n\
    20/11/2026 08:15:00,Siti Aminah,081234567890,Cugenang,Jalan dan jembatan,Jalan desa Sukamulya berlubang besar\n\
    21/11/2026 09:00:00,@ujang.cjr,,Cipanas,Kesehatan,Antrean puskesmas terlalu lama\n\
    22/11/2026 10:30:00,,,Luar Cianjur,Lainnya,\"=HYPERLINK(\"\"http://x\"\")\" minta info jadwal vaksin\n";

#[test]
fn an_import_with_a_bad_row_names_it_writes_nothing_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("aduan.csv");
    // Row 3 has an impossible date; rows 2 and 4 are fine.
    let bad = GOOD.replace("21/11/2026 09:00:00", "31/02/2026 09:00:00");
    std::fs::write(&file, bad).unwrap();
    let out = medsos(
        &data,
        &[
            "aduan",
            "import",
            file.to_str().unwrap(),
            "--channel",
            "whatsapp",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("Baris 3"), "{err}");
    assert!(err.contains("Tidak ada yang disimpan"), "{err}");
    assert_eq!(complaint_count(&data), 0);
}

#[test]
fn channel_is_needed_only_when_a_row_does_not_name_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let named = dir.path().join("berkanal.csv");
    std::fs::write(
        &named,
        "Waktu,Kanal,Isi aduan\n\
         20/11/2026 08:15:00,WA,Jalan desa berlubang\n\
         21/11/2026 09:00:00,Komentar IG,Antrean puskesmas lama\n",
    )
    .unwrap();
    let out = medsos(&data, &["aduan", "import", named.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2 aduan diimpor"),
        "{}",
        text(&out.stdout)
    );

    let lacking = dir.path().join("sebagian.csv");
    std::fs::write(
        &lacking,
        "Waktu,Kanal,Isi aduan\n\
         22/11/2026 08:15:00,WA,Lampu jalan mati\n\
         22/11/2026 09:00:00,,Sampah menumpuk\n\
         22/11/2026 10:00:00,,Air PDAM keruh\n",
    )
    .unwrap();
    let out = medsos(&data, &["aduan", "import", lacking.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("Baris 3") && err.contains("Baris 4"), "{err}");
    assert!(!err.contains("Baris 2"), "{err}");
    assert!(err.contains("--channel"), "{err}");
    assert!(err.contains("Tidak ada yang disimpan"), "{err}");
    assert_eq!(complaint_count(&data), 2, "only the first file was saved");
}

#[test]
fn a_clean_import_saves_every_row_and_export_writes_csv_and_xlsx_without_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("aduan.csv");
    std::fs::write(&file, GOOD).unwrap();
    let path = file.to_str().unwrap();

    // Without a channel column the channel must be named.
    let out = medsos(&data, &["aduan", "import", path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--channel"),
        "{}",
        text(&out.stderr)
    );

    let out = medsos(
        &data,
        &[
            "aduan",
            "import",
            path,
            "--channel",
            "whatsapp",
            "--dry-run",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(complaint_count(&data), 0, "a dry run saves nothing");

    let out = medsos(&data, &["aduan", "import", path, "--channel", "whatsapp"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("3 aduan diimpor"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(complaint_count(&data), 3);

    let csv_out = dir.path().join("laporan.csv");
    let out = medsos(
        &data,
        &[
            "aduan",
            "export",
            "--format",
            "csv",
            "--status",
            "baru",
            "--from",
            "2026-11-21",
            "--to",
            "2026-11-30",
            "--out",
            csv_out.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = std::fs::read_to_string(&csv_out).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "header and the two complaints from 21 November on: {csv}"
    );
    assert!(
        !csv.contains("Jalan desa"),
        "20 November is outside the range"
    );
    // Read back as a spreadsheet would: the body cell itself must not start with "=".
    let table = medsos_core::complaints::io::read_csv(csv.as_bytes()).expect("export parses");
    let body = table.column("Isi aduan").expect("body column");
    let formula_cell = table
        .rows
        .iter()
        .map(|(_, cells)| cells[body].as_str())
        .find(|cell| cell.contains("HYPERLINK"))
        .expect("the complaint with a formula is exported");
    assert_eq!(
        formula_cell, "'=HYPERLINK(\"http://x\") minta info jadwal vaksin",
        "a formula must not reach Excel: {csv}"
    );
    assert!(!csv.contains("081234567890"));

    let xlsx_out = dir.path().join("laporan.xlsx");
    let out = medsos(
        &data,
        &[
            "aduan",
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx_out.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx_out).expect("xlsx opens");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    assert_eq!(sheet.height(), 4, "header and three complaints");
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c.contains("Antrean puskesmas")),
        "{cells:?}"
    );
    assert!(!cells.iter().any(|c| c.starts_with('=')), "{cells:?}");
}

#[test]
fn unknown_options_and_values_are_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = medsos(
        &data,
        &[
            "aduan", "export", "--format", "xlsx", "--status", "beres", "--out", "x.xlsx",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Status \"beres\" tidak dikenal"),
        "{}",
        text(&out.stderr)
    );
    let out = medsos(&data, &["aduan", "export", "--format", "pdf", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    let out = medsos(&data, &["aduan", "import", "/nonexistent/aduan.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("tidak dapat dibaca"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn summary_prints_the_exact_payload_of_a_day_without_personal_data() {
    use medsos_core::complaints::{self, categories, Channel, ComplaintInput, ComplaintKind};
    use medsos_core::sync::protocol::DailySummary;
    use medsos_core::FixedClock;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    {
        let store = open_store(&data);
        let conn = store.conn();
        // 10:00 WIB on Monday 12 January 2026.
        let clock = FixedClock::new(time::macros::datetime!(2026-01-12 03:00 UTC));
        let category = categories::find_by_name(conn, "Kesehatan")
            .unwrap()
            .unwrap()
            .id;
        for (name, contact) in [
            ("Siti Aminah", "081234567890"),
            ("@ujang.cjr", "ujang@example.com"),
        ] {
            complaints::create(
                conn,
                &clock,
                &ComplaintInput {
                    channel: Channel::Whatsapp,
                    source_url: String::new(),
                    citizen_name: name.into(),
                    citizen_contact: contact.into(),
                    body: "Antrean puskesmas Cipanas lama, NIK 3203014501900001".into(),
                    received_at_wib: "2026-01-12T09:00".into(),
                    kind: ComplaintKind::Pengaduan,
                    category_id: category,
                    kecamatan: "32.03.01".into(),
                },
                "Admin Rina",
            )
            .unwrap();
        }
    }
    let out = medsos(&data, &["summary", "--day", "2026-01-12"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = text(&out.stdout);
    let payload: DailySummary = serde_json::from_str(&json).expect("a DailySummary");
    assert_eq!(payload.day, "2026-01-12");
    assert_eq!(payload.revision, 1);
    assert_eq!(payload.complaints.received_by_type["pengaduan"], 2);
    assert_eq!(payload.complaints.received_by_kecamatan["32.03.01"], 2);
    for secret in [
        "Siti",
        "081234567890",
        "ujang",
        "Antrean",
        "3203014501900001",
        "Rina",
    ] {
        assert!(!json.contains(secret), "{secret} leaked: {json}");
    }

    let out = medsos(&data, &["summary", "--day", "12-01-2026"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("tidak valid"),
        "{}",
        text(&out.stderr)
    );

    // Not enrolled: sync says so and exits non-zero.
    let out = medsos(&data, &["sync", "--attempts", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("belum terdaftar"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn aduan_retensi_erases_long_closed_complaints_now_and_leaves_no_trace_in_the_file() {
    use medsos_core::complaints::{
        self, categories, Channel, ComplaintInput, ComplaintKind, ComplaintStatus,
    };
    use medsos_core::FixedClock;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join(medsos_core::store::STORE_FILE_NAME);
    {
        let store = Store::open(&file).unwrap();
        let conn = store.conn();
        // Closed in January 2024: more than the default two years before any run of this test.
        let clock = FixedClock::new(time::macros::datetime!(2024-01-08 03:00 UTC));
        let category = categories::find_by_name(conn, "Kesehatan")
            .unwrap()
            .unwrap()
            .id;
        let mut ids = Vec::new();
        for name in ["Wiratmadja Sukmanagara", "Dadang Suparmanto"] {
            let c = complaints::create(
                conn,
                &clock,
                &ComplaintInput {
                    channel: Channel::Whatsapp,
                    source_url: String::new(),
                    citizen_name: name.into(),
                    citizen_contact: "081298765432".into(),
                    body: format!("{name}, NIK 3203127708650004: puskesmas Pasirkuntul tutup"),
                    received_at_wib: "2024-01-08T09:00".into(),
                    kind: ComplaintKind::Pengaduan,
                    category_id: category,
                    kecamatan: "32.03.01".into(),
                },
                "Admin Rina",
            )
            .unwrap();
            ids.push(c.id);
        }
        // Only the first is closed; the second stays open and keeps its data.
        for to in [
            ComplaintStatus::Diverifikasi,
            ComplaintStatus::Ditindaklanjuti,
            ComplaintStatus::Selesai,
        ] {
            complaints::transition(conn, &clock, ids[0], to, "", "", "Admin Rina").unwrap();
        }
    }
    let bytes = std::fs::read(&file).unwrap();
    let on_disk = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(on_disk(&bytes, "Wiratmadja Sukmanagara"), "control");

    let out = medsos(&data, &["aduan", "retensi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Data pribadi 1 aduan dihapus permanen"),
        "{}",
        text(&out.stdout)
    );
    // The command line encrypted the store on its first open: nothing of any complaint is
    // readable in the file any more (that the erase also overwrites the freed pages is
    // tested on a plain store in core's erase tests).
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend(std::fs::read(data.join("medsos-pd.sqlite3-wal")).unwrap_or_default());
    for secret in [
        "Wiratmadja Sukmanagara",
        "iratmadja",
        "ukmanagara",
        "Dadang Suparmanto",
        "081298765432",
    ] {
        assert!(!on_disk(&bytes, secret), "{secret} readable on disk");
    }
    {
        let store = open_store(&data);
        let count = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM complaints WHERE citizen_name LIKE '%iratmadja%' OR body LIKE '%iratmadja%'"),
            0
        );
        assert_eq!(
            count("SELECT count(*) FROM complaints_fts WHERE complaints_fts MATCH 'Wiratmadja'"),
            0
        );
        assert_eq!(
            count("SELECT count(*) FROM complaints WHERE citizen_name = 'Dadang Suparmanto' AND citizen_contact = '081298765432'"),
            1,
            "the open one stays"
        );
    }

    let out = medsos(&data, &["aduan", "retensi"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Tidak ada aduan yang perlu dihapus"),
        "{}",
        text(&out.stdout)
    );

    // A store that cannot be opened: a clear message and exit 1, the file left alone.
    let broken = dir.path().join("rusak");
    std::fs::create_dir_all(&broken).unwrap();
    let junk = broken.join(medsos_core::store::STORE_FILE_NAME);
    std::fs::write(
        &junk,
        b"bukan basis data SQLite sama sekali, hanya teks biasa",
    )
    .unwrap();
    let out = medsos(&broken, &["aduan", "retensi"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).is_empty());
    assert!(
        text(&out.stderr).contains(&junk.display().to_string()),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"bukan basis data SQLite sama sekali, hanya teks biasa"
    );
}

/// Workbooks from `medsos-pd aduan export --format xlsx` with one part rewritten, as an
/// attacker (or a broken tool) would: sharedStrings.xml's uniqueCount set to 100000000000
/// (this aborted the app, exit 134), 64 MB of spaces deflated into the sheet (a zip bomb),
/// 50,000 nested elements in a shared string, and sharedStrings.xml declared as 100 bytes.
#[test]
fn crafted_workbooks_are_refused_with_a_message_exit_1_and_the_store_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("aduan.csv");
    std::fs::write(&good, GOOD).unwrap();
    let out = medsos(
        &data,
        &[
            "aduan",
            "import",
            good.to_str().unwrap(),
            "--channel",
            "whatsapp",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(complaint_count(&data), 3);

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, why) in [
        (
            "bom-uniquecount.xlsx",
            "mengaku berisi 100.000.000.000 teks",
        ),
        ("bom-zip.xlsx", "ciri bom zip"),
        ("bersarang.xlsx", "bersarang lebih dari 100 tingkat"),
        (
            "ukuran-palsu.xlsx",
            "ternyata lebih besar daripada ukuran yang tertulis",
        ),
    ] {
        let path = fixtures.join(file);
        for dry_run in [true, false] {
            let mut args = vec![
                "aduan",
                "import",
                path.to_str().unwrap(),
                "--channel",
                "whatsapp",
            ];
            if dry_run {
                args.push("--dry-run");
            }
            let out = medsos(&data, &args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{file}: {err}");
            assert!(err.contains("Berkas XLSX ini tidak wajar"), "{file}: {err}");
            assert!(err.contains(why), "{file}: {err}");
            assert!(
                err.contains("Simpan ulang dari Excel/LibreOffice lalu coba lagi."),
                "{file}: {err}"
            );
            assert_eq!(complaint_count(&data), 3, "{file} changed the store");
        }
    }
}
