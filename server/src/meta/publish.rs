//! Publishing a due publication on Meta (META-GRAPH §4, §5), safe across restarts: every id
//! Meta gives (container, carousel child, staged photo) is saved before the next step, and the
//! step that makes the post public is marked before it is called. After a restart a marked
//! step is checked on Meta (container status, the account's newest posts) before anything is
//! retried, so a post is never made twice.

use super::graph::{Failure, Graph, GraphError};
use super::secret::SecretKey;
use crate::clock::to_stored;
use crate::error::Error;
use crate::state::AppState;
use crate::store::meta::Publication;
use crate::store::Store;
use medsos_protocol::Platform;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a media link given to Meta stays valid (containers expire after 24 h anyway).
pub const MEDIA_LINK_HOURS: i64 = 24;
/// Publications worked on at once (each waits on Meta's container processing).
const PARALLEL: usize = 8;
/// Transient failures tolerated before a publication is given up as failed.
const MAX_ATTEMPTS: i64 = 12;
/// Container status reads within one attempt, `MetaSettings::status_poll` apart.
const STATUS_READS: u32 = 6;

/// The Meta ids made so far for one publication.
#[derive(Debug, Default, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Progress {
    /// Instagram carousel children, in media order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    children: Vec<String>,
    /// The Instagram container to publish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    container: Option<String>,
    /// Facebook photos staged unpublished, in media order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    photos: Vec<String>,
    /// Set just before the call that makes the post public (`media_publish`, `/photos`,
    /// `/feed`): when found set at the start of an attempt, that call may have succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    going_public_at: Option<String>,
}

impl Progress {
    fn parse(text: &str) -> Progress {
        serde_json::from_str(text).unwrap_or_default()
    }
    fn text(&self) -> String {
        serde_json::to_string(self).expect("plain struct")
    }
}

#[derive(Deserialize)]
struct IdAnswer {
    id: String,
    post_id: Option<String>,
}

#[derive(Deserialize)]
struct ContainerStatus {
    status_code: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct QuotaAnswer {
    #[serde(default)]
    data: Vec<Quota>,
}

#[derive(Deserialize)]
struct Quota {
    #[serde(default)]
    quota_usage: u32,
    config: Option<QuotaConfig>,
}

#[derive(Deserialize)]
struct QuotaConfig {
    quota_total: u32,
}

#[derive(Deserialize)]
struct Permalinked {
    permalink: Option<String>,
    permalink_url: Option<String>,
}

#[derive(Deserialize)]
struct RecentIg {
    id: String,
    caption: Option<String>,
    timestamp: Option<String>,
    permalink: Option<String>,
}

#[derive(Deserialize)]
struct RecentFb {
    id: String,
    message: Option<String>,
    created_time: Option<String>,
    permalink_url: Option<String>,
}

/// The link Meta fetches a photo from: `{public}/m/{sha}/{expires}/{signature}.jpg`.
pub fn media_link(public_url: &str, key: &SecretKey, sha256: &str, now: OffsetDateTime) -> String {
    let expires = (now + time::Duration::hours(MEDIA_LINK_HOURS)).unix_timestamp();
    let signature = key.sign(&format!("{sha256}|{expires}"));
    format!("{public_url}/m/{sha256}/{expires}/{signature}.jpg")
}

/// What one attempt came to.
enum Outcome {
    Published {
        meta_id: String,
        permalink: Option<String>,
    },
    /// Not yet; try again at the given time, with the reason the PC shows.
    Wait {
        reason: String,
        at: OffsetDateTime,
    },
    Failed(String),
}

/// Everything an attempt needs.
struct Attempt<'a> {
    graph: &'a Graph,
    key: &'a SecretKey,
    public_url: &'a str,
    store: &'a Store,
    token: String,
    now: OffsetDateTime,
    status_poll: Duration,
}

