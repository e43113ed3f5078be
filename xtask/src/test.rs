//! `cargo xtask test`: everything CI checks, in the order that fails fastest.

use crate::install::{self, Purpose};
use crate::process::{command, run};
use crate::steps::Steps;
use crate::{root, target_dir, Result};

pub fn test() -> Result {
    install::system_packages(Purpose::Test)?;
    install::npm_packages()?;
    install::tauri_driver()?;
    install::cargo_deny()?;

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
        steps.skip("Rust tests", why);
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
        steps.step("Rust tests", || {
            run(command("cargo").args([
                "test",
                "--workspace",
                "--locked",
                "--exclude",
                "medsos-e2e",
            ]))
        });
        // Cross-built exes under Wine; a missing tool fails this step, never skips it.
        steps.step(crate::windows::STEP, crate::windows::step);
        let built = steps.step("build app + hub (debug)", || {
            run(command("cargo").args(["build", "--locked", "-p", "medsos-pd", "-p", "medsos-hub"]))
        });
        // The release app too: the end-to-end suite checks that its debug hooks are gone.
        let built = built
            && steps.step("build app (release)", || {
                run(command("cargo").args(["build", "--release", "--locked", "-p", "medsos-pd"]))
            });
        if built {
            steps.step("end-to-end tests (Xvfb)", end_to_end);
        } else {
            steps.skip("end-to-end tests (Xvfb)", "aplikasi gagal dibangun");
        }
    }
    steps.summary();
    match steps.failed() {
        0 => Ok(()),
        n => Err(format!("{n} langkah gagal")),
    }
}

fn end_to_end() -> Result {
    let bin = target_dir().join("debug");
    // A hung window must fail the run, not hold CI until its own limit.
    run(command("timeout")
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

/// Regenerates the TypeScript bindings from the Rust IPC types.
pub fn bindings() -> Result {
    run(command("cargo")
        .args(["test", "-p", "medsos-pd", "--lib", "bindings"])
        .env("MEDSOS_UPDATE_BINDINGS", "1"))?;
    println!("ui/src/lib/bindings.ts diperbarui.");
    Ok(())
}
