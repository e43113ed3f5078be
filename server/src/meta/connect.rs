//! `meta connect`: reads what Diskominfo's system-user token reaches (`/me/accounts`: Pages,
//! their Page tokens and linked Instagram accounts) and matches each Page and Instagram account
//! to an agency through the agency's approved official accounts.

use super::graph::{Graph, GraphError};
use super::secret::SecretKey;
use crate::error::Error;
use crate::store::accounts::ListedAccount;
use crate::store::meta::FoundAccount;
use medsos_protocol::Platform;
use serde::Deserialize;

/// Pages read from `/me/accounts` at most (Cianjur has ~40 agencies; a province ~1,100).
const MAX_PAGES: usize = 5_000;

#[derive(Debug, Deserialize)]
struct PageEntry {
    id: String,
    #[serde(default)]
    name: String,
    username: Option<String>,
    link: Option<String>,
    access_token: Option<String>,
    instagram_business_account: Option<IgRef>,
}

#[derive(Debug, Deserialize)]
struct IgRef {
    id: String,
    username: Option<String>,
}

#[derive(Debug, Deserialize)]
struct IgUser {
    username: Option<String>,
}

/// A Page or Instagram account the token reaches, with its Page token in the clear (it is
/// sealed before it is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    pub platform: Platform,
    pub meta_id: String,
    pub page_id: String,
    pub name: String,
    pub handle: Option<String>,
    pub page_link: Option<String>,
    pub page_token: String,
}

/// Reads `/me/accounts` (every page of it) and each linked Instagram account's username.
pub async fn discover(graph: &Graph, token: &str) -> Result<Vec<Discovered>, GraphError> {
    let pages: Vec<PageEntry> = graph
        .get_all(
            "me/accounts",
            &[
                (
                    "fields",
                    "id,name,username,link,access_token,instagram_business_account{id,username}"
                        .to_owned(),
                ),
                ("limit", "100".to_owned()),
            ],
            token,
            MAX_PAGES,
        )
        .await?;
    let mut found = Vec::new();
    for page in pages {
        // A Page the token lists without a Page token cannot be acted on (no task given).
        let Some(page_token) = page.access_token.filter(|t| !t.is_empty()) else {
            tracing::warn!(page = %page.id, "page listed without an access token; skipped");
            continue;
        };
        if let Some(ig) = page.instagram_business_account {
            let username = match ig.username {
                Some(name) => Some(name),
                None => {
                    let user: IgUser = graph
                        .get(&ig.id, &[("fields", "id,username".to_owned())], &page_token)
                        .await?;
                    user.username
                }
            };
            found.push(Discovered {
                platform: Platform::Instagram,
                meta_id: ig.id.clone(),
                page_id: page.id.clone(),
                name: username
                    .clone()
                    .map(|u| format!("@{u}"))
                    .unwrap_or_else(|| ig.id.clone()),
                handle: username.map(|u| normalise(&u)),
                page_link: None,
                page_token: page_token.clone(),
            });
        }
        found.push(Discovered {
            platform: Platform::Facebook,
            meta_id: page.id.clone(),
            page_id: page.id,
            name: page.name,
            handle: page.username.map(|u| normalise(&u)),
            page_link: page.link,
            page_token,
        });
    }
    Ok(found)
}

fn normalise(handle: &str) -> String {
    handle.trim().trim_start_matches('@').to_lowercase()
}

/// The agency each discovered account belongs to, by the approved official accounts:
/// - Instagram: the username is an approved Instagram handle.
/// - Facebook: the Page's username or id is the approved Facebook handle or in its URL; else
///   the Page's linked Instagram account matched an agency that has an approved Facebook
///   account; else the Page's name is that approved account's display name.
///
/// An account two agencies could claim stays unmatched, for an officer to decide.
pub fn match_agencies(found: &[Discovered], approved: &[ListedAccount]) -> Vec<Option<i64>> {
    let live: Vec<&ListedAccount> = approved.iter().filter(|a| !a.agency_revoked).collect();
    let unique = |candidates: Vec<i64>| -> Option<i64> {
        let mut candidates = candidates;
        candidates.sort_unstable();
        candidates.dedup();
        (candidates.len() == 1).then(|| candidates[0])
    };
    let by_handle = |platform: Platform, handle: &str| -> Option<i64> {
        unique(
            live.iter()
                .filter(|a| {
                    a.listing.platform == platform && normalise(&a.listing.handle) == handle
                })
                .map(|a| a.agency_id)
                .collect(),
        )
    };
    let mut matched: Vec<Option<i64>> = found
        .iter()
        .map(|account| match account.platform {
            Platform::Instagram => account
                .handle
                .as_deref()
                .and_then(|h| by_handle(Platform::Instagram, h)),
            Platform::Facebook => {
                let by_name = account
                    .handle
                    .as_deref()
                    .and_then(|h| by_handle(Platform::Facebook, h));
                by_name.or_else(|| {
                    unique(
                        live.iter()
                            .filter(|a| {
                                a.listing.platform == Platform::Facebook
                                    && (normalise(&a.listing.handle) == account.meta_id
                                        || url_names_page(&a.listing.url, &account.meta_id))
                            })
                            .map(|a| a.agency_id)
                            .collect(),
                    )
                })
            }
        })
        .collect();
    // A Page whose Instagram account matched belongs to that agency when the agency lists a
    // Facebook account; then, as a last resort, the Page's name.
    for i in 0..found.len() {
        if matched[i].is_some() || found[i].platform != Platform::Facebook {
            continue;
        }
        let via_instagram = found.iter().zip(&matched).find_map(|(other, agency)| {
            (other.platform == Platform::Instagram && other.page_id == found[i].meta_id)
                .then_some(*agency)
                .flatten()
        });
        let has_facebook = |agency: i64| {
            live.iter()
                .any(|a| a.agency_id == agency && a.listing.platform == Platform::Facebook)
        };
        matched[i] = via_instagram.filter(|a| has_facebook(*a)).or_else(|| {
            let name = found[i].name.trim().to_lowercase();
            unique(
                live.iter()
                    .filter(|a| {
                        a.listing.platform == Platform::Facebook
                            && !name.is_empty()
                            && a.listing.display_name.trim().to_lowercase() == name
                    })
                    .map(|a| a.agency_id)
                    .collect(),
            )
        });
    }
    matched
}

