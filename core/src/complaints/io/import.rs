//! Importing complaints from a table: a lenient per-row reading (dates as people and Google
//! Forms write them, kecamatan by name or code, channel and kind by their everyday names),
//! the model's own validation on every row, a preview that names each bad row by its
//! spreadsheet number, and an all-or-nothing commit.

use super::mapping::{brief_list, normalize, resolve, Field, Mapping};
use super::table::{format_thousands, Table};
use crate::calendar::wib;
use crate::clock::{to_stored, Clock, WIB};
use crate::complaints::actor::clean_actor;
use crate::complaints::deadlines::rules::RuleBook;
use crate::complaints::deadlines::stored::refresh_with;
use crate::complaints::deadlines::working_days::WorkingDays;
use crate::complaints::model::{
    self, complaint_number, Channel, ComplaintInput, ComplaintKind, ComplaintStatus, LUAR_CIANJUR,
    MAX_BODY_CHARS,
};
use crate::error::{Error, Result};
use crate::store::savepoint;
use crate::text::clean_line;
use regex::Regex;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use ts_rs::TS;

/// How many parsed rows the preview shows.
pub const SAMPLE_ROWS: usize = 20;
/// How many problems the preview lists one by one (the total is always counted).
pub const MAX_LISTED_PROBLEMS: usize = 1_000;
/// The category used when the file has no category column or the cell is empty.
pub const DEFAULT_CATEGORY: &str = crate::complaints::categories::FALLBACK;

/// What a row gets for a field the file does not carry (unmapped column or empty cell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportDefaults {
    /// The channel of rows that do not name theirs: the admin picks it in the import step
    /// (a Google Form is usually one channel). `None` (the command line without
    /// `--channel`): every row must name its channel, and one that does not is a problem.
    pub channel: Option<Channel>,
    pub kind: ComplaintKind,
    /// `None`: the category named [`DEFAULT_CATEGORY`] ("Lainnya").
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
}

impl ImportDefaults {
    /// Defaults for a file from one channel: kind pengaduan, category Lainnya.
    pub fn new(channel: Channel) -> Self {
        ImportDefaults::with_channel(Some(channel))
    }

    /// As [`ImportDefaults::new`]; with `None`, every row must name its own channel.
    pub fn with_channel(channel: Option<Channel>) -> Self {
        ImportDefaults {
            channel,
            kind: ComplaintKind::Pengaduan,
            category_id: None,
        }
    }
}

/// One thing wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowProblem {
    /// The row number the spreadsheet shows (the header is row 1).
    pub row: usize,
    /// The column title in the file, or the field's name when the column is not mapped.
    pub column: String,
    pub message: String,
}

/// A row as it will be saved, for the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    pub row: usize,
    pub input: ComplaintInput,
    pub channel_label: String,
    pub kind_label: String,
    pub category_name: String,
    /// "Cugenang", "Luar Cianjur", or "" when unknown.
    pub kecamatan_name: String,
    /// The status it is saved with: baru, or what a historical sheet's status column says.
    pub status: ComplaintStatus,
    /// When a selesai or diarsipkan row counts as closed, "YYYY-MM-DDTHH:MM" WIB.
    pub closed_at_wib: Option<String>,
}

/// What an import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    /// Data rows in the file (blank rows not counted).
    pub rows_total: usize,
    /// Rows that would be saved as they are.
    pub rows_ok: usize,
    /// Each problem with its row number, in row order; at most [`MAX_LISTED_PROBLEMS`].
    pub problems: Vec<RowProblem>,
    /// All problems, including those not listed.
    pub problems_total: usize,
    /// The first [`SAMPLE_ROWS`] good rows as they will be saved.
    pub sample: Vec<PreviewRow>,
}

/// Reads every row with the mapping and checks it with the same rules as the capture form.
/// Errors only for problems with the whole import (a mapped column missing, the store);
/// bad rows are listed in the result.
pub fn preview(
    conn: &Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
) -> Result<ImportPreview> {
    let parsed = parse_rows(conn, clock, table, mapping, defaults, Some(SAMPLE_ROWS))?;
    let problems_total = parsed.problems.len();
    let mut problems = parsed.problems;
    problems.truncate(MAX_LISTED_PROBLEMS);
    Ok(ImportPreview {
        rows_total: table.rows.len(),
        rows_ok: parsed.inputs.len(),
        problems,
        problems_total,
        sample: parsed.sample,
    })
}

