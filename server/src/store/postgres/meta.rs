//! [`MetaStore`] and [`MetaInsightStore`] over PostgreSQL (as `sqlite::meta`).
//!
//! Where SQLite's one writer made a read-then-write safe, the PostgreSQL version takes a
//! transaction-scoped advisory lock on the publication's or reply's id first, so two hub
//! processes handling the same id take turns.

use super::devices::instant;
use super::PgStore;
use crate::clock::{format_day, to_stored};
use crate::error::Error;
use crate::store::meta::{
    Account, AgencyReach, AgencyRef, Connection, FoundAccount, MetaInsightStore, MetaPost,
    MetaStore, NewComment, NewPublication, Publication, PublicationState, Reply, Upserted,
    WatchedPost,
};
use medsos_protocol::Platform;
use postgres::{Row, Transaction};
use std::collections::HashSet;
use time::OffsetDateTime;

fn platform_at(row: &Row, index: usize) -> Result<Platform, Error> {
    let text: String = row.try_get(index)?;
    Platform::parse(&text)
        .ok_or_else(|| Error::Store(format!("platform tersimpan tidak dikenal: {text}")))
}

fn required_instant(row: &Row, index: usize) -> Result<OffsetDateTime, Error> {
    instant(row, index)?
        .ok_or_else(|| Error::Store(format!("kolom {index} bukan waktu tersimpan yang sah")))
}

/// Makes concurrent work on one key (`kind` and `id`) take turns until the transaction ends.
fn lock_key(tx: &mut Transaction<'_>, kind: &str, id: &str) -> Result<(), Error> {
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || $2, 0))",
        &[&kind, &id],
    )?;
    Ok(())
}

const ACCOUNT_COLUMNS: &str = "m.platform, m.meta_id, m.page_id, m.name, m.handle, m.agency_id,
     a.code, a.name, m.matched_by, m.followers, m.gone, m.blocked_until";

fn account_at(row: &Row) -> Result<Account, Error> {
    let agency = match row.try_get::<_, Option<i64>>(5)? {
        Some(id) => Some(AgencyRef {
            id,
            code: row.try_get(6)?,
            name: row.try_get(7)?,
        }),
        None => None,
    };
    Ok(Account {
        platform: platform_at(row, 0)?,
        meta_id: row.try_get(1)?,
        page_id: row.try_get(2)?,
        name: row.try_get(3)?,
        handle: row.try_get(4)?,
        agency,
        matched_by: row.try_get(8)?,
        followers: row.try_get(9)?,
        gone: row.try_get(10)?,
        blocked_until: instant(row, 11)?,
    })
}

const PUBLICATION_COLUMNS: &str = "id, agency_id, platform, account_meta_id, scheduled_at,
     caption, alt_text, media, state, progress, meta_id, permalink, published_at, failure,
     waiting_reason, attempts, next_attempt_at, updated_at";

fn publication_at(row: &Row) -> Result<Publication, Error> {
    let media: String = row.try_get(7)?;
    let state: String = row.try_get(8)?;
    Ok(Publication {
        id: row.try_get(0)?,
        agency_id: row.try_get(1)?,
        platform: platform_at(row, 2)?,
        account_meta_id: row.try_get(3)?,
        scheduled_at: required_instant(row, 4)?,
        caption: row.try_get(5)?,
        alt_text: row.try_get(6)?,
        media: serde_json::from_str(&media).unwrap_or_default(),
        state: PublicationState::parse(&state).unwrap_or(PublicationState::Failed),
        progress: row.try_get(9)?,
        meta_id: row.try_get(10)?,
        permalink: row.try_get(11)?,
        published_at: instant(row, 12)?,
        failure: row.try_get(13)?,
        waiting_reason: row.try_get(14)?,
        attempts: row.try_get(15)?,
        next_attempt_at: instant(row, 16)?,
        updated_at: required_instant(row, 17)?,
    })
}

fn limit_of(limit: usize) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

