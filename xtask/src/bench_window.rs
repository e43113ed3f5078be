//! `cargo xtask bench-window`: how long the release app takes to show a usable Beranda with
//! a busy agency's store (issue budget: within 0.6 s of process start, under Xvfb): 20,000
//! drafts, 100,000 complaints and 40,000 calendar slots; and how it compares with a bare
//! Tauri 2 app (`xtask/bare-window`: the same window size, one static page), built and
//! started in the same run: the time ratio (goal <= 1.3) and the idle memory ratio (goal
//! <= 1.2). The bare app is also timed drawn as the app draws itself on Linux (WebKit's
//! compositing off, see src-tauri/src/rendering.rs), and that ratio printed for comparison.
//!
//! No WebDriver in the loop. Each run starts the binary itself with
//! `MEDSOS_STARTUP_TRACE=1`, and the window writes marks on standard error once a screen
//! has been painted: "beranda-frame" (Beranda drawn) and "beranda-ready" (drawn with every
//! list answered: recent drafts, reminders, overdue complaints, briefs, the week). Each mark
//! carries the wall clock, so the time runs from just before the process is spawned (the
//! loader's share counted) to the paint. The bare app writes "beranda-ready" when its page
//! is painted. Idle memory: the resident set (RSS, and PSS, which shares shared pages out)
//! of every process of the app's process group (the app and WebKit's web and network
//! processes) 10 s after the mark.

use crate::install::{self, Purpose};
use crate::process::{command, run};
use crate::{root, target_dir, Result};
use medsos_core::calendar::wib;
use medsos_core::clock::to_stored;
use medsos_core::complaints::{self, Channel, ComplaintInput, ComplaintKind};
use medsos_core::drafts::{self, DraftInput};
use medsos_core::profile::{self, ProfileInput};
use medsos_core::{Clock, FixedClock, Store};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const DRAFTS: usize = 20_000;
const COMPLAINTS: usize = 100_000;
/// Two per draft (Instagram and Facebook) for the first 20,000 drafts.
const SLOTS: usize = 40_000;
/// Complaints still open, the newest ones; the rest are closed.
const OPEN_COMPLAINTS: usize = 1_500;
const RUNS: usize = 7;
/// Starts of each app whose memory is read 10 s after its mark.
const MEMORY_RUNS: usize = 3;
const IDLE: Duration = Duration::from_secs(10);
/// The budget: a usable Beranda within this of process start.
const BUDGET_MS: u128 = 600;

