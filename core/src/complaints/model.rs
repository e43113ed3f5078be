//! The complaint itself: what the admin (or an import row) captures, how it is checked, and
//! how it is written and read back.

use super::actor::clean_actor;
use super::deadlines::derive::{derive, due_wib, time_left_text, Derived};
use super::deadlines::rules::{DeadlineKind, RuleBook};
use super::deadlines::stored::load_working_days;
use super::workflow::status_from_sql;
use crate::calendar::wib;
use crate::clock::{from_stored, to_stored, Clock};
use crate::error::{Error, Result};
use crate::kecamatan;
use crate::store::savepoint;
use crate::text::{check_length, clean_line};
use medsos_rules::workdays::WorkingDays;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::LazyLock;
use time::Duration;
use ts_rs::TS;

pub use super::kind::ComplaintKind;
pub use super::workflow::ComplaintStatus;

/// Where the complaint reached the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InstagramKomentar,
    InstagramDm,
    FacebookKomentar,
    FacebookMessenger,
    Whatsapp,
    Telepon,
    DatangLangsung,
    Sp4nLapor,
}

impl Channel {
    pub const ALL: [Channel; 8] = [
        Channel::InstagramKomentar,
        Channel::InstagramDm,
        Channel::FacebookKomentar,
        Channel::FacebookMessenger,
        Channel::Whatsapp,
        Channel::Telepon,
        Channel::DatangLangsung,
        Channel::Sp4nLapor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InstagramKomentar => "instagram_komentar",
            Channel::InstagramDm => "instagram_dm",
            Channel::FacebookKomentar => "facebook_komentar",
            Channel::FacebookMessenger => "facebook_messenger",
            Channel::Whatsapp => "whatsapp",
            Channel::Telepon => "telepon",
            Channel::DatangLangsung => "datang_langsung",
            Channel::Sp4nLapor => "sp4n_lapor",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The label an admin reads.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InstagramKomentar => "Komentar Instagram",
            Channel::InstagramDm => "DM Instagram",
            Channel::FacebookKomentar => "Komentar Facebook",
            Channel::FacebookMessenger => "Facebook Messenger",
            Channel::Whatsapp => "WhatsApp",
            Channel::Telepon => "Telepon",
            Channel::DatangLangsung => "Datang langsung",
            Channel::Sp4nLapor => "SP4N-LAPOR!",
        }
    }
}

/// What the admin (or an import row) gives to create one complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintInput {
    pub channel: Channel,
    /// Link to the post or comment; may be empty, otherwise an http(s) address.
    pub source_url: String,
    /// Name or @handle; empty means anonymous.
    pub citizen_name: String,
    /// Phone number or e-mail; may be empty.
    pub citizen_contact: String,
    /// What the citizen wrote; required, at most [`MAX_BODY_CHARS`] characters.
    pub body: String,
    /// "YYYY-MM-DDTHH:MM" in WIB, the format the calendar uses.
    pub received_at_wib: String,
    pub kind: ComplaintKind,
    #[ts(type = "number")]
    pub category_id: i64,
    /// A kecamatan code "32.03.NN", "luar_cianjur", or "" when unknown.
    pub kecamatan: String,
}

/// The longest complaint text kept: far above any comment or WhatsApp message, low enough
/// that an accidental paste of a whole document is refused with a message.
pub const MAX_BODY_CHARS: usize = 10_000;

/// The kecamatan value for citizens outside Kabupaten Cianjur.
pub const LUAR_CIANJUR: &str = "luar_cianjur";

/// One deadline of a complaint and whether it was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub label: String,
    /// Stored UTC instant the deadline ends (the end of its WIB day).
    pub due_at: String,
    /// The last minute that still counts, in WIB: "YYYY-MM-DDT23:59".
    pub due_at_wib: String,
    pub met_at: Option<String>,
    /// Unmet and past due, on an open complaint.
    pub overdue: bool,
}

