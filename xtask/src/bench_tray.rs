//! `cargo xtask bench-tray [--seconds N]`: what the release app costs while it sits hidden in
//! the tray (budget: under 2 % of one core on average over 10 minutes). It starts the app as
//! the login entry does (`--tersembunyi`: no window, tray only) on the busy agency's store of
//! `bench-window` (20,000 drafts, 100,000 complaints, 40,000 slots), lets it settle for 10 s,
//! then adds up the CPU time of the app and every process under it (WebKit's web and network
//! processes) from /proc over the run, and its resident memory at the end.

use crate::process::{command, run};
use crate::{root, target_dir, Result};
use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

const SETTLE: Duration = Duration::from_secs(10);

pub fn bench_tray(args: &[String]) -> Result {
    let seconds: u64 = match args {
        [] => 600,
        [flag, n] if flag == "--seconds" => n
            .parse()
            .map_err(|_| format!("--seconds butuh bilangan bulat, bukan {n}"))?,
        _ => return Err("pemakaian: cargo xtask bench-tray [--seconds N]".into()),
    };
    if std::env::var_os("DISPLAY").is_none() {
        return Err("butuh layar; jalankan: xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask bench-tray".into());
    }
    run(command("npm")
        .args(["run", "build"])
        .current_dir(root().join("ui")))?;
    run(command("cargo").args(["build", "--release", "--locked", "-p", "medsos-pd"]))?;
    let app = target_dir().join("release/medsos-pd");
    let data = target_dir().join("bench-window-busy");
    let store = data.join(medsos_core::store::STORE_FILE_NAME);
    if !store.exists() {
        crate::bench_window::seed(&store)?;
    }
    let tick = clock_ticks_per_second()?;
    // The store key: the desktop's credential store, or the benchmark's own (see bench-window).
    let session = if crate::keyring::has_session_bus() {
        None
    } else {
        Some(crate::keyring::Session::start(
            &data.join("keyring"),
            "medsos-bench",
        )?)
    };
    let mut app_cmd = std::process::Command::new(&app);
    if let Some(session) = &session {
        session.apply(&mut app_cmd);
    }
    let mut child = app_cmd
        .arg("--tersembunyi")
        .env("MEDSOS_DATA_DIR", &data)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{} tidak dapat dijalankan: {e}", app.display()))?;
    let pid = child.id();
    std::thread::sleep(SETTLE);
    let start = tree_ticks(pid);
    let started = Instant::now();
    let mut last = start;
    for minute in 1..=seconds.div_ceil(60) {
        let left = Duration::from_secs(seconds).saturating_sub(started.elapsed());
        std::thread::sleep(left.min(Duration::from_secs(60)));
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("aplikasi berhenti sendiri ({status})"));
        }
        let now = tree_ticks(pid);
        println!(
            "menit {minute}: {:.2} % satu inti",
            percent(now.0 - last.0, tick, 60.0_f64.min(seconds as f64))
        );
        last = now;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let end = tree_ticks(pid);
    let _ = child.kill();
    let _ = child.wait();
    let average = percent(end.0 - start.0, tick, elapsed);
    println!(
        "Tersembunyi di baki, {:.0} s: rata-rata {average:.2} % satu inti ({} proses, RSS {} MB) — anggaran < 2 %",
        elapsed,
        end.1,
        end.2 / 1024
    );
    if average >= 2.0 {
        return Err(format!("{average:.2} % melewati anggaran 2 %"));
    }
    Ok(())
}

fn percent(ticks: u64, tick: u64, seconds: f64) -> f64 {
    ticks as f64 / tick as f64 / seconds * 100.0
}

fn clock_ticks_per_second() -> Result<u64> {
    let out = command("getconf")
        .arg("CLK_TCK")
        .output()
        .map_err(|e| format!("getconf: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .map_err(|_| "getconf CLK_TCK tidak terbaca".into())
}

/// CPU ticks (user + system) of `root` and all its descendants, how many processes, and their
/// resident memory in kB.
fn tree_ticks(root: u32) -> (u64, usize, u64) {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut ticks: HashMap<u32, u64> = HashMap::new();
    let mut rss: HashMap<u32, u64> = HashMap::new();
    for p in crate::procfs::all() {
        parent.insert(p.pid, p.field(4) as u32);
        ticks.insert(p.pid, p.field(14) + p.field(15));
        rss.insert(p.pid, p.field(24) * 4);
    }
    let in_tree = |mut pid: u32| {
        while pid > 1 {
            if pid == root {
                return true;
            }
            pid = parent.get(&pid).copied().unwrap_or(0);
        }
        false
    };
    let members: Vec<u32> = ticks.keys().copied().filter(|p| in_tree(*p)).collect();
    (
        members.iter().map(|p| ticks[p]).sum(),
        members.len(),
        members.iter().map(|p| rss[p]).sum(),
    )
}
