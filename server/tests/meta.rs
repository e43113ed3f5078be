//! Terhubung ke Meta, end to end on loopback: the real hub (its store on a real SQLite file,
//! served over HTTP) against the Graph API stand-in (`tests/graph-standin`), which fetches the
//! photos from the hub's public URL as Meta does.

use medsos_graph_standin::fixtures::{cianjur_world as world, jpeg, SYSTEM_TOKEN};
use medsos_graph_standin::{Failure, StandIn};
use medsos_hub::clock::Clock;
use medsos_hub::meta::graph::Graph;
use medsos_hub::meta::secret::SecretKey;
use medsos_hub::meta::{comments, insights, publish, MetaSettings};
use medsos_hub::store::{SqliteStore, Store};
use medsos_hub::AppState;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::macros::datetime;
use time::OffsetDateTime;

const START: OffsetDateTime = datetime!(2026-12-06 01:00 UTC);

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

struct Setup {
    _dir: tempfile::TempDir,
    db: PathBuf,
    key_file: PathBuf,
    standin: StandIn,
    state: AppState,
    clock: Arc<Movable>,
    base: String,
    dinkes: String,
    disdik: String,
    http: reqwest::Client,
}

impl Setup {
    fn move_to(&self, at: OffsetDateTime) {
        *self.clock.0.lock().expect("clock") = at;
    }

    async fn put_media(&self, token: &str, bytes: &[u8]) -> (u16, Value) {
        let response = self
            .http
            .put(format!("{}/api/v1/media/{}", self.base, sha(bytes)))
            .bearer_auth(token)
            .header("content-type", "image/jpeg")
            .body(bytes.to_vec())
            .send()
            .await
            .expect("put media");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, token: &str, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, token: &str, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .await
            .expect("get");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response.json().await.expect("json")
    }

    async fn publication(&self, token: &str, id: &str) -> Value {
        let list = self.get(token, "/api/v1/publications").await;
        list["publications"]
            .as_array()
            .expect("list")
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    }
}

fn agency_with_accounts(db: &Path) -> (String, String) {
    let add = |name: &str, code: &str| {
        let out = medsos_hub::cli::agency::add(db, name, code).expect("agency");
        out.lines()
            .find_map(|l| l.strip_prefix("Kode pendaftaran (sekali pakai): "))
            .expect("code line")
            .to_owned()
    };
    let dinkes = add("Dinas Kesehatan", "DINKES");
    let disdik = add("Dinas Pendidikan", "DISDIK");
    for (agency, platform, handle) in [
        ("DINKES", "instagram", "dinkes.cianjur"),
        ("DINKES", "facebook", "dinkescianjur"),
        ("DISDIK", "facebook", "disdikcianjur"),
    ] {
        medsos_hub::cli::accounts::add(db, agency, platform, handle, false).expect("account");
    }
    (dinkes, disdik)
}

async fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("hub.sqlite3");
    let key_file = dir.path().join("secret/hub.key");
    let (dinkes_code, disdik_code) = agency_with_accounts(&db);
    let standin = StandIn::start(world()).await;

    let options = medsos_hub::cli::meta::Options {
        graph_url: standin.base_url(),
        key_file: key_file.clone(),
    };
    let report = connect(&db, SYSTEM_TOKEN, &options).await.expect("connect");
    assert!(report.contains("3 Page dan 1 akun Instagram"), "{report}");
    assert!(report.contains("DINKES"), "{report}");
    assert!(
        report.contains("Halaman Lain"),
        "unmatched listed: {report}"
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let clock = Arc::new(Movable(Mutex::new(START)));
    let state = AppState::new(
        Store::new(SqliteStore::open(&db).expect("store")),
        clock.clone(),
    )
    .with_meta(MetaSettings {
        graph: Graph::new(&standin.base_url()),
        public_url: Some(base.clone()),
        key: Some(SecretKey::load(&key_file).expect("key")),
        publish_interval: Duration::from_secs(3600),
        status_poll: Duration::from_millis(20),
    });
    let app = medsos_hub::app(state.clone());
    tokio::spawn(medsos_hub::connections::serve(
        listener,
        app,
        medsos_hub::connections::Limits::default(),
        std::future::pending(),
    ));
    let http = reqwest::Client::new();
    let mut enrolled = Vec::new();
    for code in [dinkes_code, disdik_code] {
        let response: Value = http
            .post(format!("{base}/api/v1/enrolments"))
            .json(&json!({"code": code, "device_name": "PC Admin"}))
            .send()
            .await
            .expect("enrol")
            .json()
            .await
            .expect("json");
        enrolled.push(response["token"].as_str().expect("token").to_owned());
    }
    let disdik = enrolled.pop().expect("disdik");
    let dinkes = enrolled.pop().expect("dinkes");
    Setup {
        _dir: dir,
        db,
        key_file,
        standin,
        state,
        clock,
        base,
        dinkes,
        disdik,
        http,
    }
}