/// Publishes every due publication once (up to [`PARALLEL`] at a time) and returns how many
/// were published.
pub async fn run_due(state: &AppState) -> Result<usize, Error> {
    let now = state.clock.now();
    let due = state
        .store
        .run(move |db| db.meta().due_publications(now, 500))
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let settings = state.meta.clone();
    let Some(key) = settings.key.clone() else {
        return Ok(0);
    };
    let connection = state.store.run(|db| db.meta().meta_connection()).await?;
    let waiting_reason = match (&connection, &settings.public_url) {
        (None, _) => Some("Medsos Hub belum tersambung ke Meta; publikasi menunggu.".to_owned()),
        (Some(c), _) if c.broken_reason.is_some() => Some(format!(
            "Sambungan Meta terputus: {} Publikasi menunggu dan tidak hilang.",
            c.broken_reason.clone().unwrap_or_default()
        )),
        (_, None) => Some(
            "Alamat publik hub (--public-url) belum diatur; Meta belum dapat mengambil foto."
                .to_owned(),
        ),
        _ => None,
    };
    if let Some(reason) = waiting_reason {
        let at = now + time::Duration::minutes(5);
        let ids: Vec<String> = due.iter().map(|p| p.id.clone()).collect();
        state
            .store
            .run(move |db| {
                for id in ids {
                    db.meta().defer_publication(&id, &reason, at, now)?;
                }
                Ok(())
            })
            .await?;
        return Ok(0);
    }
    let public_url = settings.public_url.clone().unwrap_or_default();
    let semaphore = std::sync::Arc::new(tokio::sync::Semaphore::new(PARALLEL));
    let mut tasks = tokio::task::JoinSet::new();
    for publication in due {
        let permit = semaphore
            .clone()
            .acquire_owned()
            .await
            .expect("never closed");
        let state = state.clone();
        let key = key.clone();
        let public_url = public_url.clone();
        tasks.spawn(async move {
            let _permit = permit;
            publish_one(&state, &key, &public_url, publication).await
        });
    }
    let mut published = 0;
    while let Some(result) = tasks.join_next().await {
        match result {
            Ok(Ok(true)) => published += 1,
            Ok(Ok(false)) => {}
            Ok(Err(error)) => tracing::error!(%error, "publication attempt failed in the hub"),
            Err(error) => tracing::error!(%error, "publication task panicked"),
        }
    }
    Ok(published)
}

/// One attempt at one publication; `true` when it was published.
async fn publish_one(
    state: &AppState,
    key: &SecretKey,
    public_url: &str,
    publication: Publication,
) -> Result<bool, Error> {
    let now = state.clock.now();
    let platform = publication.platform;
    let account = publication.account_meta_id.clone();
    let (sealed, blocked) = {
        let account = account.clone();
        state
            .store
            .run(move |db| {
                let token = db.meta().meta_account_token(platform, &account)?;
                let blocked = db
                    .meta()
                    .meta_accounts()?
                    .into_iter()
                    .find(|a| a.platform == platform && a.meta_id == account)
                    .and_then(|a| a.blocked_until);
                Ok((token, blocked))
            })
            .await?
    };
    let outcome = match (sealed, blocked) {
        (None, _) => Outcome::Failed(
            "Akun ini tidak lagi terjangkau sambungan Meta hub; terbitkan manual.".to_owned(),
        ),
        (Some(_), Some(until)) if until > now => Outcome::Wait {
            reason: "Meta sedang membatasi permintaan untuk akun ini; dicoba lagi otomatis."
                .to_owned(),
            at: until,
        },
        (Some(sealed), _) => {
            let token = key.open(&sealed)?;
            let attempt = Attempt {
                graph: &state.meta.graph,
                key,
                public_url,
                store: &state.store,
                token,
                now,
                status_poll: state.meta.status_poll,
            };
            let result = match platform {
                Platform::Instagram => attempt.instagram(&publication).await,
                Platform::Facebook => attempt.facebook(&publication).await,
            };
            match result {
                Ok(outcome) => outcome,
                Err(AttemptError::Store(error)) => return Err(error),
                Err(AttemptError::Graph(error)) => {
                    on_graph_error(state, &publication, &error, now).await?
                }
            }
        }
    };
    let id = publication.id.clone();
    let done = matches!(outcome, Outcome::Published { .. });
    state
        .store
        .run(move |db| match outcome {
            Outcome::Published { meta_id, permalink } => {
                db.meta()
                    .finish_publication(&id, &meta_id, permalink.as_deref(), now)
            }
            Outcome::Wait { reason, at } => db.meta().defer_publication(&id, &reason, at, now),
            Outcome::Failed(reason) => db.meta().fail_publication(&id, &reason, now),
        })
        .await?;
    Ok(done)
}

