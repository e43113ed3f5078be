use super::import::parse_received;
use super::mapping::{resolve, Field};
use super::*;
use crate::complaints::model::{Channel, ComplaintFilter, ComplaintKind};
use crate::complaints::status::ComplaintStatus;
use crate::{FixedClock, Store};
use std::io::Write;
use time::macros::datetime;

use crate::test_support::store;

fn clock() -> FixedClock {
    FixedClock::new(datetime!(2026-11-26 03:00 UTC))
}

fn count(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT COUNT(*) FROM complaints", [], |r| r.get(0))
        .unwrap()
}

fn message(err: crate::Error) -> String {
    err.to_string()
}

fn row(table: &Table, i: usize) -> (usize, Vec<&str>) {
    let (n, cells) = &table.rows[i];
    (*n, cells.iter().map(String::as_str).collect())
}

const FORM_CSV: &str = "Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori\n\
20/11/2026 8:15:00,Budi Santoso,081234567890,Jalan di depan SDN 1 berlubang besar,Kec. Cugenang,jalan dan jembatan\n\
21/11/2026 13:02:45,@siti_cjr,,Lampu PJU mati sejak seminggu,cipanas,Penerangan Jalan\n";

// ---------------------------------------------------------------------------------------
// table

#[test]
fn csv_with_bom_and_commas_reads_with_spreadsheet_row_numbers() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), FORM_CSV.as_bytes()].concat();
    let table = read_table(&bytes).unwrap();
    assert_eq!(
        table.headers,
        [
            "Cap waktu",
            "Nama",
            "Nomor HP/WA",
            "Isi aduan",
            "Kecamatan",
            "Kategori"
        ]
    );
    assert_eq!(table.rows.len(), 2);
    assert_eq!(row(&table, 0).0, 2);
    assert_eq!(row(&table, 1).1[1], "@siti_cjr");
    assert_eq!(row(&table, 1).1[2], "");
}

#[test]
fn semicolon_csv_is_sniffed_and_trailing_empty_columns_drop() {
    let text =
        "Tanggal;Isi aduan;Kecamatan;;;\r\n2026-11-20 08:15;Jalan rusak, berlubang;Cugenang;;;\r\n";
    let table = read_csv(text.as_bytes()).unwrap();
    assert_eq!(table.headers, ["Tanggal", "Isi aduan", "Kecamatan"]);
    assert_eq!(
        row(&table, 0).1,
        ["2026-11-20 08:15", "Jalan rusak, berlubang", "Cugenang"]
    );
}

#[test]
fn tab_separated_and_excel_sep_hint_are_understood() {
    let table = read_csv(b"Tanggal\tIsi\n2026-11-20\tAda banjir\n").unwrap();
    assert_eq!(table.headers, ["Tanggal", "Isi"]);
    let table = read_csv(b"sep=;\nTanggal;Isi\n2026-11-20;Ada banjir, parah\n").unwrap();
    assert_eq!(table.headers, ["Tanggal", "Isi"]);
    assert_eq!(row(&table, 0), (2, vec!["2026-11-20", "Ada banjir, parah"]));
}

#[test]
fn windows_1252_from_old_excel_keeps_accents() {
    // "Café" and "Müller" as Excel 2007 "CSV (Comma delimited)" writes them.
    let bytes = b"Nama;Isi aduan\r\nM\xFCller;Caf\xE9 di alun-alun berisik\r\n";
    let table = read_csv(bytes).unwrap();
    assert_eq!(row(&table, 0).1, ["Müller", "Café di alun-alun berisik"]);
}

#[test]
fn utf16_unicode_text_from_excel_is_read() {
    let text = "Nama\tIsi\r\nRené\tJalan rusak\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let table = read_table(&bytes).unwrap();
    assert_eq!(row(&table, 0).1, ["René", "Jalan rusak"]);
}

#[test]
fn line_breaks_inside_quotes_and_blank_lines_keep_row_numbers_right() {
    let text =
        "Tanggal,Isi\n2026-11-20,\"baris satu\nbaris dua\"\n\n2026-11-21,\"kata \"\"kutip\"\"\"\n";
    let table = read_csv(text.as_bytes()).unwrap();
    assert_eq!(
        row(&table, 0),
        (2, vec!["2026-11-20", "baris satu\nbaris dua"])
    );
    // Row 3 is blank, as the spreadsheet shows it.
    assert_eq!(row(&table, 1), (4, vec!["2026-11-21", "kata \"kutip\""]));
}

