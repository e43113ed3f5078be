//! Mutation fuzzing of the complaint import readers (CSV and XLSX) over real files: bit
//! flips, inserted and deleted bytes, truncation, spreadsheet and XML tokens, numbers the
//! file claims swapped for huge ones, and, for XLSX, mutations inside the unpacked parts
//! re-zipped so they reach the XML instead of stopping at the zip checksum.
//!
//! A crash is a panic that escapes the reader, or the process dying: the allocator below
//! refuses any single request above 256 MB or more than 1 GB live, so an allocation a
//! file talked the reader into aborts the run instead of passing on a big machine.
//!
//! `mutated_files_never_crash_the_readers` runs a few hundred inputs with every
//! `cargo test`; `cargo xtask fuzz` runs `fuzz_for_a_while` for minutes per reader (see
//! xtask/src/fuzz.rs), with MEDSOS_FUZZ_READER (csv | xlsx), MEDSOS_FUZZ_SECONDS,
//! MEDSOS_FUZZ_SEED and MEDSOS_FUZZ_INPUT (where the input being read is kept, so the one
//! that killed the process can be found).

use medsos_core::complaints::io::{read_csv, read_table, read_xlsx};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_ONE_ALLOCATION: usize = 256 << 20;
const MAX_LIVE: usize = 1 << 30;

/// The system allocator with a ceiling; a null answer makes Rust abort the process.
struct Capped;

static LIVE: AtomicUsize = AtomicUsize::new(0);

impl Capped {
    fn admits(size: usize) -> bool {
        size <= MAX_ONE_ALLOCATION && LIVE.load(Ordering::Relaxed).saturating_add(size) <= MAX_LIVE
    }
}

// SAFETY: every call is passed to `System` unchanged, or answered with null, which the
// GlobalAlloc contract allows; the counter is bookkeeping only.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !Capped::admits(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !Capped::admits(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let growth = new_size.saturating_sub(layout.size());
        if new_size > MAX_ONE_ALLOCATION || !Capped::admits(growth) {
            return std::ptr::null_mut();
        }
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Capped = Capped;

// ---------------------------------------------------------------------------------------
// Random numbers: splitmix64, so a run repeats exactly from its seed.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------
// Seeds: real files of the kinds admins import.

const FORM_CSV: &str = "Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori,Kanal\n\
20/11/2026 8:15:00,Budi Santoso,081234567890,\"Jalan di depan SDN 1 berlubang, besar\",Kec. Cugenang,jalan dan jembatan,WA\n\
21/11/2026 13:02:45,@siti_cjr,,\"Lampu PJU mati \"\"sejak\"\" seminggu\nbaris kedua\",cipanas,Penerangan Jalan,Komentar IG\n\
22/11/2026 10:30:00,,,=HYPERLINK(\"x\"),Luar Cianjur,Lainnya,telepon\n";

fn csv_seeds() -> Vec<Vec<u8>> {
    let semicolon = "sep=;\r\nTanggal;Isi aduan;Kecamatan;;;\r\n2026-11-20 08:15;Jalan rusak, berlubang;Cugenang;;;\r\n\r\n2026-11-21;\"Banjir;\r\nparah\";Cipanas;;;\r\n";
    let tabs = "Tanggal\tIsi\tKanal\n2026-11-20\tAda banjir\tWA\n2026-11-21\tSampah\tDM IG\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in tabs.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(FORM_CSV.as_bytes());
    vec![
        FORM_CSV.as_bytes().to_vec(),
        bom,
        semicolon.as_bytes().to_vec(),
        utf16,
        // Windows-1252: "Kecamatan Cipanas – é" as old Excel saves it.
        b"Tanggal,Isi aduan\n2026-11-20,Kecamatan Cipanas \x96 caf\xe9\n".to_vec(),
        include_bytes!("../data/kecamatan-cianjur.csv").to_vec(),
        include_bytes!("../data/hari-libur-2026.csv").to_vec(),
    ]
}

