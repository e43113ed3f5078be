//! The Meta step of a sync (see [`crate::meta`]), last, after everything else: the hub's
//! publication states come back (a published slot is marked terbit with its permalink),
//! cancelled slots are withdrawn, scheduled slots of connected accounts are handed over with
//! their photos, comments come in (and are acknowledged so the hub forgets their text),
//! queued replies go out, and Meta's figures come back. An older hub without Meta answers
//! 404, and the manual path simply stays. Network I/O never holds the store.

use super::client::{HubClient, SendError};
use super::run::StoreAccess;
use crate::clock::Clock;
use crate::meta;
use medsos_protocol::{CommentAck, PublicationRequest};
use sha2::{Digest, Sha256};

/// What the Meta step did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetaReport {
    /// Slots marked terbit from the hub's answer.
    pub published: u32,
    /// Slots handed to the hub (new or changed).
    pub handed_over: u32,
    pub comments_received: u32,
    pub replies_sent: u32,
    /// The first failure, in plain words.
    pub error: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn text(error: &SendError) -> String {
    error.message().to_owned()
}

/// Runs the step. Failures are reported in [`MetaReport::error`]; nothing here stops the
/// rest of a sync, which has already happened.
pub fn exchange(
    store: &mut impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    token: &str,
    attempts: u32,
) -> MetaReport {
    let mut report = MetaReport::default();
    let list = match client.publications(token, attempts) {
        Ok(Some(list)) => list,
        // An older hub: nothing to do, and nothing wrong.
        Ok(None) => return report,
        Err(error) => {
            report.error = Some(format!(
                "Status terbit dari hub gagal diambil: {}",
                text(&error)
            ));
            return report;
        }
    };
    match store.with_conn_mut(|c| meta::apply_publications(c, clock, &list)) {
        Ok(n) => report.published = u32::try_from(n).unwrap_or(u32::MAX),
        Err(message) => {
            report.error = Some(message);
            return report;
        }
    }

    // Withdraw what should no longer go out.
    if let Ok(withdrawals) = store.with_conn(meta::withdrawals) {
        for w in withdrawals {
            match client.withdraw_publication(token, &w.publication_id, attempts) {
                Ok(()) => {
                    let _ = store.with_conn(|c| meta::record_withdrawn(c, clock, w.slot_id));
                }
                Err(error) => {
                    report.error.get_or_insert_with(|| text(&error));
                }
            }
        }
    }

    // Hand over scheduled slots of connected accounts.
    let plans = store.with_conn(|c| {
        let path = c.path().map(std::path::PathBuf::from).unwrap_or_default();
        let media_dir = crate::media::media_dir(&path);
        let installation = super::run::installation_id(c)?;
        Ok((meta::plans(c, clock, &media_dir, &installation)?, media_dir))
    });
    match plans {
        Ok((plans, media_dir)) => {
            'plans: for plan in plans {
                let mut hashes = Vec::new();
                for photo in &plan.photos {
                    let bytes = match crate::media::read_media_file(&media_dir, photo) {
                        Ok(bytes) => bytes,
                        Err(e) => {
                            report.error.get_or_insert_with(|| {
                                format!("Foto {} tidak dapat dibaca: {e}", photo.display())
                            });
                            continue 'plans;
                        }
                    };
                    let sha = hex(&Sha256::digest(&bytes));
                    if let Err(error) = client.put_media(token, &sha, bytes, attempts) {
                        if !error.is_retryable() {
                            let reason = text(&error);
                            let _ =
                                store.with_conn(|c| meta::record_refused(c, clock, &plan, &reason));
                        }
                        report.error.get_or_insert_with(|| text(&error));
                        continue 'plans;
                    }
                    hashes.push(sha);
                }
                let request = PublicationRequest {
                    id: plan.publication_id.clone(),
                    platform: plan.platform,
                    scheduled_at: crate::clock::from_stored(&plan.at)
                        .map(medsos_rules::wib::to_wire)
                        .unwrap_or_else(|| plan.at.clone()),
                    caption: plan.caption.clone(),
                    alt_text: plan.alt_text.clone(),
                    media: hashes,
                    account: None,
                };
                match client.post_publication(token, &request, attempts) {
                    Ok(status) => {
                        report.handed_over += 1;
                        let _ =
                            store.with_conn(|c| meta::record_handed_over(c, clock, &plan, &status));
                    }
                    Err(error) => {
                        if !error.is_retryable() {
                            let reason = text(&error);
                            let _ =
                                store.with_conn(|c| meta::record_refused(c, clock, &plan, &reason));
                        }
                        report.error.get_or_insert_with(|| text(&error));
                    }
                }
            }
        }
        Err(message) => {
            report.error.get_or_insert(message);
        }
    }

    // Comments in, acknowledged once stored.
    match client.comments(token, attempts) {
        Ok(Some(list)) if !list.comments.is_empty() => {
            match store.with_conn(|c| meta::store_comments(c, clock, &list.comments)) {
                Ok(held) => {
                    report.comments_received = u32::try_from(held.len()).unwrap_or(u32::MAX);
                    if let Err(error) =
                        client.ack_comments(token, &CommentAck { ids: held }, attempts)
                    {
                        report.error.get_or_insert_with(|| text(&error));
                    }
                }
                Err(message) => {
                    report.error.get_or_insert(message);
                }
            }
        }
        Ok(_) => {}
        Err(error) => {
            report.error.get_or_insert_with(|| text(&error));
        }
    }

    // Replies out, then their states back.
    if let Ok(queued) = store.with_conn(meta::queued_replies) {
        for reply in queued {
            match client.post_reply(token, &reply, attempts) {
                Ok(status) => {
                    report.replies_sent += 1;
                    let _ = store.with_conn(|c| {
                        meta::record_reply(
                            c,
                            clock,
                            &reply.id,
                            &status.state,
                            status.failure.as_deref(),
                        )
                    });
                }
                Err(error) if !error.is_retryable() => {
                    let reason = text(&error);
                    let _ = store.with_conn(|c| {
                        meta::record_reply(c, clock, &reply.id, "gagal", Some(&reason))
                    });
                    report.error.get_or_insert(reason);
                }
                Err(error) => {
                    report.error.get_or_insert_with(|| text(&error));
                }
            }
        }
    }
    if let Ok(Some(list)) = client.replies(token, attempts) {
        let _ = store.with_conn(|c| {
            for reply in &list.replies {
                meta::record_reply(c, clock, &reply.id, &reply.state, reply.failure.as_deref())?;
            }
            Ok(())
        });
    }

    // Figures back.
    match client.meta_posts(token, attempts) {
        Ok(Some(list)) => {
            if let Err(message) = store.with_conn(|c| meta::store_figures(c, clock, &list)) {
                report.error.get_or_insert(message);
            }
        }
        Ok(None) => {}
        Err(error) => {
            report.error.get_or_insert_with(|| text(&error));
        }
    }
    report
}
