//! Cek akun: is a pasted handle or profile address an official account of a Cianjur agency,
//! one of this agency's own, or a look-alike of one? Answered from the registry the hub
//! publishes (GET /api/v1/registry), cached here so it works offline.

use crate::clock::{from_stored, to_stored, Clock};
use crate::drafts::Platform;
use crate::error::Result;
use medsos_protocol::Registry;
use medsos_rules::handle::{normalize, resemblance, skeleton, HandleProblem, Resemblance};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Keeps the registry fetched from the hub, replacing the one held.
pub fn store_registry(conn: &Connection, clock: &dyn Clock, registry: &Registry) -> Result<()> {
    let json = serde_json::to_string(registry).map_err(|e| crate::Error::Io {
        what: "Registri akun resmi".into(),
        source: std::io::Error::other(e),
    })?;
    conn.execute(
        "INSERT INTO registry_cache (id, json, fetched_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at",
        params![json, to_stored(clock.now())],
    )?;
    Ok(())
}

/// The cached registry and when it was fetched; `None` when never fetched.
pub fn cached_registry(conn: &Connection) -> Result<Option<(Registry, String)>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT json, fetched_at FROM registry_cache WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(json, at)| serde_json::from_str(&json).ok().map(|r| (r, at))))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// In the registry as an agency's official account.
    Official,
    /// One of this agency's own accounts (Akun Resmi).
    Own,
    /// Not official, but resembles an official account.
    Lookalike,
    /// Neither in the registry nor like any account in it.
    NotFound,
    /// The text is not a usable handle or profile address.
    Problem,
}

/// An official account the checked handle resembles, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lookalike {
    pub platform: Platform,
    pub handle: String,
    pub agency_code: String,
    pub agency_name: String,
    /// `looks_the_same`, `edits` or `homoglyph`.
    pub why: String,
    /// For `edits`: how many.
    pub edits: u32,
    /// In Indonesian, e.g. "terbaca sama (dlnkescianjur ≈ dinkescianjur)".
    pub reason: String,
}

/// What Cek akun answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CheckResult {
    pub kind: CheckKind,
    /// The handle as read (normal form, or the skeleton of a homoglyph handle); empty for a
    /// problem.
    pub handle: String,
    pub platform: Option<Platform>,
    /// For official and own: the agency.
    pub agency_code: String,
    pub agency_name: String,
    pub verified: bool,
    pub lookalikes: Vec<Lookalike>,
    /// The input problem (Problem), or the homoglyph warning.
    pub message: Option<String>,
    /// When the registry was fetched (UTC, RFC 3339); `None` when never.
    pub registry_fetched_at: Option<String>,
    /// Minutes since then.
    pub registry_age_minutes: Option<u32>,
    /// "registri diperbarui 2 jam lalu" / "registri belum pernah diunduh — sinkronkan dulu".
    pub registry_words: String,
}

struct Known {
    platform: Platform,
    handle: String,
    agency_code: String,
    agency_name: String,
    verified: bool,
    own: bool,
}

pub fn age_words(minutes: Option<u32>) -> String {
    match minutes {
        None => "registri belum pernah diunduh — sinkronkan dulu".into(),
        Some(m) if m < 2 => "registri baru saja diperbarui".into(),
        Some(m) if m < 60 => format!("registri diperbarui {m} menit lalu"),
        Some(m) if m < 48 * 60 => format!("registri diperbarui {} jam lalu", m / 60),
        Some(m) => format!("registri diperbarui {} hari lalu", m / (24 * 60)),
    }
}