impl MetaStore for PgStore {
    fn meta_connection(&self) -> Result<Option<Connection>, Error> {
        self.conn()?
            .query_opt(
                "SELECT token_sealed, connected_at, checked_at, broken_reason, broken_at
                 FROM meta_connection WHERE id = 1",
                &[],
            )?
            .map(|row| {
                Ok(Connection {
                    token_sealed: row.try_get(0)?,
                    connected_at: required_instant(&row, 1)?,
                    checked_at: required_instant(&row, 2)?,
                    broken_reason: row.try_get(3)?,
                    broken_at: instant(&row, 4)?,
                })
            })
            .transpose()
    }

    fn save_meta_connection(
        &self,
        token_sealed: &str,
        found: &[FoundAccount],
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let now_text = to_stored(now);
        tx.execute(
            "INSERT INTO meta_connection (id, token_sealed, connected_at, checked_at)
             VALUES (1, $1, $2, $2)
             ON CONFLICT (id) DO UPDATE SET token_sealed = excluded.token_sealed,
                 connected_at = excluded.connected_at, checked_at = excluded.checked_at,
                 broken_reason = NULL, broken_at = NULL",
            &[&token_sealed, &now_text],
        )?;
        tx.execute("UPDATE meta_accounts SET gone = TRUE", &[])?;
        let upsert = tx.prepare(
            "INSERT INTO meta_accounts (platform, meta_id, page_id, name, handle,
                 page_token_sealed, agency_id, matched_by, seen_at, gone)
             VALUES ($1, $2, $3, $4, $5, $6, $7,
                     CASE WHEN $7::bigint IS NULL THEN NULL ELSE 'otomatis' END, $8, FALSE)
             ON CONFLICT (platform, meta_id) DO UPDATE SET
                 page_id = excluded.page_id, name = excluded.name, handle = excluded.handle,
                 page_token_sealed = excluded.page_token_sealed, seen_at = excluded.seen_at,
                 gone = FALSE,
                 agency_id = COALESCE(excluded.agency_id, meta_accounts.agency_id),
                 matched_by = CASE WHEN excluded.agency_id IS NULL THEN meta_accounts.matched_by
                                   ELSE 'otomatis' END",
        )?;
        for account in found {
            tx.execute(
                &upsert,
                &[
                    &account.platform.as_str(),
                    &account.meta_id,
                    &account.page_id,
                    &account.name,
                    &account.handle,
                    &account.page_token_sealed,
                    &account.matched_agency,
                    &now_text,
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn mark_meta_broken(&self, reason: &str, now: OffsetDateTime) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_connection SET broken_reason = $1,
                 broken_at = COALESCE(broken_at, $2), checked_at = $2 WHERE id = 1",
            &[&reason, &to_stored(now)],
        )?;
        Ok(())
    }

    fn meta_accounts(&self) -> Result<Vec<Account>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM meta_accounts m
                     LEFT JOIN agencies a ON a.id = m.agency_id
                     ORDER BY m.gone, m.agency_id IS NULL DESC, a.name, m.platform, m.name"
                ),
                &[],
            )?
            .iter()
            .map(account_at)
            .collect()
    }

    fn agency_meta_account(
        &self,
        agency_id: i64,
        platform: Platform,
    ) -> Result<Option<(Account, String)>, Error> {
        self.conn()?
            .query_opt(
                &format!(
                    "SELECT {ACCOUNT_COLUMNS}, m.page_token_sealed
                     FROM meta_accounts m LEFT JOIN agencies a ON a.id = m.agency_id
                     WHERE m.agency_id = $1 AND m.platform = $2 AND NOT m.gone
                     ORDER BY m.meta_id LIMIT 1"
                ),
                &[&agency_id, &platform.as_str()],
            )?
            .map(|row| Ok((account_at(&row)?, row.try_get::<_, String>(12)?)))
            .transpose()
    }

    fn meta_account_token(
        &self,
        platform: Platform,
        meta_id: &str,
    ) -> Result<Option<String>, Error> {
        self.conn()?
            .query_opt(
                "SELECT page_token_sealed FROM meta_accounts WHERE platform = $1 AND meta_id = $2",
                &[&platform.as_str(), &meta_id],
            )?
            .map(|row| Ok(row.try_get(0)?))
            .transpose()
    }

    fn assign_meta_account(
        &self,
        platform: Platform,
        meta_id: &str,
        agency_id: Option<i64>,
        officer: &str,
    ) -> Result<(), Error> {
        let changed = self.conn()?.execute(
            "UPDATE meta_accounts SET agency_id = $3,
                 matched_by = CASE WHEN $3::bigint IS NULL THEN NULL ELSE $4 END
             WHERE platform = $1 AND meta_id = $2",
            &[&platform.as_str(), &meta_id, &agency_id, &officer],
        )?;
        if changed == 0 {
            return Err(Error::NotFound(format!("akun Meta {meta_id}")));
        }
        Ok(())
    }

    fn connected_meta_handles(&self) -> Result<HashSet<(i64, Platform, String)>, Error> {
        self.conn()?
            .query(
                "SELECT agency_id, platform, handle FROM meta_accounts
                 WHERE agency_id IS NOT NULL AND NOT gone AND handle IS NOT NULL
                 UNION
                 SELECT agency_id, platform, meta_id FROM meta_accounts
                 WHERE agency_id IS NOT NULL AND NOT gone AND platform = 'facebook'",
                &[],
            )?
            .iter()
            .map(|row| {
                let handle: String = row.try_get(2)?;
                Ok((
                    row.try_get::<_, i64>(0)?,
                    platform_at(row, 1)?,
                    handle.trim().trim_start_matches('@').to_lowercase(),
                ))
            })
            .collect()
    }

    fn publication_counts(&self, since: OffsetDateTime) -> Result<(i64, i64, i64), Error> {
        let row = self.conn()?.query_one(
            "SELECT COUNT(*) FILTER (WHERE state = 'menunggu'),
                    COUNT(*) FILTER (WHERE state = 'diterbitkan' AND published_at >= $1),
                    COUNT(*) FILTER (WHERE state = 'gagal' AND updated_at >= $1)
             FROM meta_publications",
            &[&to_stored(since)],
        )?;
        Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
    }

    fn set_meta_account_blocked(
        &self,
        platform: Platform,
        meta_id: &str,
        until: Option<OffsetDateTime>,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_accounts SET blocked_until = $3 WHERE platform = $1 AND meta_id = $2",
            &[&platform.as_str(), &meta_id, &until.map(to_stored)],
        )?;
        Ok(())
    }

    fn set_meta_followers(
        &self,
        platform: Platform,
        meta_id: &str,
        followers: i64,
        day: time::Date,
    ) -> Result<(), Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        tx.execute(
            "UPDATE meta_accounts SET followers = $3 WHERE platform = $1 AND meta_id = $2",
            &[&platform.as_str(), &meta_id, &followers],
        )?;
        tx.execute(
            "INSERT INTO meta_followers (platform, meta_id, agency_id, day, followers)
             SELECT platform, meta_id, agency_id, $4, $3 FROM meta_accounts
             WHERE platform = $1 AND meta_id = $2 AND agency_id IS NOT NULL
             ON CONFLICT (platform, meta_id, day) DO UPDATE SET followers = excluded.followers",
            &[&platform.as_str(), &meta_id, &followers, &format_day(day)],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn put_meta_media(
        &self,
        agency_id: i64,
        sha256: &str,
        bytes: &[u8],
        size: (u32, u32),
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let inserted = self.conn()?.execute(
            "INSERT INTO meta_media (sha256, agency_id, bytes, width, height, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sha256) DO NOTHING",
            &[
                &sha256,
                &agency_id,
                &bytes,
                &i64::from(size.0),
                &i64::from(size.1),
                &to_stored(now),
            ],
        )?;
        Ok(inserted == 1)
    }

    fn agency_has_media(&self, agency_id: i64, hashes: &[String]) -> Result<Vec<bool>, Error> {
        // The same photo uploaded by another agency is content Meta may fetch for this one
        // too; what matters is that the hub holds it.
        let _ = agency_id;
        let held: HashSet<String> = self
            .conn()?
            .query(
                "SELECT sha256 FROM meta_media WHERE sha256 = ANY($1)",
                &[&hashes],
            )?
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?;
        Ok(hashes.iter().map(|hash| held.contains(hash)).collect())
    }

    fn meta_media(&self, sha256: &str) -> Result<Option<Vec<u8>>, Error> {
        self.conn()?
            .query_opt("SELECT bytes FROM meta_media WHERE sha256 = $1", &[&sha256])?
            .map(|row| Ok(row.try_get(0)?))
            .transpose()
    }

    fn upsert_publication(
        &self,
        agency_id: i64,
        publication: &NewPublication,
        now: OffsetDateTime,
    ) -> Result<Upserted, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_key(&mut tx, "publication", &publication.id)?;
        let existing = tx
            .query_opt(
                &format!("SELECT {PUBLICATION_COLUMNS} FROM meta_publications WHERE id = $1"),
                &[&publication.id],
            )?
            .map(|row| publication_at(&row))
            .transpose()?;
        let media = serde_json::to_string(&publication.media)
            .map_err(|e| Error::Store(format!("daftar media tidak dapat ditulis: {e}")))?;
        let now_text = to_stored(now);
        let outcome = match existing {
            Some(found) if found.agency_id != agency_id => {
                return Err(Error::Conflict {
                    code: "publication.id_taken",
                    message: format!(
                        "Id publikasi {} sudah dipakai PD lain. Buat id baru.",
                        publication.id
                    ),
                })
            }
            Some(found) if found.state != PublicationState::Waiting => {
                let same = found.platform == publication.platform
                    && found.scheduled_at == publication.scheduled_at
                    && found.caption == publication.caption
                    && found.alt_text == publication.alt_text
                    && found.media == publication.media
                    && found.state != PublicationState::Withdrawn;
                if same {
                    Upserted::Unchanged
                } else {
                    return Err(Error::Conflict {
                        code: "publication.not_waiting",
                        message: format!(
                            "Publikasi {} sudah {} dan tidak dapat diubah lagi.",
                            publication.id,
                            found.state.as_str()
                        ),
                    });
                }
            }
            Some(found) => {
                let same = found.platform == publication.platform
                    && found.account_meta_id == publication.account_meta_id
                    && found.scheduled_at == publication.scheduled_at
                    && found.caption == publication.caption
                    && found.alt_text == publication.alt_text
                    && found.media == publication.media;
                if same {
                    Upserted::Unchanged
                } else {
                    // A changed publication starts over only if nothing was made on Meta yet.
                    if found.progress != "{}" {
                        return Err(Error::Conflict {
                            code: "publication.in_progress",
                            message: format!(
                                "Publikasi {} sedang diterbitkan dan tidak dapat diubah lagi.",
                                publication.id
                            ),
                        });
                    }
                    tx.execute(
                        "UPDATE meta_publications SET platform = $2, account_meta_id = $3,
                             scheduled_at = $4, caption = $5, alt_text = $6, media = $7,
                             waiting_reason = NULL, next_attempt_at = NULL, attempts = 0,
                             updated_at = $8
                         WHERE id = $1",
                        &[
                            &publication.id,
                            &publication.platform.as_str(),
                            &publication.account_meta_id,
                            &to_stored(publication.scheduled_at),
                            &publication.caption,
                            &publication.alt_text,
                            &media,
                            &now_text,
                        ],
                    )?;
                    Upserted::Changed
                }
            }
            None => {
                tx.execute(
                    "INSERT INTO meta_publications (id, agency_id, platform, account_meta_id,
                         scheduled_at, caption, alt_text, media, state, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'menunggu', $9, $9)",
                    &[
                        &publication.id,
                        &agency_id,
                        &publication.platform.as_str(),
                        &publication.account_meta_id,
                        &to_stored(publication.scheduled_at),
                        &publication.caption,
                        &publication.alt_text,
                        &media,
                        &now_text,
                    ],
                )?;
                Upserted::Created
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    fn withdraw_publication(
        &self,
        agency_id: i64,
        id: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_key(&mut tx, "publication", id)?;
        let state = tx
            .query_opt(
                "SELECT agency_id, state, progress FROM meta_publications WHERE id = $1",
                &[&id],
            )?
            .map(|row| -> Result<(i64, String, String), Error> {
                Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
            })
            .transpose()?;
        let answer = match state {
            Some((owner, _, _)) if owner != agency_id => Ok(false),
            Some((_, state, _)) if state == "ditarik" => Ok(true),
            Some((_, state, progress)) if state == "menunggu" && progress == "{}" => {
                tx.execute(
                    "UPDATE meta_publications SET state = 'ditarik', updated_at = $2 WHERE id = $1",
                    &[&id, &to_stored(now)],
                )?;
                Ok(true)
            }
            Some((_, state, _)) => Err(Error::Conflict {
                code: "publication.not_waiting",
                message: format!(
                    "Publikasi {id} sudah {} dan tidak dapat ditarik lagi.",
                    if state == "menunggu" {
                        "sedang diterbitkan"
                    } else {
                        state.as_str()
                    }
                ),
            }),
            None => Ok(false),
        };
        tx.commit()?;
        answer
    }

    fn publication(&self, id: &str) -> Result<Option<Publication>, Error> {
        self.conn()?
            .query_opt(
                &format!("SELECT {PUBLICATION_COLUMNS} FROM meta_publications WHERE id = $1"),
                &[&id],
            )?
            .map(|row| publication_at(&row))
            .transpose()
    }

    fn agency_publications(
        &self,
        agency_id: i64,
        since: Option<OffsetDateTime>,
    ) -> Result<Vec<Publication>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {PUBLICATION_COLUMNS} FROM meta_publications
                     WHERE agency_id = $1 AND ($2::text IS NULL OR updated_at > $2)
                     ORDER BY updated_at, id"
                ),
                &[&agency_id, &since.map(to_stored)],
            )?
            .iter()
            .map(publication_at)
            .collect()
    }

    fn due_publications(
        &self,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<Publication>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {PUBLICATION_COLUMNS} FROM meta_publications
                     WHERE state = 'menunggu' AND scheduled_at <= $1
                       AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
                     ORDER BY scheduled_at, id LIMIT $2"
                ),
                &[&to_stored(now), &limit_of(limit)],
            )?
            .iter()
            .map(publication_at)
            .collect()
    }

    fn save_publication_progress(
        &self,
        id: &str,
        progress: &str,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_publications SET progress = $2, updated_at = $3 WHERE id = $1",
            &[&id, &progress, &to_stored(now)],
        )?;
        Ok(())
    }

    fn finish_publication(
        &self,
        id: &str,
        meta_id: &str,
        permalink: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_publications SET state = 'diterbitkan', meta_id = $2, permalink = $3,
                 published_at = $4, waiting_reason = NULL, failure = NULL,
                 next_attempt_at = NULL, updated_at = $4
             WHERE id = $1",
            &[&id, &meta_id, &permalink, &to_stored(now)],
        )?;
        Ok(())
    }

    fn fail_publication(&self, id: &str, reason: &str, now: OffsetDateTime) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_publications SET state = 'gagal', failure = $2, waiting_reason = NULL,
                 attempts = attempts + 1, next_attempt_at = NULL, updated_at = $3
             WHERE id = $1",
            &[&id, &reason, &to_stored(now)],
        )?;
        Ok(())
    }

    fn defer_publication(
        &self,
        id: &str,
        reason: &str,
        next_attempt_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_publications SET waiting_reason = $2, next_attempt_at = $3,
                 attempts = attempts + 1, updated_at = $4
             WHERE id = $1",
            &[&id, &reason, &to_stored(next_attempt_at), &to_stored(now)],
        )?;
        Ok(())
    }
}

