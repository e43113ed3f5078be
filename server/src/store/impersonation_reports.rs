//! Accounts the agencies reported for impersonating them.

use medsos_protocol::{Platform, ReportStatus};
use time::OffsetDateTime;

/// The most impersonation reports the hub keeps for one agency. An agency meets a handful of
/// impersonators a month, so 5,000 is decades of reports: a PC that reaches it is sending
/// made-up ones (a bug or a stolen token), and the store must not grow without end for it.
pub const MAX_REPORTS_PER_AGENCY: i64 = 5_000;

/// A report as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedReport {
    pub agency_code: String,
    pub agency_name: String,
    pub id: String,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub imitates: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    pub first_seen_on: String,
    pub updated_at: Option<OffsetDateTime>,
    pub received_at: Option<OffsetDateTime>,
}

/// Which reports to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    pub status: Option<ReportStatus>,
    /// An agency code as stored.
    pub agency_code: Option<String>,
}
