//! `cargo xtask soak [--kills N] [--hub-kills H] [--seed S]`: crash safety measured.
//!
//! Builds the debug `medsos-pd` and `medsos-hub` (the hidden `soak-ketik` / `soak-periksa`
//! commands exist only in debug builds), copies them to `<target>/soak/bin/` so another
//! build cannot swap them mid-run, and then kills the PC app with SIGKILL N times (default
//! 500), spread over four scenarios, and the hub H times (default N/10) during ingest:
//!
//! - `ketik`: typing with autosave (`soak-ketik`, the editor's save path);
//! - `impor`: a complaint import of 2,000 rows (`medsos-pd aduan import`), all or nothing;
//! - `cadangan`: `medsos-pd backup --out DIR` (skipped, and said so, when this build has no
//!   such command; a skipped scenario is never a pass);
//! - `sinkron`: `medsos-pd sync` against the real hub; after each kill a full sync must
//!   finish and the hub's figures must equal `medsos-pd summary --day D`;
//! - `hub`: four PCs upload summaries over HTTP while the hub is killed and restarted; the
//!   hub's file must pass `integrity_check` and hold every upload it answered 2xx.
//!
//! Each kill comes after a random delay within the duration of an unkilled run of that
//! scenario (the median of three, measured first). After each kill `medsos-pd soak-periksa` checks the store:
//! `integrity_check`, the FTS5 indexes, and every write acknowledged before the kill.
//! The table goes to stdout and to `<target>/soak/hasil.md`; any failure or skipped
//! scenario makes the command fail.

use crate::{install, process, root, target_dir, Result};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USAGE: &str = "cargo xtask soak [--kills N] [--hub-kills H] [--seed S]";
/// Complaints per generated import file.
const IMPORT_ROWS: usize = 2_000;
/// Edits per `soak-ketik` run.
const TYPING_EDITS: u64 = 1_000;
/// Longest an unkilled run may take before it counts as hung.
const RUN_LIMIT: Duration = Duration::from_secs(300);
/// Unkilled runs that measure a scenario's duration (their median is used).
const CALIBRATION_RUNS: u32 = 3;
/// PCs uploading to the hub at once in the hub scenario.
const HUB_PCS: usize = 4;
/// Days each upload carries in the hub scenario.
const DAYS_PER_UPLOAD: usize = 10;

/// SplitMix64: a small, well-known generator; the seed printed at the start replays a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A delay uniformly within `[0, within)`.
    fn delay(&mut self, within: Duration) -> Duration {
        let micros = within.as_micros().max(1) as u64;
        Duration::from_micros(self.next() % micros)
    }
}

/// What one scenario did.
struct Outcome {
    name: &'static str,
    kills: u32,
    /// Runs that ended on their own before their kill came (not counted as kills).
    finished_first: u32,
    delays: Vec<Duration>,
    unkilled: Option<Duration>,
    failures: Vec<String>,
    skipped: Option<String>,
    note: String,
}

impl Outcome {
    fn new(name: &'static str) -> Outcome {
        Outcome {
            name,
            kills: 0,
            finished_first: 0,
            delays: Vec::new(),
            unkilled: None,
            failures: Vec::new(),
            skipped: None,
            note: String::new(),
        }
    }

    fn fail(&mut self, what: String) {
        println!("    GAGAL: {}", what.lines().next().unwrap_or(""));
        self.failures.push(what);
    }

    fn mean_delay(&self) -> Option<Duration> {
        (!self.delays.is_empty())
            .then(|| self.delays.iter().sum::<Duration>() / self.delays.len() as u32)
    }
}

struct Bins {
    pd: PathBuf,
    hub: PathBuf,
}

struct Options {
    kills: u32,
    hub_kills: u32,
    seed: u64,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut kills = 500;
    let mut hub_kills = None;
    let mut seed = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = |v: Option<&String>| -> Result<u64> {
            v.and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{arg} butuh angka; pakai: {USAGE}"))
        };
        match arg.as_str() {
            "--kills" => kills = value(args.next())? as u32,
            "--hub-kills" => hub_kills = Some(value(args.next())? as u32),
            "--seed" => seed = Some(value(args.next())?),
            other => return Err(format!("opsi {other} tidak dikenal; pakai: {USAGE}")),
        }
    }
    if kills < 4 {
        return Err("--kills paling sedikit 4 (satu per skenario PC)".into());
    }
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
    });
    Ok(Options {
        kills,
        hub_kills: hub_kills.unwrap_or((kills / 10).max(2)),
        seed,
    })
}

