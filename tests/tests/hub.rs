//! The real hub binary on a free loopback port.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn hub_answers_healthz_and_serves_a_parseable_openapi_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub/hub.sqlite3");
    let port = free_port();
    let mut child = Command::new(hub_binary())
        .args(["serve", "--db"])
        .arg(&db)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start medsos-hub");
    let stdout = child.stdout.take().expect("stdout");
    let hub = Running(child);
    let mut first_line = String::new();
    BufReader::new(stdout)
        .read_line(&mut first_line)
        .expect("hub prints its address");
    assert!(
        first_line.contains(&format!("127.0.0.1:{port}")),
        "{first_line}"
    );

    let base = format!("http://127.0.0.1:{port}");
    let health: serde_json::Value = reqwest::get(format!("{base}/healthz"))
        .await
        .expect("healthz answers")
        .json()
        .await
        .expect("healthz is JSON");
    assert_eq!(health["status"], "ok");

    let response = reqwest::get(format!("{base}/api/openapi.json"))
        .await
        .expect("openapi answers");
    assert!(response.status().is_success());
    let doc: serde_json::Value = response.json().await.expect("the document parses as JSON");
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/healthz"].is_object());
    assert!(doc["paths"]["/api/v1/enrolments"]["post"].is_object());
    assert!(db.exists(), "the hub created its database file");
    drop(hub);
}
