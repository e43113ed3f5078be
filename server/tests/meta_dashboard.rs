//! The dashboard's Meta side, in-process on a real store (SQLite, or PostgreSQL: see
//! `common::TestDb`): the hub is connected with the
//! real `medsos-hub meta connect` against the Graph API stand-in (`tests/graph-standin`), the
//! officer logs in through the real login form, and `/meta`, `/dasbor`, `/akun` and `/pd/..`
//! are read as a browser reads them.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use common::{blocking, encode, exchange, get, hidden_csrf, login, StoppedAt, TestDb};
use medsos_graph_standin::fixtures::{
    dinkes_page, disdik_page, other_page, OTHER_PAGE, SYSTEM_TOKEN,
};
use medsos_graph_standin::{StandIn, World};
use medsos_hub::store::meta::{Account, MetaPost};
use medsos_hub::store::HubStore;
use medsos_hub::{app, AppState};
use medsos_protocol::Platform;
use std::sync::Arc;
use time::macros::datetime;
use time::OffsetDateTime;

/// Sunday 6 December 2026, 10:00 WIB.
const NOW: OffsetDateTime = datetime!(2026-12-06 03:00 UTC);
const USER: &str = "petugas";
const PASSWORD: &str = "kata-sandi-rahasia-123";
const OFFICER: &str = "Petugas Meta";

fn world() -> World {
    let mut world = World::new(SYSTEM_TOKEN);
    world.add_page(dinkes_page());
    world.add_page(disdik_page());
    world.add_page(other_page("Halaman <b>Lain</b>"));
    world
}

struct Hub {
    app: Router,
    _standin: Option<StandIn>,
    db: TestDb,
}

impl Hub {
    /// Agencies DINKES (Instagram dinkes.cianjur, Facebook dinkescianjur) and DISDIK (Facebook
    /// disdikcianjur, Instagram disdik.cianjur which Meta does not reach), one officer, and —
    /// when `connected` — the hub connected to the stand-in.
    async fn new(connected: bool) -> Hub {
        let db = TestDb::at("hub.sqlite3");
        let target = db.target();
        blocking(|| {
            for (name, code) in [
                ("Dinas Kesehatan", "DINKES"),
                ("Dinas Pendidikan", "DISDIK"),
            ] {
                medsos_hub::cli::agency::add(target.clone(), name, code).expect("agency");
            }
            for (agency, platform, handle) in [
                ("DINKES", "instagram", "dinkes.cianjur"),
                ("DINKES", "facebook", "dinkescianjur"),
                ("DISDIK", "facebook", "disdikcianjur"),
                ("DISDIK", "instagram", "disdik.cianjur"),
            ] {
                medsos_hub::cli::accounts::add(target.clone(), agency, platform, handle, false)
                    .expect("account");
            }
        });
        db.with(|s| s.add_user(USER, OFFICER, PASSWORD, NOW))
            .expect("user");
        let standin = if connected {
            let standin = StandIn::start(world()).await;
            let options = medsos_hub::cli::meta::Options {
                graph_url: standin.base_url(),
                key_file: db.dir().join("secret/hub.key"),
            };
            let report = tokio::task::spawn_blocking(move || {
                medsos_hub::cli::meta::connect(target, SYSTEM_TOKEN, &options)
            })
            .await
            .expect("joined")
            .expect("connect");
            assert!(report.contains("3 Page dan 1 akun Instagram"), "{report}");
            Some(standin)
        } else {
            None
        };
        let state = AppState::new(db.store(), Arc::new(StoppedAt(NOW)));
        Hub {
            app: app(state),
            _standin: standin,
            db,
        }
    }

    fn account(&self, platform: Platform, meta_id: &str) -> Account {
        self.db
            .with(|s| s.meta().meta_accounts())
            .expect("accounts")
            .into_iter()
            .find(|a| a.platform == platform && a.meta_id == meta_id)
            .expect("account")
    }

    fn agency_id(&self, code: &str) -> i64 {
        self.db
            .with(|s| s.agencies())
            .expect("agencies")
            .into_iter()
            .find(|a| a.code == code)
            .expect("agency")
            .id
    }

    async fn page(&self, session: &str, path: &str) -> (StatusCode, String) {
        let (status, _, body) = exchange(&self.app, get(path, Some(session))).await;
        (status, body)
    }

