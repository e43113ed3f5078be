//! The pre-check of an XLSX archive before calamine opens it. calamine trusts what a file
//! claims: it reserves room for as many shared strings as `uniqueCount` says (one crafted
//! number aborted the whole app asking for 2.4 TB), and it inflates every part it reads
//! without a limit. This module opens the zip itself, inflates every part once through a
//! counter, and refuses the file before calamine touches it when a size, a ratio, a count
//! or a nesting depth is beyond anything a spreadsheet program writes for a complaint list.
//!
//! The caps are far above real files: an agency's historical sheet of tens of thousands of
//! rows and about ten columns is a few hundred thousand cells, a few MB of XML, a few dozen
//! parts, and nests less than a dozen elements deep.

use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::{self, BufReader, Cursor, Read};

use super::thousands::format_thousands;

/// The most parts (files inside the zip) a workbook may have; Excel writes about a dozen,
/// a workbook with many sheets and pictures a few hundred.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;
/// The most one part may unpack to. The largest part of a real workbook is its biggest
/// sheet: 100,000 rows of ten columns are well under 100 MB of XML.
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// The most all parts together may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// The highest compression ratio accepted for a part above [`RATIO_FROM_BYTES`]. Sheet XML
/// compresses about 10 to 40 times; a zip bomb of repeated bytes about 1,000 times.
pub const MAX_RATIO: u64 = 200;
/// Parts smaller than this are not judged by their ratio: they cannot hurt, and a short run
/// of repeated XML compresses very well.
pub const RATIO_FROM_BYTES: u64 = 1024 * 1024;
/// The most shared strings (`uniqueCount`, and the `<si>` actually present) a workbook may
/// have: each complaint row brings a handful of distinct texts, so 100,000 rows stay well
/// below a million.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;
/// The most cells one sheet (and the `count` of shared-string uses) may have: ten times
/// the largest import of 100,000 rows with ten columns.
pub const MAX_CELLS: u64 = 10_000_000;
/// The deepest nesting of XML elements accepted; a sheet nests 6 deep, a chart about 15.
pub const MAX_XML_DEPTH: usize = 100;
/// Excel's grid: a `<dimension ref>` beyond it is not a sheet any program wrote.
const MAX_SHEET_ROWS: u64 = 1_048_576;
const MAX_SHEET_COLUMNS: u64 = 16_384;

const FIELD: &str = "file";

/// Refuses an XLSX whose archive or XML claims or holds more than a complaint sheet ever
/// does; Ok when calamine may open it. A file that is not a readable zip at all is left to
/// calamine, which explains that in its own words.
pub(crate) fn check_xlsx(bytes: &[u8]) -> Result<()> {
    check_zip64_entry_counts(bytes)?;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let entries = zip.len() as u64;
    if entries > MAX_ZIP_ENTRIES {
        return Err(strange(format!(
            "berkas ini berisi {} bagian di dalamnya, padahal batasnya {}",
            thousands(entries),
            thousands(MAX_ZIP_ENTRIES)
        )));
    }
    let mut total = 0u64;
    for index in 0..zip.len() {
        // A part the zip reader cannot open (encrypted, unknown compression) cannot be
        // opened by calamine either, which uses the same reader.
        let Ok(entry) = zip.by_index(index) else {
            continue;
        };
        let name = shown_name(entry.name());
        let declared = entry.size();
        let packed = entry.compressed_size();
        if declared > MAX_ENTRY_BYTES {
            return Err(strange(format!(
                "bagian {name} mengaku berukuran {} setelah dibuka, padahal batasnya {}",
                megabytes(declared),
                megabytes(MAX_ENTRY_BYTES)
            )));
        }
        if declared > RATIO_FROM_BYTES && declared / packed.max(1) > MAX_RATIO {
            return Err(strange(format!(
                "bagian {name} dimampatkan {} kali lipat (ciri bom zip); berkas Excel biasa tidak lebih dari {MAX_RATIO} kali",
                thousands(declared / packed.max(1))
            )));
        }
        let budget = declared.min(MAX_UNPACKED_BYTES - total);
        let kind = PartKind::of(entry.name());
        let mut counted = Counted {
            inner: entry.take(budget + 1),
            read: 0,
        };
        if let Some(kind) = kind {
            scan_xml(&mut counted, kind, &name)?;
        }
        // The rest of the part (all of it when it is not XML) still has to be measured;
        // a read error (bad checksum, broken deflate) ends the part for calamine as well.
        let _ = io::copy(&mut counted, &mut io::sink());
        if counted.read > declared {
            return Err(strange(format!(
                "bagian {name} ternyata lebih besar daripada ukuran yang tertulis untuknya ({} byte)",
                thousands(declared)
            )));
        }
        if counted.read > budget {
            return Err(strange(format!(
                "isinya lebih dari {} setelah dibuka",
                megabytes(MAX_UNPACKED_BYTES)
            )));
        }
        total += counted.read;
    }
    Ok(())
}

