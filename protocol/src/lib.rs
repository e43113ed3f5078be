//! medsos-protocol: what Medsos PD and the Medsos Hub say to each other over HTTP.
//!
//! Both sides depend on these types, so a change here is a change to the wire. Paths are
//! versioned (`/api/v1/...`); a breaking change gets a new version, never an edit in place.

use serde::{Deserialize, Serialize};

mod meta;
mod public;
mod release;
mod summary;

/// A holiday's kind is a shared rule too (`libur_nasional` / `cuti_bersama`).
pub use medsos_rules::workdays::HolidayKind;
/// The platform is a shared rule; the wire carries it as `"instagram"` / `"facebook"`.
pub use medsos_rules::Platform;
pub use meta::{
    BestHour, CommentAck, CommentAckResult, CommentList, ConnectedPlatforms, IncomingComment,
    MediaUploaded, MetaPostList, PostFigures, PublicationList, PublicationRequest,
    PublicationStatus, ReplyList, ReplyRequest, ReplyStatus, MAX_COMMENTS_PER_ACK, MAX_MEDIA_BYTES,
    MAX_MEDIA_PER_PUBLICATION,
};
pub use public::{
    AccountConflict, AccountList, AccountListResult, AccountState, AccountStates, AgencyAccount,
    Brief, BriefAttachment, BriefFulfilment, BriefList, FulfilmentBatch, FulfilmentBatchResult,
    Holiday, HolidayList, ImpersonationReport, ImpersonationReportBatch, Kinerja, KinerjaIndicator,
    ListingStatus, OfficialAccount, Registry, RegistryAgency, ReportBatchResult, ReportStatus,
    ScoreWeights, WeeklyScore, WeeklyTargets, MAX_ACCOUNTS_PER_AGENCY, MAX_FULFILMENTS_PER_BATCH,
    MAX_REPORTS_PER_BATCH,
};
pub use release::{ReleaseManifest, APP_VERSION_HEADER, MAX_APP_VERSION_CHARS};
pub use summary::{
    ComplaintCounts, DailySummary, DayOutcome, DayResult, OfficialAccountCounts, PostCounts,
    PostsByPlatform, SummaryBatch, SummaryBatchResult, MAX_COUNT, MAX_DAYS_PER_BATCH,
    MAX_KEY_CHARS, MAX_MAP_ENTRIES, MAX_MINUTES, MAX_REVISION, SCHEMA_VERSION,
};

/// The API version every path below is mounted under.
pub const API_VERSION: &str = "v1";

/// `GET /healthz`: the hub is up and its store answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"status": "ok", "version": "0.1.0"})))]
pub struct Health {
    /// Always "ok" when the hub answers at all.
    pub status: String,
    /// The hub's release version.
    pub version: String,
}

/// `POST /api/v1/enrolments`: an agency's PC trades Diskominfo's one-time code for a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"code": "K7QF-2M9D-XW4T", "device_name": "PC Admin Dinkes", "installation_id": "5f0c2a9e-1b7d-4c3a-8e6f-0a9b8c7d6e5f"}))
)]
pub struct EnrolmentRequest {
    /// The one-time enrolment code printed by `medsos-hub agency add`.
    pub code: String,
    /// A name for the PC, shown to Diskominfo.
    pub device_name: String,
    /// The id of the PC's store, made once on the PC. A PC enrolled again with the same
    /// store (after `agency rotate`, say) carries on its earlier summaries instead of being
    /// counted twice. Absent from older PCs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation_id: Option<String>,
}

/// The token an enrolled agency sends as `Authorization: Bearer TOKEN`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"agency_id": 7, "token": "mpd_4f1c0d6e9b2a4c8e8d7f6a5b4c3d2e1f"}))
)]
pub struct EnrolmentResponse {
    pub agency_id: i64,
    pub token: String,
}

/// Every error the hub answers with: `code` for programs, `message` for people (Indonesian).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "openapi",
    schema(example = json!({"code": "enrolment.invalid_code", "message": "Kode pendaftaran tidak dikenal atau sudah dipakai."}))
)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrolment_request_reads_the_documented_json() {
        let parsed: EnrolmentRequest =
            serde_json::from_str(r#"{"code":"K7QF-2M9D-XW4T","device_name":"PC Admin"}"#)
                .expect("documented shape parses");
        assert_eq!(parsed.code, "K7QF-2M9D-XW4T");
    }
}