fn xlsx_seeds() -> Vec<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Note, Workbook};
    let mut seeds = Vec::new();

    // A Google Form export as Excel writes it: dates, numbers, shared strings.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let bold = Format::new().set_bold();
    for (col, title) in [
        "Timestamp",
        "Nama",
        "Nomor HP",
        "Isi aduan",
        "Kecamatan",
        "Kanal",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(0, col as u16, *title, &bold)
            .unwrap();
    }
    for row in 1..40u32 {
        let at = ExcelDateTime::from_ymd(2026, 11, 1 + (row % 28) as u8)
            .unwrap()
            .and_hms(8, (row % 60) as u8, 0)
            .unwrap();
        sheet
            .write_datetime_with_format(row, 0, &at, &date)
            .unwrap();
        sheet.write_string(row, 1, format!("Warga {row}")).unwrap();
        sheet
            .write_number(row, 2, 6281234567000.0 + row as f64)
            .unwrap();
        sheet
            .write_string(row, 3, "Jalan desa berlubang, mohon diperbaiki")
            .unwrap();
        sheet.write_string(row, 4, "Cugenang").unwrap();
        sheet
            .write_string(row, 5, if row % 2 == 0 { "WA" } else { "Komentar IG" })
            .unwrap();
    }
    seeds.push(book.save_to_buffer().unwrap());

    // An agency's own sheet: formulas, booleans, a link, rich text, merged cells, a note,
    // a second sheet, an autofilter.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.merge_range(0, 0, 0, 3, "Rekap aduan", &bold).unwrap();
    for (col, title) in ["Tanggal", "Isi aduan", "Selesai", "Jumlah"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, col as u16, *title).unwrap();
    }
    sheet.write_string(2, 0, "2026-11-20").unwrap();
    let red = Format::new().set_font_color("#FF0000");
    sheet
        .write_rich_string(2, 1, &[(&bold, "Penting: "), (&red, "banjir di Cipanas")])
        .unwrap();
    sheet.write_boolean(2, 2, true).unwrap();
    sheet.write_formula(2, 3, "=1+1").unwrap();
    sheet.write_url(3, 1, "https://lapor.go.id").unwrap();
    sheet.write_number(3, 3, 0.25).unwrap();
    sheet
        .insert_note(2, 1, &Note::new("Catatan admin"))
        .unwrap();
    sheet.autofilter(1, 0, 3, 3).unwrap();
    let other = book.add_worksheet();
    other.write_string(0, 0, "Lembar lain").unwrap();
    seeds.push(book.save_to_buffer().unwrap());

    // A sheet whose text is written inline (as some tools export), from the first seed.
    if let Some(parts) = unzip(&seeds[0]) {
        let parts = parts
            .into_iter()
            .map(|(name, data)| {
                if name == "xl/worksheets/sheet1.xml" {
                    let xml = String::from_utf8_lossy(&data).replace(
                        "<c r=\"B2\" t=\"s\"><v>6</v></c>",
                        "<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> Warga </t></is></c>",
                    );
                    (name, xml.into_bytes())
                } else {
                    (name, data)
                }
            })
            .collect::<Vec<_>>();
        seeds.push(zip_parts(&parts, zip::CompressionMethod::Deflated));
    }
    seeds
}

// ---------------------------------------------------------------------------------------
// Mutations

const CSV_TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\t",
    b"\r\n",
    b"\r",
    b"\n",
    b"sep=;\n",
    b"sep=\t\r\n",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\xFE\xFF",
    b"\0",
    b"\xC3",
    b"\xF0\x9F\x98",
    b"=cmd|' /C calc'!A0",
    b"31/02/2026 25:61:00",
    b"PK\x03\x04",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
];

const XML_TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"\"",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#0;",
    b"&#x110000;",
    b"&bogus;",
    b"<r>",
    b"</r>",
    b"<si>",
    b"</si>",
    b"<t>",
    b"</t>",
    b"<row r=\"0\">",
    b"<row r=\"1048577\">",
    b"<c r=\"XFD1048576\" t=\"s\"><v>999999</v></c>",
    b"<c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c>",
    b"<c r=\"ZZZZ0\"><v>1</v></c>",
    b" t=\"s\"",
    b" t=\"d\"",
    b" t=\"e\"",
    b" t=\"b\"",
    b" t=\"str\"",
    b" s=\"65535\"",
    b"<v>1e308</v>",
    b"<v>-1</v>",
    b"<v>NaN</v>",
    b"<v>2958466</v>",
    b" xml:space=\"preserve\"",
    b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
    b"<dimension ref=\"A1:XFD1048576\"/>",
    b"<sst uniqueCount=\"4294967296\">",
    b"<numFmt numFmtId=\"200\" formatCode=\"yyyy-mm-dd\"/>",
    b"<f t=\"shared\" si=\"0\" ref=\"A1:A9\">A1</f>",
    b"<mergeCell ref=\"A1:XFD1048576\"/>",
    b"\xFF\xFE",
    b"\0",
];

