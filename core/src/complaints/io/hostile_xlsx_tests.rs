//! Crafted workbooks that once aborted the app or could: each is refused by the pre-check
//! in `xlsx_guard` with a message an admin understands, and the store stays as it was.

use super::xlsx_guard::{MAX_ENTRY_BYTES, MAX_XML_DEPTH};
use super::*;
use crate::complaints::model::Channel;
use crate::FixedClock;
use std::io::{Read, Write};
use time::macros::datetime;

use crate::test_support::store;

/// A small, valid workbook as rust_xlsxwriter writes it: shared strings, a date, a number.
fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["Tanggal", "Kanal", "Isi aduan"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    sheet.write_string(1, 0, "2026-11-20 08:15").unwrap();
    sheet.write_string(1, 1, "WA").unwrap();
    sheet.write_string(1, 2, "Jalan desa berlubang").unwrap();
    sheet.write_number(2, 0, 46000.5).unwrap();
    book.save_to_buffer().unwrap()
}

fn parts(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().to_string(), data)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap();
    }
    cursor.into_inner()
}

/// The workbook with one part's text rewritten.
fn with_part(name: &str, change: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut parts = parts(&workbook());
    let part = parts.iter_mut().find(|(n, _)| n == name).unwrap();
    part.1 = change(String::from_utf8(part.1.clone()).unwrap()).into_bytes();
    rezip(&parts)
}