/// Re-reads and re-checks every row, then saves them all in one transaction. Any bad row
/// and nothing is written; the message names the bad rows by number.
pub fn commit(
    conn: &mut Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
    actor: &str,
) -> Result<usize> {
    let parsed = parse_rows(conn, clock, table, mapping, defaults, None)?;
    if !parsed.problems.is_empty() {
        return Err(Error::invalid("import", refusal(&parsed.problems)));
    }
    if parsed.inputs.is_empty() {
        return Err(Error::invalid(
            "import",
            "Berkas tidak berisi baris aduan di bawah judul kolom.",
        ));
    }
    let actor = clean_actor(actor)?;
    let tx = savepoint(conn)?;
    let before: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM complaints", [], |r| {
        r.get(0)
    })?;
    let count = model::insert_many(&tx, clock, &parsed.inputs, &actor)?;
    if parsed.history.iter().any(Option::is_some) {
        apply_history(&tx, clock, before, &parsed.history, &actor)?;
    }
    tx.finish()?;
    Ok(count)
}

/// Gives the rows of a historical sheet the status it records, after they were inserted as
/// baru: the status, the step into it ("diimpor", at the closing time for closed rows so
/// that response statistics stay true), closed_at and resolved_at, and deadlines derived
/// for that status, so closed rows have nothing due and do not flood the inbox as overdue.
/// Rows with an open status beyond baru count its steps as reached at the import.
fn apply_history(
    tx: &Connection,
    clock: &dyn Clock,
    before: i64,
    history: &[Option<History>],
    actor: &str,
) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id FROM complaints WHERE id > ?1 ORDER BY id")?;
        let rows = stmt.query_map([before], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if ids.len() != history.len() {
        return Err(Error::invalid(
            "import",
            "Impor dibatalkan: jumlah aduan yang tersimpan tidak sesuai dengan berkas. Coba impor ulang.",
        ));
    }
    let book = RuleBook::load(tx)?;
    let days = WorkingDays::load(tx)?;
    let now = to_stored(clock.now());
    for (id, history) in ids.into_iter().zip(history) {
        let Some(h) = history else { continue };
        use ComplaintStatus::*;
        let reached = |step: ComplaintStatus| {
            let order = |s: ComplaintStatus| match s {
                Diverifikasi => 1,
                Ditindaklanjuti => 2,
                _ => 0,
            };
            (h.status.is_open() && order(h.status) >= order(step)).then(|| now.clone())
        };
        let closed = h.closed_at.map(to_stored);
        let reason = format!(
            "Diimpor dengan status {} (di berkas: \"{}\").",
            h.status.label(),
            h.source
        );
        tx.prepare_cached(
            "UPDATE complaints SET status = ?2, verified_at = ?3, followed_up_at = ?4,
                 resolved_at = ?5, closed_at = ?6, status_reason = ?7
             WHERE id = ?1",
        )?
        .execute(rusqlite::params![
            id,
            h.status.as_str(),
            reached(Diverifikasi),
            reached(Ditindaklanjuti),
            (h.status == Selesai).then(|| closed.clone()).flatten(),
            closed,
            if h.status.keeps_reason() {
                reason.as_str()
            } else {
                ""
            },
        ])?;
        tx.prepare_cached(
            "INSERT INTO complaint_events (complaint_id, from_status, to_status, reason, actor, at)
             VALUES (?1, 'baru', ?2, ?3, ?4, ?5)",
        )?
        .execute(rusqlite::params![
            id,
            h.status.as_str(),
            reason,
            actor,
            closed.as_deref().unwrap_or(&now),
        ])?;
        refresh_with(tx, id, &book, &days)?;
    }
    Ok(())
}

/// "Impor dibatalkan ...: 3 baris bermasalah (baris 4, 9, 12). Baris 4, kolom ...".
fn refusal(problems: &[RowProblem]) -> String {
    const LISTED_ROWS: usize = 10;
    const DETAILED: usize = 3;
    let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
    rows.dedup();
    let mut numbers = rows
        .iter()
        .take(LISTED_ROWS)
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if rows.len() > LISTED_ROWS {
        numbers.push_str(&format!(", dan {} baris lain", rows.len() - LISTED_ROWS));
    }
    let details = problems
        .iter()
        .take(DETAILED)
        .map(|p| format!("Baris {}, kolom \"{}\": {}", p.row, p.column, p.message))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "Impor dibatalkan, tidak ada aduan yang disimpan: {} baris bermasalah (baris {numbers}). {details} Perbaiki berkasnya lalu impor ulang.",
        rows.len()
    )
}

struct Parsed {
    inputs: Vec<ComplaintInput>,
    /// Per input: the status a historical sheet gives it, `None` for a plain new one.
    history: Vec<Option<History>>,
    problems: Vec<RowProblem>,
    sample: Vec<PreviewRow>,
}

/// What a historical sheet says about a row beyond the complaint itself.
#[derive(Debug, Clone)]
struct History {
    status: ComplaintStatus,
    /// Closed rows only: the mapped time, or the received time when the sheet has none.
    closed_at: Option<OffsetDateTime>,
    /// The status cell as written, quoted in the recorded step.
    source: String,
}

/// A row that passed every check of its own, before the duplicate check across rows.
struct Candidate {
    row: usize,
    input: ComplaintInput,
    history: Option<History>,
    category_name: String,
}

