//! A local stand-in of Meta's Graph API (v27.0) for the hub's tests.
//!
//! It follows `shared/META-GRAPH.md`: the same paths, fields, paging, error codes and
//! headers the hub relies on, kept in an in-memory [`World`] that tests can read and change.
//! Start one with [`StandIn::start`]; it listens on a free loopback port and stops on drop.
//!
//! Choices where Meta leaves things open (all documented here so tests can rely on them):
//! - `quota_usage`/`quota_total` is one counter shared by every IG account of the world.
//! - A container answers `IN_PROGRESS` to the first `polls_until_finished` status reads and
//!   `FINISHED` afterwards; it may be published only once a read has answered `FINISHED`
//!   (or at once when `polls_until_finished` is 0).
//! - IG comments are listed newest first (Meta does not document the order).
//! - Page node reads (`GET /{page-id}`) accept the system token or the Page token; Page edges
//!   and everything below a Page (posts, photos, FB comments, insights) want that Page's token
//!   (system token: 190/2069032). IG endpoints take the linked Page's token or the system
//!   token. Another Page's token gets 100/33 (object out of reach).
//! - `Call::params` holds query and body fields except `access_token` (that is `Call::token`).
//! - Page insights for Pages under 100 followers answer code 2874008 (as the contract's table
//!   lists it, in the code column); a missing `metric` on FB insights answers 3001/1504028.
//! - IG `comments_count` is the larger of `metrics.comments` and the comments + replies the
//!   World holds for that media.
//! - Numbers the brief's structs do not carry (Page and IG account insights, `follows_count`,
//!   `post_clicks`) live in `World::extra_metrics`; scheduled/unpublished FB posts in
//!   `World::unpublished_posts`, so the brief's struct literals stay exact.
//! - Images are fetched without following redirects; a redirect counts as a failed download.

pub mod fixtures;
mod graph;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use graph::format_time;

/// The Graph API version the stand-in answers as.
pub const VERSION: &str = "v27.0";

/// One request the stand-in received (Graph paths only, not the `/_standin` control routes).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Call {
    pub method: String,
    /// Without the version prefix, e.g. `/17841400000000001/media`.
    pub path: String,
    /// Query and form/JSON body fields, flattened; JSON arrays/objects as their JSON text.
    /// `access_token` is left out (see `token`).
    pub params: BTreeMap<String, String>,
    /// From `access_token` or `Authorization: Bearer`.
    pub token: Option<String>,
}

/// An Instagram professional account linked to a Page.
/// Its `name` field answers the Page's name; `follows_count` and account insights come
/// from [`World::extra_metrics`].
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct IgAccount {
    pub id: String,
    pub username: String,
    pub followers_count: u64,
}

/// A Facebook Page the system user can act on.
/// Daily Page insights other than `page_follows` (= `followers`) come from
/// [`World::extra_metrics`].
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Page {
    pub id: String,
    pub name: String,
    pub username: Option<String>,
    pub access_token: String,
    pub followers: u64,
    pub instagram: Option<IgAccount>,
}

/// Insights of an IG media (lifetime).
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct IgMetrics {
    pub views: u64,
    pub reach: u64,
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
    pub saved: u64,
}

/// A published IG media (made by the hub or added by a test "from a phone").
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct IgMedia {
    pub id: String,
    pub owner_ig_id: String,
    pub caption: String,
    pub permalink: String,
    #[serde(with = "time::serde::rfc3339")]
    pub timestamp: OffsetDateTime,
    /// `IMAGE` or `CAROUSEL_ALBUM`.
    pub media_type: String,
    /// Child media ids of an album (the children are not listed as media of their own).
    pub children: Vec<String>,
    pub alt_text: Option<String>,
    pub image_urls: Vec<String>,
    pub metrics: IgMetrics,
}

impl Default for IgMedia {
    fn default() -> Self {
        IgMedia {
            id: String::new(),
            owner_ig_id: String::new(),
            caption: String::new(),
            permalink: String::new(),
            timestamp: OffsetDateTime::now_utc(),
            media_type: "IMAGE".into(),
            children: Vec::new(),
            alt_text: None,
            image_urls: Vec::new(),
            metrics: IgMetrics::default(),
        }
    }
}