/// A complaint as stored, with everything the detail view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Complaint {
    #[ts(type = "number")]
    pub id: i64,
    /// The number citizens are told, e.g. "ADU-000123".
    pub number: String,
    pub channel: Channel,
    pub source_url: String,
    pub citizen_name: String,
    pub citizen_contact: String,
    pub body: String,
    /// Stored UTC instant.
    pub received_at: String,
    pub received_at_wib: String,
    pub kind: ComplaintKind,
    #[ts(type = "number")]
    pub category_id: i64,
    pub category_name: String,
    pub kecamatan: String,
    pub kecamatan_name: String,
    pub status: ComplaintStatus,
    /// The open status a ditunda complaint returns to.
    pub paused_from: Option<ComplaintStatus>,
    pub forwarded_to: String,
    pub status_reason: String,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    pub closed_at: Option<String>,
    pub deadlines: Vec<Deadline>,
    pub next_due_at: Option<String>,
    pub next_due_at_wib: Option<String>,
    /// E.g. "2 hari kerja lagi" or "terlambat 3 hari"; empty when nothing is due.
    pub time_left_text: String,
    pub overdue: bool,
    pub personal_erased: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the inbox; personal identifiers are always masked here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub number: String,
    pub channel: Channel,
    pub kind: ComplaintKind,
    pub category_name: String,
    pub kecamatan_name: String,
    pub status: ComplaintStatus,
    pub citizen_masked: String,
    /// The first ~140 characters of the text, NIK, phone numbers and e-mails masked.
    pub excerpt: String,
    pub received_at_wib: String,
    pub next_due_at_wib: Option<String>,
    pub time_left_text: String,
    pub overdue: bool,
}

/// The inbox filters; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintFilter {
    /// Words to find in the text, the citizen's name or the category; each a prefix.
    pub query: Option<String>,
    pub status: Option<ComplaintStatus>,
    /// `Some(true)`: only overdue; `Some(false)`: only those not overdue.
    pub overdue: Option<bool>,
    pub kind: Option<ComplaintKind>,
    #[ts(type = "number | null")]
    pub category_id: Option<i64>,
    pub kecamatan: Option<String>,
    pub channel: Option<Channel>,
    /// Received on or after this WIB day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Received on or before this WIB day (YYYY-MM-DD).
    pub to: Option<String>,
}

/// One page of the inbox and how many complaints match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ComplaintPage {
    /// How many match; with `total_capped`, at least this many ("1.000+").
    pub total: u32,
    /// A search stopped counting at `search::SEARCH_COUNT_CAP` matches (or at the
    /// end of the page asked for, if that is further); false when `total` is exact.
    pub total_capped: bool,
    pub items: Vec<ComplaintSummary>,
}

const MAX_URL_CHARS: usize = 2_000;
const MAX_NAME_CHARS: usize = 200;
const MAX_CONTACT_CHARS: usize = 200;
/// A complaint may be captured a little "in the future" when the PC clock and the phone the
/// admin copies the time from disagree; more than this is a typing slip.
const FUTURE_TOLERANCE: Duration = Duration::minutes(10);

/// The number citizens are told and replies quote: "ADU-000123".
pub fn complaint_number(id: i64) -> String {
    format!("ADU-{id:06}")
}

static KECAMATAN: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    kecamatan::all()
        .into_iter()
        .map(|k| (k.kode, k.nama))
        .collect()
});

/// What the inbox shows for a kecamatan value.
pub fn kecamatan_name(code: &str) -> String {
    match code {
        "" => "Tidak diketahui".into(),
        LUAR_CIANJUR => "Luar Cianjur".into(),
        code => KECAMATAN
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string()),
    }
}

/// An input with its text cleaned the way it is stored.
struct Cleaned {
    source_url: String,
    citizen_name: String,
    citizen_contact: String,
    body: String,
    received_at: time::OffsetDateTime,
}