/// The lookups a row is read against, built once per import.
struct Lookups {
    /// Normalised name -> (id, name as stored).
    categories: HashMap<String, (i64, String)>,
    category_names: Vec<String>,
    default_category: Option<(i64, String)>,
    /// Normalised name or digits of the code -> (code, name).
    kecamatan: HashMap<String, (String, String)>,
    kecamatan_names: HashMap<String, String>,
    channels: HashMap<String, Channel>,
    kinds: HashMap<String, ComplaintKind>,
}

impl Lookups {
    fn load(conn: &Connection, defaults: &ImportDefaults) -> Result<Lookups> {
        let mut categories = HashMap::new();
        let mut category_names = Vec::new();
        let mut by_id = HashMap::new();
        {
            let mut stmt =
                conn.prepare("SELECT id, name FROM complaint_categories ORDER BY position, name")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, name) = row?;
                categories.insert(normalize(&name), (id, name.clone()));
                by_id.insert(id, name.clone());
                category_names.push(name);
            }
        }
        let default_category = match defaults.category_id {
            Some(id) => by_id.get(&id).map(|name| (id, name.clone())),
            None => categories.get(&normalize(DEFAULT_CATEGORY)).cloned(),
        };

        let mut kecamatan = HashMap::new();
        let mut kecamatan_names = HashMap::new();
        for k in crate::kecamatan::all() {
            let value = (k.kode.clone(), k.nama.clone());
            kecamatan.insert(squash(&k.nama), value.clone());
            kecamatan.insert(digits(&k.kode), value);
            kecamatan_names.insert(k.kode, k.nama);
        }
        kecamatan_names.insert(LUAR_CIANJUR.to_string(), "Luar Cianjur".to_string());

        let mut channels = HashMap::new();
        for channel in Channel::ALL {
            channels.insert(normalize(channel.as_str()), channel);
            channels.insert(normalize(channel.label()), channel);
        }
        for (names, channel) in CHANNEL_SYNONYMS {
            for name in *names {
                channels.insert(normalize(name), *channel);
            }
        }
        let mut kinds = HashMap::new();
        for kind in ComplaintKind::ALL {
            kinds.insert(normalize(kind.as_str()), kind);
            kinds.insert(normalize(kind.label()), kind);
        }
        for (names, kind) in KIND_SYNONYMS {
            for name in *names {
                kinds.insert(normalize(name), *kind);
            }
        }
        Ok(Lookups {
            categories,
            category_names,
            default_category,
            kecamatan,
            kecamatan_names,
            channels,
            kinds,
        })
    }

    fn kecamatan(&self, text: &str) -> Option<String> {
        let words: Vec<String> = normalize(text).split(' ').map(str::to_string).collect();
        let mut rest: &[String] = &words;
        while let Some((first, tail)) = rest.split_first() {
            if matches!(first.as_str(), "kec" | "kecamatan") {
                rest = tail;
            } else {
                break;
            }
        }
        let joined = rest.concat();
        if joined.is_empty() || joined == "tidakdiketahui" {
            return Some(String::new());
        }
        if joined.starts_with("luar") {
            return Some(LUAR_CIANJUR.to_string());
        }
        self.kecamatan
            .get(&joined)
            .map(|(code, _)| code.clone())
            .or_else(|| {
                let d = digits(text);
                (d.len() == 6).then(|| self.kecamatan.get(&d).map(|(c, _)| c.clone()))?
            })
    }
}

const CHANNEL_SYNONYMS: &[(&[&str], Channel)] = &[
    (
        &[
            "ig",
            "instagram",
            "komentar ig",
            "ig komentar",
            "instagram komentar",
            "komen ig",
            "komentar di instagram",
            "instagram comment",
            "ig comment",
        ],
        Channel::InstagramKomentar,
    ),
    (
        &[
            "dm ig",
            "ig dm",
            "dm",
            "instagram dm",
            "direct message",
            "direct message instagram",
            "pesan instagram",
            "pesan ig",
        ],
        Channel::InstagramDm,
    ),
    (
        &[
            "fb",
            "facebook",
            "komentar fb",
            "fb komentar",
            "facebook komentar",
            "komen fb",
            "komentar di facebook",
            "facebook comment",
            "fb comment",
        ],
        Channel::FacebookKomentar,
    ),
    (
        &[
            "messenger",
            "fb messenger",
            "inbox fb",
            "inbox facebook",
            "pesan fb",
            "pesan facebook",
        ],
        Channel::FacebookMessenger,
    ),
    (
        &[
            "wa",
            "whats app",
            "whatsapp business",
            "wa business",
            "pesan wa",
        ],
        Channel::Whatsapp,
    ),
    (
        &[
            "telp",
            "telpon",
            "tlp",
            "phone",
            "call",
            "hotline",
            "call center",
            "sambungan telepon",
        ],
        Channel::Telepon,
    ),
    (
        &[
            "langsung",
            "datang",
            "tatap muka",
            "walk in",
            "loket",
            "kantor",
            "luring",
            "offline",
        ],
        Channel::DatangLangsung,
    ),
    (
        &[
            "lapor",
            "sp4n",
            "sp4n lapor",
            "lapor go id",
            "www lapor go id",
            "lapor!",
        ],
        Channel::Sp4nLapor,
    ),
];

