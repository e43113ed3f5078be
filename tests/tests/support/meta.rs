//! Terhubung ke Meta for the tests: a Graph API world with Dinas Kesehatan's Page and
//! Instagram account, photos, and the hub binary served connected to the stand-in.

use super::{hub_binary, Running};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

// Not every test binary that includes `support` uses these.
#[allow(unused_imports)]
pub use medsos_graph_standin::fixtures::{dinkes_world as world, jpeg, SYSTEM_TOKEN};

/// `medsos-hub serve` connected to the Graph API at `graph`, reachable from "the internet"
/// at its loopback address, publishing due slots every second.
pub fn serve_connected_hub(db: &Path, key: &Path, graph: &str, port: u16) -> Running {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(hub_binary())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .args(["--meta-graph-url", graph])
        .arg("--secret-key-file")
        .arg(key)
        .args(["--public-url", &format!("http://127.0.0.1:{port}")])
        .args(["--publish-interval", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start medsos-hub");
    let stdout = child.stdout.take().expect("stdout");
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("hub prints its address");
    assert!(line.contains(&format!(":{port}")), "{line}");
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(50));
    }
    running
}

/// A hub with Dinas Kesehatan, its approved Instagram and Facebook accounts, connected to the
/// Graph API at `graph` with `meta connect`, and served on loopback.
pub struct ConnectedHub {
    _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
    key: std::path::PathBuf,
    graph: String,
    pub port: u16,
    /// Dinas Kesehatan's one-time enrolment code.
    pub code: String,
    _server: Running,
}

impl ConnectedHub {
    /// With an officer `(username, name, password)` when one is given.
    pub fn start(graph: &str, officer: Option<(&str, &str, &str)>) -> ConnectedHub {
        use super::{free_port, hub_add_agency, hub_admin};
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("hub.sqlite3");
        let key = dir.path().join("hub.key");
        let code = hub_add_agency(&db, "Dinas Kesehatan Kabupaten Cianjur", "DINKES");
        for (platform, handle) in [
            ("instagram", "dinkes.cianjur"),
            ("facebook", "dinkescianjur"),
        ] {
            hub_admin(
                &[
                    "account",
                    "add",
                    "--agency",
                    "DINKES",
                    "--platform",
                    platform,
                    "--handle",
                    handle,
                ],
                &db,
                None,
            );
        }
        if let Some((username, name, password)) = officer {
            hub_admin(
                &["user", "add", "--username", username, "--name", name],
                &db,
                Some(password),
            );
        }
        let hub = |port: u16, server: Running| ConnectedHub {
            _dir: dir,
            db: db.clone(),
            key: key.clone(),
            graph: graph.to_owned(),
            port,
            code: code.clone(),
            _server: server,
        };
        let connected = hub_admin(
            &[
                "meta",
                "connect",
                "--meta-graph-url",
                graph,
                "--secret-key-file",
                &key.to_string_lossy(),
            ],
            &db,
            Some(SYSTEM_TOKEN),
        );
        assert!(connected.contains("DINKES"), "{connected}");
        let port = free_port();
        let server = serve_connected_hub(&db, &key, graph, port);
        hub(port, server)
    }

    /// `medsos-hub meta pull`: figures and comments read now; answers what it printed.
    pub fn pull(&self) -> String {
        super::hub_admin(
            &[
                "meta",
                "pull",
                "--meta-graph-url",
                &self.graph,
                "--secret-key-file",
                &self.key.to_string_lossy(),
            ],
            &self.db,
            None,
        )
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// An approved draft for Instagram and Facebook with two photos, as an admin leaves it after
/// writing and approval; answers its id. Blocking (core's store).
pub fn approved_draft_with_photos(store: &medsos_core::Store, store_path: &Path) -> i64 {
    use medsos_core::drafts::{self, DraftInput};
    let clock = medsos_core::SystemClock;
    let draft = drafts::create(
        store.conn(),
        &clock,
        &DraftInput {
            title: "Posyandu serentak 32 kecamatan".to_owned(),
            body: "Posyandu serentak di 32 kecamatan Sabtu ini. Bawa buku KIA.".to_owned(),
            for_instagram: true,
            for_facebook: true,
            hashtags: "#CianjurSehat".to_owned(),
            source: "Dinas Kesehatan".to_owned(),
            ..DraftInput::default()
        },
    )
    .expect("draft");
    let media_dir = medsos_core::media::media_dir(store_path);
    for (i, shade) in [30u8, 180].into_iter().enumerate() {
        let item = medsos_core::media::import_bytes(
            store.conn(),
            &clock,
            &media_dir,
            &format!("posyandu-{i}.jpg"),
            &jpeg(1200, 1500, shade),
        )
        .expect("photo");
        medsos_core::media::attach(store.conn(), draft.id, item.id).expect("attach");
    }
    store
        .conn()
        .execute(
            "UPDATE drafts SET status = 'disetujui' WHERE id = ?1",
            [draft.id],
        )
        .expect("approve");
    draft.id
}
