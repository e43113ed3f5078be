//! One sync, split so the window never holds the store during network I/O:
//! [`prepare`] (store) -> [`HubClient::send`] (network, no store) -> [`apply`] or
//! [`record_failure`] (store). [`sync_all`] chains them, and everything else a sync does,
//! for every caller: the window's "Sinkronkan sekarang", its background thread and
//! `medsos-pd sync`. Each reaches the store through [`StoreAccess`]: the window locks it
//! for each step only, the command line holds the connection throughout.
//!
//! Exactly once per revision: a day is cleared only by the hub's acknowledgement of the
//! revision sent, and only if it did not change meanwhile ([`outbox::acknowledge`]). A lost
//! answer just means the same revision goes again, which the hub answers `unchanged`.
//!
//! After the summaries, the posts that answer Diskominfo's briefs go out
//! ([`send_fulfilments`]: store -> network -> store per batch), then the official accounts
//! and impersonation reports; then the hub's briefs and holidays come back, and last the
//! registry and what the hub says of this agency.

use super::briefs::{self, PendingFulfilment};
pub use super::briefs::{briefs_for, store_briefs, LocalBrief};
use super::client::{HubClient, SendError};
pub use super::history::{history, record_failure, SyncLogEntry};
use super::history::{log, LAST_ERROR_AT_KEY, LAST_ERROR_KEY};
use super::hub::{load_credentials, save_credentials, Credentials};
use super::outbox::{self, PendingDay};
pub use super::store_access::StoreAccess;
use super::summary;
use crate::calendar::wib;
use crate::clock::{to_stored, Clock, WIB};
use crate::error::{Error, Result};
use crate::settings::{get_value, set_value};
use medsos_protocol::{AccountList, ImpersonationReportBatch, MAX_REPORTS_PER_BATCH};
use medsos_protocol::{
    DayOutcome, FulfilmentBatch, FulfilmentBatchResult, HolidayList, SummaryBatch,
    SummaryBatchResult, MAX_FULFILMENTS_PER_BATCH, SCHEMA_VERSION,
};
use medsos_rules::workdays::{Holiday, MAX_HOLIDAY_NAME_CHARS};
use rusqlite::params;
pub use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// At most this many days go in one request (the budget; the hub takes up to 60).
pub const MAX_DAYS_PER_SYNC: u32 = 30;
/// How many days back a newly enrolled PC sends first.
pub const BACKFILL_DAYS: i64 = 30;

const LAST_SUCCESS_KEY: &str = "sync.last_success_at";
/// The path of the Diskominfo CA file given at enrolment, if any.
const CA_FILE_KEY: &str = "sync.ca_file";

/// A batch built from the store, with the outbox rows it answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub batch: SummaryBatch,
    pub sent: Vec<PendingDay>,
}

/// What [`apply`] did with the hub's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct Applied {
    /// Days now clear.
    pub acknowledged: u32,
    /// Days that must go again (changed during the send, or the hub held a higher revision).
    pub still_pending: u32,
}

/// What Laporan & Sinkron shows at the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub enrolled: bool,
    pub hub_url: Option<String>,
    #[ts(type = "number | null")]
    pub agency_id: Option<i64>,
    /// UTC, RFC 3339.
    pub last_success_at: Option<String>,
    pub pending_days: u32,
    /// The last failure in plain words; cleared by the next successful sync.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// "Kinerja menurut Diskominfo", as the hub sent it at the last sync.
    pub kinerja: Option<super::hub_view::KinerjaView>,
}

/// What [`sync_all`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SyncReport {
    /// The days sent, as "YYYY-MM-DD rN", in the order sent.
    pub sent: Vec<String>,
    pub acknowledged: u32,
    /// Days still pending at the end.
    pub pending_days: u32,
    /// The failure that stopped the sync, in plain words.
    pub error: Option<String>,
    /// Holidays received from the hub and applied.
    pub holidays_imported: u32,
    /// Brief fulfilments the hub now holds.
    pub fulfilments_sent: u32,
    /// The official-account list went to the hub.
    pub accounts_sent: bool,
    /// Reports of impersonating accounts the hub now holds.
    pub reports_sent: u32,
    /// Slots the hub published on Meta, now marked terbit here.
    pub meta_published: u32,
    /// Slots handed to the hub to publish at their time.
    pub meta_handed_over: u32,
    /// New comments from Meta in Komentar masuk.
    pub comments_received: u32,
}

