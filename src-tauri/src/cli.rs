//! The command line for IT staff: `medsos-pd aduan import|export|retensi`, `summary --day`, `sync`
//! and `enrol` on the same store the window uses, with the same validation. Without a
//! subcommand the window opens.

use crate::data_dir;
use clap::{Parser, Subcommand, ValueEnum};
use medsos_core::complaints::io::{self, ImportDefaults};
use medsos_core::complaints::{self, Channel, ComplaintFilter, ComplaintStatus};
use medsos_core::sync;
use medsos_core::{Store, SystemClock};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "medsos-pd",
    about = "Medsos PD: meja media sosial Perangkat Daerah Kabupaten Cianjur.\nTanpa perintah, jendela aplikasi dibuka.",
    version
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Aduan warga: impor dari dan ekspor ke lembar kerja, dan penghapusan data pribadi
    /// sesuai masa retensi.
    Aduan {
        #[command(subcommand)]
        action: AduanAction,
    },
    /// Mencetak ringkasan harian satu hari persis seperti yang akan dikirim ke hub (JSON).
    Summary {
        /// Hari (YYYY-MM-DD, WIB).
        #[arg(long)]
        day: String,
    },
    /// Mengirim semua hari yang tertunda ke hub Diskominfo tanpa membuka jendela. Keluar
    /// dengan kode 1 bila masih ada hari yang tertunda atau PC belum terdaftar.
    Sync {
        /// Berapa kali mencoba bila jaringan atau hub bermasalah.
        #[arg(long, default_value_t = 5)]
        attempts: u32,
    },
    /// Mendaftarkan PC ini ke hub dengan kode sekali pakai dari Diskominfo.
    Enrol {
        /// Alamat hub, misalnya https://medsos.cianjurkab.go.id.
        #[arg(long)]
        hub: String,
        /// Kode pendaftaran dari Diskominfo.
        #[arg(long)]
        code: String,
        /// Nama PC ini yang terlihat oleh Diskominfo.
        #[arg(long)]
        device: Option<String>,
        /// Berkas sertifikat CA (PEM) bila hub memakai CA internal Diskominfo.
        #[arg(long)]
        ca_file: Option<PathBuf>,
    },
    /// (Build debug saja) Mengetik seperti editor: membuat draf dan menyimpan suntingan
    /// lewat jalur simpan otomatis, mencatat tiap simpanan yang selesai di FILE.
    #[cfg(debug_assertions)]
    #[command(name = "soak-ketik", hide = true)]
    SoakKetik {
        #[arg(long, default_value_t = 5)]
        draft_count: u64,
        #[arg(long, default_value_t = 1000)]
        edits: u64,
        /// Berkas tanda terima (satu baris JSON per simpanan yang selesai).
        #[arg(long, value_name = "FILE")]
        ack: PathBuf,
    },
    /// (Build debug saja) Memeriksa penyimpanan dan semua tanda terima di FILE; mencetak
    /// JSON dan keluar dengan kode 1 bila ada yang salah.
    #[cfg(debug_assertions)]
    #[command(name = "soak-periksa", hide = true)]
    SoakPeriksa {
        #[arg(long, value_name = "FILE")]
        ack: PathBuf,
        /// Folder cadangan yang tidak boleh berisi cadangan setengah jadi.
        #[arg(long, value_name = "DIR")]
        cadangan: Option<PathBuf>,
    },
    /// Membuat cadangan terenkripsi (basis data + media) dan memeriksanya; juga `backup list`
    /// dan `backup phrase --new`.
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        /// Folder tujuan (flashdisk, folder jaringan). Tanpa ini: folder pilihan di
        /// Pengaturan, atau folder `cadangan` di samping data.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(subcommand)]
        action: Option<BackupAction>,
    },
    /// Memulihkan data dari berkas cadangan. Frasa pemulihan (12 kata) dibaca dari masukan
    /// standar. Data yang sekarang disisihkan utuh, tidak ditimpa. Tutup jendela Medsos PD dulu.
    Restore {
        /// Berkas .cadangan.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum BackupAction {
    /// Menampilkan cadangan di sebuah folder: tanggal, instansi, ukuran, frasa yang dipakai.
    List {
        /// Folder cadangan.
        dir: PathBuf,
    },
    /// Frasa pemulihan: `--new` membuat frasa baru dan menampilkannya sekali.
    Phrase {
        /// Buat frasa baru. Cadangan berikutnya memakai frasa baru; cadangan lama tetap
        /// memerlukan frasa lamanya.
        #[arg(long)]
        new: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AduanAction {
    /// Mengimpor aduan dari CSV atau XLSX: semua baris atau tidak sama sekali.
    Import {
        /// Berkas .csv atau .xlsx.
        file: PathBuf,
        /// Berkas JSON pemetaan kolom, misalnya {"body": "Isi Aduan", "received_at": "Cap waktu"}.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Saluran untuk baris yang tidak menyebutkannya (instagram_komentar, instagram_dm,
        /// facebook_komentar, facebook_messenger, whatsapp, telepon, datang_langsung, sp4n_lapor).
        #[arg(long)]
        channel: Option<String>,
        /// Periksa saja, tanpa menyimpan.
        #[arg(long)]
        dry_run: bool,
        /// Nama yang dicatat sebagai pengimpor.
        #[arg(long)]
        actor: Option<String>,
    },
    /// Mengekspor daftar aduan (untuk laporan bulanan).
    Export {
        #[arg(long, value_enum)]
        format: Format,
        /// Hanya status ini (baru, diverifikasi, ditindaklanjuti, selesai, diteruskan,
        /// ditunda, diarsipkan, bukan_wewenang).
        #[arg(long)]
        status: Option<String>,
        /// Diterima sejak hari ini (YYYY-MM-DD, WIB).
        #[arg(long)]
        from: Option<String>,
        /// Diterima sampai hari ini (YYYY-MM-DD, WIB).
        #[arg(long)]
        to: Option<String>,
        /// Berkas tujuan.
        #[arg(long)]
        out: PathBuf,
        /// Sertakan nama dan kontak warga tanpa disamarkan (dicatat di log audit).
        #[arg(long)]
        with_personal_data: bool,
        /// Nama yang dicatat di log audit.
        #[arg(long)]
        actor: Option<String>,
    },
    /// Menjalankan aturan retensi sekarang (sama dengan yang dijalankan aplikasi tiap hari):
    /// data pribadi aduan yang sudah ditutup lebih lama dari masa retensi dihapus permanen.
    Retensi,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Xlsx,
    Csv,
}

/// True when the arguments name a command of this line (or ask for help or the version):
/// [`run_if_requested`] will answer them without opening the window. `medsos-pd` alone (or
/// with arguments a desktop launcher adds) opens the window.
pub fn handles(args: &[OsString]) -> bool {
    args.get(1).is_some_and(|first| {
        let first = first.to_string_lossy();
        matches!(
            first.as_ref(),
            "aduan"
                | "summary"
                | "sync"
                | "enrol"
                | "backup"
                | "restore"
                | "help"
                | "--help"
                | "-h"
                | "--version"
                | "-V"
        ) || debug_command(&first)
    })
}

/// The hidden commands only debug builds have (`cargo xtask soak` drives them).
#[cfg(debug_assertions)]
fn debug_command(name: &str) -> bool {
    matches!(name, "soak-ketik" | "soak-periksa")
}

#[cfg(not(debug_assertions))]
fn debug_command(_name: &str) -> bool {
    false
}

/// Runs a command when the arguments name one and answers with the exit code; `None` means
/// no subcommand was given and the window should open.
pub fn run_if_requested(args: &[OsString]) -> Option<i32> {
    if !handles(args) {
        return None;
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return Some(if error.use_stderr() { 2 } else { 0 });
        }
    };
    Some(match execute(cli.command) {
        Ok(message) => {
            println!("{message}");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            1
        }
    })
}

fn default_actor(actor: Option<String>) -> String {
    actor
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "baris perintah".into())
}

