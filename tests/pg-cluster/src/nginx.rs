//! A throwaway nginx reverse proxy in front of several hub processes, as an operator runs
//! the hub on PostgreSQL with replicas: Debian's `nginx` package (installed with apt-get when
//! missing and running as root, otherwise a clear error naming the command to run), its own
//! config, prefix, pid file and temp folders in a temp dir, listening on a random free
//! loopback port, and stopped when the [`Nginx`] is dropped.
//!
//! The proxy spreads requests over the hubs round robin, passes the client's address in
//! `X-Forwarded-For` (appending the address it saw, as a real deployment does), and sends a
//! request on to the next hub when the first cannot be reached (`proxy_next_upstream error
//! timeout`). nginx never sends a non-idempotent request (a POST) to a second hub once the
//! first has received it: when a hub dies with an upload in flight, the client's own retry
//! is what brings the upload to the other hub.

use crate::{fail, free_port, is_root, run, ClusterError, Result};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Debian package holding nginx.
pub const PACKAGE: &str = "nginx";

/// Where Debian's package puts the server.
const BINARY: &str = "/usr/sbin/nginx";

/// A running nginx in front of `upstreams`; stopped and its files deleted on drop.
pub struct Nginx {
    dir: tempfile::TempDir,
    port: u16,
    server: Option<Child>,
}

impl Nginx {
    /// Installs the package if needed, writes a config proxying to `upstreams` (each
    /// `HOST:PORT`) and starts nginx on a free loopback port.
    pub fn start(upstreams: &[&str]) -> Result<Self> {
        if upstreams.is_empty() {
            return fail("nginx perlu paling sedikit satu alamat hub");
        }
        for upstream in upstreams {
            upstream.parse::<SocketAddr>().map_err(|_| {
                ClusterError(format!("`{upstream}` bukan alamat HOST:PORT yang sah"))
            })?;
        }
        let binary = ensure_installed()?;
        let dir = tempfile::Builder::new()
            .prefix("medsos-nginx-")
            .tempdir()
            .map_err(|e| ClusterError(format!("folder sementara tidak dapat dibuat: {e}")))?;
        for sub in ["logs", "temp"] {
            std::fs::create_dir_all(dir.path().join(sub))
                .map_err(|e| ClusterError(format!("folder {sub} tidak dapat dibuat: {e}")))?;
        }
        if is_root() {
            // The workers run as `nobody`: they must reach the temp folders.
            run(Command::new("chmod").arg("0755").arg(dir.path()))?;
            run(Command::new("chmod")
                .arg("0777")
                .arg(dir.path().join("temp")))?;
        }
        let mut nginx = Nginx {
            dir,
            port: 0,
            server: None,
        };
        let mut last = String::new();
        for _ in 0..5 {
            match nginx.spawn_on(&binary, free_port()?, upstreams) {
                Ok(()) => return Ok(nginx),
                Err(e) => last = e.0,
            }
        }
        fail(format!("nginx tidak mau berjalan: {last}"))
    }

    fn spawn_on(&mut self, binary: &Path, port: u16, upstreams: &[&str]) -> Result<()> {
        self.port = port;
        let conf = self.dir.path().join("nginx.conf");
        std::fs::write(&conf, config(self.dir.path(), port, upstreams))
            .map_err(|e| ClusterError(format!("konfigurasi nginx tidak dapat ditulis: {e}")))?;
        let log = self.dir.path().join("logs").join("error.log");
        let mut child = Command::new(binary)
            .arg("-p")
            .arg(self.dir.path())
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| ClusterError(format!("nginx tidak dapat dijalankan: {e}")))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                return fail(format!("nginx berhenti sendiri ({status}): {}", log.trim()));
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                self.server = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                stop(&mut child);
                return fail("nginx belum siap setelah 20 detik");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The loopback port nginx listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `127.0.0.1:PORT`, where clients reach the hubs through the proxy.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// nginx's error log so far (which upstream failed, and why).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("logs").join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        if let Some(mut child) = self.server.take() {
            stop(&mut child);
        }
    }
}

/// Asks the master to stop now (SIGTERM: it stops its workers too) and waits for it; kills it
/// when it does not.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The whole config: everything nginx writes stays under `dir`.
fn config(dir: &Path, port: u16, upstreams: &[&str]) -> String {
    let dir = dir.display();
    let user = if is_root() {
        "user nobody nogroup;\n"
    } else {
        ""
    };
    let servers: String = upstreams
        .iter()
        .map(|u| format!("        server {u} max_fails=1 fail_timeout=5s;\n"))
        .collect();
    format!(
        "{user}daemon off;
master_process on;
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/logs/error.log warn;
events {{
    worker_connections 4096;
}}
http {{
    access_log off;
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    client_max_body_size 16m;
    upstream hub {{
{servers}        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://hub;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout;
            proxy_next_upstream_tries 2;
        }}
    }}
}}
"
    )
}

/// The nginx binary, installing the package first when it is missing.
pub fn ensure_installed() -> Result<PathBuf> {
    // Tests start proxies from several threads at once: one installs, the others wait.
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let binary = PathBuf::from(BINARY);
    if binary.is_file() {
        return Ok(binary);
    }
    if !is_root() {
        return fail(format!(
            "nginx belum terpasang ({BINARY} tidak ditemukan).\n\
             Jalankan perintah ini, lalu ulangi:\n\n  sudo apt-get update && sudo apt-get install -y {PACKAGE}\n"
        ));
    }
    for args in [
        &["update"][..],
        &["install", "-y", "--no-install-recommends", PACKAGE][..],
    ] {
        // Another process installing waits its turn instead of failing.
        run(Command::new("apt-get")
            .args(["-o", "DPkg::Lock::Timeout=300"])
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null()))?;
    }
    if binary.is_file() {
        Ok(binary)
    } else {
        fail(format!(
            "paket {PACKAGE} terpasang tetapi {BINARY} tidak ditemukan"
        ))
    }
}
