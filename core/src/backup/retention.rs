//! Which backups stay: the newest of each of the last 14 days that have a backup, and the
//! newest of each of the last 12 months that have one (restic's keep-daily/keep-monthly).
//! Only this store's backups are pruned (their names carry its installation id), so agencies
//! sharing one network folder never delete each other's.

use super::create::PARTIAL_PREFIX;
use super::format::EXTENSION;
use crate::error::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub const KEEP_DAILY: usize = 14;
pub const KEEP_MONTHLY: usize = 12;

/// What a prune kept and removed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Kept {
    pub kept: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

/// Prunes `folder`'s backups of the installation `installation`; `just_made` is always kept.
pub fn prune(folder: &Path, installation: &str, just_made: &Path) -> Result<Kept> {
    let short: String = installation.chars().filter(|c| *c != '-').take(8).collect();
    let prefix = format!("medsos-pd-{short}-");
    let mut ours: Vec<(String, PathBuf)> = Vec::new();
    let entries = std::fs::read_dir(folder).map_err(|e| super::io_problem(folder, &e, false))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with(PARTIAL_PREFIX) {
            // A backup killed while writing; only old ones, another may be writing now.
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|a| a.as_secs() > super::restore::LEFTOVER_AGE_SECS);
            if old {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        let Some(stamp) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&format!(".{EXTENSION}")))
        else {
            continue;
        };
        // YYYYMMDD-HHMMSS, maybe with -N for a second backup in the same second.
        if stamp.len() < 15 || !stamp[..8].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        ours.push((stamp.to_owned(), path));
    }
    let (keep, drop) = choose(ours, just_made);
    let mut kept = Kept {
        kept: keep,
        removed: Vec::new(),
    };
    for path in drop {
        if std::fs::remove_file(&path).is_ok() {
            kept.removed.push(path);
        }
    }
    Ok(kept)
}

/// Splits backups (stamp, path) into kept and removed.
fn choose(mut all: Vec<(String, PathBuf)>, just_made: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
    // Newest first: the first one seen of a day or month is the one it keeps.
    all.sort_by(|a, b| b.0.cmp(&a.0));
    let mut days = BTreeSet::new();
    let mut months = BTreeSet::new();
    let (mut keep, mut drop) = (Vec::new(), Vec::new());
    for (stamp, path) in all {
        let day = stamp[..8].to_owned();
        let month = stamp[..6].to_owned();
        let mut kept = path == just_made;
        if !days.contains(&day) && days.len() < KEEP_DAILY {
            days.insert(day);
            kept = true;
        }
        if !months.contains(&month) && months.len() < KEEP_MONTHLY {
            months.insert(month);
            kept = true;
        }
        if kept {
            keep.push(path);
        } else {
            drop.push(path);
        }
    }
    (keep, drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(y: i32, m: u32, d: u32, h: u32) -> String {
        format!("{y:04}{m:02}{d:02}-{h:02}0000")
    }

    #[test]
    fn keeps_fourteen_days_and_twelve_months_newest_first() {
        // Two backups a day (07:00 and 16:00) for 500 days back from 6 Dec 2026.
        let mut all = Vec::new();
        let mut day = time::macros::date!(2026 - 12 - 06);
        for _ in 0..500 {
            for h in [7, 16] {
                let s = stamp(day.year(), day.month() as u32, day.day() as u32, h);
                all.push((s.clone(), PathBuf::from(s)));
            }
            day = day.previous_day().unwrap();
        }
        let (keep, drop) = choose(all, Path::new("none"));
        let mut kept: Vec<String> = keep
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        kept.sort();
        // 14 days (6 Dec back to 23 Nov, the 16:00 one of each) plus the newest of the 11
        // months before November 2026 (Dec 2026 and Nov 2026 are covered by the dailies).
        assert_eq!(kept.len(), 14 + 10, "{kept:?}");
        assert!(kept.contains(&stamp(2026, 12, 6, 16)));
        assert!(!kept.contains(&stamp(2026, 12, 6, 7)));
        assert!(kept.contains(&stamp(2026, 11, 23, 16)));
        assert!(!kept.contains(&stamp(2026, 11, 22, 16)));
        assert!(kept.contains(&stamp(2026, 10, 31, 16)));
        assert!(kept.contains(&stamp(2026, 1, 31, 16)));
        assert!(!kept.contains(&stamp(2025, 12, 31, 16)));
        assert_eq!(keep.len() + drop.len(), 1000);
    }
}