/// Overwrites the uncompressed size the local and central headers of `name` declare.
fn declare_size(mut zip: Vec<u8>, name: &str, size: u32) -> Vec<u8> {
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut at = 0;
    while at + 46 <= zip.len() {
        let (name_at, size_at) = match &zip[at..at + 4] {
            b"PK\x03\x04" => (at + 30, at + 22),
            b"PK\x01\x02" => (at + 46, at + 24),
            _ => {
                at += 1;
                continue;
            }
        };
        let name_len = le16(&zip, if name_at == at + 30 { at + 26 } else { at + 28 });
        if zip.get(name_at..name_at + name_len) == Some(name.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        at += 4;
    }
    zip
}

fn refusal(bytes: &[u8]) -> String {
    let err = read_table(bytes).expect_err("a hostile workbook is refused");
    assert_eq!(err.code(), "invalid.file");
    let message = err.to_string();
    assert!(
        message.starts_with("Berkas XLSX ini tidak wajar: "),
        "{message}"
    );
    assert!(
        message.ends_with("Simpan ulang dari Excel/LibreOffice lalu coba lagi."),
        "{message}"
    );
    message
}

#[test]
fn the_untouched_workbook_reads() {
    let table = read_table(&workbook()).unwrap();
    assert_eq!(table.headers, ["Tanggal", "Kanal", "Isi aduan"]);
    assert_eq!(table.rows.len(), 2);
}

#[test]
fn shared_strings_claiming_a_hundred_billion_texts_are_refused_before_anything_is_reserved() {
    // calamine reserved uniqueCount x 24 bytes: "memory allocation of 2400000000000 bytes
    // failed" and the process aborted.
    let bomb = with_part("xl/sharedStrings.xml", |xml| {
        xml.replacen("uniqueCount=\"", "uniqueCount=\"100000000000\" x=\"", 1)
    });
    let message = refusal(&bomb);
    assert!(message.contains("100.000.000.000 teks"), "{message}");
    assert!(message.contains("batasnya 2.000.000"), "{message}");
}

#[test]
fn shared_string_uses_and_sheet_size_beyond_any_sheet_are_refused() {
    let uses = with_part("xl/sharedStrings.xml", |xml| {
        xml.replacen("count=\"", "count=\"99999999999999999999999\" x=\"", 1)
    });
    assert!(refusal(&uses).contains("sel"));
    let wide = with_part("xl/worksheets/sheet1.xml", |xml| {
        xml.replacen(
            "<dimension ref=\"",
            "<dimension ref=\"A1:ZZZZ99999999\" x=\"",
            1,
        )
    });
    assert!(refusal(&wide).contains("A1:ZZZZ99999999"));
}

#[test]
fn a_zip_bomb_part_is_refused_by_its_compression_ratio() {
    // 8 MB of spaces inside the sheet deflate to a few KB: about a thousandfold.
    let bomb = with_part("xl/worksheets/sheet1.xml", |xml| {
        xml.replacen(
            "<sheetData>",
            &format!("<sheetData>{}", " ".repeat(8 << 20)),
            1,
        )
    });
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    let message = refusal(&bomb);
    assert!(message.contains("bom zip"), "{message}");
    assert!(message.contains("xl/worksheets/sheet1.xml"), "{message}");
}

#[test]
fn a_part_declaring_gigabytes_is_refused_before_it_is_inflated() {
    let bomb = declare_size(workbook(), "xl/worksheets/sheet1.xml", 3_000_000_000);
    let message = refusal(&bomb);
    assert!(message.contains("mengaku berukuran 2.862 MB"), "{message}");
    assert!(
        message.contains(&format!("batasnya {} MB", MAX_ENTRY_BYTES >> 20)),
        "{message}"
    );
}

#[test]
fn a_part_larger_than_its_declared_size_is_refused() {
    // Declared small enough to escape the ratio check, but it inflates to 400 KB.
    let big = with_part("xl/sharedStrings.xml", |xml| {
        xml.replacen(
            "<si>",
            &format!("<si><t>{}</t></si><si>", "ab".repeat(200_000)),
            1,
        )
    });
    let liar = declare_size(big, "xl/sharedStrings.xml", 1_000);
    let message = refusal(&liar);
    assert!(message.contains("ternyata lebih besar"), "{message}");
    assert!(message.contains("(1.000 byte)"), "{message}");
}

#[test]
fn deeply_nested_xml_is_refused() {
    let depth = 50_000;
    let bomb = with_part("xl/sharedStrings.xml", |xml| {
        xml.replacen(
            "<si>",
            &format!("<si>{}{}", "<r>".repeat(depth), "</r>".repeat(depth)),
            1,
        )
    });
    let message = refusal(&bomb);
    assert!(
        message.contains(&format!("bersarang lebih dari {MAX_XML_DEPTH} tingkat")),
        "{message}"
    );
}

#[test]
fn a_zip64_directory_claiming_a_billion_parts_is_refused() {
    // A classic end record saying "see zip64", preceded by a zip64 record and locator.
    let mut zip = workbook();
    let end = zip.len() - 22;
    let classic = zip[end..].to_vec();
    let cd_size = u32::from_le_bytes(classic[12..16].try_into().unwrap()) as u64;
    let cd_start = u32::from_le_bytes(classic[16..20].try_into().unwrap()) as u64;
    zip.truncate(end);
    let record_at = zip.len() as u64;
    zip.extend_from_slice(b"PK\x06\x06");
    zip.extend_from_slice(&44u64.to_le_bytes());
    zip.extend_from_slice(&[45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    zip.extend_from_slice(&1_000_000_000u64.to_le_bytes());
    zip.extend_from_slice(&1_000_000_000u64.to_le_bytes());
    zip.extend_from_slice(&cd_size.to_le_bytes());
    zip.extend_from_slice(&cd_start.to_le_bytes());
    zip.extend_from_slice(b"PK\x06\x07");
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(&record_at.to_le_bytes());
    zip.extend_from_slice(&1u32.to_le_bytes());
    zip.extend_from_slice(b"PK\x05\x06\0\0\0\0\xFF\xFF\xFF\xFF");
    zip.extend_from_slice(&classic[12..]);
    let message = refusal(&zip);
    assert!(message.contains("lebih dari 10.000 bagian"), "{message}");
}

#[test]
fn refused_workbooks_leave_the_store_unchanged() {
    let (_dir, mut store) = store();
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let defaults = ImportDefaults::new(Channel::Whatsapp);
    let import = |store: &mut crate::Store, bytes: &[u8]| {
        let table = read_table(bytes)?;
        let mapping = guess_mapping(&table.headers);
        commit(
            store.conn_mut(),
            &clock,
            &table,
            &mapping,
            &defaults,
            "admin",
        )
    };
    let good = "Tanggal,Kanal,Isi aduan\n2026-11-20 08:15,WA,Jalan desa berlubang\n";
    assert_eq!(import(&mut store, good.as_bytes()).unwrap(), 1);
    let count = |store: &crate::Store| -> i64 {
        store
            .conn()
            .query_row("SELECT COUNT(*) FROM complaints", [], |r| r.get(0))
            .unwrap()
    };
    let hostile = [
        with_part("xl/sharedStrings.xml", |xml| {
            xml.replacen("uniqueCount=\"", "uniqueCount=\"100000000000\" x=\"", 1)
        }),
        declare_size(workbook(), "xl/worksheets/sheet1.xml", 3_000_000_000),
        with_part("xl/sharedStrings.xml", |xml| {
            xml.replacen("<si>", &format!("<si>{}", "<r>".repeat(1000)), 1)
        }),
    ];
    for bytes in hostile {
        let err = import(&mut store, &bytes).unwrap_err();
        assert!(err.to_string().contains("tidak wajar"), "{err}");
        assert_eq!(count(&store), 1);
    }
}
