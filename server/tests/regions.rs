//! Regions by BPS code through the real `medsos-hub` binary: a new hub serves Kabupaten
//! Cianjur (32.03) in Jawa Barat (32); a province's other regencies and cities are added
//! with `region add`, and every agency belongs to one.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn hub(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
        .args(args)
        .arg("--db")
        .arg(db)
        .env("RUST_LOG", "warn")
        .output()
        .expect("medsos-hub runs")
}

fn ok(output: Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Fails with exit code 1 and answers what it said.
fn refused(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn line_of<'a>(listing: &'a str, code: &str) -> &'a str {
    listing
        .lines()
        .find(|l| l.split_whitespace().next() == Some(code))
        .unwrap_or_else(|| panic!("{code} not listed:\n{listing}"))
}

#[test]
fn a_new_hub_serves_cianjur_and_agencies_land_there_without_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    ok(hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DINKES",
        ],
        &db,
    ));
    let regions = ok(hub(&["region", "list"], &db));
    let cianjur = line_of(&regions, "32.03");
    assert!(cianjur.contains("Kabupaten Cianjur"), "{regions}");
    assert!(cianjur.contains("kabupaten"), "{regions}");
    assert!(cianjur.trim_end().ends_with('1'), "one agency: {regions}");
    let jabar = line_of(&regions, "32");
    assert!(
        jabar.contains("provinsi") && jabar.trim_end().ends_with('1'),
        "{regions}"
    );
    let agencies = ok(hub(&["agency", "list"], &db));
    assert!(
        agencies.lines().next().unwrap().contains("WILAYAH"),
        "{agencies}"
    );
    assert!(line_of(&agencies, "1").contains("32.03"), "{agencies}");
}

#[test]
fn regions_are_validated_and_a_second_regency_makes_the_region_required() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");

    for (code, name, says) in [
        ("3203", "Kabupaten Cianjur", "bukan kode BPS"),
        ("32.3", "Kabupaten Cianjur", "bukan kode BPS"),
        ("jabar", "Jawa Barat", "bukan kode BPS"),
        ("32.04", "  ", "Nama wilayah harus 3 sampai 80 karakter"),
        (
            "32.03",
            "Kabupaten Cianjur Lagi",
            "sudah terdaftar sebagai \"Kabupaten Cianjur\"",
        ),
        ("33.01", "Kabupaten Cilacap", "Provinsi 33 belum terdaftar"),
    ] {
        let said = refused(hub(&["region", "add", "--code", code, "--name", name], &db));
        assert!(said.contains(says), "{code} {name:?}: {said}");
    }

    let added = ok(hub(
        &[
            "region",
            "add",
            "--code",
            " 32.73 ",
            "--name",
            "Kota Bandung",
        ],
        &db,
    ));
    assert!(added.contains("32.73") && added.contains("kota"), "{added}");
    ok(hub(
        &[
            "region",
            "add",
            "--code",
            "33",
            "--name",
            "Provinsi Jawa Tengah",
        ],
        &db,
    ));
    ok(hub(
        &[
            "region",
            "add",
            "--code",
            "33.01",
            "--name",
            "Kabupaten Cilacap",
        ],
        &db,
    ));

    // Two regencies or more: the operator names the agency's.
    let said = refused(hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DINKES",
        ],
        &db,
    ));
    assert!(said.contains("--region"), "{said}");
    assert!(said.contains("32.03") && said.contains("32.73"), "{said}");
    for (region, says) in [
        ("32", "kode provinsi"),
        ("32.10", "Wilayah 32.10 belum terdaftar"),
        ("32.1", "bukan kode BPS"),
    ] {
        let said = refused(hub(
            &[
                "agency",
                "add",
                "--name",
                "Dinas Kesehatan",
                "--code",
                "DINKES",
                "--region",
                region,
            ],
            &db,
        ));
        assert!(said.contains(says), "{region}: {said}");
    }
    ok(hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DINKES",
            "--region",
            "32.03",
        ],
        &db,
    ));
    ok(hub(
        &[
            "agency",
            "add",
            "--name",
            "Diskominfo Kota Bandung",
            "--code",
            "KOMINFO.BDG",
            "--region",
            "32.73",
        ],
        &db,
    ));
    ok(hub(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan Cilacap",
            "--code",
            "DINKES.CLP",
            "--region",
            "33.01",
        ],
        &db,
    ));

    let regions = ok(hub(&["region", "list"], &db));
    let count = |code: &str| {
        line_of(&regions, code)
            .split_whitespace()
            .last()
            .unwrap()
            .to_owned()
    };
    assert_eq!(
        count("32"),
        "2",
        "Jawa Barat counts its regency and city: {regions}"
    );
    assert_eq!(count("32.03"), "1");
    assert_eq!(count("32.73"), "1");
    assert_eq!(count("33"), "1");
    assert_eq!(count("33.01"), "1");
    // A revoked agency no longer counts.
    ok(hub(&["agency", "revoke", "--code", "DINKES.CLP"], &db));
    let after = ok(hub(&["region", "list"], &db));
    assert!(
        line_of(&after, "33.01").trim_end().ends_with(" 0"),
        "{after}"
    );
    let agencies = ok(hub(&["agency", "list"], &db));
    assert!(agencies
        .lines()
        .any(|l| l.contains("KOMINFO.BDG") && l.contains(" 32.73 ")));
    assert!(agencies
        .lines()
        .any(|l| l.contains("DINKES.CLP") && l.contains(" 33.01 ")));
}