/// The pending days, oldest first (at most `max_days`, capped at [`MAX_DAYS_PER_SYNC`]),
/// with their summaries; `None` when nothing is pending.
pub fn prepare(conn: &Connection, clock: &dyn Clock, max_days: u32) -> Result<Option<Prepared>> {
    let limit = max_days.clamp(1, MAX_DAYS_PER_SYNC);
    let today = wib::format_day(wib::today(clock.now()));
    // One transaction: the summaries and change counters agree with each other, and the
    // revisions about to go out are recorded before they leave.
    let tx = crate::store::savepoint(conn)?;
    outbox::mark_unfinished_days(&tx, &today)?;
    let sent = outbox::pending_until(&tx, &today, limit)?;
    if sent.is_empty() {
        tx.finish()?;
        return Ok(None);
    }
    outbox::mark_attempted(&tx, &sent)?;
    let days = sent
        .iter()
        .map(|d| summary::build(&tx, clock, &d.day, d.revision))
        .collect::<Result<Vec<_>>>()?;
    tx.finish()?;
    Ok(Some(Prepared {
        batch: SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days,
        },
        sent,
    }))
}

fn outcome_word(outcome: DayOutcome) -> &'static str {
    match outcome {
        DayOutcome::Stored => "disimpan",
        DayOutcome::Replaced => "menggantikan revisi lama",
        DayOutcome::Unchanged => "sudah ada",
        DayOutcome::IgnoredOlder => "hub memegang revisi lebih baru",
    }
}

fn day_list(days: &[PendingDay]) -> String {
    days.iter()
        .map(|d| format!("{} r{}", d.day, d.revision))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records the hub's answer to `prepared`: each day the hub stored, replaced or already
/// had is acknowledged; a day the hub holds at a higher revision moves above that revision
/// and stays pending. Logs a `kirim` line and the time of success.
pub fn apply(
    conn: &Connection,
    clock: &dyn Clock,
    prepared: &Prepared,
    result: &SummaryBatchResult,
) -> Result<Applied> {
    let tx = crate::store::savepoint(conn)?;
    let mut applied = Applied::default();
    let mut words = Vec::new();
    for sent in &prepared.sent {
        let answer = result.results.iter().find(|r| {
            r.day == sent.day
                && (r.revision == sent.revision || r.outcome == DayOutcome::IgnoredOlder)
        });
        match answer {
            Some(r) if r.outcome != DayOutcome::IgnoredOlder => {
                if outbox::acknowledge(&tx, clock, sent)? {
                    applied.acknowledged += 1;
                } else {
                    applied.still_pending += 1;
                }
                words.push(format!(
                    "{} r{}: {}",
                    sent.day,
                    sent.revision,
                    outcome_word(r.outcome)
                ));
            }
            Some(r) => {
                tx.execute(
                    "UPDATE sync_days SET revision = MAX(revision, ?2 + 1), pending = 1
                     WHERE day = ?1",
                    params![sent.day, r.revision],
                )?;
                applied.still_pending += 1;
                words.push(format!(
                    "{} r{}: {} (r{}), dikirim lagi sebagai r{}",
                    sent.day,
                    sent.revision,
                    outcome_word(r.outcome),
                    r.revision,
                    r.revision.max(sent.revision).saturating_add(1)
                ));
            }
            None => {
                applied.still_pending += 1;
                words.push(format!(
                    "{} r{}: tidak dijawab hub",
                    sent.day, sent.revision
                ));
            }
        }
    }
    log(
        &tx,
        clock,
        "kirim",
        &day_list(&prepared.sent),
        &format!(
            "{} hari diterima hub. {}",
            applied.acknowledged,
            words.join("; ")
        ),
    )?;
    if applied.acknowledged > 0 {
        set_value(&tx, LAST_SUCCESS_KEY, &to_stored(clock.now()))?;
    }
    tx.execute(
        "DELETE FROM settings WHERE key IN (?1, ?2)",
        params![LAST_ERROR_KEY, LAST_ERROR_AT_KEY],
    )?;
    tx.finish()?;
    Ok(applied)
}

/// Days waiting to go out now: from 2020 up to today (WIB); days still to come are not
/// counted until they begin.
fn pending_count(conn: &Connection, today: &str) -> Result<u32> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sync_days WHERE pending = 1 AND day >= ?1 AND day <= ?2",
        [outbox::FIRST_DAY, today],
        |r| r.get(0),
    )?;
    Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
}

