//! What the hub keeps of app releases and of the version each PC runs, in the hub's types
//! (see `crate::release` for the rules and the artifacts' files).

use crate::error::Error;
use semver::Version;
use time::OffsetDateTime;

/// A release about to be published; its file is already checked and staged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelease {
    pub version: Version,
    pub target: String,
    pub arch: String,
    pub notes: String,
    /// The `.sig` content in Tauri's form (base64 of the minisign signature file).
    pub signature: String,
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
}

/// A published release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub id: i64,
    pub version: Version,
    pub target: String,
    pub arch: String,
    pub notes: String,
    pub signature: String,
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    pub published_at: OffsetDateTime,
}

/// One PC and the app version it last named, for the dashboard's `/rilis`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcVersion {
    pub agency_code: String,
    pub agency_name: String,
    pub device_id: i64,
    pub device_name: String,
    /// `None` until the PC names its version (`X-Medsos-App-Version`).
    pub app_version: Option<String>,
    /// When the PC first named that version.
    pub reported_at: Option<OffsetDateTime>,
    pub last_seen: Option<OffsetDateTime>,
    pub revoked: bool,
}

/// The releases' part of the hub's store.
pub trait ReleaseStore: Send + Sync {
    /// Stores `release` and, in the same transaction, calls `place` with its new id (to move
    /// the artifact into place); nothing is kept when `place` fails. A release of the same
    /// target, arch and version is refused (`release.duplicate`).
    fn add_release(
        &self,
        release: &NewRelease,
        now: OffsetDateTime,
        place: &mut dyn FnMut(i64) -> Result<(), Error>,
    ) -> Result<Release, Error>;
    /// Whether a release of this target, arch and version is held.
    fn release_exists(&self, target: &str, arch: &str, version: &Version) -> Result<bool, Error>;
    /// Every release, newest publication first.
    fn releases(&self) -> Result<Vec<Release>, Error>;
    fn release(&self, id: i64) -> Result<Option<Release>, Error>;
    /// The highest version for `target` and `arch` above `current` (semver order), if any.
    fn newest_release_after(
        &self,
        target: &str,
        arch: &str,
        current: &Version,
    ) -> Result<Option<Release>, Error>;
    /// Records that PC `device_id` runs `version` since `now`; answers whether it changed.
    fn record_app_version(
        &self,
        device_id: i64,
        version: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error>;
    /// Every PC with its agency and version, by agency name, then active PCs first.
    fn pc_versions(&self) -> Result<Vec<PcVersion>, Error>;
}
