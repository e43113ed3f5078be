//! The agencies' daily summaries as the hub keeps them.

use medsos_protocol::DailySummary;

/// One agency's day as exported: its PCs' summaries added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSummary {
    pub agency_code: String,
    pub agency_name: String,
    pub day: String,
    pub schema_version: u32,
    /// The highest revision among the PCs'.
    pub revision: u32,
    /// When the last of the PCs' summaries arrived.
    pub received_at: String,
    /// How many PCs' summaries were added up.
    pub devices: u32,
    pub summary: DailySummary,
}