/// `medsos-hub meta connect`, as the operator runs it (a blocking command of its own).
async fn connect(
    db: &Path,
    token: &str,
    options: &medsos_hub::cli::meta::Options,
) -> Result<String, medsos_hub::Error> {
    let (db, token, options) = (db.to_path_buf(), token.to_owned(), options.clone());
    tokio::task::spawn_blocking(move || medsos_hub::cli::meta::connect(&db, &token, &options))
        .await
        .expect("joined")
}

fn slot(id: &str, platform: &str, at: OffsetDateTime, caption: &str, media: &[&[u8]]) -> Value {
    json!({
        "id": id,
        "platform": platform,
        "scheduled_at": medsos_hub::clock::to_wire(at),
        "caption": caption,
        "alt_text": "Kader posyandu menimbang balita",
        "media": media.iter().map(|m| sha(m)).collect::<Vec<_>>(),
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn connect_matches_accounts_and_keeps_tokens_sealed() {
    let s = setup().await;
    let status = medsos_hub::cli::meta::status(&s.db).expect("status");
    assert!(status.contains("Sambungan Meta: baik"), "{status}");
    assert!(status.contains("DINKES"), "{status}");
    assert!(status.contains("@dinkes.cianjur"), "{status}");
    assert!(status.contains("DISDIK"), "{status}");
    assert!(
        status.contains("Belum dicocokkan dengan PD (1)"),
        "{status}"
    );

    // No token in the clear anywhere in the database file or its WAL.
    for file in [s.db.clone(), s.db.with_extension("sqlite3-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for token in [SYSTEM_TOKEN, "EAAB-page-dinkes", "EAAB-page-disdik"] {
            assert!(!text.contains(token), "{token} in {}", file.display());
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&s.key_file)
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The PC learns which platforms are connected, and never sees a token.
    let list = s.get(&s.dinkes, "/api/v1/publications").await;
    assert_eq!(
        list["connected"],
        json!({"instagram": true, "facebook": true})
    );
    assert!(!list.to_string().contains("EAAB"));
    let list = s.get(&s.disdik, "/api/v1/publications").await;
    assert_eq!(
        list["connected"],
        json!({"instagram": false, "facebook": true})
    );

    // A wrong token is refused with Meta's reason, and nothing already stored changes.
    let options = medsos_hub::cli::meta::Options {
        graph_url: s.standin.base_url(),
        key_file: s.key_file.clone(),
    };
    let refused = connect(&s.db, "EAAB-wrong", &options)
        .await
        .expect_err("refused");
    assert!(
        refused.to_string().contains("Token Meta tidak berlaku"),
        "{refused}"
    );
    let again = medsos_hub::cli::meta::status(&s.db).expect("status");
    assert!(again.contains("Sambungan Meta: baik"), "{again}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_carousel_and_a_photo_are_published_at_their_time_once() {
    let s = setup().await;
    let first = jpeg(1080, 1350, 10);
    let second = jpeg(1080, 1080, 200);
    let (status, body) = s.put_media(&s.dinkes, &first).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["width"], 1080);
    let (status, body) = s.put_media(&s.dinkes, &first).await;
    assert_eq!(status, 200, "idempotent: {body}");
    assert_eq!(body["created"], false);
    assert_eq!(s.put_media(&s.dinkes, &second).await.0, 201);

    let at = START + time::Duration::hours(2);
    let carousel = slot(
        "slot-ig-1",
        "instagram",
        at,
        "Posyandu serentak #CianjurSehat",
        &[&first, &second],
    );
    let (status, body) = s.post(&s.dinkes, "/api/v1/publications", &carousel).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["state"], "menunggu");
    let (status, _) = s.post(&s.dinkes, "/api/v1/publications", &carousel).await;
    assert_eq!(status, 200, "idempotent on the id");
    let photo = slot(
        "slot-fb-1",
        "facebook",
        at,
        "Posyandu serentak hari ini",
        &[&first],
    );
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &photo).await.0,
        201
    );
    let album = slot(
        "slot-fb-2",
        "facebook",
        at,
        "Dokumentasi posyandu",
        &[&first, &second],
    );
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &album).await.0,
        201
    );

    // Not yet due: nothing is sent to Meta.
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 0);
    assert!(s
        .standin
        .with(|w| w.ig_posts.is_empty() && w.fb_posts.is_empty()));

    s.move_to(at + time::Duration::seconds(10));
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 3);
    let ig = s.publication(&s.dinkes, "slot-ig-1").await;
    assert_eq!(ig["state"], "diterbitkan", "{ig}");
    let permalink = ig["permalink"].as_str().expect("permalink");
    assert!(
        permalink.starts_with("https://www.instagram.com/p/"),
        "{permalink}"
    );
    let fb = s.publication(&s.dinkes, "slot-fb-1").await;
    assert_eq!(fb["state"], "diterbitkan", "{fb}");
    assert!(fb["permalink"]
        .as_str()
        .expect("permalink")
        .starts_with("https://www.facebook.com/"));
    assert_eq!(
        s.publication(&s.dinkes, "slot-fb-2").await["state"],
        "diterbitkan"
    );

    s.standin.with(|w| {
        assert_eq!(w.ig_posts.len(), 1);
        assert_eq!(w.ig_posts[0].media_type, "CAROUSEL_ALBUM");
        assert_eq!(w.ig_posts[0].caption, "Posyandu serentak #CianjurSehat");
        assert_eq!(w.fb_posts.len(), 2);
        // Meta fetched every photo from the hub's public URL: 2 children + 1 + 2 photos.
        assert_eq!(w.fetched_images.len(), 5, "{:?}", w.fetched_images);
        assert!(w.fetched_images.iter().all(|(url, status, bytes)| {
            url.starts_with(&s.base) && *status == 200 && *bytes > 0
        }));
    });

    // Again: nothing more is posted; a published one can no longer change or be withdrawn.
    s.move_to(at + time::Duration::minutes(5));
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 0);
    assert_eq!(s.standin.with(|w| w.ig_posts.len() + w.fb_posts.len()), 3);
    let mut changed = carousel.clone();
    changed["caption"] = json!("Diubah");
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &changed).await.0,
        409
    );
    let response = s
        .http
        .delete(format!("{}/api/v1/publications/slot-ig-1", s.base))
        .bearer_auth(&s.dinkes)
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status().as_u16(), 409);

    // An expired or tampered media link gives Meta nothing.
    let link = s.standin.with(|w| w.fetched_images[0].0.clone());
    let tampered = link.replacen("/m/", "/m/0", 1);
    assert_eq!(
        reqwest::get(&tampered)
            .await
            .expect("get")
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_waiting_publication_can_change_and_be_withdrawn() {
    let s = setup().await;
    let photo = jpeg(1080, 1080, 50);
    s.put_media(&s.dinkes, &photo).await;
    let at = START + time::Duration::hours(1);
    let mut body = slot("slot-2", "facebook", at, "Versi pertama", &[&photo]);
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &body).await.0,
        201
    );
    body["caption"] = json!("Versi kedua");
    let (status, changed) = s.post(&s.dinkes, "/api/v1/publications", &body).await;
    assert_eq!(status, 200, "{changed}");
    let response = s
        .http
        .delete(format!("{}/api/v1/publications/slot-2", s.base))
        .bearer_auth(&s.dinkes)
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(s.publication(&s.dinkes, "slot-2").await["state"], "ditarik");
    // Another agency cannot touch it.
    let response = s
        .http
        .delete(format!("{}/api/v1/publications/slot-2", s.base))
        .bearer_auth(&s.disdik)
        .send()
        .await
        .expect("delete");
    assert_eq!(response.status().as_u16(), 404);
    s.move_to(at + time::Duration::minutes(1));
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 0);
    assert!(s.standin.with(|w| w.fb_posts.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_a_clear_4xx_and_nothing_changes() {
    let s = setup().await;
    let photo = jpeg(1080, 1350, 90);
    s.put_media(&s.dinkes, &photo).await;

    // Not a JPEG (a PNG), named by its own hash.
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::new(400, 400)
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    let (status, body) = s.put_media(&s.dinkes, png.get_ref()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "media.not_jpeg");
    assert!(body["message"].as_str().expect("message").contains("JPEG"));

    // A 20 MB image.
    let mut big = jpeg(320, 320, 1);
    big.resize(20 * 1024 * 1024, 0);
    let (status, body) = s.put_media(&s.dinkes, &big).await;
    assert_eq!(status, 413, "{body}");

    let at = START + time::Duration::hours(1);
    let cases = [
        (
            slot("c1", "instagram", at, &"a".repeat(2_201), &[&photo]),
            422,
            "publication.caption_too_long",
        ),
        (
            slot(
                "c2",
                "instagram",
                START - time::Duration::hours(1),
                "Lewat",
                &[&photo],
            ),
            422,
            "publication.time_passed",
        ),
        (
            slot(
                "c3",
                "instagram",
                at,
                "Foto belum diunggah",
                &[&jpeg(1080, 1080, 3)],
            ),
            422,
            "publication.media_missing",
        ),
        (
            slot("c4", "instagram", at, "Tanpa foto", &[]),
            422,
            "publication.media_count",
        ),
        (
            slot("c5/x", "instagram", at, "Id buruk", &[&photo]),
            422,
            "publication.invalid_id",
        ),
    ];
    for (body, expected, code) in cases {
        let (status, answer) = s.post(&s.dinkes, "/api/v1/publications", &body).await;
        assert_eq!(status, expected, "{answer}");
        assert_eq!(answer["code"], code, "{answer}");
    }
    // Another agency's account.
    let mut foreign = slot("c6", "facebook", at, "Akun orang", &[&photo]);
    foreign["account"] = json!("disdikcianjur");
    let (status, answer) = s.post(&s.dinkes, "/api/v1/publications", &foreign).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (422, Some("publication.foreign_account")),
        "{answer}"
    );
    // A platform the agency has not connected: it keeps the manual path.
    s.put_media(&s.disdik, &photo).await;
    let (status, answer) = s
        .post(
            &s.disdik,
            "/api/v1/publications",
            &slot("c7", "instagram", at, "IG", &[&photo]),
        )
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (409, Some("meta.not_connected")),
        "{answer}"
    );
    // An id already used by another agency.
    assert_eq!(
        s.post(
            &s.dinkes,
            "/api/v1/publications",
            &slot("same-id", "facebook", at, "A", &[&photo])
        )
        .await
        .0,
        201
    );
    let (status, answer) = s
        .post(
            &s.disdik,
            "/api/v1/publications",
            &slot("same-id", "facebook", at, "B", &[&photo]),
        )
        .await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (409, Some("publication.id_taken")),
        "{answer}"
    );

    let list = s.get(&s.dinkes, "/api/v1/publications").await;
    let ids: Vec<&str> = list["publications"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, vec!["same-id"], "nothing else was stored");
    assert!(
        s.get(&s.disdik, "/api/v1/publications").await["publications"]
            .as_array()
            .expect("list")
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_mid_publish_never_posts_twice() {
    let s = setup().await;
    let photo = jpeg(1080, 1080, 120);
    s.put_media(&s.dinkes, &photo).await;
    let at = START + time::Duration::minutes(30);
    let body = slot("slot-r", "instagram", at, "Sekali saja", &[&photo]);
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &body).await.0,
        201
    );
    s.move_to(at);

    // media_publish fails transiently: the container is recorded, the publication waits.
    s.standin
        .with(|w| w.fail_next(lost_answer("media_publish")));
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 0);
    let waiting = s.publication(&s.dinkes, "slot-r").await;
    assert_eq!(waiting["state"], "menunggu", "{waiting}");
    assert!(waiting["waiting_reason"].as_str().is_some(), "{waiting}");

    // Meta had in fact published it (the answer was lost): the hub finds the post instead
    // of publishing again.
    let published = reqwest::Client::new()
        .post(format!(
            "{}/17841400000000001/media_publish",
            s.standin.base_url()
        ))
        .bearer_auth("EAAB-page-dinkes")
        .form(&[("creation_id", last_container(&s))])
        .send()
        .await
        .expect("publish");
    assert!(
        published.status().is_success(),
        "{:?}",
        published.text().await
    );
    s.move_to(at + time::Duration::minutes(10));
    publish::run_due(&s.state).await.expect("round");
    let done = s.publication(&s.dinkes, "slot-r").await;
    assert_eq!(done["state"], "diterbitkan", "{done}");
    assert_eq!(s.standin.with(|w| w.ig_posts.len()), 1, "posted once");
    let made = s
        .standin
        .calls()
        .iter()
        .filter(|c| c.method == "POST" && c.path.ends_with("/media"))
        .count();
    assert_eq!(made, 1, "the container was not made again");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_facebook_post_whose_answer_was_lost_is_found_not_posted_again() {
    let s = setup().await;
    let photo = jpeg(1080, 1080, 140);
    s.put_media(&s.dinkes, &photo).await;
    let at = START + time::Duration::minutes(30);
    let body = slot(
        "slot-fb-r",
        "facebook",
        at,
        "Sekali saja di Facebook",
        &[&photo],
    );
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &body).await.0,
        201
    );
    s.move_to(at);

    // The photo post's answer is lost (a 500): the attempt was marked as going public first.
    s.standin.with(|w| w.fail_next(lost_answer("/photos")));
    assert_eq!(publish::run_due(&s.state).await.expect("round"), 0);
    assert_eq!(
        s.publication(&s.dinkes, "slot-fb-r").await["state"],
        "menunggu"
    );

    // Meta had made the post anyway: the next attempt finds it in the Page's feed.
    let now = s.clock.now();
    s.standin.with(|w| {
        w.fb_posts.push(medsos_graph_standin::FbPost {
            id: "104000000000001_9900000000000001".to_owned(),
            page_id: "104000000000001".to_owned(),
            message: "Sekali saja di Facebook".to_owned(),
            permalink_url: "https://www.facebook.com/dinkescianjur/posts/9900000000000001"
                .to_owned(),
            created_time: now,
            ..Default::default()
        })
    });
    s.move_to(at + time::Duration::minutes(10));
    publish::run_due(&s.state).await.expect("round");
    let done = s.publication(&s.dinkes, "slot-fb-r").await;
    assert_eq!(done["state"], "diterbitkan", "{done}");
    assert_eq!(
        done["permalink"],
        "https://www.facebook.com/dinkescianjur/posts/9900000000000001"
    );
    assert_eq!(s.standin.with(|w| w.fb_posts.len()), 1, "posted once");
}

