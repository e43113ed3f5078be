//! A private D-Bus session with an unlocked gnome-keyring, for the app's credential store
//! (the store key and the hub token live in the Secret Service on Linux).
//!
//! `cargo xtask test` always runs the Rust tests and the end-to-end tests inside one, so
//! they use a real Secret Service and never the developer's own keyring; `cargo xtask run`
//! starts one only where no session bus exists (a server, a container), keeping the demo's
//! keyring beside the demo data so the demo store opens again next time.

use crate::process::{command, output};
use crate::Result;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The session bus and the keyring daemon; both are stopped when this is dropped.
pub struct Session {
    bus_pid: u32,
    keyring: Child,
    address: String,
    home: PathBuf,
}

impl Session {
    /// Starts `dbus-daemon --session` and `gnome-keyring-daemon --unlock` on it, the login
    /// keyring (the default collection the `keyring` crate writes to) kept under
    /// `keyring_home/keyrings/` and unlocked with `password` (created with it when new);
    /// then checks that a secret can be stored and read back.
    pub fn start(keyring_home: &Path, password: &str) -> Result<Session> {
        std::fs::create_dir_all(keyring_home)
            .map_err(|e| format!("tidak dapat membuat {}: {e}", keyring_home.display()))?;
        let bus = command("dbus-daemon")
            .args([
                "--session",
                "--fork",
                "--nopidfile",
                "--print-address=1",
                "--print-pid=1",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("dbus-daemon tidak dapat dijalankan: {e}"))?;
        let printed = String::from_utf8_lossy(&bus.stdout).into_owned();
        let mut lines = printed.lines().map(str::trim).filter(|l| !l.is_empty());
        let (Some(address), Some(pid)) = (lines.next(), lines.next()) else {
            return Err(format!("dbus-daemon tidak memberi alamat bus: {printed:?}"));
        };
        let bus_pid: u32 = pid
            .parse()
            .map_err(|_| format!("pid dbus-daemon tidak terbaca: {pid:?}"))?;
        let address = address.to_string();

        let spawned = command("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", keyring_home)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let mut keyring = match spawned {
            Ok(child) => child,
            Err(e) => {
                kill(bus_pid);
                return Err(format!("gnome-keyring-daemon tidak dapat dijalankan: {e}"));
            }
        };
        // The password on standard input, without a newline, then closed.
        if let Some(mut stdin) = keyring.stdin.take() {
            let _ = stdin.write_all(password.as_bytes());
        }
        let session = Session {
            bus_pid,
            keyring,
            address,
            home: keyring_home.to_path_buf(),
        };
        session.wait_ready()?;
        Ok(session)
    }

    /// The session bus address, for a child process's `DBUS_SESSION_BUS_ADDRESS`.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The environment a child process needs to reach this session's Secret Service.
    pub fn apply(&self, cmd: &mut std::process::Command) {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address);
    }

    /// Waits until the daemon owns `org.freedesktop.secrets`, then stores, reads and
    /// clears a probe secret in the default collection.
    fn wait_ready(&self) -> Result {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let owned = command("dbus-send")
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
                .unwrap_or(false);
            if owned {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "gnome-keyring-daemon tidak muncul di bus sesi dalam 15 detik (keyring di {})",
                    self.home.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let attrs = ["service", "Medsos PD xtask", "username", "probe"];
        let mut store = command("secret-tool");
        store
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .args(["store", "--label=Medsos PD xtask probe"])
            .args(attrs)
            .stdin(Stdio::piped())
            .stdout(Stdio::null());
        let stored = store.spawn().and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(b"ok")?;
            }
            child.wait()
        });
        let read = {
            let mut cmd = command("secret-tool");
            cmd.env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .arg("lookup")
                .args(attrs)
                .stdin(Stdio::null());
            cmd.output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        };
        let _ = command("secret-tool")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .arg("clear")
            .args(attrs)
            .stdin(Stdio::null())
            .status();
        match (stored, read.as_deref()) {
            (Ok(status), Some("ok")) if status.success() => Ok(()),
            _ => Err(format!(
                "brankas gnome-keyring di {} tidak dapat menyimpan rahasia (koleksi bawaan \"login\" terkunci atau tidak ada; kata sandinya berbeda?)",
                self.home.display()
            )),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        kill(self.bus_pid);
    }
}

fn kill(pid: u32) {
    let _ = output("kill", &[&pid.to_string()]);
}

/// True when this process has a session bus to use (a desktop session).
pub fn has_session_bus() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A session starts, its Secret Service keeps a secret for a child process that gets
    /// `apply`'d, and dropping it stops both daemons.
    #[test]
    fn a_private_session_with_an_unlocked_keyring_serves_child_processes() {
        let home = tempfile_dir();
        let session = Session::start(&home, "uji-xtask").expect("session");
        let mut store = command("secret-tool");
        store
            .args([
                "store",
                "--label=uji",
                "service",
                "xtask-uji",
                "username",
                "a",
            ])
            .stdin(Stdio::piped());
        session.apply(&mut store);
        let mut child = store.spawn().expect("secret-tool");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"rahasia")
            .expect("write");
        assert!(child.wait().expect("wait").success());
        let mut lookup = command("secret-tool");
        lookup.args(["lookup", "service", "xtask-uji", "username", "a"]);
        session.apply(&mut lookup);
        let out = lookup.output().expect("lookup");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "rahasia");
        let bus_pid = session.bus_pid;
        drop(session);
        // Gone, or a zombie waiting for whoever adopted the forked daemon to reap it.
        let running = || {
            std::fs::read_to_string(format!("/proc/{bus_pid}/stat"))
                .is_ok_and(|stat| !stat.contains(") Z "))
        };
        let deadline = Instant::now() + Duration::from_secs(5);
        while running() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!running(), "the session bus is stopped");
        let _ = std::fs::remove_dir_all(&home);
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-keyring-uji-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }
}