/// The status line of Laporan & Sinkron. The token is never part of it.
pub fn status(conn: &Connection, data_dir: &Path) -> Result<SyncStatus> {
    let credentials = load_credentials(data_dir)?;
    Ok(SyncStatus {
        enrolled: credentials.is_some(),
        hub_url: credentials.as_ref().map(|c| c.hub_url.clone()),
        agency_id: credentials.as_ref().map(|c| c.agency_id),
        last_success_at: get_value(conn, LAST_SUCCESS_KEY)?,
        // The status line has no clock of its own: the PC's date, in WIB.
        pending_days: pending_count(
            conn,
            &wib::format_day(wib::today(time::OffsetDateTime::now_utc())),
        )?,
        last_error: get_value(conn, LAST_ERROR_KEY)?,
        last_error_at: get_value(conn, LAST_ERROR_AT_KEY)?,
        kinerja: super::hub_view::kinerja(conn)?,
    })
}

/// The CA file remembered at enrolment.
pub fn ca_file(conn: &Connection) -> Result<Option<PathBuf>> {
    Ok(get_value(conn, CA_FILE_KEY)?
        .filter(|p| !p.is_empty())
        .map(PathBuf::from))
}

/// A client for the enrolled hub.
pub fn client_for(conn: &Connection, credentials: &Credentials) -> Result<HubClient> {
    HubClient::new(&credentials.hub_url, ca_file(conn)?.as_deref())
}

const INSTALLATION_KEY: &str = "sync.installation_id";

/// The id of this store, made once (a random UUID) and kept in it, so it travels with a
/// restored backup. The hub uses it to tell a PC enrolled again from a new one.
pub fn installation_id(conn: &Connection) -> Result<String> {
    if let Some(id) = get_value(conn, INSTALLATION_KEY)? {
        return Ok(id);
    }
    let id: String = conn.query_row(
        "SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
                substr(hex(randomblob(2)), 2) || '-' ||
                substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
                hex(randomblob(6)))",
        [],
        |row| row.get(0),
    )?;
    set_value(conn, INSTALLATION_KEY, &id)?;
    Ok(id)
}

/// Enrols this PC: trades the code for a token, saves the credentials outside the store,
/// logs `daftar`, and marks the last [`BACKFILL_DAYS`] days that have data so the first
/// sync sends recent history.
pub fn enrol_and_save(
    conn: &Connection,
    clock: &dyn Clock,
    data_dir: &Path,
    hub_url: &str,
    code: &str,
    device_name: &str,
    ca_file: Option<&Path>,
) -> Result<Credentials> {
    let installation = installation_id(conn)?;
    let credentials = super::client::enrol(
        clock,
        hub_url,
        code,
        device_name,
        Some(&installation),
        ca_file,
    )?;
    save_enrolment(conn, clock, data_dir, &credentials, ca_file)?;
    Ok(credentials)
}

/// The store half of [`enrol_and_save`]: the window enrols over the network without the
/// store locked, then records the result with this.
pub fn save_enrolment(
    conn: &Connection,
    clock: &dyn Clock,
    data_dir: &Path,
    credentials: &Credentials,
    ca_file: Option<&Path>,
) -> Result<()> {
    save_credentials(data_dir, credentials)?;
    let today = wib::today(clock.now());
    let from = today - time::Duration::days(BACKFILL_DAYS);
    // backfill runs its own transaction.
    let marked = outbox::backfill(conn, &wib::format_day(from), &wib::format_day(today))?;
    let tx = crate::store::savepoint(conn)?;
    // A store restored from a backup asked to be enrolled again; now it is.
    crate::backup::clear_restored(&tx)?;
    set_value(
        &tx,
        CA_FILE_KEY,
        &ca_file.map(|p| p.display().to_string()).unwrap_or_default(),
    )?;
    log(
        &tx,
        clock,
        "daftar",
        "",
        &format!(
            "PC \"{}\" terdaftar di {} (instansi nomor {}). {} hari dari {} hari terakhir disiapkan untuk dikirim.",
            credentials.device_name, credentials.hub_url, credentials.agency_id, marked, BACKFILL_DAYS
        ),
    )?;
    tx.finish()?;
    Ok(())
}