/// The public registry of a hub serving two regencies: the JSON and the page list only the
/// region asked for (a province lists its regencies and cities); without it, everything, as
/// before regions.
#[tokio::test]
async fn the_public_registry_is_filtered_by_region() {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use medsos_hub::store::Store;
    use medsos_hub::{app, AppState};

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    ok(hub(
        &["region", "add", "--code", "32.73", "--name", "Kota Bandung"],
        &db,
    ));
    for (name, code, region) in [
        ("Dinas Kesehatan", "DINKES", "32.03"),
        ("Dinas Pendidikan", "DISDIK", "32.03"),
        ("Diskominfo Kota Bandung", "KOMINFO.BDG", "32.73"),
    ] {
        ok(hub(
            &[
                "agency", "add", "--name", name, "--code", code, "--region", region,
            ],
            &db,
        ));
    }
    let store = Store::open(&db).expect("store opens");
    let app = app(AppState::new(
        store,
        std::sync::Arc::new(common::StoppedAt(
            time::macros::datetime!(2026-11-26 14:00 UTC),
        )),
    ));
    let get = |path: &str| {
        let app = app.clone();
        let request = Request::get(path).body(Body::empty()).expect("request");
        async move { common::exchange(&app, request).await }
    };
    let codes = |body: &str| -> Vec<String> {
        let registry: serde_json::Value = serde_json::from_str(body).expect("json");
        registry["agencies"]
            .as_array()
            .expect("agencies")
            .iter()
            .map(|a| a["code"].as_str().expect("code").to_owned())
            .collect()
    };

    let (status, _, all) = get("/api/v1/registry").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(codes(&all), ["DINKES", "DISDIK", "KOMINFO.BDG"]);
    assert!(!all.contains("region"), "the wire form is as before: {all}");
    let (_, _, cianjur) = get("/api/v1/registry?region=32.03").await;
    assert_eq!(codes(&cianjur), ["DINKES", "DISDIK"]);
    let (_, _, bandung) = get("/api/v1/registry?region=32.73").await;
    assert_eq!(codes(&bandung), ["KOMINFO.BDG"]);
    let (_, _, jabar) = get("/api/v1/registry?region=32").await;
    assert_eq!(codes(&jabar), ["DINKES", "DISDIK", "KOMINFO.BDG"]);
    let (_, _, none) = get("/api/v1/registry?region=33.01").await;
    assert!(codes(&none).is_empty());
    let (status, _, twice) = get("/api/v1/registry?region=32.03&region=32.73").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{twice}");
    let (status, _, bad) = get("/api/v1/registry?region=3203").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert!(
        bad.contains("region.invalid_code") && bad.contains("bukan kode BPS"),
        "{bad}"
    );

    let (status, _, page) = get("/registri?wilayah=32.73").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Diskominfo Kota Bandung"), "{page}");
    assert!(
        !page.contains("Dinas Pendidikan"),
        "only Bandung's agencies"
    );
    assert!(page.contains("Hanya PD di wilayah"), "{page}");
    assert!(
        page.contains("/api/v1/registry?region=32.73"),
        "the JSON of the same list"
    );
    assert!(
        page.contains("<option value=\"32.03\""),
        "the filter offers Cianjur"
    );
    let (_, _, page) = get("/registri").await;
    assert!(page.contains("Dinas Pendidikan") && page.contains("Diskominfo Kota Bandung"));
    let (status, _, page) = get("/registri?wilayah=bandung").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("bukan kode BPS"), "{page}");
    assert!(
        page.contains("Dinas Pendidikan"),
        "an unreadable filter lists everything"
    );
}

/// `user add --scope`, `user scope` and `user list` through the binary: the scope must be a
/// registered region (or all), and the list shows it last.
#[test]
fn officers_are_scoped_to_a_registered_region_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("hub.sqlite3");
    let with_password = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
            .args(args)
            .arg("--db")
            .arg(&db)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("medsos-hub runs");
        use std::io::Write;
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"kata-sandi-rahasia-123\n")
            .expect("password written");
        child.wait_with_output().expect("finishes")
    };
    ok(with_password(&[
        "user",
        "add",
        "--username",
        "pusat",
        "--name",
        "Petugas Pusat",
    ]));
    let message = refused(with_password(&[
        "user",
        "add",
        "--username",
        "bandung",
        "--name",
        "Petugas Bandung",
        "--scope",
        "32.73",
    ]));
    assert!(
        message.contains("Wilayah 32.73 belum terdaftar"),
        "{message}"
    );
    let message = refused(with_password(&[
        "user",
        "add",
        "--username",
        "bandung",
        "--name",
        "Petugas Bandung",
        "--scope",
        "bandung",
    ]));
    assert!(message.contains("bukan kode BPS"), "{message}");
    ok(hub(
        &["region", "add", "--code", "32.73", "--name", "Kota Bandung"],
        &db,
    ));
    let said = ok(with_password(&[
        "user",
        "add",
        "--username",
        "bandung",
        "--name",
        "Petugas Bandung",
        "--scope",
        "32.73",
    ]));
    assert!(said.contains("wilayah 32.73"), "{said}");
    let said = ok(hub(
        &["user", "scope", "--username", "pusat", "--scope", "32"],
        &db,
    ));
    assert!(said.contains("wilayah 32"), "{said}");
    let listed = ok(hub(&["user", "list"], &db));
    let line = |name: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not listed:\n{listed}"))
            .to_owned()
    };
    assert!(line("bandung").ends_with("\t32.73"), "{listed}");
    assert!(line("pusat").ends_with("\t32"), "{listed}");
    let message = refused(hub(
        &["user", "scope", "--username", "tidak-ada", "--scope", "all"],
        &db,
    ));
    assert!(message.contains("tidak ada"), "{message}");
}
