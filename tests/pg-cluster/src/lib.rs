//! A throwaway PostgreSQL cluster for the hub's tests (and, later, `cargo xtask test`): Debian's
//! `postgresql` package (installed with apt-get when missing and running as root, otherwise a
//! clear error naming the command to run), `initdb` into a temp dir, the server started on a
//! random free loopback port with its socket in that temp dir, one database created, and
//! everything stopped and removed when the [`Cluster`] is dropped.
//!
//! When the process runs as root (the test machine), the cluster is made and run as the
//! unprivileged `postgres` user that the package creates: PostgreSQL refuses to run as root.
//! The temp dir is handed to that user.
//!
//! Nothing is skipped: a missing server is installed or reported as an error, never a quiet
//! pass.
//!
//! [`Nginx`] puts a throwaway nginx reverse proxy in front of several hub processes, found or
//! installed the same way.

mod nginx;

pub use nginx::Nginx;

use std::fmt;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Why a cluster could not be had, in a sentence.
#[derive(Debug)]
pub struct ClusterError(pub String);

impl fmt::Display for ClusterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ClusterError {}

pub(crate) type Result<T> = std::result::Result<T, ClusterError>;

pub(crate) fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(ClusterError(message.into()))
}

/// The Debian package holding `initdb`, `postgres` and `pg_ctl`.
pub const PACKAGE: &str = "postgresql";

/// The user the server runs as when we are root (created by Debian's package).
const SERVICE_USER: &str = "postgres";

/// The superuser `initdb` makes inside the cluster. The socket (in the cluster's own temp
/// dir) trusts it; TCP on loopback asks for its password (scram-sha-256), so a wrong
/// password is refused as a real server would.
pub const SUPERUSER: &str = "medsos";

/// A running throwaway cluster; stopped and deleted on drop.
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    password: String,
    server: Option<Child>,
    as_service_user: bool,
}