fn data_folder() -> Result<PathBuf, String> {
    data_dir::resolve_without_app().ok_or_else(|| {
        format!(
            "Folder data tidak diketahui; isi variabel {} dengan folder data Medsos PD.",
            data_dir::DATA_DIR_ENV
        )
    })
}

fn open_store() -> Result<Store, String> {
    let dir = data_folder()?;
    let path = dir.join(medsos_core::store::STORE_FILE_NAME);
    medsos_core::backup::finish_interrupted(&path).map_err(|e| e.to_string())?;
    Store::open_protected(&path)
        .map_err(|e| format!("{} ({})", e.payload().message, path.display()))
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{what} {} tidak dapat dibaca: {e}", path.display()))
}

fn execute(command: Command) -> Result<String, String> {
    match command {
        Command::Aduan { action } => aduan(action),
        Command::Summary { day } => summary(&day),
        Command::Sync { attempts } => sync(attempts),
        Command::Enrol {
            hub,
            code,
            device,
            ca_file,
        } => enrol(&hub, &code, device, ca_file.as_deref()),
        Command::Backup { out, action } => match action {
            None => backup_now(out.as_deref()),
            Some(BackupAction::List { dir }) => backup_list(&dir),
            Some(BackupAction::Phrase { new }) => backup_phrase(new),
        },
        Command::Restore { file } => restore(&file),
        #[cfg(debug_assertions)]
        Command::SoakKetik {
            draft_count,
            edits,
            ack,
        } => crate::soak::ketik(&open_store()?, draft_count, edits, &ack),
        #[cfg(debug_assertions)]
        Command::SoakPeriksa { ack, cadangan } => {
            let store = open_store()?;
            let (report, ok) = crate::soak::periksa(&store, &ack, cadangan.as_deref());
            let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
            if ok {
                Ok(text)
            } else {
                Err(text)
            }
        }
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn wib_minute(stored: &str) -> String {
    medsos_core::clock::from_stored(stored)
        .map(medsos_core::calendar::wib::format_minute)
        .map(|m| format!("{} WIB", m.replace('T', " ")))
        .unwrap_or_else(|| stored.to_owned())
}

fn backup_now(out: Option<&Path>) -> Result<String, String> {
    use medsos_core::backup;
    let store = open_store()?;
    let report = backup::create(
        store.conn(),
        store.path(),
        &SystemClock,
        backup::BackupReason::Manual,
        out,
    )
    .map_err(|e| e.to_string())?;
    let mut text = format!(
        "Cadangan ditulis dan diperiksa utuh: {}\n{}, {} draf, {} aduan, {} jadwal, {} berkas media, {:.1} detik.",
        report.file,
        megabytes(report.bytes),
        report.counts.drafts,
        report.counts.complaints,
        report.counts.slots,
        report.counts.files,
        report.elapsed_ms as f64 / 1000.0
    );
    if !report.pruned.is_empty() {
        text.push_str(&format!(
            "\nDihapus menurut aturan simpan (14 harian, 12 bulanan): {} cadangan lama.",
            report.pruned.len()
        ));
    }
    Ok(text)
}

fn backup_list(dir: &Path) -> Result<String, String> {
    let entries = medsos_core::backup::list(dir).map_err(|e| e.to_string())?;
    if entries.is_empty() {
        return Ok(format!("Tidak ada berkas cadangan di {}.", dir.display()));
    }
    let mut lines = vec![format!("{} cadangan di {}:", entries.len(), dir.display())];
    for e in entries {
        let name = Path::new(&e.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match e.problem {
            Some(problem) => lines.push(format!(
                "- {name}  {}  TIDAK DAPAT DIPAKAI: {problem}",
                megabytes(e.bytes)
            )),
            None => {
                let counts = e.counts.unwrap_or_default();
                lines.push(format!(
                    "- {name}  {}  {}  {}  {} draf, {} aduan, {} berkas  frasa {} (dibuat {})",
                    e.created_at.as_deref().map(wib_minute).unwrap_or_default(),
                    e.agency.unwrap_or_default(),
                    megabytes(e.bytes),
                    counts.drafts,
                    counts.complaints,
                    counts.files,
                    e.phrase_id.unwrap_or_default(),
                    e.phrase_set_at
                        .as_deref()
                        .map(wib_minute)
                        .unwrap_or_default(),
                ));
            }
        }
    }
    Ok(lines.join("\n"))
}

fn backup_phrase(new: bool) -> Result<String, String> {
    use medsos_core::backup;
    let store = open_store()?;
    if !new {
        return Ok(
            match backup::phrase_key(store.conn()).map_err(|e| e.to_string())? {
                Some(key) => format!(
                    "Frasa pemulihan kode {} dibuat {}. Frasanya sendiri tidak disimpan dan tidak \
                 dapat ditampilkan lagi; buat frasa baru dengan `medsos-pd backup phrase --new`.",
                    key.id,
                    wib_minute(&key.set_at)
                ),
                None => {
                    "Belum ada frasa pemulihan. Buat dengan `medsos-pd backup phrase --new`.".into()
                }
            },
        );
    }
    let phrase = backup::new_phrase(store.conn(), &SystemClock).map_err(|e| e.to_string())?;
    let key = backup::phrase_key(store.conn()).map_err(|e| e.to_string())?;
    let mut lines = vec![
        "Frasa pemulihan baru. Tulis 12 kata ini di kertas dan simpan di tempat aman;".to_string(),
        "frasa ini hanya ditampilkan sekali, dan tanpa frasa cadangan tidak dapat dibuka."
            .to_string(),
        String::new(),
    ];
    for (i, word) in phrase.words().iter().enumerate() {
        lines.push(format!("{:>2}. {word}", i + 1));
    }
    lines.push(String::new());
    lines.push(format!(
        "Kode frasa: {}. Cadangan berikutnya memakai frasa ini; cadangan lama tetap memerlukan \
         frasa lamanya.",
        key.map(|k| k.id).unwrap_or_default()
    ));
    Ok(lines.join("\n"))
}

/// Reads the phrase from standard input: a prompt on a terminal, or everything piped in.
fn read_phrase() -> Result<medsos_core::backup::RecoveryPhrase, String> {
    use std::io::{IsTerminal, Read};
    let mut text = String::new();
    if std::io::stdin().is_terminal() {
        eprintln!("Ketik frasa pemulihan (12 kata), lalu Enter:");
        std::io::stdin()
            .read_line(&mut text)
            .map_err(|e| format!("Frasa tidak terbaca: {e}"))?;
    } else {
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("Frasa tidak terbaca: {e}"))?;
    }
    medsos_core::backup::RecoveryPhrase::parse(&text).map_err(|e| e.to_string())
}

fn restore(file: &Path) -> Result<String, String> {
    use medsos_core::backup;
    let dir = data_folder()?;
    let path = dir.join(medsos_core::store::STORE_FILE_NAME);
    backup::finish_interrupted(&path).map_err(|e| e.to_string())?;
    // The header is checked before the phrase is asked for: a foreign or newer file is
    // refused at once.
    backup::inspect(file).map_err(|e| e.to_string())?;
    let phrase = read_phrase()?;
    // The agency of the store in use, when it opens; a store that does not (damaged, or its
    // key lost) is exactly what a restore is for.
    let current = if path.exists() {
        Store::open_protected(&path)
            .ok()
            .and_then(|s| medsos_core::profile::get(s.conn()).ok().flatten())
            .map(|p| (p.name, p.code))
    } else {
        None
    };
    let report =
        backup::restore(file, &phrase, &path, current, &SystemClock).map_err(|e| e.to_string())?;
    // The restored store opens and migrates here, so a problem shows now and not later.
    let store = Store::open_protected(&path).map_err(|e| e.payload().message)?;
    let enrolled = sync::hub::load_credentials(&dir).ok().flatten().is_some();
    if enrolled {
        backup::clear_restored(store.conn()).map_err(|e| e.to_string())?;
    }
    drop(store);
    let mut lines = vec![
        format!(
            "Dipulihkan dari {} (dibuat {}, {}): {} draf, {} aduan, {} jadwal, {} berkas media.",
            report.file,
            wib_minute(&report.backup_created_at),
            report.agency,
            report.counts.drafts,
            report.counts.complaints,
            report.counts.slots,
            report.counts.files
        ),
        format!(
            "{} hari akan dikirim ulang ke hub pada sinkron berikutnya.",
            report.pending_days
        ),
    ];
    if !report.set_aside.is_empty() {
        lines.insert(
            1,
            format!("Data sebelumnya disimpan utuh di {}.", report.set_aside),
        );
    }
    if !enrolled {
        lines.push(
            "PC ini belum terdaftar di hub: minta kode baru ke Diskominfo, lalu jalankan \
             `medsos-pd enrol --hub ALAMAT --code KODE`. PC lama otomatis dicabut saat PC ini \
             terdaftar."
                .into(),
        );
    }
    Ok(lines.join("\n"))
}

/// The payload of one day with the revision its next send would carry.
fn summary(day: &str) -> Result<String, String> {
    let store = open_store()?;
    let conn = store.conn();
    let day = medsos_core::calendar::wib::parse_day("day", day)
        .map(medsos_core::calendar::wib::format_day)
        .map_err(|e| e.to_string())?;
    let payload = sync::summary::next_send(conn, &SystemClock, &day).map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&payload).map_err(|e| e.to_string())
}

fn sync(attempts: u32) -> Result<String, String> {
    let dir = data_folder()?;
    let mut store = open_store()?;
    let report = sync::sync_all(store.conn_mut(), &SystemClock, &dir, attempts)?;
    let mut lines = Vec::new();
    if report.sent.is_empty() {
        lines.push("Tidak ada hari yang perlu dikirim.".to_string());
    } else {
        lines.push(format!(
            "Dikirim: {}. Diterima hub: {} hari.",
            report.sent.join(", "),
            report.acknowledged
        ));
    }
    if report.holidays_imported > 0 {
        lines.push(format!(
            "{} hari libur diperbarui dari hub.",
            report.holidays_imported
        ));
    }
    if report.accounts_sent {
        lines.push("Daftar akun resmi dikirim ke hub.".to_string());
    }
    if report.reports_sent > 0 {
        lines.push(format!(
            "{} laporan akun palsu dikirim ke hub.",
            report.reports_sent
        ));
    }
    if report.meta_handed_over > 0 {
        lines.push(format!(
            "{} jadwal diserahkan ke hub untuk diterbitkan ke Meta pada waktunya.",
            report.meta_handed_over
        ));
    }
    if report.meta_published > 0 {
        lines.push(format!(
            "{} jadwal sudah diterbitkan hub; ditandai terbit dengan tautannya.",
            report.meta_published
        ));
    }
    if report.comments_received > 0 {
        lines.push(format!(
            "{} komentar baru dari Meta di Aduan, Komentar masuk.",
            report.comments_received
        ));
    }
    if let Some(error) = &report.error {
        lines.push(error.clone());
    }
    if report.pending_days > 0 {
        lines.push(format!(
            "Masih tertunda: {} hari. Jalankan medsos-pd sync lagi nanti.",
            report.pending_days
        ));
        return Err(lines.join("\n"));
    }
    lines.push("Semua hari sudah terkirim.".into());
    Ok(lines.join("\n"))
}

fn enrol(
    hub: &str,
    code: &str,
    device: Option<String>,
    ca_file: Option<&Path>,
) -> Result<String, String> {
    let dir = data_folder()?;
    let store = open_store()?;
    let device = device
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "PC Medsos PD".into());
    let credentials = sync::enrol_and_save(
        store.conn(),
        &SystemClock,
        &dir,
        hub,
        code,
        &device,
        ca_file,
    )
    .map_err(|e| e.to_string())?;
    let pending = sync::status(store.conn(), &dir)
        .map(|s| s.pending_days)
        .unwrap_or(0);
    Ok(format!(
        "PC \"{}\" terdaftar di {} (instansi nomor {}). {} hari siap dikirim; jalankan medsos-pd sync.",
        credentials.device_name, credentials.hub_url, credentials.agency_id, pending
    ))
}

