//! What the handlers, the dashboard and the admin CLI may ask of the store, in the hub's own
//! types and errors (see the `store` module doc for why it blocks). Implemented by
//! `SqliteStore`; shared between requests as `Store`.

use super::dashboard::{
    AgencyInfo, AgencyLine, AgencyTotals, DayFact, DayFigures, MonthCount, TrendBuckets,
};
use super::{accounts, agencies, audit, briefs, devices, enrolments, impersonation_reports};
use super::{regions, summaries, users};
use crate::account::{CheckedAccount, Handle};
use crate::agency::{AgencyCode, AgencyName};
use crate::brief::{CheckedFulfilment, NewBrief};
use crate::credentials::EnrolmentCode;
use crate::device::DeviceName;
use crate::error::Error;
use crate::impersonation::CheckedReport;
use crate::region::{RegionCode, RegionName, Scope};
use crate::summary::CheckedDay;
use medsos_protocol::{
    AccountListResult, AccountStates, Brief, BriefAttachment, DayResult, Holiday, OfficialAccount,
    Platform, ReportBatchResult,
};
use std::collections::HashSet;
use time::{Date, OffsetDateTime};

/// Everything the hub keeps, by area. See the module doc for why it blocks.
pub trait HubStore: Send + Sync {
    /// The Meta connection's part of the store.
    fn meta(&self) -> &dyn super::MetaStore;

    /// App releases and the version each PC runs.
    fn releases(&self) -> &dyn super::ReleaseStore;

    /// Answers when the store can run a query (`/healthz`).
    fn ping(&self) -> Result<(), Error>;

    // Regions.
    /// Registers a province, or a regency or city of a registered province. A code already
    /// registered is refused.
    fn add_region(
        &self,
        code: &RegionCode,
        name: &RegionName,
        now: OffsetDateTime,
    ) -> Result<(), Error>;
    /// Every region by code, with its agencies counted.
    fn regions(&self) -> Result<Vec<regions::ListedRegion>, Error>;