const KIND_SYNONYMS: &[(&[&str], ComplaintKind)] = &[
    (
        &["aduan", "keluhan", "komplain", "complaint", "laporan"],
        ComplaintKind::Pengaduan,
    ),
    (
        &["saran", "usulan", "usul", "masukan", "suggestion"],
        ComplaintKind::Aspirasi,
    ),
    (
        &[
            "informasi",
            "info",
            "permintaan info",
            "permohonan informasi",
            "pertanyaan",
            "tanya",
            "question",
        ],
        ComplaintKind::PermintaanInformasi,
    ),
];

fn squash(text: &str) -> String {
    normalize(text).replace(' ', "")
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn parse_rows(
    conn: &Connection,
    clock: &dyn Clock,
    table: &Table,
    mapping: &Mapping,
    defaults: &ImportDefaults,
    sample_size: Option<usize>,
) -> Result<Parsed> {
    let columns = resolve(mapping, &table.headers)?;
    let lookups = Lookups::load(conn, defaults)?;
    let column_name = |field: Field| -> String {
        columns[field.index()]
            .and_then(|i| table.headers.get(i).cloned())
            .unwrap_or_else(|| field.label().to_string())
    };
    let month_first_of = |field: Field| {
        columns[field.index()]
            .map(|i| month_first_column(table.rows.iter().map(|(_, cells)| cell(cells, i))))
            .unwrap_or(false)
    };
    let month_first = month_first_of(Field::ReceivedAt);
    let closed_month_first = month_first_of(Field::ClosedAt);
    let statuses = status_lookup();

    let mut problems_all: Vec<RowProblem> = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        let row = *row;
        let get = |field: Field| columns[field.index()].map(|i| cell(cells, i)).unwrap_or("");
        let mut problems: Vec<(Field, String)> = Vec::new();

        let received = get(Field::ReceivedAt);
        let received_at_wib = if received.is_empty() {
            problems.push((
                Field::ReceivedAt,
                "Waktu diterima kosong; kolom ini wajib diisi.".into(),
            ));
            String::new()
        } else {
            match parse_received(received, month_first) {
                Some(at) => at,
                None => {
                    problems.push((
                        Field::ReceivedAt,
                        format!(
                            "Waktu \"{}\" tidak dikenali. Tulis seperti 2026-11-20 08:15 atau 20/11/2026 08.15.",
                            shorten(received)
                        ),
                    ));
                    String::new()
                }
            }
        };

        let channel_text = get(Field::Channel);
        let channel = if channel_text.is_empty() {
            if defaults.channel.is_none() {
                problems.push((
                    Field::Channel,
                    "Kanal kosong dan tidak ada kanal bawaan. Isi kanalnya di berkas, atau sebutkan --channel untuk baris tanpa kanal.".into(),
                ));
            }
            defaults.channel
        } else {
            match lookups.channels.get(&normalize(channel_text)) {
                Some(channel) => Some(*channel),
                None => {
                    problems.push((
                        Field::Channel,
                        format!(
                            "Kanal \"{}\" tidak dikenal. Gunakan: IG, DM IG, FB, Messenger, WA, Telepon, Datang langsung, atau Lapor.",
                            shorten(channel_text)
                        ),
                    ));
                    None
                }
            }
        };

        let kind_text = get(Field::Kind);
        let kind = if kind_text.is_empty() {
            defaults.kind
        } else {
            match lookups.kinds.get(&normalize(kind_text)) {
                Some(kind) => *kind,
                None => {
                    problems.push((
                        Field::Kind,
                        format!(
                            "Jenis \"{}\" tidak dikenal. Gunakan: pengaduan, aspirasi, atau permintaan informasi.",
                            shorten(kind_text)
                        ),
                    ));
                    defaults.kind
                }
            }
        };

        let category_text = get(Field::Category);
        let category = if category_text.is_empty() {
            match &lookups.default_category {
                Some(found) => Some(found.clone()),
                None => {
                    problems.push((
                        Field::Category,
                        format!(
                            "Kategori kosong dan kategori bawaan \"{DEFAULT_CATEGORY}\" tidak ada. Isi kategorinya atau pilih kategori bawaan."
                        ),
                    ));
                    None
                }
            }
        } else {
            match lookups.categories.get(&normalize(category_text)) {
                Some(found) => Some(found.clone()),
                None => {
                    problems.push((
                        Field::Category,
                        format!(
                            "Kategori \"{}\" tidak dikenal. Pilih salah satu: {}; atau tambahkan dulu di daftar kategori.",
                            shorten(category_text),
                            brief_list(&lookups.category_names, 12)
                        ),
                    ));
                    None
                }
            }
        };

        let kecamatan_text = get(Field::Kecamatan);
        let kecamatan = if kecamatan_text.is_empty() {
            String::new()
        } else {
            match lookups.kecamatan(kecamatan_text) {
                Some(code) => code,
                None => {
                    problems.push((
                        Field::Kecamatan,
                        format!(
                            "Kecamatan \"{}\" tidak dikenal. Tulis nama kecamatan di Kabupaten Cianjur (misalnya Cugenang), kodenya (32.03.11), atau \"luar Cianjur\".",
                            shorten(kecamatan_text)
                        ),
                    ));
                    String::new()
                }
            }
        };

        let body = get(Field::Body).replace("\r\n", "\n").replace('\r', "\n");
        let body_chars = body.chars().count();
        if body.is_empty() {
            problems.push((
                Field::Body,
                "Isi aduan kosong; kolom ini wajib diisi.".into(),
            ));
        } else if body_chars > MAX_BODY_CHARS {
            problems.push((
                Field::Body,
                format!(
                    "Isi aduan terlalu panjang: {} karakter, paling banyak {}. Ringkas atau pecah isinya.",
                    format_thousands(body_chars),
                    format_thousands(MAX_BODY_CHARS)
                ),
            ));
        }

        let history = read_history(
            &statuses,
            get(Field::Status),
            get(Field::ClosedAt),
            closed_month_first,
            &received_at_wib,
            clock,
            &mut problems,
        );

        if problems.is_empty() {
            if let (Some(channel), Some((category_id, category_name))) = (channel, category) {
                let input = ComplaintInput {
                    channel,
                    source_url: clean_line(get(Field::SourceUrl)),
                    citizen_name: clean_line(get(Field::CitizenName)),
                    citizen_contact: clean_line(get(Field::CitizenContact)),
                    body,
                    received_at_wib,
                    kind,
                    category_id,
                    kecamatan,
                };
                match model::validate(conn, clock, &input) {
                    Ok(()) => candidates.push(Candidate {
                        row,
                        input,
                        history: history.clone(),
                        category_name,
                    }),
                    Err(Error::Invalid { field, message }) => {
                        problems.push((field_of(field), message));
                    }
                    Err(other) => return Err(other),
                }
            }
        }
        problems_all.extend(problems.into_iter().map(|(field, message)| RowProblem {
            row,
            column: column_name(field),
            message,
        }));
    }

    let duplicates = find_duplicates(conn, &candidates)?;
    let mut parsed = Parsed {
        inputs: Vec::with_capacity(candidates.len()),
        history: Vec::with_capacity(candidates.len()),
        problems: problems_all,
        sample: Vec::new(),
    };
    let body_column = column_name(Field::Body);
    for (i, c) in candidates.into_iter().enumerate() {
        if let Some(message) = duplicates.get(&i) {
            parsed.problems.push(RowProblem {
                row: c.row,
                column: body_column.clone(),
                message: message.clone(),
            });
            continue;
        }
        if sample_size.is_some_and(|n| parsed.sample.len() < n) {
            parsed.sample.push(PreviewRow {
                row: c.row,
                channel_label: c.input.channel.label().to_string(),
                kind_label: c.input.kind.label().to_string(),
                category_name: c.category_name,
                kecamatan_name: lookups
                    .kecamatan_names
                    .get(&c.input.kecamatan)
                    .cloned()
                    .unwrap_or_default(),
                status: c
                    .history
                    .as_ref()
                    .map_or(ComplaintStatus::Baru, |h| h.status),
                closed_at_wib: c
                    .history
                    .as_ref()
                    .and_then(|h| h.closed_at)
                    .map(wib::format_minute),
                input: c.input.clone(),
            });
        }
        parsed.inputs.push(c.input);
        parsed.history.push(c.history);
    }
    // Duplicates are found after every row was read; the list stays in row order.
    parsed.problems.sort_by_key(|p| p.row);
    Ok(parsed)
}