pub fn bench_window() -> Result {
    install::system_packages(Purpose::Test)?;
    install::npm_packages()?;
    if std::env::var_os("DISPLAY").is_none() {
        return Err("butuh layar; jalankan: xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask bench-window".into());
    }
    run(command("npm")
        .args(["run", "build"])
        .current_dir(root().join("ui")))?;
    // One cargo call for both, so tauri is built once with one set of features.
    run(command("cargo").args([
        "build",
        "--release",
        "--locked",
        "-p",
        "medsos-pd",
        "-p",
        "medsos-bare-window",
    ]))?;
    let app = target_dir().join("release/medsos-pd");
    let bare = target_dir().join("release/medsos-bare-window");

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
    let start = |binary: &Path| Launch {
        binary: binary.to_path_buf(),
        data: data.clone(),
        session: session.as_ref(),
        env: &[],
    };
    // The bare app drawn as the app draws itself on Linux (src-tauri/src/rendering.rs:
    // WebKit's compositing off), for comparison: the app's own cost with the drawing alike.
    let bare_drawn_alike = || Launch {
        env: &[(WEBKIT_NO_COMPOSITING_ENV, "1")],
        ..start(&bare)
    };

    let cold = start(&app).run(None)?;
    println!(
        "cold start of the app (not counted): frame {} ms, usable {} ms",
        ms(cold.frame),
        ms(Some(cold.ready))
    );
    start(&bare).run(None)?;
    let (mut frames, mut readies, mut bares) = (Vec::new(), Vec::new(), Vec::new());
    let mut bares_alike = Vec::new();
    // The three alternate, so whatever else the machine does falls on all alike.
    // `BENCH_WINDOW_RUNS=N`: fewer (or more) runs while working on the start.
    let runs = std::env::var("BENCH_WINDOW_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RUNS);
    for i in 1..=runs {
        let app_run = start(&app).run(None)?;
        let bare_run = start(&bare).run(None)?;
        let alike_run = bare_drawn_alike().run(None)?;
        println!(
            "run {i}: app frame {} ms, usable {} ms (in-process from main: {} ms); bare app {} ms (from main: {} ms); bare app drawn alike {} ms",
            ms(app_run.frame),
            ms(Some(app_run.ready)),
            since_main(&app_run),
            ms(Some(bare_run.ready)),
            since_main(&bare_run),
            ms(Some(alike_run.ready))
        );
        frames.extend(app_run.frame);
        readies.push(app_run.ready);
        bares.push(bare_run.ready);
        bares_alike.push(alike_run.ready);
    }
    let (mut app_memory, mut bare_memory) = (Vec::new(), Vec::new());
    for i in 1..=MEMORY_RUNS.min(runs) {
        let a = start(&app)
            .run(Some(IDLE))?
            .memory
            .ok_or("tidak ada ukuran memori")?;
        let b = start(&bare)
            .run(Some(IDLE))?
            .memory
            .ok_or("tidak ada ukuran memori")?;
        println!(
            "memory {i}, {} s after the mark: app RSS {} MiB (PSS {} MiB; {}); bare app RSS {} MiB (PSS {} MiB; {})",
            IDLE.as_secs(),
            a.rss_kib / 1024,
            a.pss_kib / 1024,
            a.each,
            b.rss_kib / 1024,
            b.pss_kib / 1024,
            b.each
        );
        app_memory.push(a);
        bare_memory.push(b);
    }

    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let summary = |what: &str, v: &mut Vec<Duration>| {
        let m = median(v);
        println!(
            "{what}: median {} ms, min {} ms, max {} ms over {} runs",
            m.as_millis(),
            v[0].as_millis(),
            v[v.len() - 1].as_millis(),
            v.len()
        );
        m
    };
    println!("With {DRAFTS} drafts, {COMPLAINTS} complaints, {SLOTS} slots, from process start:");
    if !frames.is_empty() {
        summary("Beranda drawn", &mut frames);
    }
    let ready = summary(
        &format!("Beranda usable (lists loaded and painted; budget {BUDGET_MS} ms)"),
        &mut readies,
    );
    let bare_ready = summary("bare Tauri 2 app, page painted", &mut bares);
    let alike_ready = summary(
        "bare Tauri 2 app drawn as the app is (WebKit compositing off)",
        &mut bares_alike,
    );
    println!(
        "time ratio app / bare app: {:.2} (goal <= 1.3); budget {}",
        ready.as_secs_f64() / bare_ready.as_secs_f64(),
        if ready.as_millis() <= BUDGET_MS {
            "met"
        } else {
            "NOT met"
        }
    );
    println!(
        "time ratio app / bare app drawn alike: {:.2} (for comparison)",
        ready.as_secs_f64() / alike_ready.as_secs_f64()
    );
    let median_of = |v: &[Memory], f: fn(&Memory) -> u64| {
        let mut x: Vec<u64> = v.iter().map(f).collect();
        x.sort();
        x[x.len() / 2]
    };
    let (a_rss, b_rss) = (
        median_of(&app_memory, |m| m.rss_kib),
        median_of(&bare_memory, |m| m.rss_kib),
    );
    let (a_pss, b_pss) = (
        median_of(&app_memory, |m| m.pss_kib),
        median_of(&bare_memory, |m| m.pss_kib),
    );
    println!(
        "idle memory ratio app / bare app: RSS {:.2} ({} / {} MiB, goal <= 1.2), PSS {:.2} ({} / {} MiB)",
        a_rss as f64 / b_rss as f64,
        a_rss / 1024,
        b_rss / 1024,
        a_pss as f64 / b_pss as f64,
        a_pss / 1024,
        b_pss / 1024
    );
    Ok(())
}

/// The mark's time since the binary's `main`, as the binary measured it.
fn since_main(run: &Started) -> String {
    run.ready_since_main
        .map_or("-".into(), |t| format!("{t:.0}"))
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("-".into(), |d| d.as_millis().to_string())
}

/// One start of a binary under test.
struct Launch<'a> {
    binary: PathBuf,
    data: PathBuf,
    session: Option<&'a crate::keyring::Session>,
    /// More environment for this start.
    env: &'static [(&'static str, &'static str)],
}

/// What one start measured, from just before the spawn.
struct Started {
    frame: Option<Duration>,
    ready: Duration,
    /// The app's own figure for the same mark, from the first line of `main`.
    ready_since_main: Option<f64>,
    memory: Option<Memory>,
}

struct Memory {
    rss_kib: u64,
    pss_kib: u64,
    processes: usize,
    /// Each process's name and RSS in MiB, largest first: "medsos-pd 180, WebKitWebProcess 250".
    each: String,
}

fn unix_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

