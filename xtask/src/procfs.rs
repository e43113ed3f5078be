//! The processes running now, read from /proc (Linux): what the window benchmarks need to
//! add up a tree or a group of processes (CPU ticks, memory).

/// One process, as /proc/PID/stat gives it.
pub struct Proc {
    pub pid: u32,
    /// The command name (15 characters at most), without its parentheses.
    pub name: String,
    /// The fields after the name, from field 3 (state) on; see [`Proc::field`].
    fields: Vec<String>,
}

impl Proc {
    /// Field `n` of /proc/PID/stat as a number, counted as proc(5) does (4: ppid, 5: pgrp,
    /// 14: utime, 15: stime, 24: rss in pages); 0 when absent.
    pub fn field(&self, n: usize) -> u64 {
        n.checked_sub(3)
            .and_then(|i| self.fields.get(i))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// A `Name:   123 kB` line of /proc/PID/`file` (`status`, `smaps_rollup`), in kB.
    pub fn kib(&self, file: &str, name: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/{file}", self.pid))
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }
}

/// Every process that could be read.
pub fn all() -> Vec<Proc> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // The name is in parentheses and may hold spaces: split at the first '(' and
            // the last ')'.
            let (_, rest) = stat.split_once('(')?;
            let (name, after) = rest.rsplit_once(')')?;
            Some(Proc {
                pid,
                name: name.to_owned(),
                fields: after.split_whitespace().map(str::to_owned).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_this_process_with_its_parent_and_memory() {
        let me = std::process::id();
        let found = super::all();
        let this = found.iter().find(|p| p.pid == me).expect("this process");
        assert_eq!(
            this.field(4),
            u64::from(std::os::unix::process::parent_id())
        );
        assert!(this.kib("status", "VmRSS:") > 0);
        assert!(this.field(24) > 0, "rss in pages");
        assert!(!this.name.is_empty());
    }
}
