//! Sinkron: the end-of-day summaries that go to the Diskominfo hub, exactly once per
//! revision, over any network.
//!
//! - [`outbox`]: which WIB days must be sent and with which revision. Rows are marked by
//!   triggers (migration 007) in the same transaction as the change, so no change can be
//!   committed without its day being marked.
//! - [`summary`]: a day's counts and durations (never personal data), and their sentences.
//! - [`client`]: the blocking HTTP client (rustls, system roots plus an optional CA file,
//!   the system's proxy, retries with exponential backoff and jitter).
//! - [`run`]: prepare (store) -> send (network only) -> apply (store), status and history
//!   (migration 008), enrolment, and `sync_all`: the one sync the window, its background
//!   thread and the command line all run.
//! - [`briefs`]: Diskominfo's content briefs, drafts answering them, and the fulfilments
//!   (posts published in answer) waiting to go to the hub (migration 010).
//! - [`hub`]: the hub's address and this PC's token, kept outside the store.
//! - [`hub_view`]: what the hub says of this agency (its accounts' standing, its kinerja and
//!   Diskominfo's weekly targets), fetched at every sync and kept for offline use.

pub mod briefs;
#[cfg(test)]
pub(crate) mod canned_hub;
pub mod client;
mod history;
pub mod hub;
pub mod hub_view;
pub mod meta_sync;
pub mod outbox;
pub mod run;
mod store_access;
pub mod summary;

/// The wire types, for callers that show or check payloads.
pub use medsos_protocol as protocol;

pub use briefs::{LocalBriefAttachment, PendingFulfilment};
pub use client::{enrol, HubClient, SendError};
pub use hub::{load_credentials, save_credentials, validate_hub_url, Credentials};
pub use outbox::{acknowledge, backfill, pending, PendingDay};
pub use run::{
    apply, apply_fulfilments, briefs_for, enrol_and_save, fetch_holidays, history, import_holidays,
    prepare, record_failure, refresh_registry, save_enrolment, send_accounts_and_reports,
    send_fulfilments, status, store_briefs, sync_all, sync_with, AccountsOutcome, Applied,
    FulfilmentsOutcome, LocalBrief, Prepared, StoreAccess, SyncLogEntry, SyncReport, SyncStatus,
    MAX_DAYS_PER_SYNC,
};
pub use summary::{build, describe};
