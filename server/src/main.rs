//! `medsos-hub`: the command line of the Medsos Hub. Parsing and printing only; the work is
//! in the library's `cli` module.

use clap::{Parser, Subcommand};
use medsos_hub::cli;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Medsos Hub: server Diskominfo Kabupaten Cianjur untuk Medsos PD.
#[derive(Debug, Parser)]
#[command(name = "medsos-hub", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Menjalankan server HTTP sampai dihentikan (Ctrl-C atau SIGTERM).
    Serve {
        /// Berkas SQLite hub; dibuat bila belum ada.
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// Alamat HOST:PORT yang didengarkan.
        #[arg(long, value_name = "ADDR", default_value = cli::serve::DEFAULT_LISTEN)]
        listen: String,
    },
    /// Mengelola Perangkat Daerah (PD).
    #[command(subcommand)]
    Agency(AgencyCommand),
}

#[derive(Debug, Subcommand)]
enum AgencyCommand {
    /// Mendaftarkan PD dan mencetak kode pendaftaran sekali pakai.
    Add {
        /// Berkas SQLite hub; dibuat bila belum ada.
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
        /// Nama PD, 3 sampai 120 karakter, mis. "Dinas Kesehatan".
        #[arg(long)]
        name: String,
        /// Kode PD: A-Z, 0-9, titik, tanda hubung, garis bawah; paling banyak 32, mis. DINKES.
        #[arg(long)]
        code: String,
    },
    /// Menampilkan semua PD dan apakah PC-nya sudah terdaftar.
    List {
        /// Berkas SQLite hub; dibuat bila belum ada.
        #[arg(long, value_name = "PATH")]
        db: PathBuf,
    },
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    // The server's log is its record; for the one-shot admin commands it is only noise.
    init_logging(match command {
        Command::Serve { .. } => "info",
        Command::Agency(_) => "warn",
    });
    let result = match command {
        Command::Serve { db, listen } => cli::serve::run(&db, &listen).map(|()| String::new()),
        Command::Agency(AgencyCommand::Add { db, name, code }) => {
            cli::agency::add(&db, &name, &code)
        }
        Command::Agency(AgencyCommand::List { db }) => cli::agency::list(&db),
    };
    match result {
        Ok(output) => {
            // A closed pipe (`| head`) is not worth a panic or a failure exit.
            let _ = std::io::stdout().lock().write_all(output.as_bytes());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("Galat: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr, at `default_level` unless `RUST_LOG` says otherwise.
fn init_logging(default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
