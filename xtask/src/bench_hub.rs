//! `cargo xtask bench-hub`: the hub on PostgreSQL as a province would run it, timed over
//! HTTP. Two release `medsos-hub serve` processes on one throwaway PostgreSQL cluster behind
//! a throwaway nginx (`medsos_pg_cluster`, the same launchers the replica tests use), with
//! `--trusted-proxy 127.0.0.1`; everything goes through the proxy.
//!
//! 1. Ingest: `--agencies` agencies (default 200) enrolled, each uploading a year of days in
//!    batches of [`MAX_DAYS_PER_BATCH`] from `--workers` threads at once (default 32), each
//!    worker with its own keep-alive connection. Figure: days stored a second, over the
//!    wall time of all batches. Budget: at least 10,000.
//! 2. Dashboard: on a fresh database, 40 agencies with a year of days each, then `--users`
//!    logged-in sessions (default 200) each loading the year's overview (`/dasbor?periode=
//!    tahun`) `--rounds` times (default 5), all at once. Figures: p50, p95 and the slowest of
//!    the loads. Budget: p95 at most 300 ms.
//!
//! Not part of `cargo xtask test`: it measures time, and takes minutes.

use crate::process::{command, run};
use crate::{root, target_dir, Result};
use medsos_pg_cluster::{Cluster, Nginx};
use medsos_protocol::MAX_DAYS_PER_BATCH;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};
use time::{Date, OffsetDateTime};

const PASSWORD: &str = "sandi-bench-panjang-1";
const OFFICER: &str = "bench.kominfo";
const YEAR: usize = 365;
const DASHBOARD_AGENCIES: usize = 40;

struct Options {
    agencies: usize,
    workers: usize,
    users: usize,
    rounds: usize,
}

fn options(args: &[String]) -> Result<Options> {
    let mut options = Options {
        agencies: 200,
        workers: 32,
        users: 200,
        rounds: 5,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|v| (1..=10_000).contains(v))
            .ok_or_else(|| format!("{flag} perlu angka 1 sampai 10000"))?;
        match flag.as_str() {
            "--agencies" => options.agencies = value,
            "--workers" => options.workers = value,
            "--users" => options.users = value,
            "--rounds" => options.rounds = value,
            other => {
                return Err(format!(
                    "pilihan {other} tidak dikenal; yang ada: --agencies N --workers N --users N --rounds N"
                ))
            }
        }
    }
    Ok(options)
}

