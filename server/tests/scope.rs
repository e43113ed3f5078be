//! Officers scoped to a regency, a province or everything, on the real dashboard (in-process
//! router) over SQLite and over a throwaway PostgreSQL cluster: every page shows only the
//! agencies the scope covers, a provincial officer gets the regions ranked and each region's
//! agencies inside it, and what lies outside the scope is neither shown nor changed.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{enrol, exchange, get, hidden_csrf, login, post_json, StoppedAt};
use medsos_hub::agency::{AgencyCode, AgencyName};
use medsos_hub::brief::NewBrief;
use medsos_hub::region::{RegionCode, RegionName, Scope};
use medsos_hub::store::{HubStore, PgStore, SqliteStore, Store};
use medsos_hub::{app, AppState};
use medsos_pg_cluster::Cluster;
use medsos_protocol::{DailySummary, SummaryBatch, SCHEMA_VERSION};
use serde_json::json;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Thursday 26 November 2026, 21:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-11-26 14:00 UTC);
const PASSWORD: &str = "kata-sandi-rahasia-123";

/// A call on the store, run off the runtime's threads.
type Work = Box<dyn FnOnce(&dyn HubStore) + Send>;

fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).expect("region code")
}

/// Jawa Barat with Cianjur and Kota Bandung, Jawa Tengah with Kota Surakarta; five agencies
/// (one per region enrolled, one revoked nowhere); officers for Cianjur, Jawa Barat and all.
async fn scenario(setup: Arc<dyn HubStore>, app: Router) {
    // The store's calls block (PostgreSQL's client too): off the runtime's threads, as the
    // hub's handlers run them.
    let on = |work: Work| {
        let setup = Arc::clone(&setup);
        async move {
            tokio::task::spawn_blocking(move || work(&*setup))
                .await
                .expect("store call");
        }
    };
    let agencies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let added = Arc::clone(&agencies);
    on(Box::new(move |setup| {
        let added = &mut *added.lock().expect("lock");
        setup_hub(setup, added);
    }))
    .await;
    let [cjr, bdg, ska]: [medsos_hub::store::agencies::NewAgency; 3] = agencies
        .lock()
        .expect("lock")
        .drain(..)
        .collect::<Vec<_>>()
        .try_into()
        .expect("three agencies");
    scenario_pages(on, cjr, bdg, ska, app).await;
}

fn setup_hub(setup: &dyn HubStore, added: &mut Vec<medsos_hub::store::agencies::NewAgency>) {
    let name = |n: &str| RegionName::parse(n).expect("region name");
    setup
        .add_region(&region("32.73"), &name("Kota Bandung"), NOW)
        .expect("bandung");
    setup
        .add_region(&region("33"), &name("Provinsi Jawa Tengah"), NOW)
        .expect("jateng");
    setup
        .add_region(&region("33.72"), &name("Kota Surakarta"), NOW)
        .expect("surakarta");
    let add = |code: &str, agency: &str, at: &str| {
        setup
            .add_agency_in(
                &AgencyCode::parse(code).expect("code"),
                &AgencyName::parse(agency).expect("name"),
                Some(&region(at)),
                NOW,
            )
            .expect("agency")
    };
    let cjr = add("DINKES-CJR", "Dinas Kesehatan Cianjur", "32.03");
    add("DISHUB-CJR", "Dinas Perhubungan Cianjur", "32.03");
    let bdg = add("KOMINFO-BDG", "Diskominfo Kota Bandung", "32.73");
    let ska = add("KOMINFO-SKA", "Diskominfo Kota Surakarta", "33.72");
    added.extend([cjr, bdg, ska]);
    for (user, scope) in [("cianjur", "32.03"), ("jabar", "32"), ("pusat", "all")] {
        setup
            .add_user(user, &format!("Petugas {user}"), PASSWORD, NOW)
            .expect("user");
        setup
            .set_user_scope(user, &Scope::parse(scope).expect("scope"))
            .expect("scope set");
    }
    // A scope naming a region the hub does not have is refused.
    let refused = setup
        .set_user_scope("cianjur", &Scope::Within(region("99.01")))
        .expect_err("unknown region");
    assert!(refused.to_string().contains("99.01"), "{refused}");
}

