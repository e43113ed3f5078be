//! `cargo xtask bundle`: the release app and its installers, through the Tauri CLI
//! (`cargo tauri build`, installed by xtask, pinned to 2.x).
//!
//! Linux makes the `.deb` only: AppImage needs linuxdeploy, downloaded from GitHub at build
//! time. Windows makes the per-user NSIS `.exe` and the `.msi`. Tauri's NSIS bundler on Linux
//! downloads its `nsis_tauri_utils` plugin from GitHub and, with the offline WebView2 mode,
//! the WebView2 runtime from Microsoft, so NSIS is not built on Linux here.

use crate::install::{self, Purpose};
use crate::process::{command, run};
use crate::{root, target_dir, Result};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

pub fn bundle() -> Result {
    install::system_packages(Purpose::Run)?;
    install::npm_packages()?;
    install::tauri_cli()?;
    build()?;
    Ok(())
}

/// The installers this machine makes.
fn bundles() -> &'static str {
    if cfg!(windows) {
        "nsis,msi"
    } else {
        "deb"
    }
}

/// What one `cargo tauri build` made.
pub struct Built {
    /// `target/release/medsos-pd` (`.exe` on Windows): the binary inside the installers.
    pub binary: PathBuf,
    pub installers: Vec<PathBuf>,
}

impl Built {
    /// The `.deb`, when one was made.
    pub fn deb(&self) -> Option<&Path> {
        self.installers
            .iter()
            .find(|p| p.extension().is_some_and(|e| e == "deb"))
            .map(PathBuf::as_path)
    }
}

/// `cargo tauri build` of the app (its `beforeBuildCommand` builds the UI), honouring
/// CARGO_TARGET_DIR; prints what it made with sizes.
pub fn build() -> Result<Built> {
    let started = SystemTime::now();
    let clock = Instant::now();
    run(tauri_build(&root().join("src-tauri"), bundles()).arg("--locked"))?;
    let binary = target_dir()
        .join("release")
        .join(format!("medsos-pd{}", std::env::consts::EXE_SUFFIX));
    let installers = made_since(&target_dir().join("release/bundle"), "Medsos PD_", started)?;
    if installers.is_empty() {
        return Err(
            "cargo tauri build selesai tetapi tidak ada installer baru di target/release/bundle"
                .into(),
        );
    }
    println!("\nDibangun dalam {:.0} s:", clock.elapsed().as_secs_f64());
    for path in std::iter::once(&binary).chain(&installers) {
        println!("  {:>8}  {}", megabytes(size(path)?), path.display());
    }
    Ok(Built { binary, installers })
}

/// `cargo tauri build --bundles <bundles> --` in `project`, with the target folder xtask uses;
/// arguments added after this go to `cargo build`.
pub fn tauri_build(project: &Path, bundles: &str) -> std::process::Command {
    let mut cmd = command("cargo");
    cmd.args(["tauri", "build", "--bundles", bundles, "--"])
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target_dir())
        .stdin(std::process::Stdio::null());
    cmd
}

/// Installer files (not the folders the bundler stages them in) under `bundle/<kind>/`
/// whose name starts with `prefix`, written since `since`.
pub fn made_since(bundle: &Path, prefix: &str, since: SystemTime) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let kinds = std::fs::read_dir(bundle)
        .map_err(|e| format!("tidak dapat membaca {}: {e}", bundle.display()))?;
    for kind in kinds.flatten() {
        let Ok(files) = std::fs::read_dir(kind.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            let fresh = file
                .metadata()
                .ok()
                .filter(|m| m.is_file())
                .and_then(|m| m.modified().ok())
                .is_some_and(|m| m >= since);
            let ours = file.file_name().to_string_lossy().starts_with(prefix);
            if fresh && ours {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

pub fn size(path: &Path) -> Result<u64> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("tidak dapat membaca {}: {e}", path.display()))
}

/// Bytes as MB (10^6 bytes), one decimal.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