pub fn bench_hub(args: &[String]) -> Result {
    let options = options(args)?;
    run(command("cargo")
        .current_dir(root())
        .args(["build", "--release", "-p", "medsos-hub"]))?;
    let binary = target_dir().join("release/medsos-hub");
    let work = target_dir().join("bench-hub");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let cluster = Cluster::start("ingest").map_err(|e| format!("PostgreSQL: {e}"))?;
    cluster
        .create_database("dasbor")
        .map_err(|e| format!("PostgreSQL: {e}"))?;
    let today = OffsetDateTime::now_utc().date();
    let first = today - time::Duration::days(YEAR as i64);

    println!(
        "\n── Ingest: {} PD × {YEAR} hari, {} pekerja ──",
        options.agencies, options.workers
    );
    let ingest = {
        let hub = Deployment::start(&binary, &cluster.url("ingest"), &work, options.agencies)?;
        let batches = year_batches(&hub.tokens, first);
        let days: usize = batches.iter().map(|(_, _, n)| n).sum();
        let started = Instant::now();
        let latencies = upload_all(&hub.proxy(), &batches, options.workers)?;
        let took = started.elapsed();
        let rate = days as f64 / took.as_secs_f64();
        let (p50, p95, max) = percentiles(latencies);
        println!(
            "  {days} hari dalam {} batch, {:.2} s: {rate:.0} hari/detik (batch p50 {p50:.1} ms, p95 {p95:.1} ms, maks {max:.1} ms)",
            batches.len(),
            took.as_secs_f64()
        );
        (days, batches.len(), took, rate, p95)
    };

    println!(
        "\n── Dasbor: {DASHBOARD_AGENCIES} PD × {YEAR} hari, {} sesi × {} muat ──",
        options.users, options.rounds
    );
    let hub = Deployment::start(&binary, &cluster.url("dasbor"), &work, DASHBOARD_AGENCIES)?;
    let batches = year_batches(&hub.tokens, first);
    upload_all(&hub.proxy(), &batches, options.workers)?;
    hub.add_officer()?;
    let proxy = hub.proxy();
    let sessions = (0..options.users)
        .map(|_| log_in(&proxy))
        .collect::<Result<Vec<_>>>()?;
    // Each session loads the page once before the timing: the first load of each process
    // fills its caches.
    for session in sessions.iter().take(8) {
        overview(&agent(), &proxy, session)?;
    }
    let start = Arc::new(Barrier::new(sessions.len()));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = sessions
        .into_iter()
        .map(|session| {
            let (start, samples, proxy) = (Arc::clone(&start), Arc::clone(&samples), proxy.clone());
            let rounds = options.rounds;
            std::thread::spawn(move || -> Result {
                let agent = agent();
                start.wait();
                for _ in 0..rounds {
                    let clock = Instant::now();
                    overview(&agent, &proxy, &session)?;
                    let ms = clock.elapsed().as_secs_f64() * 1000.0;
                    samples.lock().map_err(|_| "sampel terkunci")?.push(ms);
                }
                Ok(())
            })
        })
        .collect();
    for thread in threads {
        thread.join().map_err(|_| "pengguna dasbor panik")??;
    }
    let took = started.elapsed();
    let samples = std::mem::take(&mut *samples.lock().map_err(|_| "sampel terkunci")?);
    let count = samples.len();
    let (p50, p95, max) = percentiles(samples);
    println!(
        "  {count} muat dalam {:.1} s ({:.0}/detik): p50 {p50:.0} ms, p95 {p95:.0} ms, maks {max:.0} ms",
        took.as_secs_f64(),
        count as f64 / took.as_secs_f64()
    );

    let (days, batch_count, ingest_took, rate, _) = ingest;
    println!("\n──────── bench-hub: PostgreSQL, 2 hub di belakang nginx ────────");
    println!(
        "  ingest    {days} hari / {batch_count} batch / {:.2} s = {rate:.0} hari/detik (anggaran >= 10000: {})",
        ingest_took.as_secs_f64(),
        verdict(rate >= 10_000.0)
    );
    println!(
        "  ikhtisar  {count} muat, {} sesi: p50 {p50:.0} ms, p95 {p95:.0} ms, maks {max:.0} ms (anggaran p95 <= 300 ms: {})",
        options.users,
        verdict(p95 <= 300.0)
    );
    Ok(())
}

fn verdict(met: bool) -> &'static str {
    if met {
        "terpenuhi"
    } else {
        "TIDAK terpenuhi"
    }
}

/// Nearest-rank p50 and p95, and the largest, in the samples' unit.
fn percentiles(mut samples: Vec<f64>) -> (f64, f64, f64) {
    if samples.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    samples.sort_by(f64::total_cmp);
    let rank = |p: f64| {
        let at = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        samples[at - 1]
    };
    (rank(0.50), rank(0.95), samples[samples.len() - 1])
}

/// Two hubs on the database at `url`, nginx in front, `agencies` agencies enrolled.
struct Deployment {
    nginx: Nginx,
    hubs: Vec<Child>,
    tokens: Vec<String>,
    binary: PathBuf,
    url: String,
}

impl Deployment {
    fn start(binary: &Path, url: &str, work: &Path, agencies: usize) -> Result<Deployment> {
        let codes = (0..agencies)
            .map(|i| add_agency(binary, url, i))
            .collect::<Result<Vec<_>>>()?;
        let key = work.join("hub.key");
        let mut hubs = Vec::new();
        let mut addrs = Vec::new();
        for _ in 0..2 {
            let (child, addr) = serve(binary, url, &key)?;
            hubs.push(child);
            addrs.push(addr);
        }
        let upstreams: Vec<&str> = addrs.iter().map(String::as_str).collect();
        let nginx = Nginx::start(&upstreams).map_err(|e| format!("nginx: {e}"))?;
        let mut hub = Deployment {
            nginx,
            hubs,
            tokens: Vec::new(),
            binary: binary.to_path_buf(),
            url: url.to_owned(),
        };
        let agent = agent();
        for (i, code) in codes.iter().enumerate() {
            let body = serde_json::json!({"code": code, "device_name": format!("PC Bench {i}")});
            let answer: serde_json::Value = agent
                .post(&format!("http://{}/api/v1/enrolments", hub.proxy()))
                .send_json(body)
                .map_err(|e| format!("pendaftaran PC {i}: {e}"))?
                .into_json()
                .map_err(|e| format!("jawaban pendaftaran: {e}"))?;
            let token = answer["token"]
                .as_str()
                .ok_or_else(|| format!("jawaban pendaftaran tanpa token: {answer}"))?;
            hub.tokens.push(token.to_owned());
        }
        Ok(hub)
    }

