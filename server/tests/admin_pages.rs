//! The admin pages (`/admin/pd`, `/admin/petugas`, `/admin/audit`): agencies and their
//! one-time enrolment codes, officers and their roles, the audit log; who may open them and
//! what bad input gets. Through the router in-process on a real store (SQLite, or PostgreSQL:
//! see `common::TestDb`).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{encode, enrol, exchange, get, hidden_csrf, login, StoppedAt, TestDb};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::store::users::Role;
use medsos_hub::{app, AppState};
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-11-26 03:00 UTC);
const PASSWORD: &str = "kata-sandi-kominfo-1";

struct Hub {
    app: Router,
    db: TestDb,
}

impl Hub {
    /// A hub with one admin (`rina`), one pemantau (`budi`) and one agency (`DINKES`).
    fn new() -> Hub {
        let db = TestDb::new();
        db.with(|s| {
            s.add_user("rina", "Rina Kominfo", PASSWORD, NOW)
                .expect("admin");
            s.add_user("budi", "Budi Pemantau", PASSWORD, NOW)
                .expect("viewer");
            s.set_user_role("budi", Role::Pemantau).expect("role");
            s.add_agency(
                &AgencyCode::parse("DINKES").expect("code"),
                &AgencyName::parse("Dinas Kesehatan").expect("name"),
                NOW,
            )
            .expect("agency");
        });
        let app = app(AppState::new(db.store(), Arc::new(StoppedAt(NOW))));
        Hub { app, db }
    }

    async fn page(&self, path: &str, session: &str) -> (StatusCode, String) {
        let (status, _, body) = exchange(&self.app, get(path, Some(session))).await;
        (status, body)
    }

    /// A form POST as the dashboard's own page sends it (same Host and Origin).
    async fn post(&self, path: &str, session: &str, form: &str) -> (StatusCode, String, String) {
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, common::session_cookie(session))
            .header(header::HOST, "hub.cianjurkab.go.id")
            .header(header::ORIGIN, "https://hub.cianjurkab.go.id")
            .body(Body::from(form.to_owned()))
            .expect("request");
        let (status, headers, body) = exchange(&self.app, request).await;
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (status, body, location)
    }

    /// The CSRF token of the officer's session, read off a page.
    async fn csrf(&self, session: &str) -> String {
        let (status, body) = self.page("/dasbor", session).await;
        assert_eq!(status, StatusCode::OK);
        hidden_csrf(&body)
    }
}

/// The enrolment code shown on a slip.
fn slip_code(body: &str) -> String {
    let marker = "<dd class=\"code\"><strong>";
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no slip in {body}"))
        + marker.len();
    let end = body[start..].find('<').expect("end of code");
    body[start..start + end].to_owned()
}