const NUMBERS: &[&[u8]] = &[
    b"0",
    b"-1",
    b"1",
    b"255",
    b"65535",
    b"65536",
    b"1048576",
    b"1048577",
    b"16384",
    b"16385",
    b"2147483647",
    b"4294967295",
    b"4294967296",
    b"100000000000",
    b"18446744073709551615",
    b"99999999999999999999999",
    b"1e308",
];

fn mutate_bytes(data: &mut Vec<u8>, rng: &mut Rng, tokens: &[&[u8]]) {
    let len = data.len();
    match rng.below(10) {
        0 if len > 0 => {
            let at = rng.below(len);
            data[at] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let at = rng.below(len);
            data[at] = *rng.pick(&[0, 0x7F, 0x80, 0xFF, b'"', b'<', b'>', b'0', b'9']);
        }
        2 => {
            let at = rng.below(len + 1);
            let n = 1 + rng.below(16);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
        3 if len > 0 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(64)).min(len);
            data.drain(at..end);
        }
        4 if len > 0 => {
            // Repeat a slice in place, up to a few thousand times: long rows, deep nesting.
            let at = rng.below(len);
            let end = (at + 1 + rng.below(32)).min(len);
            let piece = data[at..end].to_vec();
            let most = if rng.percent(10) { 4000 } else { 8 };
            let times = 1 + rng.below(most);
            let copies: Vec<u8> = piece
                .iter()
                .copied()
                .cycle()
                .take(piece.len() * times)
                .collect();
            data.splice(at..at, copies);
        }
        5 if len > 0 => {
            data.truncate(rng.below(len));
        }
        6 => {
            let at = rng.below(len + 1);
            data.splice(at..at, rng.pick(tokens).iter().copied());
        }
        7 => replace_a_number(data, rng),
        8 if len > 1 => {
            // Copy one slice over another place.
            let from = rng.below(len);
            let end = (from + 1 + rng.below(64)).min(len);
            let piece = data[from..end].to_vec();
            let to = rng.below(len);
            let stop = (to + piece.len()).min(len);
            data.splice(to..stop, piece);
        }
        _ => {
            let at = rng.below(len + 1);
            data.splice(at..at, rng.pick(CSV_TOKENS).iter().copied());
        }
    }
}

/// Swaps one run of digits (a count, a size, a row number the file claims) for a number a
/// hostile file would claim.
fn replace_a_number(data: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> = (0..data.len())
        .filter(|&i| data[i].is_ascii_digit() && (i == 0 || !data[i - 1].is_ascii_digit()))
        .collect();
    if starts.is_empty() {
        return;
    }
    let at = *rng.pick(&starts);
    let end = at + data[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    data.splice(at..end, rng.pick(NUMBERS).iter().copied());
}

fn unzip(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let mut data = Vec::new();
        entry.by_ref().take(4 << 20).read_to_end(&mut data).ok()?;
        parts.push((entry.name().to_string(), data));
    }
    Some(parts)
}

fn zip_parts(parts: &[(String, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut cursor);
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in parts {
        if zip.start_file(name.as_str(), options).is_err() || zip.write_all(data).is_err() {
            break;
        }
    }
    let _ = zip.finish();
    cursor.into_inner()
}

fn mutate_csv(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        mutate_bytes(&mut data, rng, CSV_TOKENS);
    }
    data
}