fn clean(clock: &dyn Clock, input: &ComplaintInput) -> Result<Cleaned> {
    let source_url = input.source_url.trim().to_string();
    if !source_url.is_empty() {
        check_length("source_url", "Tautan sumber", &source_url, MAX_URL_CHARS)?;
        let ok = url::Url::parse(&source_url)
            .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .unwrap_or(false);
        if !ok {
            return Err(Error::invalid(
                "source_url",
                "Tautan sumber harus diawali http:// atau https://, misalnya https://www.instagram.com/p/...",
            ));
        }
    }
    let citizen_name = clean_line(&input.citizen_name);
    check_length("citizen_name", "Nama warga", &citizen_name, MAX_NAME_CHARS)?;
    let citizen_contact = clean_line(&input.citizen_contact);
    check_length(
        "citizen_contact",
        "Kontak warga",
        &citizen_contact,
        MAX_CONTACT_CHARS,
    )?;
    let body = input.body.trim().to_string();
    if body.is_empty() {
        return Err(Error::invalid(
            "body",
            "Isi aduan wajib diisi. Tempel komentar atau pesan warga.",
        ));
    }
    if body.contains('\0') {
        return Err(Error::invalid(
            "body",
            "Isi aduan mengandung karakter yang tidak dapat disimpan. Salin ulang teksnya.",
        ));
    }
    check_length("body", "Isi aduan", &body, MAX_BODY_CHARS)?;
    let received_at = wib::parse_minute("received_at_wib", &input.received_at_wib)?;
    if received_at > clock.now() + FUTURE_TOLERANCE {
        return Err(Error::invalid(
            "received_at_wib",
            "Waktu diterima tidak boleh di masa depan. Periksa tanggal dan jamnya.",
        ));
    }
    Ok(Cleaned {
        source_url,
        citizen_name,
        citizen_contact,
        body,
        received_at,
    })
}

pub(crate) fn check_kecamatan(code: &str) -> Result<()> {
    let code = code.trim();
    if code.is_empty() || code == LUAR_CIANJUR || KECAMATAN.contains_key(code) {
        Ok(())
    } else {
        Err(Error::invalid(
            "kecamatan",
            format!("Kecamatan \"{code}\" tidak dikenal. Pilih salah satu dari 32 kecamatan di Cianjur atau Luar Cianjur."),
        ))
    }
}

pub(crate) fn check_category(conn: &Connection, category_id: i64) -> Result<()> {
    let exists: bool = conn
        .prepare_cached("SELECT EXISTS(SELECT 1 FROM complaint_categories WHERE id = ?1)")?
        .query_row([category_id], |r| r.get(0))?;
    if exists {
        Ok(())
    } else {
        Err(Error::invalid(
            "category_id",
            "Kategori tidak dikenal. Pilih dari daftar kategori.",
        ))
    }
}

/// Checks every rule of a new complaint; errors name the form field.
pub fn validate(conn: &Connection, clock: &dyn Clock, input: &ComplaintInput) -> Result<()> {
    clean(clock, input)?;
    check_category(conn, input.category_id)?;
    check_kecamatan(&input.kecamatan)
}

/// Writes one checked complaint and its capture step; deadlines come from `book` and `days`
/// so a bulk insert reads the settings and holidays once.
fn insert_one(
    conn: &Connection,
    now: &str,
    input: &ComplaintInput,
    c: &Cleaned,
    actor: &str,
    book: &RuleBook,
    days: &WorkingDays,
) -> Result<i64> {
    let rule = book.rule(input.kind, input.category_id);
    let derived: Derived = derive(
        c.received_at,
        &rule,
        ComplaintStatus::Baru,
        &[false; 4],
        days,
    );
    conn.prepare_cached(
        "INSERT INTO complaints (channel, source_url, citizen_name, citizen_contact, body,
             received_at, kind, category_id, kecamatan, status, due_first_response,
             due_verification, due_follow_up, due_resolution, next_due_at, next_due_kind,
             list_rank, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'baru', ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    )?
    .execute(params![
        input.channel.as_str(),
        c.source_url,
        c.citizen_name,
        c.citizen_contact,
        c.body,
        to_stored(c.received_at),
        input.kind.as_str(),
        input.category_id,
        input.kecamatan.trim(),
        to_stored(derived.due[0]),
        to_stored(derived.due[1]),
        to_stored(derived.due[2]),
        to_stored(derived.due[3]),
        derived.next.map(|(_, at)| to_stored(at)),
        derived.next.map(|(kind, _)| kind.as_str()),
        derived.rank,
        now,
    ])?;
    let id = conn.last_insert_rowid();
    conn.prepare_cached(
        "INSERT INTO complaint_events (complaint_id, from_status, to_status, actor, at)
         VALUES (?1, NULL, 'baru', ?2, ?3)",
    )?
    .execute(params![id, actor, now])?;
    Ok(id)
}

