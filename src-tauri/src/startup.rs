//! Start-up marks, for `cargo xtask bench-window`, which times the window without WebDriver
//! in the loop: from the moment it starts the process to the moment Beranda, with its lists
//! loaded, has been painted (the window tells, through `startup_ready`).
//!
//! Silent unless [`TRACE_ENV`] is set, in release builds as in debug ones (the benchmark
//! times the release app). With it set, each mark is one line on standard error:
//! `medsos-startup <what> <ms since main> ms unix_ns=<wall clock>`. The wall clock lets the
//! benchmark measure from before the process existed (the loader's share included).

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Set (to anything) to have the start-up marks written to standard error.
pub const TRACE_ENV: &str = "MEDSOS_STARTUP_TRACE";

static START: OnceLock<Instant> = OnceLock::new();
static ENABLED: OnceLock<bool> = OnceLock::new();

/// The start mark: called first thing in `main`.
pub fn begin() {
    START.get_or_init(Instant::now);
    mark("main");
}

fn enabled() -> bool {
    *ENABLED.get_or_init(|| std::env::var_os(TRACE_ENV).is_some())
}

/// Writes one mark, when asked to.
pub fn mark(what: &str) {
    if !enabled() {
        return;
    }
    let since_main = START.get_or_init(Instant::now).elapsed();
    let unix_ns = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    eprintln!(
        "medsos-startup {what} {:.1} ms unix_ns={unix_ns}",
        since_main.as_secs_f64() * 1000.0
    );
}

/// A mark the window sends (see `commands::app::startup_mark`): kept to lower-case letters
/// and dashes, so a line stays one line.
pub fn window_mark(what: &str) {
    if enabled()
        && !what.is_empty()
        && what.len() <= 40
        && what.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    {
        mark(what);
    }
}

/// One use of the store, timed when the marks are on: how long the caller waited for the
/// store and how long it held it, written when it lets go (`store <file>:<line> ...`).
pub struct StoreUse {
    caller: &'static std::panic::Location<'static>,
    asked: Instant,
    locked: Option<Instant>,
}

impl StoreUse {
    pub fn begin(caller: &'static std::panic::Location<'static>) -> Option<StoreUse> {
        enabled().then(|| StoreUse {
            caller,
            asked: Instant::now(),
            locked: None,
        })
    }

    pub fn locked(mut self) -> StoreUse {
        self.locked = Some(Instant::now());
        self
    }
}

impl Drop for StoreUse {
    fn drop(&mut self) {
        let Some(locked) = self.locked else { return };
        let file = self.caller.file().rsplit('/').next().unwrap_or("");
        mark(&format!(
            "store {file}:{} waited {:.1} ms held {:.1} ms",
            self.caller.line(),
            (locked - self.asked).as_secs_f64() * 1000.0,
            locked.elapsed().as_secs_f64() * 1000.0
        ));
    }
}