pub fn soak(args: &[String]) -> Result {
    let options = parse(args)?;
    let started = Instant::now();
    println!(
        "==> cargo xtask soak: {} SIGKILL pada medsos-pd, {} pada medsos-hub, seed {}",
        options.kills, options.hub_kills, options.seed
    );
    println!(
        "    (ulangi persis dengan: cargo xtask soak --kills {} --hub-kills {} --seed {})",
        options.kills, options.hub_kills, options.seed
    );
    let bins = build()?;
    // The app keeps its store key in the OS credential store: the soak's PCs use a private
    // session bus with an unlocked gnome-keyring, as `cargo xtask test` does.
    let keyring_home = target_dir().join(format!("soak-keyring-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&keyring_home);
    let session = crate::keyring::Session::start(&keyring_home, "medsos-soak")
        .map_err(|e| format!("brankas kredensial untuk soak tidak dapat disiapkan: {e}"))?;
    let _ = SESSION_BUS.set(session.address().to_owned());
    let outcome = soak_with(options, started, bins);
    drop(session);
    let _ = std::fs::remove_dir_all(&keyring_home);
    outcome
}

/// The soak's session bus, which every `medsos-pd` it starts reaches the keyring through.
static SESSION_BUS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn soak_with(options: Options, started: Instant, bins: Bins) -> Result {
    let soak_dir = target_dir().join("soak");
    let work = soak_dir.join("run");
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .map_err(|e| format!("tidak dapat mengosongkan {}: {e}", work.display()))?;
    }
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut rng = Rng(options.seed);

    let backup_missing = backup_command_missing(&bins.pd)?;
    // The PC's kills, a quarter per scenario; when the backup scenario cannot run, its
    // share goes to the other three so the total stays as asked.
    let scenarios = if backup_missing.is_some() { 3 } else { 4 };
    let share =
        |index: u32| options.kills / scenarios + u32::from(index < options.kills % scenarios);

    let mut outcomes = Vec::new();
    outcomes.push(typing(&bins, &work.join("ketik"), share(0), &mut rng));
    outcomes.push(import(&bins, &work.join("impor"), share(1), &mut rng));
    match &backup_missing {
        Some(why) => {
            let mut skipped = Outcome::new("cadangan");
            skipped.skipped = Some(why.clone());
            skipped.note = format!(
                "{why}; jatah {} kill dibagikan ke tiga skenario lain",
                options.kills / 4 + u32::from(2 < options.kills % 4)
            );
            println!("\n==> skenario cadangan: {why}");
            outcomes.push(skipped);
        }
        None => outcomes.push(backup(&bins, &work.join("cadangan"), share(2), &mut rng)),
    }
    let sync_share = if backup_missing.is_some() {
        share(2)
    } else {
        share(3)
    };
    outcomes.push(sync(&bins, &work.join("sinkron"), sync_share, &mut rng));
    outcomes.push(hub(&bins, &work.join("hub"), options.hub_kills, &mut rng));

    let report = table(&options, &outcomes, started.elapsed());
    println!("\n{report}");
    let out = soak_dir.join("hasil.md");
    std::fs::write(&out, &report).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("Tabel ini juga tersimpan di {}", out.display());

    let failures: usize = outcomes.iter().map(|o| o.failures.len()).sum();
    let skipped: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.skipped.is_some())
        .map(|o| o.name)
        .collect();
    if failures > 0 {
        let dir = work.display();
        return Err(format!(
            "{failures} kegagalan (rincian di atas dan di {dir}/*/gagal-*.txt)"
        ));
    }
    if !skipped.is_empty() {
        return Err(format!(
            "TIDAK LENGKAP: skenario {} dilewati, jadi soak ini belum lulus",
            skipped.join(", ")
        ));
    }
    println!("Soak lulus: tidak ada kegagalan.");
    Ok(())
}

/// Builds the UI (the app embeds it) and both debug binaries, and copies them aside.
fn build() -> Result<Bins> {
    install::npm_packages()?;
    process::run(
        process::command("npm")
            .args(["run", "build"])
            .current_dir(root().join("ui"))
            .stdin(Stdio::null()),
    )?;
    let mut last = String::new();
    for _ in 0..3 {
        match build_and_copy() {
            Ok(bins) => return Ok(bins),
            Err(e) => {
                println!("    {e}");
                last = e;
            }
        }
    }
    Err(last)
}