/// Captures one complaint, computes its deadlines and records the step "baru".
pub fn create(
    conn: &Connection,
    clock: &dyn Clock,
    input: &ComplaintInput,
    actor: &str,
) -> Result<Complaint> {
    let actor = clean_actor(actor)?;
    let cleaned = clean(clock, input)?;
    check_category(conn, input.category_id)?;
    check_kecamatan(&input.kecamatan)?;
    let tx = savepoint(conn)?;
    let id = insert_one(
        &tx,
        &to_stored(clock.now()),
        input,
        &cleaned,
        &actor,
        &RuleBook::load(conn)?,
        &load_working_days(conn)?,
    )?;
    tx.finish()?;
    get_unaudited(conn, clock, id)
}

/// Inserts many already-validated inputs, all or nothing, nested in the caller's
/// transaction when there is one (import holds one for the whole file); settings and
/// holidays are read once and rows go in [`INSERT_BATCH`] to a statement, so 10,000 rows
/// take a fraction of a second. Inputs are still cleaned and checked, and the first bad one
/// fails the whole call, which then writes nothing.
pub fn insert_many(
    conn: &Connection,
    clock: &dyn Clock,
    inputs: &[ComplaintInput],
    actor: &str,
) -> Result<usize> {
    let actor = clean_actor(actor)?;
    let scope = savepoint(conn)?;
    let tx: &Connection = &scope;
    let book = RuleBook::load(tx)?;
    let days = load_working_days(tx)?;
    let categories: std::collections::HashSet<i64> = {
        let mut stmt = tx.prepare_cached("SELECT id FROM complaint_categories")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    let now = to_stored(clock.now());
    for chunk in inputs.chunks(INSERT_BATCH) {
        let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(chunk.len() * 18);
        for input in chunk {
            let cleaned = clean(clock, input)?;
            if !categories.contains(&input.category_id) {
                return Err(Error::invalid(
                    "category_id",
                    "Kategori tidak dikenal. Pilih dari daftar kategori.",
                ));
            }
            check_kecamatan(&input.kecamatan)?;
            push_row_values(&mut values, &now, input, cleaned, &book, &days);
        }
        insert_batch(tx, chunk.len(), values, &actor, &now)?;
    }
    scope.finish()?;
    Ok(inputs.len())
}

/// Rows per INSERT in [`insert_many`]. FTS5 writes its pending words out as a new index
/// segment whenever a statement opens a statement journal, and every INSERT into
/// complaints does (trigger, foreign key): one statement per row left one segment per row
/// and merging them cost two thirds of an import. A batch is one segment. 18 parameters a
/// row keeps a full batch far below SQLite's limit of 32,766.
const INSERT_BATCH: usize = 256;

/// The 18 values [`insert_batch`] binds for one row, as [`insert_one`] writes them.
fn push_row_values(
    values: &mut Vec<rusqlite::types::Value>,
    now: &str,
    input: &ComplaintInput,
    c: Cleaned,
    book: &RuleBook,
    days: &WorkingDays,
) {
    use rusqlite::types::Value;
    let rule = book.rule(input.kind, input.category_id);
    let derived: Derived = derive(
        c.received_at,
        &rule,
        ComplaintStatus::Baru,
        &[false; 4],
        days,
    );
    let text = |s: &str| Value::Text(s.to_string());
    let optional = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    values.extend([
        text(input.channel.as_str()),
        Value::Text(c.source_url),
        Value::Text(c.citizen_name),
        Value::Text(c.citizen_contact),
        Value::Text(c.body),
        Value::Text(to_stored(c.received_at)),
        text(input.kind.as_str()),
        Value::Integer(input.category_id),
        text(input.kecamatan.trim()),
        Value::Text(to_stored(derived.due[0])),
        Value::Text(to_stored(derived.due[1])),
        Value::Text(to_stored(derived.due[2])),
        Value::Text(to_stored(derived.due[3])),
        optional(derived.next.map(|(_, at)| to_stored(at))),
        optional(derived.next.map(|(kind, _)| kind.as_str().to_string())),
        Value::Integer(derived.rank),
        text(now),
        text(now),
    ]);
}

/// Writes `rows` complaints (their values from [`push_row_values`]) in one statement, and
/// the step "baru" of each in another.
fn insert_batch(
    tx: &Connection,
    rows: usize,
    values: Vec<rusqlite::types::Value>,
    actor: &str,
    now: &str,
) -> Result<()> {
    const ROW: &str = "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'baru', ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let sql = format!(
        "INSERT INTO complaints (channel, source_url, citizen_name, citizen_contact, body,
             received_at, kind, category_id, kecamatan, status, due_first_response,
             due_verification, due_follow_up, due_resolution, next_due_at, next_due_kind,
             list_rank, created_at, updated_at)
         VALUES {} RETURNING id",
        vec![ROW; rows].join(", ")
    );
    let ids: Vec<i64> = {
        let mut stmt = tx.prepare_cached(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(values), |r| r.get(0))?;
        ids.collect::<rusqlite::Result<_>>()?
    };
    let ids = format!(
        "[{}]",
        ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
    );
    tx.prepare_cached(
        "INSERT INTO complaint_events (complaint_id, from_status, to_status, actor, at)
         SELECT value, NULL, 'baru', ?1, ?2 FROM json_each(?3) ORDER BY value",
    )?
    .execute(params![actor, now, ids])?;
    Ok(())
}

