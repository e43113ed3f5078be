//! Runs named steps, keeps going after a failure where that is useful, and prints a
//! summary of what ran.

use std::time::{Duration, Instant};

pub struct Steps {
    results: Vec<(String, Duration, Option<String>)>,
}

impl Steps {
    pub fn new() -> Steps {
        Steps {
            results: Vec::new(),
        }
    }

    /// Runs one step; its failure is recorded, not returned.
    pub fn step(&mut self, name: &str, f: impl FnOnce() -> crate::Result) -> bool {
        println!("\n==> {name}");
        let start = Instant::now();
        let outcome = f().err();
        let ok = outcome.is_none();
        self.results
            .push((name.to_string(), start.elapsed(), outcome));
        ok
    }

    pub fn skip(&mut self, name: &str, why: &str) {
        self.results.push((
            name.to_string(),
            Duration::ZERO,
            Some(format!("dilewati: {why}")),
        ));
    }

    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, _, e)| e.is_some()).count()
    }

    /// Prints the table and the closing count line.
    pub fn summary(&self) {
        println!("\n──────── Ringkasan cargo xtask test ────────");
        for (name, took, outcome) in &self.results {
            let mark = if outcome.is_none() { "ok   " } else { "GAGAL" };
            println!("  {mark}  {name:<46} {:>6.1} s", took.as_secs_f64());
            if let Some(error) = outcome {
                for line in error.lines().take(6) {
                    println!("         {line}");
                }
            }
        }
        let failed = self.failed();
        println!(
            "steps: {} passed, {failed} failed",
            self.results.len() - failed
        );
    }
}
