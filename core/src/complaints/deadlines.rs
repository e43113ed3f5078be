//! Tenggat: the four deadlines of a complaint, counted in working days as SP4N-LAPOR! does.
//!
//! Deadlines are settings per kind (pengaduan, aspirasi, permintaan informasi) with an
//! optional override per category, because "Bencana" cannot wait five working days while
//! "Pelayanan publik" can. A deadline ends at the end of its WIB day: "1 hari kerja" after
//! a complaint received on Wednesday evening means "by Thursday 23:59", not Thursday at the
//! same minute, which is how staff and citizens read it.
//!
//! The due instants are stored on each complaint (not computed per read) so the inbox can
//! sort and filter 100,000 complaints by an index; they are rewritten on every change of the
//! complaint and by [`recompute_open_deadlines`] after holidays or settings change.

use super::model::ComplaintKind;
use super::status::ComplaintStatus;
use crate::calendar::wib;
use crate::clock::{format_wib_datetime, from_stored, to_stored, Clock, WIB};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use time::{Date, Duration, OffsetDateTime, Weekday};
use ts_rs::TS;

/// The inbox rank of complaints with nothing due: this minus the Unix seconds received,
/// so they sort after every open complaint (a due instant before the year 2286 is below
/// 10,000,000,000) and newest first among themselves.
pub(crate) const RANK_CLOSED_BASE: i64 = 20_000_000_000;

const KIND_KEY: &str = "aduan.tenggat.jenis.";
const CATEGORY_KEY: &str = "aduan.tenggat.kategori.";

/// The four deadlines, in the order they normally fall due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// The first answer to the citizen; met by the first logged reply.
    JawabanPertama,
    /// Met when the complaint reaches diverifikasi.
    Verifikasi,
    /// The follow-up plan; met when the complaint reaches ditindaklanjuti.
    TindakLanjut,
    /// Met when the complaint is selesai; counted in calendar days.
    Penyelesaian,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::JawabanPertama,
        DeadlineKind::Verifikasi,
        DeadlineKind::TindakLanjut,
        DeadlineKind::Penyelesaian,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::JawabanPertama => "jawaban_pertama",
            DeadlineKind::Verifikasi => "verifikasi",
            DeadlineKind::TindakLanjut => "tindak_lanjut",
            DeadlineKind::Penyelesaian => "penyelesaian",
        }
    }

    pub fn parse(text: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::JawabanPertama => "Jawaban pertama",
            DeadlineKind::Verifikasi => "Verifikasi",
            DeadlineKind::TindakLanjut => "Rencana tindak lanjut",
            DeadlineKind::Penyelesaian => "Penyelesaian",
        }
    }

    /// Only the resolution deadline is in calendar days.
    pub fn in_working_days(self) -> bool {
        self != DeadlineKind::Penyelesaian
    }
}

/// How long each step may take: working days for the first three, calendar days for
/// resolution (the SP4N-LAPOR! defaults are 1, 3, 5 and 60).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeadlineRule {
    pub first_response_days: u32,
    pub verification_days: u32,
    pub follow_up_days: u32,
    pub resolution_days: u32,
}

impl Default for DeadlineRule {
    fn default() -> Self {
        DeadlineRule {
            first_response_days: 1,
            verification_days: 3,
            follow_up_days: 5,
            resolution_days: 60,
        }
    }
}

impl DeadlineRule {
    fn days(&self, kind: DeadlineKind) -> u32 {
        match kind {
            DeadlineKind::JawabanPertama => self.first_response_days,
            DeadlineKind::Verifikasi => self.verification_days,
            DeadlineKind::TindakLanjut => self.follow_up_days,
            DeadlineKind::Penyelesaian => self.resolution_days,
        }
    }

    fn to_setting(self) -> String {
        format!(
            "{},{},{},{}",
            self.first_response_days,
            self.verification_days,
            self.follow_up_days,
            self.resolution_days
        )
    }

    fn from_setting(text: &str) -> Option<DeadlineRule> {
        let parts: Vec<u32> = text
            .split(',')
            .map(|p| p.trim().parse().ok())
            .collect::<Option<_>>()?;
        match parts[..] {
            [a, b, c, d] => Some(DeadlineRule {
                first_response_days: a,
                verification_days: b,
                follow_up_days: c,
                resolution_days: d,
            }),
            _ => None,
        }
    }