impl Cluster {
    /// Installs the package if needed, makes a cluster and starts it, with database
    /// `database` created in it.
    pub fn start(database: &str) -> Result<Self> {
        let bin = ensure_installed()?;
        let as_service_user = is_root();
        let dir = tempfile::Builder::new()
            .prefix("medsos-pg-")
            .tempdir()
            .map_err(|e| ClusterError(format!("folder sementara tidak dapat dibuat: {e}")))?;
        if as_service_user {
            // The server's user must own its data folder and reach it.
            run(Command::new("chown").args([
                "-R",
                &format!("{SERVICE_USER}:{SERVICE_USER}"),
                &dir.path().display().to_string(),
            ]))?;
        }
        let data = dir.path().join("data");
        let password = random_hex()?;
        let pwfile = dir.path().join("pwfile");
        std::fs::write(&pwfile, format!("{password}\n"))
            .map_err(|e| ClusterError(format!("berkas kata sandi tidak dapat ditulis: {e}")))?;
        if as_service_user {
            run(Command::new("chown")
                .arg(format!("{SERVICE_USER}:{SERVICE_USER}"))
                .arg(&pwfile))?;
        }
        let mut cluster = Cluster {
            dir,
            bin,
            port: 0,
            password,
            server: None,
            as_service_user,
        };
        let mut initdb = cluster.tool("initdb");
        initdb
            .arg("-D")
            .arg(data)
            .args(["-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .arg("--no-sync");
        run(&mut initdb)?;
        let _ = std::fs::remove_file(&pwfile);
        cluster.launch()?;
        let mut createdb = cluster.tool("createdb");
        createdb
            .args(["-h", &cluster.socket_dir().display().to_string()])
            .args(["-p", &cluster.port.to_string(), "-U", SUPERUSER, database]);
        run(&mut createdb)?;
        Ok(cluster)
    }

    /// Starts the server again after [`Cluster::stop`], on the same port and with the same
    /// data, as a restarted database server comes back (clients reconnect to the same URL).
    pub fn restart(&mut self) -> Result<()> {
        if self.server.is_some() {
            return Ok(());
        }
        self.spawn_on(self.port)
    }

    /// Starts the server on a random free port and waits until it accepts connections.
    /// A port taken between choosing and binding is tried again with another.
    fn launch(&mut self) -> Result<()> {
        let mut last = String::new();
        for _ in 0..5 {
            match self.spawn_on(free_port()?) {
                Ok(()) => return Ok(()),
                Err(e) => last = e.0,
            }
        }
        fail(format!("server PostgreSQL tidak mau berjalan: {last}"))
    }

    /// Starts the server on `port` and waits until it accepts connections. Its log goes to
    /// `server.log` in the cluster's dir (a pipe nobody reads would fill and stall it), and is
    /// quoted when it does not come up.
    fn spawn_on(&mut self, port: u16) -> Result<()> {
        self.port = port;
        let log_path = self.dir.path().join("server.log");
        let log = std::fs::File::create(&log_path)
            .map_err(|e| ClusterError(format!("log server tidak dapat dibuat: {e}")))?;
        let mut postgres = self.tool("postgres");
        postgres
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-p", &port.to_string(), "-h", "127.0.0.1"])
            .arg("-k")
            .arg(self.socket_dir())
            // Throwaway: no durability needed, keep the disk quiet.
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=100"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log);
        let mut child = postgres
            .spawn()
            .map_err(|e| ClusterError(format!("server PostgreSQL tidak dapat dijalankan: {e}")))?;
        if let Err(e) = self.wait_ready(&mut child) {
            let _ = child.kill();
            let _ = child.wait();
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            return fail(format!("{e}: {}", log.trim()));
        }
        self.server = Some(child);
        Ok(())
    }

    fn wait_ready(&self, child: &mut Child) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return fail(format!("server PostgreSQL berhenti sendiri ({status})"));
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    SUPERUSER,
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        fail("server PostgreSQL belum siap setelah 30 detik")
    }

    /// One of the package's programs, run as the service user when we are root.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_service_user {
            let mut cmd = Command::new("runuser");
            cmd.current_dir(self.dir.path());
            cmd.args(["-u", SERVICE_USER, "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    }

    fn socket_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The loopback port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A `postgres://` URL for `database` over TCP on loopback, with the superuser's
    /// password.
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{SUPERUSER}:{}@127.0.0.1:{}/{database}",
            self.password, self.port
        )
    }

    /// A `postgres://` URL for `database` over the cluster's Unix socket, where the
    /// superuser is trusted without a password. Many short-lived connections (a test suite
    /// making a database per test) open much faster there than over TCP, where each one pays
    /// for the password exchange (SCRAM), which is slow in unoptimised test builds.
    pub fn socket_url(&self, database: &str) -> String {
        let socket: String = self
            .socket_dir()
            .display()
            .to_string()
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("postgres://{SUPERUSER}@{socket}:{}/{database}", self.port)
    }

    /// The superuser's password (random per cluster).
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Creates another database in the cluster (one per test keeps tests apart).
    pub fn create_database(&self, database: &str) -> Result<()> {
        let mut createdb = self.tool("createdb");
        createdb
            .args(["-h", &self.socket_dir().display().to_string()])
            .args(["-p", &self.port.to_string(), "-U", SUPERUSER, database]);
        run(&mut createdb)
    }

    /// Stops the server now (a fast shutdown) and waits for it; the files stay until drop.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let data = self.dir.path().join("data");
            let stopped = self
                .tool("pg_ctl")
                .arg("-D")
                .arg(data)
                .args(["-m", "fast", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            if !stopped {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }

    /// The cluster's temp dir (data in `data/`, the socket beside it).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The folder holding the installed server's programs (`/usr/lib/postgresql/<major>/bin`),
/// installing the package first when it is missing.
pub fn ensure_installed() -> Result<PathBuf> {
    if let Some(bin) = installed_bin() {
        return Ok(bin);
    }
    if !is_root() {
        return fail(format!(
            "PostgreSQL belum terpasang (initdb tidak ditemukan di /usr/lib/postgresql/*/bin).\n\
             Jalankan perintah ini, lalu ulangi:\n\n  sudo apt-get update && sudo apt-get install -y {PACKAGE}\n"
        ));
    }
    for args in [
        &["update"][..],
        &["install", "-y", "--no-install-recommends", PACKAGE][..],
    ] {
        run(Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null()))?;
    }
    installed_bin().ok_or_else(|| {
        ClusterError(format!(
            "paket {PACKAGE} terpasang tetapi initdb tidak ditemukan di /usr/lib/postgresql/*/bin"
        ))
    })
}

/// The newest major under /usr/lib/postgresql that has `initdb`.
fn installed_bin() -> Option<PathBuf> {
    let mut majors: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let major: u32 = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((major, bin))
        })
        .collect();
    majors.sort();
    majors.pop().map(|(_, bin)| bin)
}

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .is_some_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// 16 random bytes as hex, from the kernel.
fn random_hex() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| ClusterError(format!("/dev/urandom tidak dapat dibaca: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

pub(crate) fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| ClusterError(format!("tidak ada port bebas di 127.0.0.1: {e}")))
}

/// Runs to completion; Err names the command and carries its stderr.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let shown = std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let output = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| ClusterError(format!("tidak dapat menjalankan {shown}: {e}")))?;
    if output.status.success() {
        Ok(())
    } else {
        fail(format!(
            "{shown} gagal ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