#[tokio::test]
async fn an_admin_adds_an_agency_whose_code_is_shown_once_and_enrols_a_pc() {
    let hub = Hub::new();
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let csrf = hub.csrf(&rina).await;

    let (status, page) = hub.page("/admin/pd", &rina).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Dinas Kesehatan"), "{page}");
    assert!(
        page.contains("href=\"/admin/petugas\""),
        "admin links in the nav"
    );

    let (status, slip, _) = hub
        .post(
            "/admin/pd",
            &rina,
            &format!(
                "csrf={csrf}&kode=dishub&nama={}",
                encode("Dinas Perhubungan")
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{slip}");
    assert!(slip.contains("Dinas Perhubungan"), "{slip}");
    assert!(slip.contains("DISHUB"), "{slip}");
    assert!(slip.contains("https://hub.cianjurkab.go.id"), "{slip}");
    assert!(slip.contains("Berlaku sampai"), "{slip}");
    assert!(slip.contains("hanya ditampilkan sekali"), "{slip}");
    let code = slip_code(&slip);

    // Never shown again: not on the list, not on the agency's page.
    let (_, list) = hub.page("/admin/pd", &rina).await;
    assert!(list.contains("DISHUB"));
    assert!(!list.contains(&code));
    let (_, agency) = hub.page("/pd/DISHUB", &rina).await;
    assert!(!agency.contains(&code));

    // The code works for enrolment, once.
    let token = enrol(&hub.app, &code).await;
    assert!(!token.is_empty());

    // Replacing revokes every PC: refused unless the officer ticked that it may.
    let (status, refused, _) = hub
        .post(
            "/admin/pd/DISHUB/kode",
            &rina,
            &format!("csrf={csrf}&cara=ganti"),
        )
        .await;
    assert_ne!(status, StatusCode::OK, "{refused}");
    assert!(refused.contains("cabut semua PC-nya"), "{refused}");

    // A new code for a replacement PC: the old one revoked, the new one enrols.
    let (status, slip, _) = hub
        .post(
            "/admin/pd/DISHUB/kode",
            &rina,
            &format!("csrf={csrf}&cara=ganti&yakin=ya"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{slip}");
    assert!(slip.contains("1 PC lama PD ini dicabut"), "{slip}");
    let replacement = slip_code(&slip);
    assert_ne!(replacement, code);
    enrol(&hub.app, &replacement).await;
    let (status, slip, _) = hub
        .post(
            "/admin/pd/DISHUB/kode",
            &rina,
            &format!("csrf={csrf}&cara=tambah"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{slip}");
    enrol(&hub.app, &slip_code(&slip)).await;

    let (status, log) = hub.page("/admin/audit", &rina).await;
    assert_eq!(status, StatusCode::OK);
    assert!(log.contains("Menambah PD"), "{log}");
    assert!(
        log.contains("Mencabut semua PC dan menerbitkan kode baru"),
        "{log}"
    );
    assert!(log.contains("Menerbitkan kode PC tambahan"), "{log}");
    assert!(
        !log.contains(&code) && !log.contains(&replacement),
        "no codes in the log"
    );
    // Newest first.
    let tambah = log
        .find("Menerbitkan kode PC tambahan")
        .expect("code entry");
    let added = log.find("Menambah PD").expect("add entry");
    assert!(tambah < added, "{log}");
}

#[tokio::test]
async fn bad_or_duplicate_agencies_are_refused_with_the_input_kept() {
    let hub = Hub::new();
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let csrf = hub.csrf(&rina).await;
    let cases = [
        ("", "Dinas Sosial", "Kode PD wajib diisi"),
        ("DINSOS", "", "Nama PD harus 3 sampai 120 karakter"),
        ("DIN SOS", "Dinas Sosial", "Kode PD hanya boleh"),
        (
            "dinkes",
            "Dinas Kesehatan Baru",
            "Kode PD DINKES sudah dipakai",
        ),
        ("DINKES2", "dinas kesehatan", "sudah dipakai PD DINKES"),
    ];
    for (kode, nama, said) in cases {
        let (status, body, _) = hub
            .post(
                "/admin/pd",
                &rina,
                &format!("csrf={csrf}&kode={}&nama={}", encode(kode), encode(nama)),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{kode} {nama}");
        assert!(body.contains(said), "{said}: {body}");
        assert!(
            body.contains(&format!("value=\"{nama}\"")),
            "input kept: {body}"
        );
        assert!(!body.contains("dd class=\"code\""), "no code issued");
    }
    let agencies = hub.db.with(|s| s.agencies().expect("agencies"));
    assert_eq!(agencies.len(), 1);
    // A form without fields at all is refused in words, not by the parser.
    let (status, body, _) = hub.post("/admin/pd", &rina, &format!("csrf={csrf}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Kode PD wajib diisi"), "{body}");
}

#[tokio::test]
async fn a_pemantau_is_refused_every_admin_page_and_post_and_sees_no_admin_links() {
    let hub = Hub::new();
    let budi = login(&hub.app, "budi", PASSWORD).await;
    let csrf = hub.csrf(&budi).await;
    let (_, overview) = hub.page("/dasbor", &budi).await;
    assert!(!overview.contains("/admin/"), "{overview}");
    for path in ["/admin/pd", "/admin/petugas", "/admin/audit"] {
        let (status, body) = hub.page(path, &budi).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(body.contains("Khusus admin"), "{body}");
        assert!(body.contains("pemantau"), "{body}");
    }
    let posts = [
        ("/admin/pd", format!("csrf={csrf}&kode=DISHUB&nama=Dinas+Perhubungan")),
        ("/admin/pd/DINKES/kode", format!("csrf={csrf}&cara=tambah")),
        (
            "/admin/petugas",
            format!("csrf={csrf}&username=andi&nama=Andi&sandi=kata-sandi-andi-1&peran=admin&wilayah=all"),
        ),
        ("/admin/petugas/budi/peran", format!("csrf={csrf}&peran=admin")),
        ("/admin/petugas/rina/sandi", format!("csrf={csrf}&sandi=kata-sandi-baru-99")),
        ("/admin/petugas/rina/nonaktifkan", format!("csrf={csrf}")),
        ("/pd/DINKES/pc/1/cabut", format!("csrf={csrf}")),
    ];
    for (path, form) in posts {
        let (status, body, _) = hub.post(path, &budi, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(body.contains("Khusus admin"), "{path}: {body}");
    }
    hub.db.with(|s| {
        assert_eq!(s.agencies().expect("agencies").len(), 1);
        assert_eq!(s.users().expect("users").len(), 2);
        let budi = s.find_user("budi").expect("find").expect("budi");
        assert_eq!(budi.role, Role::Pemantau);
        let rina = s.find_user("rina").expect("find").expect("rina");
        assert!(!rina.disabled);
        assert!(s.audit_log(10).expect("log").is_empty());
    });
}

#[tokio::test]
async fn an_admin_adds_disables_resets_and_changes_officers_but_keeps_the_last_admin() {
    let hub = Hub::new();
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let csrf = hub.csrf(&rina).await;

    let (status, page) = hub.page("/admin/petugas", &rina).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("budi") && page.contains("pemantau"), "{page}");

    // Add: refused input comes back with the reason and what was typed (not the password).
    let refusals = [
        (
            "a",
            "Andi",
            "kata-sandi-andi-1",
            "admin",
            "all",
            "Nama pengguna harus 3 sampai 40",
        ),
        (
            "andi",
            "",
            "kata-sandi-andi-1",
            "admin",
            "all",
            "Nama lengkap harus 1 sampai 80",
        ),
        (
            "andi",
            "Andi",
            "pendek",
            "admin",
            "all",
            "Kata sandi harus 10 sampai 128",
        ),
        (
            "andi",
            "Andi",
            "kata-sandi-andi-1",
            "raja",
            "all",
            "Peran harus admin atau pemantau",
        ),
        (
            "andi",
            "Andi",
            "kata-sandi-andi-1",
            "admin",
            "32.73",
            "Wilayah 32.73 belum terdaftar",
        ),
        (
            "BUDI",
            "Budi Lagi",
            "kata-sandi-andi-1",
            "admin",
            "all",
            "sudah dipakai",
        ),
    ];
    for (username, nama, sandi, peran, wilayah, said) in refusals {
        let form = format!(
            "csrf={csrf}&username={}&nama={}&sandi={}&peran={peran}&wilayah={}",
            encode(username),
            encode(nama),
            encode(sandi),
            encode(wilayah)
        );
        let (status, body, _) = hub.post("/admin/petugas", &rina, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{said}");
        assert!(body.contains(said), "{said}: {body}");
        assert!(body.contains(&format!("value=\"{}\"", username)), "{body}");
        assert!(
            !body.contains(sandi) || sandi.is_empty(),
            "password not echoed"
        );
    }
    assert_eq!(hub.db.with(|s| s.users().expect("users").len()), 2);

    let form = format!(
        "csrf={csrf}&username=andi&nama={}&sandi=kata-sandi-andi-1&peran=pemantau&wilayah=all",
        encode("Andi Petugas")
    );
    let (status, _, location) = hub.post("/admin/petugas", &rina, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, "/admin/petugas?selesai=tambah");
    let andi = login(&hub.app, "andi", "kata-sandi-andi-1").await;
    let (status, _) = hub.page("/admin/pd", &andi).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "added as a pemantau");

    // Reset: the old password and session end.
    let (status, _, _) = hub
        .post(
            "/admin/petugas/andi/sandi",
            &rina,
            &format!("csrf={csrf}&sandi=pendek"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _, location) = hub
        .post(
            "/admin/petugas/andi/sandi",
            &rina,
            &format!("csrf={csrf}&sandi=kata-sandi-andi-2"),
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (StatusCode::SEE_OTHER, "/admin/petugas?selesai=sandi")
    );
    let (status, _, _) = exchange(&hub.app, get("/dasbor", Some(&andi))).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "old session ended");
    login(&hub.app, "andi", "kata-sandi-andi-2").await;

    // Role: andi becomes admin; then rina may step down, and andi is the last admin.
    let (status, _, _) = hub
        .post(
            "/admin/petugas/andi/peran",
            &rina,
            &format!("csrf={csrf}&peran=admin"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, body, _) = hub
        .post(
            "/admin/petugas/andi/peran",
            &rina,
            &format!("csrf={csrf}&peran=raja"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Peran harus admin atau pemantau"), "{body}");

    // Disable: budi goes; then andi is disabled; rina is left as the last admin.
    let (status, _, _) = hub
        .post(
            "/admin/petugas/budi/nonaktifkan",
            &rina,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = hub
        .post(
            "/admin/petugas/andi/nonaktifkan",
            &rina,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for (path, form) in [
        ("/admin/petugas/rina/nonaktifkan", format!("csrf={csrf}")),
        (
            "/admin/petugas/rina/peran",
            format!("csrf={csrf}&peran=pemantau"),
        ),
    ] {
        let (status, body, _) = hub.post(path, &rina, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert!(body.contains("satu-satunya admin aktif"), "{body}");
    }
    hub.db.with(|s| {
        let rina = s.find_user("rina").expect("find").expect("rina");
        assert_eq!((rina.role, rina.disabled), (Role::Admin, false));
        assert!(s.find_user("budi").expect("find").expect("budi").disabled);
        // Unknown officers are said so.
        assert!(s.set_user_role("siapa", Role::Admin).is_err());
    });
    let (status, body, _) = hub
        .post(
            "/admin/petugas/siapa/nonaktifkan",
            &rina,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Pengguna siapa tidak ada"), "{body}");

    let (_, log) = hub.page("/admin/audit", &rina).await;
    for said in [
        "Menambah petugas",
        "Mengganti kata sandi petugas",
        "Mengubah peran petugas",
        "Menonaktifkan petugas",
    ] {
        assert!(log.contains(said), "{said}: {log}");
    }
    assert!(!log.contains("kata-sandi-andi"), "no passwords in the log");
    let entries = hub.db.with(|s| s.audit_log(100).expect("log"));
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert!(entries.iter().all(|e| e.officer == "rina"));
    assert_eq!(entries[0].action, "user.disable");
    assert_eq!(entries[0].target, "andi");
}

#[tokio::test]
async fn admin_posts_without_the_csrf_token_or_from_another_site_are_refused() {
    let hub = Hub::new();
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let csrf = hub.csrf(&rina).await;
    for (path, form) in [
        ("/admin/pd", "kode=DISHUB&nama=Dinas+Perhubungan".to_owned()),
        (
            "/admin/pd",
            "csrf=salah&kode=DISHUB&nama=Dinas+Perhubungan".to_owned(),
        ),
        ("/admin/pd/DINKES/kode", "cara=tambah".to_owned()),
        ("/admin/petugas/budi/nonaktifkan", String::new()),
        ("/admin/petugas/budi/peran", "peran=admin".to_owned()),
    ] {
        let (status, body, _) = hub.post(path, &rina, &form).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(body.contains("Permintaan ditolak"), "{body}");
    }
    let request = Request::post("/admin/petugas/budi/nonaktifkan")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, common::session_cookie(&rina))
        .header(header::HOST, "hub.cianjurkab.go.id")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(format!("csrf={csrf}")))
        .expect("request");
    let (status, _, _) = exchange(&hub.app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    hub.db.with(|s| {
        assert!(!s.find_user("budi").expect("find").expect("budi").disabled);
        assert_eq!(s.agencies().expect("agencies").len(), 1);
        assert!(s.audit_log(10).expect("log").is_empty());
    });
}

#[tokio::test]
async fn an_admin_scoped_to_a_region_is_refused_the_hub_wide_pages() {
    let hub = Hub::new();
    hub.db.with(|s| {
        s.add_user("wati", "Wati Wilayah", PASSWORD, NOW)
            .expect("user");
        let scope = medsos_hub::region::Scope::parse("32.03").expect("scope");
        s.set_user_scope("wati", &scope).expect("scope");
    });
    let wati = login(&hub.app, "wati", PASSWORD).await;
    let (status, body) = hub.page("/admin/petugas", &wati).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Di luar wilayah Anda"), "{body}");
    let (_, overview) = hub.page("/dasbor", &wati).await;
    assert!(
        !overview.contains("/admin/"),
        "no admin links for a scoped admin"
    );
}

#[tokio::test]
async fn revoking_a_pc_on_the_agency_page_is_audited() {
    let hub = Hub::new();
    let code = hub.db.with(|s| {
        s.issue_additional_code(&AgencyCode::parse("DINKES").expect("code"), NOW)
            .expect("code")
            .code
            .to_string()
    });
    enrol(&hub.app, &code).await;
    let device = hub.db.with(|s| {
        let id = s
            .agency_id(&AgencyCode::parse("DINKES").expect("code"))
            .expect("id");
        s.devices(id).expect("devices")[0].id
    });
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let csrf = hub.csrf(&rina).await;
    let (_, page) = hub.page("/pd/DINKES", &rina).await;
    assert!(page.contains("/cabut"), "admins see the revoke button");
    let budi = login(&hub.app, "budi", PASSWORD).await;
    let (_, page) = hub.page("/pd/DINKES", &budi).await;
    assert!(!page.contains("/cabut"), "a pemantau does not");
    let (status, _, _) = hub
        .post(
            &format!("/pd/DINKES/pc/{device}/cabut"),
            &rina,
            &format!("csrf={csrf}"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let entries = hub.db.with(|s| s.audit_log(10).expect("log"));
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (
            entries[0].action.as_str(),
            entries[0].target.as_str(),
            entries[0].officer.as_str()
        ),
        ("device.revoke", "DINKES", "rina")
    );
}

/// Runs `medsos-hub` on the test's store with `stdin` as its input, as the system account
/// `operator` (the name the audit log gives the command line).
fn cli(db: &TestDb, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_medsos-hub"))
        .args(args)
        .args(db.cli_args())
        .env("RUST_LOG", "warn")
        .env("USER", "operator")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("medsos-hub runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("finishes")
}

fn said(output: &std::process::Output) -> (bool, String) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn the_command_line_adds_officers_with_a_role_and_keeps_the_last_admin() {
    let db = TestDb::new();
    let add = |username: &str, role: Option<&str>| {
        let mut args = vec!["user", "add", "--username", username, "--name", "Petugas"];
        if let Some(role) = role {
            args.extend(["--role", role]);
        }
        said(&cli(&db, &args, "kata-sandi-rahasia-123\n"))
    };
    let (ok, text) = add("rina", None);
    assert!(ok, "{text}");
    assert_eq!(text, "Pengguna rina dapat masuk ke dasbor Medsos Hub.\n");
    let (ok, text) = add("budi", Some("pemantau"));
    assert!(ok, "{text}");
    assert_eq!(
        text,
        "Pengguna budi dapat masuk ke dasbor Medsos Hub.\nPeran: pemantau (hanya melihat dasbor).\n"
    );
    let (ok, text) = add("andi", Some("raja"));
    assert!(!ok);
    assert!(text.contains("Peran harus admin atau pemantau"), "{text}");
    // All or nothing: an unknown region leaves no officer behind.
    let (ok, text) = said(&cli(
        &db,
        &[
            "user",
            "add",
            "--username",
            "andi",
            "--name",
            "Andi",
            "--role",
            "pemantau",
            "--scope",
            "32.73",
        ],
        "kata-sandi-rahasia-123\n",
    ));
    assert!(!ok);
    assert!(text.contains("Wilayah 32.73 belum terdaftar"), "{text}");
    db.with(|s| {
        assert_eq!(
            s.find_user("rina").expect("q").expect("rina").role,
            Role::Admin
        );
        assert_eq!(
            s.find_user("budi").expect("q").expect("budi").role,
            Role::Pemantau
        );
        assert!(s.find_user("andi").expect("q").is_none(), "nothing added");
    });

    // rina is the only admin: neither demoted nor disabled.
    let (ok, text) = said(&cli(
        &db,
        &["user", "role", "--username", "rina", "--role", "pemantau"],
        "",
    ));
    assert!(!ok);
    assert!(
        text.contains("rina adalah satu-satunya admin aktif"),
        "{text}"
    );
    let (ok, text) = said(&cli(&db, &["user", "disable", "--username", "rina"], ""));
    assert!(!ok);
    assert!(text.contains("satu-satunya admin aktif"), "{text}");

    let (ok, text) = said(&cli(
        &db,
        &["user", "role", "--username", "budi", "--role", "admin"],
        "",
    ));
    assert!(ok, "{text}");
    assert_eq!(
        text,
        "Pengguna budi kini admin (dapat mengelola PD, PC dan petugas dari dasbor).\n"
    );
    let (ok, text) = said(&cli(
        &db,
        &["user", "role", "--username", "rina", "--role", "pemantau"],
        "",
    ));
    assert!(ok, "{text}");
    assert_eq!(
        text,
        "Pengguna rina kini pemantau (hanya melihat dasbor).\n"
    );
    let (ok, text) = said(&cli(
        &db,
        &["user", "role", "--username", "siapa", "--role", "admin"],
        "",
    ));
    assert!(!ok);
    assert!(text.contains("Pengguna siapa tidak ada"), "{text}");
    // `user list` keeps its columns.
    let (ok, text) = said(&cli(&db, &["user", "list"], ""));
    assert!(ok, "{text}");
    assert!(text.contains("budi\tPetugas\taktif\tall\n"), "{text}");
}

#[test]
fn changes_made_on_the_command_line_are_audited_like_the_dashboard_s() {
    let db = TestDb::new();
    let run = |args: &[&str], stdin: &str| {
        let (ok, text) = said(&cli(&db, args, stdin));
        assert!(ok, "{args:?}: {text}");
        text
    };
    let password = "kata-sandi-rahasia-123\n";
    run(
        &["user", "add", "--username", "rina", "--name", "Rina"],
        password,
    );
    run(
        &["user", "add", "--username", "budi", "--name", "Budi"],
        password,
    );
    run(
        &["user", "role", "--username", "budi", "--role", "pemantau"],
        "",
    );
    run(&["user", "password", "--username", "budi"], password);
    run(&["user", "disable", "--username", "budi"], "");
    let added = run(
        &[
            "agency",
            "add",
            "--name",
            "Dinas Kesehatan",
            "--code",
            "DINKES",
        ],
        "",
    );
    // Whatever is printed, the code itself never reaches the log.
    let code = added
        .lines()
        .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
        .expect("code printed")
        .to_owned();
    run(&["agency", "code", "--code", "DINKES"], "");
    run(&["agency", "rotate", "--code", "DINKES"], "");

    let entries = db.with(|s| s.audit_log(50).expect("log"));
    let seen: Vec<(&str, &str, &str, &str)> = entries
        .iter()
        .rev()
        .map(|e| {
            (
                e.officer.as_str(),
                e.action.as_str(),
                e.target.as_str(),
                e.detail.as_str(),
            )
        })
        .collect();
    let me = "baris perintah (operator)";
    assert_eq!(
        seen,
        vec![
            (me, "user.add", "rina", "peran admin, wilayah all"),
            (me, "user.add", "budi", "peran admin, wilayah all"),
            (me, "user.role", "budi", "pemantau"),
            (me, "user.password", "budi", ""),
            (me, "user.disable", "budi", ""),
            (me, "agency.add", "DINKES", "Dinas Kesehatan"),
            (me, "agency.code", "DINKES", ""),
            (me, "agency.rotate", "DINKES", "0 PC dicabut"),
        ]
    );
    assert!(
        entries.iter().all(|e| !e.detail.contains(&code)),
        "no enrolment code in the log"
    );
    // Reading changes nothing and records nothing.
    run(&["user", "list"], "");
    run(&["agency", "list"], "");
    assert_eq!(db.with(|s| s.audit_log(50).expect("log")).len(), 8);
}

#[tokio::test]
async fn the_audit_page_pages_back_through_older_entries() {
    let hub = Hub::new();
    let total = medsos_hub::store::audit::PAGE + 5;
    hub.db.with(|s| {
        for i in 0..total {
            s.record_audit(
                &medsos_hub::store::audit::NewEntry {
                    officer: "rina",
                    action: "agency.code",
                    target: &format!("PD{i:03}"),
                    detail: "",
                },
                NOW,
            )
            .expect("recorded");
        }
    });
    let rina = login(&hub.app, "rina", PASSWORD).await;
    let (status, first) = hub.page("/admin/audit", &rina).await;
    assert_eq!(status, StatusCode::OK);
    let last = format!("PD{:03}", total - 1);
    assert!(first.contains(&last), "newest first");
    assert!(!first.contains("PD000"), "the oldest is on the next page");
    let older = first
        .split("href=\"/admin/audit?sebelum=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older entries")
        .to_owned();
    let (status, second) = hub
        .page(&format!("/admin/audit?sebelum={older}"), &rina)
        .await;
    assert_eq!(status, StatusCode::OK);
    for i in 0..5 {
        assert!(
            second.contains(&format!("PD{i:03}")),
            "entry {i} on page two"
        );
    }
    assert!(!second.contains(&last));
    assert!(!second.contains("sebelum="), "no page after the last");
    let (status, body) = hub.page("/admin/audit?sebelum=abc", &rina).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("harus nomor entri"), "{body}");
}
