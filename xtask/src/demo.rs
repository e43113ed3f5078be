//! A realistic demo: Dinas Kesehatan's store with drafts about work across Cianjur's
//! kecamatan, and a hub that knows the regency's agencies.

use crate::process::command;
use crate::{target_dir, Result};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::profile::{self, ProfileInput};
use medsos_core::{kecamatan, FixedClock, Store};
use std::path::PathBuf;
use std::process::Stdio;

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
    for (name, code) in &agencies {
        let out = command(hub.to_string_lossy().as_ref())
            .args(["agency", "add", "--db"])
            .arg(&paths.hub_db)
            .args(["--name", name, "--code", code])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("medsos-hub tidak dapat dijalankan: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "medsos-hub agency add {code} gagal: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if code == "DINKES" {
            println!("Kode pendaftaran demo untuk DINKES:");
            print!("{}", String::from_utf8_lossy(&out.stdout));
        }
    }
    let out = command(hub.to_string_lossy().as_ref())
        .args(["brief", "add", "--db"])
        .arg(&paths.hub_db)
        .args([
            "--title",
            "Gerakan Cianjur Sehat: ajak warga ke posyandu",
            "--body",
            "Unggah kegiatan posyandu di wilayah masing-masing dengan #CianjurSehat #CianjurManjur.",
            "--programme",
            "Cianjur Manjur",
        ])
        .args(["--from", &today(-3), "--to", &today(14)])
        .stdin(Stdio::null())
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
        "Hub demo berisi {} instansi: {}",
        agencies.len(),
        paths.hub_db.display()
    );
    Ok(())
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
