//! The stand-in over real HTTP: reqwest against a started `StandIn`, images served by a tiny
//! axum server on loopback.

use std::collections::HashMap;

use medsos_graph_standin::{Failure, FbPost, IgAccount, IgMedia, Page, StandIn, World};
use serde_json::{json, Value};
use time::OffsetDateTime;

const SYS: &str = "SYSTEM-TOKEN";
const PAGE1: &str = "104000000000001";
const TOK1: &str = "PAGE-TOKEN-1";
const IG1: &str = "17841400000000001";
const PAGE2: &str = "104000000000002";
const TOK2: &str = "PAGE-TOKEN-2";

fn world() -> World {
    let mut w = World::new(SYS);
    w.add_page(Page {
        id: PAGE1.into(),
        name: "Dinas Kesehatan Kab. Cianjur".into(),
        username: Some("dinkescianjur".into()),
        access_token: TOK1.into(),
        followers: 1500,
        instagram: Some(IgAccount {
            id: IG1.into(),
            username: "dinkes.cianjur".into(),
            followers_count: 900,
        }),
    });
    w.add_page(Page {
        id: PAGE2.into(),
        name: "Kecamatan Cibeber".into(),
        username: None,
        access_token: TOK2.into(),
        followers: 40,
        instagram: None,
    });
    w
}

struct Http {
    c: reqwest::Client,
}