#[test]
fn malformed_csv_is_refused_with_the_row_of_the_open_quote() {
    let text = "Tanggal,Isi\n2026-11-20,oke\n2026-11-21,\"tidak ditutup\n2026-11-22,lain\n";
    let err = read_csv(text.as_bytes()).unwrap_err();
    assert_eq!(err.code(), "invalid.file");
    assert!(message(err).contains("Baris 3"), "names the row");
}

#[test]
fn empty_blank_binary_and_oversized_files_are_refused_clearly() {
    for (bytes, needle) in [
        (Vec::new(), "kosong"),
        (b"\n\n ,, \n".to_vec(), "tidak berisi data"),
        (b"ab\0cd\0".to_vec(), "biner"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(), ".xls"),
        (vec![b'a'; table::MAX_FILE_BYTES + 1], "terlalu besar"),
    ] {
        let err = read_table(&bytes).unwrap_err();
        assert_eq!(err.code(), "invalid.file");
        assert!(message(err).contains(needle), "{needle}");
    }
}

#[test]
fn a_file_of_gigabytes_is_refused_by_its_size_without_being_loaded() {
    let dir = tempfile::tempdir().expect("dir");
    let huge = dir.path().join("aduan-besar.csv");
    // Sparse: 4 GiB on paper, nothing on disk; the reader takes only the first 20 MB + 1.
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(4 * 1024 * 1024 * 1024))
        .expect("sparse file");
    let err = super::read_table_file(&huge, "aduan-besar.csv").unwrap_err();
    assert_eq!(err.code(), "invalid.file");
    let text = message(err);
    assert!(text.contains("terlalu besar (4096.0 MB)"), "{text}");

    let small = dir.path().join("aduan.csv");
    std::fs::write(&small, "Tanggal,Isi\n2026-03-02,Jalan rusak\n").expect("write");
    let table = super::read_table_file(&small, "aduan.csv").expect("a small file reads");
    assert_eq!(table.rows.len(), 1);

    let missing =
        super::read_table_file(&dir.path().join("tidak-ada.csv"), "tidak-ada.csv").unwrap_err();
    assert!(message(missing).contains("tidak-ada.csv"));
}

#[test]
fn too_many_rows_are_refused() {
    let mut text = String::from("Tanggal,Isi\n");
    for _ in 0..=table::MAX_ROWS {
        text.push_str("1,a\n");
    }
    let err = read_csv(text.as_bytes()).unwrap_err();
    assert!(message(err).contains("100.000"));
}

#[test]
fn untitled_and_repeated_headers_get_unique_names() {
    let table = read_csv(b"Nama,,Nama\na,b,c\n").unwrap();
    assert_eq!(table.headers, ["Nama", "Kolom B", "Nama (kolom C)"]);
}

fn sample_xlsx() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    for (col, title) in ["Timestamp", "Nama", "Nomor HP", "Isi aduan", "Kecamatan"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    let at = ExcelDateTime::parse_from_str("2026-11-20 08:15:00").unwrap();
    sheet.write_datetime_with_format(1, 0, &at, &date).unwrap();
    sheet.write_string(1, 1, "Budi").unwrap();
    sheet.write_number(1, 2, 6281234567890.0).unwrap();
    sheet.write_string(1, 3, "Jembatan gantung rusak").unwrap();
    sheet.write_string(1, 4, "Cugenang").unwrap();
    // Row 3 left blank; row 4 has text dates and a formula-looking text.
    sheet.write_string(3, 0, "21/11/2026 09.30").unwrap();
    sheet.write_string(3, 3, "=HYPERLINK(\"x\")").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_round_trip_reads_dates_numbers_and_row_numbers() {
    let table = read_table(&sample_xlsx()).unwrap();
    assert_eq!(
        table.headers,
        ["Timestamp", "Nama", "Nomor HP", "Isi aduan", "Kecamatan"]
    );
    assert_eq!(
        row(&table, 0),
        (
            2,
            vec![
                "2026-11-20T08:15",
                "Budi",
                "6281234567890",
                "Jembatan gantung rusak",
                "Cugenang"
            ]
        )
    );
    assert_eq!(
        row(&table, 1),
        (4, vec!["21/11/2026 09.30", "", "", "=HYPERLINK(\"x\")", ""])
    );
}

#[test]
fn xlsx_with_a_cell_far_away_is_refused_without_allocating_the_sheet() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Isi").unwrap();
    sheet.write_string(1_048_575, 16_383, "jauh").unwrap();
    let err = read_table(&book.save_to_buffer().unwrap()).unwrap_err();
    assert!(message(err).contains("XFD1048576"));
}