    fn proxy(&self) -> String {
        self.nginx.addr()
    }

    fn add_officer(&self) -> Result {
        let mut child = Command::new(&self.binary)
            .env("MEDSOS_DATABASE_URL", &self.url)
            .args([
                "user",
                "add",
                "--username",
                OFFICER,
                "--name",
                "Petugas Bench",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("medsos-hub user add: {e}"))?;
        child
            .stdin
            .take()
            .ok_or("stdin")?
            .write_all(format!("{PASSWORD}\n").as_bytes())
            .map_err(|e| format!("medsos-hub user add: {e}"))?;
        let status = child.wait().map_err(|e| e.to_string())?;
        status
            .success()
            .then_some(())
            .ok_or_else(|| format!("medsos-hub user add gagal ({status})"))
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        for child in &mut self.hubs {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
            let _ = child.wait();
        }
    }
}

/// `agency add` for agency `i`; its one-time enrolment code.
fn add_agency(binary: &Path, url: &str, i: usize) -> Result<String> {
    let out = Command::new(binary)
        .env("MEDSOS_DATABASE_URL", url)
        .args(["agency", "add", "--name", &format!("Dinas Bench {i}")])
        .args(["--code", &format!("BENCH{i}")])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("medsos-hub agency add: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "medsos-hub agency add gagal: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .map(str::to_owned)
        .ok_or_else(|| "agency add tidak mencetak kode pendaftaran".to_owned())
}

/// `serve` on `url` trusting the proxy on loopback; the process and its `HOST:PORT`.
fn serve(binary: &Path, url: &str, key: &Path) -> Result<(Child, String)> {
    let mut child = Command::new(binary)
        .env("RUST_LOG", "warn")
        .env("MEDSOS_DATABASE_URL", url)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--trusted-proxy",
            "127.0.0.1",
        ])
        .arg("--secret-key-file")
        .arg(key)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("medsos-hub serve: {e}"))?;
    let stdout = child.stdout.take().ok_or("stdout")?;
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| format!("medsos-hub serve: {e}"))?;
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| format!("medsos-hub serve tidak mencetak alamatnya: {line}"))?
        .to_owned();
    Ok((child, addr))
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(120))
        .build()
}

/// Each token's year of days from `first`, in batches as large as the hub takes, ordered so
/// that batches next to each other belong to different agencies. (token, JSON body, days).
fn year_batches(tokens: &[String], first: Date) -> Vec<(String, String, usize)> {
    let per_agency = YEAR.div_ceil(MAX_DAYS_PER_BATCH);
    let mut batches = Vec::new();
    for b in 0..per_agency {
        for (agency, token) in tokens.iter().enumerate() {
            let from = b * MAX_DAYS_PER_BATCH;
            let to = (from + MAX_DAYS_PER_BATCH).min(YEAR);
            let days: Vec<serde_json::Value> = (from..to)
                .map(|i| day(first + time::Duration::days(i as i64), agency + i))
                .collect();
            let count = days.len();
            let body = serde_json::json!({"schema_version": 1, "days": days}).to_string();
            batches.push((token.clone(), body, count));
        }
    }
    batches
}

