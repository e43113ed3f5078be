//! Updates from the agency's own hub (`tauri-plugin-updater`): after each sync the app asks
//! the hub it is enrolled with, `GET /api/v1/releases/{target}/{arch}/{current_version}`,
//! and keeps what it offers until the admin installs it. Nothing is installed without the
//! admin's click (and the window holds the click while a draft has unsaved text).
//!
//! Every artifact is checked against Diskominfo's release key (minisign; the public half is
//! `plugins.updater.pubkey` in tauri.conf.json) before anything is written: a tampered file
//! or signature is refused with a message and the installed version keeps running.
//!
//! How an update is applied depends on how the app was installed. The Windows installers
//! (NSIS, MSI) and an AppImage are replaced by the updater. A Linux `.deb` is updated
//! through its package (`apt install ./medsos-pd_<versi>_amd64.deb`), so there the app
//! verifies the download and says so instead of installing it.

use crate::state::AppState;
use medsos_core::ErrorPayload;
use serde::Serialize;
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

/// Debug builds only: the public key (Tauri's format: base64 of a minisign `.pub` file) the
/// end-to-end tests sign their releases with, in place of Diskominfo's. Not compiled into
/// release builds.
#[cfg(debug_assertions)]
pub const TEST_PUBKEY_ENV: &str = "MEDSOS_TEST_UPDATER_PUBKEY";

/// How an offered update gets onto this PC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UpdateMethod {
    /// The updater replaces the app (Windows installers, AppImage).
    Installer,
    /// The app came from a Linux package: the admin's IT officer installs the new package.
    Package,
}

/// A newer version the hub offers.
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// Diskominfo's release notes.
    pub notes: String,
    /// When Diskominfo published it (RFC 3339), if the hub said.
    pub published_at: Option<String>,
    pub method: UpdateMethod,
}

/// What an install ended with (the Windows installer closes the app before this arrives).
#[derive(Debug, Clone, Serialize, TS)]
pub struct UpdateOutcome {
    /// The new version is in place; the app restarts into it.
    pub installed: bool,
    pub message: String,
}

/// The update found by the last check, kept for the window and the install.
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
}

pub fn method() -> UpdateMethod {
    if cfg!(target_os = "linux") && std::env::var_os("APPIMAGE").is_none() {
        UpdateMethod::Package
    } else {
        UpdateMethod::Installer
    }
}

fn offer(update: &Update) -> UpdateOffer {
    UpdateOffer {
        version: update.version.clone(),
        current_version: update.current_version.clone(),
        notes: update.body.clone().unwrap_or_default(),
        published_at: update.date.and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        }),
        method: method(),
    }
}

fn error(code: &str, message: String) -> ErrorPayload {
    ErrorPayload {
        code: code.into(),
        message,
    }
}

/// The updater's failure in the admin's words.
fn explain(failure: tauri_plugin_updater::Error, current: &str) -> ErrorPayload {
    use tauri_plugin_updater::Error as E;
    match failure {
        E::Minisign(_)
        | E::SignatureUtf8(_)
        | E::Base64(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => error(
            "update.signature",
            format!(
                "Tanda tangan berkas pembaruan tidak cocok dengan kunci rilis Diskominfo. \
                 Pembaruan tidak dipasang; versi {current} tetap berjalan. Laporkan ke Diskominfo."
            ),
        ),
        E::InsecureTransportProtocol => error(
            "update.insecure",
            "Pembaruan hanya diterima dari hub yang memakai HTTPS.".into(),
        ),
        E::Network(detail) => error(
            "update.network",
            format!("Berkas pembaruan tidak dapat diunduh dari hub: {detail}"),
        ),
        E::Reqwest(detail) => error(
            "update.network",
            format!("Hub tidak dapat dihubungi untuk pembaruan: {detail}"),
        ),
        other => error(
            "update.failed",
            format!("Pembaruan gagal: {other}. Versi {current} tetap berjalan."),
        ),
    }
}

/// Asks the enrolled hub for a newer version. `None` when the PC is not enrolled or the hub
/// has nothing newer.
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<Option<UpdateOffer>, ErrorPayload> {
    let current = app.package_info().version.to_string();
    let (hub_url, ca_file) = {
        let state = app.state::<AppState>();
        let dir = crate::commands::sync::data_dir(&state);
        state.with_store(|store| {
            let status = medsos_core::sync::status(store.conn(), &dir)?;
            Ok((
                status.hub_url.filter(|_| status.enrolled),
                medsos_core::sync::run::ca_file(store.conn())?,
            ))
        })?
    };
    let Some(hub_url) = hub_url else {
        return Ok(None);
    };
    let endpoint = format!(
        "{}/api/v1/releases/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}",
        hub_url.trim_end_matches('/')
    );
    let endpoint = endpoint
        .parse()
        .map_err(|e| error("update.url", format!("Alamat pembaruan tidak sah: {e}")))?;
    let mut builder = app
        .updater_builder()
        .endpoints(vec![endpoint])
        .map_err(|e| explain(e, &current))?
        .timeout(std::time::Duration::from_secs(120));
    #[cfg(debug_assertions)]
    if let Some(key) = std::env::var_os(TEST_PUBKEY_ENV).filter(|v| !v.is_empty()) {
        builder = builder.pubkey(key.to_string_lossy());
    }
    if let Some(path) = ca_file {
        // The same internal CA the sync trusts (enrolment's --ca-file).
        let pem = std::fs::read(&path).map_err(|e| {
            error(
                "update.ca",
                format!("Sertifikat CA hub {} tidak terbaca: {e}", path.display()),
            )
        })?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            error(
                "update.ca",
                format!("Sertifikat CA hub {} tidak sah: {e}", path.display()),
            )
        })?;
        builder = builder.configure_client(move |mut client| {
            for cert in &certs {
                client = client.add_root_certificate(cert.clone());
            }
            client
        });
    }
    let updater = builder.build().map_err(|e| explain(e, &current))?;
    let found = updater.check().await.map_err(|e| explain(e, &current))?;
    let offered = found.as_ref().map(offer);
    *app.state::<Updates>()
        .found
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = found;
    Ok(offered)
}

