//! The hub's SQLite store, one file for the whole regency: the only part of the hub that knows
//! rusqlite or holds SQL. [`SqliteStore`] implements [`HubStore`] over the plain functions of
//! a `&Connection` in the area modules (tests and the benchmark seed through those too).

pub mod accounts;
pub mod agencies;
mod audit;
pub mod backup;
pub mod briefs;
mod columns;
pub mod copy;
mod dashboard;
pub mod devices;
pub mod enrolments;
pub mod holidays;
pub mod impersonation_reports;
mod meta;
pub mod migrations;
mod regions;
mod releases;
pub mod summaries;
mod throttle;
pub mod users;

pub use migrations::LATEST_VERSION;

/// SQLite's errors are the store's own failure to the rest of the hub: the text is kept for
/// the log, the driver stays here.
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Store(e.to_string())
    }
}

use crate::account::{CheckedAccount, Handle};
use crate::agency::{AgencyCode, AgencyName};
use crate::brief::{CheckedFulfilment, NewBrief};
use crate::credentials::EnrolmentCode;
use crate::device::DeviceName;
use crate::error::Error;
use crate::impersonation::CheckedReport;
use crate::store::dashboard::{AgencyInfo, AgencyLine, DayFact, DayFigures, MonthCount};
use crate::store::HubStore;
use crate::summary::CheckedDay;
use medsos_protocol::{
    AccountListResult, AccountStates, Brief, BriefAttachment, DayResult, Holiday, OfficialAccount,
    Platform, ReportBatchResult,
};
use rusqlite::{Connection, OpenFlags};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use time::{Date, OffsetDateTime};

/// How long a write waits for another connection (the admin CLI while the server runs)
/// before it gives up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens the store at `path`, creating the file and its folder when absent, and migrates it.
pub fn open(path: &Path) -> Result<Connection, Error> {
    let fail = |detail: String| Error::StoreOpen {
        path: path.to_path_buf(),
        detail,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            fail(format!(
                "folder {} tidak dapat dibuat: {e}",
                parent.display()
            ))
        })?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| fail(e.to_string()))?;
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| fail(e.to_string()))?;

    // Read before writing anything, so a file from a newer hub is left exactly as it was.
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|e| fail(e.to_string()))?;
    if found > LATEST_VERSION as i64 {
        return Err(fail(format!(
            "berkas ini dibuat oleh Medsos Hub yang lebih baru (skema {found}, versi ini paling tinggi {LATEST_VERSION})"
        )));
    }

    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|e| fail(e.to_string()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(|e| fail(e.to_string()))?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| fail(e.to_string()))?;
    // 64 MB of page cache (the default is 2 MB): a year of 1,000 agencies' figures is about
    // 25 MB, and the dashboard reads all of it for a yearly overview.
    conn.pragma_update(None, "cache_size", -65536)
        .map_err(|e| fail(e.to_string()))?;
    migrations::migrations()
        .to_latest(&mut conn)
        .map_err(|e| fail(e.to_string()))?;
    Ok(conn)
}

/// The SQLite store as the server shares it between requests.
///
/// One writing connection behind a mutex (SQLite admits one writer at a time anyway) and,
/// when opened from a file, one read-only connection beside it for the dashboard's reads, so a
/// yearly overview (WAL lets readers and the writer work at once) never holds up the PCs'
/// uploads. Which connection a method uses is decided here, per method.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    reader: Option<Mutex<Connection>>,
}

impl SqliteStore {
    /// One connection for everything (the admin CLI; tests over a connection they built).
    pub fn from_connection(conn: Connection) -> Self {
        SqliteStore {
            conn: Mutex::new(conn),
            reader: None,
        }
    }

    /// Opens (see [`open`]) the store at `path`, with a read-only connection for the
    /// dashboard.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let writer = open(path)?;
        let fail = |e: rusqlite::Error| Error::StoreOpen {
            path: path.to_path_buf(),
            detail: e.to_string(),
        };
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(fail)?;
        reader.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        reader
            .pragma_update(None, "cache_size", -65536)
            .map_err(fail)?;
        Ok(SqliteStore {
            conn: Mutex::new(writer),
            reader: Some(Mutex::new(reader)),
        })
    }

    /// The writing connection.
    fn writer(&self) -> MutexGuard<'_, Connection> {
        // A panic in an earlier call poisons the mutex, but its transaction was rolled back
        // when dropped during unwinding, so the connection is still sound.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The reading connection (the writer when there is none). A write attempted on it fails:
    /// the connection is read-only.
    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader
            .as_ref()
            .unwrap_or(&self.conn)
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
impl HubStore for SqliteStore {
    fn meta(&self) -> &dyn crate::store::MetaStore {
        self
    }

