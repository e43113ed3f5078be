//! `cargo xtask bench-window`: how long the release app takes to show Beranda with a busy
//! agency's store (DESIGN.md: within 1 s of start, under Xvfb): 20,000 drafts, 100,000
//! complaints and 40,000 calendar slots.
//!
//! Each run opens the app through tauri-driver and times from the WebDriver session request
//! to two moments: Beranda's frame (`[data-testid=beranda]` exists) and Beranda's lists
//! loaded (`data-loaded="true"` on it: recent drafts, reminders, overdue complaints, briefs
//! and the week's progress all answered). That includes WebKitWebDriver's own start, so the
//! figures are an upper bound on what an admin waits.

use crate::install::{self, Purpose};
use crate::process::{command, run};
use crate::{root, target_dir, Result};
use medsos_core::calendar::wib;
use medsos_core::clock::to_stored;
use medsos_core::complaints::{self, Channel, ComplaintInput, ComplaintKind};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::profile::{self, ProfileInput};
use medsos_core::{Clock, FixedClock, Store};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

const DRAFTS: usize = 20_000;
const COMPLAINTS: usize = 100_000;
/// Two per draft (Instagram and Facebook) for the first 20,000 drafts.
const SLOTS: usize = 40_000;
/// Complaints still open, the newest ones; the rest are closed.
const OPEN_COMPLAINTS: usize = 1_500;
const RUNS: usize = 7;
const PORT: u16 = 4471;

pub fn bench_window() -> Result {
    install::system_packages(Purpose::Test)?;
    install::npm_packages()?;
    install::tauri_driver()?;
    if std::env::var_os("DISPLAY").is_none() {
        return Err("butuh layar; jalankan: xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask bench-window".into());
    }
    run(command("npm")
        .args(["run", "build"])
        .current_dir(root().join("ui")))?;
    run(command("cargo").args(["build", "--release", "--locked", "-p", "medsos-pd"]))?;
    let app = target_dir().join("release/medsos-pd");

    // A folder of its own: the earlier benchmark's store held drafts only.
    let data = target_dir().join("bench-window-busy");
    if !data.join(medsos_core::store::STORE_FILE_NAME).exists() {
        seed(&data.join(medsos_core::store::STORE_FILE_NAME))?;
    }

    // The app keeps its store key in the credential store: the desktop's, or else a private
    // gnome-keyring kept with the benchmark's data, so the store (encrypted in place by the
    // first, uncounted start) opens on every later run.
    let session = if crate::keyring::has_session_bus() {
        None
    } else {
        Some(crate::keyring::Session::start(
            &data.join("keyring"),
            "medsos-bench",
        )?)
    };
    let driver = Driver::start(&data, session.as_ref())?;
    let mut frames = Vec::new();
    let mut loads = Vec::new();
    for i in 0..=RUNS {
        let (frame, loaded) = time_to_beranda(&app)?;
        // The first start warms the page cache and WebKit's caches; it is reported apart.
        if i == 0 {
            println!(
                "cold start (not counted): frame {} ms, lists loaded {} ms",
                frame.as_millis(),
                loaded.as_millis()
            );
        } else {
            println!(
                "run {i}: frame {} ms, lists loaded {} ms",
                frame.as_millis(),
                loaded.as_millis()
            );
            frames.push(frame);
            loads.push(loaded);
        }
    }
    drop(driver);
    for (what, times) in [("frame", &mut frames), ("lists loaded", &mut loads)] {
        times.sort();
        println!(
            "Beranda {what} with {DRAFTS} drafts, {COMPLAINTS} complaints, {SLOTS} slots: median {} ms, min {} ms, max {} ms over {RUNS} runs (budget 1000 ms)",
            times[times.len() / 2].as_millis(),
            times[0].as_millis(),
            times[times.len() - 1].as_millis()
        );
    }
    Ok(())
}

/// A fixed pseudo-random number per row, so every seed is the same store.
fn mix(i: usize, salt: u64) -> u64 {
    let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt;
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x
}

fn pick<'a>(items: &[&'a str], i: usize, salt: u64) -> &'a str {
    items[(mix(i, salt) % items.len() as u64) as usize]
}