/// Checks `text` (a handle or profile URL; the platform comes from a URL, else from
/// `platform`) against the cached registry and this agency's own accounts.
pub fn check(
    conn: &Connection,
    clock: &dyn Clock,
    text: &str,
    platform: Option<Platform>,
) -> Result<CheckResult> {
    let cached = cached_registry(conn)?;
    let fetched_at = cached.as_ref().map(|(_, at)| at.clone());
    let age = fetched_at
        .as_deref()
        .and_then(from_stored)
        .map(|at| ((clock.now() - at).whole_minutes().max(0)).min(i64::from(u32::MAX)) as u32);
    let mut result = CheckResult {
        kind: CheckKind::NotFound,
        handle: String::new(),
        platform,
        agency_code: String::new(),
        agency_name: String::new(),
        verified: false,
        lookalikes: Vec::new(),
        message: None,
        registry_fetched_at: fetched_at,
        registry_age_minutes: age,
        registry_words: age_words(age),
    };

    let (own_code, own_name) = crate::profile::get(conn)?
        .map(|p| (p.code, p.name))
        .unwrap_or_default();
    let mut known: Vec<Known> = super::list(conn)?
        .into_iter()
        .map(|a| Known {
            platform: a.platform,
            handle: a.handle,
            agency_code: own_code.clone(),
            agency_name: own_name.clone(),
            verified: a.verified,
            own: true,
        })
        .collect();
    if let Some((registry, _)) = &cached {
        for agency in &registry.agencies {
            for a in &agency.accounts {
                let platform = a.platform;
                let handle = a.handle.to_ascii_lowercase();
                let own = agency.code.eq_ignore_ascii_case(&own_code)
                    && known
                        .iter()
                        .any(|k| k.own && k.platform == platform && k.handle == handle);
                if own {
                    continue;
                }
                known.push(Known {
                    platform,
                    handle,
                    agency_code: agency.code.clone(),
                    agency_name: agency.name.clone(),
                    verified: a.verified,
                    own: agency.code.eq_ignore_ascii_case(&own_code),
                });
            }
        }
    }

    let (handle, homoglyph) = match normalize(text, platform) {
        Ok(h) => {
            result.platform = h.platform.or(platform);
            (h.handle, false)
        }
        Err(HandleProblem::Homoglyph { skeleton }) => (skeleton, true),
        Err(problem) => {
            result.kind = CheckKind::Problem;
            result.message = Some(problem.message().to_string());
            return Ok(result);
        }
    };
    result.handle = handle.clone();
    let same_platform = |k: &Known| result.platform.is_none_or(|p| p == k.platform);

    if !homoglyph {
        if let Some(k) = known
            .iter()
            .filter(|k| same_platform(k))
            .find(|k| k.handle == handle)
        {
            result.kind = if k.own {
                CheckKind::Own
            } else {
                CheckKind::Official
            };
            result.platform = Some(k.platform);
            result.agency_code = k.agency_code.clone();
            result.agency_name = k.agency_name.clone();
            result.verified = k.verified;
            return Ok(result);
        }
    }

    for k in known.iter().filter(|k| same_platform(k)) {
        let found = if homoglyph {
            let (sc, so) = (skeleton(&handle), skeleton(&k.handle));
            (sc == so).then(|| {
                (
                    "homoglyph",
                    0,
                    format!(
                        "memakai huruf non-latin yang mirip (terbaca {} ≈ {})",
                        handle, k.handle
                    ),
                )
            })
        } else {
            resemblance(&handle, &k.handle).map(|r| match r {
                Resemblance::LooksTheSame => (
                    "looks_the_same",
                    0,
                    format!("terbaca sama ({} ≈ {})", handle, k.handle),
                ),
                Resemblance::Edits(n) => (
                    "edits",
                    n as u32,
                    format!("beda {n} huruf dari {}", k.handle),
                ),
            })
        };
        if let Some((why, edits, reason)) = found {
            if !result
                .lookalikes
                .iter()
                .any(|l| l.handle == k.handle && l.platform == k.platform)
            {
                result.lookalikes.push(Lookalike {
                    platform: k.platform,
                    handle: k.handle.clone(),
                    agency_code: k.agency_code.clone(),
                    agency_name: k.agency_name.clone(),
                    why: why.into(),
                    edits,
                    reason,
                });
            }
        }
    }
    if homoglyph {
        result.message = Some(
            HandleProblem::Homoglyph { skeleton: handle }
                .message()
                .to_string(),
        );
    }
    result.kind = if result.lookalikes.is_empty() {
        if homoglyph {
            CheckKind::Problem
        } else {
            CheckKind::NotFound
        }
    } else {
        CheckKind::Lookalike
    };
    Ok(result)
}