fn reply_at(row: &Row) -> Result<Reply, Error> {
    Ok(Reply {
        id: row.try_get(0)?,
        agency_id: row.try_get(1)?,
        comment_id: row.try_get(2)?,
        platform: platform_at(row, 3)?,
        message: row.try_get(4)?,
        state: row.try_get(5)?,
        meta_id: row.try_get(6)?,
        failure: row.try_get(7)?,
        attempts: row.try_get(8)?,
        updated_at: required_instant(row, 9)?,
    })
}

const REPLY_COLUMNS: &str = "r.id, r.agency_id, r.comment_id, c.platform, r.message, r.state,
     r.meta_id, r.failure, r.attempts, r.updated_at";

fn post_at(row: &Row) -> Result<MetaPost, Error> {
    Ok(MetaPost {
        platform: platform_at(row, 0)?,
        meta_id: row.try_get(1)?,
        agency_id: row.try_get(2)?,
        account_meta_id: row.try_get(3)?,
        permalink: row.try_get(4)?,
        published_at: required_instant(row, 5)?,
        views: row.try_get(6)?,
        reach: row.try_get(7)?,
        likes: row.try_get(8)?,
        comments: row.try_get(9)?,
        shares: row.try_get(10)?,
        saved: row.try_get(11)?,
    })
}