/// What a Graph error means for this publication (META-GRAPH §9).
async fn on_graph_error(
    state: &AppState,
    publication: &Publication,
    error: &GraphError,
    now: OffsetDateTime,
) -> Result<Outcome, Error> {
    let reason = error.explain();
    Ok(match error.failure {
        Failure::TokenInvalid => {
            super::note_token_failure(state, error, now).await?;
            Outcome::Wait {
                reason: format!(
                    "Sambungan Meta terputus: {reason} Publikasi menunggu dan tidak hilang."
                ),
                at: now + time::Duration::minutes(5),
            }
        }
        Failure::Throttled { wait_secs } => {
            let until = now + time::Duration::seconds(i64::try_from(wait_secs).unwrap_or(3600));
            let platform = publication.platform;
            let account = publication.account_meta_id.clone();
            state
                .store
                .run(move |db| {
                    db.meta()
                        .set_meta_account_blocked(platform, &account, Some(until))
                })
                .await?;
            Outcome::Wait { reason, at: until }
        }
        Failure::NotReady => Outcome::Wait {
            reason,
            at: now + time::Duration::seconds(30),
        },
        Failure::QuotaReached => quota_wait(now),
        Failure::Transient if publication.attempts + 1 < MAX_ATTEMPTS => {
            let backoff = 30i64 << publication.attempts.clamp(0, 6);
            Outcome::Wait {
                reason,
                at: now + time::Duration::seconds(backoff),
            }
        }
        _ => Outcome::Failed(reason),
    })
}

fn quota_wait(now: OffsetDateTime) -> Outcome {
    let at = now + time::Duration::hours(1);
    Outcome::Wait {
        reason: format!(
            "Batas terbit Instagram 24 jam untuk akun ini sudah tercapai. Dicoba lagi pada jendela berikutnya, mulai {}.",
            crate::clock::show_wib(at)
        ),
        at,
    }
}

enum AttemptError {
    Graph(GraphError),
    Store(Error),
}

impl From<GraphError> for AttemptError {
    fn from(e: GraphError) -> Self {
        AttemptError::Graph(e)
    }
}

impl From<Error> for AttemptError {
    fn from(e: Error) -> Self {
        AttemptError::Store(e)
    }
}