/// The statuses a historical sheet may give, by their everyday names.
fn status_lookup() -> HashMap<String, ComplaintStatus> {
    let mut out = HashMap::new();
    for status in ComplaintStatus::ALL {
        out.insert(normalize(status.as_str()), status);
        out.insert(normalize(status.label()), status);
    }
    for (names, status) in STATUS_SYNONYMS {
        for name in *names {
            out.insert(normalize(name), *status);
        }
    }
    out
}

const STATUS_SYNONYMS: &[(&[&str], ComplaintStatus)] = &[
    (
        &[
            "belum",
            "belum ditangani",
            "belum diproses",
            "belum ditindaklanjuti",
            "masuk",
            "menunggu",
            "new",
            "open",
        ],
        ComplaintStatus::Baru,
    ),
    (
        &[
            "terverifikasi",
            "sudah diverifikasi",
            "verifikasi",
            "verified",
        ],
        ComplaintStatus::Diverifikasi,
    ),
    (
        &[
            "tindak lanjut",
            "sedang ditindaklanjuti",
            "proses",
            "diproses",
            "dalam proses",
            "sedang diproses",
            "ditangani",
            "sedang ditangani",
            "in progress",
            "on progress",
        ],
        ComplaintStatus::Ditindaklanjuti,
    ),
    (
        &[
            "selesai ditangani",
            "selesai ditindaklanjuti",
            "sudah selesai",
            "tuntas",
            "sudah ditangani",
            "ditutup",
            "closed",
            "done",
            "resolved",
        ],
        ComplaintStatus::Selesai,
    ),
    (
        &["arsip", "diarsip", "archived"],
        ComplaintStatus::Diarsipkan,
    ),
];