impl MetaInsightStore for PgStore {
    fn upsert_meta_post(&self, post: &MetaPost, now: OffsetDateTime) -> Result<(), Error> {
        self.conn()?.execute(
            "INSERT INTO meta_posts (platform, meta_id, agency_id, account_meta_id, permalink,
                 published_at, views, reach, likes, comments, shares, saved, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (platform, meta_id) DO UPDATE SET
                 agency_id = excluded.agency_id,
                 permalink = COALESCE(excluded.permalink, meta_posts.permalink),
                 views = COALESCE(excluded.views, meta_posts.views),
                 reach = COALESCE(excluded.reach, meta_posts.reach),
                 likes = COALESCE(excluded.likes, meta_posts.likes),
                 comments = COALESCE(excluded.comments, meta_posts.comments),
                 shares = COALESCE(excluded.shares, meta_posts.shares),
                 saved = COALESCE(excluded.saved, meta_posts.saved),
                 fetched_at = excluded.fetched_at",
            &[
                &post.platform.as_str(),
                &post.meta_id,
                &post.agency_id,
                &post.account_meta_id,
                &post.permalink,
                &to_stored(post.published_at),
                &post.views,
                &post.reach,
                &post.likes,
                &post.comments,
                &post.shares,
                &post.saved,
                &to_stored(now),
            ],
        )?;
        Ok(())
    }

