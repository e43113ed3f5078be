//! The daily backup at the size issue 18 budgets for: a store file of about 500 MB
//! (100,000 complaints and 20,000 drafts with long texts) and a `media/` folder, backed up
//! (snapshot, archive, encryption, read-back check) in <= 30 s on its own thread. While it
//! runs, the window's connection keeps answering: an inbox page of 50 is timed call by call
//! during the backup and its p50/p95/slowest printed beside the same figures with no backup.
//!
//! Run with `cargo bench -p medsos-core --bench backup`. The seeded folder is kept under
//! Cargo's target folder (`bench-backup/`) between runs, since seeding takes minutes.

use criterion::{criterion_group, criterion_main, Criterion};
use medsos_core::backup::{self, BackupReason};
use medsos_core::calendar::wib;
use medsos_core::complaints::{self, Channel, ComplaintFilter, ComplaintInput, ComplaintKind};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::{FixedClock, Store};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::macros::datetime;

#[path = "support/mix.rs"]
mod mix;
#[path = "support/percentiles.rs"]
mod percentiles;
use mix::mix;

const COMPLAINTS: usize = 100_000;
const DRAFTS: usize = 20_000;
/// Files of `media/`: 100 photos of 200 KB.
const PHOTOS: usize = 100;
const TARGET_BYTES: u64 = 500_000_000;

const SENTENCES: [&str; 8] = [
    "Jalan di depan sekolah dasar rusak berlubang dan tergenang air setiap hujan turun.",
    "Lampu penerangan jalan umum mati sejak minggu lalu sehingga warga takut melintas malam hari.",
    "Pelayanan di puskesmas lambat, antrean panjang sampai sore dan petugas pendaftaran hanya satu.",
    "Air PDAM tidak mengalir tiga hari berturut-turut; warga terpaksa membeli air galon.",
    "Sampah menumpuk di pinggir sungai dan menimbulkan bau yang mengganggu warga sekitar.",
    "Bantuan sosial belum diterima padahal nama sudah terdaftar sejak bulan lalu.",
    "Longsor menutup akses jalan desa sehingga anak-anak tidak dapat berangkat ke sekolah.",
    "Mohon dinas terkait segera meninjau lokasi dan memberi kabar tindak lanjutnya kepada warga.",
];

/// About `len` characters of varied Indonesian text, different for every `i`.
fn text(i: usize, len: usize) -> String {
    let mut out = String::with_capacity(len + 100);
    let mut k = 0;
    while out.len() < len {
        out.push_str(SENTENCES[(mix(i, k) % SENTENCES.len() as u64) as usize]);
        out.push_str(&format!(" (catatan {i}-{k}) "));
        k += 1;
    }
    out
}

fn seeded(root: &Path) -> PathBuf {
    let store_path = root.join("data").join(medsos_core::store::STORE_FILE_NAME);
    let size = std::fs::metadata(&store_path).map(|m| m.len()).unwrap_or(0);
    if (TARGET_BYTES * 8 / 10..TARGET_BYTES * 12 / 10).contains(&size) {
        return store_path;
    }
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(root);
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let mut store = Store::open(&store_path).expect("open");
    let categories = complaints::categories::list(store.conn()).expect("categories");
    let kecamatan = medsos_core::kecamatan::all();
    let first = datetime!(2022-12-01 01:00 UTC);
    let step = (datetime!(2026-11-26 02:00 UTC) - first) / COMPLAINTS as u32;
    for chunk in 0..10 {
        let inputs: Vec<ComplaintInput> = (chunk * COMPLAINTS / 10..(chunk + 1) * COMPLAINTS / 10)
            .map(|i| ComplaintInput {
                channel: Channel::ALL[i % Channel::ALL.len()],
                source_url: String::new(),
                citizen_name: format!("Warga {i}"),
                citizen_contact: format!("0812{i:08}"),
                body: text(i, 1_300),
                received_at_wib: wib::format_minute(first + step * i as u32),
                kind: ComplaintKind::ALL[(i / 7) % 3],
                category_id: categories[(i / 3) % categories.len()].id,
                kecamatan: kecamatan[(i / 5) % 32].kode.clone(),
            })
            .collect();
        let tx = store.conn_mut().transaction().expect("tx");
        complaints::insert_many(&tx, &clock, &inputs, "Bench").expect("insert");
        tx.commit().expect("commit");
    }
    let tx = store.conn_mut().transaction().expect("tx");
    for i in 0..DRAFTS {
        drafts::create(
            &tx,
            &clock,
            &DraftInput {
                title: format!("Draf kegiatan {i}"),
                body: text(i + 1_000_000, 750),
                for_instagram: i % 2 == 0,
                ..DraftInput::default()
            },
        )
        .expect("draft");
    }
    tx.commit().expect("commit");
    let media = medsos_core::media::media_dir(&store_path);
    std::fs::create_dir_all(&media).expect("media");
    for p in 0..PHOTOS {
        let bytes: Vec<u8> = (0..200_000)
            .map(|b| mix(p * 200_000 + b, 7) as u8)
            .collect();
        std::fs::write(media.join(format!("foto-{p:03}.jpg")), bytes).expect("photo");
    }
    backup::new_phrase(store.conn(), &clock).expect("phrase");
    store
        .conn()
        .pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .expect("checkpoint");
    println!(
        "seeded {} in {:.0} s: store {} MB",
        root.display(),
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&store_path).map(|m| m.len()).unwrap_or(0) / 1_000_000
    );
    store_path
}

