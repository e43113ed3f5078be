//! [`HubStore`] for [`PgStore`]: each method is the inherent method of the same name, written
//! area by area in the sibling modules.

use super::PgStore;
use crate::account::{CheckedAccount, Handle};
use crate::agency::{AgencyCode, AgencyName};
use crate::brief::{CheckedFulfilment, NewBrief};
use crate::credentials::EnrolmentCode;
use crate::device::DeviceName;
use crate::error::Error;
use crate::impersonation::CheckedReport;
use crate::store::dashboard::{
    AgencyInfo, AgencyLine, AgencyTotals, DayFact, DayFigures, MonthCount, TrendBuckets,
};
use crate::store::{accounts, agencies, briefs, devices, enrolments, impersonation_reports};
use crate::store::{summaries, users, HubStore};
use crate::summary::CheckedDay;
use medsos_protocol::{
    AccountListResult, AccountStates, Brief, BriefAttachment, DayResult, Holiday, OfficialAccount,
    Platform, ReportBatchResult,
};
use std::collections::HashSet;
use time::{Date, OffsetDateTime};

impl HubStore for PgStore {
    fn meta(&self) -> &dyn crate::store::MetaStore {
        self
    }

    fn releases(&self) -> &dyn crate::store::ReleaseStore {
        self
    }

    fn ping(&self) -> Result<(), Error> {
        PgStore::ping(self)
    }

    fn add_region(
        &self,
        code: &crate::region::RegionCode,
        name: &crate::region::RegionName,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        PgStore::add_region(self, code, name, now)
    }

    fn regions(&self) -> Result<Vec<crate::store::regions::ListedRegion>, Error> {
        PgStore::regions(self)
    }

    fn add_agency_in(
        &self,
        code: &AgencyCode,
        name: &AgencyName,
        region: Option<&crate::region::RegionCode>,
        now: OffsetDateTime,
    ) -> Result<agencies::NewAgency, Error> {
        PgStore::add_agency_in(self, code, name, region, now)
    }

    fn agencies(&self) -> Result<Vec<agencies::ListedAgency>, Error> {
        PgStore::agencies(self)
    }

    fn agency_id(&self, code: &AgencyCode) -> Result<i64, Error> {
        PgStore::agency_id(self, code)
    }

    fn revoke_agency(&self, code: &AgencyCode, now: OffsetDateTime) -> Result<usize, Error> {
        PgStore::revoke_agency(self, code, now)
    }