    /// Each step within a sane range, and in order: a verification deadline before the
    /// first answer would be met by nobody.
    fn validate(&self) -> Result<()> {
        let check = |field: &'static str, label: &str, value: u32, max: u32| {
            if (1..=max).contains(&value) {
                Ok(())
            } else {
                Err(Error::invalid(
                    field,
                    format!("{label} harus antara 1 dan {max} hari."),
                ))
            }
        };
        check(
            "first_response_days",
            "Tenggat jawaban pertama",
            self.first_response_days,
            30,
        )?;
        check(
            "verification_days",
            "Tenggat verifikasi",
            self.verification_days,
            60,
        )?;
        check(
            "follow_up_days",
            "Tenggat rencana tindak lanjut",
            self.follow_up_days,
            90,
        )?;
        check(
            "resolution_days",
            "Tenggat penyelesaian",
            self.resolution_days,
            365,
        )?;
        if self.verification_days < self.first_response_days
            || self.follow_up_days < self.verification_days
        {
            return Err(Error::invalid(
                "verification_days",
                "Urutan tenggat harus jawaban pertama <= verifikasi <= rencana tindak lanjut.",
            ));
        }
        Ok(())
    }
}

/// The deadline rule for a kind of complaint.
pub fn kind_rule(conn: &Connection, kind: ComplaintKind) -> Result<DeadlineRule> {
    Ok(get_value(conn, &format!("{KIND_KEY}{}", kind.as_str()))?
        .and_then(|v| DeadlineRule::from_setting(&v))
        .unwrap_or_default())
}

/// Changes a kind's rule and recomputes the deadlines of every open complaint.
pub fn set_kind_rule(
    conn: &Connection,
    clock: &dyn Clock,
    kind: ComplaintKind,
    rule: &DeadlineRule,
) -> Result<DeadlineRule> {
    rule.validate()?;
    let tx = savepoint(conn)?;
    set_value(
        &tx,
        &format!("{KIND_KEY}{}", kind.as_str()),
        &rule.to_setting(),
    )?;
    recompute_open_deadlines(&tx, clock)?;
    tx.finish()?;
    kind_rule(conn, kind)
}

/// A category's own rule, which beats the kind's; `None` when it has none.
pub fn category_rule(conn: &Connection, category_id: i64) -> Result<Option<DeadlineRule>> {
    Ok(get_value(conn, &format!("{CATEGORY_KEY}{category_id}"))?
        .and_then(|v| DeadlineRule::from_setting(&v)))
}

/// Sets (or with `None` removes) a category's own rule and recomputes open deadlines.
pub fn set_category_rule(
    conn: &Connection,
    clock: &dyn Clock,
    category_id: i64,
    rule: Option<&DeadlineRule>,
) -> Result<Option<DeadlineRule>> {
    super::categories::get(conn, category_id)?;
    let key = format!("{CATEGORY_KEY}{category_id}");
    let tx = savepoint(conn)?;
    match rule {
        Some(rule) => {
            rule.validate()?;
            set_value(&tx, &key, &rule.to_setting())?;
        }
        None => {
            tx.execute("DELETE FROM settings WHERE key = ?1", [&key])?;
        }
    }
    recompute_open_deadlines(&tx, clock)?;
    tx.finish()?;
    category_rule(conn, category_id)
}

/// Every rule in force, read once so that an import of 10,000 rows does not read settings
/// 10,000 times.
pub(crate) struct RuleBook {
    kinds: HashMap<ComplaintKind, DeadlineRule>,
    categories: HashMap<i64, DeadlineRule>,
}

impl RuleBook {
    pub(crate) fn load(conn: &Connection) -> Result<RuleBook> {
        let mut kinds = HashMap::new();
        for kind in ComplaintKind::ALL {
            kinds.insert(kind, kind_rule(conn, kind)?);
        }
        let mut categories = HashMap::new();
        let mut stmt = conn.prepare_cached(
            "SELECT key, value FROM settings WHERE key LIKE 'aduan.tenggat.kategori.%'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, value) = row?;
            if let (Some(id), Some(rule)) = (
                key[CATEGORY_KEY.len()..].parse::<i64>().ok(),
                DeadlineRule::from_setting(&value),
            ) {
                categories.insert(id, rule);
            }
        }
        Ok(RuleBook { kinds, categories })
    }

    pub(crate) fn rule(&self, kind: ComplaintKind, category_id: i64) -> DeadlineRule {
        self.categories
            .get(&category_id)
            .or_else(|| self.kinds.get(&kind))
            .copied()
            .unwrap_or_default()
    }
}