/// Reads the status and closing time of a historical sheet's row. `None` for a row that is
/// simply new (no status, or baru); problems go to `problems`. Statuses that need what a
/// sheet does not carry (the receiving PD, a reason, the status it paused from) are
/// refused with the way out named, rather than imported half-true.
fn read_history(
    statuses: &HashMap<String, ComplaintStatus>,
    status_text: &str,
    closed_text: &str,
    closed_month_first: bool,
    received_at_wib: &str,
    clock: &dyn Clock,
    problems: &mut Vec<(Field, String)>,
) -> Option<History> {
    let status = if status_text.is_empty() {
        // A closing date alone says it was closed: selesai.
        (!closed_text.is_empty()).then_some(ComplaintStatus::Selesai)
    } else {
        let normalized = normalize(status_text);
        let found = statuses.get(&normalized).copied().or_else(|| {
            // "Selesai (jalan sudah diperbaiki)".
            normalized
                .split(' ')
                .next()
                .filter(|w| matches!(*w, "selesai" | "tuntas"))
                .map(|_| ComplaintStatus::Selesai)
        });
        match found {
            Some(
                status @ (ComplaintStatus::Diteruskan
                | ComplaintStatus::Ditunda
                | ComplaintStatus::BukanWewenang),
            ) => {
                problems.push((
                    Field::Status,
                    format!(
                        "Status \"{}\" tidak dapat diimpor karena {} tidak ada di berkas. Tulis selesai atau diarsipkan, atau impor sebagai baru lalu ubah statusnya di aplikasi.",
                        shorten(status_text),
                        match status {
                            ComplaintStatus::Diteruskan => "nama PD tujuannya",
                            ComplaintStatus::Ditunda => "alasan dan status sebelum ditunda",
                            _ => "alasannya",
                        }
                    ),
                ));
                return None;
            }
            Some(status) => Some(status),
            None => {
                problems.push((
                    Field::Status,
                    format!(
                        "Status \"{}\" tidak dikenal. Gunakan: baru, diverifikasi, ditindaklanjuti, selesai, atau diarsipkan.",
                        shorten(status_text)
                    ),
                ));
                return None;
            }
        }
    };
    let status = status.filter(|s| *s != ComplaintStatus::Baru || !closed_text.is_empty())?;

    let received = wib::parse_minute("received_at_wib", received_at_wib).ok();
    let closed_at = if closed_text.is_empty() {
        None
    } else {
        match parse_received(closed_text, closed_month_first)
            .and_then(|t| wib::parse_minute("closed_at", &t).ok())
        {
            Some(at) => Some(at),
            None => {
                problems.push((
                    Field::ClosedAt,
                    format!(
                        "Waktu selesai \"{}\" tidak dikenali. Tulis seperti 2026-11-20 08:15 atau 20/11/2026 08.15.",
                        shorten(closed_text)
                    ),
                ));
                return None;
            }
        }
    };
    if !status.is_closed() {
        if closed_at.is_some() {
            problems.push((
                Field::ClosedAt,
                format!(
                    "Waktu selesai diisi, tetapi statusnya {}. Kosongkan waktu selesai atau ubah statusnya menjadi selesai.",
                    status.label()
                ),
            ));
            return None;
        }
        return Some(History {
            status,
            closed_at: None,
            source: shorten(status_text),
        });
    }
    if let (Some(closed), Some(received)) = (closed_at, received) {
        if closed < received {
            problems.push((
                Field::ClosedAt,
                "Waktu selesai lebih awal dari waktu diterima. Periksa kedua tanggalnya.".into(),
            ));
            return None;
        }
    }
    if closed_at.is_some_and(|c| c > clock.now() + time::Duration::minutes(10)) {
        problems.push((
            Field::ClosedAt,
            "Waktu selesai tidak boleh di masa depan. Periksa tanggal dan jamnya.".into(),
        ));
        return None;
    }
    // Without a closing time the received time stands in: the sheet says it is closed,
    // and retention then counts from the earliest moment it can have been.
    let closed_at = closed_at.or(received)?;
    Some(History {
        status,
        closed_at: Some(closed_at),
        source: if status_text.is_empty() {
            shorten(closed_text)
        } else {
            shorten(status_text)
        },
    })
}