/// This year's and next year's holiday lists the hub has (a year it does not have is
/// skipped). Fetched without the store; [`import_holidays`] applies them.
pub fn fetch_holidays(
    clock: &dyn Clock,
    client: &HubClient,
) -> std::result::Result<Vec<HolidayList>, String> {
    let year = clock.now().to_offset(WIB).year();
    let mut lists = Vec::new();
    for year in [year, year + 1] {
        if let Some(list) = client.holidays(year).map_err(|e| e.to_string())? {
            if !list.holidays.is_empty() {
                lists.push(list);
            }
        }
    }
    Ok(lists)
}

/// Replaces each year's holidays with the hub's lists and recomputes the deadlines of open
/// complaints. Answers how many days were imported.
pub fn import_holidays(
    conn: &mut Connection,
    clock: &dyn Clock,
    lists: &[HolidayList],
) -> Result<u32> {
    let mut imported = 0;
    for list in lists {
        let holidays = holidays_from_hub(list).map_err(|why| {
            Error::invalid(
                "holidays",
                format!(
                    "Hari libur {} dari hub tidak dapat dipakai: {why}",
                    list.year
                ),
            )
        })?;
        imported += crate::calendar::replace_holidays(conn, &holidays)? as u32;
    }
    if imported > 0 {
        crate::complaints::recompute_open_deadlines(conn, clock)?;
    }
    Ok(imported)
}

/// Reads one year's list from the hub into typed holidays, with the checks a CSV file gets:
/// a real date, a known kind, a one-line name, no date twice, not empty.
fn holidays_from_hub(list: &HolidayList) -> std::result::Result<Vec<Holiday>, String> {
    if list.holidays.is_empty() {
        return Err("daftarnya kosong.".to_owned());
    }
    let mut seen = std::collections::HashSet::new();
    list.holidays
        .iter()
        .map(|h| {
            let day = wib::parse_day("holidays", &h.day)
                .map_err(|_| format!("tanggal {} tidak valid.", h.day))?;
            if !seen.insert(day) {
                return Err(format!("tanggal {} tercantum dua kali.", h.day));
            }
            Holiday::new(day, h.kind, &h.name).map_err(|_| {
                format!(
                    "keterangan {} wajib diisi, satu baris, paling banyak {MAX_HOLIDAY_NAME_CHARS} karakter.",
                    h.day
                )
            })
        })
        .collect()
}

/// What [`send_fulfilments`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FulfilmentsOutcome {
    /// Fulfilments the hub now holds (new or already held).
    pub sent: u32,
    /// Fulfilments the hub refused for good; kept with the reason, not sent again.
    pub rejected: u32,
    /// The failure that stopped the sending, already in the sync history.
    pub error: Option<String>,
}

/// Records the hub's answer to a batch of fulfilments: marks them sent and logs a `kirim`
/// line.
pub fn apply_fulfilments(
    conn: &Connection,
    clock: &dyn Clock,
    sent: &[PendingFulfilment],
    result: &FulfilmentBatchResult,
) -> Result<()> {
    briefs::mark_fulfilments_sent(conn, clock, sent)?;
    log(
        conn,
        clock,
        "kirim",
        "",
        &format!(
            "{} unggahan yang menjawab arahan Diskominfo dikirim: {} baru dicatat hub, {} sudah ada.",
            sent.len(),
            result.recorded,
            result.unchanged
        ),
    )
}

/// The hub refused a fulfilment in the batch (not the request as a whole): 422 with a
/// `fulfilment.*` code, e.g. an unknown brief, a URL it does not accept, a day out of range.
/// Sending it again unchanged would not help.
fn is_item_rejection(error: &SendError) -> bool {
    match error {
        SendError::Permanent {
            status: Some(422),
            code,
            ..
        } => code.as_deref().is_none_or(|c| c.starts_with("fulfilment.")),
        _ => false,
    }
}