/// After a sync: looks for an update in the background; a failure is only logged (the next
/// sync tries again, and the admin can check from Pengaturan).
pub fn check_after_sync<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(failure) = check(&app).await {
            eprintln!("Pemeriksaan pembaruan tertunda: {}", failure.message);
        }
    });
}

/// What the last check found.
pub fn offered<R: Runtime>(app: &AppHandle<R>) -> Option<UpdateOffer> {
    app.state::<Updates>()
        .found
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(offer)
}

/// The backup every update is preceded by: to the chosen folder, or beside the store when
/// that folder is not there. Without a recovery phrase no backup can be made and the update
/// goes ahead (Pengaturan and Beranda already ask for the phrase); any other failure stops it.
async fn backup_before_update<R: Runtime>(app: &AppHandle<R>) -> Result<(), ErrorPayload> {
    use medsos_core::backup::BackupReason;
    let handle = app.clone();
    let made = tauri::async_runtime::spawn_blocking(move || {
        let state = handle.state::<crate::state::AppState>();
        let reason = BackupReason::SebelumPembaruan;
        match crate::commands::backup::backup_with_own_connection(&state, reason, None) {
            Ok(_) => Ok(()),
            Err(first) if first.code == "backup.phrase" => Ok(()),
            Err(first) => {
                let beside = medsos_core::backup::default_dir(&state.store_path);
                crate::commands::backup::backup_with_own_connection(&state, reason, Some(&beside))
                    .map(drop)
                    .map_err(|_| first)
            }
        }
    })
    .await
    .map_err(|e| {
        error(
            "internal",
            format!("Cadangan sebelum pembaruan terhenti: {e}"),
        )
    })?;
    made.map_err(|e| {
        error(
            "update.backup",
            format!(
                "Pembaruan belum dipasang karena cadangan sebelum pembaruan gagal: {} Versi \
                 yang sekarang tetap berjalan.",
                e.message
            ),
        )
    })
}

/// Downloads the offered update and checks its signature; then installs it (Windows,
/// AppImage: the app restarts into the new version) or, for a Linux package, says how to
/// install the package. Nothing changes on disk when the check fails.
pub async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateOutcome, ErrorPayload> {
    let current = app.package_info().version.to_string();
    let update = app
        .state::<Updates>()
        .found
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| {
            error(
                "update.none",
                "Tidak ada pembaruan yang ditawarkan. Sinkronkan dulu untuk memeriksa.".into(),
            )
        })?;
    // `download` checks the signature against the release key before answering.
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(|e| explain(e, &current))?;
    backup_before_update(app).await?;
    match method() {
        UpdateMethod::Package => Ok(UpdateOutcome {
            installed: false,
            message: format!(
                "Berkas versi {} sah (tanda tangan Diskominfo cocok), tetapi aplikasi ini \
                 dipasang dari paket .deb: minta petugas TI memasang paket versi {} \
                 (sudo apt install ./medsos-pd_{}_amd64.deb). Versi {current} tetap berjalan.",
                update.version, update.version, update.version
            ),
        }),
        UpdateMethod::Installer => {
            update.install(&bytes).map_err(|e| explain(e, &current))?;
            app.restart();
        }
    }
}
