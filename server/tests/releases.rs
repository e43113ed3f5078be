//! App releases for the PCs' updater, end to end on loopback: `medsos-hub release add` (the
//! real binary for its refusals, in-process for the rest) publishes builds signed with a real
//! minisign key encoded as Tauri encodes it, the real hub on a real SQLite file serves the
//! manifest and the artifact over HTTP, a PC enrolled over HTTP names its version at sync, and
//! the officer reads `/rilis`.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{get, login};
use medsos_hub::clock::Clock;
use medsos_hub::release::files::ReleaseFiles;
use medsos_hub::store::sqlite::users;
use medsos_hub::store::{HubStore, SqliteStore, Store};
use medsos_hub::AppState;
use medsos_protocol::{DailySummary, SummaryBatch, APP_VERSION_HEADER, SCHEMA_VERSION};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;
use time::macros::datetime;
use time::OffsetDateTime;

/// Sunday 6 December 2026, 10:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-12-06 03:00 UTC);
const USER: &str = "petugas";
const PASSWORD: &str = "kata-sandi-rahasia-123";

/// A clock the test moves.
struct Movable(Mutex<OffsetDateTime>);

impl Clock for Movable {
    fn now(&self) -> OffsetDateTime {
        *self.0.lock().expect("clock")
    }
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Tauri updater key pair: the public key as `tauri.conf.json` holds it (base64 of the
/// minisign public key file) and the secret key that signs.
struct UpdaterKey {
    pubkey: String,
    secret: minisign::SecretKey,
}

impl UpdaterKey {
    fn new() -> UpdaterKey {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("key pair");
        let pub_file = pair.pk.to_box().expect("public key box").into_string();
        UpdaterKey {
            pubkey: STANDARD.encode(pub_file),
            secret: pair.sk,
        }
    }

    /// The `.sig` content `tauri signer sign` writes for `bytes`: base64 of the minisign
    /// signature file.
    fn sign(&self, bytes: &[u8]) -> String {
        let signature = minisign::sign(
            None,
            &self.secret,
            std::io::Cursor::new(bytes),
            Some("timestamp:1796522400\tfile:Medsos_PD_setup.exe"),
            Some("signature from tauri secret key"),
        )
        .expect("signs");
        STANDARD.encode(signature.into_string())
    }
}

/// Serves `state` on a free loopback port; answers its base URL.
async fn serve(state: AppState) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(medsos_hub::connections::serve(
        listener,
        medsos_hub::app(state),
        medsos_hub::connections::Limits::default(),
        std::future::pending(),
    ));
    base
}

struct Hub {
    dir: TempDir,
    db: PathBuf,
    base: String,
    state: AppState,
    clock: Arc<Movable>,
    http: reqwest::Client,
    key: UpdaterKey,
}

impl Hub {
    /// A hub with agency DINKES and one officer, served on loopback.
    async fn start() -> (Hub, String) {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("hub.sqlite3");
        let out = medsos_hub::cli::agency::add(&db, "Dinas Kesehatan", "DINKES").expect("agency");
        let code = out
            .lines()
            .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
            .expect("code line")
            .to_owned();
        {
            let conn = medsos_hub::store::sqlite::open(&db).expect("store");
            users::add(&conn, USER, "Petugas Rilis", PASSWORD, NOW).expect("user");
        }
        let clock = Arc::new(Movable(Mutex::new(NOW)));
        let state = AppState::new(
            Store::new(SqliteStore::open(&db).expect("store")),
            clock.clone(),
        )
        .with_release_files(ReleaseFiles::beside(&db));
        let base = serve(state.clone()).await;
        let hub = Hub {
            dir,
            db,
            base,
            state,
            clock,
            http: reqwest::Client::new(),
            key: UpdaterKey::new(),
        };
        (hub, code)
    }

    /// Writes an artifact and its `.sig` file; answers their paths.
    fn artifact(&self, name: &str, bytes: &[u8]) -> (PathBuf, PathBuf) {
        let file = self.dir.path().join("build").join(name);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("build dir");
        std::fs::write(&file, bytes).expect("artifact");
        let sig = file.with_file_name(format!("{name}.sig"));
        std::fs::write(&sig, self.key.sign(bytes)).expect("sig");
        (file, sig)
    }