/// Builds both debug binaries and copies them aside.
fn build_and_copy() -> Result<Bins> {
    println!("==> Membangun biner DEBUG medsos-pd dan medsos-hub (soak-ketik/soak-periksa hanya ada di build debug)");
    process::run(process::command("cargo").current_dir(root()).args([
        "build",
        "--locked",
        "-p",
        "medsos-pd",
        "-p",
        "medsos-hub",
    ]))?;
    let bin = target_dir().join("soak").join("bin");
    std::fs::create_dir_all(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
    let copy = |name: &str| -> Result<PathBuf> {
        let from = target_dir().join("debug").join(exe(name));
        let to = bin.join(exe(name));
        // Copied to a temporary name and renamed: a running copy is never written over.
        let temp = bin.join(format!(".{}.baru", exe(name)));
        std::fs::copy(&from, &temp)
            .and_then(|_| std::fs::rename(&temp, &to))
            .map_err(|e| format!("tidak dapat menyalin {}: {e}", from.display()))?;
        Ok(to)
    };
    let bins = Bins {
        pd: copy("medsos-pd")?,
        hub: copy("medsos-hub")?,
    };
    // The target folder is shared: another worktree's build may have replaced the binaries
    // between this build and the copy. Only this branch's have these commands.
    let ours = |program: &Path, args: &[&str]| {
        Command::new(program)
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !ours(&bins.pd, &["soak-ketik", "--help"]) || !ours(&bins.hub, &["backup", "--help"]) {
        return Err(format!(
            "biner yang disalin ke {} bukan dari cabang ini (build lain di target bersama menimpanya)",
            bin.display()
        ));
    }
    println!("    biner debug disalin ke {}", bin.display());
    Ok(bins)
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// `medsos-pd` with its store in `data`, never opening a window.
fn pd(bins: &Bins, data: &Path) -> Command {
    let mut command = Command::new(&bins.pd);
    if let Some(bus) = SESSION_BUS.get() {
        command.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    command
        .env("MEDSOS_DATA_DIR", data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null());
    command
}

fn hub_cli(bins: &Bins) -> Command {
    let mut command = Command::new(&bins.hub);
    command.env("RUST_LOG", "warn").stdin(Stdio::null());
    command
}

/// `Some(why)` when this build's `medsos-pd` has no `backup` command. Asked through
/// `--help`: a name the command line does not know would open the window instead.
fn backup_command_missing(pd: &Path) -> Result<Option<String>> {
    let help = Command::new(pd)
        .arg("--help")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .map_err(|e| format!("medsos-pd --help: {e}"))?;
    let text = String::from_utf8_lossy(&help.stdout);
    let listed = text
        .lines()
        .any(|line| line.split_whitespace().next() == Some("backup"));
    Ok((!listed).then(|| "dilewati: perintah backup belum ada".to_owned()))
}

/// The end of a run that was not killed: its time, status and output.
struct Finished {
    took: Duration,
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Finished {
    fn describe(&self) -> String {
        format!(
            "{}; stdout: {}; stderr: {}",
            self.status,
            self.stdout.trim(),
            self.stderr.trim()
        )
    }
}

/// Runs `command` to its end (killed when it takes longer than [`RUN_LIMIT`]).
fn run_to_end(command: &mut Command) -> Result<Finished> {
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("tidak dapat menjalankan {:?}: {e}", command.get_program()))?;
    // Read both pipes on their own threads so a chatty child never blocks on a full pipe.
    let out = child.stdout.take().map(drain);
    let err = child.stderr.take().map(drain);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{:?} tidak selesai dalam {} detik",
                command.get_args().collect::<Vec<_>>(),
                RUN_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let took = start.elapsed();
    let join = |h: Option<std::thread::JoinHandle<String>>| {
        h.and_then(|h| h.join().ok()).unwrap_or_default()
    };
    Ok(Finished {
        took,
        status,
        stdout: join(out),
        stderr: join(err),
    })
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        text
    })
}

/// The median time of `runs` unkilled runs: the window the kills fall in. One run alone
/// would be the cold one (page cache, first open), longer than the runs that get killed.
fn median_of(runs: u32, mut run: impl FnMut(u32) -> Result<Duration>) -> Result<Duration> {
    let mut times = (0..runs).map(&mut run).collect::<Result<Vec<_>>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

/// How a run that was to be killed ended.
enum Attempt {
    /// SIGKILLed after this long.
    Killed(Duration),
    /// Ended on its own first.
    Finished(ExitStatus),
}

/// Starts `command` (its output to `log`) and SIGKILLs it after `delay` unless it has
/// ended by then.
fn run_and_kill(command: &mut Command, delay: Duration, log: &Path) -> Result<Attempt> {
    let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut child = command
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("tidak dapat menjalankan {:?}: {e}", command.get_program()))?;
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok(Attempt::Finished(status));
        }
        let elapsed = start.elapsed();
        if elapsed >= delay {
            // std's Child::kill is SIGKILL on Unix.
            child.kill().map_err(|e| format!("SIGKILL gagal: {e}"))?;
            let status = child.wait().map_err(|e| e.to_string())?;
            return Ok(match status.code() {
                // It had exited by itself in the instant before the signal.
                Some(_) => Attempt::Finished(status),
                None => Attempt::Killed(elapsed),
            });
        }
        std::thread::sleep((delay - elapsed).min(Duration::from_micros(500)));
    }
}

/// `soak-periksa` over the store in `data`; Err holds its JSON verdict.
fn check(bins: &Bins, data: &Path, ack: &Path, backups: Option<&Path>) -> Result {
    let mut command = pd(bins, data);
    command.arg("soak-periksa").arg("--ack").arg(ack);
    if let Some(dir) = backups {
        command.arg("--cadangan").arg(dir);
    }
    let done = run_to_end(&mut command)?;
    if done.status.success() {
        Ok(())
    } else {
        Err(format!(
            "soak-periksa: {}\n{}",
            done.status,
            if done.stdout.trim().is_empty() {
                done.stderr
            } else {
                format!("{}{}", done.stdout, done.stderr)
            }
        ))
    }
}

/// Keeps a failure's detail beside the scenario's data.
fn keep_failure(dir: &Path, attempt: u32, detail: &str) {
    let _ = std::fs::write(dir.join(format!("gagal-{attempt}.txt")), detail);
}

/// Appends one acknowledgement line and flushes it to the disk (the format `soak-periksa`
/// reads; the app's own lines come from `soak-ketik`).
fn acknowledge(ack: &Path, line: &serde_json::Value) -> Result {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(ack)
        .map_err(|e| format!("{}: {e}", ack.display()))?;
    writeln!(file, "{line}")
        .and_then(|()| file.sync_data())
        .map_err(|e| format!("{}: {e}", ack.display()))
}

/// The loop every PC scenario shares: `prepare` readies attempt `i` and answers the command
/// to kill; `after` sees how it ended. Runs until `kills` kills landed (at most three
/// times as many attempts), checking the store after every one.
#[allow(clippy::too_many_arguments)]
fn kill_loop(
    outcome: &mut Outcome,
    bins: &Bins,
    dir: &Path,
    ack: &Path,
    backups: Option<&Path>,
    kills: u32,
    within: Duration,
    rng: &mut Rng,
    mut prepare: impl FnMut(u32) -> Result<Command>,
    mut after: impl FnMut(u32, &Attempt, &mut Outcome) -> Result,
) {
    let log = dir.join("terakhir.log");
    let mut attempt = 0;
    while outcome.kills < kills && attempt < kills * 3 {
        attempt += 1;
        let mut command = match prepare(attempt) {
            Ok(command) => command,
            Err(e) => {
                outcome.fail(format!("persiapan percobaan {attempt}: {e}"));
                keep_failure(dir, attempt, &e);
                return;
            }
        };
        let delay = rng.delay(within);
        let ended = match run_and_kill(&mut command, delay, &log) {
            Ok(ended) => ended,
            Err(e) => {
                outcome.fail(format!("percobaan {attempt}: {e}"));
                return;
            }
        };
        match &ended {
            Attempt::Killed(after) => {
                outcome.kills += 1;
                outcome.delays.push(*after);
            }
            Attempt::Finished(_) => outcome.finished_first += 1,
        }
        if let Err(e) = check(bins, dir.join("data").as_path(), ack, backups) {
            let detail = format!("setelah percobaan {attempt} ({}): {e}", describe(&ended));
            keep_failure(dir, attempt, &detail);
            outcome.fail(detail);
        }
        if let Err(e) = after(attempt, &ended, outcome) {
            keep_failure(dir, attempt, &e);
            outcome.fail(format!("percobaan {attempt}: {e}"));
        }
        if attempt % 25 == 0 {
            println!(
                "    {attempt} percobaan, {} kill, {} gagal",
                outcome.kills,
                outcome.failures.len()
            );
        }
    }
    if outcome.kills < kills {
        outcome.fail(format!(
            "hanya {} dari {kills} kill yang mengenai proses yang masih berjalan",
            outcome.kills
        ));
    }
}