/// Whether a Facebook profile URL names the Page id (`/ID`, `profile.php?id=ID`).
fn url_names_page(url: &str, page_id: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    parsed
        .path_segments()
        .is_some_and(|mut s| s.any(|segment| segment == page_id))
        || parsed.query_pairs().any(|(k, v)| k == "id" && v == page_id)
}

/// Seals the Page tokens and pairs each account with its match, ready to store.
pub fn to_store(
    key: &SecretKey,
    found: &[Discovered],
    matched: &[Option<i64>],
) -> Vec<FoundAccount> {
    found
        .iter()
        .zip(matched)
        .map(|(account, agency)| FoundAccount {
            platform: account.platform,
            meta_id: account.meta_id.clone(),
            page_id: account.page_id.clone(),
            name: account.name.clone(),
            handle: account.handle.clone(),
            page_token_sealed: key.seal(&account.page_token),
            matched_agency: *agency,
        })
        .collect()
}

/// Checks a token as typed or piped: one line of printable ASCII without spaces.
pub fn check_token(token: &str) -> Result<String, Error> {
    let token = token.trim();
    if token.is_empty() {
        return Err(Error::Invalid {
            code: "meta.token_missing",
            message: "Token Meta kosong. Berikan dengan --token atau lewat stdin.",
        });
    }
    if token.len() > 2048 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::Invalid {
            code: "meta.token_invalid",
            message:
                "Token Meta tidak sah: harus satu baris tanpa spasi, paling panjang 2048 karakter.",
        });
    }
    Ok(token.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::accounts::Listing;

    fn listed(
        agency: i64,
        platform: Platform,
        handle: &str,
        url: &str,
        name: &str,
    ) -> ListedAccount {
        ListedAccount {
            agency_id: agency,
            agency_code: format!("PD{agency}"),
            agency_name: format!("PD {agency}"),
            agency_revoked: false,
            listing: Listing {
                platform,
                handle: handle.to_owned(),
                url: url.to_owned(),
                display_name: name.to_owned(),
                verified: false,
            },
            stated_verified: None,
            decided_by: "rina".to_owned(),
            decided_at: None,
            needs_review: false,
        }
    }

    fn found(
        platform: Platform,
        id: &str,
        page: &str,
        name: &str,
        handle: Option<&str>,
    ) -> Discovered {
        Discovered {
            platform,
            meta_id: id.to_owned(),
            page_id: page.to_owned(),
            name: name.to_owned(),
            handle: handle.map(str::to_owned),
            page_link: None,
            page_token: "t".to_owned(),
        }
    }

    #[test]
    fn accounts_match_agencies_through_approved_accounts() {
        let approved = vec![
            listed(
                1,
                Platform::Instagram,
                "dinkes.cianjur",
                "https://www.instagram.com/dinkes.cianjur/",
                "Dinkes",
            ),
            listed(
                1,
                Platform::Facebook,
                "dinkescianjur",
                "https://www.facebook.com/dinkescianjur",
                "Dinas Kesehatan",
            ),
            listed(
                2,
                Platform::Facebook,
                "disdik",
                "https://www.facebook.com/profile.php?id=104000000000002",
                "Disdik",
            ),
            listed(
                3,
                Platform::Instagram,
                "dpupr",
                "https://www.instagram.com/dpupr/",
                "DPUPR",
            ),
            listed(
                3,
                Platform::Facebook,
                "dpupr.cianjur",
                "https://www.facebook.com/dpupr.cianjur",
                "DPUPR Cianjur",
            ),
        ];
        let found = vec![
            found(
                Platform::Instagram,
                "178",
                "104000000000001",
                "@Dinkes.Cianjur",
                Some("dinkes.cianjur"),
            ),
            found(
                Platform::Facebook,
                "104000000000001",
                "104000000000001",
                "Dinas Kesehatan Kab. Cianjur",
                None,
            ),
            found(
                Platform::Facebook,
                "104000000000002",
                "104000000000002",
                "Disdik",
                None,
            ),
            found(
                Platform::Facebook,
                "104000000000003",
                "104000000000003",
                "DPUPR Cianjur",
                None,
            ),
            found(
                Platform::Facebook,
                "104000000000009",
                "104000000000009",
                "Unknown",
                Some("random"),
            ),
        ];
        let matched = match_agencies(&found, &approved);
        assert_eq!(matched, vec![Some(1), Some(1), Some(2), Some(3), None]);
    }
}