/// Lifetime insights of a FB post.
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct FbMetrics {
    pub media_view: u64,
    pub media_view_unique: u64,
    /// Total reactions (`reactions.summary.total_count`; all counted as `like` by type).
    pub reactions: u64,
    /// `shares.count` (the field is absent when zero).
    pub shares: u64,
}

/// A published Page post (`post_clicks` comes from [`World::extra_metrics`]).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct FbPost {
    /// `{page-id}_{post-id}`.
    pub id: String,
    pub page_id: String,
    pub message: String,
    pub permalink_url: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_time: OffsetDateTime,
    pub photo_ids: Vec<String>,
    pub image_urls: Vec<String>,
    pub metrics: FbMetrics,
}

impl Default for FbPost {
    fn default() -> Self {
        FbPost {
            id: String::new(),
            page_id: String::new(),
            message: String::new(),
            permalink_url: String::new(),
            created_time: OffsetDateTime::now_utc(),
            photo_ids: Vec::new(),
            image_urls: Vec::new(),
            metrics: FbMetrics::default(),
        }
    }
}

/// A top-level comment on an IG media or a FB post.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Comment {
    pub id: String,
    /// IG media id or FB post id.
    pub object_id: String,
    pub text: String,
    /// IG username or FB name.
    pub author: String,
    pub author_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl Default for Comment {
    fn default() -> Self {
        Comment {
            id: String::new(),
            object_id: String::new(),
            text: String::new(),
            author: String::new(),
            author_id: String::new(),
            at: OffsetDateTime::now_utc(),
        }
    }
}

/// A reply the hub posted to a comment (as the account / Page); its time is in
/// [`World::reply_times`].
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Reply {
    pub comment_id: String,
    pub message: String,
    pub id: String,
}

/// An injected error: the next `times` calls matching `method` (when set) and whose path
/// contains `path_contains` answer this error instead, before any other check.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Failure {
    pub method: Option<String>,
    pub path_contains: String,
    pub http_status: u16,
    pub code: i64,
    pub subcode: Option<i64>,
    pub message: String,
    pub times: u32,
}

impl Default for Failure {
    fn default() -> Self {
        Failure {
            method: None,
            path_contains: String::new(),
            http_status: 400,
            code: 1,
            subcode: None,
            message: "An unknown error has occurred.".into(),
            times: 1,
        }
    }
}