pub(crate) const COMPLAINT_COLUMNS: &str = "c.id, c.channel, c.source_url, c.citizen_name,
    c.citizen_contact, c.body, c.received_at, c.kind, c.category_id, k.name, c.kecamatan,
    c.status, c.paused_from, c.forwarded_to, c.status_reason, c.first_response_at,
    c.verified_at, c.followed_up_at, c.resolved_at, c.closed_at, c.due_first_response,
    c.due_verification, c.due_follow_up, c.due_resolution, c.next_due_at, c.next_due_kind,
    c.personal_erased, c.created_at, c.updated_at";

pub(crate) fn channel_from_sql(text: String) -> rusqlite::Result<Channel> {
    Channel::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown channel {text}").into(),
        )
    })
}

pub(crate) fn kind_from_sql(text: String) -> rusqlite::Result<ComplaintKind> {
    ComplaintKind::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown complaint kind {text}").into(),
        )
    })
}

fn complaint_from_row(
    row: &Row<'_>,
    now: time::OffsetDateTime,
    days: &WorkingDays,
) -> rusqlite::Result<Complaint> {
    let id: i64 = row.get(0)?;
    let received_at: String = row.get(6)?;
    let status = status_from_sql(row.get(11)?)?;
    let met_at: [Option<String>; 4] = [row.get(15)?, row.get(16)?, row.get(17)?, row.get(18)?];
    let due_at: [String; 4] = [row.get(20)?, row.get(21)?, row.get(22)?, row.get(23)?];
    let deadlines = DeadlineKind::ALL
        .into_iter()
        .zip(due_at)
        .zip(met_at)
        .map(|((kind, due_at), met_at)| {
            let due = from_stored(&due_at);
            Deadline {
                kind,
                label: kind.label().to_string(),
                due_at_wib: due.map(due_wib).unwrap_or_default(),
                overdue: status.is_open() && met_at.is_none() && due.is_some_and(|d| now >= d),
                due_at,
                met_at,
            }
        })
        .collect();
    let next_due_at: Option<String> = row.get(24)?;
    let next_due_kind = row
        .get::<_, Option<String>>(25)?
        .as_deref()
        .and_then(DeadlineKind::parse);
    let next = next_due_at.as_deref().and_then(from_stored);
    let kecamatan: String = row.get(10)?;
    Ok(Complaint {
        id,
        number: complaint_number(id),
        channel: channel_from_sql(row.get(1)?)?,
        source_url: row.get(2)?,
        citizen_name: row.get(3)?,
        citizen_contact: row.get(4)?,
        body: row.get(5)?,
        received_at_wib: from_stored(&received_at)
            .map(wib::format_minute)
            .unwrap_or_default(),
        received_at,
        kind: kind_from_sql(row.get(7)?)?,
        category_id: row.get(8)?,
        category_name: row.get(9)?,
        kecamatan_name: kecamatan_name(&kecamatan),
        kecamatan,
        status,
        paused_from: row
            .get::<_, Option<String>>(12)?
            .as_deref()
            .and_then(ComplaintStatus::parse),
        forwarded_to: row.get(13)?,
        status_reason: row.get(14)?,
        first_response_at: row.get(15)?,
        resolved_at: row.get(18)?,
        closed_at: row.get(19)?,
        deadlines,
        next_due_at_wib: next.map(due_wib),
        time_left_text: match (next, next_due_kind) {
            (Some(due), Some(kind)) => time_left_text(now, due, kind, days),
            _ => String::new(),
        },
        overdue: next.is_some_and(|d| now >= d),
        next_due_at,
        personal_erased: row.get(26)?,
        created_at: row.get(27)?,
        updated_at: row.get(28)?,
    })
}