const SENTENCES: [&str; 12] = [
    "Kegiatan Posyandu di Kecamatan Cugenang diikuti puluhan balita.",
    "Bupati meresmikan jembatan gantung yang menghubungkan dua desa.",
    "Dinas menyalurkan bantuan seragam bagi siswa sekolah dasar.",
    "Vaksinasi campak dan rubela digelar di puskesmas selama sepekan.",
    "Warga diimbau menjaga kebersihan sungai.",
    "Pasar murah menyediakan beras dan minyak goreng.",
    "Pelatihan UMKM membahas pemasaran daring bagi perajin bambu.",
    "Petugas memeriksa tebing rawan longsor setelah hujan deras.",
    "Perbaikan jalan kabupaten ruas Cibeber ditargetkan selesai bulan depan.",
    "Festival budaya menampilkan tari jaipong dan kuda renggong.",
    "Pemeriksaan kesehatan gratis bagi lansia digelar di balai desa.",
    "Sosialisasi pencegahan stunting menyasar ibu hamil.",
];
const COMPLAINT_TEXTS: [&str; 8] = [
    "jalan rusak berlubang di depan sekolah",
    "lampu penerangan jalan mati sejak minggu lalu",
    "pelayanan puskesmas lambat dan antrean panjang",
    "air PDAM tidak mengalir tiga hari",
    "sampah menumpuk di pinggir sungai",
    "bantuan sosial belum diterima warga",
    "KTP elektronik belum jadi padahal sudah rekam",
    "longsor menutup akses jalan desa",
];
const NAMES: [&str; 10] = [
    "Ujang Sutisna",
    "Siti Aminah",
    "Asep Hidayat",
    "Dewi Rahmawati",
    "Cecep Suryana",
    "Euis Kurniawan",
    "Dadang Setiawan",
    "Neneng Nurhayati",
    "Iwan Permana",
    "Rina Saepudin",
];

pub(crate) fn seed(path: &Path) -> Result {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut store = Store::open(path).map_err(|e| err(&e))?;
    let now = time::OffsetDateTime::now_utc();
    let clock = FixedClock::new(now - time::Duration::days(5 * 365));
    profile::save(
        store.conn(),
        &clock,
        &ProfileInput {
            name: "Dinas Kesehatan Kabupaten Cianjur".into(),
            code: "DINKES".into(),
            address: "Jl. Pangeran Hidayatulloh No. 48, Cianjur".into(),
            admin_name: "Siti Nurhaliza".into(),
        },
    )
    .map_err(|e| err(&e))?;

    // Drafts of differing text over five years, each with a slot on both platforms a day
    // after it was written: published or missed in the past, scheduled ahead.
    let tx = store.conn_mut().transaction().map_err(|e| err(&e))?;
    for i in 0..DRAFTS {
        clock.advance(time::Duration::minutes(131));
        let body: Vec<&str> = (0..8).map(|k| pick(&SENTENCES, i, k)).collect();
        let draft = drafts::create(
            &tx,
            &clock,
            &DraftInput {
                title: format!("{} nomor {i}", pick(&SENTENCES, i, 99)),
                body: body.join(" "),
                hashtags: "#CianjurManjur #DinkesCianjur".into(),
                ..DraftInput::default()
            },
        )
        .map_err(|e| err(&e))?;
        let at = clock.now() + time::Duration::days(1);
        let past = at < now;
        for (k, platform) in ["instagram", "facebook"].into_iter().enumerate() {
            let status = match (past, i % 10) {
                (false, _) => "terjadwal",
                (true, 0) => "terlewat",
                (true, _) => "terbit",
            };
            tx.execute(
                "INSERT INTO slots (draft_id, platform, at, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                (
                    draft.id,
                    platform,
                    to_stored(at + time::Duration::minutes(30 * k as i64)),
                    status,
                    to_stored(clock.now()),
                ),
            )
            .map_err(|e| err(&e))?;
        }
        tx.execute(
            "UPDATE drafts SET status = ?2 WHERE id = ?1",
            (draft.id, if past { "terbit" } else { "terjadwal" }),
        )
        .map_err(|e| err(&e))?;
    }
    tx.commit().map_err(|e| err(&e))?;

    // Complaints over four years up to yesterday, through the import path; all but the
    // newest 1,500 closed. Some of the open ones are past their deadlines, as in a busy inbox.
    let clock = FixedClock::new(now);
    let categories = complaints::categories::list(store.conn()).map_err(|e| err(&e))?;
    let kecamatan = medsos_core::kecamatan::all();
    let first = now - time::Duration::days(4 * 365);
    let step = (now - time::Duration::days(1) - first) / COMPLAINTS as u32;
    let inputs: Vec<ComplaintInput> = (0..COMPLAINTS)
        .map(|i| ComplaintInput {
            channel: Channel::ALL[i % Channel::ALL.len()],
            source_url: String::new(),
            citizen_name: pick(&NAMES, i, 2).into(),
            citizen_contact: format!("0812{i:08}"),
            body: format!(
                "{} di kecamatan {}. Mohon ditindaklanjuti.",
                pick(&COMPLAINT_TEXTS, i, 3),
                kecamatan[i % kecamatan.len()].nama
            ),
            received_at_wib: wib::format_minute(first + step * i as u32),
            kind: ComplaintKind::ALL[(i / 7) % 3],
            category_id: categories[(i / 3) % categories.len()].id,
            kecamatan: kecamatan[(i / 5) % kecamatan.len()].kode.clone(),
        })
        .collect();
    let tx = store.conn_mut().transaction().map_err(|e| err(&e))?;
    complaints::insert_many(&tx, &clock, &inputs, "Bench").map_err(|e| err(&e))?;
    tx.execute(
        "UPDATE complaints SET status = 'selesai', closed_at = received_at,
             resolved_at = received_at, first_response_at = received_at,
             verified_at = received_at, followed_up_at = received_at,
             next_due_at = NULL, next_due_kind = NULL,
             list_rank = 20000000000 - unixepoch(received_at)
         WHERE id <= ?1",
        [(COMPLAINTS - OPEN_COMPLAINTS) as i64],
    )
    .map_err(|e| err(&e))?;
    tx.commit().map_err(|e| err(&e))?;
    complaints::recompute_open_deadlines(store.conn(), &clock).map_err(|e| err(&e))?;
    // Over five years the app's daily retention run has erased the personal data of the
    // complaints closed longer than the retention period; done here once, so the timed
    // starts do not each meet four years of backlog (which the first start would: minutes of
    // "Memuat…" while the retention thread holds the store).
    complaints::apply_retention(store.conn(), &clock).map_err(|e| err(&e))?;
    store
        .conn()
        .execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")
        .map_err(|e| err(&e))?;
    Ok(())
}