#[test]
fn garbage_xlsx_is_refused_not_panicked_on() {
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default();
        for name in [
            "[Content_Types].xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml",
            "xl/sharedStrings.xml",
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(b"<not<xml <<< &&& \xFF\xFE").unwrap();
        }
        zip.finish().unwrap();
    }
    let err = read_table(cursor.get_ref()).unwrap_err();
    assert_eq!(err.code(), "invalid.file");
}

/// A small deterministic generator so the fuzz-like tests repeat exactly.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn random_truncated_and_corrupted_bytes_never_panic() {
    let (_dir, store) = store();
    let clock = clock();
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let mut rng = Lcg(42);
    let xlsx = sample_xlsx();
    let csv = FORM_CSV.as_bytes().to_vec();
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for len in (0..xlsx.len()).step_by(97) {
        inputs.push(xlsx[..len].to_vec());
    }
    for len in 0..csv.len() {
        inputs.push(csv[..len].to_vec());
    }
    for _ in 0..300 {
        let mut bytes = xlsx.clone();
        for _ in 0..1 + rng.next() % 8 {
            let at = (rng.next() as usize) % bytes.len();
            bytes[at] = rng.next() as u8;
        }
        inputs.push(bytes);
        let len = (rng.next() % 400) as usize;
        let alphabet = b"\",;\t\r\n\xE9\xFFa=+-@0123456789/: ";
        inputs.push(
            (0..len)
                .map(|_| alphabet[(rng.next() as usize) % alphabet.len()])
                .collect(),
        );
        inputs.push((0..len).map(|_| rng.next() as u8).collect());
    }
    for bytes in &inputs {
        if let Ok(table) = read_table(bytes) {
            let mapping = guess_mapping(&table.headers);
            let _ = preview(store.conn(), &clock, &table, &mapping, &defaults);
        }
    }
}

// ---------------------------------------------------------------------------------------
// mapping