/// The full record without an audit entry: for the core's own use right after a change the
/// admin made (they typed the data; reading it back is not "viewing" it).
pub(crate) fn get_unaudited(conn: &Connection, clock: &dyn Clock, id: i64) -> Result<Complaint> {
    let days = load_working_days(conn)?;
    let now = clock.now();
    conn.prepare_cached(&format!(
        "SELECT {COMPLAINT_COLUMNS} FROM complaints c
         JOIN complaint_categories k ON k.id = c.category_id WHERE c.id = ?1"
    ))?
    .query_row([id], |r| complaint_from_row(r, now, &days))
    .optional()?
    .ok_or(Error::NotFound { what: "Aduan" })
}

/// The full record, personal data included; records in the audit log that `actor` viewed
/// it (UU PDP 27/2022 asks who saw personal data and when).
pub fn get(conn: &Connection, clock: &dyn Clock, id: i64, actor: &str) -> Result<Complaint> {
    let actor = clean_actor(actor)?;
    let complaint = get_unaudited(conn, clock, id)?;
    super::privacy::audit(conn, clock, &actor, "lihat", Some(id), "")?;
    Ok(complaint)
}

/// Attaches a photo already in the media library (see [`crate::media::import`]) as
/// evidence, e.g. a screenshot of the comment.
pub fn attach(
    conn: &Connection,
    clock: &dyn Clock,
    complaint_id: i64,
    media_id: i64,
) -> Result<()> {
    get_unaudited(conn, clock, complaint_id)?;
    let item = crate::media::get(conn, media_id)?;
    // Evidence of a citizen's complaint is personal data: in an encrypted store its copy
    // and preview are sealed before the row says it belongs to a complaint.
    if let Some(media_dir) = crate::media::media_dir_of(conn) {
        crate::media::seal_item(&media_dir, &item)?;
    }
    conn.execute(
        "INSERT OR IGNORE INTO complaint_attachments (complaint_id, media_id, added_at)
         VALUES (?1, ?2, ?3)",
        params![complaint_id, media_id, to_stored(clock.now())],
    )?;
    Ok(())
}

/// Removes an attachment from a complaint; the photo stays in the media library.
pub fn detach(conn: &Connection, complaint_id: i64, media_id: i64) -> Result<()> {
    let removed = conn.execute(
        "DELETE FROM complaint_attachments WHERE complaint_id = ?1 AND media_id = ?2",
        params![complaint_id, media_id],
    )?;
    if removed == 0 {
        return Err(Error::NotFound { what: "Lampiran" });
    }
    Ok(())
}

/// The photos attached to a complaint, in the order they were added.
pub fn attachments(conn: &Connection, complaint_id: i64) -> Result<Vec<crate::media::MediaItem>> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare_cached(
            "SELECT media_id FROM complaint_attachments WHERE complaint_id = ?1
             ORDER BY added_at, media_id",
        )?;
        let rows = stmt.query_map([complaint_id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    ids.into_iter()
        .map(|id| crate::media::get(conn, id))
        .collect()
}
