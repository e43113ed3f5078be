//! Regions by BPS code through the real `medsos-hub` binary: a new hub serves Kabupaten
//! Cianjur (32.03) in Jawa Barat (32); a province's other regencies and cities are added
//! with `region add`, and every agency belongs to one.

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
    let agencies = ok(hub(&["agency", "list"], &db));
    assert!(agencies
        .lines()
        .any(|l| l.contains("KOMINFO.BDG") && l.contains(" 32.73 ")));
    assert!(agencies
        .lines()
        .any(|l| l.contains("DINKES.CLP") && l.contains(" 33.01 ")));
}
