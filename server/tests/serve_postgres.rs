//! The real `medsos-hub serve --database-url` on a throwaway PostgreSQL cluster: a database
//! it cannot use stops it at start with a clear message and exit code 1, and two hub
//! processes on one database serve as one hub (what one enrols, the other accepts; a PC
//! revoked on the database is refused by both).
#![cfg(unix)]

use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::store::PgStore;
use medsos_pg_cluster::Cluster;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_medsos-hub"));
    command
        .env("RUST_LOG", "warn")
        .env_remove("MEDSOS_DATABASE_URL");
    command
}

fn serve_once(args: &[&str]) -> Output {
    bin()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("medsos-hub runs")
}

/// Starts `serve` on the database at `url` (given through the environment, as an operator
/// keeps the password out of the process list) and returns it with its `HOST:PORT`.
fn start(url: &str, key_file: &std::path::Path) -> (Child, String) {
    let mut child = bin()
        .env("MEDSOS_DATABASE_URL", url)
        .args(["serve", "--listen", "127.0.0.1:0", "--secret-key-file"])
        .arg(key_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("medsos-hub serve starts");
    let stdout = child.stdout.take().expect("stdout piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("reads the listening line");
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .expect("address printed")
        .to_owned();
    (child, addr)
}

fn http(addr: &str, method: &str, path: &str, token: Option<&str>, json: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connects");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    );
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("waits") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not stop after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_database_that_cannot_be_used_stops_serve_at_start_with_exit_1() {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("hub.key");
    let key = key.to_str().expect("utf-8 path");
    let port = cluster.port();

    let wrong = format!("postgres://medsos:bukan-sandinya@127.0.0.1:{port}/hub");
    let out = serve_once(&["--database-url", &wrong, "--secret-key-file", key]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tidak dapat dipakai"), "{stderr}");
    assert!(stderr.contains("kata sandi ditolak"), "{stderr}");
    assert!(!stderr.contains("bukan-sandinya"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing listened");

    let nobody = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let out = serve_once(&[
        "--database-url",
        &format!("postgres://medsos:x@127.0.0.1:{nobody}/hub"),
        "--secret-key-file",
        key,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tidak dapat dihubungi"), "{stderr}");

    // No key file named: there is no database file to put it beside.
    let out = serve_once(&["--database-url", &cluster.url("hub")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--secret-key-file"), "{stderr}");

    // One store or the other, not both.
    let out = serve_once(&["--database-url", &cluster.url("hub"), "--db", "hub.sqlite3"]);
    assert!(!out.status.success());
}

#[test]
fn two_hub_processes_on_one_database_serve_as_one_hub() {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    let store = PgStore::connect(&url).expect("store");
    let added = store
        .add_agency(
            &AgencyCode::parse("DINKES").expect("code"),
            &AgencyName::parse("Dinas Kesehatan").expect("name"),
            time::OffsetDateTime::now_utc(),
        )
        .expect("agency");
    let code = added.enrolment.code.to_string();

    let dir = tempfile::tempdir().expect("temp dir");
    let key = dir.path().join("hub.key");
    let (mut one, one_addr) = start(&url, &key);
    let (mut two, two_addr) = start(&url, &key);

    for addr in [&one_addr, &two_addr] {
        let (status, body) = http(addr, "GET", "/healthz", None, "");
        assert_eq!(status, 200, "{body}");
    }

    let request = format!(r#"{{"code":"{code}","device_name":"PC Admin Dinkes"}}"#);
    let (status, body) = http(&one_addr, "POST", "/api/v1/enrolments", None, &request);
    assert_eq!(status, 201, "{body}");
    let token = body
        .split('"')
        .find(|part| part.starts_with("mpd_"))
        .expect("token")
        .to_owned();
    // The code is used up for both.
    let (status, _) = http(&two_addr, "POST", "/api/v1/enrolments", None, &request);
    assert_eq!(status, 400);

    let batch = r#"{"schema_version":1,"days":[{"day":"2026-01-05","revision":1,
        "posts":{"instagram":{"published":2,"scheduled":1,"missed":0},"facebook":{"published":1,"scheduled":0,"missed":1}},
        "drafts_created":4,"briefs_fulfilled":0,
        "complaints":{"received_by_type":{"pengaduan":5},"received_by_category":{"jalan_rusak":5},
          "received_by_kecamatan":{"32.03.01":2},"received_by_channel":{"whatsapp":5},
          "answered_within_deadline":5,"resolved":3,"overdue":1,"open_backlog":12,
          "median_first_response_minutes":95,"median_resolution_minutes":null},
        "official_accounts":{"verified":0,"pending":0,"unverified":0}}]}"#;
    let (status, body) = http(&one_addr, "POST", "/api/v1/summaries", Some(&token), batch);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"stored\""), "{body}");
    // The PC's retry lands on the other process: the day is there already.
    let (status, body) = http(&two_addr, "POST", "/api/v1/summaries", Some(&token), batch);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"unchanged\""), "{body}");
    let exported = store
        .summaries_between("2026-01-01", "2026-01-31")
        .expect("export");
    assert_eq!(exported.len(), 1);

    // Revoked in the database: both processes refuse the token at once.
    store
        .revoke_agency(
            &AgencyCode::parse("DINKES").expect("code"),
            time::OffsetDateTime::now_utc(),
        )
        .expect("revoke");
    for addr in [&one_addr, &two_addr] {
        let (status, body) = http(addr, "POST", "/api/v1/summaries", Some(&token), batch);
        assert_eq!(status, 401, "{body}");
    }

    for child in [&mut one, &mut two] {
        let exit = terminate(child);
        assert!(exit.success(), "exit after SIGTERM: {exit:?}");
    }
}

fn hub_on(url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .env("MEDSOS_DATABASE_URL", url)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("medsos-hub runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("writes stdin");
    child.wait_with_output().expect("finishes")
}

#[test]
fn admin_commands_run_on_postgresql() {
    let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");

    let added = hub_on(
        &url,
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "dinkes",
        ],
        "",
    );
    let stdout = String::from_utf8_lossy(&added.stdout).into_owned();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let code = stdout
        .split_whitespace()
        .find(|word| word.len() == 14 && word.matches('-').count() == 2)
        .expect("code printed")
        .to_owned();
    let again = hub_on(
        &url,
        &["agency", "add", "--name", "Lain", "--code", "DINKES"],
        "",
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("sudah dipakai"));

    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = start(&url, &dir.path().join("hub.key"));
    let request = format!(r#"{{"code":"{code}","device_name":"PC Admin Dinkes"}}"#);
    let (status, body) = http(&addr, "POST", "/api/v1/enrolments", None, &request);
    assert_eq!(status, 201, "{body}");

    let listed = hub_on(&url, &["agency", "list"], "");
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.contains("DINKES") && l.ends_with("ya")),
        "{table}"
    );
    let devices = hub_on(&url, &["agency", "devices", "--code", "DINKES"], "");
    assert!(
        String::from_utf8_lossy(&devices.stdout).contains("PC Admin Dinkes"),
        "{}",
        String::from_utf8_lossy(&devices.stderr)
    );

    let user = hub_on(
        &url,
        &[
            "user",
            "add",
            "--username",
            "rina.kominfo",
            "--name",
            "Rina",
        ],
        "rahasia-panjang-1\n",
    );
    assert!(
        user.status.success(),
        "{}",
        String::from_utf8_lossy(&user.stderr)
    );
    let users = hub_on(&url, &["user", "list"], "");
    assert!(String::from_utf8_lossy(&users.stdout).contains("rina.kominfo\tRina\taktif"));

    // The other store-only command groups on the same database.
    let ok = |out: &Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    ok(&hub_on(
        &url,
        &[
            "account",
            "add",
            "--agency",
            "DINKES",
            "--platform",
            "instagram",
            "--handle",
            "@Dinkes.Cianjur",
        ],
        "",
    ));
    let accounts = ok(&hub_on(&url, &["account", "list"], ""));
    assert!(accounts.contains("dinkes.cianjur"), "{accounts}");
    let csv = dir.path().join("libur-2027.csv");
    std::fs::write(
        &csv,
        "tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi\n",
    )
    .expect("csv");
    ok(&hub_on(
        &url,
        &["holidays", "import", "--file", csv.to_str().expect("utf-8")],
        "",
    ));
    ok(&hub_on(
        &url,
        &[
            "brief",
            "add",
            "--title",
            "Hari Jadi Cianjur",
            "--body",
            "Unggah foto kegiatan.",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
        ],
        "",
    ));
    let check = PgStore::connect(&url).expect("store");
    assert_eq!(check.holidays_of_year(2027).expect("2027").len(), 1);
    assert_eq!(check.briefs(10).expect("briefs").len(), 1);
    let exported = ok(&hub_on(
        &url,
        &[
            "summaries",
            "export",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ],
        "",
    ));
    assert!(exported.lines().count() >= 1, "{exported}");

    let meta = ok(&hub_on(&url, &["meta", "status"], ""));
    assert!(meta.contains("belum tersambung"), "{meta}");
    let pull = hub_on(&url, &["meta", "pull"], "");
    assert_eq!(pull.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&pull.stderr).contains("--secret-key-file"));

    let revoked = hub_on(&url, &["agency", "revoke", "--code", "DINKES"], "");
    assert!(revoked.status.success());
    let exit = terminate(&mut child);
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");

    // A database it cannot use: exit 1 with the reason, as serve.
    let port = cluster.port();
    let wrong = format!("postgres://medsos:salah@127.0.0.1:{port}/hub");
    let out = hub_on(&wrong, &["agency", "list"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kata sandi ditolak"));
}

#[test]
fn the_database_restarting_answers_503_and_the_hub_recovers_by_itself() {
    let mut cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    let code = {
        let store = PgStore::connect(&url).expect("store");
        let added = store
            .add_agency(
                &AgencyCode::parse("DINKES").expect("code"),
                &AgencyName::parse("Dinas Kesehatan").expect("name"),
                time::OffsetDateTime::now_utc(),
            )
            .expect("agency");
        added.enrolment.code.to_string()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = start(&url, &dir.path().join("hub.key"));
    let request = format!(r#"{{"code":"{code}","device_name":"PC Admin Dinkes"}}"#);
    let (status, body) = http(&addr, "POST", "/api/v1/enrolments", None, &request);
    assert_eq!(status, 201, "{body}");
    let token = body
        .split('"')
        .find(|part| part.starts_with("mpd_"))
        .expect("token")
        .to_owned();

    cluster.stop();
    let (status, body) = http(&addr, "GET", "/healthz", None, "");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("store.unavailable"), "{body}");
    let batch = r#"{"schema_version":1,"days":[{"day":"2026-01-05","revision":1,
        "posts":{"instagram":{"published":2,"scheduled":1,"missed":0},"facebook":{"published":1,"scheduled":0,"missed":1}},
        "drafts_created":4,"briefs_fulfilled":0,
        "complaints":{"received_by_type":{"pengaduan":5},"received_by_category":{"jalan_rusak":5},
          "received_by_kecamatan":{"32.03.01":2},"received_by_channel":{"whatsapp":5},
          "answered_within_deadline":5,"resolved":3,"overdue":1,"open_backlog":12,
          "median_first_response_minutes":95,"median_resolution_minutes":null},
        "official_accounts":{"verified":0,"pending":0,"unverified":0}}]}"#;
    let (status, body) = http(&addr, "POST", "/api/v1/summaries", Some(&token), batch);
    assert_eq!(status, 503, "{body}");

    cluster.restart().expect("PostgreSQL starts again");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, _) = http(&addr, "GET", "/healthz", None, "");
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the hub did not recover");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, body) = http(&addr, "POST", "/api/v1/summaries", Some(&token), batch);
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("\"stored\""),
        "nothing half-written before: {body}"
    );

    let exit = terminate(&mut child);
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");
}