fn mutate_xlsx(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let parts = if rng.percent(75) { unzip(seed) } else { None };
    let Some(mut parts) = parts else {
        // The zip itself: headers, directory, compressed streams.
        let mut data = seed.to_vec();
        for _ in 0..1 + rng.below(3) {
            mutate_bytes(&mut data, rng, XML_TOKENS);
        }
        return data;
    };
    for _ in 0..1 + rng.below(3) {
        if parts.is_empty() {
            break;
        }
        let index = rng.below(parts.len());
        match rng.below(20) {
            0 => {
                parts.remove(index);
            }
            1 => {
                let copy = parts[index].clone();
                parts.push(copy);
            }
            2 => {
                let name = parts[index].0.to_ascii_uppercase();
                parts[index].0 = name;
            }
            _ => {
                // Most mutations land in the parts calamine reads.
                let wanted = [
                    "sheet1.xml",
                    "sharedStrings.xml",
                    "workbook.xml",
                    "styles.xml",
                    ".rels",
                ];
                let index = parts
                    .iter()
                    .position(|(n, _)| rng.percent(40) && n.ends_with(*rng.pick(&wanted)))
                    .unwrap_or(index);
                mutate_bytes(&mut parts[index].1, rng, XML_TOKENS);
            }
        }
    }
    let method = if rng.percent(20) {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let mut zipped = zip_parts(&parts, method);
    if rng.percent(10) {
        // Headers that lie: a size, a compressed size or a checksum changed after zipping.
        let headers: Vec<usize> = zipped
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == b"PK\x01\x02" || *w == b"PK\x03\x04")
            .map(|(at, _)| at)
            .collect();
        if !headers.is_empty() {
            let at = *rng.pick(&headers);
            let field =
                at + if &zipped[at..at + 4] == b"PK\x01\x02" {
                    16
                } else {
                    14
                } + 4 * rng.below(3);
            if field + 4 <= zipped.len() {
                let random = rng.next() as u32;
                let value = *rng.pick(&[0u32, 1, 100, 0xFFFF_FFFF, 3_000_000_000, random]);
                zipped[field..field + 4].copy_from_slice(&value.to_le_bytes());
            }
        }
    }
    zipped
}

// ---------------------------------------------------------------------------------------
// The run

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reader {
    Csv,
    Xlsx,
}

#[derive(Default, Debug)]
struct Tally {
    iterations: u64,
    read: u64,
    refused: u64,
    /// Panics inside calamine that `read_xlsx` caught and turned into a refusal.
    caught_inside: u64,
    /// Panics that escaped a reader: crashes.
    escaped: Vec<String>,
    slowest: Duration,
}

static PANICS: AtomicUsize = AtomicUsize::new(0);
static FIRST_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// Where each distinct panic came from, caught or not, for the report.
static PANIC_PLACES: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn count_panics() {
    std::panic::set_hook(Box::new(|info| {
        PANICS.fetch_add(1, Ordering::Relaxed);
        if let Some(place) = info.location() {
            let place = format!("{}:{}", place.file(), place.line());
            let mut places = PANIC_PLACES.lock().unwrap_or_else(|e| e.into_inner());
            if !places.contains(&place) {
                places.push(place);
            }
        }
        let mut first = FIRST_PANIC.lock().unwrap_or_else(|e| e.into_inner());
        if first.is_none() {
            *first = Some(info.to_string());
        }
    }));
}

