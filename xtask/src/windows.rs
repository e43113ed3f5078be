//! `cargo xtask windows`, also the step "Windows: silang-bangun + Wine" of `cargo xtask test`:
//! cross-builds the hub and the desktop app for `x86_64-pc-windows-gnu` with mingw-w64 and
//! runs them under Wine (`tests/tests/windows_wine.rs`): the hub's HTTP contract, the
//! desktop command line and where it keeps its data, the Internet Options proxy, and the
//! release exe's PE header (GUI subsystem, AttachConsole imported).
//!
//! Wine 8 (Debian 12) lacks `bcryptprimitives.dll`, which Rust's std calls for random bytes,
//! so a stand-in built from `xtask/wine/bcryptprimitives.c` sits beside the test copies of
//! the exes under `<target>/wine-test/`. It never goes near anything shipped. So does
//! `WebView2Loader.dll`, which a windows-gnu build loads at start (MSVC builds link it in).
//!
//! When a tool cannot be had (mingw, Wine, the Rust target) the step fails; it is never
//! skipped. The window itself cannot run under Wine (no WebView2): the GUI is tested on
//! Linux by the end-to-end suite.

use crate::install::{self, WINDOWS_TARGET};
use crate::process::{command, run};
use crate::{root, target_dir, Result};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Instant;

pub const STEP: &str = "Windows: silang-bangun + Wine";

/// The cargo profile of the cross-build (release configuration, not optimised).
const PROFILE: &str = "windows-check";

/// `cargo xtask windows`: the step alone; builds the UI first when `ui/dist` is missing (the
/// desktop crate embeds it).
pub fn windows() -> Result {
    install::windows_tools()?;
    if !root().join("ui/dist/index.html").is_file() {
        install::npm_packages()?;
        println!("==> Membangun UI (ui/dist belum ada)");
        run(command("npm")
            .args(["run", "build"])
            .current_dir(root().join("ui")))?;
    }
    check()
}

/// The step of `cargo xtask test` (the UI is built by an earlier step).
pub fn step() -> Result {
    install::windows_tools()?;
    check()
}

fn check() -> Result {
    let started = Instant::now();
    println!("==> Silang-bangun untuk {WINDOWS_TARGET} (profil {PROFILE}: hub + aplikasi)");
    // One build of both in the release configuration (see `[profile.windows-check]` in the
    // workspace Cargo.toml): the exe the command-line tests run is the one whose PE header
    // is checked.
    run(command("cargo").args([
        "build",
        "--locked",
        "--profile",
        PROFILE,
        "--target",
        WINDOWS_TARGET,
        "-p",
        "medsos-hub",
        "-p",
        "medsos-pd",
    ]))?;
    let built = started.elapsed();

    let out = target_dir().join(WINDOWS_TARGET).join(PROFILE);
    let work = target_dir().join("wine-test");
    let exes = work.join("bin");
    fresh_dir(&exes)?;
    for file in ["medsos-hub.exe", "medsos-pd.exe", "WebView2Loader.dll"] {
        // A windows-gnu build links WebView2's loader as a DLL (MSVC builds, the ones
        // shipped, link it statically); it must sit beside the exe even for the command line.
        copy(&out.join(file), &exes.join(file))?;
    }
    build_shim(&exes.join("bcryptprimitives.dll"))?;

    // A fresh prefix each run: the tests look at what the app creates in its profile.
    let prefix = work.join("prefix");
    if prefix.exists() {
        stop_wineserver(&prefix);
        std::fs::remove_dir_all(&prefix).map_err(|e| {
            format!(
                "prefix Wine lama {} tidak dapat dihapus: {e}",
                prefix.display()
            )
        })?;
    }
    println!("==> Menyiapkan prefix Wine di {}", prefix.display());
    let booted = run(wine_env(command("wine"), &prefix)
        .args(["wineboot", "--init"])
        .stdin(Stdio::null()));
    stop_wineserver(&prefix);
    booted.map_err(|e| format!("Wine tidak dapat menyiapkan prefix: {e}"))?;

    println!("==> Pengujian di bawah Wine (tests/tests/windows_wine.rs)");
    let tested = run(wine_env(command("timeout"), &prefix)
        .args(["--kill-after=30", "900"])
        .args([
            "cargo",
            "test",
            "--locked",
            "-p",
            "medsos-e2e",
            "--test",
            "windows_wine",
            "--",
            "--ignored",
            "--test-threads=1",
        ])
        .env("MEDSOS_WIN_HUB_EXE", exes.join("medsos-hub.exe"))
        .env("MEDSOS_WIN_APP_EXE", exes.join("medsos-pd.exe"))
        .env("MEDSOS_WIN_RELEASE_APP_EXE", exes.join("medsos-pd.exe"))
        .stdin(Stdio::null()));
    stop_wineserver(&prefix);
    tested?;
    println!(
        "Windows: silang-bangun {:.0} s, seluruh langkah {:.0} s.",
        built.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What every Wine process here runs with: this prefix, no debug chatter, no display (the
/// programs under test are console programs; nothing may wait for a window), and no
/// offer to download Mono or Gecko.
fn wine_env(mut cmd: std::process::Command, prefix: &Path) -> std::process::Command {
    cmd.env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree=d;mshtml=d")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
    cmd
}

fn stop_wineserver(prefix: &Path) {
    let _ = wine_env(command("wineserver"), prefix)
        .arg("-k")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The stand-in `bcryptprimitives.dll` (see the module comment).
fn build_shim(dll: &Path) -> Result {
    let source: PathBuf = root().join("xtask/wine");
    run(command("x86_64-w64-mingw32-gcc")
        .args(["-O2", "-shared", "-s", "-o"])
        .arg(dll)
        .arg(source.join("bcryptprimitives.c"))
        .arg(source.join("bcryptprimitives.def"))
        .arg("-ladvapi32"))
    .map_err(|e| format!("bcryptprimitives.dll pengganti untuk Wine gagal dibangun: {e}"))
}

fn fresh_dir(dir: &Path) -> Result {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .map_err(|e| format!("{} tidak dapat dikosongkan: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{} tidak dapat dibuat: {e}", dir.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to).map(drop).map_err(|e| {
        format!(
            "{} tidak dapat disalin ke {}: {e}",
            from.display(),
            to.display()
        )
    })
}