/// One day's summary batch for `days` (`YYYY-MM-DD`), as a PC sends it.
fn batch_of(days: &[String]) -> String {
    let one = |day: &str| {
        format!(
            r#"{{"day":"{day}","revision":1,
            "posts":{{"instagram":{{"published":2,"scheduled":1,"missed":0}},"facebook":{{"published":1,"scheduled":0,"missed":1}}}},
            "drafts_created":4,"briefs_fulfilled":0,
            "complaints":{{"received_by_type":{{"pengaduan":5}},"received_by_category":{{"jalan_rusak":5}},
              "received_by_kecamatan":{{"32.03.01":2}},"received_by_channel":{{"whatsapp":5}},
              "answered_within_deadline":5,"resolved":3,"overdue":1,"open_backlog":12,
              "median_first_response_minutes":95,"median_resolution_minutes":null}},
            "official_accounts":{{"verified":0,"pending":0,"unverified":0}}}}"#
        )
    };
    let days: Vec<String> = days.iter().map(|d| one(d)).collect();
    format!(r#"{{"schema_version":1,"days":[{}]}}"#, days.join(","))
}

fn post_batch(addr: &str, token: &str, batch: &str) -> (u16, String) {
    http(addr, "POST", "/api/v1/summaries", Some(token), batch)
}