/// The next POST to a path containing `path` fails as Meta's own service error (code 2,
/// HTTP 500): the answer is lost, whatever Meta did.
fn lost_answer(path: &str) -> Failure {
    Failure {
        method: Some("POST".to_owned()),
        path_contains: path.to_owned(),
        http_status: 500,
        code: 2,
        subcode: None,
        message: "An unexpected error has occurred.".to_owned(),
        times: 1,
    }
}

/// The id of the last container the hub made.
fn last_container(s: &Setup) -> String {
    let calls = s.standin.calls();
    let made = calls
        .iter()
        .filter(|c| c.method == "POST" && c.path.ends_with("/media"))
        .count();
    assert_eq!(made, 1);
    s.standin
        .with(|w| w.containers.last().map(|c| c.id.clone()))
        .expect("a container")
}

#[tokio::test(flavor = "multi_thread")]
async fn meta_errors_are_handled_as_meta_gives_them() {
    let s = setup().await;
    let photo = jpeg(1080, 1080, 33);
    s.put_media(&s.dinkes, &photo).await;
    let at = START + time::Duration::minutes(30);
    s.move_to(at);
    let post = |id: &str, platform: &str| {
        slot(id, platform, s.clock.now(), &format!("Uji {id}"), &[&photo])
    };

    // Image fetch failure (9004/2207052): gagal, with the reason.
    s.standin.with(|w| {
        w.fail_next(Failure {
            method: Some("POST".to_owned()),
            path_contains: "/media".to_owned(),
            http_status: 400,
            code: 9004,
            subcode: Some(2207052),
            message: "Only photo or video can be accepted as media type.".to_owned(),
            times: 1,
        })
    });
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &post("e1", "instagram"))
            .await
            .0,
        201
    );
    publish::run_due(&s.state).await.expect("round");
    let failed = s.publication(&s.dinkes, "e1").await;
    assert_eq!(failed["state"], "gagal", "{failed}");
    assert!(
        failed["failure"].as_str().expect("reason").contains("JPEG"),
        "{failed}"
    );

    // Quota reached: waits for the next window, said plainly.
    s.standin.with(|w| w.quota_usage = w.quota_total);
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &post("e2", "instagram"))
            .await
            .0,
        201
    );
    publish::run_due(&s.state).await.expect("round");
    let waiting = s.publication(&s.dinkes, "e2").await;
    assert_eq!(waiting["state"], "menunggu", "{waiting}");
    assert!(
        waiting["waiting_reason"]
            .as_str()
            .expect("reason")
            .contains("Batas terbit Instagram"),
        "{waiting}"
    );
    s.standin.with(|w| w.quota_usage = 0);

    // Container not ready (IN_PROGRESS): keeps polling on the next round.
    s.standin.with(|w| w.polls_until_finished = 100);
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &post("e3", "instagram"))
            .await
            .0,
        201
    );
    s.move_to(at + time::Duration::hours(2));
    publish::run_due(&s.state).await.expect("round");
    let e3 = s.publication(&s.dinkes, "e3").await;
    assert_eq!(e3["state"], "menunggu", "{e3}");
    s.standin.with(|w| w.polls_until_finished = 0);
    s.move_to(at + time::Duration::hours(3));
    publish::run_due(&s.state).await.expect("round");
    assert_eq!(s.publication(&s.dinkes, "e2").await["state"], "diterbitkan");
    assert_eq!(s.publication(&s.dinkes, "e3").await["state"], "diterbitkan");

    // Throttling (HTTP 400, code 32) with the usage header: back off, nothing lost.
    s.standin.with(|w| {
        w.usage_header = Some(
            r#"{"104000000000001":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":15}]}"#
                .to_owned(),
        );
        w.fail_next(Failure {
            method: Some("POST".to_owned()),
            path_contains: "/photos".to_owned(),
            http_status: 400,
            code: 32,
            subcode: None,
            message: "Page request limit reached".to_owned(),
            times: 1,
        })
    });
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &post("e4", "facebook"))
            .await
            .0,
        201
    );
    publish::run_due(&s.state).await.expect("round");
    let e4 = s.publication(&s.dinkes, "e4").await;
    assert_eq!(e4["state"], "menunggu", "{e4}");
    assert!(
        e4["waiting_reason"]
            .as_str()
            .expect("reason")
            .contains("membatasi"),
        "{e4}"
    );
    // Not retried before the 15 minutes Meta named.
    s.standin.with(|w| w.usage_header = None);
    s.move_to(at + time::Duration::hours(3) + time::Duration::minutes(5));
    publish::run_due(&s.state).await.expect("round");
    assert_eq!(s.publication(&s.dinkes, "e4").await["state"], "menunggu");
    s.move_to(at + time::Duration::hours(3) + time::Duration::minutes(20));
    publish::run_due(&s.state).await.expect("round");
    assert_eq!(s.publication(&s.dinkes, "e4").await["state"], "diterbitkan");

    // Token revoked (190): the connection is marked broken, publications wait, PCs see why.
    s.standin.with(|w| w.revoked = true);
    s.move_to(at + time::Duration::hours(4));
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &post("e5", "facebook"))
            .await
            .0,
        201
    );
    publish::run_due(&s.state).await.expect("round");
    let e5 = s.publication(&s.dinkes, "e5").await;
    assert_eq!(e5["state"], "menunggu", "{e5}");
    let list = s.get(&s.dinkes, "/api/v1/publications").await;
    assert!(
        list["connection_problem"]
            .as_str()
            .expect("problem")
            .contains("Token Meta tidak berlaku"),
        "{list}"
    );
    let status = medsos_hub::cli::meta::status(&s.db).expect("status");
    assert!(status.contains("TERPUTUS"), "{status}");
    // Connecting again clears it and the publication goes out.
    s.standin.with(|w| w.revoked = false);
    let options = medsos_hub::cli::meta::Options {
        graph_url: s.standin.base_url(),
        key_file: s.key_file.clone(),
    };
    connect(&s.db, SYSTEM_TOKEN, &options)
        .await
        .expect("reconnect");
    s.move_to(at + time::Duration::hours(5));
    publish::run_due(&s.state).await.expect("round");
    assert_eq!(s.publication(&s.dinkes, "e5").await["state"], "diterbitkan");
}