fn headers(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn google_form_headers_are_guessed() {
    let h = headers(&[
        "Cap waktu",
        "Nama",
        "Nomor HP/WA",
        "Isi aduan",
        "Kecamatan",
        "Kategori",
    ]);
    let m = guess_mapping(&h);
    assert_eq!(m.received_at.as_deref(), Some("Cap waktu"));
    assert_eq!(m.citizen_name.as_deref(), Some("Nama"));
    assert_eq!(m.citizen_contact.as_deref(), Some("Nomor HP/WA"));
    assert_eq!(m.body.as_deref(), Some("Isi aduan"));
    assert_eq!(m.kecamatan.as_deref(), Some("Kecamatan"));
    assert_eq!(m.category.as_deref(), Some("Kategori"));
    assert_eq!(m.channel, None);

    let english = guess_mapping(&headers(&[
        "Timestamp",
        "Email Address",
        "Full name",
        "Your complaint",
        "Link to the post",
    ]));
    assert_eq!(english.received_at.as_deref(), Some("Timestamp"));
    assert_eq!(english.citizen_contact.as_deref(), Some("Email Address"));
    assert_eq!(english.citizen_name.as_deref(), Some("Full name"));
    assert_eq!(english.source_url.as_deref(), Some("Link to the post"));
}

#[test]
fn agency_sheet_headers_do_not_steal_each_other() {
    let m = guess_mapping(&headers(&[
        "No",
        "Tanggal Aduan",
        "Jenis Aduan",
        "Kategori Aduan",
        "Uraian Aduan",
        "Sumber",
        "Kec.",
        "Keterangan",
    ]));
    assert_eq!(m.received_at.as_deref(), Some("Tanggal Aduan"));
    assert_eq!(m.kind.as_deref(), Some("Jenis Aduan"));
    assert_eq!(m.category.as_deref(), Some("Kategori Aduan"));
    assert_eq!(m.body.as_deref(), Some("Uraian Aduan"));
    assert_eq!(m.channel.as_deref(), Some("Sumber"));
    assert_eq!(m.kecamatan.as_deref(), Some("Kec."));
    assert_eq!(m.citizen_name, None);
}

#[test]
fn mapping_files_are_read_and_mistakes_named() {
    let m = mapping_from_json(
        br#"{"body": "Isi Aduan", "received_at": "Timestamp", "kecamatan": null}"#,
    )
    .unwrap();
    assert_eq!(m.body.as_deref(), Some("Isi Aduan"));
    assert_eq!(m.get(Field::ReceivedAt), Some("Timestamp"));
    assert_eq!(m.kecamatan, None);

    let err = mapping_from_json(br#"{"isi": "Isi Aduan"}"#).unwrap_err();
    assert_eq!(err.code(), "invalid.mapping");
    assert!(message(err).contains("\"isi\""));
    assert!(message(mapping_from_json(br#"{"body": 3}"#).unwrap_err()).contains("body"));
    assert!(message(mapping_from_json(b"{body").unwrap_err()).contains("baris 1"));
    assert!(mapping_from_json(b"[]").is_err());
}

#[test]
fn resolving_a_mapping_checks_columns_exist_are_single_and_required_ones_set() {
    let h = headers(&["Tanggal", "Isi"]);
    let mut m = Mapping {
        received_at: Some("tanggal".into()),
        body: Some("Isi".into()),
        ..Mapping::default()
    };
    assert!(resolve(&m, &h).is_ok(), "case-insensitive");
    m.citizen_name = Some("Nama".into());
    assert!(message(resolve(&m, &h).unwrap_err()).contains("\"Nama\""));
    m.citizen_name = Some("Isi".into());
    assert!(message(resolve(&m, &h).unwrap_err()).contains("sekaligus"));
    m.citizen_name = None;
    m.received_at = None;
    assert!(message(resolve(&m, &h).unwrap_err()).contains("Waktu diterima"));
}

// ---------------------------------------------------------------------------------------
// import

#[test]
fn lenient_dates_are_read_as_wib_minutes() {
    for (text, want) in [
        ("2026-11-20 08:15", "2026-11-20T08:15"),
        ("2026-11-20T08:15:59", "2026-11-20T08:15"),
        ("2026/11/20", "2026-11-20T00:00"),
        ("20/11/2026 8:15:00", "2026-11-20T08:15"),
        ("20-11-2026", "2026-11-20T00:00"),
        ("20.11.2026 08.15 WIB", "2026-11-20T08:15"),
        ("20/11/26 08:15", "2026-11-20T08:15"),
        ("20 November 2026 08.15", "2026-11-20T08:15"),
        ("Jumat, 20 Nov 2026", "2026-11-20T00:00"),
        ("20/11/2026 8:15:00 PM", "2026-11-20T20:15"),
        ("2026-11-20T01:15:00Z", "2026-11-20T08:15"),
        ("46346.34375", "2026-11-20T08:15"),
    ] {
        assert_eq!(parse_received(text, false).as_deref(), Some(want), "{text}");
    }
    assert_eq!(
        parse_received("11/20/2026 8:15:00", true).as_deref(),
        Some("2026-11-20T08:15")
    );
    for bad in [
        "31/02/2026",
        "kemarin",
        "08:15",
        "2026-13-01",
        "20/11/1890",
        "25:00",
    ] {
        assert_eq!(parse_received(bad, false), None, "{bad}");
    }
}

#[test]
fn google_form_export_previews_cleanly() {
    let (_dir, store) = store();
    let table = read_table(FORM_CSV.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    let p = preview(
        store.conn(),
        &clock(),
        &table,
        &mapping,
        &ImportDefaults::new(Channel::Whatsapp),
    )
    .unwrap();
    assert_eq!(p.problems, vec![]);
    assert_eq!((p.rows_total, p.rows_ok), (2, 2));
    let first = &p.sample[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.input.received_at_wib, "2026-11-20T08:15");
    assert_eq!(first.input.kecamatan, "32.03.11");
    assert_eq!(first.kecamatan_name, "Cugenang");
    assert_eq!(first.category_name, "Jalan dan jembatan");
    assert_eq!(first.input.channel, Channel::Whatsapp);
    assert_eq!(first.input.kind, ComplaintKind::Pengaduan);
    assert_eq!(p.sample[1].input.kecamatan, "32.03.28");
    assert_eq!(p.sample[1].category_name, "Penerangan jalan");
    assert_eq!(count(&store), 0, "a preview writes nothing");
}

#[test]
fn without_a_default_channel_rows_naming_theirs_import_and_a_row_lacking_one_is_named() {
    let (_dir, store) = store();
    let every_row = "Waktu;Kanal;Isi\n\
        2026-11-20 08:00;WA;a\n\
        2026-11-20 09:00;IG;b\n";
    let table = read_table(every_row.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    let defaults = ImportDefaults::with_channel(None);
    let p = preview(store.conn(), &clock(), &table, &mapping, &defaults).unwrap();
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.rows_ok, 2);

    let one_lacking = "Waktu;Kanal;Isi\n\
        2026-11-20 08:00;WA;a\n\
        2026-11-20 09:00;;b\n\
        2026-11-20 10:00;FB;c\n";
    let table = read_table(one_lacking.as_bytes()).unwrap();
    let p = preview(store.conn(), &clock(), &table, &mapping, &defaults).unwrap();
    assert_eq!((p.rows_total, p.rows_ok), (3, 2));
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].row, 3);
    assert_eq!(p.problems[0].column, "Kanal");
    assert!(
        p.problems[0].message.contains("--channel"),
        "{:?}",
        p.problems
    );
    assert_eq!(count(&store), 0);
}

#[test]
fn channel_kind_and_kecamatan_synonyms_are_understood() {
    let (_dir, store) = store();
    let csv = "Waktu;Kanal;Jenis;Kecamatan;Isi\n\
        2026-11-20 08:00;IG;aspirasi;32.03.01;a\n\
        2026-11-20 08:00;Instagram DM;Permintaan Informasi;KECAMATAN  PACET;b\n\
        2026-11-20 08:00;WA;saran;luar cianjur;c\n\
        2026-11-20 08:00;Lapor;;;d\n\
        2026-11-20 08:00;fb messenger;pertanyaan;Campaka Mulya;e\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let p = preview(
        store.conn(),
        &clock(),
        &table,
        &guess_mapping(&table.headers),
        &ImportDefaults::new(Channel::Telepon),
    )
    .unwrap();
    assert_eq!(p.problems, vec![]);
    let got: Vec<_> = p
        .sample
        .iter()
        .map(|r| (r.input.channel, r.input.kind, r.input.kecamatan.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Channel::InstagramKomentar,
                ComplaintKind::Aspirasi,
                "32.03.01"
            ),
            (
                Channel::InstagramDm,
                ComplaintKind::PermintaanInformasi,
                "32.03.10"
            ),
            (Channel::Whatsapp, ComplaintKind::Aspirasi, "luar_cianjur"),
            (Channel::Sp4nLapor, ComplaintKind::Pengaduan, ""),
            (
                Channel::FacebookMessenger,
                ComplaintKind::PermintaanInformasi,
                "32.03.25"
            ),
        ]
    );
}

#[test]
fn bad_rows_are_named_by_row_and_column_and_nothing_is_written() {
    let (_dir, mut store) = store();
    let clock = clock();
    let csv = "Tanggal,Isi aduan,Kategori,Kecamatan,Kanal\n\
        2026-11-20 08:15,Jalan rusak,Kesehatan,Cugenang,WA\n\
        kemarin,Banjir,Bencana,Cugenang,WA\n\
        2026-11-20 08:15,Sampah,Olahraga,Atlantis,merpati\n\
        2026-12-25 08:15,Masa depan,Lainnya,,WA\n";
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let p = preview(store.conn(), &clock, &table, &mapping, &defaults).unwrap();
    assert_eq!(p.rows_ok, 1);
    let found: Vec<(usize, &str)> = p
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (3, "Tanggal"),
            (4, "Kanal"),
            (4, "Kategori"),
            (4, "Kecamatan"),
            (5, "Tanggal"),
        ]
    );
    assert!(
        p.problems[2].message.contains("Jalan dan jembatan"),
        "lists the categories"
    );
    assert!(
        p.problems[4].message.contains("masa depan"),
        "model rules apply"
    );

    let err = commit(
        store.conn_mut(),
        &clock,
        &table,
        &mapping,
        &defaults,
        "admin",
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid.import");
    let text = message(err);
    assert!(text.contains("baris 3, 4, 5"), "{text}");
    assert!(text.contains("tidak ada aduan yang disimpan"));
    assert_eq!(count(&store), 0);
}

#[test]
fn very_long_text_is_rejected_clearly() {
    let (_dir, store) = store();
    let csv = format!("Tanggal,Isi\n2026-11-20 08:15,\"{}\"\n", "a".repeat(12_000));
    let table = read_table(csv.as_bytes()).unwrap();
    let p = preview(
        store.conn(),
        &clock(),
        &table,
        &guess_mapping(&table.headers),
        &ImportDefaults::new(Channel::Whatsapp),
    )
    .unwrap();
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].row, 2);
    assert!(p.problems[0].message.contains("12.000 karakter"));
    assert!(p.problems[0].message.contains("10.000"));
}