/// Sends every unsent fulfilment, [`MAX_FULFILMENTS_PER_BATCH`] at a time, after the
/// summaries. A batch the hub refuses item by item is sent again one by one, so one refused
/// fulfilment is set aside (with the hub's reason) without holding up the rest. Any other
/// failure (an older hub without the endpoint, the network) stops the sending, is recorded
/// in the history like every failure, and leaves the fulfilments for the next sync; it does
/// not undo or block the summaries already sent.
pub fn send_fulfilments(
    store: &impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    token: &str,
    attempts: u32,
) -> FulfilmentsOutcome {
    let mut outcome = FulfilmentsOutcome::default();
    let fail = |outcome: &mut FulfilmentsOutcome, message: String| {
        let message = format!("Laporan pemenuhan arahan gagal dikirim: {message}");
        let _ = store.with_conn(|c| record_failure(c, clock, &message));
        outcome.error = Some(message);
    };
    // Bounded: every round either clears its batch or stops.
    for _ in 0..1_000 {
        let batch =
            match store.with_conn(|c| briefs::pending_fulfilments(c, MAX_FULFILMENTS_PER_BATCH)) {
                Ok(b) if b.is_empty() => break,
                Ok(b) => b,
                Err(message) => {
                    fail(&mut outcome, message);
                    break;
                }
            };
        let wire = FulfilmentBatch {
            fulfilments: batch.iter().map(|f| f.fulfilment.clone()).collect(),
        };
        match client.send_fulfilments(token, &wire, attempts) {
            Ok(result) => {
                if let Err(message) =
                    store.with_conn(|c| apply_fulfilments(c, clock, &batch, &result))
                {
                    fail(&mut outcome, message);
                    break;
                }
                outcome.sent += batch.len() as u32;
            }
            Err(error) if is_item_rejection(&error) => {
                for item in &batch {
                    let one = FulfilmentBatch {
                        fulfilments: vec![item.fulfilment.clone()],
                    };
                    match client.send_fulfilments(token, &one, attempts) {
                        Ok(result) => {
                            let single = std::slice::from_ref(item);
                            if let Err(message) =
                                store.with_conn(|c| apply_fulfilments(c, clock, single, &result))
                            {
                                fail(&mut outcome, message);
                                return outcome;
                            }
                            outcome.sent += 1;
                        }
                        Err(error) if is_item_rejection(&error) => {
                            let reason = format!(
                                "Hub menolak unggahan {} untuk arahan nomor {}: {}",
                                item.fulfilment.url,
                                item.fulfilment.brief_id,
                                error.message()
                            );
                            let recorded = store.with_conn(|c| {
                                briefs::mark_fulfilment_rejected(c, item.id, error.message())?;
                                record_failure(c, clock, &reason)
                            });
                            if let Err(message) = recorded {
                                fail(&mut outcome, message);
                                return outcome;
                            }
                            outcome.rejected += 1;
                            outcome.error = Some(reason);
                        }
                        Err(error) => {
                            fail(&mut outcome, fulfilment_error_text(&error));
                            return outcome;
                        }
                    }
                }
            }
            Err(error) => {
                fail(&mut outcome, fulfilment_error_text(&error));
                break;
            }
        }
    }
    outcome
}

fn fulfilment_error_text(error: &SendError) -> String {
    match error {
        SendError::Retryable { message, .. } => {
            format!("{message} Unggahan yang menjawab arahan akan dikirim pada sinkron berikutnya.")
        }
        SendError::Permanent { message, .. } => message.clone(),
    }
}

/// What [`send_accounts_and_reports`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountsOutcome {
    /// The account list went and the hub holds it.
    pub accounts_sent: bool,
    /// Accounts another agency also claims, as the hub answered.
    pub conflicts: u32,
    /// Reports the hub now holds in their latest version.
    pub reports_sent: u32,
    /// The failures (already in the history), in plain words.
    pub errors: Vec<String>,
}

