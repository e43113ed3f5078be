//! What the kinerja dashboard computes, apart from how it is shown: the period asked for, the
//! weights and targets Diskominfo set, and the figures per agency. Plain functions of a
//! [`crate::store::HubStore`], so the pages, the exports and the benchmarks share one meaning of each figure.

pub mod agency;
pub mod kinerja;
pub mod overview;
pub mod period;
pub mod regency;
pub mod settings;

pub use overview::{overview, overview_in, AgencyRow, Indicator, Overview, INDICATORS};
pub use period::Period;
pub use settings::{DashboardSettings, Weights};