/// The same folder encrypted as the app keeps it: the store under a store key (SQLCipher), the
/// files of `media/` sealed under its media key (as complaint screenshots are).
fn encrypted_copy(plain: &Path, key: &medsos_core::keystore::StoreKey) -> PathBuf {
    let root = plain
        .parent()
        .and_then(Path::parent)
        .expect("root")
        .join("encrypted");
    let store_path = root.join("data").join(medsos_core::store::STORE_FILE_NAME);
    if !store_path.exists() {
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("data")).expect("folder");
        std::fs::copy(plain, &store_path).expect("copy");
        medsos_core::store::encrypt_plain_store(&store_path, key).expect("encrypt");
        let from = medsos_core::media::media_dir(plain);
        let to = medsos_core::media::media_dir(&store_path);
        std::fs::create_dir_all(&to).expect("media");
        for entry in std::fs::read_dir(&from).expect("media").flatten() {
            let bytes = std::fs::read(entry.path()).expect("photo");
            let sealed = medsos_core::media::seal(&key.media_key(), &bytes);
            std::fs::write(to.join(entry.file_name()), sealed).expect("sealed photo");
        }
    }
    store_path
}

fn inbox_page(store: &Store, clock: &FixedClock) {
    let page = complaints::search::list(store.conn(), clock, &ComplaintFilter::default(), 50, 0)
        .expect("page");
    std::hint::black_box(page);
}

fn bench(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-backup");
    let store_path = seeded(&root);
    let bytes = std::fs::metadata(&store_path).map(|m| m.len()).unwrap_or(0);
    println!(
        "store file {} MB (target {} MB)",
        bytes / 1_000_000,
        TARGET_BYTES / 1_000_000
    );
    let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
    let dest = root.join("usb");
    let _ = std::fs::remove_dir_all(&dest);
    std::fs::create_dir_all(&dest).expect("dest");

    // A fixed key, so the encrypted copy kept between runs opens again.
    let key = medsos_core::keystore::StoreKey::from_bytes([42u8; 32]);
    let encrypted = encrypted_copy(&store_path, &key);
    let mut group = c.benchmark_group("backup");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    for (name, path, key) in [
        ("daily_500mb", &store_path, None),
        ("daily_500mb_encrypted", &encrypted, Some(&key)),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let store = match key {
                        Some(key) => Store::open_encrypted(path, key).expect("open"),
                        None => Store::open(path).expect("open"),
                    };
                    let started = Instant::now();
                    let report = backup::create(
                        store.conn(),
                        path,
                        &clock,
                        BackupReason::Harian,
                        Some(&dest),
                    )
                    .expect("backup");
                    total += started.elapsed();
                    std::fs::remove_file(&report.file).expect("remove");
                }
                total
            })
        });
    }
    group.finish();

    // The window stays responsive: its connection's inbox page, with and without a backup
    // running on another thread with its own connection.
    let window = Store::open_encrypted(&encrypted, &key).expect("open");
    percentiles::sample(
        "inbox page of 50 (encrypted store), no backup running",
        300,
        || inbox_page(&window, &clock),
    );
    let path = encrypted.clone();
    let key2 = key.clone();
    let dest2 = dest.clone();
    let clock2 = clock.clone();
    let handle = std::thread::spawn(move || {
        let store = Store::open_encrypted(&path, &key2).expect("open");
        let started = Instant::now();
        let report = backup::create(
            store.conn(),
            &path,
            &clock2,
            BackupReason::Harian,
            Some(&dest2),
        )
        .expect("backup");
        let took = started.elapsed();
        std::fs::remove_file(&report.file).expect("remove");
        (took, report.bytes)
    });
    let mut times = Vec::new();
    std::thread::sleep(Duration::from_millis(100));
    while !handle.is_finished() {
        let started = Instant::now();
        inbox_page(&window, &clock);
        times.push(started.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    let (took, backup_bytes) = handle.join().expect("backup thread");
    times.sort();
    let n = times.len().max(1);
    let rank = |q: f64| times[((q * n as f64).ceil() as usize).clamp(1, n) - 1];
    println!(
        "p95 inbox page of 50 (encrypted store) during a backup of it: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms over {} calls; the backup took {:.1} s and wrote {} MB",
        rank(0.5).as_secs_f64() * 1e3,
        rank(0.95).as_secs_f64() * 1e3,
        times[n - 1].as_secs_f64() * 1e3,
        times.len(),
        took.as_secs_f64(),
        backup_bytes / 1_000_000
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