/// Weekends and the holidays table in memory: a few dozen dates, checked thousands of times
/// when deadlines are recomputed. Same rule as [`crate::calendar::is_working_day`].
pub(crate) struct WorkingDays {
    holidays: HashSet<Date>,
}

impl WorkingDays {
    pub(crate) fn load(conn: &Connection) -> Result<WorkingDays> {
        let mut stmt = conn.prepare_cached("SELECT tanggal FROM holidays")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut holidays = HashSet::new();
        for row in rows {
            if let Ok(day) = wib::parse_day("tanggal", &row?) {
                holidays.insert(day);
            }
        }
        Ok(WorkingDays { holidays })
    }

    pub(crate) fn is_working_day(&self, day: Date) -> bool {
        !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !self.holidays.contains(&day)
    }

    /// The `n`th working day after `day` (the day of receipt itself never counts: a
    /// complaint at 16:55 on Friday is not due the same evening).
    pub(crate) fn add_working_days(&self, day: Date, n: u32) -> Date {
        let mut current = day;
        let mut counted = 0;
        while counted < n {
            match current.next_day() {
                Some(next) => current = next,
                None => break,
            }
            if self.is_working_day(current) {
                counted += 1;
            }
        }
        current
    }

    /// Working days in (`from`, `to`]; 0 when `to` is not after `from`.
    pub(crate) fn between(&self, from: Date, to: Date) -> i64 {
        let mut count = 0;
        let mut current = from;
        while current < to {
            match current.next_day() {
                Some(next) => current = next,
                None => break,
            }
            if self.is_working_day(current) {
                count += 1;
            }
        }
        count
    }
}

/// The WIB day an instant falls on.
pub(crate) fn wib_day(at: OffsetDateTime) -> Date {
    at.to_offset(WIB).date()
}

/// The four due instants of a complaint received at `received`.
pub(crate) fn due_instants(
    received: OffsetDateTime,
    rule: &DeadlineRule,
    days: &WorkingDays,
) -> [OffsetDateTime; 4] {
    let day = wib_day(received);
    DeadlineKind::ALL.map(|kind| {
        let n = rule.days(kind);
        let last = if kind.in_working_days() {
            days.add_working_days(day, n)
        } else {
            day.checked_add(Duration::days(n as i64)).unwrap_or(day)
        };
        wib::day_end(last).unwrap_or_else(|_| wib::day_start(last))
    })
}

/// Which deadlines are met, in [`DeadlineKind::ALL`] order.
pub(crate) type Met = [bool; 4];

/// The earliest unmet deadline of an open complaint; nothing is due once closed or ditunda.
pub(crate) fn next_due(
    status: ComplaintStatus,
    due: &[OffsetDateTime; 4],
    met: &Met,
) -> Option<(DeadlineKind, OffsetDateTime)> {
    if !status.is_open() {
        return None;
    }
    DeadlineKind::ALL
        .into_iter()
        .zip(due.iter().copied())
        .zip(met.iter())
        .filter(|(_, met)| !**met)
        .map(|(pair, _)| pair)
        .min_by_key(|(_, at)| *at)
}

/// The inbox rank; see [`RANK_CLOSED_BASE`].
pub(crate) fn list_rank(next: Option<OffsetDateTime>, received: OffsetDateTime) -> i64 {
    match next {
        Some(at) => at.unix_timestamp(),
        None => RANK_CLOSED_BASE - received.unix_timestamp(),
    }
}

/// The last minute a deadline still counts, as the admin reads it: "2026-12-28T23:59".
pub(crate) fn due_wib(due: OffsetDateTime) -> String {
    wib::format_minute(due - Duration::minutes(1))
}

/// "2 hari kerja lagi", "5 jam lagi", "terlambat 3 hari": how an admin talks about it.
pub(crate) fn time_left_text(
    now: OffsetDateTime,
    due: OffsetDateTime,
    kind: DeadlineKind,
    days: &WorkingDays,
) -> String {
    if now >= due {
        let late = now - due;
        if late < Duration::days(1) {
            let hours = late.whole_hours().max(1);
            return format!("terlambat {hours} jam");
        }
        return format!("terlambat {} hari", late.whole_days());
    }
    let last_day = wib_day(due - Duration::seconds(1));
    let today = wib_day(now);
    if last_day == today {
        let hours = (due - now).whole_hours();
        return if hours < 1 {
            "kurang dari 1 jam lagi".into()
        } else {
            format!("{hours} jam lagi")
        };
    }
    if kind.in_working_days() {
        match days.between(today, last_day) {
            0 => "hari kerja terakhir sudah lewat; selesaikan hari ini".into(),
            n => format!("{n} hari kerja lagi"),
        }
    } else {
        format!("{} hari lagi", (last_day - today).whole_days())
    }
}

