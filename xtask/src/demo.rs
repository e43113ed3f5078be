//! A realistic demo: Dinas Kesehatan's store with drafts about work across Cianjur's
//! kecamatan, and a hub that knows the regency's agencies.

use crate::process::command;
use crate::{target_dir, Result};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::profile::{self, ProfileInput};
use medsos_core::{kecamatan, FixedClock, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct DemoPaths {
    pub root: PathBuf,
    pub app_dir: PathBuf,
    pub hub_db: PathBuf,
}

fn paths() -> DemoPaths {
    let root = target_dir().join("demo");
    DemoPaths {
        app_dir: root.join("app"),
        hub_db: root.join("hub.sqlite3"),
        root,
    }
}

/// Seeds the demo once; later runs keep what the admin did in it.
pub fn ensure() -> Result<DemoPaths> {
    let paths = paths();
    let store_file = paths.app_dir.join(medsos_core::store::STORE_FILE_NAME);
    if !store_file.exists() {
        seed_store(&store_file)?;
    }
    if !paths.hub_db.exists() {
        seed_hub(&paths)?;
    }
    Ok(paths)
}

/// Throws the demo away and seeds it again.
pub fn reset() -> Result<DemoPaths> {
    let root = paths().root;
    if root.exists() {
        std::fs::remove_dir_all(&root).map_err(|e| format!("{}: {e}", root.display()))?;
    }
    crate::process::run(command("cargo").args(["build", "-p", "medsos-hub"]))?;
    ensure()
}

const DRAFT_TOPICS: &[(&str, &str)] = &[
    (
        "Posyandu Balita",
        "Kegiatan Posyandu di {kec} diikuti puluhan balita. Kader memantau tumbuh kembang, memberi vitamin A, dan menyuluh gizi seimbang kepada para ibu.",
    ),
    (
        "Vaksinasi Anak Sekolah",
        "Bulan Imunisasi Anak Sekolah (BIAS) di {kec}: petugas Puskesmas memberikan imunisasi kepada siswa kelas 1 dan 5 SD. Terima kasih kepada para guru atas dukungannya.",
    ),
    (
        "Cek Kesehatan Gratis",
        "Pemkab Cianjur membuka layanan cek kesehatan gratis di {kec}. Warga dapat memeriksa tekanan darah, gula darah, dan kolesterol. Bawa KTP.",
    ),
    (
        "Penyuluhan DBD",
        "Musim hujan tiba, waspada demam berdarah! Petugas kesehatan {kec} mengajak warga melakukan 3M Plus: menguras, menutup, dan mendaur ulang.",
    ),
    (
        "Pelatihan Kader Kesehatan",
        "Sebanyak 40 kader kesehatan dari {kec} mengikuti pelatihan deteksi dini stunting. Kader adalah ujung tombak pelayanan kesehatan di desa.",
    ),
    (
        "Ambulans Desa",
        "Layanan ambulans desa kini hadir di {kec}. Hubungi Puskesmas terdekat untuk keadaan darurat.",
    ),
];

fn seed_store(path: &std::path::Path) -> Result {
    let store = Store::open(path).map_err(|e| e.to_string())?;
    let now = time::OffsetDateTime::now_utc();
    let clock = FixedClock::new(now - time::Duration::days(21));
    let conn = store.conn();
    profile::save(
        conn,
        &clock,
        &ProfileInput {
            name: "Dinas Kesehatan Kabupaten Cianjur".into(),
            code: "DINKES".into(),
            address: "Jl. Pangeran Hidayatulloh No. 48, Cianjur".into(),
            admin_name: "Siti Nurhaliza".into(),
        },
    )
    .map_err(|e| e.to_string())?;
    for (i, k) in kecamatan::all().iter().enumerate().take(18) {
        let (topic, body) = DRAFT_TOPICS[i % DRAFT_TOPICS.len()];
        clock.advance(time::Duration::minutes(17 * 60 + 13 * i as i64));
        drafts::create(
            conn,
            &clock,
            &DraftInput {
                title: format!("{topic} — Kecamatan {}", k.nama),
                body: body.replace("{kec}", &format!("Kecamatan {}", k.nama)),
                hashtags: "#CianjurManjur #DinkesCianjur".into(),
                programme_id: Some(1),
                source: format!("Puskesmas Kecamatan {}", k.nama),
                ..DraftInput::default()
            },
        )
        .map_err(|e| e.to_string())?;
    }
    seed_complaints(&store, &clock)?;
    println!("Data demo Medsos PD dibuat: {}", path.display());
    Ok(())
}

const COMPLAINTS: &[(&str, &str, &str, &str)] = &[
    (
        "instagram_komentar",
        "Kesehatan",
        "@warga.cugenang",
        "Antrean di Puskesmas Cugenang lama sekali, dari jam 7 baru dilayani jam 11.",
    ),
    (
        "whatsapp",
        "Kesehatan",
        "Ibu Euis",
        "Mohon info jadwal posyandu di Desa Sukamulya bulan depan.",
    ),
    (
        "facebook_komentar",
        "Lingkungan",
        "Asep Saepudin",
        "Sampah menumpuk di dekat pasar, mohon dinas terkait menindaklanjuti.",
    ),
    (
        "telepon",
        "Kesehatan",
        "Pak Dadang",
        "Ambulans desa tidak bisa dihubungi saat malam hari.",
    ),
    (
        "sp4n_lapor",
        "Pelayanan publik",
        "Anonim",
        "Petugas loket kurang ramah saat pendaftaran BPJS.",
    ),
    (
        "instagram_dm",
        "Kesehatan",
        "@neng.rina",
        "Apakah vaksinasi HPV untuk anak SD sudah dimulai di Cipanas?",
    ),
    (
        "facebook_messenger",
        "Bencana",
        "Ujang",
        "Setelah longsor, warga butuh layanan kesehatan di pengungsian Desa Cibeureum.",
    ),
    (
        "datang_langsung",
        "Kesehatan",
        "Ibu Aisyah",
        "Obat untuk penyakit kronis sering kosong di apotek puskesmas.",
    ),
];

/// A dozen-odd complaints in every state, so Aduan and Beranda are not empty in the demo.
fn seed_complaints(store: &Store, clock: &FixedClock) -> Result {
    let conn = store.conn();
    use medsos_core::complaints::{self, Channel, ComplaintInput, ComplaintKind, ComplaintStatus};
    use medsos_core::Clock;
    let kec = kecamatan::all();
    for (i, (channel, category, name, body)) in COMPLAINTS.iter().enumerate() {
        let category_id = complaints::categories::find_by_name(conn, category)
            .map_err(|e| e.to_string())?
            .map(|c| c.id)
            .ok_or_else(|| format!("kategori {category} tidak ada"))?;
        let received = clock.now() - time::Duration::days(12 - i as i64);
        let received_wib = received.to_offset(medsos_core::clock::WIB);
        let input = ComplaintInput {
            channel: Channel::parse(channel).ok_or("saluran demo")?,
            source_url: String::new(),
            citizen_name: name.to_string(),
            citizen_contact: if i % 3 == 0 {
                format!("08123456{:04}", 7000 + i)
            } else {
                String::new()
            },
            body: body.to_string(),
            received_at_wib: format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                received_wib.year(),
                u8::from(received_wib.month()),
                received_wib.day(),
                received_wib.hour(),
                received_wib.minute()
            ),
            kind: if body.contains('?') || body.starts_with("Mohon info") {
                ComplaintKind::PermintaanInformasi
            } else {
                ComplaintKind::Pengaduan
            },
            category_id,
            kecamatan: kec[(i * 5) % kec.len()].kode.clone(),
        };
        let created =
            complaints::create(conn, clock, &input, "Siti Nurhaliza").map_err(|e| e.to_string())?;
        let steps: &[ComplaintStatus] = match i % 4 {
            0 => &[],
            1 => &[ComplaintStatus::Diverifikasi],
            2 => &[
                ComplaintStatus::Diverifikasi,
                ComplaintStatus::Ditindaklanjuti,
            ],
            _ => &[
                ComplaintStatus::Diverifikasi,
                ComplaintStatus::Ditindaklanjuti,
                ComplaintStatus::Selesai,
            ],
        };
        for step in steps {
            complaints::transition(conn, clock, created.id, *step, "", "", "Siti Nurhaliza")
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// The regency's agencies on the hub: a few dinas and badan, and every kecamatan office.
fn seed_hub(paths: &DemoPaths) -> Result {
    let hub = target_dir().join("debug/medsos-hub");
    let mut agencies: Vec<(String, String)> = [
        ("Dinas Kesehatan Kabupaten Cianjur", "DINKES"),
        ("Dinas Komunikasi, Informatika dan Persandian", "DISKOMINFO"),
        ("Dinas Pendidikan Kabupaten Cianjur", "DISDIK"),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR"),
        ("Badan Penanggulangan Bencana Daerah", "BPBD"),
        ("Dinas Kependudukan dan Pencatatan Sipil", "DISDUKCAPIL"),
    ]
    .iter()
    .map(|(n, c)| (n.to_string(), c.to_string()))
    .collect();
    for k in kecamatan::all() {
        let code = format!("KEC-{}", k.nama.to_uppercase().replace(' ', ""));
        agencies.push((format!("Kecamatan {}", k.nama), code));
    }
    let mut codes: Vec<(String, String)> = Vec::new();
    for (name, code) in &agencies {
        let out = hub_command(&hub, &["agency", "add"], &paths.hub_db)
            .args(["--name", name, "--code", code])
            .output()
            .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "medsos-hub agency add {code} gagal: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let printed = String::from_utf8_lossy(&out.stdout);
        let enrolment = printed
            .lines()
            .find_map(|line| line.strip_prefix("Kode pendaftaran (sekali pakai): "))
            .ok_or_else(|| {
                format!("medsos-hub agency add {code} tidak mencetak kode: {printed}")
            })?;
        codes.push((code.clone(), enrolment.trim().to_owned()));
    }
    seed_accounts(&hub, &paths.hub_db, &agencies)?;
    seed_summaries(&hub, &paths.hub_db, &codes)?;
    // DINKES's code was used up by the year of history above; the demo app enrols with a
    // fresh one (its own recent days then replace nothing: history stops 30 days ago).
    let out = hub_command(&hub, &["agency", "rotate"], &paths.hub_db)
        .args(["--code", "DINKES"])
        .output()
        .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "medsos-hub agency rotate DINKES gagal: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    println!("Kode pendaftaran demo untuk DINKES:");
    for line in String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Kode pendaftaran") || l.starts_with("Berlaku"))
    {
        println!("{line}");
    }
    let password = generated_password()?;
    let mut user = hub_command(&hub, &["user", "add"], &paths.hub_db)
        .args(["--username", DASHBOARD_USER, "--name", "Petugas Diskominfo"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
    if let Some(mut stdin) = user.stdin.take() {
        use std::io::Write;
        writeln!(stdin, "{password}").map_err(|e| format!("medsos-hub user add: {e}"))?;
    }
    let out = user
        .wait_with_output()
        .map_err(|e| format!("medsos-hub user add: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "medsos-hub user add gagal: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let out = hub_command(&hub, &["brief", "add"], &paths.hub_db)
        .args([
            "--title",
            "Gerakan Cianjur Sehat: ajak warga ke posyandu",
            "--body",
            "Unggah kegiatan posyandu di wilayah masing-masing dengan #CianjurSehat #CianjurManjur.",
            "--programme",
            "Cianjur Manjur",
        ])
        .args(["--from", &today(-3), "--to", &today(14)])
        .output()
        .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "medsos-hub brief add gagal: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    println!(
        "Di Medsos PD, buka Pengaturan > Hub Diskominfo, isi http://127.0.0.1:8787 dan kode DINKES di atas."
    );
    println!(
        "Hub demo berisi {} instansi dengan ringkasan harian setahun: {}",
        agencies.len(),
        paths.hub_db.display()
    );
    println!();
    println!("Dasbor kinerja Diskominfo: {DASHBOARD_URL}");
    println!("  Nama pengguna: {DASHBOARD_USER}");
    println!("  Kata sandi:    {password}");
    println!(
        "  (dicetak sekali ini saja; ganti dengan `medsos-hub user password --db {} --username {DASHBOARD_USER}`)",
        paths.hub_db.display()
    );
    Ok(())
}

/// The demo officer of Diskominfo who logs in to the dashboard.
const DASHBOARD_USER: &str = "diskominfo";
/// `localhost`, not 127.0.0.1: the session cookie is `Secure`, which browsers accept over
/// plain HTTP only from localhost.
const DASHBOARD_URL: &str = "http://localhost:8787/dasbor";

/// `medsos-hub <words> --db <db>` with nothing on stdin.
fn hub_command(hub: &Path, words: &[&str], db: &Path) -> Command {
    let mut cmd = command(hub.to_string_lossy().as_ref());
    cmd.args(words).arg("--db").arg(db).stdin(Stdio::null());
    cmd
}

/// 16 letters and digits from the kernel's random source, without look-alikes (0/O, 1/l/I).
fn generated_password() -> Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 64];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .map_err(|e| format!("tidak dapat membaca /dev/urandom: {e}"))?;
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let password: String = bytes
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(16)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    if password.len() < 16 {
        return Err("kata sandi demo tidak dapat dibuat".into());
    }
    Ok(password)
}

/// Official accounts for every agency, about half of them verified, so the dashboard's
/// account indicator varies.
fn seed_accounts(hub: &Path, db: &Path, agencies: &[(String, String)]) -> Result {
    for (i, (_, code)) in agencies.iter().enumerate() {
        let handle = code.to_lowercase().replace(['-', '.'], "");
        for (platform, verified) in [("instagram", i % 3 != 2), ("facebook", i % 4 == 0)] {
            let mut cmd = hub_command(hub, &["account", "add"], db);
            cmd.args([
                "--agency",
                code,
                "--platform",
                platform,
                "--handle",
                &format!("{handle}.cianjur"),
            ]);
            if verified {
                cmd.arg("--verified");
            }
            let out = cmd
                .output()
                .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "medsos-hub account add {code} gagal: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    Ok(())
}

/// A year of daily summaries for every agency, sent the way their PCs send them: the hub is
/// started on a free port, each agency enrols with its code and posts its days in batches.
/// DINKES's history stops 30 days ago so the demo app's own days are the ones shown after.
fn seed_summaries(hub: &Path, db: &Path, codes: &[(String, String)]) -> Result {
    let mut child = command(hub.to_string_lossy().as_ref())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("Medsos Hub tidak dapat dijalankan: {e}"))?;
    let result = (|| -> Result {
        let stdout = child.stdout.take().ok_or("Medsos Hub tanpa stdout")?;
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .map_err(|e| format!("alamat Medsos Hub tidak terbaca: {e}"))?;
        let base = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|url| url.starts_with("http://"))
            .ok_or_else(|| format!("alamat Medsos Hub tidak dikenali: {line}"))?
            .to_owned();
        let agent = ureq::AgentBuilder::new()
            .timeout(std::time::Duration::from_secs(30))
            .build();
        print!(
            "Mengirim ringkasan harian setahun untuk {} PD ",
            codes.len()
        );
        for (i, (code, enrolment)) in codes.iter().enumerate() {
            let enrolled: serde_json::Value = agent
                .post(&format!("{base}/api/v1/enrolments"))
                .send_json(serde_json::json!({"code": enrolment, "device_name": format!("PC Admin {code}")}))
                .map_err(|e| format!("pendaftaran {code} ditolak: {e}"))?
                .into_json()
                .map_err(|e| format!("jawaban pendaftaran {code}: {e}"))?;
            let token = enrolled["token"]
                .as_str()
                .ok_or_else(|| format!("pendaftaran {code} tanpa token"))?
                .to_owned();
            let last = if code == "DINKES" { -30 } else { -1 };
            let days = agency_year(i as u64, last);
            for batch in days.chunks(60) {
                agent
                    .post(&format!("{base}/api/v1/summaries"))
                    .set("Authorization", &format!("Bearer {token}"))
                    .send_json(serde_json::json!({"schema_version": 1, "days": batch}))
                    .map_err(|e| format!("ringkasan {code} ditolak: {e}"))?;
            }
            print!(".");
            let _ = std::io::Write::flush(&mut std::io::stdout());
        }
        println!();
        Ok(())
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// SplitMix64: the same demo numbers on every machine, without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const CATEGORIES: &[&str] = &[
    "Infrastruktur",
    "Kesehatan",
    "Pelayanan publik",
    "Lingkungan",
    "Pendidikan",
    "Bencana",
];
const CHANNELS: &[&str] = &[
    "instagram_dm",
    "instagram_komentar",
    "whatsapp",
    "facebook_komentar",
    "sp4n_lapor",
    "datang_langsung",
];
const KINDS: &[&str] = &["pengaduan", "aspirasi", "permintaan_informasi"];

/// One agency's summaries for the 365 days ending `last` days from today (WIB): a diligent
/// agency posts most working days, misses few schedules, answers complaints in time and
/// seldom skips a day's summary; a busy one receives more complaints.
fn agency_year(seed: u64, last: i64) -> Vec<serde_json::Value> {
    let mut rng = Rng(0xC1A2_1F00 + seed * 7919);
    let diligence = 0.35 + 0.65 * (rng.below(1000) as f64 / 1000.0);
    let busy = 1 + rng.below(6);
    let kecamatan = kecamatan::all();
    let end = (time::OffsetDateTime::now_utc().to_offset(medsos_core::clock::WIB)
        + time::Duration::days(last))
    .date();
    let mut days = Vec::new();
    for back in (0..365).rev() {
        let day = end - time::Duration::days(back);
        if !rng.chance(0.8 + 0.2 * diligence) {
            continue;
        }
        let weekend = matches!(
            day.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        );
        let posts = |rng: &mut Rng| {
            let published = if weekend {
                u64::from(rng.chance(0.15 * diligence))
            } else {
                rng.below(1 + (2.6 * diligence).round() as u64)
            };
            serde_json::json!({
                "published": published,
                "scheduled": u64::from(rng.chance(0.1)),
                "missed": u64::from(rng.chance(0.2 * (1.0 - diligence))),
            })
        };
        let instagram = posts(&mut rng);
        let facebook = posts(&mut rng);
        let received = if weekend {
            rng.below(2)
        } else {
            rng.below(busy + 1)
        };
        let by = |names: &[&str], rng: &mut Rng| {
            let mut map = serde_json::Map::new();
            for _ in 0..received {
                let name = names[rng.below(names.len() as u64) as usize];
                let entry = map.entry(name.to_owned()).or_insert(serde_json::json!(0));
                *entry = serde_json::json!(entry.as_u64().unwrap_or(0) + 1);
            }
            serde_json::Value::Object(map)
        };
        let kinds = by(KINDS, &mut rng);
        let categories = by(CATEGORIES, &mut rng);
        let channels = by(CHANNELS, &mut rng);
        let codes: Vec<&str> = kecamatan.iter().map(|k| k.kode.as_str()).collect();
        let places = by(&codes, &mut rng);
        let answered = (received as f64 * (0.35 + 0.65 * diligence)).round() as u64;
        let resolved = (answered as f64 * 0.8).round() as u64;
        let overdue = rng.below(1 + ((1.0 - diligence) * 4.0) as u64);
        let first_response =
            (answered > 0).then(|| 15 + rng.below((900.0 * (1.2 - diligence)) as u64));
        let resolution = (resolved > 0).then(|| 240 + rng.below(4000));
        days.push(serde_json::json!({
            "day": format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day()),
            "revision": 1,
            "posts": {"instagram": instagram, "facebook": facebook},
            "drafts_created": rng.below(4),
            "briefs_fulfilled": 0,
            "complaints": {
                "received_by_type": kinds,
                "received_by_category": categories,
                "received_by_kecamatan": places,
                "received_by_channel": channels,
                "answered_within_deadline": answered,
                "resolved": resolved,
                "overdue": overdue,
                "open_backlog": overdue + rng.below(5),
                "median_first_response_minutes": first_response,
                "median_resolution_minutes": resolution,
            },
            "official_accounts": {"verified": 0, "pending": 0, "unverified": 0},
        }));
    }
    days
}

/// A WIB day `offset` days from today, "YYYY-MM-DD".
fn today(offset: i64) -> String {
    let day = (time::OffsetDateTime::now_utc().to_offset(medsos_core::clock::WIB)
        + time::Duration::days(offset))
    .date();
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}