    /// `medsos-hub release add`, as the operator runs it (the real binary).
    fn release_add(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
            .args(["release", "add", "--db"])
            .arg(&self.db)
            .args(args)
            .env("RUST_LOG", "warn")
            .output()
            .expect("medsos-hub runs")
    }

    /// Publishes `bytes` as `version` for windows-x86_64, checked against the updater key.
    async fn publish(&self, version: &str, name: &str, bytes: &[u8], notes: &str) -> String {
        let (file, sig) = self.artifact(name, bytes);
        let (db, version, notes, pubkey) = (
            self.db.clone(),
            version.to_owned(),
            notes.to_owned(),
            self.key.pubkey.clone(),
        );
        tokio::task::spawn_blocking(move || {
            medsos_hub::cli::releases::add(
                &db,
                &medsos_hub::cli::releases::AddOptions {
                    version: &version,
                    target: "windows-x86_64",
                    file: &file,
                    signature: &sig.to_string_lossy(),
                    notes: &notes,
                    pubkey: Some(&pubkey),
                },
            )
        })
        .await
        .expect("joined")
        .expect("published")
    }

    async fn manifest(&self, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("manifest");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    fn stored_files(&self) -> Vec<String> {
        let dir = self.db.with_file_name("releases");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    fn release_count(&self) -> usize {
        SqliteStore::open(&self.db)
            .expect("store")
            .releases()
            .releases()
            .expect("releases")
            .len()
    }

    async fn enrol(&self, code: &str) -> String {
        let response: Value = self
            .http
            .post(format!("{}/api/v1/enrolments", self.base))
            .json(&json!({"code": code, "device_name": "PC Admin Dinkes"}))
            .send()
            .await
            .expect("enrol")
            .json()
            .await
            .expect("json");
        response["token"].as_str().expect("token").to_owned()
    }

    /// Sends one day's summary as the PC does, naming `version` when given.
    async fn sync(&self, token: &str, version: Option<&str>) {
        let batch = SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days: vec![DailySummary::example("2026-12-05", 1)],
        };
        let mut request = self
            .http
            .post(format!("{}/api/v1/summaries", self.base))
            .bearer_auth(token)
            .json(&batch);
        if let Some(version) = version {
            request = request.header(APP_VERSION_HEADER, version);
        }
        let response = request.send().await.expect("sync");
        assert_eq!(
            response.status().as_u16(),
            200,
            "{:?}",
            response.text().await
        );
    }

    fn pc_version(&self) -> (Option<String>, Option<OffsetDateTime>) {
        let pcs = SqliteStore::open(&self.db)
            .expect("store")
            .releases()
            .pc_versions()
            .expect("pcs");
        assert_eq!(pcs.len(), 1);
        (pcs[0].app_version.clone(), pcs[0].reported_at)
    }
}

fn failed_with(output: &Output, words: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(words),
        "expected \u{201c}{words}\u{201d} in: {stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_updater_is_offered_a_newer_release_and_downloads_its_exact_bytes() {
    let (hub, _) = Hub::start().await;
    let bytes: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let printed = hub
        .publish(
            "0.2.0",
            "Medsos PD_0.2.0_x64-setup.exe",
            &bytes,
            "Perbaikan sinkron.",
        )
        .await;
    assert!(printed.contains("0.2.0"), "{printed}");
    assert!(printed.contains("windows-x86_64"), "{printed}");
    assert!(printed.contains(&sha(&bytes)), "{printed}");
    assert!(printed.contains("300000 byte"), "{printed}");

    let (status, body) = hub.manifest("/api/v1/releases/windows/x86_64/0.1.0").await;
    assert_eq!(status, 200, "{body}");
    let manifest: Value = serde_json::from_str(&body).expect("json");
    let fields: Vec<&String> = manifest.as_object().expect("object").keys().collect();
    assert_eq!(fields, ["notes", "pub_date", "signature", "url", "version"]);
    assert_eq!(manifest["version"], "0.2.0");
    assert_eq!(manifest["notes"], "Perbaikan sinkron.");
    let sig_file = hub
        .dir
        .path()
        .join("build/Medsos PD_0.2.0_x64-setup.exe.sig");
    assert_eq!(
        manifest["signature"],
        std::fs::read_to_string(sig_file).expect("sig")
    );
    let pub_date = manifest["pub_date"].as_str().expect("pub_date");
    assert!(
        time::OffsetDateTime::parse(pub_date, &time::format_description::well_known::Rfc3339)
            .is_ok(),
        "{pub_date}"
    );
    let url = manifest["url"].as_str().expect("url");
    assert_eq!(
        url,
        format!(
            "{}/api/v1/releases/files/1/Medsos_PD_0.2.0_x64-setup.exe",
            hub.base
        )
    );

    let download = hub.http.get(url).send().await.expect("download");
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(
        download.headers()["content-type"],
        "application/octet-stream"
    );
    assert_eq!(download.headers()["content-length"], "300000");
    let downloaded = download.bytes().await.expect("bytes");
    assert_eq!(downloaded.as_ref(), bytes.as_slice());
    assert_eq!(sha(&downloaded), sha(&bytes));

    // Nothing newer: the same version, a newer one, another platform.
    for path in [
        "/api/v1/releases/windows/x86_64/0.2.0",
        "/api/v1/releases/windows/x86_64/0.3.0",
        "/api/v1/releases/linux/x86_64/0.1.0",
        "/api/v1/releases/windows/aarch64/0.1.0",
        "/api/v1/releases/beos/x86_64/0.1.0",
    ] {
        let (status, body) = hub.manifest(path).await;
        assert_eq!((status, body.as_str()), (204, ""), "{path}");
    }
    let (status, body) = hub
        .manifest("/api/v1/releases/windows/x86_64/terbaru")
        .await;
    assert_eq!(status, 400, "{body}");
    let error: Value = serde_json::from_str(&body).expect("error json");
    assert_eq!(error["code"], "release.invalid_version");
    assert!(error["message"]
        .as_str()
        .expect("message")
        .contains("semver"));

    // Unknown ids and names that are not the release's are 404.
    for path in [
        "/api/v1/releases/files/1/lain.exe",
        "/api/v1/releases/files/9/Medsos_PD_0.2.0_x64-setup.exe",
        "/api/v1/releases/files/x/Medsos_PD_0.2.0_x64-setup.exe",
    ] {
        let (status, _) = hub.manifest(path).await;
        assert_eq!(status, 404, "{path}");
    }

    // Versions compare as semver, not as text: 0.10.0 is newer than 0.9.0.
    hub.publish("0.10.0", "app-0.10.0.msi", b"sepuluh", "")
        .await;
    hub.publish("0.9.0", "app-0.9.0.msi", b"sembilan", "").await;
    let (_, body) = hub.manifest("/api/v1/releases/windows/x86_64/0.2.0").await;
    let manifest: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(manifest["version"], "0.10.0");
    assert_eq!(manifest["notes"], "");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_manifest_links_under_the_public_url_when_one_is_set() {
    let (hub, _) = Hub::start().await;
    hub.publish("0.2.0", "app.msi", b"isi berkas", "").await;
    let app = medsos_hub::app(hub.state.clone().with_meta(medsos_hub::meta::MetaSettings {
        public_url: Some("https://medsos.cianjurkab.go.id".to_owned()),
        ..medsos_hub::meta::MetaSettings::default()
    }));
    let (status, _, body) =
        common::exchange(&app, get("/api/v1/releases/windows/x86_64/0.1.0", None)).await;
    assert_eq!(status.as_u16(), 200, "{body}");
    let manifest: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(
        manifest["url"],
        "https://medsos.cianjurkab.go.id/api/v1/releases/files/1/app.msi"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_the_link_takes_the_forwarded_scheme_and_host() {
    let (hub, _) = Hub::start().await;
    hub.publish("0.2.0", "app.msi", b"isi berkas", "").await;
    let url_from = |base: String| {
        let http = hub.http.clone();
        async move {
            let manifest: Value = http
                .get(format!("{base}/api/v1/releases/windows/x86_64/0.1.0"))
                .header("x-forwarded-proto", "https")
                .header("x-forwarded-host", "medsos.cianjurkab.go.id")
                .send()
                .await
                .expect("manifest")
                .json()
                .await
                .expect("json");
            manifest["url"].as_str().expect("url").to_owned()
        }
    };
    // A hub that trusts no proxy takes the headers for what they are: the client's word.
    assert_eq!(
        url_from(hub.base.clone()).await,
        format!("{}/api/v1/releases/files/1/app.msi", hub.base)
    );
    let proxied = serve(hub.state.clone().with_trusted_proxies(
        medsos_hub::proxy::TrustedProxies::new(vec!["127.0.0.1".parse().expect("range")]),
    ))
    .await;
    assert_eq!(
        url_from(proxied).await,
        "https://medsos.cianjurkab.go.id/api/v1/releases/files/1/app.msi"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn release_add_refuses_what_is_wrong_and_stores_nothing() {
    let (hub, _) = Hub::start().await;
    let (file, sig) = hub.artifact("app-0.2.0.msi", b"installer 0.2.0");
    let empty = hub.dir.path().join("build/kosong.msi");
    std::fs::write(&empty, b"").expect("empty");
    let file = file.to_string_lossy().into_owned();
    let sig = sig.to_string_lossy().into_owned();
    let other_key = UpdaterKey::new();
    let foreign_sig = other_key.sign(b"installer 0.2.0");
    let wrong_file_sig = hub.key.sign(b"berkas lain");
    let pubkey = hub.key.pubkey.clone();
    let long_notes = "a".repeat(10_001);
    let missing = hub.dir.path().join("build/tidak-ada.msi");
    let missing = missing.to_string_lossy().into_owned();
    let empty = empty.to_string_lossy().into_owned();

    let valid = |version: &'static str| -> Vec<String> {
        [
            "--version",
            version,
            "--target",
            "windows-x86_64",
            "--file",
            &file,
            "--signature",
            &sig,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let with = |mut args: Vec<String>, flag: &str, value: &str| -> Vec<String> {
        match args.iter().position(|a| a == flag) {
            Some(i) => args[i + 1] = value.to_owned(),
            None => args.extend([flag.to_owned(), value.to_owned()]),
        }
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hub.release_add(&args)
    };

    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            with(valid("0.2.0"), "--version", "v0.2"),
            "bukan versi semver",
        ),
        (with(valid("0.2.0"), "--target", "windows-x64"), "Target"),
        (
            with(valid("0.2.0"), "--target", "windows"),
            "windows-x86_64",
        ),
        (with(valid("0.2.0"), "--file", &missing), "tidak ditemukan"),
        (with(valid("0.2.0"), "--file", &empty), "kosong"),
        (
            with(valid("0.2.0"), "--signature", "bukan-tanda-tangan"),
            "Tanda tangan tidak dapat dibaca",
        ),
        (
            with(
                valid("0.2.0"),
                "--signature",
                &STANDARD.encode("untrusted comment: x\nabc"),
            ),
            "Tanda tangan tidak dapat dibaca",
        ),
        (
            with(
                with(valid("0.2.0"), "--signature", &foreign_sig),
                "--pubkey",
                &pubkey,
            ),
            "tidak cocok",
        ),
        (
            with(
                with(valid("0.2.0"), "--signature", &wrong_file_sig),
                "--pubkey",
                &pubkey,
            ),
            "tidak cocok",
        ),
        (
            with(valid("0.2.0"), "--pubkey", "bukan-kunci"),
            "Kunci publik tidak dapat dibaca",
        ),
        (
            with(valid("0.2.0"), "--notes", &long_notes),
            "paling banyak 10000",
        ),
    ];
    for (args, words) in cases {
        let output = run(args.clone());
        failed_with(&output, words);
        assert_eq!(hub.release_count(), 0, "{args:?}");
        assert!(
            hub.stored_files().is_empty(),
            "{args:?}: {:?}",
            hub.stored_files()
        );
    }

    // The signature given as text rather than as its file, checked against the key.
    let sig_text = std::fs::read_to_string(&sig).expect("sig");
    let output = run(with(
        with(valid("0.2.0"), "--signature", &sig_text),
        "--pubkey",
        &pubkey,
    ));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(hub.release_count(), 1);
    assert_eq!(hub.stored_files(), ["1-app-0.2.0.msi"]);

    // The same platform and version again is refused; what was published stays.
    let output = run(valid("0.2.0"));
    failed_with(&output, "sudah ada");
    assert_eq!(hub.release_count(), 1);
    assert_eq!(hub.stored_files(), ["1-app-0.2.0.msi"]);
    let listed = Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
        .args(["release", "list", "--db"])
        .arg(&hub.db)
        .output()
        .expect("list");
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("0.2.0") && listed.contains("windows-x86_64"),
        "{listed}"
    );
    assert!(listed.contains(&sha(b"installer 0.2.0")), "{listed}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pc_names_its_version_at_sync_and_the_officer_sees_it_on_rilis() {
    let (hub, code) = Hub::start().await;
    let token = hub.enrol(&code).await;
    assert_eq!(hub.pc_version(), (None, None));

    hub.sync(&token, Some("0.1.0")).await;
    assert_eq!(hub.pc_version(), (Some("0.1.0".to_owned()), Some(NOW)));

    // The same version later changes nothing; one that is not semver is ignored.
    *hub.clock.0.lock().expect("clock") = NOW + time::Duration::hours(2);
    hub.sync(&token, Some("0.1.0")).await;
    hub.sync(&token, Some("versi-terbaru")).await;
    hub.sync(&token, None).await;
    assert_eq!(hub.pc_version(), (Some("0.1.0".to_owned()), Some(NOW)));

    hub.publish(
        "0.2.0",
        "Medsos_PD_0.2.0_x64-setup.exe",
        b"installer",
        "Kalender baru.",
    )
    .await;
    let app = medsos_hub::app(hub.state.clone());
    let session = login(&app, USER, PASSWORD).await;
    let (status, _, page) = common::exchange(&app, get("/rilis", Some(&session))).await;
    assert_eq!(status.as_u16(), 200, "{page}");
    assert!(page.contains("Rilis aplikasi Medsos PD"), "{page}");
    assert!(page.contains("0.2.0"), "{page}");
    assert!(page.contains("windows-x86_64"), "{page}");
    assert!(page.contains("Kalender baru."), "{page}");
    assert!(page.contains(&sha(b"installer")[..12]), "{page}");
    assert!(page.contains("Dinas Kesehatan"), "{page}");
    assert!(page.contains("PC Admin Dinkes"), "{page}");
    assert!(page.contains("0.1.0"), "{page}");
    assert!(
        page.contains("versi lama"),
        "the PC behind 0.2.0 is marked: {page}"
    );
    assert!(
        page.contains("2026-12-06 10:00 WIB"),
        "reported at, in WIB: {page}"
    );
    assert!(
        page.contains(r#"href="/rilis" aria-current="page""#),
        "{page}"
    );

    // Updated, the PC is no longer marked.
    hub.sync(&token, Some("0.2.0")).await;
    assert_eq!(
        hub.pc_version(),
        (
            Some("0.2.0".to_owned()),
            Some(NOW + time::Duration::hours(2))
        )
    );
    let (_, _, page) = common::exchange(&app, get("/rilis", Some(&session))).await;
    assert!(!page.contains("versi lama"), "{page}");
    assert!(page.contains("2026-12-06 12:00 WIB"), "{page}");

    // Without a session the page sends the visitor to the login form.
    let (status, _, _) = common::exchange(&app, get("/rilis", None)).await;
    assert_eq!(status.as_u16(), 303);
}

#[test]
fn the_header_name_is_the_shared_constant() {
    assert_eq!(APP_VERSION_HEADER, "X-Medsos-App-Version");
}