#[tokio::test(flavor = "multi_thread")]
async fn insights_and_comments_reach_the_agency_and_replies_reach_meta() {
    let s = setup().await;
    let photo = jpeg(1080, 1080, 77);
    s.put_media(&s.dinkes, &photo).await;
    let at = START + time::Duration::minutes(30);
    let body = slot(
        "slot-i",
        "instagram",
        at,
        "Posyandu #CianjurSehat",
        &[&photo],
    );
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/publications", &body).await.0,
        201
    );
    s.move_to(at);
    publish::run_due(&s.state).await.expect("round");
    let published = s.publication(&s.dinkes, "slot-i").await;
    let media_id = published["meta_id"].as_str().expect("meta id").to_owned();

    // Figures on Meta, and a post made on a phone, outside the app.
    s.standin.with(|w| {
        let post = w
            .ig_posts
            .iter_mut()
            .find(|p| p.id == media_id)
            .expect("post");
        post.metrics.reach = 4951;
        post.metrics.views = 14616;
        post.metrics.likes = 42;
        post.metrics.comments = 3;
        post.metrics.shares = 5;
        post.metrics.saved = 2;
        let mut phone = post.clone();
        phone.id = "17900000000009999".to_owned();
        phone.permalink = "https://www.instagram.com/p/PHONEPOST1/".to_owned();
        phone.caption = "Dari HP".to_owned();
        phone.metrics.reach = 800;
        w.ig_posts.push(phone);
    });
    s.move_to(at + time::Duration::hours(1));
    let report = insights::pull(&s.state).await.expect("pull");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.accounts, 3);
    let posts = s.get(&s.dinkes, "/api/v1/meta-posts").await;
    let list = posts["posts"].as_array().expect("posts");
    let mine = list
        .iter()
        .find(|p| p["meta_id"] == media_id.as_str())
        .expect("published post");
    assert_eq!(mine["reach"], 4951);
    assert_eq!(mine["views"], 14616);
    assert!(list
        .iter()
        .any(|p| p["permalink"] == "https://www.instagram.com/p/PHONEPOST1/"));
    assert!(!posts["best_hours"].as_array().expect("hours").is_empty());
    assert!(s.get(&s.disdik, "/api/v1/meta-posts").await["posts"]
        .as_array()
        .expect("posts")
        .iter()
        .all(|p| p["platform"] == "facebook"));

    // A citizen comments; the agency's PC (only it) receives it.
    let commented_at = at + time::Duration::minutes(40);
    let comment_id = s.standin.with(|w| {
        w.add_comment(
            &media_id,
            "Jalan di Cibeber rusak parah",
            "warga_cibeber",
            commented_at,
        )
    });
    let (new, problems) = comments::pull(&s.state).await.expect("comments");
    assert_eq!((new, problems.len()), (1, 0), "{problems:?}");
    assert_eq!(
        comments::pull(&s.state).await.expect("again").0,
        0,
        "remembered where it stopped"
    );
    let inbox = s.get(&s.dinkes, "/api/v1/comments").await;
    let comment = &inbox["comments"][0];
    assert_eq!(comment["id"], comment_id.as_str());
    assert_eq!(comment["text"], "Jalan di Cibeber rusak parah");
    assert_eq!(comment["author"], "warga_cibeber");
    assert_eq!(
        comment["commented_at"],
        medsos_hub::clock::to_wire(commented_at)
    );
    assert!(s.get(&s.disdik, "/api/v1/comments").await["comments"]
        .as_array()
        .expect("comments")
        .is_empty());

    // Acknowledged: the hub drops the citizen's words and name.
    let (status, ack) = s
        .post(
            &s.dinkes,
            "/api/v1/comments/ack",
            &json!({"ids": [comment_id]}),
        )
        .await;
    assert_eq!((status, ack["acknowledged"].as_u64()), (200, Some(1)));
    assert!(s.get(&s.dinkes, "/api/v1/comments").await["comments"]
        .as_array()
        .expect("comments")
        .is_empty());
    let conn = rusqlite::Connection::open(&s.db).expect("db");
    let (text, author, acked): (Option<String>, Option<String>, Option<String>) = conn
        .query_row(
            "SELECT text, author, acked_at FROM meta_comments WHERE comment_id = ?1",
            [&comment_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("row");
    assert_eq!((text, author), (None, None));
    assert!(acked.is_some());

    // A reply, queued by the PC, posted by the hub under the comment.
    let reply = json!({"id": "reply-1", "comment_id": comment_id, "message": "Terima kasih, sudah kami teruskan ke UPT Jalan."});
    let (status, queued) = s.post(&s.dinkes, "/api/v1/comment-replies", &reply).await;
    assert_eq!(status, 201, "{queued}");
    assert_eq!(
        s.post(&s.dinkes, "/api/v1/comment-replies", &reply).await.0,
        200
    );
    let (status, foreign) = s
        .post(
            &s.disdik,
            "/api/v1/comment-replies",
            &json!({"id": "r2", "comment_id": comment_id, "message": "x"}),
        )
        .await;
    assert_eq!(
        (status, foreign["code"].as_str()),
        (422, Some("reply.unknown_comment"))
    );
    assert_eq!(comments::send_replies(&s.state).await.expect("replies"), 1);
    s.standin.with(|w| {
        assert_eq!(w.replies.len(), 1);
        assert_eq!(w.replies[0].comment_id, comment_id);
        assert_eq!(
            w.replies[0].message,
            "Terima kasih, sudah kami teruskan ke UPT Jalan."
        );
    });
    let replies = s.get(&s.dinkes, "/api/v1/comment-replies").await;
    assert_eq!(replies["replies"][0]["state"], "terkirim");
    assert_eq!(comments::send_replies(&s.state).await.expect("again"), 0);
    let _ = s.clock.now();
}