#[test]
fn uploads_in_flight_while_postgresql_restarts_are_all_stored_once() {
    const PCS: usize = 4;
    const BATCHES: usize = 10;
    const DAYS_PER_BATCH: usize = 3;
    let mut cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
    let url = cluster.url("hub");
    let store = PgStore::connect(&url).expect("store");
    let codes: Vec<String> = (0..PCS)
        .map(|i| {
            store
                .add_agency(
                    &AgencyCode::parse(&format!("PD{i}")).expect("code"),
                    &AgencyName::parse(&format!("Perangkat Daerah {i}")).expect("name"),
                    time::OffsetDateTime::now_utc(),
                )
                .expect("agency")
                .enrolment
                .code
                .to_string()
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = start(&url, &dir.path().join("hub.key"));
    let tokens: Vec<String> = codes
        .iter()
        .map(|code| {
            let request = format!(r#"{{"code":"{code}","device_name":"PC"}}"#);
            let (status, body) = http(&addr, "POST", "/api/v1/enrolments", None, &request);
            assert_eq!(status, 201, "{body}");
            body.split('"')
                .find(|part| part.starts_with("mpd_"))
                .expect("token")
                .to_owned()
        })
        .collect();

    let acknowledged = std::sync::atomic::AtomicUsize::new(0);
    let (answers, acknowledged_at_stop) = std::thread::scope(|scope| {
        let uploaders: Vec<_> = tokens
            .iter()
            .map(|token| {
                let addr = addr.as_str();
                let acknowledged = &acknowledged;
                scope.spawn(move || {
                    let mut seen_503 = 0;
                    for batch in 0..BATCHES {
                        let days: Vec<String> = (0..DAYS_PER_BATCH)
                            .map(|d| {
                                let n = batch * DAYS_PER_BATCH + d;
                                format!("2026-10-{:02}", n + 1)
                            })
                            .collect();
                        let body = batch_of(&days);
                        let deadline = Instant::now() + Duration::from_secs(60);
                        // The PC's retry: again until the hub acknowledges.
                        loop {
                            match post_batch(addr, token, &body) {
                                (200, _) => {
                                    acknowledged.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                                    break;
                                }
                                (503, _) => seen_503 += 1,
                                (other, answer) => panic!("unexpected status {other}: {answer}"),
                            }
                            assert!(Instant::now() < deadline, "never acknowledged");
                            std::thread::sleep(Duration::from_millis(100));
                        }
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    seen_503
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        cluster.stop();
        let at_stop = acknowledged.load(std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(1500));
        cluster.restart().expect("PostgreSQL starts again");
        let answers = uploaders
            .into_iter()
            .map(|u| u.join().expect("uploader"))
            .collect::<Vec<usize>>();
        (answers, at_stop)
    });
    // Whether a request meets a 503 or just waits for the pool depends on timing; what is
    // certain is that the restart came while batches were still to be acknowledged.
    assert!(
        acknowledged_at_stop < PCS * BATCHES,
        "the restart happened while uploads were in flight ({acknowledged_at_stop} acknowledged, 503s seen: {answers:?})"
    );

    let stored = store
        .summaries_between("2026-10-01", "2026-10-31")
        .expect("export");
    assert_eq!(
        stored.len(),
        PCS * BATCHES * DAYS_PER_BATCH,
        "every day once"
    );
    assert!(stored.iter().all(|s| s.devices == 1 && s.revision == 1));

    let exit = terminate(&mut child);
    assert!(exit.success(), "exit after SIGTERM: {exit:?}");
}

/// `meta connect` and `meta status` on PostgreSQL against the local stand-in of Meta's Graph
/// API, as the SQLite tests (`meta.rs`) run them.
#[tokio::test(flavor = "multi_thread")]
async fn meta_connect_and_status_run_on_postgresql() {
    use medsos_graph_standin::fixtures::{cianjur_world, SYSTEM_TOKEN};
    use medsos_graph_standin::StandIn;
    use medsos_hub::cli::Target;

    // The blocking client must not run on the test's runtime threads.
    let (cluster, url) = tokio::task::spawn_blocking(|| {
        let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
        let url = cluster.url("hub");
        let target = || Target::Postgres(url.clone());
        for (name, code) in [
            ("Dinas Kesehatan", "DINKES"),
            ("Dinas Pendidikan", "DISDIK"),
        ] {
            medsos_hub::cli::agency::add(target(), name, code).expect("agency");
        }
        for (agency, platform, handle) in [
            ("DINKES", "instagram", "dinkes.cianjur"),
            ("DINKES", "facebook", "dinkescianjur"),
            ("DISDIK", "facebook", "disdikcianjur"),
        ] {
            medsos_hub::cli::accounts::add(target(), agency, platform, handle, false)
                .expect("account");
        }
        (cluster, url)
    })
    .await
    .expect("joined");

    let standin = StandIn::start(cianjur_world()).await;
    let dir = tempfile::tempdir().expect("dir");
    let options = medsos_hub::cli::meta::Options {
        graph_url: standin.base_url(),
        key_file: dir.path().join("secret/hub.key"),
    };
    let (report, status) = tokio::task::spawn_blocking(move || {
        let report =
            medsos_hub::cli::meta::connect(Target::Postgres(url.clone()), SYSTEM_TOKEN, &options)
                .expect("connect");
        let status = medsos_hub::cli::meta::status(Target::Postgres(url)).expect("status");
        (report, status)
    })
    .await
    .expect("joined");
    assert!(report.contains("3 Page dan 1 akun Instagram"), "{report}");
    assert!(report.contains("DINKES"), "{report}");
    assert!(status.contains("Sambungan Meta: baik"), "{status}");
    assert!(status.contains("@dinkes.cianjur"), "{status}");
    assert!(status.contains("DISDIK"), "{status}");
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .expect("joined");
}