/// An IG media container (`POST /{ig-user-id}/media`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Container {
    pub id: String,
    pub ig_id: String,
    pub image_url: Option<String>,
    pub caption: String,
    pub alt_text: Option<String>,
    pub is_carousel_item: bool,
    /// Child container ids of a carousel parent.
    pub children: Vec<String>,
    /// Status reads so far.
    pub reads: u32,
    /// Set once a status read answered FINISHED (or at creation when no polls are needed).
    pub finished: bool,
    /// The IG media id once published.
    pub published_media: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A photo uploaded to a Page (`POST /{page-id}/photos`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Photo {
    pub id: String,
    pub page_id: String,
    pub url: String,
    /// The post it belongs to (published photo, or attached through `/feed`).
    pub post_id: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A FB post made with `published=false` (with or without `scheduled_publish_time`); a
/// scheduled one moves to [`World::fb_posts`] (created at its time) once that time has passed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct UnpublishedPost {
    pub post: FbPost,
    #[serde(with = "time::serde::rfc3339::option")]
    pub scheduled_publish_time: Option<OffsetDateTime>,
}

/// Everything the stand-in knows; shared between the server and the test.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct World {
    /// The only token `/me/accounts` accepts.
    pub system_token: String,
    /// When true every call answers 190/463 (token expired).
    pub revoked: bool,
    pub pages: Vec<Page>,
    pub ig_posts: Vec<IgMedia>,
    pub fb_posts: Vec<FbPost>,
    pub comments: Vec<Comment>,
    pub replies: Vec<Reply>,
    /// `content_publishing_limit` config; one counter shared by all IG accounts.
    pub quota_total: u32,
    pub quota_usage: u32,
    /// Status reads a new container answers IN_PROGRESS before FINISHED (default 1).
    pub polls_until_finished: u32,
    pub failures: Vec<Failure>,
    /// When set, every answer carries `X-Business-Use-Case-Usage` with this JSON text.
    pub usage_header: Option<String>,
    /// Every image URL fetched: (url, HTTP status or 0 when unreachable, bytes).
    pub fetched_images: Vec<(String, u16, usize)>,
    pub containers: Vec<Container>,
    pub photos: Vec<Photo>,
    /// Numbers the brief's structs do not carry, by object id then name: Page insights
    /// (`page_media_view`, `page_total_media_view_unique`, `page_post_engagements`, ...;
    /// `page_follows` defaults to `Page::followers`), IG account insights (`views`, `reach`,
    /// `follower_count`, ...) and `follows_count`, FB post `post_clicks`. Missing = 0.
    pub extra_metrics: BTreeMap<String, BTreeMap<String, u64>>,
    /// Scheduled or unpublished FB posts (not listed in `/feed`).
    pub unpublished_posts: Vec<UnpublishedPost>,
    /// `link` of FB link posts, by post id.
    pub post_links: BTreeMap<String, String>,
    /// When each reply was posted (unix seconds), by reply id.
    pub reply_times: BTreeMap<String, i64>,
    /// Hidden comment ids (`POST /{comment-id}?hide=true` or `is_hidden=true`).
    pub hidden_comments: BTreeSet<String>,
    /// Next number for generated ids.
    pub next_id: u64,
}

impl World {
    pub fn new(system_token: &str) -> World {
        World {
            system_token: system_token.to_string(),
            revoked: false,
            pages: Vec::new(),
            ig_posts: Vec::new(),
            fb_posts: Vec::new(),
            comments: Vec::new(),
            replies: Vec::new(),
            quota_total: 100,
            quota_usage: 0,
            polls_until_finished: 1,
            failures: Vec::new(),
            usage_header: None,
            fetched_images: Vec::new(),
            containers: Vec::new(),
            photos: Vec::new(),
            extra_metrics: BTreeMap::new(),
            unpublished_posts: Vec::new(),
            post_links: BTreeMap::new(),
            reply_times: BTreeMap::new(),
            hidden_comments: BTreeSet::new(),
            next_id: 1001,
        }
    }

    pub fn add_page(&mut self, page: Page) {
        self.pages.push(page);
    }

    /// Adds a top-level comment on an IG media or FB post; returns the comment id
    /// (`{post-part}_{n}` on FB posts).
    pub fn add_comment(
        &mut self,
        on_object_id: &str,
        text: &str,
        author: &str,
        at: OffsetDateTime,
    ) -> String {
        let n = self.take_id();
        let is_fb = self.fb_posts.iter().any(|p| p.id == on_object_id);
        let id = if is_fb {
            let post_part = on_object_id.rsplit('_').next().unwrap_or(on_object_id);
            format!("{post_part}_{}", 4_000_000_000_000u64 + n)
        } else {
            format!("{}", 18_000_000_000_000_000u64 + n)
        };
        let author_id = if is_fb {
            format!("{}", 7_000_000_000_000_000u64 + n)
        } else {
            format!("{}", 24_921_834_170_000_000u64 + n)
        };
        self.comments.push(Comment {
            id: id.clone(),
            object_id: on_object_id.to_string(),
            text: text.to_string(),
            author: author.to_string(),
            author_id,
            at,
        });
        id
    }

    pub fn fail_next(&mut self, failure: Failure) {
        self.failures.push(failure);
    }

    /// An extra number (see `extra_metrics`), 0 when unset.
    pub fn extra(&self, object_id: &str, name: &str) -> u64 {
        self.extra_metrics
            .get(object_id)
            .and_then(|m| m.get(name))
            .copied()
            .unwrap_or(0)
    }

    /// Sets an extra number (see `extra_metrics`).
    pub fn set_extra(&mut self, object_id: &str, name: &str, value: u64) {
        self.extra_metrics
            .entry(object_id.to_string())
            .or_default()
            .insert(name.to_string(), value);
    }

