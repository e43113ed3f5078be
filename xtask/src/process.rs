//! Running other programs with the environment every step needs.

use std::path::Path;
use std::process::{Command, Stdio};

/// PATH with cargo's bin folder first, so a freshly installed tauri-driver is found.
pub fn path_with_cargo_bin() -> std::ffi::OsString {
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        paths.push(Path::new(&home).join("bin"));
    } else if let Some(home) = std::env::var_os("HOME") {
        paths.push(Path::new(&home).join(".cargo/bin"));
    }
    if let Some(existing) = std::env::var_os("PATH") {
        for path in std::env::split_paths(&existing) {
            if !paths.contains(&path) {
                paths.push(path);
            }
        }
    }
    std::env::join_paths(paths).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("PATH", path_with_cargo_bin());
    cmd
}

/// Runs to completion with output shown; Err names the command when it fails.
pub fn run(cmd: &mut Command) -> crate::Result {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let status = cmd
        .status()
        .map_err(|e| format!("tidak dapat menjalankan {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} gagal ({status})"))
    }
}

/// True when `program` can be started (`program --version` or `--help` answers).
pub fn available(program: &str, arg: &str) -> bool {
    command(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// The output of a short command, or None.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