impl Attempt<'_> {
    async fn save(&self, id: &str, progress: &Progress) -> Result<(), Error> {
        let id = id.to_owned();
        let text = progress.text();
        let now = self.now;
        self.store
            .run(move |db| db.meta().save_publication_progress(&id, &text, now))
            .await
    }

    fn link(&self, sha256: &str) -> String {
        media_link(self.public_url, self.key, sha256, self.now)
    }

    async fn instagram(&self, p: &Publication) -> Result<Outcome, AttemptError> {
        let ig = &p.account_meta_id;
        let mut progress = Progress::parse(&p.progress);
        if let Some(since) = progress.going_public_at.clone() {
            // The last attempt stopped at or after `media_publish`: find out whether it landed.
            if let Some(container) = &progress.container {
                let status: ContainerStatus = self
                    .graph
                    .get(
                        container,
                        &[("fields", "status_code,status".to_owned())],
                        &self.token,
                    )
                    .await?;
                if status.status_code.as_deref() == Some("PUBLISHED") {
                    if let Some(found) = self.recent_instagram(ig, &p.caption, &since).await? {
                        return Ok(found);
                    }
                    return Ok(Outcome::Failed(
                        "Meta mencatat kontainer ini sudah terbit, tetapi postingannya tidak ditemukan. Periksa akun Instagram; publikasi tidak diulang agar tidak terbit dua kali.".to_owned(),
                    ));
                }
            }
            progress.going_public_at = None;
        }
        if progress.container.is_none() {
            let caption = ("caption", p.caption.clone());
            if p.media.len() == 1 {
                let mut form = vec![("image_url", self.link(&p.media[0])), caption];
                if !p.alt_text.is_empty() {
                    form.push(("alt_text", p.alt_text.clone()));
                }
                let made: IdAnswer = self
                    .graph
                    .post(&format!("{ig}/media"), &form, &self.token)
                    .await?;
                progress.container = Some(made.id);
            } else {
                while progress.children.len() < p.media.len() {
                    let sha = &p.media[progress.children.len()];
                    let mut form = vec![
                        ("image_url", self.link(sha)),
                        ("is_carousel_item", "true".to_owned()),
                    ];
                    if !p.alt_text.is_empty() {
                        form.push(("alt_text", p.alt_text.clone()));
                    }
                    let made: IdAnswer = self
                        .graph
                        .post(&format!("{ig}/media"), &form, &self.token)
                        .await?;
                    progress.children.push(made.id);
                    self.save(&p.id, &progress).await?;
                }
                let form = vec![
                    ("media_type", "CAROUSEL".to_owned()),
                    ("children", progress.children.join(",")),
                    caption,
                ];
                let made: IdAnswer = self
                    .graph
                    .post(&format!("{ig}/media"), &form, &self.token)
                    .await?;
                progress.container = Some(made.id);
            }
            self.save(&p.id, &progress).await?;
        }
        let container = progress.container.clone().expect("set above");
        // Wait for the container (META-GRAPH §4: IN_PROGRESS, then FINISHED).
        let mut ready = false;
        for read in 0..STATUS_READS {
            let status: ContainerStatus = self
                .graph
                .get(
                    &container,
                    &[("fields", "status_code,status".to_owned())],
                    &self.token,
                )
                .await?;
            match status.status_code.as_deref() {
                Some("FINISHED") => {
                    ready = true;
                    break;
                }
                Some("ERROR") => {
                    return Ok(Outcome::Failed(format!(
                        "Meta gagal memproses fotonya ({}). Periksa fotonya (JPEG, rasio 4:5 sampai 1,91:1) lalu jadwalkan ulang.",
                        status.status.unwrap_or_default()
                    )))
                }
                Some("EXPIRED") => {
                    // Not published within 24 h: start over with fresh containers.
                    self.save(&p.id, &Progress::default()).await?;
                    return Ok(Outcome::Wait {
                        reason: "Kontainer Instagram kedaluwarsa; dibuat ulang.".to_owned(),
                        at: self.now,
                    });
                }
                Some("PUBLISHED") => {
                    if let Some(found) = self
                        .recent_instagram(ig, &p.caption, &to_stored(self.now - time::Duration::days(1)))
                        .await?
                    {
                        return Ok(found);
                    }
                }
                _ => {}
            }
            if read + 1 < STATUS_READS {
                tokio::time::sleep(self.status_poll).await;
            }
        }
        if !ready {
            return Ok(Outcome::Wait {
                reason: "Foto masih diproses Meta; diperiksa lagi sebentar lagi.".to_owned(),
                at: self.now + time::Duration::seconds(30),
            });
        }
        // The quota, read live (META-GRAPH §12: 100 or 50 a day).
        let quota: QuotaAnswer = self
            .graph
            .get(
                &format!("{ig}/content_publishing_limit"),
                &[("fields", "quota_usage,config".to_owned())],
                &self.token,
            )
            .await?;
        if let Some(q) = quota.data.first() {
            if let Some(config) = &q.config {
                if q.quota_usage >= config.quota_total {
                    return Ok(quota_wait(self.now));
                }
            }
        }
        progress.going_public_at = Some(to_stored(self.now));
        self.save(&p.id, &progress).await?;
        let published: IdAnswer = self
            .graph
            .post(
                &format!("{ig}/media_publish"),
                &[("creation_id", container)],
                &self.token,
            )
            .await?;
        let link: Permalinked = self
            .graph
            .get(
                &published.id,
                &[("fields", "permalink".to_owned())],
                &self.token,
            )
            .await
            .unwrap_or(Permalinked {
                permalink: None,
                permalink_url: None,
            });
        Ok(Outcome::Published {
            meta_id: published.id,
            permalink: link.permalink,
        })
    }

    /// The account's post with this caption made since `since`, if any.
    async fn recent_instagram(
        &self,
        ig: &str,
        caption: &str,
        since: &str,
    ) -> Result<Option<Outcome>, GraphError> {
        let since =
            crate::clock::from_stored(since).unwrap_or(self.now) - time::Duration::minutes(10);
        let recent: super::graph::Page<RecentIg> = self
            .graph
            .get(
                &format!("{ig}/media"),
                &[
                    ("fields", "id,caption,timestamp,permalink".to_owned()),
                    ("limit", "25".to_owned()),
                ],
                &self.token,
            )
            .await?;
        Ok(recent.data.into_iter().find_map(|m| {
            let at = m.timestamp.as_deref().and_then(super::graph::parse_time)?;
            (at >= since && m.caption.as_deref().unwrap_or("") == caption).then_some(
                Outcome::Published {
                    meta_id: m.id,
                    permalink: m.permalink,
                },
            )
        }))
    }

    async fn facebook(&self, p: &Publication) -> Result<Outcome, AttemptError> {
        let page = &p.account_meta_id;
        let mut progress = Progress::parse(&p.progress);
        if let Some(since) = progress.going_public_at.clone() {
            if let Some(found) = self.recent_facebook(page, &p.caption, &since).await? {
                return Ok(found);
            }
            progress.going_public_at = None;
        }
        if p.media.len() == 1 {
            progress.going_public_at = Some(to_stored(self.now));
            self.save(&p.id, &progress).await?;
            let made: IdAnswer = self
                .graph
                .post(
                    &format!("{page}/photos"),
                    &[
                        ("url", self.link(&p.media[0])),
                        ("message", p.caption.clone()),
                    ],
                    &self.token,
                )
                .await?;
            let post = made.post_id.unwrap_or(made.id);
            return Ok(self.facebook_published(post).await);
        }
        while progress.photos.len() < p.media.len() {
            let sha = &p.media[progress.photos.len()];
            let made: IdAnswer = self
                .graph
                .post(
                    &format!("{page}/photos"),
                    &[("url", self.link(sha)), ("published", "false".to_owned())],
                    &self.token,
                )
                .await?;
            progress.photos.push(made.id);
            self.save(&p.id, &progress).await?;
        }
        progress.going_public_at = Some(to_stored(self.now));
        self.save(&p.id, &progress).await?;
        let mut form = vec![("message".to_owned(), p.caption.clone())];
        for (i, photo) in progress.photos.iter().enumerate() {
            form.push((
                format!("attached_media[{i}]"),
                serde_json::json!({ "media_fbid": photo }).to_string(),
            ));
        }
        let form_refs: Vec<(&str, String)> =
            form.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        let made: IdAnswer = self
            .graph
            .post(&format!("{page}/feed"), &form_refs, &self.token)
            .await?;
        Ok(self.facebook_published(made.id).await)
    }

    async fn facebook_published(&self, post: String) -> Outcome {
        let link: Option<Permalinked> = self
            .graph
            .get(
                &post,
                &[("fields", "permalink_url".to_owned())],
                &self.token,
            )
            .await
            .ok();
        Outcome::Published {
            meta_id: post,
            permalink: link.and_then(|l| l.permalink_url),
        }
    }

    async fn recent_facebook(
        &self,
        page: &str,
        caption: &str,
        since: &str,
    ) -> Result<Option<Outcome>, GraphError> {
        let since =
            crate::clock::from_stored(since).unwrap_or(self.now) - time::Duration::minutes(10);
        let recent: super::graph::Page<RecentFb> = self
            .graph
            .get(
                &format!("{page}/feed"),
                &[
                    ("fields", "id,message,created_time,permalink_url".to_owned()),
                    ("since", since.unix_timestamp().to_string()),
                    ("limit", "25".to_owned()),
                ],
                &self.token,
            )
            .await?;
        Ok(recent.data.into_iter().find_map(|post| {
            let at = post
                .created_time
                .as_deref()
                .and_then(super::graph::parse_time)?;
            (at >= since && post.message.as_deref().unwrap_or("") == caption).then_some(
                Outcome::Published {
                    meta_id: post.id,
                    permalink: post.permalink_url,
                },
            )
        }))
    }
}