fn describe(attempt: &Attempt) -> String {
    match attempt {
        Attempt::Killed(after) => format!("dibunuh setelah {} ms", after.as_millis()),
        Attempt::Finished(status) => format!("selesai sendiri: {status}"),
    }
}

fn scenario_dir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir.join("data")).map_err(|e| format!("{}: {e}", dir.display()))
}

/// a. Typing with autosave.
fn typing(bins: &Bins, dir: &Path, kills: u32, rng: &mut Rng) -> Outcome {
    let mut outcome = Outcome::new("ketik");
    println!(
        "\n==> skenario ketik: {kills} kill selama soak-ketik ({TYPING_EDITS} suntingan per jalan)"
    );
    if let Err(e) = scenario_dir(dir) {
        outcome.fail(e);
        return outcome;
    }
    let data = dir.join("data");
    let ack = dir.join("tanda-terima.jsonl");
    let typing = |bins: &Bins| {
        let mut command = pd(bins, &data);
        command
            .args(["soak-ketik", "--draft-count", "5", "--edits"])
            .arg(TYPING_EDITS.to_string())
            .arg("--ack")
            .arg(&ack);
        command
    };
    let calibrate = |_: u32| -> Result<Duration> {
        let done = run_to_end(&mut typing(bins))?;
        if !done.status.success() {
            return Err(format!("jalan tanpa kill gagal: {}", done.describe()));
        }
        Ok(done.took)
    };
    let within = match median_of(CALIBRATION_RUNS, calibrate) {
        Ok(took) => took,
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    outcome.unkilled = Some(within);
    if let Err(e) = check(bins, &data, &ack, None) {
        outcome.fail(format!("setelah jalan tanpa kill: {e}"));
    }
    kill_loop(
        &mut outcome,
        bins,
        dir,
        &ack,
        None,
        kills,
        within,
        rng,
        |_| Ok(typing(bins)),
        |_, _, _| Ok(()),
    );
    outcome
}

/// A Google Form export of `rows` complaints, each text carrying `mark`.
fn import_csv(path: &Path, mark: &str, rows: usize, rng: &mut Rng) -> Result {
    const KECAMATAN: [&str; 6] = [
        "Cugenang",
        "Cipanas",
        "Pacet",
        "Cianjur",
        "Karangtengah",
        "Sukaresmi",
    ];
    const CATEGORY: [&str; 2] = ["jalan dan jembatan", "Penerangan Jalan"];
    const WHAT: [&str; 4] = [
        "Jalan di depan SDN 1 berlubang besar",
        "Lampu PJU mati sejak seminggu",
        "Saluran air tersumbat sampah",
        "Jembatan gantung kayunya lapuk",
    ];
    let mut text = String::from("Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori\n");
    for n in 0..rows {
        let r = rng.next();
        text.push_str(&format!(
            "{}/11/2026 {}:{:02}:00,Warga Uji {n},08123{:06},{} {mark} nomor {n},{},{}\n",
            1 + r % 28,
            7 + (r >> 8) % 10,
            (r >> 16) % 60,
            (r >> 24) % 1_000_000,
            WHAT[(r >> 40) as usize % WHAT.len()],
            KECAMATAN[(r >> 44) as usize % KECAMATAN.len()],
            CATEGORY[(r >> 48) as usize % CATEGORY.len()],
        ));
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// b. A complaint import, all or nothing.
fn import(bins: &Bins, dir: &Path, kills: u32, rng: &mut Rng) -> Outcome {
    let mut outcome = Outcome::new("impor");
    println!("\n==> skenario impor: {kills} kill selama `aduan import` berkas {IMPORT_ROWS} baris");
    if let Err(e) = scenario_dir(dir) {
        outcome.fail(e);
        return outcome;
    }
    let data = dir.join("data");
    let ack = dir.join("tanda-terima.jsonl");
    let csv = dir.join("aduan.csv");
    let mark = |i: u32| format!("[SOAKIMPOR-{i}]");
    let ack_line = |i: u32, done: bool| serde_json::json!({"jenis": "impor", "penanda": mark(i), "baris": IMPORT_ROWS, "selesai": done});
    let importing = |bins: &Bins| {
        let mut command = pd(bins, &data);
        command.args(["aduan", "import"]).arg(&csv).args([
            "--channel",
            "whatsapp",
            "--actor",
            "soak",
        ]);
        command
    };
    // The unkilled runs' marks are numbered apart from the attempts'.
    let calibrate = |k: u32| -> Result<Duration> {
        let id = 1_000_000 + k;
        import_csv(&csv, &mark(id), IMPORT_ROWS, &mut Rng(u64::from(k)))?;
        acknowledge(&ack, &ack_line(id, false))?;
        let done = run_to_end(&mut importing(bins))?;
        if !done.status.success() {
            return Err(format!("jalan tanpa kill gagal: {}", done.describe()));
        }
        acknowledge(&ack, &ack_line(id, true))?;
        Ok(done.took)
    };
    let within = match median_of(CALIBRATION_RUNS, calibrate) {
        Ok(took) => took,
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    outcome.unkilled = Some(within);
    if let Err(e) = check(bins, &data, &ack, None) {
        outcome.fail(format!("setelah jalan tanpa kill: {e}"));
    }
    let mut file_rng = Rng(rng.next());
    kill_loop(
        &mut outcome,
        bins,
        dir,
        &ack,
        None,
        kills,
        within,
        rng,
        |i| {
            import_csv(&csv, &mark(i), IMPORT_ROWS, &mut file_rng)?;
            acknowledge(&ack, &ack_line(i, false))?;
            Ok(importing(bins))
        },
        |i, ended, _| match ended {
            Attempt::Finished(status) if status.success() => acknowledge(&ack, &ack_line(i, true)),
            Attempt::Finished(status) => Err(format!("impor berakhir sendiri dengan {status}")),
            Attempt::Killed(_) => Ok(()),
        },
    );
    outcome
}

/// c. `medsos-pd backup --out DIR`, with DIR checked for half-written backups.
fn backup(bins: &Bins, dir: &Path, kills: u32, rng: &mut Rng) -> Outcome {
    let mut outcome = Outcome::new("cadangan");
    println!("\n==> skenario cadangan: {kills} kill selama `medsos-pd backup --out DIR`");
    if let Err(e) = scenario_dir(dir) {
        outcome.fail(e);
        return outcome;
    }
    let data = dir.join("data");
    let ack = dir.join("tanda-terima.jsonl");
    let out = dir.join("cadangan");
    // Something worth copying: drafts with their history and FTS rows.
    let seeded = run_to_end(
        pd(bins, &data)
            .args([
                "soak-ketik",
                "--draft-count",
                "50",
                "--edits",
                "2000",
                "--ack",
            ])
            .arg(&ack),
    );
    match seeded {
        Ok(done) if done.status.success() => {}
        Ok(done) => {
            outcome.fail(format!("isi awal gagal: {}", done.describe()));
            return outcome;
        }
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    }
    // The flashdisk's folder is there, as a plugged-in drive is.
    if let Err(e) = std::fs::create_dir_all(&out) {
        outcome.fail(format!("{}: {e}", out.display()));
        return outcome;
    }
    // A backup needs the recovery phrase set once, as an admin does in Pengaturan.
    match run_to_end(pd(bins, &data).args(["backup", "phrase", "--new"])) {
        Ok(done) if done.status.success() => {}
        Ok(done) => {
            let text = done.describe();
            if text.contains("unrecognized subcommand") {
                outcome.skipped = Some("dilewati: perintah backup belum ada".into());
                outcome.note = "dilewati: perintah backup belum ada".into();
            } else {
                outcome.fail(format!("frasa pemulihan gagal dibuat: {text}"));
            }
            return outcome;
        }
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    }
    let backing_up = |bins: &Bins| {
        let mut command = pd(bins, &data);
        command.args(["backup", "--out"]).arg(&out);
        command
    };
    let within = match run_to_end(&mut backing_up(bins)) {
        Ok(done) if done.status.success() => done.took,
        Ok(done) => {
            let text = done.describe();
            if text.contains("unrecognized subcommand") {
                outcome.skipped = Some("dilewati: perintah backup belum ada".into());
                outcome.note = "dilewati: perintah backup belum ada".into();
            } else {
                outcome.fail(format!("jalan tanpa kill gagal: {text}"));
            }
            return outcome;
        }
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    outcome.unkilled = Some(within);
    if let Err(e) = check(bins, &data, &ack, Some(&out)) {
        outcome.fail(format!("setelah jalan tanpa kill: {e}"));
    }
    kill_loop(
        &mut outcome,
        bins,
        dir,
        &ack,
        Some(&out),
        kills,
        within,
        rng,
        |_| Ok(backing_up(bins)),
        |_, ended, _| match ended {
            Attempt::Finished(status) if !status.success() => {
                Err(format!("backup berakhir sendiri dengan {status}"))
            }
            _ => Ok(()),
        },
    );
    outcome
}

/// A running `medsos-hub serve` and its address.
struct Hub {
    child: Child,
    addr: String,
}

impl Hub {
    fn start(bins: &Bins, db: &Path, log: &Path) -> Result<Hub> {
        let err = File::options()
            .create(true)
            .append(true)
            .open(log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut child = hub_cli(bins)
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--rate-limit",
                "1000000",
                "--db",
            ])
            .arg(db)
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .map_err(|e| format!("medsos-hub serve: {e}"))?;
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        match read {
            Some(Ok(n)) if n > 0 && line.contains("http://") => {}
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "medsos-hub serve tidak mulai (log: {})",
                    log.display()
                ));
            }
        }
        let addr = line
            .trim()
            .rsplit("http://")
            .next()
            .unwrap_or("")
            .to_owned();
        Ok(Hub { child, addr })
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Adds an agency on the hub's file and answers its one-time enrolment code.
fn agency_code(bins: &Bins, db: &Path, code: &str) -> Result<String> {
    let done = run_to_end(
        hub_cli(bins)
            .args([
                "agency",
                "add",
                "--name",
                &format!("Dinas Uji {code}"),
                "--code",
                code,
                "--db",
            ])
            .arg(db),
    )?;
    if !done.status.success() {
        return Err(format!("agency add: {}", done.describe()));
    }
    done.stdout
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .map(str::to_owned)
        .ok_or_else(|| format!("kode tidak tercetak: {}", done.stdout))
}

/// Today in WIB (UTC+7), as the app names days.
fn today_wib() -> String {
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    time::OffsetDateTime::now_utc()
        .to_offset(offset)
        .date()
        .to_string()
}

/// The hub's figures for `day` (its one agency), without the revision.
fn hub_figures(bins: &Bins, db: &Path, day: &str) -> Result<Option<serde_json::Value>> {
    let done = run_to_end(
        hub_cli(bins)
            .args([
                "summaries",
                "export",
                "--format",
                "json",
                "--from",
                day,
                "--to",
                day,
                "--db",
            ])
            .arg(db),
    )?;
    if !done.status.success() {
        return Err(format!("summaries export: {}", done.describe()));
    }
    let rows: serde_json::Value =
        serde_json::from_str(&done.stdout).map_err(|e| format!("ekspor hub bukan JSON: {e}"))?;
    Ok(rows.as_array().and_then(|rows| rows.first()).map(|row| {
        let mut summary = row["summary"].clone();
        if let Some(object) = summary.as_object_mut() {
            object.remove("revision");
        }
        summary
    }))
}

/// d. `medsos-pd sync` against the real hub.
fn sync(bins: &Bins, dir: &Path, kills: u32, rng: &mut Rng) -> Outcome {
    let mut outcome = Outcome::new("sinkron");
    println!("\n==> skenario sinkron: {kills} kill selama `medsos-pd sync` ke hub sungguhan");
    if let Err(e) = scenario_dir(dir) {
        outcome.fail(e);
        return outcome;
    }
    let data = dir.join("data");
    let ack = dir.join("tanda-terima.jsonl");
    let db = dir.join("hub.sqlite3");
    let setup = || -> Result<Hub> {
        let code = agency_code(bins, &db, "SOAK")?;
        let hub = Hub::start(bins, &db, &dir.join("hub.log"))?;
        let enrolled = run_to_end(
            pd(bins, &data)
                .args(["enrol", "--device", "PC soak", "--code", &code, "--hub"])
                .arg(format!("http://{}", hub.addr)),
        )?;
        if !enrolled.status.success() {
            return Err(format!("enrol: {}", enrolled.describe()));
        }
        Ok(hub)
    };
    let _hub = match setup() {
        Ok(hub) => hub,
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    // A change to send: one new draft and an edit, acknowledged like the editor's, and
    // three complaints received a minute ago (imported, acknowledged when the import ends),
    // so the day's figures move in drafts and complaints alike.
    let changes = std::cell::Cell::new(0u32);
    let csv = dir.join("aduan-baru.csv");
    let change = || -> Result<String> {
        let before = today_wib();
        let done = run_to_end(
            pd(bins, &data)
                .args(["soak-ketik", "--draft-count", "1", "--edits", "1", "--ack"])
                .arg(&ack),
        )?;
        if !done.status.success() {
            return Err(format!("perubahan gagal: {}", done.describe()));
        }
        let n = changes.get() + 1;
        changes.set(n);
        let mark = format!("[SOAKSINKRON-{n}]");
        let line = |done: bool| serde_json::json!({"jenis": "impor", "penanda": mark, "baris": 3, "selesai": done});
        let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
        let at = (time::OffsetDateTime::now_utc() - time::Duration::minutes(1)).to_offset(offset);
        let stamp = format!(
            "{}/{}/{} {}:{:02}:{:02}",
            at.day(),
            u8::from(at.month()),
            at.year(),
            at.hour(),
            at.minute(),
            at.second()
        );
        let mut text = String::from("Cap waktu,Nama,Nomor HP/WA,Isi aduan,Kecamatan,Kategori\n");
        for (k, (kecamatan, category)) in [
            ("Cugenang", "jalan dan jembatan"),
            ("Cipanas", "Penerangan Jalan"),
            ("Pacet", "jalan dan jembatan"),
        ]
        .iter()
        .enumerate()
        {
            text.push_str(&format!(
                "{stamp},Warga Uji {k},,Jalan desa rusak {mark} nomor {k},{kecamatan},{category}\n"
            ));
        }
        std::fs::write(&csv, text).map_err(|e| format!("{}: {e}", csv.display()))?;
        acknowledge(&ack, &line(false))?;
        let imported = run_to_end(pd(bins, &data).args(["aduan", "import"]).arg(&csv).args([
            "--channel",
            "instagram_komentar",
            "--actor",
            "soak",
        ]))?;
        if !imported.status.success() {
            return Err(format!("impor aduan baru gagal: {}", imported.describe()));
        }
        acknowledge(&ack, &line(true))?;
        Ok(before)
    };
    let syncing = |bins: &Bins| {
        let mut command = pd(bins, &data);
        command.args(["sync", "--attempts", "1"]);
        command
    };
    // The hub must end up with exactly the PC's figures for the day that changed.
    let settle = |day: &str| -> Result {
        let done = run_to_end(&mut syncing(bins))?;
        if !done.status.success() {
            return Err(format!(
                "sinkron lanjutan tidak selesai: {}",
                done.describe()
            ));
        }
        let pc = run_to_end(pd(bins, &data).args(["summary", "--day", day]))?;
        if !pc.status.success() {
            return Err(format!("summary --day {day}: {}", pc.describe()));
        }
        let mut pc: serde_json::Value =
            serde_json::from_str(&pc.stdout).map_err(|e| format!("summary PC bukan JSON: {e}"))?;
        if let Some(object) = pc.as_object_mut() {
            object.remove("revision");
        }
        match hub_figures(bins, &db, day)? {
            Some(hub) if hub == pc => Ok(()),
            Some(hub) => Err(format!(
                "angka hub untuk {day} berbeda dari PC:\nhub: {hub}\nPC:  {pc}"
            )),
            None => Err(format!("hub tidak punya ringkasan {day}")),
        }
    };
    let calibrate = |_: u32| -> Result<Duration> {
        let day = change()?;
        let done = run_to_end(&mut syncing(bins))?;
        if !done.status.success() {
            return Err(format!("jalan tanpa kill gagal: {}", done.describe()));
        }
        settle(&day)?;
        Ok(done.took)
    };
    let within = match median_of(CALIBRATION_RUNS, calibrate) {
        Ok(took) => took,
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    outcome.unkilled = Some(within);
    let day = Mutex::new(String::new());
    kill_loop(
        &mut outcome,
        bins,
        dir,
        &ack,
        None,
        kills,
        within,
        rng,
        |_| {
            *day.lock().map_err(|e| e.to_string())? = change()?;
            Ok(syncing(bins))
        },
        |_, _, _| {
            let day = day.lock().map_err(|e| e.to_string())?.clone();
            settle(&day)
        },
    );
    outcome
}

/// What the hub answered 2xx for: (pc, day, revision).
type Acknowledged = Arc<Mutex<Vec<(usize, String, u32)>>>;

/// e. The hub killed during ingest.
fn hub(bins: &Bins, dir: &Path, kills: u32, rng: &mut Rng) -> Outcome {
    let mut outcome = Outcome::new("hub");
    println!(
        "\n==> skenario hub: {kills} kill medsos-hub selama {HUB_PCS} PC mengunggah ringkasan"
    );
    if let Err(e) = std::fs::create_dir_all(dir) {
        outcome.fail(format!("{}: {e}", dir.display()));
        return outcome;
    }
    let db = dir.join("hub.sqlite3");
    let log = dir.join("hub.log");
    let enrol = || -> Result<Vec<String>> {
        let codes = (0..HUB_PCS)
            .map(|i| agency_code(bins, &db, &format!("PD{i}")))
            .collect::<Result<Vec<_>>>()?;
        let hub = Hub::start(bins, &db, &log)?;
        codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let answer: serde_json::Value = ureq::post(&format!(
                    "http://{}/api/v1/enrolments",
                    hub.addr
                ))
                .send_json(serde_json::json!({"code": code, "device_name": format!("PC soak {i}")}))
                .map_err(|e| format!("pendaftaran PC {i}: {e}"))?
                .into_json()
                .map_err(|e| e.to_string())?;
                answer["token"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("tidak ada token: {answer}"))
            })
            .collect()
    };
    let tokens = match enrol() {
        Ok(tokens) => tokens,
        Err(e) => {
            outcome.fail(e);
            return outcome;
        }
    };
    // The "duration of an unkilled run" of an ingest that never ends on its own: the kill
    // comes within this window after the hub starts taking uploads.
    let within = Duration::from_secs(2);
    outcome.note = format!(
        "kill acak dalam {} s setelah unggahan dimulai; {HUB_PCS} PC, {DAYS_PER_UPLOAD} hari per unggahan",
        within.as_secs()
    );
    let acknowledged: Acknowledged = Arc::default();
    let counters: Arc<Vec<Mutex<u32>>> = Arc::new((0..HUB_PCS).map(|_| Mutex::new(0)).collect());
    let mut uploads = 0usize;
    for round in 1..=kills {
        let mut hub = match Hub::start(bins, &db, &log) {
            Ok(hub) => hub,
            Err(e) => {
                outcome.fail(format!("putaran {round}: {e}"));
                return outcome;
            }
        };
        let stop = Arc::new(AtomicBool::new(false));
        let threads: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(pc, token)| {
                let url = format!("http://{}/api/v1/summaries", hub.addr);
                let token = token.clone();
                let (acknowledged, counters, stop) =
                    (acknowledged.clone(), counters.clone(), stop.clone());
                std::thread::spawn(move || {
                    upload(pc, &url, &token, &acknowledged, &counters, &stop)
                })
            })
            .collect();
        let delay = rng.delay(within);
        std::thread::sleep(delay);
        // A hub that died on its own before the kill is a failure, not a kill.
        if let Ok(Some(status)) = hub.child.try_wait() {
            outcome.fail(format!(
                "putaran {round}: medsos-hub berhenti sendiri ({status}) sebelum dibunuh; log: {}",
                log.display()
            ));
        } else {
            hub.kill();
            outcome.kills += 1;
            outcome.delays.push(delay);
        }
        stop.store(true, Ordering::Relaxed);
        for thread in threads {
            match thread.join() {
                Ok(Ok(n)) => uploads += n,
                Ok(Err(e)) => outcome.fail(format!("putaran {round}: {e}")),
                Err(_) => outcome.fail(format!("putaran {round}: pengunggah panik")),
            }
        }
        if let Err(e) = check_hub(&db, &acknowledged) {
            keep_failure(dir, round, &e);
            outcome.fail(format!("putaran {round}: {e}"));
        }
        if round % 10 == 0 {
            println!(
                "    {round} kill, {uploads} unggahan diakui, {} gagal",
                outcome.failures.len()
            );
        }
    }
    let acked = acknowledged.lock().map(|a| a.len()).unwrap_or(0);
    outcome.note.push_str(&format!(
        "; {uploads} unggahan ({acked} ringkasan-hari) diakui 2xx, semua diperiksa tiap putaran"
    ));
    outcome
}

/// One PC uploading until the hub stops answering: a batch of days with a revision that
/// only grows, each 2xx written down. Answers how many uploads were acknowledged.
fn upload(
    pc: usize,
    url: &str,
    token: &str,
    acknowledged: &Acknowledged,
    counters: &[Mutex<u32>],
    stop: &AtomicBool,
) -> Result<usize> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(10))
        .build();
    let first = time::macros::date!(2025 - 01 - 01);
    let mut done = 0;
    while !stop.load(Ordering::Relaxed) {
        let counter = {
            let mut counter = counters[pc].lock().map_err(|e| e.to_string())?;
            *counter += 1;
            *counter
        };
        // 300 days in turn; each pass over them carries the next revision.
        let days: Vec<(String, u32)> = (0..DAYS_PER_UPLOAD as u32)
            .map(|k| {
                let n = counter * DAYS_PER_UPLOAD as u32 + k;
                let day = first + time::Duration::days(i64::from(n % 300));
                (day.to_string(), n / 300 + 1)
            })
            .collect();
        let batch = medsos_protocol::SummaryBatch {
            schema_version: medsos_protocol::SCHEMA_VERSION,
            days: days
                .iter()
                .map(|(day, revision)| medsos_protocol::DailySummary::example(day, *revision))
                .collect(),
        };
        let body = serde_json::to_value(&batch).map_err(|e| e.to_string())?;
        match agent
            .post(url)
            .set("Authorization", &format!("Bearer {token}"))
            .send_json(body)
        {
            Ok(response) if (200..300).contains(&response.status()) => {
                let mut acked = acknowledged.lock().map_err(|e| e.to_string())?;
                acked.extend(days.into_iter().map(|(day, rev)| (pc, day, rev)));
                done += 1;
            }
            Ok(response) => return Err(format!("hub menjawab {}", response.status())),
            // A refusal with a body is the hub's verdict, not the kill.
            Err(ureq::Error::Status(code, response)) => {
                return Err(format!(
                    "hub menjawab {code}: {}",
                    response.into_string().unwrap_or_default()
                ))
            }
            // The connection broke: the hub was killed; this upload was not acknowledged.
            Err(ureq::Error::Transport(_)) => break,
        }
    }
    Ok(done)
}