/// What a row needs for its deadlines to be derived.
struct DeadlineInputs {
    id: i64,
    received: OffsetDateTime,
    kind: ComplaintKind,
    category_id: i64,
    status: ComplaintStatus,
    met_at: [Option<OffsetDateTime>; 4],
}

/// The derived columns of one complaint.
pub(crate) struct Derived {
    pub(crate) due: [OffsetDateTime; 4],
    pub(crate) next: Option<(DeadlineKind, OffsetDateTime)>,
    pub(crate) rank: i64,
}

/// The deadlines of a complaint that was never paused (a new one, an import row).
pub(crate) fn derive(
    received: OffsetDateTime,
    rule: &DeadlineRule,
    status: ComplaintStatus,
    met: &Met,
    days: &WorkingDays,
) -> Derived {
    let due = due_instants(received, rule, days);
    let next = next_due(status, &due, met);
    Derived {
        due,
        next,
        rank: list_rank(next.map(|(_, at)| at), received),
    }
}

/// A stretch a complaint spent ditunda: the instant of the step into ditunda and of the
/// step out of it.
pub(crate) type Pause = (OffsetDateTime, OffsetDateTime);

/// Ditunda stops the clock, as SP4N-LAPOR! does while the agency waits on something outside
/// its hands (a survey, another PD's data): each deadline still unmet when a pause began
/// moves by the working days (the resolution deadline: the calendar days) that pause
/// lasted, counted like the deadlines themselves from the WIB day of pausing to the day of
/// resuming. A deadline met before the pause keeps its date. The pauses come from
/// `complaint_events`, so recomputing after a holiday or settings change gives the same
/// dates as the resume did.
pub(crate) fn shift_for_pauses(
    due: [OffsetDateTime; 4],
    met_at: &[Option<OffsetDateTime>; 4],
    pauses: &[Pause],
    days: &WorkingDays,
) -> [OffsetDateTime; 4] {
    if pauses.is_empty() {
        return due;
    }
    let mut out = due;
    for (i, kind) in DeadlineKind::ALL.into_iter().enumerate() {
        let mut last = wib_day(due[i] - Duration::seconds(1));
        let mut moved = false;
        for (start, end) in pauses {
            if met_at[i].is_some_and(|met| met <= *start) {
                continue;
            }
            let (from, to) = (wib_day(*start), wib_day(*end));
            if kind.in_working_days() {
                let n = days.between(from, to);
                if n > 0 {
                    last = days.add_working_days(last, n as u32);
                    moved = true;
                }
            } else {
                let n = (to - from).whole_days();
                if n > 0 {
                    last = last.checked_add(Duration::days(n)).unwrap_or(last);
                    moved = true;
                }
            }
        }
        if moved {
            out[i] = wib::day_end(last).unwrap_or_else(|_| wib::day_start(last));
        }
    }
    out
}

/// [`derive`] for a complaint with a history: the pauses move its unmet deadlines.
fn derive_paused(
    inputs: &DeadlineInputs,
    rule: &DeadlineRule,
    pauses: &[Pause],
    days: &WorkingDays,
) -> Derived {
    let due = shift_for_pauses(
        due_instants(inputs.received, rule, days),
        &inputs.met_at,
        pauses,
        days,
    );
    let met = inputs.met_at.map(|m| m.is_some());
    let next = next_due(inputs.status, &due, &met);
    Derived {
        due,
        next,
        rank: list_rank(next.map(|(_, at)| at), inputs.received),
    }
}

/// Folds one complaint's steps (oldest first) into its completed pauses. A step from
/// ditunda to ditunda (a reclassification while paused) neither starts nor ends one; a
/// pause still running has no end yet and moves nothing (nothing is due while ditunda).
fn fold_pauses(
    pauses: &mut Vec<Pause>,
    open: &mut Option<OffsetDateTime>,
    from: Option<&str>,
    to: &str,
    at: &str,
) {
    let Some(at) = from_stored(at) else { return };
    let paused = ComplaintStatus::Ditunda.as_str();
    if to == paused && from != Some(paused) {
        *open = Some(at);
    } else if from == Some(paused) && to != paused {
        if let Some(start) = open.take() {
            pauses.push((start, at));
        }
    }
}

const PAUSE_STEPS: &str = "(to_status = 'ditunda' OR from_status = 'ditunda')";