impl Launch<'_> {
    /// Starts the binary, waits for its "beranda-ready" mark (30 s at most), reads its
    /// memory `idle` after it when asked, and stops every process it started.
    fn run(&self, idle: Option<Duration>) -> Result<Started> {
        #[cfg(unix)]
        use std::os::unix::process::CommandExt;
        let mut cmd = command(&self.binary.to_string_lossy());
        cmd.env("MEDSOS_DATA_DIR", &self.data)
            .env(STARTUP_TRACE_ENV, "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(session) = self.session {
            session.apply(&mut cmd);
        }
        // Each start draws as it chooses, whatever the caller's shell holds.
        cmd.env_remove(WEBKIT_NO_COMPOSITING_ENV)
            .env_remove("MEDSOS_GPU")
            .env_remove("TAURI_WEBVIEW_AUTOMATION")
            .envs(self.env.iter().copied());
        #[cfg(unix)]
        cmd.process_group(0);
        let spawned_at = unix_ns();
        let mut child = cmd
            .spawn()
            .map_err(|e| format!("{}: {e}", self.binary.display()))?;
        let guard = Group(child.id());
        let stderr = child.stderr.take().ok_or("tidak ada stderr")?;
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(|l| l.ok())
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        // `BENCH_WINDOW_TRACE=1`: every line the binary writes, marks and store uses.
        let verbose = std::env::var_os("BENCH_WINDOW_TRACE").is_some();
        let (mut frame, mut ready, mut ready_since_main) = (None, None, None);
        while ready.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx.recv_timeout(left).map_err(|_| {
                format!(
                    "{}: Beranda tidak siap dalam 30 detik",
                    self.binary.display()
                )
            })?;
            if verbose {
                println!("  {line}");
            }
            let Some((what, since_main, at)) = parse_mark(&line) else {
                continue;
            };
            let after = Duration::from_nanos(at.saturating_sub(spawned_at) as u64);
            match what {
                "beranda-frame" => frame = Some(after),
                "beranda-ready" => {
                    ready = Some(after);
                    ready_since_main = Some(since_main);
                }
                _ => {}
            }
        }
        let memory = idle.map(|idle| {
            std::thread::sleep(idle);
            group_memory(child.id())
        });
        drop(guard);
        let _ = child.wait();
        // WebKit's processes and the session bus name let go before the next start.
        std::thread::sleep(Duration::from_millis(300));
        Ok(Started {
            frame,
            ready: ready.unwrap_or_default(),
            ready_since_main,
            memory,
        })
    }
}

/// The app's start-up trace switch (src-tauri/src/startup.rs).
const STARTUP_TRACE_ENV: &str = "MEDSOS_STARTUP_TRACE";
/// WebKitGTK's switch for drawing without OpenGL compositing, which the app sets for itself
/// on Linux (src-tauri/src/rendering.rs).
const WEBKIT_NO_COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// `medsos-startup <what> <ms> ms unix_ns=<ns>`: the mark, its time since `main`, the wall
/// clock.
fn parse_mark(line: &str) -> Option<(&str, f64, u128)> {
    let rest = line.strip_prefix("medsos-startup ")?;
    let mut words = rest.split(' ');
    let what = words.next()?;
    let since_main = words.next()?.parse().ok()?;
    let at = rest.rsplit_once("unix_ns=")?.1.trim().parse().ok()?;
    Some((what, since_main, at))
}

/// A process group, stopped (TERM, then KILL) when dropped.
struct Group(u32);

impl Drop for Group {
    fn drop(&mut self) {
        let group = format!("-{}", self.0);
        let _ = command("kill").args(["-TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(200));
        let _ = command("kill").args(["-KILL", "--", &group]).status();
    }
}

/// RSS and PSS summed over every process in the group `leader` leads.
fn group_memory(leader: u32) -> Memory {
    let mut memory = Memory {
        rss_kib: 0,
        pss_kib: 0,
        processes: 0,
        each: String::new(),
    };
    let mut each: Vec<(u64, String)> = Vec::new();
    for p in crate::procfs::all() {
        if p.field(5) != u64::from(leader) {
            continue;
        }
        let rss = p.kib("status", "VmRSS:");
        memory.rss_kib += rss;
        memory.pss_kib += p.kib("smaps_rollup", "Pss:");
        memory.processes += 1;
        each.push((rss, p.name));
    }
    each.sort_by_key(|e| std::cmp::Reverse(e.0));
    memory.each = each
        .iter()
        .map(|(rss, name)| format!("{name} {}", rss / 1024))
        .collect::<Vec<_>>()
        .join(", ");
    memory
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