/// The key two complaints are the same by: the received minute, the channel, and a hash
/// of the text as stored. A sheet imported twice, or rows copied down by accident, would
/// otherwise be answered and counted twice.
fn duplicate_key(received: OffsetDateTime, channel: &str, body: &str) -> (i64, String, u64) {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.trim().hash(&mut hasher);
    (
        received.unix_timestamp().div_euclid(60),
        channel.to_string(),
        hasher.finish(),
    )
}

/// Rows equal to a complaint already in the store or to an earlier row of the file, by
/// index into `candidates`, with the message to show. The store is read once, over the
/// file's date range only (by the received-time index), so 10,000 rows stay fast.
fn find_duplicates(conn: &Connection, candidates: &[Candidate]) -> Result<HashMap<usize, String>> {
    let mut out = HashMap::new();
    let keyed: Vec<(usize, (i64, String, u64))> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let at = wib::parse_minute("received_at_wib", &c.input.received_at_wib).ok()?;
            Some((
                i,
                duplicate_key(at, c.input.channel.as_str(), &c.input.body),
            ))
        })
        .collect();
    let (Some(first), Some(last)) = (
        keyed.iter().map(|(_, k)| k.0).min(),
        keyed.iter().map(|(_, k)| k.0).max(),
    ) else {
        return Ok(out);
    };
    let minute = |m: i64| {
        OffsetDateTime::from_unix_timestamp(m * 60)
            .map(to_stored)
            .map_err(|_| Error::invalid("received_at_wib", "Waktu diterima di luar jangkauan."))
    };
    let wanted: std::collections::HashSet<&(i64, String, u64)> =
        keyed.iter().map(|(_, k)| k).collect();
    let mut existing: HashMap<(i64, String, u64), i64> = HashMap::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, received_at, channel, body FROM complaints
             WHERE received_at >= ?1 AND received_at < ?2 AND personal_erased = 0",
        )?;
        let mut rows = stmt.query(rusqlite::params![minute(first)?, minute(last + 1)?])?;
        while let Some(r) = rows.next()? {
            let received: String = r.get(1)?;
            let Some(at) = crate::clock::from_stored(&received) else {
                continue;
            };
            let channel: String = r.get(2)?;
            let body = r.get_ref(3)?.as_str().unwrap_or_default();
            let key = duplicate_key(at, &channel, body);
            if wanted.contains(&key) {
                existing.entry(key).or_insert(r.get(0)?);
            }
        }
    }
    let mut seen: HashMap<&(i64, String, u64), usize> = HashMap::new();
    for (i, key) in &keyed {
        if let Some(id) = existing.get(key) {
            out.insert(
                *i,
                format!(
                    "Aduan dengan waktu, kanal, dan isi yang sama sudah ada di kotak aduan ({}). Hapus baris ini agar tidak tercatat dua kali.",
                    complaint_number(*id)
                ),
            );
        } else if let Some(earlier) = seen.get(key) {
            out.insert(
                *i,
                format!(
                    "Sama dengan baris {} di berkas ini (waktu, kanal, dan isi sama). Hapus salah satunya agar tidak tercatat dua kali.",
                    candidates[*earlier].row
                ),
            );
        } else {
            seen.insert(key, *i);
        }
    }
    Ok(out)
}

/// The import field a validation error's field name belongs to.
fn field_of(field: &str) -> Field {
    match field {
        "channel" => Field::Channel,
        "source_url" => Field::SourceUrl,
        "citizen_name" => Field::CitizenName,
        "citizen_contact" => Field::CitizenContact,
        "received_at" | "received_at_wib" => Field::ReceivedAt,
        "kind" => Field::Kind,
        "category" | "category_id" => Field::Category,
        "kecamatan" => Field::Kecamatan,
        "status" => Field::Status,
        "closed_at" => Field::ClosedAt,
        _ => Field::Body,
    }
}

/// The trimmed cell; a ' that an export put before = + - @ to keep it text is taken off.
fn cell(cells: &[String], i: usize) -> &str {
    let text = cells.get(i).map(|c| c.trim()).unwrap_or("");
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => text,
    }
}

/// At most 60 characters of a cell, for quoting it in a message.
fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

// ---------------------------------------------------------------------------------------
// Dates

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?$",
    )
    .expect("valid ISO date pattern")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ t,]+(?:pukul |jam )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?$",
    )
    .expect("valid numeric date pattern")
});
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?:[ ,]+(?:pukul |jam )?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm)?)?$",
    )
    .expect("valid named-month date pattern")
});
static SERIAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{5}(?:[.,]\d+)?$").expect("valid serial pattern"));