    fn releases(&self) -> &dyn crate::store::ReleaseStore {
        self
    }

    fn ping(&self) -> Result<(), Error> {
        dashboard::ping(&self.writer())
    }

    fn add_region(
        &self,
        code: &crate::region::RegionCode,
        name: &crate::region::RegionName,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        regions::add(&self.writer(), code, name, now)
    }

    fn regions(&self) -> Result<Vec<crate::store::regions::ListedRegion>, Error> {
        regions::list(&self.reader())
    }

    fn add_agency_in(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        region: Option<&crate::region::RegionCode>,
        now: OffsetDateTime,
    ) -> Result<crate::store::agencies::NewAgency, Error> {
        agencies::add_in(&mut self.writer(), code, name, region, now)
    }

    fn agencies(&self) -> Result<Vec<crate::store::agencies::ListedAgency>, Error> {
        agencies::list(&self.writer())
    }

    fn agency_id(&self, code: &AgencyCode) -> Result<i64, Error> {
        agencies::find_id(&self.writer(), code)
    }

    fn revoke_agency(&self, code: &AgencyCode, now: OffsetDateTime) -> Result<usize, Error> {
        agencies::revoke(&mut self.writer(), code, now)
    }

    fn issue_additional_code(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<crate::store::enrolments::IssuedCode, Error> {
        agencies::issue_additional_code(&mut self.writer(), code, now)
    }

    fn rotate_agency(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<(usize, crate::store::enrolments::IssuedCode), Error> {
        agencies::rotate(&mut self.writer(), code, now)
    }

    fn redeem_enrolment(
        &self,
        code: &EnrolmentCode,
        device: &DeviceName,
        installation_id: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<crate::store::enrolments::Enrolled, Error> {
        enrolments::redeem(&mut self.writer(), code, device, installation_id, now)
    }

    fn authenticate_device(
        &self,
        token_hash: &str,
    ) -> Result<Option<crate::store::devices::Presented>, Error> {
        devices::authenticate(&self.writer(), token_hash)
    }

    fn devices(&self, agency_id: i64) -> Result<Vec<crate::store::devices::DeviceInfo>, Error> {
        devices::list(&self.reader(), agency_id)
    }

    fn revoke_device(
        &self,
        device_id: i64,
        now: OffsetDateTime,
    ) -> Result<crate::store::devices::RevokedDevice, Error> {
        devices::revoke(&self.writer(), device_id, now)
    }

    fn ingest_summaries(
        &self,
        agency_id: i64,
        device_id: i64,
        days: &[CheckedDay],
        received_at: &str,
    ) -> Result<Vec<DayResult>, Error> {
        summaries::ingest(&mut self.writer(), agency_id, device_id, days, received_at)
    }

    fn summaries_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<crate::store::summaries::StoredSummary>, Error> {
        summaries::between(&self.writer(), from, to)
    }

    fn holiday_years(&self) -> Result<Vec<(i32, usize)>, Error> {
        holidays::years(&self.writer())
    }

    fn holidays_of_year(&self, year: i32) -> Result<Vec<Holiday>, Error> {
        holidays::for_year(&self.writer(), year)
    }

    fn replace_holiday_years(&self, found: &[Holiday]) -> Result<Vec<i32>, Error> {
        holidays::replace_years(&mut self.writer(), found)
    }

    fn holiday_days(&self) -> Result<HashSet<Date>, Error> {
        dashboard::holiday_days(&self.reader())
    }

    fn add_account(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<OfficialAccount, Error> {
        accounts::add(&mut self.writer(), code, platform, handle, verified, now)
    }

    fn add_account_refusing(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<(OfficialAccount, Vec<(String, String)>), Error> {
        accounts::add_refusing(&mut self.writer(), code, platform, handle, verified, now)
    }

    fn listed_owner(
        &self,
        platform: Platform,
        handle: &str,
    ) -> Result<Option<crate::store::accounts::ListedOwner>, Error> {
        accounts::listed_owner(&self.writer(), platform, handle)
    }

    fn approve_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<crate::store::accounts::Approved, Error> {
        accounts::approve(
            &mut self.writer(),
            platform,
            handle,
            agency,
            verified,
            actor,
            now,
        )
    }

    fn reject_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        accounts::reject(
            &mut self.writer(),
            platform,
            handle,
            agency,
            reason,
            actor,
            now,
        )
    }

    fn remove_account(
        &self,
        platform: Platform,
        handle: &str,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        accounts::remove(&mut self.writer(), platform, handle, reason, actor, now)
    }

    fn set_account_verified(
        &self,
        platform: Platform,
        handle: &str,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        accounts::set_verified(&mut self.writer(), platform, handle, verified, actor, now)
    }

    fn replace_synced_accounts(
        &self,
        agency_id: i64,
        device_id: i64,
        found: &[CheckedAccount],
        now: OffsetDateTime,
    ) -> Result<AccountListResult, Error> {
        accounts::replace_synced(&mut self.writer(), agency_id, device_id, found, now)
    }

    fn claimed_elsewhere(
        &self,
        agency_id: i64,
        platform: Platform,
        handle: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        accounts::claimed_elsewhere(&self.writer(), agency_id, platform, handle)
    }

    fn account_claims(&self) -> Result<Vec<crate::store::accounts::Claim>, Error> {
        accounts::claims(&self.reader())
    }

    fn agency_claims(&self, agency_id: i64) -> Result<Vec<crate::store::accounts::Claim>, Error> {
        accounts::agency_claims(&self.reader(), agency_id)
    }

    fn agency_account_states(&self, agency_id: i64) -> Result<AccountStates, Error> {
        accounts::agency_states(&self.reader(), agency_id)
    }

    fn public_registry(&self) -> Result<Vec<crate::store::accounts::PublicAgency>, Error> {
        accounts::public_registry(&self.reader())
    }

    fn registry_generation(&self) -> Result<i64, Error> {
        accounts::registry_generation(&self.reader())
    }

    fn account_history(
        &self,
        limit: u32,
    ) -> Result<Vec<crate::store::accounts::ListingEvent>, Error> {
        accounts::history(&self.reader(), limit)
    }

    fn accounts_awaiting_review(&self) -> Result<i64, Error> {
        accounts::count_awaiting_review(&self.reader())
    }

    fn listed_accounts(&self) -> Result<Vec<crate::store::accounts::ListedAccount>, Error> {
        accounts::listed(&self.reader())
    }

    fn upsert_impersonation_reports(
        &self,
        agency_id: i64,
        reports: &[CheckedReport],
        now: OffsetDateTime,
    ) -> Result<ReportBatchResult, Error> {
        impersonation_reports::upsert(&mut self.writer(), agency_id, reports, now)
    }

    fn impersonation_reports(
        &self,
        filter: &crate::store::impersonation_reports::ReportFilter,
        limit: usize,
    ) -> Result<Vec<crate::store::impersonation_reports::ListedReport>, Error> {
        impersonation_reports::list(&self.reader(), filter, limit)
    }

    fn active_impersonation_reports(&self) -> Result<i64, Error> {
        impersonation_reports::count_active(&self.reader())
    }

    fn reporting_agencies(&self) -> Result<Vec<(String, String)>, Error> {
        dashboard::reporting_agencies(&self.reader())
    }

    fn create_brief(
        &self,
        brief: &NewBrief,
        targets: &[i64],
        attachments: &[crate::store::briefs::NewAttachment],
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        briefs::create(&mut self.writer(), brief, targets, attachments, now)
    }

    fn brief_agency_ids(&self, codes: &[AgencyCode]) -> Result<Vec<i64>, Error> {
        briefs::agency_ids(&self.writer(), codes)
    }

    fn briefs_for_agency(&self, agency_id: i64, since: &str) -> Result<Vec<Brief>, Error> {
        briefs::for_agency(&self.writer(), agency_id, since)
    }

    fn brief_attachments(&self, brief_id: i64) -> Result<Vec<BriefAttachment>, Error> {
        briefs::attachments(&self.writer(), brief_id)
    }

    fn brief_attachment_file(
        &self,
        brief_id: i64,
        id: i64,
        agency_id: Option<i64>,
    ) -> Result<Option<crate::store::briefs::AttachmentFile>, Error> {
        briefs::attachment_file(&self.writer(), brief_id, id, agency_id)
    }

    fn record_fulfilments(
        &self,
        agency_id: i64,
        items: &[CheckedFulfilment],
        now: OffsetDateTime,
    ) -> Result<crate::store::briefs::Recorded, Error> {
        briefs::record_fulfilments(&mut self.writer(), agency_id, items, now)
    }

    fn brief_agency_choices(&self) -> Result<Vec<crate::store::briefs::AgencyChoice>, Error> {
        briefs::agency_choices(&self.writer())
    }

    fn briefs(&self, limit: usize) -> Result<Vec<crate::store::briefs::BriefSummary>, Error> {
        briefs::list(&self.writer(), limit)
    }

    fn brief_targets(
        &self,
        brief_id: i64,
    ) -> Result<Vec<crate::store::briefs::AgencyChoice>, Error> {
        briefs::targets(&self.writer(), brief_id)
    }

    fn brief_detail(&self, id: i64) -> Result<Option<crate::store::briefs::BriefDetail>, Error> {
        briefs::detail(&self.writer(), id)
    }

    fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        users::add(&self.writer(), username, display_name, password, now)
    }

    fn set_user_password(&self, username: &str, password: &str) -> Result<(), Error> {
        users::set_password(&mut self.writer(), username, password)
    }

    fn disable_user(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        users::disable(&mut self.writer(), username, now)
    }

    fn set_user_scope(&self, username: &str, scope: &crate::region::Scope) -> Result<(), Error> {
        users::set_scope(&self.writer(), username, scope)
    }

    fn add_officer(
        &self,
        officer: &crate::store::users::NewOfficer<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        users::add_officer(&mut self.writer(), officer, now)
    }

    fn set_user_role(&self, username: &str, role: crate::store::users::Role) -> Result<(), Error> {
        users::set_role(&mut self.writer(), username, role)
    }

    fn disable_officer(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        users::disable_officer(&mut self.writer(), username, now)
    }

    fn record_audit(
        &self,
        entry: &crate::store::audit::NewEntry<'_>,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        audit::record(&self.writer(), entry, now)
    }

    fn audit_log_before(
        &self,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<crate::store::audit::Entry>, Error> {
        audit::list(&self.reader(), before, limit)
    }

    fn find_user(&self, username: &str) -> Result<Option<crate::store::users::User>, Error> {
        users::find(&self.writer(), username)
    }

    fn users(&self) -> Result<Vec<crate::store::users::User>, Error> {
        users::list(&self.writer())
    }

    fn start_session(&self, user_id: i64, now: OffsetDateTime) -> Result<String, Error> {
        users::start_session(&self.writer(), user_id, now)
    }

    fn session(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Option<crate::store::users::Session>, Error> {
        users::session(&self.writer(), token, now)
    }

    fn end_session(&self, token: &str) -> Result<(), Error> {
        users::end_session(&self.writer(), token)
    }

    fn count_login_failure(
        &self,
        keys: &[String],
        now: OffsetDateTime,
        forget_before: OffsetDateTime,
        admit: crate::store::throttle::Admit<'_>,
    ) -> Result<bool, Error> {
        throttle::count(&mut self.writer(), keys, now, forget_before, admit)
    }

    fn touch_login_failures(&self, keys: &[String], now: OffsetDateTime) -> Result<(), Error> {
        throttle::touch(&self.writer(), keys, now)
    }

    fn give_back_login_failures(
        &self,
        forget: &[String],
        give_back: &[String],
    ) -> Result<(), Error> {
        throttle::give_back(&mut self.writer(), forget, give_back)
    }

    fn dashboard_settings(&self) -> Result<Vec<(String, String)>, Error> {
        dashboard::settings(&self.reader())
    }

    fn save_dashboard_settings(&self, entries: &[(&str, String)]) -> Result<(), Error> {
        dashboard::save_settings(&mut self.writer(), entries)
    }

    fn overview_agencies(&self) -> Result<Vec<AgencyLine>, Error> {
        dashboard::overview_agencies(&self.reader())
    }

    fn each_day_fact(
        &self,
        from: Date,
        to: Date,
        visit: &mut dyn FnMut(DayFact),
    ) -> Result<(), Error> {
        dashboard::each_day_fact(&self.reader(), from, to, visit)
    }

    fn agency_info(&self, code: &str) -> Result<Option<AgencyInfo>, Error> {
        dashboard::agency_info(&self.reader(), code)
    }

    fn agency_days(&self, agency_id: i64, from: Date, to: Date) -> Result<Vec<DayFigures>, Error> {
        dashboard::agency_days(&self.reader(), agency_id, from, to)
    }

    fn complaint_counts_in(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<MonthCount>, Error> {
        dashboard::complaint_counts(&self.reader(), dimension, from, to, region)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_creates_the_folder_and_a_migrated_file_in_wal_mode() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("data").join("hub.sqlite3");
        let conn = open(&path).expect("opens");
        assert!(path.exists());
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
        let foreign_keys: i64 = conn
            .pragma_query_value(None, "foreign_keys", |row| row.get(0))
            .expect("foreign_keys");
        assert_eq!(foreign_keys, 1);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .expect("user_version");
        assert_eq!(version, LATEST_VERSION as i64);
    }

    #[test]
    fn a_store_from_a_newer_hub_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hub.sqlite3");
        {
            let conn = Connection::open(&path).expect("plain sqlite");
            conn.pragma_update(None, "user_version", 99).expect("set");
        }
        let err = open(&path).expect_err("too new");
        assert!(err.to_string().contains("lebih baru"), "{err}");
        let conn = Connection::open(&path).expect("plain sqlite");
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "delete");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_reported_not_overwritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("hub.sqlite3");
        let text = "bukan basis data, catatan rapat ".repeat(100);
        std::fs::write(&path, &text).expect("write");
        assert!(matches!(open(&path), Err(Error::StoreOpen { .. })));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }
}