/// The completed pauses of one complaint.
pub(crate) fn pauses_of(conn: &Connection, id: i64) -> Result<Vec<Pause>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT from_status, to_status, at FROM complaint_events
         WHERE complaint_id = ?1 AND {PAUSE_STEPS} ORDER BY id"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let (mut pauses, mut open) = (Vec::new(), None);
    for row in rows {
        let (from, to, at) = row?;
        fold_pauses(&mut pauses, &mut open, from.as_deref(), &to, &at);
    }
    Ok(pauses)
}

/// The completed pauses of every complaint that has any, read in one pass for a recompute
/// of all open complaints.
fn all_pauses(conn: &Connection) -> Result<HashMap<i64, Vec<Pause>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT complaint_id, from_status, to_status, at FROM complaint_events
         WHERE {PAUSE_STEPS} ORDER BY complaint_id, id"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out: HashMap<i64, Vec<Pause>> = HashMap::new();
    let (mut last_id, mut open) = (None, None);
    for row in rows {
        let (id, from, to, at) = row?;
        if last_id != Some(id) {
            last_id = Some(id);
            open = None;
        }
        fold_pauses(
            out.entry(id).or_default(),
            &mut open,
            from.as_deref(),
            &to,
            &at,
        );
    }
    out.retain(|_, p| !p.is_empty());
    Ok(out)
}

const INPUT_COLUMNS: &str = "id, received_at, kind, category_id, status,
    first_response_at, verified_at, followed_up_at, resolved_at";

fn inputs_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeadlineInputs> {
    let received: String = r.get(1)?;
    let kind: String = r.get(2)?;
    let met = |i: usize| -> rusqlite::Result<Option<OffsetDateTime>> {
        Ok(r.get::<_, Option<String>>(i)?.map(|t| {
            // A met step whose instant cannot be read still counts as met.
            from_stored(&t).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        }))
    };
    Ok(DeadlineInputs {
        id: r.get(0)?,
        received: from_stored(&received).unwrap_or(OffsetDateTime::UNIX_EPOCH),
        kind: ComplaintKind::parse(&kind).unwrap_or(ComplaintKind::Pengaduan),
        category_id: r.get(3)?,
        status: super::status::status_from_sql(r.get(4)?)?,
        met_at: [met(5)?, met(6)?, met(7)?, met(8)?],
    })
}

fn write_derived(conn: &Connection, id: i64, d: &Derived) -> Result<()> {
    conn.prepare_cached(
        "UPDATE complaints SET due_first_response = ?2, due_verification = ?3,
             due_follow_up = ?4, due_resolution = ?5, next_due_at = ?6, next_due_kind = ?7,
             list_rank = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        to_stored(d.due[0]),
        to_stored(d.due[1]),
        to_stored(d.due[2]),
        to_stored(d.due[3]),
        d.next.map(|(_, at)| to_stored(at)),
        d.next.map(|(kind, _)| kind.as_str()),
        d.rank,
    ])?;
    Ok(())
}

/// Recomputes one complaint's deadlines after it changed.
pub(crate) fn refresh_one(conn: &Connection, id: i64) -> Result<()> {
    let book = RuleBook::load(conn)?;
    let days = WorkingDays::load(conn)?;
    refresh_with(conn, id, &book, &days)
}

/// [`refresh_one`] with the settings and holidays already read, for many rows at once.
pub(crate) fn refresh_with(
    conn: &Connection,
    id: i64,
    book: &RuleBook,
    days: &WorkingDays,
) -> Result<()> {
    let inputs = conn
        .prepare_cached(&format!(
            "SELECT {INPUT_COLUMNS} FROM complaints WHERE id = ?1"
        ))?
        .query_row([id], inputs_from_row)
        .optional()?
        .ok_or(Error::NotFound { what: "Aduan" })?;
    let rule = book.rule(inputs.kind, inputs.category_id);
    let pauses = pauses_of(conn, id)?;
    let derived = derive_paused(&inputs, &rule, &pauses, days);
    write_derived(conn, id, &derived)
}