struct Driver(Child);

impl Driver {
    fn start(data: &Path, session: Option<&crate::keyring::Session>) -> Result<Driver> {
        #[cfg(unix)]
        use std::os::unix::process::CommandExt;
        let mut cmd = command("tauri-driver");
        cmd.args([
            "--port",
            &PORT.to_string(),
            "--native-port",
            &(PORT + 1).to_string(),
        ])
        .env("MEDSOS_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        if let Some(session) = session {
            session.apply(&mut cmd);
        }
        #[cfg(unix)]
        cmd.process_group(0);
        let child = cmd.spawn().map_err(|e| format!("tauri-driver: {e}"))?;
        std::thread::sleep(Duration::from_millis(1500));
        Ok(Driver(child))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = command("kill")
            .args(["-TERM", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn url(path: &str) -> String {
    format!("http://127.0.0.1:{PORT}{path}")
}

/// Times from the session request to Beranda's frame and to its lists loaded.
fn time_to_beranda(app: &PathBuf) -> Result<(Duration, Duration)> {
    let caps = serde_json::json!({"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}});
    let start = Instant::now();
    let session: serde_json::Value = ureq::post(&url("/session"))
        .send_json(caps)
        .map_err(|e| format!("sesi WebDriver: {e}"))?
        .into_json()
        .map_err(|e| e.to_string())?;
    let id = session["value"]["sessionId"]
        .as_str()
        .ok_or("tauri-driver tidak memberi sessionId")?
        .to_string();
    let deadline = start + Duration::from_secs(30);
    let wait_for = |selector: &str| -> Result<Duration> {
        let find = serde_json::json!({"using": "css selector", "value": selector});
        loop {
            let found = ureq::post(&url(&format!("/session/{id}/element")))
                .send_json(find.clone())
                .is_ok();
            if found {
                return Ok(start.elapsed());
            }
            if Instant::now() > deadline {
                return Err(format!("{selector} tidak muncul dalam 30 detik"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let frame = wait_for("[data-testid=\"beranda\"]");
    let loaded = frame
        .as_ref()
        .ok()
        .map(|_| wait_for("[data-testid=\"beranda\"][data-loaded=\"true\"]"));
    let _ = ureq::delete(&url(&format!("/session/{id}"))).call();
    std::thread::sleep(Duration::from_millis(500));
    let frame = frame?;
    let loaded = loaded.ok_or("Beranda tidak muncul")??;
    Ok((frame, loaded))
}
