//! What the hub keeps of its Meta connection, in the hub's types: the connection, the
//! accounts it reaches, publications handed over by PCs and their media. Tokens cross this
//! seam only sealed (see `meta::secret`).

use crate::error::Error;
use medsos_protocol::Platform;
use time::OffsetDateTime;

/// The one Meta connection (a system-user token of Diskominfo's Business portfolio).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub token_sealed: String,
    pub connected_at: OffsetDateTime,
    pub checked_at: OffsetDateTime,
    /// Why Meta refused the token, when it did; `None` while it works.
    pub broken_reason: Option<String>,
    pub broken_at: Option<OffsetDateTime>,
}

/// A Page or Instagram account as `/me/accounts` showed it, with its agency when matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAccount {
    pub platform: Platform,
    pub meta_id: String,
    pub page_id: String,
    pub name: String,
    pub handle: Option<String>,
    pub page_token_sealed: String,
    /// The agency an approved official account matched, if one did.
    pub matched_agency: Option<i64>,
}

/// A reached account as the dashboard and `meta status` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub platform: Platform,
    pub meta_id: String,
    pub page_id: String,
    pub name: String,
    pub handle: Option<String>,
    pub agency: Option<AgencyRef>,
    /// `otomatis`, or the officer who assigned it.
    pub matched_by: Option<String>,
    pub followers: Option<i64>,
    pub gone: bool,
    pub blocked_until: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// What a PC hands over for one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublication {
    pub id: String,
    pub platform: Platform,
    pub account_meta_id: String,
    pub scheduled_at: OffsetDateTime,
    pub caption: String,
    pub alt_text: String,
    pub media: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicationState {
    Waiting,
    Published,
    Failed,
    Withdrawn,
}

impl PublicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationState::Waiting => "menunggu",
            PublicationState::Published => "diterbitkan",
            PublicationState::Failed => "gagal",
            PublicationState::Withdrawn => "ditarik",
        }
    }

    pub fn parse(text: &str) -> Option<PublicationState> {
        Some(match text {
            "menunggu" => PublicationState::Waiting,
            "diterbitkan" => PublicationState::Published,
            "gagal" => PublicationState::Failed,
            "ditarik" => PublicationState::Withdrawn,
            _ => return None,
        })
    }
}

/// A publication as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub id: String,
    pub agency_id: i64,
    pub platform: Platform,
    pub account_meta_id: String,
    pub scheduled_at: OffsetDateTime,
    pub caption: String,
    pub alt_text: String,
    pub media: Vec<String>,
    pub state: PublicationState,
    /// JSON of the Meta ids made so far (see `meta::publish`).
    pub progress: String,
    pub meta_id: Option<String>,
    pub permalink: Option<String>,
    pub published_at: Option<OffsetDateTime>,
    pub failure: Option<String>,
    pub waiting_reason: Option<String>,
    pub attempts: i64,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub updated_at: OffsetDateTime,
}

/// How an upsert of a publication went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created,
    Changed,
    Unchanged,
}

/// The Meta part of the hub's store.
pub trait MetaStore: Send + Sync {
    fn meta_connection(&self) -> Result<Option<Connection>, Error>;
    /// Saves the connection and what it reaches: accounts found are inserted or refreshed
    /// (an officer's assignment is kept unless an approved account now matches), accounts no
    /// longer found are marked gone. Clears a broken mark.
    fn save_meta_connection(
        &self,
        token_sealed: &str,
        found: &[FoundAccount],
        now: OffsetDateTime,
    ) -> Result<(), Error>;
    fn mark_meta_broken(&self, reason: &str, now: OffsetDateTime) -> Result<(), Error>;
    fn meta_accounts(&self) -> Result<Vec<Account>, Error>;
    /// The agency's working (not gone) account on `platform`, with its sealed Page token.
    fn agency_meta_account(
        &self,
        agency_id: i64,
        platform: Platform,
    ) -> Result<Option<(Account, String)>, Error>;
    /// Any reached account's sealed Page token.
    fn meta_account_token(
        &self,
        platform: Platform,
        meta_id: &str,
    ) -> Result<Option<String>, Error>;
    /// Assigns an account to an agency (`None` unassigns), as `officer`.
    fn assign_meta_account(
        &self,
        platform: Platform,
        meta_id: &str,
        agency_id: Option<i64>,
        officer: &str,
    ) -> Result<(), Error>;
    fn set_meta_account_blocked(
        &self,
        platform: Platform,
        meta_id: &str,
        until: Option<OffsetDateTime>,
    ) -> Result<(), Error>;
    fn set_meta_followers(
        &self,
        platform: Platform,
        meta_id: &str,
        followers: i64,
        day: time::Date,
    ) -> Result<(), Error>;

    // Media.
    /// Stores a checked JPEG; `false` when it was already there (the upload is idempotent).
    fn put_meta_media(
        &self,
        agency_id: i64,
        sha256: &str,
        bytes: &[u8],
        size: (u32, u32),
        now: OffsetDateTime,
    ) -> Result<bool, Error>;
    /// Which of `hashes` the agency has uploaded.
    fn agency_has_media(&self, agency_id: i64, hashes: &[String]) -> Result<Vec<bool>, Error>;
    fn meta_media(&self, sha256: &str) -> Result<Option<Vec<u8>>, Error>;

    // Publications.
    /// Creates or changes a waiting publication of the agency. A publication of another
    /// agency, or one no longer waiting, is a conflict.
    fn upsert_publication(
        &self,
        agency_id: i64,
        publication: &NewPublication,
        now: OffsetDateTime,
    ) -> Result<Upserted, Error>;
    /// Withdraws a waiting publication; `false` when there was none to withdraw.
    fn withdraw_publication(
        &self,
        agency_id: i64,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error>;
    fn publication(&self, id: &str) -> Result<Option<Publication>, Error>;
    /// The agency's publications changed since `since` (all when `None`), newest change last.
    fn agency_publications(
        &self,
        agency_id: i64,
        since: Option<OffsetDateTime>,
    ) -> Result<Vec<Publication>, Error>;
    /// Waiting publications due at `now` (scheduled and not deferred past it), oldest first.
    fn due_publications(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<Publication>, Error>;
    /// Records progress (the Meta ids made so far) before the next step.
    fn save_publication_progress(
        &self,
        id: &str,
        progress: &str,
        now: OffsetDateTime,
    ) -> Result<(), Error>;
    fn finish_publication(
        &self,
        id: &str,
        meta_id: &str,
        permalink: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), Error>;
    fn fail_publication(&self, id: &str, reason: &str, now: OffsetDateTime) -> Result<(), Error>;
    /// Leaves it waiting with a reason, tried again at `next_attempt_at`.
    fn defer_publication(
        &self,
        id: &str,
        reason: &str,
        next_attempt_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), Error>;
}
