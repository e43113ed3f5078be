//! `cargo xtask`: the project's own commands, so a newcomer needs to know only two.
//!
//! - `cargo xtask run`: install what is missing, build, start the hub with a demo agency,
//!   seed a demo store and open the app.
//! - `cargo xtask test`: install what is missing, then every check and test, with a summary.
//! - `cargo xtask hub-postgres`: only the PostgreSQL pass of `cargo xtask test` (the hub's
//!   router tests on a throwaway PostgreSQL cluster).
//! - `cargo xtask bindings`: regenerate `ui/src/lib/bindings.ts` from the Rust IPC types.
//! - `cargo xtask demo`: (re)create the demo store and hub database under `target/demo`.
//! - `cargo xtask windows`: cross-build for Windows and test the exes under Wine (also a
//!   step of `cargo xtask test`).
//! - `cargo xtask bench-window`: time the release window to Beranda with a busy store.
//! - `cargo xtask bundle`: the release app and its installers (`.deb` here; NSIS and MSI on
//!   Windows) through the Tauri CLI.
//! - `cargo xtask bench-size`: the release binary and `.deb` beside a bare Tauri 2 app's.
//! - `cargo xtask bench-hub`: the hub on PostgreSQL, two processes behind nginx, timed over
//!   HTTP: ingest days a second and the dashboard's overview under 200 sessions (not part of
//!   `cargo xtask test`).
//! - `cargo xtask soak`: SIGKILL the app and the hub hundreds of times and check that nothing
//!   acknowledged was lost (not part of `cargo xtask test`).

mod bench_hub;
mod bench_size;
mod bench_tray;
mod bench_window;
mod bundle;
mod demo;
mod fuzz;
mod install;
mod keyring;
mod process;
mod procfs;
mod run;
mod soak;
mod steps;
mod test;
mod windows;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
cargo xtask <perintah>

  run        pasang yang kurang, bangun, jalankan hub + aplikasi dengan data demo
  test       pasang yang kurang, lalu semua pemeriksaan dan pengujian
  hub-postgres  hanya uji hub (API, dasbor, akun, arahan, sinkron) di klaster PostgreSQL
             sementara, bagian dari `test`
  bindings   buat ulang ui/src/lib/bindings.ts dari tipe Rust
  demo       buat ulang data demo di target/demo
  bundle     bangun aplikasi rilis dan installernya (.deb di Linux; NSIS + MSI di Windows)
  bench-size ukuran biner rilis dan .deb dibanding aplikasi Tauri 2 kosong
  bench-hub [--agencies N] [--workers N] [--users N] [--rounds N]  ukur hub di PostgreSQL
             (2 proses di belakang nginx): hari tersimpan per detik (200 PD, 32 pekerja) dan
             ikhtisar dasbor untuk 200 sesi sekaligus (5 muat masing-masing)
  windows    silang-bangun hub + aplikasi untuk Windows dan uji di bawah Wine
  bench-window  ukur waktu jendela rilis sampai Beranda tampil (20.000 draf, butuh layar)
  bench-tray [--seconds N]  ukur CPU aplikasi rilis yang tersembunyi di baki (600 s, butuh layar)
  fuzz [--seconds N]  fuzz pembaca CSV dan XLSX impor aduan, N detik masing-masing (600)
  soak [--kills N] [--hub-kills H] [--seed S]  SIGKILL aplikasi N kali (500) dan hub H kali
             (N/10) di tengah kerja, lalu periksa tidak ada yang hilang
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(),
        Some("test") => test::test(),
        Some("hub-postgres") => test::hub_postgres(),
        Some("bindings") => test::bindings(),
        Some("bundle") => bundle::bundle(),
        Some("bench-size") => bench_size::bench_size(),
        Some("bench-hub") => bench_hub::bench_hub(&args[1..]),
        Some("windows") => windows::windows(),
        Some("bench-window") => bench_window::bench_window(),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("soak") => soak::soak(&args[1..]),
        Some("bench-tray") => bench_tray::bench_tray(&args[1..]),
        Some("demo") => demo::reset().map(|paths| {
            println!("Data demo siap di {}", paths.root.display());
        }),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the folder holding the top-level Cargo.toml).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where cargo puts build output, honouring CARGO_TARGET_DIR (CI keeps it outside the clone).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        }
        None => root().join("target"),
    }
}

pub type Result<T = ()> = std::result::Result<T, String>;