fn big_csv(rows: usize) -> String {
    let mut csv = String::from("Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori,Kanal\n");
    let kecamatan = crate::kecamatan::all();
    let categories = ["Jalan dan jembatan", "Kesehatan", "Bencana", "Lainnya"];
    for i in 0..rows {
        csv.push_str(&format!(
            "{}/{}/2026 {}:{:02}:00,Warga {i},08{:010},\"Aduan nomor {i}: jalan rusak, mohon diperbaiki\",{},{},{}\n",
            1 + i % 28,
            1 + i % 10,
            7 + i % 10,
            i % 60,
            i,
            kecamatan[i % 32].nama,
            categories[i % 4],
            ["IG", "WA", "FB", "Lapor"][i % 4],
        ));
    }
    csv
}

#[test]
fn ten_thousand_rows_import_in_one_go() {
    let (_dir, mut store) = store();
    let clock = clock();
    let table = read_table(big_csv(10_000).as_bytes()).unwrap();
    let mapping = guess_mapping(&table.headers);
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let n = commit(
        store.conn_mut(),
        &clock,
        &table,
        &mapping,
        &defaults,
        "admin",
    )
    .unwrap();
    assert_eq!(n, 10_000);
    assert_eq!(count(&store), 10_000);
}

// ---------------------------------------------------------------------------------------
// export