fn run(reader: Reader, seed: u64, budget: Budget, keep_input: Option<&std::path::Path>) -> Tally {
    let seeds = match reader {
        Reader::Csv => csv_seeds(),
        Reader::Xlsx => xlsx_seeds(),
    };
    for seed in &seeds {
        let table = match reader {
            Reader::Csv => read_table(seed),
            Reader::Xlsx => read_xlsx(seed),
        };
        assert!(table.is_ok(), "a seed must read: {table:?}");
    }
    let mut rng = Rng(seed);
    // Inputs that still read after mutation are mutated further, to go deeper.
    let mut pool: Vec<Vec<u8>> = seeds.clone();
    let mut tally = Tally::default();
    // One file kept open and rewritten in place: reopening it each time costs milliseconds.
    let mut kept = keep_input.and_then(|path| std::fs::File::create(path).ok());
    let start = Instant::now();
    while budget.goes_on(tally.iterations, start) {
        let base = if rng.percent(30) {
            rng.pick(&pool)
        } else {
            rng.pick(&seeds)
        };
        let input = match reader {
            Reader::Csv => mutate_csv(base, &mut rng),
            Reader::Xlsx => mutate_xlsx(base, &mut rng),
        };
        if let Some(file) = kept.as_mut() {
            keep(file, &input);
        }
        let panics_before = PANICS.load(Ordering::Relaxed);
        let began = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| match reader {
            Reader::Csv => (read_csv(&input).is_ok(), read_table(&input).is_ok()),
            Reader::Xlsx => (read_xlsx(&input).is_ok(), read_table(&input).is_ok()),
        }));
        tally.slowest = tally.slowest.max(began.elapsed());
        tally.iterations += 1;
        match outcome {
            Ok((ok, _)) => {
                if PANICS.load(Ordering::Relaxed) > panics_before {
                    tally.caught_inside += 1;
                }
                if ok {
                    tally.read += 1;
                    if pool.len() < 256 {
                        pool.push(input);
                    } else {
                        let at = rng.below(pool.len());
                        pool[at] = input;
                    }
                } else {
                    tally.refused += 1;
                }
            }
            Err(_) => {
                let message = FIRST_PANIC
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_default();
                let saved = std::env::temp_dir()
                    .join(format!("medsos-fuzz-{reader:?}-{}.bin", tally.iterations));
                let _ = std::fs::write(&saved, &input);
                tally
                    .escaped
                    .push(format!("{message} (input: {})", saved.display()));
            }
        }
    }
    tally
}

/// Leaves exactly `input` in the file, so a process killed while reading it leaves it behind.
fn keep(file: &mut std::fs::File, input: &[u8]) {
    use std::io::{Seek, SeekFrom};
    let _ = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.write_all(input))
        .and_then(|_| file.set_len(input.len() as u64));
}

#[derive(Clone, Copy)]
enum Budget {
    Iterations(u64),
    Time(Duration),
}

impl Budget {
    fn goes_on(self, done: u64, start: Instant) -> bool {
        match self {
            Budget::Iterations(n) => done < n,
            Budget::Time(d) => start.elapsed() < d,
        }
    }
}

#[test]
fn mutated_files_never_crash_the_readers() {
    count_panics();
    for (reader, iterations) in [(Reader::Csv, 400), (Reader::Xlsx, 150)] {
        let tally = run(reader, 20261126, Budget::Iterations(iterations), None);
        assert!(tally.escaped.is_empty(), "{reader:?}: {:#?}", tally.escaped);
        assert!(tally.read > 0 && tally.refused > 0, "{reader:?}: {tally:?}");
    }
}

/// The long run behind `cargo xtask fuzz`; ignored by `cargo test`.
#[test]
#[ignore = "minutes long: run by cargo xtask fuzz"]
fn fuzz_for_a_while() {
    count_panics();
    let env = |name: &str| std::env::var(name).ok();
    let reader = match env("MEDSOS_FUZZ_READER").as_deref() {
        Some("csv") => Reader::Csv,
        Some("xlsx") => Reader::Xlsx,
        other => panic!("MEDSOS_FUZZ_READER must be csv or xlsx, not {other:?}"),
    };
    let seconds = env("MEDSOS_FUZZ_SECONDS")
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let seed = env("MEDSOS_FUZZ_SEED")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let keep = env("MEDSOS_FUZZ_INPUT").map(std::path::PathBuf::from);
    let tally = run(
        reader,
        seed,
        Budget::Time(Duration::from_secs(seconds)),
        keep.as_deref(),
    );
    println!(
        "FUZZ {reader:?}: {} iterasi dalam {seconds} s (seed {seed}): {} terbaca, {} ditolak, {} panik di dalam calamine tertangkap, {} crash; input terlama {} ms",
        tally.iterations,
        tally.read,
        tally.refused,
        tally.caught_inside,
        tally.escaped.len(),
        tally.slowest.as_millis()
    );
    for place in PANIC_PLACES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
    {
        println!("  panik di {place}");
    }
    assert!(tally.escaped.is_empty(), "{:#?}", tally.escaped);
}