impl Http {
    fn new() -> Http {
        Http {
            c: reqwest::Client::new(),
        }
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> (u16, reqwest::header::HeaderMap, Value) {
        let r = rb.send().await.expect("request");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body: Value = r.json().await.expect("JSON body");
        (status, headers, body)
    }

    async fn get(&self, url: &str) -> (u16, Value) {
        let (s, _, b) = self.send(self.c.get(url)).await;
        (s, b)
    }

    async fn post(&self, url: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let (s, _, b) = self.send(self.c.post(url).form(form)).await;
        (s, b)
    }
}

fn code(b: &Value) -> (i64, Option<i64>) {
    (
        b["error"]["code"].as_i64().expect("error code"),
        b["error"]["error_subcode"].as_i64(),
    )
}

/// A tiny image host: a JPEG, a PNG, an HTML page, a too-large JPEG and a 404.
async fn image_host() -> (String, tokio::task::JoinHandle<()>) {
    use axum::routing::get;
    let jpeg: Vec<u8> = [0xFF, 0xD8, 0xFF, 0xE0]
        .into_iter()
        .chain(std::iter::repeat_n(7u8, 2000))
        .collect();
    let png: Vec<u8> = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]
        .into_iter()
        .chain(std::iter::repeat_n(1u8, 500))
        .collect();
    let mut big = jpeg.clone();
    big.resize(8 * 1024 * 1024 + 10, 0);
    let app = axum::Router::new()
        .route("/a.jpg", get(move || async move { jpeg.clone() }))
        .route("/b.png", get(move || async move { png.clone() }))
        .route("/big.jpg", get(move || async move { big.clone() }))
        .route("/page.html", get(|| async { "<html>not an image</html>" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn me_accounts_pages_with_next_and_expansion() {
    let mut w = world();
    for i in 3..=5 {
        w.add_page(Page {
            id: format!("10400000000000{i}"),
            name: format!("Dinas {i}"),
            access_token: format!("PAGE-TOKEN-{i}"),
            ..Default::default()
        });
    }
    let s = StandIn::start(w).await;
    let h = Http::new();
    let url = format!(
        "{}/me/accounts?fields=id,name,username,link,access_token,instagram_business_account{{id,username}}&limit=2&access_token={SYS}",
        s.base_url()
    );
    let (st, b) = h.get(&url).await;
    assert_eq!(st, 200, "{b}");
    let data = b["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["id"], PAGE1);
    assert_eq!(data[0]["access_token"], TOK1);
    assert_eq!(data[0]["link"], "https://www.facebook.com/dinkescianjur");
    assert_eq!(
        data[0]["instagram_business_account"],
        json!({"id": IG1, "username": "dinkes.cianjur"})
    );
    assert_eq!(data[1]["link"], format!("https://www.facebook.com/{PAGE2}"));
    assert!(data[1].get("instagram_business_account").is_none());
    assert!(data[1].get("username").is_none());
    let mut seen = 2;
    let mut next = b["paging"]["next"].as_str().unwrap().to_string();
    assert!(next.contains("access_token=SYSTEM-TOKEN"), "{next}");
    loop {
        let (st, b) = h.get(&next).await;
        assert_eq!(st, 200, "{b}");
        seen += b["data"].as_array().unwrap().len();
        assert!(b["paging"]["cursors"]["after"].is_string());
        match b["paging"]["next"].as_str() {
            Some(n) => next = n.to_string(),
            None => break,
        }
    }
    assert_eq!(seen, 5);

    // A Page token cannot list accounts.
    let (st, b) = h
        .get(&format!("{}/me/accounts?access_token={TOK1}", s.base_url()))
        .await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (100, None));
}

#[tokio::test]
async fn fields_select_and_unknown_field_is_100() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let (st, r) = h
        .send(
            h.c.get(format!(
                "{}/{IG1}?fields=id,username,name,followers_count,follows_count,media_count",
                s.base_url()
            ))
            .bearer_auth(SYS),
        )
        .await
        .into_parts();
    assert_eq!(st, 200, "{r}");
    assert_eq!(
        r,
        json!({"id": IG1, "username": "dinkes.cianjur", "name": "Dinas Kesehatan Kab. Cianjur",
               "followers_count": 900, "follows_count": 0, "media_count": 0})
    );
    let (st, b) = h
        .get(&format!(
            "{}/{IG1}?fields=id,username,impressions&access_token={TOK1}",
            s.base_url()
        ))
        .await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (100, None));
    assert_eq!(
        b["error"]["message"],
        "(#100) Tried accessing nonexisting field (impressions) on node type (IGUser)"
    );
    assert_eq!(b["error"]["type"], "OAuthException");
    assert!(b["error"]["fbtrace_id"].is_string());

    // The Page node answers the system token (that is how Page tokens are read).
    let (st, b) = h
        .get(&format!(
            "{}/{PAGE1}?fields=id,name,username,link,followers_count,access_token,instagram_business_account&access_token={SYS}",
            s.base_url()
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["access_token"], TOK1);
    assert_eq!(b["followers_count"], 1500);
    assert_eq!(b["instagram_business_account"], json!({"id": IG1}));

    // Every answer names its version; unknown versions are unknown paths.
    let (_, headers, _) = h
        .send(h.c.get(format!("{}/me?access_token={SYS}", s.base_url())))
        .await;
    assert_eq!(headers["facebook-api-version"], "v27.0");
    let old = s.base_url().replace("v27.0", "v19.0");
    let (st, b) = h.get(&format!("{old}/me?access_token={SYS}")).await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (2500, None));
}

trait IntoParts {
    fn into_parts(self) -> (u16, Value);
}

impl IntoParts for (u16, reqwest::header::HeaderMap, Value) {
    fn into_parts(self) -> (u16, Value) {
        (self.0, self.2)
    }
}

async fn status(h: &Http, s: &StandIn, container: &str) -> String {
    let (st, b) = h
        .get(&format!(
            "{}/{container}?fields=status_code,status&access_token={TOK1}",
            s.base_url()
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["id"], container);
    b["status_code"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn ig_single_image_publish_flow() {
    let (img, _host) = image_host().await;
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    let url = format!("{img}/a.jpg");
    let (st, b) = h
        .post(
            &format!("{base}/{IG1}/media"),
            &[
                ("image_url", url.as_str()),
                ("caption", "Posyandu serentak #cianjur"),
                ("alt_text", "Petugas menimbang balita"),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let container = b["id"].as_str().unwrap().to_string();
    assert_eq!(
        s.with(|w| w.fetched_images.clone()),
        vec![(url.clone(), 200, 2004)]
    );

    // Not FINISHED yet: 9007/2207027.
    let publish = format!("{base}/{IG1}/media_publish");
    let form = [("creation_id", container.as_str()), ("access_token", TOK1)];
    let (st, b) = h.post(&publish, &form).await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (9007, Some(2207027)));
    assert_eq!(status(&h, &s, &container).await, "IN_PROGRESS");
    assert_eq!(status(&h, &s, &container).await, "FINISHED");

    let (st, b) = h.post(&publish, &form).await;
    assert_eq!(st, 200, "{b}");
    let media = b["id"].as_str().unwrap().to_string();
    assert_eq!(status(&h, &s, &container).await, "PUBLISHED");
    // Publishing the same container again fails.
    let (st, b) = h.post(&publish, &form).await;
    assert_eq!(st, 400);
    assert_eq!(code(&b).0, 100);
    assert_eq!(s.with(|w| w.quota_usage), 1);

    let (st, b) = h
        .get(&format!(
            "{base}/{media}?fields=id,permalink,timestamp,caption,like_count,comments_count,media_type,children{{id,media_type}}&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["media_type"], "IMAGE");
    assert_eq!(b["caption"], "Posyandu serentak #cianjur");
    assert_eq!(b["like_count"], 0);
    assert!(b.get("children").is_none());
    let permalink = b["permalink"].as_str().unwrap();
    assert!(permalink.starts_with("https://www.instagram.com/p/") && permalink.ends_with('/'));
    let ts = b["timestamp"].as_str().unwrap();
    assert!(ts.ends_with("+0000") && ts.len() == 24, "{ts}");

    // A post made on a phone shows up too, newest first.
    s.with(|w| {
        w.ig_posts.push(IgMedia {
            id: "17900000000009999".into(),
            owner_ig_id: IG1.into(),
            caption: "dari HP".into(),
            timestamp: OffsetDateTime::now_utc() + time::Duration::minutes(5),
            ..Default::default()
        })
    });
    let (st, b) = h
        .get(&format!(
            "{base}/{IG1}/media?fields=id,caption&access_token={SYS}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    let ids: Vec<&str> = b["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["17900000000009999", media.as_str()]);

    // Insights, then a removed metric.
    s.with(|w| {
        let m = w.ig_posts.iter_mut().find(|m| m.id == media).unwrap();
        m.metrics.reach = 4951;
        m.metrics.likes = 42;
        m.metrics.saved = 3;
    });
    let (st, b) = h
        .get(&format!(
            "{base}/{media}/insights?metric=views,reach,likes,comments,shares,saved,total_interactions&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    let data = b["data"].as_array().unwrap();
    assert_eq!(data.len(), 7);
    assert_eq!(data[1]["name"], "reach");
    assert_eq!(data[1]["period"], "lifetime");
    assert_eq!(data[1]["values"], json!([{"value": 4951}]));
    assert_eq!(data[6]["values"][0]["value"], 45);
    let (st, b) = h
        .get(&format!(
            "{base}/{media}/insights?metric=reach,impressions&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 400);
    assert_eq!(code(&b).0, 100);

    let (st, b) = h
        .get(&format!(
            "{base}/{IG1}/content_publishing_limit?fields=quota_usage,config&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        b,
        json!({"data": [{"quota_usage": 1, "config": {"quota_total": 100, "quota_duration": 86400}}]})
    );
}

#[tokio::test]
async fn ig_carousel_flow_and_quota() {
    let (img, _host) = image_host().await;
    let mut w = world();
    w.polls_until_finished = 0;
    let s = StandIn::start(w).await;
    let h = Http::new();
    let base = s.base_url();
    let url = format!("{img}/a.jpg");
    let mut children = Vec::new();
    for _ in 0..3 {
        let (st, b) = h
            .post(
                &format!("{base}/{IG1}/media"),
                &[
                    ("image_url", url.as_str()),
                    ("is_carousel_item", "true"),
                    ("access_token", SYS),
                ],
            )
            .await;
        assert_eq!(st, 200, "{b}");
        children.push(b["id"].as_str().unwrap().to_string());
    }
    let (st, b) = h
        .post(
            &format!("{base}/{IG1}/media"),
            &[
                ("media_type", "CAROUSEL"),
                ("children", children[0].as_str()),
                ("caption", "x"),
                ("access_token", SYS),
            ],
        )
        .await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (100, Some(2207028)));
    let list = children.join(",");
    let (st, b) = h
        .post(
            &format!("{base}/{IG1}/media"),
            &[
                ("media_type", "CAROUSEL"),
                ("children", list.as_str()),
                ("caption", "Album"),
                ("access_token", SYS),
            ],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let parent = b["id"].as_str().unwrap().to_string();
    assert_eq!(status(&h, &s, &parent).await, "FINISHED");

    s.with(|w| w.quota_usage = w.quota_total);
    let publish = format!("{base}/{IG1}/media_publish");
    let form = [("creation_id", parent.as_str()), ("access_token", SYS)];
    let (st, b) = h.post(&publish, &form).await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (9, Some(2207042)));
    s.with(|w| w.quota_usage = 5);
    let (st, b) = h.post(&publish, &form).await;
    assert_eq!(st, 200, "{b}");
    let media = b["id"].as_str().unwrap().to_string();
    assert_eq!(s.with(|w| w.quota_usage), 6, "a carousel counts once");
    let (st, b) = h
        .get(&format!(
            "{base}/{media}?fields=id,media_type,children{{id,media_type}}&access_token={SYS}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["media_type"], "CAROUSEL_ALBUM");
    let kids = b["children"]["data"].as_array().unwrap();
    assert_eq!(kids.len(), 3);
    assert_eq!(kids[0]["media_type"], "IMAGE");
    // Only the album is listed as media.
    let (_, b) = h
        .get(&format!("{base}/{IG1}/media?access_token={SYS}"))
        .await;
    assert_eq!(b["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn image_fetch_failures() {
    let (img, _host) = image_host().await;
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    for path in ["b.png", "page.html", "missing.jpg"] {
        let url = format!("{img}/{path}");
        let (st, b) = h
            .post(
                &format!("{base}/{IG1}/media"),
                &[("image_url", url.as_str()), ("access_token", TOK1)],
            )
            .await;
        assert_eq!(st, 400, "{path}");
        assert_eq!(code(&b), (9004, Some(2207052)), "{path}");
        assert_eq!(
            b["error"]["message"],
            "Only photo or video can be accepted as media type."
        );
        assert_eq!(b["error"]["error_user_title"], "Media download has failed.");
    }
    let url = format!("{img}/big.jpg");
    let (_, b) = h
        .post(
            &format!("{base}/{IG1}/media"),
            &[("image_url", url.as_str()), ("access_token", TOK1)],
        )
        .await;
    assert_eq!(code(&b), (36000, Some(2207004)));
    let long = "a".repeat(2201);
    let url = format!("{img}/a.jpg");
    let (_, b) = h
        .post(
            &format!("{base}/{IG1}/media"),
            &[
                ("image_url", url.as_str()),
                ("caption", long.as_str()),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(code(&b), (36004, Some(2207010)));
    let fetched = s.with(|w| w.fetched_images.clone());
    assert_eq!(fetched.len(), 4, "the long caption fails before any fetch");
    assert_eq!(fetched[1].1, 200);
    assert_eq!(fetched[2].1, 404);
    assert!(s.with(|w| w.containers.is_empty()));

    // Facebook takes a PNG but not HTML.
    let png = format!("{img}/b.png");
    let (st, b) = h
        .post(
            &format!("{base}/{PAGE1}/photos"),
            &[("url", png.as_str()), ("access_token", TOK1)],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let html = format!("{img}/page.html");
    let (st, b) = h
        .post(
            &format!("{base}/{PAGE1}/photos"),
            &[("url", html.as_str()), ("access_token", TOK1)],
        )
        .await;
    assert_eq!(st, 400);
    assert_eq!(code(&b), (324, None));
}

#[tokio::test]
async fn fb_single_photo_and_multi_photo_feed() {
    let (img, _host) = image_host().await;
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    let jpg = format!("{img}/a.jpg");
    let png = format!("{img}/b.png");
    let (st, b) = h
        .post(
            &format!("{base}/{PAGE1}/photos"),
            &[
                ("url", jpg.as_str()),
                ("message", "Satu foto"),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let single = b["post_id"].as_str().unwrap().to_string();
    assert!(single.starts_with(&format!("{PAGE1}_")));
    assert!(b["id"].is_string());

    // Multi-photo: two staged photos, then /feed with form attached_media[i].
    let mut staged = Vec::new();
    for u in [&jpg, &png] {
        let (st, b) = h
            .post(
                &format!("{base}/{PAGE1}/photos"),
                &[
                    ("url", u.as_str()),
                    ("published", "false"),
                    ("access_token", TOK1),
                ],
            )
            .await;
        assert_eq!(st, 200, "{b}");
        assert!(b.get("post_id").is_none());
        staged.push(b["id"].as_str().unwrap().to_string());
    }
    let a0 = json!({"media_fbid": staged[0]}).to_string();
    let a1 = json!({"media_fbid": staged[1]}).to_string();
    let (st, b) = h
        .post(
            &format!("{base}/{PAGE1}/feed"),
            &[
                ("message", "Dua foto"),
                ("attached_media[0]", a0.as_str()),
                ("attached_media[1]", a1.as_str()),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let multi = b["id"].as_str().unwrap().to_string();
    let post = s.with(|w| w.fb_posts.iter().find(|p| p.id == multi).cloned().unwrap());
    assert_eq!(post.photo_ids, staged);
    assert_eq!(post.image_urls, vec![jpg.clone(), png.clone()]);
    let part = multi.split('_').nth(1).unwrap();
    assert_eq!(
        post.permalink_url,
        format!("https://www.facebook.com/dinkescianjur/posts/{part}")
    );

    // JSON body variant; an already used or unknown fbid is 100.
    let (st, b) = h
        .send(
            h.c.post(format!("{base}/{PAGE1}/feed"))
                .bearer_auth(TOK1)
                .json(&json!({"message": "lagi", "attached_media": [{"media_fbid": staged[0]}]})),
        )
        .await
        .into_parts();
    assert_eq!(st, 400);
    assert_eq!(code(&b), (100, None));
    let (_, b) = h
        .post(
            &format!("{base}/{PAGE1}/photos"),
            &[
                ("url", jpg.as_str()),
                ("published", "false"),
                ("access_token", TOK1),
            ],
        )
        .await;
    let third = b["id"].as_str().unwrap().to_string();
    let (st, b) = h
        .send(
            h.c.post(format!("{base}/{PAGE1}/feed"))
                .bearer_auth(TOK1)
                .json(&json!({"message": "JSON", "attached_media": [{"media_fbid": third}]})),
        )
        .await
        .into_parts();
    assert_eq!(st, 200, "{b}");

    // Reading a post: summaries, shares absent when zero.
    s.with(|w| {
        let p = w.fb_posts.iter_mut().find(|p| p.id == single).unwrap();
        p.metrics.reactions = 255;
        p.metrics.media_view = 1000;
    });
    s.with(|w| w.add_comment(&single, "Mantap", "Warga Satu", OffsetDateTime::now_utc()));
    let (st, b) = h
        .get(&format!(
            "{base}/{single}?fields=id,message,created_time,permalink_url,shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["message"], "Satu foto");
    assert!(b.get("shares").is_none());
    assert_eq!(b["comments"]["data"], json!([]));
    assert_eq!(b["comments"]["summary"]["total_count"], 1);
    assert_eq!(b["reactions"]["summary"]["total_count"], 255);
    s.with(|w| {
        w.fb_posts
            .iter_mut()
            .find(|p| p.id == single)
            .unwrap()
            .metrics
            .shares = 4
    });
    let (_, b) = h
        .get(&format!(
            "{base}/{single}?fields=shares&access_token={TOK1}"
        ))
        .await;
    assert_eq!(b["shares"], json!({"count": 4}));

    // Feed: newest first, `since` filters, a phone post is listed.
    let old = OffsetDateTime::now_utc() - time::Duration::days(10);
    s.with(|w| {
        w.fb_posts.push(FbPost {
            id: format!("{PAGE1}_999"),
            page_id: PAGE1.into(),
            message: "lama".into(),
            created_time: old,
            ..Default::default()
        })
    });
    let (_, b) = h
        .get(&format!(
            "{base}/{PAGE1}/feed?fields=id,message,created_time&access_token={TOK1}"
        ))
        .await;
    let data = b["data"].as_array().unwrap();
    assert_eq!(data.len(), 4);
    assert_eq!(data[3]["id"], format!("{PAGE1}_999"));
    let since = (old + time::Duration::days(1)).unix_timestamp();
    let (_, b) = h
        .get(&format!(
            "{base}/{PAGE1}/feed?since={since}&access_token={TOK1}"
        ))
        .await;
    assert_eq!(b["data"].as_array().unwrap().len(), 3);

    // Insights.
    let (st, b) = h
        .get(&format!(
            "{base}/{single}/insights?metric=post_media_view,post_total_media_view_unique,post_reactions_by_type_total,post_clicks&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["data"][0]["values"][0]["value"], 1000);
    assert_eq!(b["data"][2]["values"][0]["value"], json!({"like": 255}));
    let (_, b) = h
        .get(&format!(
            "{base}/{single}/insights?metric=post_impressions&access_token={TOK1}"
        ))
        .await;
    assert_eq!(code(&b), (100, None));
    let (st, b) = h
        .get(&format!(
            "{base}/{PAGE1}/insights?metric=page_follows,page_media_view&period=day&since=2026-12-01&until=2026-12-03&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        b["data"][0]["values"],
        json!([{"value": 1500, "end_time": "2026-12-02T08:00:00+0000"},
               {"value": 1500, "end_time": "2026-12-03T08:00:00+0000"}])
    );
    let (_, b) = h
        .get(&format!(
            "{base}/{PAGE2}/insights?metric=page_follows&period=day&access_token={TOK2}"
        ))
        .await;
    assert_eq!(code(&b), (2874008, None));
}

#[tokio::test]
async fn comments_paging_and_replies() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    let media = "17900000000001007";
    let post = format!("{PAGE1}_1222000000000001");
    let t0 = OffsetDateTime::now_utc() - time::Duration::hours(5);
    let ids: Vec<String> = s.with(|w| {
        w.ig_posts.push(IgMedia {
            id: media.into(),
            owner_ig_id: IG1.into(),
            ..Default::default()
        });
        w.fb_posts.push(FbPost {
            id: post.clone(),
            page_id: PAGE1.into(),
            ..Default::default()
        });
        (0..30)
            .map(|i| {
                w.add_comment(
                    media,
                    &format!("komentar {i}"),
                    &format!("warga{i}"),
                    t0 + time::Duration::minutes(i),
                )
            })
            .collect()
    });
    let (st, b) = h
        .get(&format!(
            "{base}/{media}/comments?fields=id,text,timestamp,username,from&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    let data = b["data"].as_array().unwrap();
    assert_eq!(data.len(), 25);
    assert_eq!(data[0]["id"], ids[29].as_str(), "newest first");
    assert_eq!(
        data[0]["from"],
        json!({"id": data[0]["from"]["id"], "username": "warga29"})
    );
    let (_, b2) = h.get(b["paging"]["next"].as_str().unwrap()).await;
    let rest = b2["data"].as_array().unwrap();
    assert_eq!(rest.len(), 5);
    assert_eq!(rest[4]["id"], ids[0].as_str());
    assert!(b2["paging"].get("next").is_none());

    let (st, b) = h
        .post(
            &format!("{base}/{}/replies", ids[3]),
            &[("message", "Terima kasih"), ("access_token", TOK1)],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let (_, b) = h
        .get(&format!(
            "{base}/{}?fields=id,replies{{id,text,username}}&access_token={TOK1}",
            ids[3]
        ))
        .await;
    assert_eq!(b["replies"]["data"][0]["text"], "Terima kasih");
    assert_eq!(b["replies"]["data"][0]["username"], "dinkes.cianjur");

    // FB: chronological by default, reverse on request, summary.
    let (c1, c2) = s.with(|w| {
        (
            w.add_comment(&post, "pertama", "Ani", t0),
            w.add_comment(&post, "kedua", "Budi", t0 + time::Duration::minutes(1)),
        )
    });
    let url = format!(
        "{base}/{post}/comments?fields=id,message,created_time,from&filter=toplevel&summary=true&access_token={TOK1}"
    );
    let (st, b) = h.get(&url).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["data"][0]["id"], c1.as_str());
    assert_eq!(b["data"][1]["from"]["name"], "Budi");
    assert_eq!(b["summary"]["total_count"], 2);
    let (_, b) = h
        .get(&format!("{url}&order=reverse_chronological&limit=1"))
        .await;
    assert_eq!(b["data"][0]["id"], c2.as_str());
    assert!(b["paging"]["next"].is_string());
    let (st, b) = h
        .post(
            &format!("{base}/{c1}/comments"),
            &[("message", "Siap ditindaklanjuti"), ("access_token", TOK1)],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let replies = s.with(|w| w.replies.clone());
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[1].comment_id, c1);
    assert_eq!(replies[1].message, "Siap ditindaklanjuti");
    assert_eq!(replies[1].id, b["id"].as_str().unwrap());
}

#[tokio::test]
async fn injected_failure_then_normal() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    s.with(|w| {
        w.fail_next(Failure {
            method: Some("GET".into()),
            path_contains: "/me/accounts".into(),
            http_status: 500,
            code: 2,
            subcode: None,
            message: "An unexpected error has occurred. Please retry your request later.".into(),
            times: 2,
        })
    });
    let url = format!("{}/me/accounts?access_token={SYS}", s.base_url());
    for _ in 0..2 {
        let (st, b) = h.get(&url).await;
        assert_eq!(st, 500);
        assert_eq!(code(&b), (2, None));
        assert_eq!(b["error"]["is_transient"], true);
    }
    let (st, _) = h.get(&url).await;
    assert_eq!(st, 200);
    assert!(s.with(|w| w.failures.is_empty()));
    let calls = s.calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].path, "/me/accounts");
    assert_eq!(calls[0].token.as_deref(), Some(SYS));
    assert!(calls[0].params.is_empty());
}

#[tokio::test]
async fn tokens_revoked_missing_unknown_and_page_only() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    let (st, b) = h.get(&format!("{base}/me/accounts")).await;
    assert_eq!((st, code(&b)), (400, (104, None)));
    let (st, b) = h
        .get(&format!("{base}/me/accounts?access_token=nope"))
        .await;
    assert_eq!((st, code(&b)), (400, (190, Some(467))));

    // Page endpoints want the Page token.
    let (st, hd, b) = h
        .send(h.c.get(format!("{base}/{PAGE1}/feed?access_token={SYS}")))
        .await;
    assert_eq!((st, code(&b)), (400, (190, Some(2069032))));
    assert!(hd.contains_key("www-authenticate"));
    let (st, b) = h
        .get(&format!("{base}/{PAGE1}/feed?access_token={TOK2}"))
        .await;
    assert_eq!((st, code(&b)), (400, (100, Some(33))));
    let (st, _) = h
        .get(&format!("{base}/{PAGE1}/feed?access_token={TOK1}"))
        .await;
    assert_eq!(st, 200);

    s.with(|w| {
        w.revoked = true;
        w.usage_header = Some(r#"{"104000000000001":[{"type":"pages","call_count":95}]}"#.into());
    });
    let (st, hd, b) = h
        .send(h.c.get(format!("{base}/{PAGE1}/feed?access_token={TOK1}")))
        .await;
    assert_eq!((st, code(&b)), (400, (190, Some(463))));
    assert!(hd["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("OAuth"));
    assert!(hd["x-business-use-case-usage"]
        .to_str()
        .unwrap()
        .contains("call_count"));
}

#[tokio::test]
async fn control_routes() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let root = s.base_url().trim_end_matches("/v27.0").to_string();
    let (st, b) = h
        .send(
            h.c.post(format!("{root}/_standin/posts/ig"))
                .json(&json!({"owner_ig_id": IG1, "caption": "dari HP"})),
        )
        .await
        .into_parts();
    assert_eq!(st, 200, "{b}");
    let media = b["id"].as_str().unwrap().to_string();
    let (st, b) = h
        .send(
            h.c.post(format!("{root}/_standin/comments"))
                .json(&json!({"object_id": media, "text": "halo", "author": "warga"})),
        )
        .await
        .into_parts();
    assert_eq!(st, 200, "{b}");
    let (st, _) = h
        .send(
            h.c.patch(format!("{root}/_standin/metrics"))
                .json(&json!({"object_id": media, "reach": 12, "likes": 3})),
        )
        .await
        .into_parts();
    assert_eq!(st, 200);
    let (st, _) = h
        .send(
            h.c.post(format!("{root}/_standin/failures"))
                .json(&json!({"path_contains": "/insights", "code": 4, "times": 1})),
        )
        .await
        .into_parts();
    assert_eq!(st, 200);
    let (_, b) = h
        .get(&format!(
            "{}/{media}/insights?metric=reach&access_token={SYS}",
            s.base_url()
        ))
        .await;
    assert_eq!(code(&b), (4, None));
    let (_, world) = h.get(&format!("{root}/_standin/world")).await;
    assert_eq!(world["ig_posts"][0]["metrics"]["reach"], 12);
    assert_eq!(world["comments"][0]["text"], "halo");
    let (_, calls) = h.get(&format!("{root}/_standin/calls")).await;
    assert_eq!(calls.as_array().unwrap().len(), 1);
    let _: HashMap<String, Value> = serde_json::from_value(world).unwrap();
}

#[tokio::test]
async fn binary_prints_its_address_and_serves() {
    use tokio::io::AsyncBufReadExt as _;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_medsos-graph-standin"))
        .args(["--listen", "127.0.0.1:0", "--system-token", SYS])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("start the binary");
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    let base = first
        .strip_prefix("Graph stand-in di ")
        .expect(&first)
        .to_string();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/v27.0"),
        "{base}"
    );
    let h = Http::new();
    let (st, b) = h
        .get(&format!("{base}/me/accounts?access_token={SYS}"))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b, json!({"data": []}));
    child.kill().await.unwrap();
}

#[tokio::test]
async fn fb_scheduling_hide_and_account_insights() {
    let s = StandIn::start(world()).await;
    let h = Http::new();
    let base = s.base_url();
    let feed = format!("{base}/{PAGE1}/feed");
    let soon = (OffsetDateTime::now_utc() + time::Duration::minutes(5))
        .unix_timestamp()
        .to_string();
    let (_, b) = h
        .post(
            &feed,
            &[
                ("message", "x"),
                ("published", "false"),
                ("scheduled_publish_time", soon.as_str()),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(
        b["error"]["message"],
        "(#100) The specified scheduled publish time is invalid."
    );
    let later = (OffsetDateTime::now_utc() + time::Duration::days(2))
        .unix_timestamp()
        .to_string();
    let (_, b) = h
        .post(
            &feed,
            &[
                ("message", "x"),
                ("scheduled_publish_time", later.as_str()),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(
        b["error"]["message"],
        "(#100) You cannot specify a scheduled publish time on a published post"
    );
    let (st, b) = h
        .post(
            &feed,
            &[
                ("message", "Nanti"),
                ("published", "false"),
                ("scheduled_publish_time", later.as_str()),
                ("access_token", TOK1),
            ],
        )
        .await;
    assert_eq!(st, 200, "{b}");
    let id = b["id"].as_str().unwrap().to_string();
    let (_, b) = h.get(&format!("{feed}?access_token={TOK1}")).await;
    assert_eq!(b, json!({"data": []}));
    let (_, b) = h
        .get(&format!("{base}/{PAGE1}/scheduled_posts?fields=id,is_published,scheduled_publish_time&access_token={TOK1}"))
        .await;
    assert_eq!(b["data"][0]["id"], id.as_str());
    assert_eq!(b["data"][0]["is_published"], false);
    assert_eq!(b["data"][0]["scheduled_publish_time"].to_string(), later);
    // When its time comes it is published.
    s.with(|w| w.unpublished_posts[0].scheduled_publish_time = Some(OffsetDateTime::now_utc()));
    let (_, b) = h.get(&format!("{feed}?access_token={TOK1}")).await;
    assert_eq!(b["data"][0]["id"], id.as_str());

    // Hide a FB comment.
    let c = s.with(|w| w.add_comment(&id, "spam", "X", OffsetDateTime::now_utc()));
    let (st, b) = h
        .post(
            &format!("{base}/{c}"),
            &[("is_hidden", "true"), ("access_token", TOK1)],
        )
        .await;
    assert_eq!((st, b), (200, json!({"success": true})));
    let (_, b) = h
        .get(&format!(
            "{base}/{id}/comments?fields=id,is_hidden&access_token={TOK1}"
        ))
        .await;
    assert_eq!(b["data"][0]["is_hidden"], true);

    // IG account insights: total_value metrics need metric_type=total_value.
    s.with(|w| {
        w.set_extra(IG1, "views", 14616);
        w.set_extra(IG1, "follower_count", 16);
    });
    let url =
        format!("{base}/{IG1}/insights?metric=views,follower_count&period=day&access_token={TOK1}");
    let (_, b) = h.get(&url).await;
    assert_eq!(
        b["error"]["message"],
        "(#100) The following metrics (views) should be specified with parameter metric_type=total_value"
    );
    let (st, b) = h
        .get(&format!("{base}/{IG1}/insights?metric=views&period=day&metric_type=total_value&access_token={TOK1}"))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["data"][0]["total_value"], json!({"value": 14616}));
    let (st, b) = h
        .get(&format!(
            "{base}/{IG1}/insights?metric=follower_count&period=day&since=2026-12-05&until=2026-12-06&access_token={TOK1}"
        ))
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(
        b["data"][0]["values"],
        json!([{"value": 16, "end_time": "2026-12-06T08:00:00+0000"}])
    );
}