/// Sends the official-account list when it changed since the hub last acknowledged it, then
/// every report of an impersonating account changed since it was last sent,
/// [`MAX_REPORTS_PER_BATCH`] at a time. Runs after the summaries and never in their way: an
/// older hub (404/405), a refusal (422) or the network is recorded in the history like the
/// other failures, and the rows wait for the next sync.
pub fn send_accounts_and_reports(
    store: &impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    token: &str,
    attempts: u32,
) -> AccountsOutcome {
    let mut outcome = AccountsOutcome::default();
    let fail = |outcome: &mut AccountsOutcome, message: String| {
        let _ = store.with_conn(|c| record_failure(c, clock, &message));
        outcome.errors.push(message);
    };
    match store.with_conn(crate::accounts::accounts_to_send) {
        Ok(Some(pending)) => {
            let list = AccountList {
                accounts: pending.accounts.clone(),
            };
            match client.send_accounts(token, &list, attempts) {
                Ok(result) => {
                    let recorded = store.with_conn(|c| {
                        crate::accounts::mark_accounts_sent(
                            c,
                            clock,
                            pending.change_seq,
                            &result.conflicts,
                        )?;
                        let mut detail = format!(
                            "Daftar {} akun resmi dikirim; hub mencatat {}.",
                            list.accounts.len(),
                            result.accepted
                        );
                        for conflict in &result.conflicts {
                            detail.push_str(&format!(
                                " @{} juga didaftarkan oleh {} ({}); Diskominfo akan memeriksa.",
                                conflict.handle,
                                conflict.other_agency_name,
                                conflict.other_agency_code
                            ));
                        }
                        log(c, clock, "kirim", "", &detail)
                    });
                    match recorded {
                        Ok(()) => {
                            outcome.accounts_sent = true;
                            outcome.conflicts = result.conflicts.len() as u32;
                        }
                        Err(message) => fail(&mut outcome, message),
                    }
                }
                Err(error) => fail(
                    &mut outcome,
                    format!(
                        "Daftar akun resmi gagal dikirim: {}",
                        waiting_text(&error, "Daftar akun")
                    ),
                ),
            }
        }
        Ok(None) => {}
        Err(message) => fail(&mut outcome, message),
    }
    // Every changed report, with the version read now; sent MAX_REPORTS_PER_BATCH at a
    // time. A batch the hub refuses (422) goes again one by one, so one report it will not
    // take (logged, kept for the next sync) does not hold back the others.
    let pending = match store.with_conn(|c| crate::accounts::reports_to_send(c, 1 << 30)) {
        Ok(p) => p,
        Err(message) => {
            fail(&mut outcome, message);
            return outcome;
        }
    };
    let items: Vec<_> = pending.reports.into_iter().zip(pending.versions).collect();
    let send = |chunk: &[(medsos_protocol::ImpersonationReport, (String, i64))]| {
        let wire = ImpersonationReportBatch {
            reports: chunk.iter().map(|(r, _)| r.clone()).collect(),
        };
        let versions: Vec<(String, i64)> = chunk.iter().map(|(_, v)| v.clone()).collect();
        client.send_reports(token, &wire, attempts).map(|result| {
            store.with_conn(|c| {
                crate::accounts::mark_reports_sent(c, &versions)?;
                log(
                    c,
                    clock,
                    "kirim",
                    "",
                    &format!(
                        "{} laporan akun palsu dikirim: {} baru, {} diperbarui, {} sudah ada.",
                        wire.reports.len(),
                        result.recorded,
                        result.updated,
                        result.unchanged
                    ),
                )
            })
        })
    };
    let send_error = |error: &SendError| {
        format!(
            "Laporan akun palsu gagal dikirim: {}",
            waiting_text(error, "Laporan akun palsu")
        )
    };
    'batches: for chunk in items.chunks(MAX_REPORTS_PER_BATCH) {
        match send(chunk) {
            Ok(Ok(())) => outcome.reports_sent += chunk.len() as u32,
            Ok(Err(message)) => {
                fail(&mut outcome, message);
                break;
            }
            Err(SendError::Permanent {
                status: Some(422), ..
            }) if chunk.len() > 1 => {
                for one in chunk.chunks(1) {
                    match send(one) {
                        Ok(Ok(())) => outcome.reports_sent += 1,
                        Ok(Err(message)) => {
                            fail(&mut outcome, message);
                            break 'batches;
                        }
                        Err(
                            error @ SendError::Permanent {
                                status: Some(422), ..
                            },
                        ) => {
                            let message = format!(
                                "Hub menolak laporan akun palsu @{}: {} Laporan itu tetap tersimpan; periksa isinya.",
                                one[0].0.handle,
                                error.message()
                            );
                            fail(&mut outcome, message);
                        }
                        Err(error) => {
                            fail(&mut outcome, send_error(&error));
                            break 'batches;
                        }
                    }
                }
            }
            Err(error) => {
                fail(&mut outcome, send_error(&error));
                break;
            }
        }
    }
    outcome
}