fn seeded() -> (tempfile::TempDir, Store, FixedClock) {
    let (dir, mut store) = store();
    let clock = clock();
    let csv = "Tanggal,Nama,Kontak,Isi aduan,Kategori,Kecamatan,Tautan\n\
        2026-11-02 08:00,Budi Santoso,081234567890,=HYPERLINK(\"http://x\";\"klik\"),Kesehatan,Cugenang,https://instagram.com/p/abc\n\
        2026-11-10 09:30,+628123,@evil,-2+3 jalan rusak,Bencana,Pacet,\n\
        2026-10-30 10:00,Siti,,Oktober,Lainnya,,\n";
    let table = read_table(csv.as_bytes()).unwrap();
    commit(
        store.conn_mut(),
        &clock,
        &table,
        &guess_mapping(&table.headers),
        &ImportDefaults::new(Channel::Whatsapp),
        "admin",
    )
    .unwrap();
    (dir, store, clock)
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn audit_count(store: &Store) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM complaint_audit WHERE action = 'ekspor'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn csv_export_masks_personal_data_by_default_and_neutralises_formulas() {
    let (_dir, store, clock) = seeded();
    let bytes = export_csv(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        false,
        "admin",
    )
    .unwrap();
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0], export::HEADERS.map(String::from));
    assert_eq!(rows.len(), 4);
    // Oldest first.
    assert_eq!(rows[1][10], "Oktober");
    let budi = &rows[2];
    assert_eq!(budi[1], "2026-11-02 08:00");
    assert_eq!(budi[2], "WhatsApp");
    assert_eq!(budi[5], "Cugenang");
    assert_eq!(budi[6], ComplaintStatus::Baru.label());
    assert_ne!(budi[7], "Budi Santoso", "name masked");
    assert!(!budi[8].contains("1234567890"), "contact masked");
    assert_eq!(budi[9], "[disembunyikan]");
    assert_eq!(budi[10], "'=HYPERLINK(\"http://x\";\"klik\")");
    let evil = &rows[3];
    assert_eq!(evil[10], "'-2+3 jalan rusak");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
    assert_eq!(
        audit_count(&store),
        0,
        "masked exports are not personal-data access"
    );
}

