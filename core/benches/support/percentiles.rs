//! Per-call timings beside criterion. Criterion estimates the mean of many calls (its
//! interval is for that mean, not for single calls), so a budget stated as a p95 is checked
//! here: each call is timed on its own and the nearest-rank percentiles are printed.

use std::time::{Duration, Instant};

/// Calls `f` a few times to warm caches, then `calls` times, each timed on its own; prints
/// and answers the p50, p95 and slowest call.
pub fn sample(label: &str, calls: usize, mut f: impl FnMut()) -> [Duration; 3] {
    for _ in 0..calls.min(10) {
        f();
    }
    let mut times: Vec<Duration> = (0..calls)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let rank = |q: f64| times[((q * calls as f64).ceil() as usize).clamp(1, calls) - 1];
    let figures = [rank(0.50), rank(0.95), times[calls - 1]];
    println!(
        "p95 {label}: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms over {calls} calls",
        ms(figures[0]),
        ms(figures[1]),
        ms(figures[2])
    );
    figures
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}