/// Whether a column of dates is written month first (an English-locale Google Form:
/// "11/20/2026 8:15:00"): only when some value cannot be day first and none cannot be
/// month first. Indonesian day-first is the default.
fn month_first_column<'a>(values: impl Iterator<Item = &'a str>) -> bool {
    let (mut day_first, mut month_first) = (false, false);
    for value in values {
        if let Some(c) = NUMERIC.captures(&value.trim().to_lowercase()) {
            let a: u32 = c[1].parse().unwrap_or(0);
            let b: u32 = c[2].parse().unwrap_or(0);
            if a > 12 && b <= 12 {
                day_first = true;
            } else if b > 12 && a <= 12 {
                month_first = true;
            }
        }
    }
    month_first && !day_first
}

/// Reads a received time as people, Excel and Google Forms write it, in WIB unless an
/// offset is given, and returns it as "YYYY-MM-DDTHH:MM". A date alone means 00:00.
pub fn parse_received(text: &str, month_first: bool) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let lower = lower
        .strip_suffix("wib")
        .map(str::trim_end)
        .unwrap_or(&lower)
        .to_string();
    if lower.is_empty() || lower.len() > 64 {
        return None;
    }
    if let Ok(at) = OffsetDateTime::parse(
        &lower.to_uppercase(),
        &time::format_description::well_known::Rfc3339,
    ) {
        return Some(format_local(
            at.to_offset(WIB).date(),
            at.to_offset(WIB).time(),
        ));
    }
    let (date, time) = if let Some(c) = ISO.captures(&lower) {
        let date = ymd(num(&c, 1)?, num(&c, 2)?, num(&c, 3)?)?;
        (date, hm(&c, 4)?)
    } else if let Some(c) = NUMERIC.captures(&lower) {
        let (a, b) = (num(&c, 1)?, num(&c, 2)?);
        let (day, month) = if month_first { (b, a) } else { (a, b) };
        let mut year = num(&c, 3)?;
        if c[3].len() == 2 {
            year += 2000;
        }
        (ymd(year, month, day)?, hm(&c, 4)?)
    } else if let Some(c) = NAMED.captures(&lower) {
        let month = month_named(&c[2])?;
        (ymd(num(&c, 3)?, month, num(&c, 1)?)?, hm(&c, 4)?)
    } else if SERIAL.is_match(&lower) {
        excel_serial(lower.replace(',', ".").parse().ok()?)?
    } else {
        return None;
    };
    Some(format_local(date, time))
}

fn num(c: &regex::Captures<'_>, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn ymd(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(2000..=2100).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year as i32, month, u8::try_from(day).ok()?).ok()
}

/// Hour and minute from groups `i`, `i+1` and the am/pm group `i+3`; midnight when absent.
fn hm(c: &regex::Captures<'_>, i: usize) -> Option<Time> {
    let Some(hour) = c.get(i) else {
        return Some(Time::MIDNIGHT);
    };
    let mut hour: u32 = hour.as_str().parse().ok()?;
    let minute: u32 = num(c, i + 1)?;
    match c.get(i + 3).map(|m| m.as_str()) {
        Some("am") if (1..=12).contains(&hour) => hour %= 12,
        Some("pm") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
        Some(_) => return None,
        None => {}
    }
    Time::from_hms(u8::try_from(hour).ok()?, u8::try_from(minute).ok()?, 0).ok()
}

fn month_named(name: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["januari", "jan", "january"],
        &["februari", "feb", "pebruari", "february"],
        &["maret", "mar", "march"],
        &["april", "apr"],
        &["mei", "may"],
        &["juni", "jun", "june"],
        &["juli", "jul", "july"],
        &["agustus", "agu", "agt", "ags", "aug", "august"],
        &["september", "sep", "sept"],
        &["oktober", "okt", "oct", "october"],
        &["november", "nov", "nop", "nopember"],
        &["desember", "des", "dec", "december"],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&name))
        .map(|i| i as u32 + 1)
}

/// An Excel serial date typed or pasted as a number (days since 1899-12-30), to the
/// nearest minute; only 2000-2100 are plausible receipt dates.
fn excel_serial(serial: f64) -> Option<(Date, Time)> {
    if !(36_526.0..=73_051.0).contains(&serial) {
        return None;
    }
    let minutes = (serial * 24.0 * 60.0).round() as i64;
    let epoch = Date::from_calendar_date(1899, Month::December, 30).ok()?;
    let at = PrimitiveDateTime::new(epoch, Time::MIDNIGHT) + time::Duration::minutes(minutes);
    Some((at.date(), at.time()))
}

fn format_local(date: Date, time: Time) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.year(),
        date.month() as u8,
        date.day(),
        time.hour(),
        time.minute()
    )
}