    /// POSTs the assignment form of `/meta` as the officer.
    async fn assign(
        &self,
        session: &str,
        csrf: &str,
        platform: &str,
        meta_id: &str,
        agency: &str,
    ) -> (StatusCode, Option<String>, String) {
        let form = format!(
            "csrf={}&platform={}&meta_id={}&agency={}",
            encode(csrf),
            encode(platform),
            encode(meta_id),
            encode(agency)
        );
        let request = Request::post("/meta/tetapkan")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, common::session_cookie(session))
            .body(Body::from(form))
            .expect("request");
        let (status, headers, body) = exchange(&self.app, request).await;
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, location, body)
    }
}

fn badges(body: &str) -> usize {
    body.matches(">terhubung ke Meta<").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn meta_page_lists_matched_and_unmatched_accounts_and_assigns_the_unmatched() {
    let hub = Hub::new(true).await;
    let session = login(&hub.app, USER, PASSWORD).await;

    hub.db
        .with(|s| {
            s.meta().set_meta_followers(
                Platform::Instagram,
                "17841400000000001",
                12800,
                time::macros::date!(2026 - 12 - 06),
            )
        })
        .expect("followers");
    let (status, body) = hub.page(&session, "/meta").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(r#"href="/meta" aria-current="page""#),
        "{body}"
    );
    assert!(body.contains("Sambungan Meta baik"), "{body}");
    assert!(body.contains("1 akun belum dicocokkan"), "{body}");
    // Unmatched first, its name escaped; the matched ones with their agency and how.
    let other = body.find(OTHER_PAGE).expect("unmatched listed");
    let dinkes = body.find("@dinkes.cianjur").expect("matched listed");
    assert!(other < dinkes, "unmatched first");
    assert!(body.contains("Halaman &lt;b&gt;Lain&lt;/b&gt;"), "{body}");
    assert!(!body.contains("<b>Lain</b>"), "{body}");
    assert!(body.contains("Dinas Pendidikan"), "{body}");
    assert!(body.contains("otomatis"), "{body}");
    assert!(body.contains("12.800"), "followers: {body}");
    assert!(body.contains("diterbitkan 30 hari terakhir"), "{body}");
    assert!(!body.contains("EAAB-"), "no token on the page");
    let csrf = hidden_csrf(&body);

    // Refused, nothing changed: an unknown agency, platform or account, a missing token.
    for (platform, meta_id, agency, says) in [
        ("facebook", OTHER_PAGE, "NOPE", "PD dengan kode"),
        ("tiktok", OTHER_PAGE, "DISDIK", "Platform tidak dikenal"),
        ("facebook", "999", "DISDIK", "tidak terjangkau"),
        ("instagram", OTHER_PAGE, "DISDIK", "tidak terjangkau"),
    ] {
        let (status, _, body) = hub.assign(&session, &csrf, platform, meta_id, agency).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{agency}: {body}");
        assert!(body.contains("Penetapan tidak disimpan"), "{body}");
        assert!(body.contains(says), "{says}: {body}");
        assert!(body.contains(OTHER_PAGE), "the page again: {body}");
    }
    let (status, _, _) = hub
        .assign(&session, "bukan-token", "facebook", OTHER_PAGE, "DISDIK")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let untouched = hub.account(Platform::Facebook, OTHER_PAGE);
    assert_eq!(untouched.agency, None);
    assert_eq!(untouched.matched_by, None);

    // Assigned to DISDIK by the officer.
    let (status, location, body) = hub
        .assign(&session, &csrf, "facebook", OTHER_PAGE, "disdik")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some("/meta?tersimpan=1#akun"));
    let assigned = hub.account(Platform::Facebook, OTHER_PAGE);
    assert_eq!(assigned.agency.map(|a| a.code).as_deref(), Some("DISDIK"));
    assert_eq!(assigned.matched_by.as_deref(), Some(OFFICER));
    let (_, body) = hub.page(&session, "/meta?tersimpan=1").await;
    assert!(
        body.contains("Penetapan PD untuk akun Meta tersimpan."),
        "{body}"
    );
    assert!(
        body.contains("Semua akun yang terjangkau sudah dicocokkan"),
        "{body}"
    );
    assert!(body.contains(OFFICER), "{body}");

    // And unassigned again with an empty agency.
    let (status, _, _) = hub
        .assign(&session, &csrf, "facebook", OTHER_PAGE, "")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(hub.account(Platform::Facebook, OTHER_PAGE).agency, None);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hub_not_connected_says_how_to_connect() {
    let hub = Hub::new(false).await;
    let session = login(&hub.app, USER, PASSWORD).await;
    let (status, body) = hub.page(&session, "/meta").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("belum tersambung ke Meta"), "{body}");
    assert!(
        body.contains("medsos-hub meta connect --db PATH --token TOKEN"),
        "{body}"
    );
    let (_, body) = hub.page(&session, "/dasbor").await;
    assert!(!body.contains("Sambungan Meta terputus"), "{body}");
    assert!(!body.contains("Menurut Meta"), "{body}");
    let (_, body) = hub.page(&session, "/akun").await;
    assert_eq!(badges(&body), 0, "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_connection_is_a_banner_on_the_overview_and_meta_page() {
    let hub = Hub::new(true).await;
    let session = login(&hub.app, USER, PASSWORD).await;
    let (_, body) = hub.page(&session, "/dasbor").await;
    assert!(!body.contains("Sambungan Meta terputus"), "{body}");

    hub.db
        .with(|s| {
            s.meta()
                .mark_meta_broken("Token Meta sudah tidak berlaku (kode 190).", NOW)
        })
        .expect("broken");
    let (status, body) = hub.page(&session, "/dasbor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Sambungan Meta terputus"), "{body}");
    assert!(
        body.contains("Token Meta sudah tidak berlaku (kode 190)."),
        "{body}"
    );
    assert!(body.contains(r#"<a href="/meta">"#), "{body}");

    let (_, body) = hub.page(&session, "/meta").await;
    assert!(
        body.contains("Sambungan Meta TERPUTUS sejak 2026-12-06 10:00 WIB"),
        "{body}"
    );
    assert!(
        body.contains("Publikasi menunggu dan tidak hilang; sambungkan ulang dengan"),
        "{body}"
    );
    assert!(
        body.contains("<code>medsos-hub meta connect</code>"),
        "{body}"
    );
    assert!(!body.contains("Sambungan Meta baik"), "{body}");
}

#[tokio::test(flavor = "multi_thread")]
async fn official_accounts_reached_by_meta_are_marked_connected() {
    let hub = Hub::new(true).await;
    let session = login(&hub.app, USER, PASSWORD).await;

    // DINKES Instagram + Facebook and DISDIK Facebook are reached; DISDIK's Instagram is not.
    let (status, body) = hub.page(&session, "/akun").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(badges(&body), 3, "{body}");
    let (_, body) = hub.page(&session, "/pd/DINKES").await;
    assert_eq!(badges(&body), 2, "{body}");
    let (_, body) = hub.page(&session, "/pd/DISDIK").await;
    assert_eq!(badges(&body), 1, "{body}");
    // The public registry, for anyone, marks the same three.
    let (status, _, public) = exchange(&hub.app, get("/registri", None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(badges(&public), 3, "{public}");

    // A Page assigned to another agency does not count for the account's agency.
    let (_, meta) = hub.page(&session, "/meta").await;
    let csrf = hidden_csrf(&meta);
    let (status, _, _) = hub
        .assign(&session, &csrf, "facebook", "104000000000002", "DINKES")
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, body) = hub.page(&session, "/akun").await;
    assert_eq!(badges(&body), 2, "{body}");
    let (_, body) = hub.page(&session, "/pd/DISDIK").await;
    assert_eq!(badges(&body), 0, "{body}");
    // The registry follows at once: the reassignment moved its generation.
    let (_, _, public) = exchange(&hub.app, get("/registri", None)).await;
    assert_eq!(badges(&public), 2, "{public}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_overview_shows_what_meta_reports_beside_the_agencies_figures() {
    let hub = Hub::new(true).await;
    let session = login(&hub.app, USER, PASSWORD).await;
    let (_, body) = hub.page(&session, "/dasbor").await;
    assert!(
        !body.contains("Menurut Meta"),
        "no column before Meta reports: {body}"
    );

    let dinkes = hub.agency_id("DINKES");
    for (platform, id, account, at, reach, likes) in [
        (
            Platform::Instagram,
            "ig-1",
            "17841400000000001",
            datetime!(2026-12-02 03:00 UTC),
            4000,
            250,
        ),
        (
            Platform::Facebook,
            "fb-1",
            "104000000000001",
            datetime!(2026-12-05 16:59 UTC),
            951,
            50,
        ),
        // 1 December 00:00 WIB is in the month; 30 November 23:59 WIB is not.
        (
            Platform::Facebook,
            "fb-early",
            "104000000000001",
            datetime!(2026-11-30 17:00 UTC),
            7,
            0,
        ),
        (
            Platform::Facebook,
            "fb-before",
            "104000000000001",
            datetime!(2026-11-30 16:59 UTC),
            100_000,
            0,
        ),
    ] {
        hub.db
            .with(|store| {
                store.meta().upsert_meta_post(
                    &MetaPost {
                        platform,
                        meta_id: id.to_owned(),
                        agency_id: dinkes,
                        account_meta_id: account.to_owned(),
                        permalink: None,
                        published_at: at,
                        views: Some(reach * 2),
                        reach: Some(reach),
                        likes: Some(likes),
                        comments: Some(5),
                        shares: Some(3),
                        saved: Some(2),
                    },
                    NOW,
                )
            })
            .expect("post");
    }

    let (status, body) = hub.page(&session, "/dasbor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Menurut Meta"), "{body}");
    assert!(body.contains("Jangkauan"), "{body}");
    assert!(body.contains("Interaksi"), "{body}");
    // 3 posts in December (IG + FB), reach 4.000 + 951 + 7, interactions 250+50+0 + 3 × 10.
    assert!(body.contains(">3</span> · <span"), "{body}");
    assert!(body.contains(">4.958<"), "{body}");
    assert!(body.contains(">330<"), "{body}");
    assert!(!body.contains("104.958"), "{body}");
    // DISDIK has nothing from Meta: a dash.
    let disdik_row = &body[body.find("/pd/DISDIK").expect("disdik row")..];
    let disdik_row = &disdik_row[..disdik_row.find("</tr>").expect("row end")];
    assert!(
        disdik_row.contains(r#"<td class="num meta">–</td>"#),
        "{disdik_row}"
    );

    // November alone holds the one post before December.
    let (_, body) = hub
        .page(
            &session,
            "/dasbor?periode=kustom&dari=2026-11-01&sampai=2026-11-30",
        )
        .await;
    assert!(body.contains(">100.000<"), "{body}");

    // The exports still answer.
    for path in ["/dasbor/ekspor.csv", "/dasbor/ekspor.xlsx"] {
        let (status, _) = hub.page(&session, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }

    // The optional Interaksi indicator: weight 0 until Diskominfo sets it, then it counts.
    let overview = |store: &dyn HubStore| {
        let settings = medsos_hub::dashboard::settings::load(store).expect("settings");
        medsos_hub::dashboard::overview(
            store,
            medsos_hub::dashboard::Period::month_of(datetime!(2026-12-06 03:00 UTC).date()),
            settings,
            NOW,
        )
        .expect("overview")
    };
    let before = hub.db.with(overview);
    let row = |o: &medsos_hub::dashboard::Overview, code: &str| {
        o.rows
            .iter()
            .find(|r| r.code == code)
            .cloned()
            .expect("row")
    };
    let dinkes_before = row(&before, "DINKES");
    assert_eq!(
        dinkes_before.indicators[6],
        Some(1.0),
        "the best rate is 100 %"
    );
    assert_eq!(
        row(&before, "DISDIK").indicators[6],
        None,
        "no reach: does not apply"
    );
    let mut settings = hub
        .db
        .with(medsos_hub::dashboard::settings::load)
        .expect("settings");
    assert_eq!(settings.weights.interaction, 0);
    settings.weights.interaction = 50;
    hub.db
        .with(|store| medsos_hub::dashboard::settings::save(store, &settings))
        .expect("saved");
    let after = row(&hub.db.with(overview), "DINKES");
    assert!(
        after.score > dinkes_before.score,
        "{} > {}",
        after.score,
        dinkes_before.score
    );
}