async fn scenario_pages<F, Fut>(
    on: F,
    cjr: medsos_hub::store::agencies::NewAgency,
    bdg: medsos_hub::store::agencies::NewAgency,
    ska: medsos_hub::store::agencies::NewAgency,
    app: Router,
) where
    F: Fn(Work) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    // Each enrolled agency reports a day with posts and complaints, and claims an account.
    for (new, posts, handle) in [
        (&cjr, 7, "dinkescianjur"),
        (&bdg, 3, "kominfobandung"),
        (&ska, 5, "kominfosolo"),
    ] {
        let token = enrol(&app, &new.enrolment.code.to_string()).await;
        let mut day = DailySummary::example("2026-11-20", 1);
        day.posts.instagram.published = posts;
        let batch = SummaryBatch {
            schema_version: SCHEMA_VERSION,
            days: vec![day],
        };
        let request = Request::post("/api/v1/summaries")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(serde_json::to_string(&batch).expect("json")))
            .expect("request");
        let (status, _, body) = exchange(&app, request).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let claim = json!({"accounts": [{
            "platform": "instagram", "handle": handle,
            "url": format!("https://www.instagram.com/{handle}/"),
            "display_name": handle, "verified": false
        }]});
        let (status, _, body) =
            exchange(&app, post_json("/api/v1/accounts", Some(&token), &claim)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // A brief for every agency, and one for Bandung alone.
    let brief = |title: &str| {
        NewBrief::parse(
            title,
            "Unggah konten bersama.",
            "#Jabar",
            "2026-11-20",
            "2026-11-30",
        )
        .expect("brief")
    };
    let created = Arc::new(std::sync::Mutex::new(0_i64));
    let (bdg_id, id_out) = (bdg.id, Arc::clone(&created));
    on(Box::new(move |setup| {
        setup
            .create_brief(&brief("Arahan untuk semua"), &[], &[], NOW)
            .expect("brief for all");
        *id_out.lock().expect("lock") = setup
            .create_brief(&brief("Arahan khusus Bandung"), &[bdg_id], &[], NOW)
            .expect("brief for bandung");
    }))
    .await;
    let bandung_only = *created.lock().expect("lock");

    let cianjur = login(&app, "cianjur", PASSWORD).await;
    let jabar = login(&app, "jabar", PASSWORD).await;
    let pusat = login(&app, "pusat", PASSWORD).await;
    let page = |session: &str, path: &str| {
        let app = app.clone();
        let request = get(path, Some(session));
        async move {
            let (status, _, body) = exchange(&app, request).await;
            (status, body)
        }
    };

    // A regency's officer: its agencies ranked, nothing of other regions.
    let (status, body) = page(&cianjur, "/dasbor").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("DINKES-CJR") && body.contains("DISHUB-CJR"),
        "{body}"
    );
    assert!(
        !body.contains("KOMINFO-BDG") && !body.contains("KOMINFO-SKA"),
        "{body}"
    );
    assert!(!body.contains("Peringkat kabupaten/kota"), "{body}");
    assert!(body.contains("Kabupaten Cianjur"), "{body}");
    let (status, body) = page(&cianjur, "/pd/KOMINFO-BDG").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = page(&cianjur, "/pd/DINKES-CJR").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("peringkat 1 dari 2 PD"), "{body}");
    let (status, body) = page(&cianjur, "/dasbor?wilayah=32.73").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = page(&cianjur, "/dasbor/ekspor.csv?periode=bulan").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("DINKES-CJR") && !body.contains("KOMINFO-BDG"),
        "{body}"
    );

    // A province's officer: its regions ranked (Cianjur's 7 posts outscore Bandung's 3 only
    // if the rules say so; here both are listed with their agencies counted), and inside one
    // region its agencies; another province's region is not there.
    let (status, body) = page(&jabar, "/dasbor").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Peringkat kabupaten/kota"), "{body}");
    assert!(
        body.contains("Kabupaten Cianjur") && body.contains("Kota Bandung"),
        "{body}"
    );
    assert!(
        !body.contains("Kota Surakarta") && !body.contains("KOMINFO-SKA"),
        "{body}"
    );
    assert!(body.contains("wilayah=32.73"), "{body}");
    let (status, body) = page(&jabar, "/dasbor?periode=bulan&wilayah=32.73").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("KOMINFO-BDG") && !body.contains("DINKES-CJR"),
        "{body}"
    );
    assert!(!body.contains("Peringkat kabupaten/kota"), "{body}");
    let (status, _) = page(&jabar, "/dasbor?wilayah=33.72").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = page(&jabar, "/dasbor/ekspor.csv?periode=bulan&wilayah=32.03").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains("DINKES-CJR") && !body.contains("KOMINFO-BDG"),
        "{body}"
    );
    let (status, body) = page(&jabar, "/pd/KOMINFO-BDG").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = page(&jabar, "/pd/KOMINFO-SKA").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Everything for the officer who sees all: regions of both provinces.
    let (_, body) = page(&pusat, "/dasbor").await;
    assert!(
        body.contains("Kota Surakarta") && body.contains("Kota Bandung"),
        "{body}"
    );

    // Briefs: the one for all shows for Cianjur counted over Cianjur's two agencies; the one
    // for Bandung does not show, nor open.
    let (status, body) = page(&cianjur, "/arahan").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("Arahan untuk semua"), "{body}");
    assert!(!body.contains("Arahan khusus Bandung"), "{body}");
    assert!(body.contains("dari 2 PD"), "{body}");
    let (status, _) = page(&cianjur, &format!("/arahan/{bandung_only}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = page(&jabar, &format!("/arahan/{bandung_only}")).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Registry review: Cianjur reviews its own claim only, and cannot approve Bandung's.
    let (status, body) = page(&cianjur, "/akun").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("dinkescianjur"), "{body}");
    assert!(
        !body.contains("kominfobandung") && !body.contains("kominfosolo"),
        "{body}"
    );
    let csrf = hidden_csrf(&body);
    let form = format!(
        "csrf={}&platform=instagram&handle=kominfobandung&pd={}",
        common::encode(&csrf),
        bdg.id
    );
    let request = Request::post("/akun/setujui")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, common::session_cookie(&cianjur))
        .body(Body::from(form))
        .expect("request");
    let (status, _, body) = exchange(&app, request).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("di luar wilayah Anda"), "{body}");
    on(Box::new(|setup| {
        assert!(setup.listed_accounts().expect("listed").is_empty());
    }))
    .await;
    let (_, body) = page(&jabar, "/akun").await;
    assert!(
        body.contains("kominfobandung") && !body.contains("kominfosolo"),
        "{body}"
    );

    // Kabupaten/Kota and the monthly report answer for the scope.
    let (status, _) = page(&cianjur, "/kabupaten").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = page(&cianjur, "/laporan").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        !body.contains("KOMINFO-BDG") && !body.contains("Diskominfo Kota Bandung"),
        "{body}"
    );

    // The hub's own settings are for officers who see all.
    let (_, body) = page(&cianjur, "/pengaturan").await;
    let csrf = hidden_csrf(&body);
    let request = Request::post("/pengaturan")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, common::session_cookie(&cianjur))
        .body(Body::from(format!("csrf={}", common::encode(&csrf))))
        .expect("request");
    let (status, _, body) = exchange(&app, request).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("Di luar wilayah Anda"), "{body}");
}

#[tokio::test]
async fn officers_see_only_their_scope_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("hub.sqlite3");
    let store = Store::open(&path).expect("store opens");
    let app = app(AppState::new(store, Arc::new(StoppedAt(NOW))));
    let setup = SqliteStore::open(&path).expect("second handle");
    scenario(Arc::new(setup), app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officers_see_only_their_scope_on_postgresql() {
    let (cluster, store, setup) = tokio::task::spawn_blocking(|| {
        let cluster = Cluster::start("hub").unwrap_or_else(|e| panic!("PostgreSQL: {e}"));
        let url = cluster.url("hub");
        let store = Store::connect(&url).expect("connects");
        let setup = PgStore::connect(&url).expect("second pool");
        (cluster, store, setup)
    })
    .await
    .expect("cluster");
    let app = app(AppState::new(store, Arc::new(StoppedAt(NOW))));
    scenario(Arc::new(setup), app).await;
    tokio::task::spawn_blocking(move || drop(cluster))
        .await
        .expect("cluster stops");
}
