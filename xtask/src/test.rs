//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::bundle;
use crate::install::{self, Purpose};
use crate::keyring;
use crate::process::{command, run};
use crate::steps::Steps;
use crate::{root, target_dir, Result};

pub fn test() -> Result {
    install::system_packages(Purpose::Test)?;
    install::npm_packages()?;
    install::tauri_driver()?;
    install::cargo_deny()?;
    install::tauri_cli()?;

    // One private session bus with an unlocked gnome-keyring for every test process: the
    // app keeps its store key and hub token in the Secret Service, and the tests use a real
    // one, never the developer's keyring. Its keyring file is thrown away afterwards.
    let keyring_home = target_dir().join(format!("xtask-keyring-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keyring_home);
    let session = keyring::Session::start(&keyring_home, "medsos-uji")
        .map_err(|e| format!("brankas kredensial untuk tes tidak dapat disiapkan: {e}"))?;
    let outcome = run_steps(&session);
    drop(session);
    let _ = std::fs::remove_dir_all(&keyring_home);
    outcome
}

fn run_steps(session: &keyring::Session) -> Result {
    let ui = root().join("ui");
    let mut steps = Steps::new();
    steps.step("cargo fmt --check", || {
        run(command("cargo").args(["fmt", "--all", "--", "--check"]))
    });
    // The desktop crate embeds ui/dist at compile time, so the UI is built first.
    // Licences, banned and duplicated crates, and where crates come from. The advisories
    // check needs the RustSec database from the internet, which CI machines cannot reach:
    // run `cargo deny check advisories` where it can be fetched (see the README).
    steps.step("cargo deny (licences, bans, sources)", || {
        run(command("cargo").args(["deny", "--locked", "check", "licenses", "bans", "sources"]))
    });
    let ui_built = steps.step("UI: build (vite)", || {
        run(command("npm").args(["run", "build"]).current_dir(&ui))
    });
    steps.step("UI: type check (svelte-check)", || {
        run(command("npm").args(["run", "check"]).current_dir(&ui))
    });
    steps.step("UI: unit tests (vitest)", || {
        run(command("npm").args(["test"]).current_dir(&ui))
    });
    if !ui_built {
        let why = "UI gagal dibangun";
        steps.skip("cargo clippy -D warnings", why);
        steps.skip(RUST_TESTS, why);
        steps.skip(HUB_ON_POSTGRES, why);
        steps.skip(crate::windows::STEP, why);
        steps.skip("end-to-end tests (Xvfb)", why);
    } else {
        steps.step("cargo clippy -D warnings", || {
            run(command("cargo").args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--locked",
                "--",
                "-D",
                "warnings",
            ]))
        });
        steps.step(RUST_TESTS, || {
            let mut cmd = command("cargo");
            cmd.args(WORKSPACE_TESTS);
            session.apply(&mut cmd);
            run(&mut cmd)
        });
        steps.step(HUB_ON_POSTGRES, hub_on_postgres);
        // Cross-built exes under Wine; a missing tool fails this step, never skips it.
        steps.step(crate::windows::STEP, crate::windows::step);
        let built = steps.step("build app + hub (debug)", || {
            run(command("cargo").args(["build", "--locked", "-p", "medsos-pd", "-p", "medsos-hub"]))
        });
        // The release app as shipped, built once: `cargo tauri build` compiles it (with
        // tauri's custom-protocol feature, as in the installers) and packs the .deb. The
        // end-to-end suite checks that its debug hooks are gone; the installer step below
        // installs the .deb.
        let mut release = None;
        let built = built
            && steps.step("build app (release) + .deb (cargo tauri build)", || {
                release = Some(bundle::build()?);
                Ok(())
            });
        if built {
            steps.step("end-to-end tests (Xvfb)", || end_to_end(session));
        } else {
            steps.skip("end-to-end tests (Xvfb)", "aplikasi gagal dibangun");
        }
        match release.as_ref().and_then(bundle::Built::deb) {
            Some(deb) => {
                steps.step("installer .deb: pasang, buka, lepas", || {
                    deb_install(deb, session)
                });
            }
            None => steps.skip("installer .deb: pasang, buka, lepas", ".deb tidak dibangun"),
        }
    }
    steps.step("actionlint (.github/workflows)", actionlint);
    steps.summary();
    match steps.failed() {
        0 => Ok(()),
        n => Err(format!("{n} langkah gagal")),
    }
}

/// `cargo` arguments for the workspace's tests. The PostgreSQL pass selects the same packages,
/// so that its test binaries are the ones the first pass built (one package alone would unify
/// other dependency features and build everything again).
const WORKSPACE_TESTS: &[&str] = &["test", "--workspace", "--locked", "--exclude", "medsos-e2e"];

/// The workspace's tests; the hub's run on SQLite, its default store.
const RUST_TESTS: &str = "Rust tests (hub on SQLite)";