    fn issue_additional_code(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<enrolments::IssuedCode, Error> {
        PgStore::issue_additional_code(self, code, now)
    }

    fn rotate_agency(
        &self,
        code: &AgencyCode,
        now: OffsetDateTime,
    ) -> Result<(usize, enrolments::IssuedCode), Error> {
        PgStore::rotate_agency(self, code, now)
    }

    fn redeem_enrolment(
        &self,
        code: &EnrolmentCode,
        device: &DeviceName,
        installation_id: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<enrolments::Enrolled, Error> {
        PgStore::redeem_enrolment(self, code, device, installation_id, now)
    }

    fn authenticate_device(&self, token_hash: &str) -> Result<Option<devices::Presented>, Error> {
        PgStore::authenticate_device(self, token_hash)
    }

    fn devices(&self, agency_id: i64) -> Result<Vec<devices::DeviceInfo>, Error> {
        PgStore::devices(self, agency_id)
    }

    fn revoke_device(
        &self,
        device_id: i64,
        now: OffsetDateTime,
    ) -> Result<devices::RevokedDevice, Error> {
        PgStore::revoke_device(self, device_id, now)
    }

    fn ingest_summaries(
        &self,
        agency_id: i64,
        device_id: i64,
        days: &[CheckedDay],
        received_at: &str,
    ) -> Result<Vec<DayResult>, Error> {
        PgStore::ingest_summaries(self, agency_id, device_id, days, received_at)
    }

    fn summaries_between(
        &self,
        from: &str,
        to: &str,
    ) -> Result<Vec<summaries::StoredSummary>, Error> {
        PgStore::summaries_between(self, from, to)
    }

    fn holiday_years(&self) -> Result<Vec<(i32, usize)>, Error> {
        PgStore::holiday_years(self)
    }

    fn holidays_of_year(&self, year: i32) -> Result<Vec<Holiday>, Error> {
        PgStore::holidays_of_year(self, year)
    }

    fn replace_holiday_years(&self, holidays: &[Holiday]) -> Result<Vec<i32>, Error> {
        PgStore::replace_holiday_years(self, holidays)
    }

    fn holiday_days(&self) -> Result<HashSet<Date>, Error> {
        PgStore::holiday_days(self)
    }

    fn add_account(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<OfficialAccount, Error> {
        PgStore::add_account(self, code, platform, handle, verified, now)
    }

    fn add_account_refusing(
        &self,
        code: &AgencyCode,
        platform: Platform,
        handle: &Handle,
        verified: bool,
        now: OffsetDateTime,
    ) -> Result<(OfficialAccount, Vec<(String, String)>), Error> {
        PgStore::add_account_refusing(self, code, platform, handle, verified, now)
    }

    fn listed_owner(
        &self,
        platform: Platform,
        handle: &str,
    ) -> Result<Option<accounts::ListedOwner>, Error> {
        PgStore::listed_owner(self, platform, handle)
    }

    #[allow(clippy::too_many_arguments)]
    fn approve_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<accounts::Approved, Error> {
        PgStore::approve_account(self, platform, handle, agency, verified, actor, now)
    }

    #[allow(clippy::too_many_arguments)]
    fn reject_account(
        &self,
        platform: Platform,
        handle: &str,
        agency: Option<i64>,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        PgStore::reject_account(self, platform, handle, agency, reason, actor, now)
    }

    fn remove_account(
        &self,
        platform: Platform,
        handle: &str,
        reason: &str,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<(String, String), Error> {
        PgStore::remove_account(self, platform, handle, reason, actor, now)
    }

    fn set_account_verified(
        &self,
        platform: Platform,
        handle: &str,
        verified: bool,
        actor: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        PgStore::set_account_verified(self, platform, handle, verified, actor, now)
    }

    fn replace_synced_accounts(
        &self,
        agency_id: i64,
        device_id: i64,
        accounts: &[CheckedAccount],
        now: OffsetDateTime,
    ) -> Result<AccountListResult, Error> {
        PgStore::replace_synced_accounts(self, agency_id, device_id, accounts, now)
    }

    fn claimed_elsewhere(
        &self,
        agency_id: i64,
        platform: Platform,
        handle: &str,
    ) -> Result<Vec<(String, String)>, Error> {
        PgStore::claimed_elsewhere(self, agency_id, platform, handle)
    }

    fn account_claims(&self) -> Result<Vec<accounts::Claim>, Error> {
        PgStore::account_claims(self)
    }

    fn agency_claims(&self, agency_id: i64) -> Result<Vec<accounts::Claim>, Error> {
        PgStore::agency_claims(self, agency_id)
    }

    fn agency_account_states(&self, agency_id: i64) -> Result<AccountStates, Error> {
        PgStore::agency_account_states(self, agency_id)
    }

    fn public_registry(&self) -> Result<Vec<accounts::PublicAgency>, Error> {
        PgStore::public_registry(self)
    }

    fn registry_generation(&self) -> Result<i64, Error> {
        PgStore::registry_generation(self)
    }

    fn account_history(&self, limit: u32) -> Result<Vec<accounts::ListingEvent>, Error> {
        PgStore::account_history(self, limit)
    }

    fn accounts_awaiting_review(&self) -> Result<i64, Error> {
        PgStore::accounts_awaiting_review(self)
    }

    fn listed_accounts(&self) -> Result<Vec<accounts::ListedAccount>, Error> {
        PgStore::listed_accounts(self)
    }

    fn upsert_impersonation_reports(
        &self,
        agency_id: i64,
        reports: &[CheckedReport],
        now: OffsetDateTime,
    ) -> Result<ReportBatchResult, Error> {
        PgStore::upsert_impersonation_reports(self, agency_id, reports, now)
    }

    fn impersonation_reports(
        &self,
        filter: &impersonation_reports::ReportFilter,
        limit: usize,
    ) -> Result<Vec<impersonation_reports::ListedReport>, Error> {
        PgStore::impersonation_reports(self, filter, limit)
    }

    fn active_impersonation_reports(&self) -> Result<i64, Error> {
        PgStore::active_impersonation_reports(self)
    }

    fn reporting_agencies(&self) -> Result<Vec<(String, String)>, Error> {
        PgStore::reporting_agencies(self)
    }

    fn create_brief(
        &self,
        brief: &NewBrief,
        targets: &[i64],
        attachments: &[briefs::NewAttachment],
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        PgStore::create_brief(self, brief, targets, attachments, now)
    }

    fn brief_agency_ids(&self, codes: &[AgencyCode]) -> Result<Vec<i64>, Error> {
        PgStore::brief_agency_ids(self, codes)
    }

    fn briefs_for_agency(&self, agency_id: i64, since: &str) -> Result<Vec<Brief>, Error> {
        PgStore::briefs_for_agency(self, agency_id, since)
    }

    fn brief_attachments(&self, brief_id: i64) -> Result<Vec<BriefAttachment>, Error> {
        PgStore::brief_attachments(self, brief_id)
    }

    fn brief_attachment_file(
        &self,
        brief_id: i64,
        id: i64,
        agency_id: Option<i64>,
    ) -> Result<Option<briefs::AttachmentFile>, Error> {
        PgStore::brief_attachment_file(self, brief_id, id, agency_id)
    }

    fn record_fulfilments(
        &self,
        agency_id: i64,
        items: &[CheckedFulfilment],
        now: OffsetDateTime,
    ) -> Result<briefs::Recorded, Error> {
        PgStore::record_fulfilments(self, agency_id, items, now)
    }

    fn brief_agency_choices(&self) -> Result<Vec<briefs::AgencyChoice>, Error> {
        PgStore::brief_agency_choices(self)
    }

    fn briefs(&self, limit: usize) -> Result<Vec<briefs::BriefSummary>, Error> {
        PgStore::briefs(self, limit)
    }

    fn brief_targets(&self, brief_id: i64) -> Result<Vec<briefs::AgencyChoice>, Error> {
        PgStore::brief_targets(self, brief_id)
    }

    fn brief_detail(&self, id: i64) -> Result<Option<briefs::BriefDetail>, Error> {
        PgStore::brief_detail(self, id)
    }

    fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        PgStore::add_user(self, username, display_name, password, now)
    }

    fn set_user_password(&self, username: &str, password: &str) -> Result<(), Error> {
        PgStore::set_user_password(self, username, password)
    }

    fn disable_user(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        PgStore::disable_user(self, username, now)
    }

    fn set_user_scope(&self, username: &str, scope: &crate::region::Scope) -> Result<(), Error> {
        PgStore::set_user_scope(self, username, scope)
    }

    fn add_officer(
        &self,
        officer: &users::NewOfficer<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, Error> {
        PgStore::add_officer(self, officer, now)
    }

    fn set_user_role(&self, username: &str, role: users::Role) -> Result<(), Error> {
        PgStore::set_user_role(self, username, role)
    }

    fn disable_officer(&self, username: &str, now: OffsetDateTime) -> Result<(), Error> {
        PgStore::disable_officer(self, username, now)
    }

    fn record_audit(
        &self,
        entry: &crate::store::audit::NewEntry<'_>,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        PgStore::record_audit(self, entry, now)
    }

    fn audit_log_before(
        &self,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<crate::store::audit::Entry>, Error> {
        PgStore::audit_log_before(self, before, limit)
    }

    fn find_user(&self, username: &str) -> Result<Option<users::User>, Error> {
        PgStore::find_user(self, username)
    }

    fn users(&self) -> Result<Vec<users::User>, Error> {
        PgStore::users(self)
    }

    fn start_session(&self, user_id: i64, now: OffsetDateTime) -> Result<String, Error> {
        PgStore::start_session(self, user_id, now)
    }

    fn session(&self, token: &str, now: OffsetDateTime) -> Result<Option<users::Session>, Error> {
        PgStore::session(self, token, now)
    }

    fn end_session(&self, token: &str) -> Result<(), Error> {
        PgStore::end_session(self, token)
    }

    fn count_login_failure(
        &self,
        keys: &[String],
        now: OffsetDateTime,
        forget_before: OffsetDateTime,
        admit: crate::store::throttle::Admit<'_>,
    ) -> Result<bool, Error> {
        PgStore::count_login_failure(self, keys, now, forget_before, admit)
    }

    fn touch_login_failures(&self, keys: &[String], now: OffsetDateTime) -> Result<(), Error> {
        PgStore::touch_login_failures(self, keys, now)
    }

    fn give_back_login_failures(
        &self,
        forget: &[String],
        give_back: &[String],
    ) -> Result<(), Error> {
        PgStore::give_back_login_failures(self, forget, give_back)
    }

    fn dashboard_settings(&self) -> Result<Vec<(String, String)>, Error> {
        PgStore::dashboard_settings(self)
    }

    fn save_dashboard_settings(&self, entries: &[(&str, String)]) -> Result<(), Error> {
        PgStore::save_dashboard_settings(self, entries)
    }

    fn overview_agencies(&self) -> Result<Vec<AgencyLine>, Error> {
        PgStore::overview_agencies(self)
    }

    fn overview_agencies_in(
        &self,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<AgencyLine>, Error> {
        PgStore::overview_agencies_in(self, region)
    }

    fn overview_totals(
        &self,
        from: Date,
        to: Date,
        buckets: TrendBuckets,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<AgencyTotals>, Error> {
        PgStore::overview_totals(self, from, to, buckets, region)
    }

    fn each_day_fact(
        &self,
        from: Date,
        to: Date,
        visit: &mut dyn FnMut(DayFact),
    ) -> Result<(), Error> {
        PgStore::each_day_fact(self, from, to, visit)
    }

    fn agency_info(&self, code: &str) -> Result<Option<AgencyInfo>, Error> {
        PgStore::agency_info(self, code)
    }

    fn agency_days(&self, agency_id: i64, from: Date, to: Date) -> Result<Vec<DayFigures>, Error> {
        PgStore::agency_days(self, agency_id, from, to)
    }

    fn complaint_counts_in(
        &self,
        dimension: &str,
        from: Date,
        to: Date,
        region: Option<&crate::region::RegionCode>,
    ) -> Result<Vec<MonthCount>, Error> {
        PgStore::complaint_counts_in(self, dimension, from, to, region)
    }
}
