//! What the hub keeps of its Meta connection, in the hub's types: the connection, the
//! accounts it reaches, publications handed over by PCs and their media. Tokens cross this
//! seam only sealed (see `meta::secret`).

use crate::error::Error;
use medsos_protocol::Platform;
use std::collections::HashSet;
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
pub trait MetaStore: MetaInsightStore + Send + Sync {
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
    /// `(agency, platform, handle)` of every reached account that is assigned to an agency and
    /// not gone, to mark the agency's official account with that handle "terhubung ke Meta".
    /// Handles are normalised (lowercase, no `@`); a Facebook Page is also listed under its id,
    /// since an official Facebook account may be recorded by the Page's id.
    fn connected_meta_handles(&self) -> Result<HashSet<(i64, Platform, String)>, Error>;
    /// Publications waiting now (whenever they were handed over), and published or failed
    /// since `since`: `(waiting, published, failed)`.
    fn publication_counts(&self, since: OffsetDateTime) -> Result<(i64, i64, i64), Error>;
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

/// A post of a connected account with its latest figures (`None`: Meta gave none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaPost {
    pub platform: Platform,
    pub meta_id: String,
    pub agency_id: i64,
    pub account_meta_id: String,
    pub permalink: Option<String>,
    pub published_at: OffsetDateTime,
    pub views: Option<i64>,
    pub reach: Option<i64>,
    pub likes: Option<i64>,
    pub comments: Option<i64>,
    pub shares: Option<i64>,
    pub saved: Option<i64>,
}

/// A post whose comments are read, and where the last read stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedPost {
    pub platform: Platform,
    pub meta_id: String,
    pub agency_id: i64,
    pub account_meta_id: String,
    pub account_handle: Option<String>,
    pub permalink: Option<String>,
    pub comments_seen_until: Option<OffsetDateTime>,
}

/// A comment read from Meta, on its way to the agency's PC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub comment_id: String,
    pub platform: Platform,
    pub agency_id: i64,
    pub post_meta_id: String,
    pub permalink: Option<String>,
    pub author: Option<String>,
    pub text: String,
    pub commented_at: OffsetDateTime,
}

/// A reply an agency's PC asked the hub to post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub id: String,
    pub agency_id: i64,
    pub comment_id: String,
    pub platform: Platform,
    pub message: String,
    pub state: String,
    pub meta_id: Option<String>,
    pub failure: Option<String>,
    pub attempts: i64,
    pub updated_at: OffsetDateTime,
}

/// Per-agency figures from Meta over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgencyReach {
    pub agency_id: i64,
    pub posts_instagram: i64,
    pub posts_facebook: i64,
    pub reach: i64,
    pub interactions: i64,
}

/// What Meta reports, read and kept by the hub: posts, figures, comments, replies.
pub trait MetaInsightStore: Send + Sync {
    fn upsert_meta_post(&self, post: &MetaPost, now: OffsetDateTime) -> Result<(), Error>;
    /// Posts of agency-assigned accounts published since `since`, to read comments of.
    fn watched_posts(&self, since: OffsetDateTime) -> Result<Vec<WatchedPost>, Error>;
    fn set_comments_seen(
        &self,
        platform: Platform,
        meta_id: &str,
        until: OffsetDateTime,
    ) -> Result<(), Error>;
    /// Stores comments not seen before; returns how many were new.
    fn insert_meta_comments(
        &self,
        comments: &[NewComment],
        now: OffsetDateTime,
    ) -> Result<usize, Error>;
    /// Comments not yet acknowledged by the agency's PC, oldest first.
    fn pending_comments(&self, agency_id: i64, limit: usize) -> Result<Vec<NewComment>, Error>;
    /// Acknowledges comments of the agency: their text and author are dropped. Returns how
    /// many were acknowledged now.
    fn ack_comments(
        &self,
        agency_id: i64,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Result<usize, Error>;
    /// The agency and platform of a comment the hub read, if it is the agency's.
    fn comment_platform(&self, agency_id: i64, comment_id: &str)
        -> Result<Option<Platform>, Error>;
    /// Queues a reply (idempotent on its id); `false` when it was already queued.
    fn queue_reply(
        &self,
        agency_id: i64,
        id: &str,
        comment_id: &str,
        message: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error>;
    fn pending_replies(&self, limit: usize) -> Result<Vec<Reply>, Error>;
    fn agency_replies(&self, agency_id: i64) -> Result<Vec<Reply>, Error>;
    fn finish_reply(&self, id: &str, meta_id: &str, now: OffsetDateTime) -> Result<(), Error>;
    /// Records a failed try; `give_up` marks it gagal with the reason.
    fn fail_reply(
        &self,
        id: &str,
        reason: &str,
        give_up: bool,
        now: OffsetDateTime,
    ) -> Result<(), Error>;
    /// The agency's posts (with figures) published since `since`.
    fn agency_meta_posts(
        &self,
        agency_id: i64,
        since: OffsetDateTime,
    ) -> Result<Vec<MetaPost>, Error>;
    /// Every agency's Meta figures for posts published in `[from, to)`.
    fn reach_by_agency(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<AgencyReach>, Error>;
}
