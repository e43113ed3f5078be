//! Akun resmi: the agency's official accounts and Meta's verification steps ([`model`]), the
//! accounts suspected of impersonating it ([`reports`]), and Cek akun against the regency
//! registry cached from the hub ([`registry`]). Handles are read with
//! `medsos_rules::handle`, the same rules the hub uses.

mod fields;
pub mod model;
pub mod registry;
pub mod reports;

/// The canonical public address of a handle: the shared rule the hub checks against.
pub use medsos_rules::links::profile_url;
pub use model::{
    account_counts, accounts_to_send, conflicts, create, delete, get, list, mark_accounts_sent,
    requirement, set_step, update, AccountConflictView, AccountInput, OfficialAccount,
    PendingAccounts, Requirement, StepState, VerificationStep, STEPS,
};
pub use registry::{cached_registry, check, store_registry, CheckKind, CheckResult, Lookalike};
pub use reports::{
    attach_report_media, detach_report_media, list_reports, mark_reports_sent, report,
    report_media, reports_to_send, save_report, set_report_status, PendingReports, Report,
    ReportEvent, ReportInput, ReportStatus,
};

#[cfg(test)]
mod tests;