    /// A fresh number for generated ids.
    pub fn take_id(&mut self) -> u64 {
        let n = self.next_id;
        self.next_id += 1;
        n
    }
}

pub(crate) struct Shared {
    pub(crate) world: Mutex<World>,
    pub(crate) calls: Mutex<Vec<Call>>,
    /// `http://ADDR/v27.0`.
    pub(crate) base_url: String,
    pub(crate) http: reqwest::Client,
}

/// A running stand-in on loopback; the server stops when this is dropped.
pub struct StandIn {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl StandIn {
    /// Starts on `127.0.0.1:<free port>`.
    pub async fn start(world: World) -> StandIn {
        StandIn::start_on("127.0.0.1:0", world)
            .await
            .expect("bind the Graph stand-in on loopback")
    }

    /// Starts on the given address (`127.0.0.1:0` picks a free port).
    pub async fn start_on(listen: &str, world: World) -> std::io::Result<StandIn> {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .map_err(std::io::Error::other)?;
        let shared = Arc::new(Shared {
            world: Mutex::new(world),
            calls: Mutex::new(Vec::new()),
            base_url: format!("http://{addr}/{VERSION}"),
            http,
        });
        let app = graph::router(shared.clone());
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("Graph stand-in stopped: {e}");
            }
        });
        Ok(StandIn { shared, addr, task })
    }

    /// `http://127.0.0.1:PORT/v27.0`.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The listening address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Runs `f` with the shared World locked.
    pub fn with<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut world = self.shared.world.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut world)
    }

    /// Every Graph request received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared
            .calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until the server task ends (never, unless it fails); for the binary.
    pub async fn serve_forever(&mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Applies `PATCH /_standin/metrics`: IG media metrics (`views`, `reach`, `likes`,
/// `comments`, `shares`, `saved`), FB post metrics (`media_view`, `media_view_unique`,
/// `reactions`, `shares`; other names become extras such as `post_clicks`), Page `followers`,
/// IG `followers_count`; any other name on a Page or IG account goes to `extra_metrics`.
pub(crate) fn patch_metrics(
    world: &mut World,
    object_id: &str,
    values: &HashMap<String, u64>,
) -> Result<(), String> {
    if let Some(m) = world.ig_posts.iter_mut().find(|m| m.id == object_id) {
        for (k, v) in values {
            let slot = match k.as_str() {
                "views" => &mut m.metrics.views,
                "reach" => &mut m.metrics.reach,
                "likes" => &mut m.metrics.likes,
                "comments" => &mut m.metrics.comments,
                "shares" => &mut m.metrics.shares,
                "saved" => &mut m.metrics.saved,
                other => return Err(format!("unknown IG metric {other}")),
            };
            *slot = *v;
        }
        return Ok(());
    }
    let mut extras = Vec::new();
    if let Some(p) = world.fb_posts.iter_mut().find(|p| p.id == object_id) {
        for (k, v) in values {
            match k.as_str() {
                "media_view" => p.metrics.media_view = *v,
                "media_view_unique" => p.metrics.media_view_unique = *v,
                "reactions" => p.metrics.reactions = *v,
                "shares" => p.metrics.shares = *v,
                other => extras.push((other.to_string(), *v)),
            }
        }
    } else if let Some(p) = world.pages.iter_mut().find(|p| p.id == object_id) {
        for (k, v) in values {
            if k == "followers" {
                p.followers = *v;
            } else {
                extras.push((k.clone(), *v));
            }
        }
    } else if let Some(ig) = world
        .pages
        .iter_mut()
        .filter_map(|p| p.instagram.as_mut())
        .find(|ig| ig.id == object_id)
    {
        for (k, v) in values {
            if k == "followers_count" {
                ig.followers_count = *v;
            } else {
                extras.push((k.clone(), *v));
            }
        }
    } else {
        return Err(format!("no object {object_id}"));
    }
    for (k, v) in extras {
        world.set_extra(object_id, &k, v);
    }
    Ok(())
}