fn strange(what: String) -> Error {
    Error::invalid(
        FIELD,
        format!(
            "Berkas XLSX ini tidak wajar: {what}. Simpan ulang dari Excel/LibreOffice lalu coba lagi."
        ),
    )
}

/// A part's name as it may be shown: the file chose it, so it is cut short and stripped
/// of control characters.
fn shown_name(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(80).collect();
    format!("\"{clean}\"")
}

fn thousands(n: u64) -> String {
    format_thousands(usize::try_from(n).unwrap_or(usize::MAX))
}

fn megabytes(n: u64) -> String {
    format!("{} MB", thousands(n.div_ceil(1024 * 1024)))
}

/// Counts the bytes a part really unpacks to, whatever its header says.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// A zip64 end record may claim billions of parts, and the zip reader reserves room for
/// each before reading one; the classic record's count (at most 65,535) is harmless. The
/// reader only trusts a zip64 record that ends exactly where a locator followed by the
/// classic record begins, so exactly those are checked.
fn check_zip64_entry_counts(bytes: &[u8]) -> Result<()> {
    const RECORD: &[u8] = b"PK\x06\x06";
    const LOCATOR: &[u8] = b"PK\x06\x07";
    const END: &[u8] = b"PK\x05\x06";
    let le64 = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at.checked_add(8)?)?;
        Some(u64::from_le_bytes(b.try_into().ok()?))
    };
    // Where each oversized record would end; only those can matter.
    let mut oversized_ends = HashSet::new();
    for at in positions(bytes, RECORD) {
        let (Some(size), Some(on_disk), Some(all)) = (le64(at + 4), le64(at + 24), le64(at + 32))
        else {
            continue;
        };
        if on_disk.max(all) > MAX_ZIP_ENTRIES {
            if let Some(end) = size.checked_add(12 + at as u64) {
                oversized_ends.insert(end);
            }
        }
    }
    if oversized_ends.is_empty() {
        return Ok(());
    }
    let trusted = positions(bytes, LOCATOR).any(|at| {
        bytes
            .get(at + 20..)
            .is_some_and(|rest| rest.starts_with(END))
            && oversized_ends.contains(&(at as u64))
    });
    if trusted {
        return Err(strange(format!(
            "daftar isinya mengaku berisi lebih dari {} bagian",
            thousands(MAX_ZIP_ENTRIES)
        )));
    }
    Ok(())
}

fn positions<'a>(bytes: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    bytes
        .windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(at, _)| at)
}

/// The parts whose XML is scanned, and what each is checked for beyond nesting depth.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PartKind {
    SharedStrings,
    Sheet,
    Other,
}

impl PartKind {
    fn of(name: &str) -> Option<PartKind> {
        let lower = name.to_ascii_lowercase();
        if !(lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")) {
            return None;
        }
        Some(if lower.ends_with("sharedstrings.xml") {
            PartKind::SharedStrings
        } else if lower.contains("worksheets/") {
            PartKind::Sheet
        } else {
            PartKind::Other
        })
    }
}