/// Recomputes the deadlines of every open or ditunda complaint, after the holidays or a
/// deadline setting changed. Closed complaints keep the deadlines they were judged by.
/// Returns how many complaints were recomputed.
pub fn recompute_open_deadlines(conn: &Connection, clock: &dyn Clock) -> Result<usize> {
    let _ = clock;
    let book = RuleBook::load(conn)?;
    let days = WorkingDays::load(conn)?;
    let tx = savepoint(conn)?;
    let rows: Vec<DeadlineInputs> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT {INPUT_COLUMNS} FROM complaints
             WHERE status IN ('baru', 'diverifikasi', 'ditindaklanjuti', 'ditunda')"
        ))?;
        let rows = stmt.query_map([], inputs_from_row)?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let pauses = all_pauses(&tx)?;
    for row in &rows {
        let rule = book.rule(row.kind, row.category_id);
        let row_pauses = pauses.get(&row.id).map(Vec::as_slice).unwrap_or(&[]);
        let derived = derive_paused(row, &rule, row_pauses, &days);
        write_derived(&tx, row.id, &derived)?;
    }
    tx.finish()?;
    Ok(rows.len())
}

/// One overdue complaint for Beranda and the desktop notification, in the shape of the
/// calendar's reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OverdueReminder {
    #[ts(type = "number")]
    pub complaint_id: i64,
    /// Always "terlambat"; the UI shows complaint and calendar reminders in one list.
    pub kind: String,
    pub number: String,
    pub deadline: DeadlineKind,
    pub due_at_wib: String,
    /// What the notification says, in Indonesian, without personal data.
    pub message: String,
}

/// How many reminders [`overdue_reminders`] lists at most. After importing an old sheet or
/// a long holiday there can be thousands; Beranda and the notification need the worst few
/// and the total ([`overdue_count`]), not a list nobody scrolls that is rebuilt every minute.
pub const MAX_OVERDUE_REMINDERS: u32 = 50;

/// Open complaints whose next deadline has passed, most overdue first, at most
/// [`MAX_OVERDUE_REMINDERS`] of them.
pub fn overdue_reminders(conn: &Connection, clock: &dyn Clock) -> Result<Vec<OverdueReminder>> {
    let now = clock.now();
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.next_due_at, c.next_due_kind, k.name
         FROM complaints c JOIN complaint_categories k ON k.id = c.category_id
         WHERE c.next_due_at IS NOT NULL AND c.next_due_at <= ?1
         ORDER BY c.next_due_at, c.id
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![to_stored(now), MAX_OVERDUE_REMINDERS], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, due, kind, category) = row?;
        let Some(due) = from_stored(&due) else {
            continue;
        };
        let deadline = kind
            .as_deref()
            .and_then(DeadlineKind::parse)
            .unwrap_or(DeadlineKind::Penyelesaian);
        let number = super::model::complaint_number(id);
        out.push(OverdueReminder {
            complaint_id: id,
            kind: "terlambat".into(),
            number: number.clone(),
            deadline,
            due_at_wib: due_wib(due),
            message: format!(
                "Aduan {number} ({category}): tenggat {} lewat sejak {}.",
                deadline.label().to_lowercase(),
                format_wib_datetime(due - Duration::minutes(1))
            ),
        });
    }
    Ok(out)
}

/// How many open complaints are overdue in all, for "50 dari 1.234 aduan terlambat".
pub fn overdue_count(conn: &Connection, clock: &dyn Clock) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM complaints
             WHERE next_due_at IS NOT NULL AND next_due_at <= ?1",
        )?
        .query_row([to_stored(clock.now())], |r| r.get(0))?)
}

/// A savepoint: a transaction of its own when none is open, or a nested one inside the
/// caller's, so the same function serves a settings change on its own and an import that
/// is all or nothing. Dropped without [`Scope::finish`], it rolls back.
pub(crate) struct Scope<'c> {
    conn: &'c Connection,
    name: Option<&'static str>,
}

pub(crate) fn savepoint(conn: &Connection) -> Result<Scope<'_>> {
    const NAME: &str = "aduan";
    conn.execute_batch(&format!("SAVEPOINT {NAME}"))?;
    Ok(Scope {
        conn,
        name: Some(NAME),
    })
}

impl std::ops::Deref for Scope<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Scope<'_> {
    /// Keeps what was done. When the RELEASE itself fails (as the outermost savepoint it is
    /// the COMMIT, which a deferred constraint or a busy disk can refuse) the work is rolled
    /// back and the savepoint closed before the error is returned: left open, every later
    /// statement on this connection would run inside a transaction nobody commits.
    pub(crate) fn finish(mut self) -> Result<()> {
        if let Some(name) = self.name.take() {
            if let Err(e) = self.conn.execute_batch(&format!("RELEASE {name}")) {
                let _ = self
                    .conn
                    .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"));
                return Err(e.into());
            }
        }
        Ok(())
    }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            let _ = self
                .conn
                .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"));
        }
    }
}