/// The same hub tests again, on PostgreSQL.
const HUB_ON_POSTGRES: &str = "Rust tests: hub on PostgreSQL";

/// The hub's test files that run on whichever store `MEDSOS_TEST_DATABASE_URL` picks
/// (`server/tests/common`, `TestDb`): the API, enrolment, sync, the dashboard and its admin
/// pages, accounts, briefs and the uploads' caps.
const HUB_TESTS_ON_BOTH: &[&str] = &[
    "api",
    "dashboard_auth",
    "dashboard_pages",
    "admin_pages",
    "accounts",
    "briefs",
    "devices",
    "kinerja",
    "meta_dashboard",
    "public_registry",
    "bounded_growth",
    "enrolment_throttle",
];

/// `cargo xtask hub-postgres`: the PostgreSQL pass alone, with its summary.
pub fn hub_postgres() -> Result {
    let mut steps = Steps::new();
    steps.step(HUB_ON_POSTGRES, hub_on_postgres);
    steps.summary();
    match steps.failed() {
        0 => Ok(()),
        n => Err(format!("{n} langkah gagal")),
    }
}

/// Runs [`HUB_TESTS_ON_BOTH`] a second time with `MEDSOS_TEST_DATABASE_URL` naming one
/// throwaway PostgreSQL cluster made for this pass (Debian's `postgresql`, `initdb` in a temp
/// folder, run as the unprivileged `postgres` user, a random port); each test makes its own
/// database in it. The cluster is stopped and removed when the pass ends, whatever its outcome.
fn hub_on_postgres() -> Result {
    let cluster = medsos_pg_cluster::Cluster::start("medsos_uji")
        .map_err(|e| format!("klaster PostgreSQL untuk tes tidak dapat dijalankan: {e}"))?;
    let mut cmd = command("cargo");
    // Every file runs even after one fails, so the summary above it names them all.
    cmd.args(WORKSPACE_TESTS).arg("--no-fail-fast");
    // Only the hub has test files of these names.
    for test in HUB_TESTS_ON_BOTH {
        cmd.args(["--test", test]);
    }
    // Over the cluster's socket: a test makes several connections, and over TCP each would pay
    // for the password exchange, slow in a test build.
    cmd.env("MEDSOS_TEST_DATABASE_URL", cluster.socket_url("medsos_uji"))
        .stdin(std::process::Stdio::null());
    let outcome = run(&mut cmd).map_err(|e| format!("tes hub gagal di PostgreSQL: {e}"));
    drop(cluster);
    outcome
}

fn end_to_end(session: &keyring::Session) -> Result {
    let bin = target_dir().join("debug");
    let mut cmd = command("timeout");
    session.apply(&mut cmd);
    // A hung window must fail the run, not hold CI until its own limit.
    run(cmd
        .args([
            "--kill-after=30",
            "1200",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
        ])
        .args([
            "cargo",
            "test",
            "--locked",
            "-p",
            "medsos-e2e",
            "--",
            "--test-threads=1",
        ])
        .env("MEDSOS_APP_BIN", bin.join("medsos-pd"))
        .env("MEDSOS_HUB_BIN", bin.join("medsos-hub"))
        .env(
            "MEDSOS_RELEASE_APP_BIN",
            target_dir().join("release/medsos-pd"),
        )
        // Nothing here may wait for a keyboard.
        .stdin(std::process::Stdio::null()))
}

/// The `.deb` test (`tests/tests/deb_install.rs`): installs the package into this machine
/// with dpkg (needs root), opens the installed binary under Xvfb to Beranda, removes it.
fn deb_install(deb: &std::path::Path, session: &keyring::Session) -> Result {
    let mut cmd = command("timeout");
    session.apply(&mut cmd);
    run(cmd
        .args([
            "--kill-after=30",
            "600",
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1280x800x24",
        ])
        .args([
            "cargo",
            "test",
            "--locked",
            "-p",
            "medsos-e2e",
            "--test",
            "deb_install",
            "--",
            "--ignored",
            "--test-threads=1",
        ])
        .env("MEDSOS_DEB", deb)
        .stdin(std::process::Stdio::null()))
}

/// actionlint over every workflow in `.github/workflows/`.
fn actionlint() -> Result {
    let dir = root().join(".github/workflows");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("tidak dapat membaca {}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    if files.is_empty() {
        return Err(format!("tidak ada workflow di {}", dir.display()));
    }
    files.sort();
    run(install::actionlint()?.args(&files))
}

/// Regenerates the TypeScript bindings from the Rust IPC types.
pub fn bindings() -> Result {
    run(command("cargo")
        .args(["test", "-p", "medsos-pd", "--lib", "bindings"])
        .env("MEDSOS_UPDATE_BINDINGS", "1"))?;
    println!("ui/src/lib/bindings.ts diperbarui.");
    Ok(())
}