#[test]
fn personal_export_is_full_and_audited() {
    let (_dir, store, clock) = seeded();
    let bytes = export_csv(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        true,
        "admin",
    )
    .unwrap();
    let rows = csv_rows(&bytes);
    assert_eq!(rows[2][7], "Budi Santoso");
    assert_eq!(rows[2][8], "081234567890");
    assert_eq!(rows[2][9], "https://instagram.com/p/abc");
    assert_eq!(rows[3][7], "'+628123");
    assert_eq!(rows[3][8], "'@evil");
    assert_eq!(audit_count(&store), 1);
    export_xlsx(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        true,
        "admin",
    )
    .unwrap();
    assert_eq!(audit_count(&store), 2);
}

#[test]
fn export_respects_the_filter() {
    let (_dir, store, clock) = seeded();
    let november = ComplaintFilter {
        from: Some("2026-11-01".into()),
        to: Some("2026-11-30".into()),
        ..ComplaintFilter::default()
    };
    let rows = csv_rows(&export_csv(store.conn(), &clock, &november, false, "a").unwrap());
    assert_eq!(rows.len(), 3);
    let search = ComplaintFilter {
        query: Some("jalan".into()),
        ..ComplaintFilter::default()
    };
    let rows = csv_rows(&export_csv(store.conn(), &clock, &search, false, "a").unwrap());
    assert_eq!(rows.len(), 2);
    let closed = ComplaintFilter {
        status: Some(ComplaintStatus::Selesai),
        ..ComplaintFilter::default()
    };
    let rows = csv_rows(&export_csv(store.conn(), &clock, &closed, false, "a").unwrap());
    assert_eq!(rows.len(), 1, "header only");
    let bad = ComplaintFilter {
        from: Some("2026-12-01".into()),
        to: Some("2026-11-01".into()),
        ..ComplaintFilter::default()
    };
    assert!(export_csv(store.conn(), &clock, &bad, false, "a").is_err());
}

#[test]
fn xlsx_export_reads_back_neutralised_and_reimports() {
    let (_dir, store, clock) = seeded();
    let bytes = export_xlsx(
        store.conn(),
        &clock,
        &ComplaintFilter::default(),
        true,
        "admin",
    )
    .unwrap();
    let table = read_table(&bytes).unwrap();
    assert_eq!(table.headers, export::HEADERS.map(String::from));
    assert_eq!(table.rows.len(), 3);
    let body = table.column("Isi aduan").unwrap();
    assert_eq!(table.rows[1].1[body], "'=HYPERLINK(\"http://x\";\"klik\")");
    assert_eq!(table.rows[2].1[body], "'-2+3 jalan rusak");
    for (_, cells) in &table.rows {
        for cell in cells {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    // The export is a valid import: titles map back and the ' comes off again.
    let (_dir2, fresh) = self::store();
    let p = preview(
        fresh.conn(),
        &clock,
        &table,
        &guess_mapping(&table.headers),
        &ImportDefaults::new(Channel::Telepon),
    )
    .unwrap();
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.sample[1].input.body, "=HYPERLINK(\"http://x\";\"klik\")");
    assert_eq!(p.sample[1].input.channel, Channel::Whatsapp);
    assert_eq!(p.sample[1].input.kecamatan, "32.03.11");
    assert_eq!(p.sample[2].input.citizen_name, "+628123");
}

#[test]
fn neutralize_prefixes_only_dangerous_starts() {
    for (text, want) in [
        ("=1+1", "'=1+1"),
        ("+62", "'+62"),
        ("-", "'-"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
    ] {
        assert_eq!(neutralize(text), want);
    }
}
