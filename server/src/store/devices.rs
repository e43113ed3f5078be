//! The agencies' enrolled PCs.

use time::OffsetDateTime;

/// An enrolled, not revoked PC and the agency it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authenticated {
    pub agency_id: i64,
    pub device_id: i64,
}

/// An authenticated PC and the app version it last named (`None` before it named one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    pub device: Authenticated,
    pub app_version: Option<String>,
}

/// A PC enrolled for an agency, as Diskominfo follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: i64,
    pub name: String,
    pub enrolled_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
    /// When the PC last sent summaries.
    pub last_sync_at: Option<OffsetDateTime>,
}

/// The PC that was revoked, with its agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokedDevice {
    pub name: String,
    pub agency_code: String,
    pub agency_name: String,
}