fn waiting_text(error: &SendError, what: &str) -> String {
    match error {
        SendError::Retryable { message, .. } => {
            format!("{message} {what} akan dikirim pada sinkron berikutnya.")
        }
        SendError::Permanent { message, .. } => {
            format!("{message} {what} tetap tersimpan dan dikirim lagi pada sinkron berikutnya.")
        }
    }
}

/// Fetches the regency registry (public) and keeps it for Cek akun. A failure is recorded
/// in the history and answered in words; the cached registry stays.
pub fn refresh_registry(
    store: &impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    attempts: u32,
) -> std::result::Result<usize, String> {
    match client.registry(attempts) {
        Ok(registry) => {
            let accounts = registry.agencies.iter().map(|a| a.accounts.len()).sum();
            store.with_conn(|c| crate::accounts::store_registry(c, clock, &registry))?;
            Ok(accounts)
        }
        Err(error) => {
            let message = format!("Registri akun resmi gagal diunduh: {}", error.message());
            let _ = store.with_conn(|c| record_failure(c, clock, &message));
            Err(message)
        }
    }
}

/// The one sync, for every caller: the window's "Sinkronkan sekarang" and background thread
/// (through a store locked for each step) and `medsos-pd sync` (holding the connection).
/// Loads this PC's credentials and the client for its hub, then runs [`sync_with`]. A PC
/// not enrolled is answered in words and nothing is recorded.
pub fn sync_all(
    store: &mut impl StoreAccess,
    clock: &dyn Clock,
    data_dir: &Path,
    attempts: u32,
) -> std::result::Result<SyncReport, String> {
    let credentials = load_credentials(data_dir)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            "PC ini belum terdaftar di hub. Daftarkan dulu dengan kode dari Diskominfo.".to_string()
        })?;
    let client = store.with_conn(|c| client_for(c, &credentials))?;
    sync_with(store, clock, &client, &credentials.token, attempts)
}

