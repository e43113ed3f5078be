//! Sinkron: the end-of-day summaries that go to the Diskominfo hub, exactly once per
//! revision, over any network.
//!
//! This module keeps the outbox ([`outbox`]): which WIB days must be sent and with which
//! revision. Rows are marked by triggers (migration 007) in the same transaction as the
//! change, so no change can be committed without its day being marked.

pub mod hub;
pub mod outbox;

pub use hub::{load_credentials, save_credentials, validate_hub_url, Credentials};
pub use outbox::{acknowledge, backfill, pending, PendingDay};
