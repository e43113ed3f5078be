//! `cargo xtask bench-size`: the size of what an admin downloads, beside a bare Tauri 2 app
//! built in the same run, on the same machine, with the same release profile.
//!
//! The bare app is generated under `target/bench-size/bare`: tauri ^2 and tauri-build ^2, one
//! static index.html, a 1280×800 window, the workspace's icons, and the workspace's
//! Cargo.lock so both resolve the same crate versions. It builds into the same target folder,
//! so the crates both use are compiled once.

use crate::bundle::{self, made_since, megabytes, size, tauri_build};
use crate::install::{self, Purpose};
use crate::process::run;
use crate::{root, target_dir, Result};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

const BARE_NAME: &str = "bare-tauri";
const BARE_PRODUCT: &str = "Bare Tauri";

pub fn bench_size() -> Result {
    install::system_packages(Purpose::Run)?;
    install::npm_packages()?;
    install::tauri_cli()?;

    let clock = Instant::now();
    let ours = bundle::build()?;
    let ours_took = clock.elapsed();
    let our_deb = ours
        .deb()
        .ok_or("cargo tauri build tidak membuat .deb")?
        .to_path_buf();

    let project = target_dir().join("bench-size/bare");
    write_bare_project(&project)?;
    let started = SystemTime::now();
    let clock = Instant::now();
    run(&mut tauri_build(&project, "deb"))?;
    let bare_took = clock.elapsed();
    let bare_bin = target_dir().join("release").join(BARE_NAME);
    let bare_deb = made_since(
        &target_dir().join("release/bundle"),
        &format!("{BARE_PRODUCT}_"),
        started,
    )?
    .into_iter()
    .find(|p| p.extension().is_some_and(|e| e == "deb"))
    .ok_or("cargo tauri build aplikasi kosong tidak membuat .deb")?;

    let rows = [
        ("release binary", size(&ours.binary)?, size(&bare_bin)?),
        (".deb", size(&our_deb)?, size(&bare_deb)?),
    ];
    println!("\n──────── Ukuran: Medsos PD dibanding Tauri 2 kosong ────────");
    println!(
        "  {:<16} {:>10} {:>12} {:>7}",
        "", "Medsos PD", "Tauri kosong", "rasio"
    );
    for (what, ours, bare) in rows {
        println!(
            "  {what:<16} {:>10} {:>12} {:>6.2}×",
            megabytes(ours),
            megabytes(bare),
            ours as f64 / bare as f64
        );
    }
    println!(
        "  (byte: Medsos PD {} / {}, kosong {} / {})",
        rows[0].1, rows[1].1, rows[0].2, rows[1].2
    );
    println!(
        "  waktu bangun: Medsos PD {:.0} s, Tauri kosong {:.0} s (setelah Medsos PD, crate yang sama dipakai ulang)",
        ours_took.as_secs_f64(),
        bare_took.as_secs_f64()
    );
    Ok(())
}

/// Writes (over) the bare app's files; cargo rebuilds only what changed.
fn write_bare_project(project: &Path) -> Result {
    let write = |relative: &str, contents: &[u8]| -> Result {
        let path = project.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("tidak dapat membuat {}: {e}", parent.display()))?;
        }
        // Unchanged files keep their time, so cargo does not rebuild for nothing.
        if std::fs::read(&path).is_ok_and(|old| old == contents) {
            return Ok(());
        }
        std::fs::write(&path, contents)
            .map_err(|e| format!("tidak dapat menulis {}: {e}", path.display()))
    };
    let version = env!("CARGO_PKG_VERSION");
    write(
        "Cargo.toml",
        format!(
            r#"[package]
name = "{BARE_NAME}"
version = "{version}"
edition = "2021"
description = "A bare Tauri 2 app, the yardstick of cargo xtask bench-size"
publish = false

# Its own workspace: nothing of Medsos PD's comes in. Release profile: cargo's default, as the
# Medsos PD workspace has no [profile.release].
[workspace]

[build-dependencies]
tauri-build = {{ version = "^2", features = [] }}

[dependencies]
tauri = {{ version = "^2", features = [] }}
"#
        )
        .as_bytes(),
    )?;
    write("build.rs", b"fn main() {\n    tauri_build::build()\n}\n")?;
    write(
        "src/main.rs",
        br#"#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the bare app");
}
"#,
    )?;
    write(
        "dist/index.html",
        b"<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>Tauri kosong</title></head>\n<body><h1>Tauri kosong</h1></body></html>\n",
    )?;
    let config = serde_json::json!({
        "$schema": "https://schema.tauri.app/config/2",
        "productName": BARE_PRODUCT,
        "mainBinaryName": BARE_NAME,
        "identifier": "id.go.cianjurkab.baretauri",
        "build": { "frontendDist": "dist" },
        "app": {
            "windows": [{ "title": BARE_PRODUCT, "width": 1280, "height": 800 }]
        },
        "bundle": {
            "active": true,
            "targets": ["deb"],
            "publisher": "Diskominfo Kabupaten Cianjur",
            "icon": icons()
        }
    });
    write(
        "tauri.conf.json",
        serde_json::to_string_pretty(&config)
            .map_err(|e| e.to_string())?
            .as_bytes(),
    )?;
    // The same crate versions as the workspace; cargo drops what the bare app does not use.
    let lock = std::fs::read(root().join("Cargo.lock"))
        .map_err(|e| format!("tidak dapat membaca Cargo.lock: {e}"))?;
    if !project.join("Cargo.lock").exists() {
        write("Cargo.lock", &lock)?;
    }
    Ok(())
}

/// The workspace's icons, by absolute path.
fn icons() -> Vec<PathBuf> {
    [
        "32x32.png",
        "128x128.png",
        "128x128@2x.png",
        "icon.png",
        "icon.ico",
    ]
    .iter()
    .map(|name| root().join("icons").join(name))
    .collect()
}