/// [`sync_all`] with a given client (tests shorten its backoff). The store is reached for
/// each step only, never while the network is in use. In order:
///
/// 1. Every pending day, [`MAX_DAYS_PER_SYNC`] at a time, oldest first, until nothing is
///    pending. A day the hub holds at a higher revision (or that changed during the send)
///    goes again in the same sync, one revision up; the rounds are bounded (the pending
///    days' batches plus four) so a hub that never acknowledges cannot keep the sync going.
///    A send that fails (after `attempts` tries with backoff) stops the whole sync: nothing
///    else goes before the summaries.
/// 2. The brief fulfilments, then the official accounts and impersonation reports. Their
///    failures are recorded and reported and stop nothing else.
/// 3. The hub's briefs, then its holidays (a failure of either is recorded and reported;
///    the holidays wait for the briefs).
/// 4. The registry for Cek akun and what the hub says of this agency; failures recorded,
///    nothing waits on them.
///
/// Every failure is in the history (`gagal`) and in [`SyncReport::error`]; the first one
/// in that order is the one reported. A failure of the local store ends the sync: it is
/// recorded if the store still takes it, and answered as the error.
pub fn sync_with(
    store: &mut impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    token: &str,
    attempts: u32,
) -> std::result::Result<SyncReport, String> {
    let mut report = SyncReport::default();
    let today = wib::format_day(wib::today(clock.now()));
    // Each round clears or bumps every day it sends; a day bumped by ignored_older goes
    // out once more. The bound stops a hub that never acknowledges from looping forever.
    let mut rounds = store
        .with_conn(|c| pending_count(c, &today))
        .map_err(|m| store_failed(&*store, clock, m))?
        / MAX_DAYS_PER_SYNC
        + 4;
    while rounds > 0 {
        rounds -= 1;
        let prepared = store
            .with_conn(|c| prepare(c, clock, MAX_DAYS_PER_SYNC))
            .map_err(|m| store_failed(&*store, clock, m))?;
        let Some(prepared) = prepared else {
            break;
        };
        match client.send(token, &prepared.batch, attempts) {
            Ok(result) => {
                let applied = store
                    .with_conn(|c| apply(c, clock, &prepared, &result))
                    .map_err(|m| store_failed(&*store, clock, m))?;
                report.sent.extend(
                    prepared
                        .sent
                        .iter()
                        .map(|d| format!("{} r{}", d.day, d.revision)),
                );
                report.acknowledged += applied.acknowledged;
            }
            Err(error) => {
                let message = error_text(&error);
                store.with_conn(|c| record_failure(c, clock, &message))?;
                report.error = Some(message);
                break;
            }
        }
    }
    if report.error.is_none() {
        // After the summaries, and never in their way.
        let fulfilments = send_fulfilments(&*store, clock, client, token, attempts);
        report.fulfilments_sent = fulfilments.sent;
        let accounts = send_accounts_and_reports(&*store, clock, client, token, attempts);
        report.accounts_sent = accounts.accounts_sent;
        report.reports_sent = accounts.reports_sent;
        let mut later_error = fulfilments.error.or(accounts.errors.into_iter().next());

        match client.briefs(token) {
            Ok(list) => {
                store
                    .with_conn(|c| store_briefs(c, clock, &list))
                    .map_err(|m| store_failed(&*store, clock, m))?;
            }
            Err(error) => {
                let message = format!("Brief konten gagal diambil: {}", error_text(&error));
                store.with_conn(|c| record_failure(c, clock, &message))?;
                report.error = Some(message);
            }
        }
        if report.error.is_none() {
            // Fetched without the store, applied with it.
            let imported = fetch_holidays(clock, client)
                .and_then(|lists| store.with_conn_mut(|c| import_holidays(c, clock, &lists)));
            match imported {
                Ok(n) => report.holidays_imported = n,
                // The summaries went through; a holiday problem is reported, not fatal.
                Err(message) => {
                    let message = format!("Hari libur gagal diambil dari hub: {message}");
                    store.with_conn(|c| record_failure(c, clock, &message))?;
                    report.error = Some(message);
                }
            }
        }
        // Last, the registry for Cek akun (public) and what the hub says of this agency
        // (its accounts' standing, its kinerja and targets).
        if let Err(message) = refresh_registry(&*store, clock, client, attempts) {
            later_error.get_or_insert(message);
        }
        if let Err(message) = super::hub_view::refresh(&*store, clock, client, token, attempts) {
            later_error.get_or_insert(message);
        }
        // Terhubung ke Meta, last: publication states back, slots out, comments in.
        let meta = super::meta_sync::exchange(store, clock, client, token, attempts);
        report.meta_published = meta.published;
        report.meta_handed_over = meta.handed_over;
        report.comments_received = meta.comments_received;
        if let Some(message) = meta.error {
            let message = format!("Terhubung ke Meta: {message}");
            store.with_conn(|c| record_failure(c, clock, &message))?;
            later_error.get_or_insert(message);
        }
        if report.error.is_none() {
            report.error = later_error;
        }
    }
    report.pending_days = store
        .with_conn(|c| pending_count(c, &today))
        .map_err(|m| store_failed(&*store, clock, m))?;
    Ok(report)
}

/// A failure of the local store ends the sync: recorded in the history when the store
/// still takes it, and answered in words.
fn store_failed(store: &impl StoreAccess, clock: &dyn Clock, message: String) -> String {
    let _ = store.with_conn(|c| record_failure(c, clock, &message));
    message
}

fn error_text(error: &SendError) -> String {
    match error {
        SendError::Retryable { message, .. } => {
            format!("{message} Hari yang belum terkirim akan dikirim pada sinkron berikutnya.")
        }
        SendError::Permanent { message, .. } => message.clone(),
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
