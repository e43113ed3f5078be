//! `medsos-hub`: the command line of the Medsos Hub. Parsing and printing only; the work is
//! in the library's `cli` module.

use clap::{Parser, Subcommand};
use medsos_hub::cli;
use medsos_hub::connections::{self, Limits};
use medsos_hub::proxy::ProxyRange;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
        /// Berkas SQLite hub; dibuat bila belum ada. Tidak dipakai bersama --database-url.
        #[arg(
            long,
            value_name = "PATH",
            required_unless_present = "database_url",
            conflicts_with = "database_url"
        )]
        db: Option<PathBuf>,
        /// Basis data PostgreSQL sebagai ganti berkas SQLite, mis.
        /// postgres://pengguna:katasandi@host:5432/medsos (boleh lewat MEDSOS_DATABASE_URL agar
        /// kata sandi tidak tampak di daftar proses). Skemanya dimutakhirkan saat mulai.
        /// Memerlukan --secret-key-file; berkas rilis disimpan di releases/ di sampingnya.
        #[arg(
            long,
            value_name = "URL",
            env = "MEDSOS_DATABASE_URL",
            hide_env_values = true
        )]
        database_url: Option<String>,
        /// Alamat HOST:PORT yang didengarkan.
        #[arg(long, value_name = "ADDR", default_value = cli::serve::DEFAULT_LISTEN)]
        listen: String,
        /// Permintaan per menit yang boleh dikirim tiap token PD.
        #[arg(long, value_name = "N", default_value_t = medsos_hub::rate_limit::DEFAULT_PER_MINUTE)]
        rate_limit: u32,
        /// Kuki sesi dasbor tanpa atribut Secure, untuk hub yang dibuka lewat HTTP biasa di LAN.
        /// Tanpa ini, dasbor hanya dapat dibuka lewat HTTPS atau localhost.
        #[arg(long)]
        insecure_cookies: bool,
        /// Alamat atau rentang IP (CIDR, mis. 127.0.0.1 atau 10.0.0.0/8) reverse proxy
        /// tepercaya; boleh diulang. Hanya dari alamat ini header X-Forwarded-For dibaca untuk
        /// mengenali alamat klien (pembatas percobaan masuk dan pendaftaran). Tanpa ini,
        /// semua klien di balik proxy dianggap satu alamat.
        #[arg(long = "trusted-proxy", value_name = "CIDR")]
        trusted_proxies: Vec<ProxyRange>,
        /// Detik yang diberikan kepada klien untuk mengirim baris permintaan dan header-nya;
        /// koneksi yang lebih lambat ditutup.
        #[arg(long, value_name = "DETIK", default_value_t = connections::DEFAULT_HEADER_TIMEOUT_SECS,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        header_timeout_secs: u64,
        /// Detik paling lama untuk satu permintaan, termasuk mengunggah isinya; lewat dari itu
        /// dijawab 408.
        #[arg(long, value_name = "DETIK", default_value_t = connections::DEFAULT_REQUEST_TIMEOUT_SECS,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        request_timeout_secs: u64,
        /// Koneksi yang boleh terbuka bersamaan; klien berikutnya menunggu sampai ada yang
        /// ditutup.
        #[arg(long, value_name = "N", default_value_t = connections::DEFAULT_MAX_CONNECTIONS,
              value_parser = parse_max_connections)]
        max_connections: usize,
        #[command(flatten)]
        meta: MetaArgs,
        /// Alamat hub sebagaimana dijangkau dari internet, mis. https://medsos.cianjurkab.go.id.
        /// Meta mengambil foto publikasi dari alamat di bawahnya; tanpa ini, hub tidak
        /// menerbitkan ke Meta.
        #[arg(long, value_name = "URL", value_parser = parse_public_url)]
        public_url: Option<String>,
        /// Detik antara dua pemeriksaan publikasi yang sudah waktunya terbit.
        #[arg(long, value_name = "DETIK", default_value_t = 30,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        publish_interval: u64,
    },
    /// Sambungan ke Meta (Facebook dan Instagram) lewat token system user Diskominfo.
    #[command(subcommand)]
    Meta(MetaCommand),
    /// Mengelola Perangkat Daerah (PD).
    #[command(subcommand)]
    Agency(AgencyCommand),
    /// Mengelola wilayah (kode BPS): provinsi, kabupaten, dan kota yang dilayani hub.
    #[command(subcommand)]
    Region(RegionCommand),
    /// Ringkasan harian yang diterima dari PD.
    #[command(subcommand)]
    Summaries(SummariesCommand),
    /// Hari libur nasional dan cuti bersama.
    #[command(subcommand)]
    Holidays(HolidaysCommand),
    /// Akun media sosial resmi PD (registri).
    #[command(subcommand)]
    Account(AccountCommand),
    /// Arahan konten Diskominfo untuk semua PD.
    #[command(subcommand)]
    Brief(BriefCommand),
    /// Petugas Diskominfo yang boleh membuka dasbor kinerja.
    #[command(subcommand)]
    User(UserCommand),
    /// Rilis Medsos PD untuk pembaruan otomatis di PC PD.
    #[command(subcommand)]
    Release(ReleaseCommand),
    /// Memindahkan hub antar basis data.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Membuat salinan basis data hub yang utuh dan konsisten, juga saat hub sedang
    /// melayani. Salinan diperiksa (integrity_check) sebelum diberi nama; berkas yang sudah
    /// ada tidak pernah ditimpa.
    Backup {
        /// Berkas SQLite hub yang sudah ada. Hub di PostgreSQL (--database-url) dicadangkan
        /// dengan pg_dump.
        #[command(flatten)]
        store: StoreArgs,
        /// Berkas cadangan yang dibuat; tidak boleh sudah ada.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Menyalin seluruh isi hub SQLite ke PostgreSQL, untuk pindah ke PostgreSQL. Isi lama
    /// basis data tujuan diganti dalam satu transaksi dan jumlah baris tiap tabel diperiksa
    /// sebelum disimpan; bila gagal di mana pun, tujuan tetap seperti sebelumnya. Boleh
    /// dijalankan ulang.
    Copy {
        /// Hub SQLite sumber yang sudah ada: sqlite:PATH, mis.
        /// sqlite:/var/lib/medsos-hub/hub.sqlite3. Skemanya dimutakhirkan lebih dulu.
        #[arg(long, value_name = "sqlite:PATH")]
        from: String,
        /// Basis data PostgreSQL tujuan, mis. postgres://pengguna:katasandi@host:5432/medsos
        /// (boleh lewat MEDSOS_DATABASE_URL). Skemanya dibuat atau dimutakhirkan lebih dulu.
        #[arg(
            long,
            value_name = "URL",
            env = "MEDSOS_DATABASE_URL",
            hide_env_values = true
        )]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum ReleaseCommand {
    /// Menerbitkan satu rilis untuk satu platform; PC PD menawarkannya lewat pembaruan
    /// otomatis. Semua pemeriksaan dilakukan sebelum apa pun disimpan.
    Add {
        /// Berkas SQLite hub yang sudah ada (berkas rilis disimpan di folder `releases/` di
        /// sebelahnya), atau --database-url.
        #[command(flatten)]
        store: StoreArgs,
        /// Dengan --database-url: berkas kunci rahasia yang sama dengan `serve`; berkas rilis
        /// disimpan di folder `releases/` di sebelahnya, tempat `serve` mencarinya.
        #[arg(long, value_name = "PATH")]
        secret_key_file: Option<PathBuf>,
        /// Versi rilis (semver), mis. 0.2.0.
        #[arg(long, value_name = "V")]
        version: String,
        /// Platform <os>-<arsitektur>: os windows, linux atau darwin; arsitektur x86_64,
        /// aarch64, i686 atau armv7. Mis. windows-x86_64.
        #[arg(long, value_name = "TARGET")]
        target: String,
        /// Berkas installer atau paket pembaruan buatan `tauri build`.
        #[arg(long, value_name = "F")]
        file: PathBuf,
        /// Berkas .sig buatan `tauri signer sign` untuk berkas itu, atau isinya.
        #[arg(long, value_name = "SIG")]
        signature: String,
        /// Catatan rilis yang tampil di PC; boleh kosong, paling banyak 10.000 karakter.
        #[arg(long, value_name = "TEXT", default_value = "")]
        notes: String,
        /// Kunci publik updater seperti di tauri.conf.json (base64); bila diberikan, tanda
        /// tangan harus cocok dengan berkas.
        #[arg(long, value_name = "KEY")]
        pubkey: Option<String>,
    },
    /// Menampilkan semua rilis, yang terbaru lebih dulu.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

/// Where Meta's Graph API is and which key file seals the tokens; shared by `serve` and
/// every `meta` subcommand.
#[derive(Debug, clap::Args)]
struct MetaArgs {
    /// Alamat dasar Graph API Meta (dengan versinya).
    #[arg(long, value_name = "URL", default_value = medsos_hub::meta::graph::DEFAULT_GRAPH_URL)]
    meta_graph_url: String,
    /// Berkas kunci rahasia yang menyegel token Meta, di luar basis data; dibuat (0600) bila
    /// belum ada. Bawaan: berkas basis data ditambah `.key`.
    #[arg(long, value_name = "PATH")]
    secret_key_file: Option<PathBuf>,
}

impl MetaArgs {
    fn options(self, db: &std::path::Path) -> cli::meta::Options {
        cli::meta::Options {
            graph_url: self.meta_graph_url,
            key_file: self
                .secret_key_file
                .unwrap_or_else(|| medsos_hub::meta::secret::default_key_path(db)),
        }
    }
}

#[derive(Debug, Subcommand)]
enum MetaCommand {
    /// Menyambungkan hub ke Meta: membaca Page dan akun Instagram yang dijangkau token, lalu
    /// mencocokkannya dengan PD lewat akun resmi yang sudah disetujui.
    Connect {
        #[command(flatten)]
        store: StoreArgs,
        /// Token system user; tanpa ini, dibaca satu baris dari stdin (tidak tampil di
        /// riwayat shell).
        #[arg(long, value_name = "TOKEN")]
        token: Option<String>,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Membaca sekarang pengikut, angka postingan 30 hari terakhir dan komentar baru, lalu
    /// mengirim balasan yang antre (biasanya berjalan otomatis di `serve`).
    Pull {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Menampilkan sambungan Meta dan akun yang dijangkau, per PD.
    Status {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        meta: MetaArgs,
    },
}

/// Where `agency` and `user` find the hub's store: a SQLite file or a PostgreSQL database.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
struct StoreArgs {
    /// Berkas SQLite hub (`agency add` dan `user add` membuatnya bila belum ada; perintah lain
    /// memerlukan berkas yang sudah ada).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Basis data PostgreSQL hub sebagai ganti --db, mis. postgres://pengguna:katasandi@host/medsos
    /// (boleh lewat MEDSOS_DATABASE_URL).
    #[arg(
        long,
        value_name = "URL",
        env = "MEDSOS_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
}

impl StoreArgs {
    fn target(self) -> cli::Target {
        match (self.db, self.database_url) {
            (Some(db), _) => cli::Target::Sqlite(db),
            (None, Some(url)) => cli::Target::Postgres(url),
            // clap requires one of the two; an empty path fails as a missing file.
            (None, None) => cli::Target::Sqlite(PathBuf::new()),
        }
    }
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Menambah petugas; kata sandi ditanyakan (atau dibaca satu baris dari stdin).
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Nama pengguna untuk masuk, mis. rina.kominfo.
        #[arg(long)]
        username: String,
        /// Nama lengkap yang tampil di dasbor.
        #[arg(long)]
        name: String,
        /// Wilayah yang dilihat petugas: all (semua), kode provinsi (mis. 32) atau kode
        /// kabupaten/kota (mis. 32.03).
        #[arg(
            long,
            value_name = "KODE",
            default_value = "all",
            visible_alias = "wilayah"
        )]
        scope: String,
        /// Peran petugas: admin (mengelola PD, PC dan petugas dari dasbor) atau pemantau
        /// (hanya melihat).
        #[arg(
            long,
            value_name = "PERAN",
            default_value = "admin",
            visible_alias = "peran"
        )]
        role: String,
    },
    /// Mengubah peran petugas: admin atau pemantau. Admin aktif terakhir tidak dapat
    /// dijadikan pemantau.
    Role {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        username: String,
        /// admin atau pemantau.
        #[arg(long, value_name = "PERAN", visible_alias = "peran")]
        role: String,
    },
    /// Mengubah wilayah yang dilihat petugas (berlaku di halaman berikutnya).
    Scope {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        username: String,
        /// all (semua), kode provinsi (mis. 32) atau kode kabupaten/kota (mis. 32.03).
        #[arg(long, value_name = "KODE", visible_alias = "wilayah")]
        scope: String,
    },
    /// Menampilkan semua petugas.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Mengganti kata sandi petugas (dan mengakhiri sesinya).
    Password {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        username: String,
    },
    /// Menonaktifkan petugas (dan mengakhiri sesinya). Admin aktif terakhir tidak dapat
    /// dinonaktifkan.
    Disable {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
enum SummariesCommand {
    /// Mengekspor semua kolom ringkasan, satu baris per PD dan hari, ke stdout.
    Export {
        #[command(flatten)]
        store: StoreArgs,
        /// Hari pertama, YYYY-MM-DD.
        #[arg(long, value_name = "DAY")]
        from: String,
        /// Hari terakhir (ikut), YYYY-MM-DD.
        #[arg(long, value_name = "DAY")]
        to: String,
        #[arg(long, value_enum, default_value = "csv")]
        format: cli::summaries::Format,
    },
}

#[derive(Debug, Subcommand)]
enum HolidaysCommand {
    /// Mengimpor CSV `tanggal,jenis,keterangan`; daftar tiap tahun di berkas diganti seluruhnya.
    Import {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long, value_name = "CSV")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum AccountCommand {
    /// Mencatat akun resmi sebuah PD atas nama Diskominfo; langsung tampil di registri.
    /// Akun yang sudah terdaftar resmi untuk PD lain ditolak.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Kode PD, mis. DINKES.
        #[arg(long, value_name = "CODE")]
        agency: String,
        /// instagram atau facebook.
        #[arg(long)]
        platform: String,
        /// Nama akun (dengan atau tanpa @) atau alamat profilnya.
        #[arg(long)]
        handle: String,
        /// Lencana terverifikasi platform sudah diperiksa Diskominfo.
        #[arg(long)]
        verified: bool,
    },
    /// Menampilkan semua klaim akun dengan statusnya (menunggu, resmi, ditolak, dihapus).
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Menyetujui klaim akun sebuah PD: akun tampil di registri publik.
    Approve {
        #[command(flatten)]
        store: StoreArgs,
        /// instagram atau facebook.
        #[arg(long)]
        platform: String,
        /// Nama akun (dengan atau tanpa @) atau alamat profilnya.
        #[arg(long)]
        handle: String,
        /// Kode PD; wajib bila akun diklaim lebih dari satu PD.
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// Lencana terverifikasi platform sudah diperiksa Diskominfo.
        #[arg(long)]
        verified: bool,
    },
    /// Menolak klaim akun sebuah PD dengan alasan (tampil di Medsos PD).
    Reject {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        platform: String,
        #[arg(long)]
        handle: String,
        /// Kode PD; wajib bila akun diklaim lebih dari satu PD.
        #[arg(long, value_name = "CODE")]
        agency: Option<String>,
        /// Alasan penolakan (wajib).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// Menghapus akun dari registri publik dengan alasan.
    Remove {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        platform: String,
        #[arg(long)]
        handle: String,
        /// Alasan penghapusan (wajib).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum BriefCommand {
    /// Mencatat arahan konten baru.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        title: String,
        #[arg(long)]
        body: String,
        /// Program atau tagar, mis. #CianjurManjur.
        #[arg(long, default_value = "")]
        programme: String,
        /// Hari pertama, YYYY-MM-DD.
        #[arg(long, value_name = "DAY")]
        from: String,
        /// Hari terakhir (ikut), YYYY-MM-DD.
        #[arg(long, value_name = "DAY")]
        to: String,
        /// Kode PD tujuan; boleh diulang. Tanpa ini, arahan untuk semua PD.
        #[arg(long = "agency", value_name = "CODE")]
        agencies: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum RegionCommand {
    /// Mendaftarkan provinsi (mis. 32) atau kabupaten/kota di provinsi yang terdaftar
    /// (mis. 32.03).
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Kode BPS: dua angka untuk provinsi, mis. 32; kode provinsi, titik, dua angka untuk
        /// kabupaten/kota, mis. 32.03.
        #[arg(long)]
        code: String,
        /// Nama wilayah, 3 sampai 80 karakter, mis. "Kabupaten Cianjur".
        #[arg(long)]
        name: String,
    },
    /// Menampilkan semua wilayah dan jumlah PD-nya.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(Debug, Subcommand)]
enum AgencyCommand {
    /// Mendaftarkan PD dan mencetak kode pendaftaran sekali pakai.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        /// Nama PD, 3 sampai 120 karakter, mis. "Dinas Kesehatan".
        #[arg(long)]
        name: String,
        /// Kode PD: A-Z, 0-9, titik, tanda hubung, garis bawah; paling banyak 32, mis. DINKES.
        #[arg(long)]
        code: String,
        /// Kabupaten/kota PD (kode BPS, mis. 32.03). Boleh dilewati bila hub hanya melayani
        /// satu kabupaten/kota.
        #[arg(long, value_name = "KODE")]
        region: Option<String>,
    },
    /// Menampilkan semua PD, apakah PC-nya sudah terdaftar, dan wilayahnya.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Mencabut semua token PD (PC-nya ditolak dengan 401) dan kode yang belum dipakai.
    Revoke {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        code: String,
    },
    /// Mencetak kode pendaftaran sekali pakai untuk PC tambahan PD (mis. laptop lapangan),
    /// tanpa mencabut PC yang sudah terdaftar.
    Code {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        code: String,
    },
    /// Menampilkan PC sebuah PD dengan id, waktu daftar dan sinkron terakhirnya.
    Devices {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        code: String,
    },
    /// Mencabut satu PC (id dari `agency devices`); PC lain PD itu tetap aktif.
    RevokeDevice {
        #[command(flatten)]
        store: StoreArgs,
        /// Id PC.
        #[arg(long, value_name = "ID")]
        device: String,
    },
    /// Mencabut token lama PD dan mencetak kode pendaftaran sekali pakai yang baru.
    Rotate {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(long)]
        code: String,
    },
}

/// The Meta options of a `meta` command: the key file beside the SQLite file by default; with
/// `--database-url` it must be named (--secret-key-file), there being no file to put it beside.
fn meta_options(
    store: &StoreArgs,
    meta: MetaArgs,
) -> Result<cli::meta::Options, medsos_hub::error::Error> {
    match (&store.db, &meta.secret_key_file) {
        (Some(db), _) => Ok(meta.options(db)),
        (None, Some(key_file)) => {
            let key_file = key_file.clone();
            Ok(meta.options(&key_file))
        }
        (None, None) => Err(medsos_hub::error::Error::Invalid {
            code: "meta.secret_key_file_required",
            message: "Dengan --database-url, sebutkan juga --secret-key-file: berkas kunci yang \
                      menyegel token Meta, di luar basis data.",
        }),
    }
}

/// The store `serve` runs on and its Meta options: `--db` (its key file beside it by
/// default) or `--database-url` (its key file named with --secret-key-file: there is no
/// file to put it beside).
fn serve_database(
    db: Option<PathBuf>,
    database_url: Option<String>,
    meta: MetaArgs,
) -> Result<(cli::serve::Database, cli::meta::Options), medsos_hub::error::Error> {
    match (db, database_url) {
        (Some(db), _) => {
            let options = meta.options(&db);
            Ok((cli::serve::Database::Sqlite(db), options))
        }
        (None, Some(url)) => {
            let Some(key_file) = meta.secret_key_file.clone() else {
                return Err(medsos_hub::error::Error::Invalid {
                    code: "serve.secret_key_file_required",
                    message:
                        "Dengan --database-url, sebutkan juga --secret-key-file: berkas kunci \
                              yang menyegel token Meta, di luar basis data (dibuat bila belum ada).",
                });
            };
            let options = meta.options(&key_file);
            Ok((cli::serve::Database::Postgres { url }, options))
        }
        // clap requires one of the two.
        (None, None) => Err(medsos_hub::error::Error::Invalid {
            code: "serve.store_required",
            message: "Sebutkan --db PATH atau --database-url URL.",
        }),
    }
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    // The server's log is its record; for the one-shot admin commands it is only noise.
    init_logging(match command {
        Command::Serve { .. } => "info",
        _ => "warn",
    });
    let result = match command {
        Command::Serve {
            db,
            database_url,
            listen,
            rate_limit,
            insecure_cookies,
            trusted_proxies,
            header_timeout_secs,
            request_timeout_secs,
            max_connections,
            meta,
            public_url,
            publish_interval,
        } => serve_database(db, database_url, meta).and_then(|(database, meta)| {
            cli::serve::run_on(
                &database,
                cli::serve::Options {
                    meta,
                    public_url,
                    publish_interval: Duration::from_secs(publish_interval),
                    listen,
                    rate_limit,
                    insecure_cookies,
                    trusted_proxies,
                    limits: Limits {
                        header_timeout: Duration::from_secs(header_timeout_secs),
                        request_timeout: Duration::from_secs(request_timeout_secs),
                        max_connections,
                    },
                },
            )
            .map(|()| String::new())
        }),
        Command::Region(RegionCommand::Add { store, code, name }) => {
            cli::region::add(store.target(), &code, &name)
        }
        Command::Region(RegionCommand::List { store }) => cli::region::list(store.target()),
        Command::Agency(AgencyCommand::Add {
            store,
            name,
            code,
            region,
        }) => cli::agency::add_in(store.target(), &name, &code, region.as_deref()),
        Command::Agency(AgencyCommand::List { store }) => cli::agency::list(store.target()),
        Command::Agency(AgencyCommand::Revoke { store, code }) => {
            cli::agency::revoke(store.target(), &code)
        }
        Command::Agency(AgencyCommand::Rotate { store, code }) => {
            cli::agency::rotate(store.target(), &code)
        }
        Command::Agency(AgencyCommand::Code { store, code }) => {
            cli::agency::code(store.target(), &code)
        }
        Command::Agency(AgencyCommand::Devices { store, code }) => {
            cli::agency::devices(store.target(), &code)
        }
        Command::Agency(AgencyCommand::RevokeDevice { store, device }) => {
            cli::agency::revoke_device(store.target(), &device)
        }
        Command::Summaries(SummariesCommand::Export {
            store,
            from,
            to,
            format,
        }) => cli::summaries::export(store.target(), &from, &to, format),
        Command::Holidays(HolidaysCommand::Import { store, file }) => {
            cli::publications::import_holidays(store.target(), &file)
        }
        Command::Account(AccountCommand::Add {
            store,
            agency,
            platform,
            handle,
            verified,
        }) => cli::accounts::add(store.target(), &agency, &platform, &handle, verified),
        Command::Account(AccountCommand::List { store }) => cli::accounts::list(store.target()),
        Command::Account(AccountCommand::Approve {
            store,
            platform,
            handle,
            agency,
            verified,
        }) => cli::accounts::approve(
            store.target(),
            &platform,
            &handle,
            agency.as_deref(),
            verified,
        ),
        Command::Account(AccountCommand::Reject {
            store,
            platform,
            handle,
            agency,
            reason,
        }) => cli::accounts::reject(
            store.target(),
            &platform,
            &handle,
            agency.as_deref(),
            reason.as_deref(),
        ),
        Command::Account(AccountCommand::Remove {
            store,
            platform,
            handle,
            reason,
        }) => cli::accounts::remove(store.target(), &platform, &handle, reason.as_deref()),
        Command::Brief(BriefCommand::Add {
            store,
            title,
            body,
            programme,
            from,
            to,
            agencies,
        }) => cli::publications::add_brief_for(
            store.target(),
            &title,
            &body,
            &programme,
            &from,
            &to,
            &agencies,
        ),
        Command::Meta(MetaCommand::Connect { store, token, meta }) => meta_options(&store, meta)
            .and_then(|options| {
                token
                    .map(Ok)
                    .unwrap_or_else(read_token_line)
                    .and_then(|token| cli::meta::connect(store.target(), &token, &options))
            }),
        Command::Meta(MetaCommand::Status { store, meta: _ }) => cli::meta::status(store.target()),
        Command::Meta(MetaCommand::Pull { store, meta }) => {
            meta_options(&store, meta).and_then(|options| cli::meta::pull(store.target(), &options))
        }
        Command::User(UserCommand::Add {
            store,
            username,
            name,
            scope,
            role,
        }) => cli::users::read_password().and_then(|password| {
            cli::users::add_with_role(store.target(), &username, &name, &password, &scope, &role)
        }),
        Command::User(UserCommand::Role {
            store,
            username,
            role,
        }) => cli::users::role(store.target(), &username, &role),
        Command::User(UserCommand::Scope {
            store,
            username,
            scope,
        }) => cli::users::scope(store.target(), &username, &scope),
        Command::User(UserCommand::List { store }) => cli::users::list(store.target()),
        Command::User(UserCommand::Password { store, username }) => cli::users::read_password()
            .and_then(|password| cli::users::password(store.target(), &username, &password)),
        Command::User(UserCommand::Disable { store, username }) => {
            cli::users::disable(store.target(), &username)
        }
        Command::Release(ReleaseCommand::Add {
            store,
            secret_key_file,
            version,
            target,
            file,
            signature,
            notes,
            pubkey,
        }) => {
            let options = cli::releases::AddOptions {
                version: &version,
                target: &target,
                file: &file,
                signature: &signature,
                notes: &notes,
                pubkey: pubkey.as_deref(),
            };
            match (store.target(), secret_key_file) {
                (cli::Target::Sqlite(db), _) => cli::releases::add(&db, &options),
                (target @ cli::Target::Postgres(_), Some(key_file)) => {
                    cli::releases::add_to(&target, &key_file, &options)
                }
                (cli::Target::Postgres(_), None) => Err(medsos_hub::error::Error::Rejected {
                    code: "release.secret_key_file_required",
                    message: "Dengan --database-url, sebutkan --secret-key-file yang sama dengan                               `serve`: berkas rilis disimpan di folder releases/ di sebelahnya."
                        .to_owned(),
                }),
            }
        }
        Command::Release(ReleaseCommand::List { store }) => cli::releases::list(store.target()),
        Command::Backup { store, out } => match store.target() {
            cli::Target::Sqlite(db) => cli::backup::run(&db, &out),
            cli::Target::Postgres(_) => Err(medsos_hub::error::Error::Rejected {
                code: "backup.postgres",
                message: "Hub di PostgreSQL dicadangkan dengan alat PostgreSQL sendiri, mis. \
                          `pg_dump --format=custom --file=hub.dump \"$MEDSOS_DATABASE_URL\"`, \
                          seperti basis data lain yang Anda kelola. `medsos-hub backup` hanya \
                          untuk hub SQLite (--db)."
                    .to_owned(),
            }),
        },
        Command::Store(StoreCommand::Copy { from, to }) => cli::store_copy::run(&from, &to),
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

/// One line of standard input (the token, piped or typed), never echoed back.
fn read_token_line() -> Result<String, medsos_hub::Error> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| medsos_hub::Error::FileRead {
            path: PathBuf::from("stdin"),
            detail: e.to_string(),
        })?;
    Ok(line)
}

/// An http(s) URL without query or fragment, kept without its trailing slash.
fn parse_public_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| "harus diawali https:// (atau http://)".to_owned())?;
    if rest.is_empty() || rest.contains(['?', '#', ' ', '@']) {
        return Err(
            "harus alamat tanpa spasi, ?, # atau @, mis. https://medsos.cianjurkab.go.id"
                .to_owned(),
        );
    }
    Ok(trimmed.to_owned())
}

/// At least one connection, and no more than the open files a process may usually hold.
fn parse_max_connections(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=1_000_000).contains(&n) => Ok(n),
        _ => Err("harus bilangan 1 sampai 1000000".to_owned()),
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
