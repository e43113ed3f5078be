//! App releases for the desktop updater (tauri-plugin-updater v2): the header a PC names its
//! own version in, and the answer of the hub's update endpoint.

use serde::{Deserialize, Serialize};

/// The header every request of an enrolled PC may carry with the app's version (semver, e.g.
/// `0.1.0`); the hub records it at sync, so Diskominfo sees which version each PC runs.
pub const APP_VERSION_HEADER: &str = "X-Medsos-App-Version";

/// The longest version text the hub records from [`APP_VERSION_HEADER`].
pub const MAX_APP_VERSION_CHARS: usize = 32;

/// `GET /api/v1/releases/{target}/{arch}/{current_version}` when a newer release is
/// published: Tauri's "dynamic server" answer, field for field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "version": "0.2.0",
    "notes": "Perbaikan sinkron dan kalender.",
    "pub_date": "2026-12-06T10:00:00Z",
    "url": "https://medsos.cianjurkab.go.id/api/v1/releases/files/3/Medsos_PD_0.2.0_x64-setup.exe",
    "signature": "dW50cnVzdGVkIGNvbW1lbnQ6IHNpZ25hdHVyZSBmcm9tIHRhdXJpIHNlY3JldCBrZXkK..."
})))]
pub struct ReleaseManifest {
    /// The release's version (semver).
    pub version: String,
    /// What changed, as Diskominfo wrote it; may be empty.
    pub notes: String,
    /// When the hub published it, RFC 3339 in UTC.
    pub pub_date: String,
    /// Where the updater downloads the artifact: an absolute URL on this hub.
    pub url: String,
    /// The content of the artifact's `.sig` file as Tauri's signer writes it (base64 of a
    /// minisign signature file); the updater checks it against the key built into the app.
    pub signature: String,
}