fn aduan(action: AduanAction) -> Result<String, String> {
    let clock = SystemClock;
    match action {
        AduanAction::Import {
            file,
            mapping,
            channel,
            dry_run,
            actor,
        } => {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.display().to_string());
            let table = io::read_table_file(&file, &name).map_err(|e| e.to_string())?;
            let mapping = match mapping {
                Some(path) => io::mapping_from_json(&read(&path, "Berkas pemetaan")?)
                    .map_err(|e| e.to_string())?,
                None => io::guess_mapping(&table.headers),
            };
            let channel = match channel.as_deref() {
                Some(text) => Some(Channel::parse(text.trim()).ok_or_else(|| {
                    format!(
                        "Saluran \"{text}\" tidak dikenal. Pilih salah satu: {}.",
                        channels()
                    )
                })?),
                // Needed only for rows that do not name their channel: the preview names
                // each such row, and nothing is guessed.
                None => None,
            };
            let defaults = ImportDefaults::with_channel(channel);
            let mut store = open_store()?;
            let preview = io::preview(store.conn(), &clock, &table, &mapping, &defaults)
                .map_err(|e| e.to_string())?;
            if preview.problems_total > 0 {
                let mut lines: Vec<String> = preview
                    .problems
                    .iter()
                    .map(|p| format!("Baris {}, kolom {}: {}", p.row, p.column, p.message))
                    .collect();
                if preview.problems_total > preview.problems.len() {
                    lines.push(format!(
                        "… dan {} masalah lain.",
                        preview.problems_total - preview.problems.len()
                    ));
                }
                lines.push(format!(
                    "Tidak ada yang disimpan: {} baris dari {} bermasalah. Perbaiki berkasnya lalu impor lagi.",
                    preview.rows_total - preview.rows_ok,
                    preview.rows_total
                ));
                return Err(lines.join("\n"));
            }
            if dry_run {
                return Ok(format!(
                    "Pemeriksaan selesai: {} baris siap diimpor (belum disimpan).",
                    preview.rows_ok
                ));
            }
            let saved = io::commit(
                store.conn_mut(),
                &clock,
                &table,
                &mapping,
                &defaults,
                &default_actor(actor),
            )
            .map_err(|e| e.to_string())?;
            Ok(format!("{saved} aduan diimpor."))
        }
        AduanAction::Export {
            format,
            status,
            from,
            to,
            out,
            with_personal_data,
            actor,
        } => {
            let status = match status.as_deref() {
                Some(text) => Some(ComplaintStatus::parse(text.trim()).ok_or_else(|| {
                    format!("Status \"{text}\" tidak dikenal. Pilih salah satu: baru, diverifikasi, ditindaklanjuti, selesai, diteruskan, ditunda, diarsipkan, bukan_wewenang.")
                })?),
                None => None,
            };
            let filter = ComplaintFilter {
                status,
                from,
                to,
                ..ComplaintFilter::default()
            };
            let store = open_store()?;
            let actor = default_actor(actor);
            let bytes = match format {
                Format::Xlsx => {
                    io::export_xlsx(store.conn(), &clock, &filter, with_personal_data, &actor)
                }
                Format::Csv => {
                    io::export_csv(store.conn(), &clock, &filter, with_personal_data, &actor)
                }
            }
            .map_err(|e| e.to_string())?;
            medsos_core::export::write_file_atomically(&out, &bytes).map_err(|e| e.to_string())?;
            Ok(format!("Daftar aduan disimpan di {}.", out.display()))
        }
        AduanAction::Retensi => {
            let store = open_store()?;
            let years = complaints::retention_years(store.conn()).map_err(|e| e.to_string())?;
            let erased = complaints::apply_retention(store.conn(), &clock)
                .map_err(|e| format!("Retensi gagal: {e}"))?;
            Ok(if erased == 0 {
                format!("Tidak ada aduan yang perlu dihapus data pribadinya (masa retensi {years} tahun).")
            } else {
                format!(
                    "Data pribadi {erased} aduan dihapus permanen (ditutup lebih dari {years} tahun)."
                )
            })
        }
    }
}

fn channels() -> String {
    Channel::ALL
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
