//! Diskominfo's content briefs (arahan konten) and the posts that fulfil them.

use medsos_protocol::BriefAttachment;

/// A file to attach to a new brief, already checked (kind by its bytes, name made safe).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// An attachment's file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What became of a batch of reported posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recorded {
    pub recorded: u32,
    pub unchanged: u32,
}

/// The most posts answering briefs the hub keeps for one agency. A busy agency answers a few
/// briefs a week on two platforms, a few hundred posts a year, so 20,000 is decades of them:
/// a PC that reaches it is sending made-up posts, and the store must not grow without end.
pub const MAX_FULFILMENTS_PER_AGENCY: i64 = 20_000;

/// An agency a brief may be addressed to: registered and not revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyChoice {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// A brief as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefSummary {
    pub id: i64,
    pub title: String,
    pub programme: String,
    pub from_day: String,
    pub to_day: String,
    /// The agencies chosen, by code; empty when the brief is for every agency.
    pub targets: Vec<AgencyChoice>,
    pub attachments: usize,
    /// Agencies it is for that are not revoked.
    pub addressed: usize,
    /// Of those, how many reported at least one post for it.
    pub fulfilled: usize,
}

/// One brief with everything the dashboard shows about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefDetail {
    pub summary: BriefSummary,
    pub body: String,
    pub created_at: String,
    pub attachments: Vec<BriefAttachment>,
    /// Every agency it is for that is not revoked, by code, with the posts each reported.
    pub coverage: Vec<AgencyCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyCoverage {
    pub agency: AgencyChoice,
    pub posts: Vec<ReportedPost>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportedPost {
    pub platform: String,
    pub url: String,
    pub day: String,
}
