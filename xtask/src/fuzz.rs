//! `cargo xtask fuzz [--seconds N] [--seed S]`: fuzzes the complaint import readers, CSV
//! then XLSX, for N seconds each (default 600), and fails on any crash.
//!
//! The driver is the ignored test `fuzz_for_a_while` in core/tests/fuzz_tables.rs (no
//! nightly toolchain or cargo-fuzz needed). It is built optimised but with overflow checks
//! and debug assertions, in a profile of its own so it never evicts the release build.
//! The input being read is kept on disk, so when a file kills the process outright (an
//! abort, not a panic) it is copied to `<target>/fuzz/crash-<reader>-<seed>.bin`.

use crate::process;
use std::process::Stdio;

const USAGE: &str = "cargo xtask fuzz [--seconds N] [--seed S]";

pub fn fuzz(args: &[String]) -> crate::Result {
    let mut seconds: u64 = 600;
    let mut seed: u64 = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = |v: Option<&String>| -> crate::Result<u64> {
            v.and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{arg} butuh angka; pakai: {USAGE}"))
        };
        match arg.as_str() {
            "--seconds" => seconds = value(args.next())?,
            "--seed" => seed = value(args.next())?,
            other => return Err(format!("opsi {other} tidak dikenal; pakai: {USAGE}")),
        }
    }
    let dir = crate::target_dir().join("fuzz");
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("tidak dapat membuat {}: {e}", dir.display()))?;

    let mut lines = Vec::new();
    let mut failures = Vec::new();
    for reader in ["csv", "xlsx"] {
        println!("\n==> fuzz {reader}: {seconds} s, seed {seed}");
        let input = dir.join(format!("sedang-dibaca-{reader}.bin"));
        let output = process::command("cargo")
            .current_dir(crate::root())
            .args(["test", "--profile", "fuzz"])
            .args(["--config", "profile.fuzz.inherits=\"release\""])
            .args(["--config", "profile.fuzz.overflow-checks=true"])
            .args(["--config", "profile.fuzz.debug-assertions=true"])
            .args(["-p", "medsos-core", "--test", "fuzz_tables", "--"])
            .args(["--ignored", "--exact", "fuzz_for_a_while", "--nocapture"])
            .env("MEDSOS_FUZZ_READER", reader)
            .env("MEDSOS_FUZZ_SECONDS", seconds.to_string())
            .env("MEDSOS_FUZZ_SEED", seed.to_string())
            .env("MEDSOS_FUZZ_INPUT", &input)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("tidak dapat menjalankan cargo test: {e}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        print!("{stdout}");
        match stdout.lines().find(|l| l.starts_with("FUZZ ")) {
            Some(line) if output.status.success() => lines.push(line.to_string()),
            _ => {
                let kept = dir.join(format!("crash-{reader}-{seed}.bin"));
                let saved = std::fs::copy(&input, &kept).is_ok();
                failures.push(format!(
                    "fuzz {reader} gagal ({}){}",
                    output.status,
                    if saved {
                        format!("; input terakhir disimpan di {}", kept.display())
                    } else {
                        String::new()
                    }
                ));
            }
        }
    }
    println!("\n──────── Ringkasan cargo xtask fuzz ────────");
    for line in &lines {
        println!("  {line}");
    }
    for failure in &failures {
        println!("  GAGAL  {failure}");
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}