/// Reads one XML part as calamine will, checking depth, claimed counts and real counts as
/// it goes. A syntax error ends the scan: calamine stops at the same place.
fn scan_xml<R: Read>(part: R, kind: PartKind, name: &str) -> Result<()> {
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut items = 0u64;
    loop {
        buf.clear();
        let (element, opens) = match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => (e, true),
            Ok(Event::Empty(e)) => (e, false),
            Ok(Event::End(_)) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            Ok(_) => continue,
        };
        if depth + 1 > MAX_XML_DEPTH {
            return Err(strange(format!(
                "bagian {name} bersarang lebih dari {MAX_XML_DEPTH} tingkat"
            )));
        }
        if opens {
            depth += 1;
        }
        check_element(&element, kind, name, &mut items)?;
    }
}

fn check_element(
    element: &BytesStart<'_>,
    kind: PartKind,
    name: &str,
    items: &mut u64,
) -> Result<()> {
    let local = element.local_name();
    match (kind, local.as_ref()) {
        (PartKind::SharedStrings, b"sst") => {
            let claimed = claimed_number(element, b"uniqueCount");
            if claimed > MAX_SHARED_STRINGS {
                return Err(too_many_strings(name, claimed));
            }
            let uses = claimed_number(element, b"count");
            if uses > MAX_CELLS {
                return Err(strange(format!(
                    "bagian {name} mengaku dipakai di {} sel, padahal batasnya {}",
                    thousands(uses),
                    thousands(MAX_CELLS)
                )));
            }
        }
        (PartKind::SharedStrings, b"si") => {
            *items += 1;
            if *items > MAX_SHARED_STRINGS {
                return Err(too_many_strings(name, *items));
            }
        }
        (PartKind::Sheet, b"c") => {
            *items += 1;
            if *items > MAX_CELLS {
                return Err(strange(format!(
                    "lembar {name} berisi lebih dari {} sel",
                    thousands(MAX_CELLS)
                )));
            }
        }
        (PartKind::Sheet, b"dimension") => {
            if let Ok(Some(range)) = element.try_get_attribute("ref") {
                let text = String::from_utf8_lossy(&range.value).into_owned();
                if !text.split(':').all(within_grid) {
                    let shown: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
                    return Err(strange(format!(
                        "lembar {name} mengaku berukuran {shown}, di luar batas lembar Excel ({} baris, kolom XFD)",
                        thousands(MAX_SHEET_ROWS)
                    )));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn too_many_strings(name: &str, claimed: u64) -> Error {
    strange(format!(
        "daftar teksnya ({name}) mengaku berisi {} teks, padahal batasnya {}",
        thousands(claimed),
        thousands(MAX_SHARED_STRINGS)
    ))
}

/// The number an attribute claims; one too large for u64 counts as u64::MAX, anything
/// that is not a number as 0 (calamine ignores it too).
fn claimed_number(element: &BytesStart<'_>, attribute: &[u8]) -> u64 {
    let Ok(Some(value)) = element.try_get_attribute(attribute) else {
        return 0;
    };
    let digits = value.value.strip_prefix(b"+").unwrap_or(&value.value);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return 0;
    }
    digits.iter().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    })
}

/// False for "XFE1" or "A1048577": beyond Excel's grid. Anything that does not read as a
/// cell reference is left to calamine.
fn within_grid(reference: &str) -> bool {
    let reference = reference.trim().trim_start_matches('$');
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (column, row) = reference.split_at(letters);
    let row = row.trim_start_matches('$');
    if letters > 3 {
        return false;
    }
    let column = column.bytes().fold(0u64, |n, c| {
        n * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row = if !row.is_empty() && row.bytes().all(|b| b.is_ascii_digit()) {
        row.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        })
    } else {
        0
    };
    column <= MAX_SHEET_COLUMNS && row <= MAX_SHEET_ROWS
}