/// The hub's file after a kill: `integrity_check`, and every acknowledged day stored with
/// at least its acknowledged revision.
fn check_hub(db: &Path, acknowledged: &Acknowledged) -> Result {
    let conn =
        rusqlite::Connection::open(db).map_err(|e| format!("hub.sqlite3 tidak terbuka: {e}"))?;
    let verdict: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| format!("integrity_check: {e}"))?;
    if verdict != ["ok"] {
        return Err(format!("integrity_check hub: {}", verdict.join("; ")));
    }
    let mut stored = std::collections::HashMap::new();
    let mut statement = conn
        .prepare(
            "SELECT a.code, s.day, s.revision FROM summaries s JOIN agencies a ON a.id = s.agency_id",
        )
        .map_err(|e| e.to_string())?;
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
            ))
        })
        .map_err(|e| e.to_string())?;
    for row in rows {
        let (code, day, revision) = row.map_err(|e| e.to_string())?;
        stored.insert((code, day), revision);
    }
    let acked = acknowledged.lock().map_err(|e| e.to_string())?;
    let mut missing = Vec::new();
    for (pc, day, revision) in acked.iter() {
        let key = (format!("PD{pc}"), day.clone());
        match stored.get(&key) {
            Some(kept) if kept >= revision => {}
            found => missing.push(format!(
                "PD{pc} {day} revisi {revision} (tersimpan: {found:?})"
            )),
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} unggahan yang diakui 2xx hilang, mis. {}",
            missing.len(),
            missing
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

fn millis(d: Option<Duration>) -> String {
    d.map(|d| format!("{} ms", d.as_millis()))
        .unwrap_or_else(|| "–".into())
}

/// The summary table, Markdown (it reads as plain text too).
fn table(options: &Options, outcomes: &[Outcome], took: Duration) -> String {
    let mut out = String::new();
    let pc_kills: u32 = outcomes
        .iter()
        .filter(|o| o.name != "hub")
        .map(|o| o.kills)
        .sum();
    out.push_str("# Hasil cargo xtask soak\n\n");
    out.push_str(&format!(
        "Seed {}; biner debug; SIGKILL diminta: {} pada medsos-pd, {} pada medsos-hub; \
         terlaksana: {pc_kills} pada medsos-pd; waktu total {:.1} menit.\n\n",
        options.seed,
        options.kills,
        options.hub_kills,
        took.as_secs_f64() / 60.0
    ));
    out.push_str("| Skenario | Kill | Gagal | Selesai sebelum kill | Rata-rata waktu sampai kill | Jalan tanpa kill | Catatan |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---|\n");
    for o in outcomes {
        let status = match &o.skipped {
            Some(why) if o.note.is_empty() => why.clone(),
            _ => o.note.clone(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            o.name,
            o.kills,
            if o.skipped.is_some() {
                "–".to_owned()
            } else {
                o.failures.len().to_string()
            },
            o.finished_first,
            millis(o.mean_delay()),
            millis(o.unkilled),
            status
        ));
    }
    let failures: Vec<String> = outcomes
        .iter()
        .flat_map(|o| {
            o.failures
                .iter()
                .map(move |f| format!("- {}: {}", o.name, f.lines().next().unwrap_or("")))
        })
        .collect();
    if !failures.is_empty() {
        out.push_str("\nKegagalan:\n\n");
        for line in failures.iter().take(50) {
            out.push_str(line);
            out.push('\n');
        }
    }
    let skipped: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.skipped.is_some())
        .map(|o| o.name)
        .collect();
    if !skipped.is_empty() {
        out.push_str(&format!(
            "\nTIDAK LENGKAP: skenario {} dilewati; soak ini tidak dihitung lulus.\n",
            skipped.join(", ")
        ));
    }
    out
}