/// One day's summary as a PC sends it, with counts varied by `seed`.
fn day(date: Date, seed: usize) -> serde_json::Value {
    let n = (seed % 7) as u32;
    serde_json::json!({
        "day": date.to_string(), "revision": 1,
        "posts": {
            "instagram": {"published": 1 + n, "scheduled": 1, "missed": n % 2},
            "facebook": {"published": n, "scheduled": 0, "missed": 0}
        },
        "drafts_created": 2 + n, "briefs_fulfilled": 0,
        "complaints": {
            "received_by_type": {"pengaduan": 3 + n}, "received_by_category": {"jalan_rusak": 3 + n},
            "received_by_kecamatan": {"32.03.01": 1 + n}, "received_by_channel": {"whatsapp": 3 + n},
            "answered_within_deadline": 2 + n, "resolved": 1 + n, "overdue": n % 3, "open_backlog": 10 + n,
            "median_first_response_minutes": 60 + 5 * n, "median_resolution_minutes": null
        },
        "official_accounts": {"verified": 1, "pending": 0, "unverified": 0}
    })
}

/// Sends every batch through the proxy from `workers` threads; each batch's time in ms.
/// Every day must come back `stored`.
fn upload_all(
    proxy: &str,
    batches: &[(String, String, usize)],
    workers: usize,
) -> Result<Vec<f64>> {
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(batches.len()));
    std::thread::scope(|scope| -> Result {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result {
                    let agent = agent();
                    let url = format!("http://{proxy}/api/v1/summaries");
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((token, body, count)) = batches.get(i) else {
                            return Ok(());
                        };
                        let clock = Instant::now();
                        let answer: serde_json::Value = agent
                            .post(&url)
                            .set("Authorization", &format!("Bearer {token}"))
                            .set("Content-Type", "application/json")
                            .send_string(body)
                            .map_err(|e| format!("unggah batch {i}: {e}"))?
                            .into_json()
                            .map_err(|e| format!("jawaban unggah: {e}"))?;
                        let ms = clock.elapsed().as_secs_f64() * 1000.0;
                        let stored = answer["results"]
                            .as_array()
                            .map_or(0, |r| r.iter().filter(|d| d["outcome"] == "stored").count());
                        if stored != *count {
                            return Err(format!(
                                "batch {i}: {stored} dari {count} hari tersimpan: {answer}"
                            ));
                        }
                        latencies.lock().map_err(|_| "sampel terkunci")?.push(ms);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().map_err(|_| "pengunggah panik")??;
        }
        Ok(())
    })?;
    latencies
        .into_inner()
        .map_err(|_| "sampel terkunci".to_owned())
}

/// Logs the officer in through the proxy; the session cookie (`name=value`).
fn log_in(proxy: &str) -> Result<String> {
    let agent = agent();
    let form = agent
        .get(&format!("http://{proxy}/masuk"))
        .call()
        .map_err(|e| format!("/masuk: {e}"))?;
    let login = cookie(&form, "__Host-medsos_masuk").ok_or("/masuk tanpa cookie masuk")?;
    let csrf = login
        .split_once('=')
        .map(|(_, v)| v.to_owned())
        .unwrap_or_default();
    let answer = agent
        .post(&format!("http://{proxy}/masuk"))
        .set("Cookie", &login)
        .send_form(&[
            ("username", OFFICER),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("lanjut", "/dasbor"),
        ])
        .map_err(|e| format!("masuk: {e}"))?;
    cookie(&answer, "__Host-medsos_sesi")
        .ok_or_else(|| format!("masuk tidak memberi sesi (kode {})", answer.status()))
}

fn cookie(response: &ureq::Response, name: &str) -> Option<String> {
    response
        .all("set-cookie")
        .into_iter()
        .filter_map(|c| c.split(';').next())
        .find(|c| c.split_once('=').is_some_and(|(n, _)| n == name))
        .map(str::to_owned)
}

/// The year's overview; Err unless the page came.
fn overview(agent: &ureq::Agent, proxy: &str, session: &str) -> Result {
    let page = agent
        .get(&format!("http://{proxy}/dasbor?periode=tahun"))
        .set("Cookie", session)
        .call()
        .map_err(|e| format!("/dasbor: {e}"))?;
    if page.status() != 200 {
        return Err(format!("/dasbor menjawab {}", page.status()));
    }
    let body = page.into_string().map_err(|e| format!("/dasbor: {e}"))?;
    if !body.contains("Ikhtisar kinerja") {
        return Err("/dasbor tidak memuat ikhtisar".to_owned());
    }
    Ok(())
}