    // Agencies and enrolment.
    /// Registers the agency in `region` (a regency or city), or, with `None`, in the one
    /// regency or city the hub has (refused when it has several: the operator names one).
    fn add_agency_in(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        region: Option<&RegionCode>,
        now: OffsetDateTime,
    ) -> Result<agencies::NewAgency, Error>;
    /// [`HubStore::add_agency_in`] the hub's one regency or city.
    fn add_agency(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        now: OffsetDateTime,
    ) -> Result<agencies::NewAgency, Error> {
        self.add_agency_in(code, name, None, now)
    }
    fn agencies(&self) -> Result<Vec<agencies::ListedAgency>, Error>;
    fn agency_id(&self, code: &AgencyCode) -> Result<i64, Error>;
    fn revoke_agency(&self, code: &AgencyCode, now: OffsetDateTime) -> Result<usize, Error>;
    fn issue_additional_code(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<enrolments::IssuedCode, Error>;
    fn rotate_agency(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<(usize, enrolments::IssuedCode), Error>;
    fn redeem_enrolment(
        &self,
        code: &EnrolmentCode,
        device: &DeviceName,
        installation_id: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<enrolments::Enrolled, Error>;

    // Devices.
    /// The PC whose token hashes to `token_hash` (unless revoked), with the app version it
    /// last named, read in the same query so a PC naming the same version costs no write.
    fn authenticate_device(&self, token_hash: &str) -> Result<Option<devices::Presented>, Error>;
    fn devices(&self, agency_id: i64) -> Result<Vec<devices::DeviceInfo>, Error>;
    fn revoke_device(
        &self,
        device_id: i64,
        now: OffsetDateTime,
    ) -> Result<devices::RevokedDevice, Error>;

    // Daily summaries.
    fn ingest_summaries(
        &self,
        agency_id: i64,
        device_id: i64,
        days: &[CheckedDay],
        received_at: &str,
    ) -> Result<Vec<DayResult>, Error>;
    /// Summaries of the days `from..=to` (`YYYY-MM-DD`).
    fn summaries_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<summaries::StoredSummary>, Error>;

    // Holidays.
    fn holiday_years(&self) -> Result<Vec<(i32, usize)>, Error>;
    fn holidays_of_year(&self, year: i32) -> Result<Vec<Holiday>, Error>;
    fn replace_holiday_years(&self, holidays: &[Holiday]) -> Result<Vec<i32>, Error>;
    /// Every holiday the hub knows.
    fn holiday_days(&self) -> Result<HashSet<Date>, Error>;

    // Official accounts.
    fn add_account(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<OfficialAccount, Error>;
    fn add_account_refusing(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<(OfficialAccount, Vec<(String, String)>), Error>;
    fn listed_owner(
        &self,
        platform: Platform,
        handle: &str,
    ) -> Result<Option<accounts::ListedOwner>, Error>;
    #[allow(clippy::too_many_arguments)]
    fn approve_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<accounts::Approved, Error>;
    #[allow(clippy::too_many_arguments)]
    fn reject_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error>;
    fn remove_account(
        &self,
        platform: Platform,
        handle: &str,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error>;
    fn set_account_verified(
        &self,
        platform: Platform,
        handle: &str,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error>;
    fn replace_synced_accounts(
        &self,
        agency_id: i64,
        device_id: i64,
        accounts: &[CheckedAccount],
        now: OffsetDateTime,
    ) -> Result<AccountListResult, Error>;
    fn claimed_elsewhere(
        &self,
        agency_id: i64,
        platform: Platform,
        handle: &str,
    ) -> Result<Vec<(String, String)>, Error>;
    fn account_claims(&self) -> Result<Vec<accounts::Claim>, Error>;
    fn agency_claims(&self, agency_id: i64) -> Result<Vec<accounts::Claim>, Error>;
    fn agency_account_states(&self, agency_id: i64) -> Result<AccountStates, Error>;
    fn public_registry(&self) -> Result<Vec<accounts::PublicAgency>, Error>;
    fn registry_generation(&self) -> Result<i64, Error>;
    fn account_history(&self, limit: u32) -> Result<Vec<accounts::ListingEvent>, Error>;
    fn accounts_awaiting_review(&self) -> Result<i64, Error>;
    fn listed_accounts(&self) -> Result<Vec<accounts::ListedAccount>, Error>;

    // Impersonation reports.
    fn upsert_impersonation_reports(
        &self,
        agency_id: i64,
        reports: &[CheckedReport],
        now: OffsetDateTime,
    ) -> Result<ReportBatchResult, Error>;
    fn impersonation_reports(
        &self,
        filter: &impersonation_reports::ReportFilter,
        limit: usize,
    ) -> Result<Vec<impersonation_reports::ListedReport>, Error>;
    fn active_impersonation_reports(&self) -> Result<i64, Error>;
    /// Agencies that have sent reports, as (code, name), by name.
    fn reporting_agencies(&self) -> Result<Vec<(String, String)>, Error>;

    // Content briefs.
    fn create_brief(
        &self,
        brief: &NewBrief,
        targets: &[i64],
        attachments: &[briefs::NewAttachment],
        now: OffsetDateTime,
    ) -> Result<i64, Error>;
    fn brief_agency_ids(&self, codes: &[AgencyCode]) -> Result<Vec<i64>, Error>;
    fn briefs_for_agency(&self, agency_id: i64, since: &str) -> Result<Vec<Brief>, Error>;
    fn brief_attachments(&self, brief_id: i64) -> Result<Vec<BriefAttachment>, Error>;
    fn brief_attachment_file(
        &self,
        brief_id: i64,
        id: i64,
        agency_id: Option<i64>,
    ) -> Result<Option<briefs::AttachmentFile>, Error>;
    fn record_fulfilments(
        &self,
        agency_id: i64,
        items: &[CheckedFulfilment],
        now: OffsetDateTime,
    ) -> Result<briefs::Recorded, Error>;
    fn brief_agency_choices(&self) -> Result<Vec<briefs::AgencyChoice>, Error>;
    fn briefs(&self, limit: usize) -> Result<Vec<briefs::BriefSummary>, Error>;
    fn brief_targets(&self, brief_id: i64) -> Result<Vec<briefs::AgencyChoice>, Error>;
    fn brief_detail(&self, id: i64) -> Result<Option<briefs::BriefDetail>, Error>;

    // Dashboard officers.
    fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        now: OffsetDateTime,
    ) -> Result<i64, Error>;
    /// [`HubStore::add_user`] with a role and a scope (a registered region, or all), all or
    /// nothing.
    fn add_officer(
        &self,
        officer: &users::NewOfficer<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, Error>;
    fn set_user_password(&self, username: &str, password: &str) -> Result<(), Error>;
    fn disable_user(&self, username: &str, now: OffsetDateTime) -> Result<(), Error>;
    /// Sets what the officer sees: all, or a registered region (a province covers its
    /// regencies and cities). Takes effect on their next page.
    fn set_user_scope(&self, username: &str, scope: &crate::region::Scope) -> Result<(), Error>;
    /// Sets what the officer may do. Making the last active admin a pemantau is refused
    /// ([`users::last_admin`]).
    fn set_user_role(&self, username: &str, role: users::Role) -> Result<(), Error>;
    /// [`HubStore::disable_user`], refused for the last active admin
    /// ([`users::last_admin`]): what the dashboard and `user disable` call.
    fn disable_officer(&self, username: &str, now: OffsetDateTime) -> Result<(), Error>;
    fn find_user(&self, username: &str) -> Result<Option<users::User>, Error>;
    fn users(&self) -> Result<Vec<users::User>, Error>;
    fn start_session(&self, user_id: i64, now: OffsetDateTime) -> Result<String, Error>;
    fn session(&self, token: &str, now: OffsetDateTime) -> Result<Option<users::Session>, Error>;
    fn end_session(&self, token: &str) -> Result<(), Error>;

    // The audit log.
    fn record_audit(&self, entry: &audit::NewEntry<'_>, now: OffsetDateTime) -> Result<(), Error>;
    /// The `limit` newest entries, newest first.
    fn audit_log(&self, limit: usize) -> Result<Vec<audit::Entry>, Error> {
        self.audit_log_before(None, limit)
    }
    /// The `limit` newest entries recorded before entry `before` (all, with `None`), newest
    /// first: the audit page's next page.
    fn audit_log_before(
        &self,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<audit::Entry>, Error>;

    // Failed logins, counted for every hub process on the store (see `store::throttle`).
    /// Reads the failures counted under `keys` (as of `now`; those last counted before
    /// `forget_before` read as none) and asks `admit`: when it says yes, one more failure is
    /// counted under every key, as of `now`. Attempts on a shared key take turns. Whether it
    /// was admitted.
    fn count_login_failure(
        &self,
        keys: &[String],
        now: OffsetDateTime,
        forget_before: OffsetDateTime,
        admit: super::throttle::Admit<'_>,
    ) -> Result<bool, Error>;
    /// The failures under `keys` were answered at `now`: their waits run from then.
    fn touch_login_failures(&self, keys: &[String], now: OffsetDateTime) -> Result<(), Error>;
    /// Forgets the failures under `forget` and takes one back under each of `give_back`.
    fn give_back_login_failures(
        &self,
        forget: &[String],
        give_back: &[String],
    ) -> Result<(), Error>;

    // The dashboard's figures (computed in `dashboard`).
    /// Settings saved, as (key, value) text.
    fn dashboard_settings(&self) -> Result<Vec<(String, String)>, Error>;
    /// Saves all (key, value) settings in one transaction.
    fn save_dashboard_settings(&self, entries: &[(&str, String)]) -> Result<(), Error>;
    /// Every agency, by name then code.
    fn overview_agencies(&self) -> Result<Vec<AgencyLine>, Error>;
    /// The agencies in `region` (a province covers its regencies and cities; `None`: every
    /// agency), by name then code.
    fn overview_agencies_in(&self, region: Option<&RegionCode>) -> Result<Vec<AgencyLine>, Error> {
        let scope = region.map_or(Scope::All, |r| Scope::Within(r.clone()));
        let mut lines = self.overview_agencies()?;
        lines.retain(|line| scope.covers(&line.region));
        Ok(lines)
    }
    /// Each agency's figures of the days `from..=to` summed, with its trend cut by `buckets`:
    /// at least every agency in `region` with figures in the period (an agency without any is
    /// left out), in no set order. By default one pass over [`HubStore::each_day_fact`], which
    /// may also give agencies outside `region`.
    fn overview_totals(
        &self,
        from: Date,
        to: Date,
        buckets: TrendBuckets,
        region: Option<&RegionCode>,
    ) -> Result<Vec<AgencyTotals>, Error> {
        let _ = region;
        super::dashboard::totals_from_day_facts(
            |visit| self.each_day_fact(from, to, visit),
            buckets,
        )
    }
    /// Calls `visit` with every agency's figures of each day `from..=to`, in no set order.
    fn each_day_fact(
        &self,
        from: Date,
        to: Date,
        visit: &mut dyn FnMut(DayFact),
    ) -> Result<(), Error>;
    fn agency_info(&self, code: &str) -> Result<Option<AgencyInfo>, Error>;
    /// The agency's reported days `from..=to`, in no set order.
    fn agency_days(&self, agency_id: i64, from: Date, to: Date) -> Result<Vec<DayFigures>, Error>;
    /// Complaints of the days `from..=to` along `dimension`, summed per month and name.
    fn complaint_counts(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
    ) -> Result<Vec<MonthCount>, Error> {
        self.complaint_counts_in(dimension, from, to, None)
    }
    /// [`HubStore::complaint_counts`] of the agencies in `region` only (a province covers its
    /// regencies and cities), or of all with `None`.
    fn complaint_counts_in(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<MonthCount>, Error>;
}