    fn watched_posts(&self, since: OffsetDateTime) -> Result<Vec<WatchedPost>, Error> {
        self.conn()?
            .query(
                "SELECT p.platform, p.meta_id, p.agency_id, p.account_meta_id, m.handle,
                        p.permalink, p.comments_seen_until
                 FROM meta_posts p
                 JOIN meta_accounts m ON m.platform = p.platform AND m.meta_id = p.account_meta_id
                 WHERE p.published_at >= $1 AND NOT m.gone AND m.agency_id = p.agency_id
                 ORDER BY p.published_at DESC",
                &[&to_stored(since)],
            )?
            .iter()
            .map(|row| {
                Ok(WatchedPost {
                    platform: platform_at(row, 0)?,
                    meta_id: row.try_get(1)?,
                    agency_id: row.try_get(2)?,
                    account_meta_id: row.try_get(3)?,
                    account_handle: row.try_get(4)?,
                    permalink: row.try_get(5)?,
                    comments_seen_until: instant(row, 6)?,
                })
            })
            .collect()
    }

    fn set_comments_seen(
        &self,
        platform: Platform,
        meta_id: &str,
        until: OffsetDateTime,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_posts SET comments_seen_until = $3 WHERE platform = $1 AND meta_id = $2",
            &[&platform.as_str(), &meta_id, &to_stored(until)],
        )?;
        Ok(())
    }

    fn insert_meta_comments(
        &self,
        comments: &[NewComment],
        now: OffsetDateTime,
    ) -> Result<usize, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        let insert = tx.prepare(
            "INSERT INTO meta_comments (comment_id, platform, agency_id, post_meta_id,
                 permalink, author, text, commented_at, fetched_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (comment_id) DO NOTHING",
        )?;
        let mut new = 0;
        for c in comments {
            new += tx.execute(
                &insert,
                &[
                    &c.comment_id,
                    &c.platform.as_str(),
                    &c.agency_id,
                    &c.post_meta_id,
                    &c.permalink,
                    &c.author,
                    &c.text,
                    &to_stored(c.commented_at),
                    &to_stored(now),
                ],
            )?;
        }
        tx.commit()?;
        Ok(usize::try_from(new).unwrap_or(usize::MAX))
    }

    fn pending_comments(&self, agency_id: i64, limit: usize) -> Result<Vec<NewComment>, Error> {
        self.conn()?
            .query(
                "SELECT comment_id, platform, agency_id, post_meta_id, permalink, author, text,
                        commented_at
                 FROM meta_comments WHERE agency_id = $1 AND acked_at IS NULL
                 ORDER BY commented_at, comment_id LIMIT $2",
                &[&agency_id, &limit_of(limit)],
            )?
            .iter()
            .map(|row| {
                Ok(NewComment {
                    comment_id: row.try_get(0)?,
                    platform: platform_at(row, 1)?,
                    agency_id: row.try_get(2)?,
                    post_meta_id: row.try_get(3)?,
                    permalink: row.try_get(4)?,
                    author: row.try_get(5)?,
                    text: row.try_get::<_, Option<String>>(6)?.unwrap_or_default(),
                    commented_at: required_instant(row, 7)?,
                })
            })
            .collect()
    }

    fn ack_comments(
        &self,
        agency_id: i64,
        ids: &[String],
        now: OffsetDateTime,
    ) -> Result<usize, Error> {
        // One statement: every id acknowledged at once, or none.
        let acked = self.conn()?.execute(
            "UPDATE meta_comments SET acked_at = $3, text = NULL, author = NULL
             WHERE agency_id = $1 AND comment_id = ANY($2) AND acked_at IS NULL",
            &[&agency_id, &ids, &to_stored(now)],
        )?;
        Ok(usize::try_from(acked).unwrap_or(usize::MAX))
    }

    fn comment_platform(
        &self,
        agency_id: i64,
        comment_id: &str,
    ) -> Result<Option<Platform>, Error> {
        let found: Option<String> = self
            .conn()?
            .query_opt(
                "SELECT platform FROM meta_comments WHERE agency_id = $1 AND comment_id = $2",
                &[&agency_id, &comment_id],
            )?
            .map(|row| row.try_get(0))
            .transpose()?;
        Ok(found.as_deref().and_then(Platform::parse))
    }

    fn queue_reply(
        &self,
        agency_id: i64,
        id: &str,
        comment_id: &str,
        message: &str,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction()?;
        lock_key(&mut tx, "reply", id)?;
        let owner = tx
            .query_opt(
                "SELECT agency_id, comment_id, message FROM meta_comment_replies WHERE id = $1",
                &[&id],
            )?
            .map(|row| -> Result<(i64, String, String), Error> {
                Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
            })
            .transpose()?;
        let queued = match owner {
            Some((owner, comment, text))
                if owner == agency_id && comment == comment_id && text == message =>
            {
                false
            }
            Some(_) => {
                return Err(Error::Conflict {
                    code: "reply.id_taken",
                    message: format!(
                        "Id balasan {id} sudah dipakai untuk balasan lain. Buat id baru."
                    ),
                })
            }
            None => {
                tx.execute(
                    "INSERT INTO meta_comment_replies (id, agency_id, comment_id, message, state,
                         created_at, updated_at)
                     VALUES ($1, $2, $3, $4, 'menunggu', $5, $5)",
                    &[&id, &agency_id, &comment_id, &message, &to_stored(now)],
                )?;
                true
            }
        };
        tx.commit()?;
        Ok(queued)
    }

    fn pending_replies(&self, limit: usize) -> Result<Vec<Reply>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {REPLY_COLUMNS} FROM meta_comment_replies r
                     JOIN meta_comments c ON c.comment_id = r.comment_id
                     WHERE r.state = 'menunggu' ORDER BY r.created_at, r.id LIMIT $1"
                ),
                &[&limit_of(limit)],
            )?
            .iter()
            .map(reply_at)
            .collect()
    }

    fn agency_replies(&self, agency_id: i64) -> Result<Vec<Reply>, Error> {
        self.conn()?
            .query(
                &format!(
                    "SELECT {REPLY_COLUMNS} FROM meta_comment_replies r
                     JOIN meta_comments c ON c.comment_id = r.comment_id
                     WHERE r.agency_id = $1 ORDER BY r.created_at, r.id"
                ),
                &[&agency_id],
            )?
            .iter()
            .map(reply_at)
            .collect()
    }

    fn finish_reply(&self, id: &str, meta_id: &str, now: OffsetDateTime) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_comment_replies SET state = 'terkirim', meta_id = $2, failure = NULL,
                 updated_at = $3 WHERE id = $1",
            &[&id, &meta_id, &to_stored(now)],
        )?;
        Ok(())
    }

    fn fail_reply(
        &self,
        id: &str,
        reason: &str,
        give_up: bool,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        self.conn()?.execute(
            "UPDATE meta_comment_replies SET failure = $2, attempts = attempts + 1,
                 state = CASE WHEN $3 THEN 'gagal' ELSE state END, updated_at = $4
             WHERE id = $1",
            &[&id, &reason, &give_up, &to_stored(now)],
        )?;
        Ok(())
    }

    fn agency_meta_posts(
        &self,
        agency_id: i64,
        since: OffsetDateTime,
    ) -> Result<Vec<MetaPost>, Error> {
        self.conn()?
            .query(
                "SELECT platform, meta_id, agency_id, account_meta_id, permalink, published_at,
                        views, reach, likes, comments, shares, saved
                 FROM meta_posts WHERE agency_id = $1 AND published_at >= $2
                 ORDER BY published_at DESC",
                &[&agency_id, &to_stored(since)],
            )?
            .iter()
            .map(post_at)
            .collect()
    }

    fn reach_by_agency(
        &self,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> Result<Vec<AgencyReach>, Error> {
        self.conn()?
            .query(
                "SELECT agency_id,
                        COUNT(*) FILTER (WHERE platform = 'instagram'),
                        COUNT(*) FILTER (WHERE platform = 'facebook'),
                        CAST(COALESCE(SUM(reach), 0) AS BIGINT),
                        CAST(COALESCE(SUM(COALESCE(likes, 0) + COALESCE(comments, 0)
                                          + COALESCE(shares, 0) + COALESCE(saved, 0)), 0)
                             AS BIGINT)
                 FROM meta_posts WHERE published_at >= $1 AND published_at < $2
                 GROUP BY agency_id",
                &[&to_stored(from), &to_stored(to)],
            )?
            .iter()
            .map(|row| {
                Ok(AgencyReach {
                    agency_id: row.try_get(0)?,
                    posts_instagram: row.try_get(1)?,
                    posts_facebook: row.try_get(2)?,
                    reach: row.try_get(3)?,
                    interactions: row.try_get(4)?,
                })
            })
            .collect()
    }
}
