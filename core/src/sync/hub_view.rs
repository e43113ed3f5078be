//! What Diskominfo's hub says about this agency, fetched at every sync and kept for offline
//! use: where each official account stands (menunggu pemeriksaan, resmi, ditolak with the
//! reason), and the agency's kinerja as Diskominfo scores it, with the weekly targets and
//! weights Diskominfo set. Once the hub has sent its targets, they are the ones Beranda
//! plans against; the PC's own setting applies only before that.

use super::client::{HubClient, SendError};
use super::history::record_failure;
use super::store_access::StoreAccess;
use crate::clock::{to_stored, Clock};
use crate::drafts::Platform;
use crate::error::Result;
use crate::settings::{get_value, set_value};
use medsos_protocol::{AccountStates, Kinerja, ListingStatus};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const ACCOUNT_STATES_KEY: &str = "hub.account_states";
const ACCOUNT_STATES_AT_KEY: &str = "hub.account_states_at";
const KINERJA_KEY: &str = "hub.kinerja";
const KINERJA_AT_KEY: &str = "hub.kinerja_at";
const IG_TARGET_KEY: &str = "hub.instagram_weekly_target";
const FB_TARGET_KEY: &str = "hub.facebook_weekly_target";

/// Where an official account stands with Diskominfo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HubAccountStatus {
    /// Sent; Diskominfo has not decided. Not in the public registry.
    Menunggu,
    /// Listed in the registry as the agency's official account.
    Resmi,
    /// Refused, with a reason.
    Ditolak,
    /// Listed once, taken down, with a reason.
    Dihapus,
}

impl From<ListingStatus> for HubAccountStatus {
    fn from(status: ListingStatus) -> Self {
        match status {
            ListingStatus::Menunggu => HubAccountStatus::Menunggu,
            ListingStatus::Resmi => HubAccountStatus::Resmi,
            ListingStatus::Ditolak => HubAccountStatus::Ditolak,
            ListingStatus::Dihapus => HubAccountStatus::Dihapus,
        }
    }
}

/// One account's standing, as the hub answered at the last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountHubState {
    pub platform: Platform,
    pub handle: String,
    pub status: HubAccountStatus,
    /// Diskominfo confirmed the platform's verified badge.
    pub verified: bool,
    pub reason: Option<String>,
    /// UTC, RFC 3339.
    pub decided_at: Option<String>,
}

/// Every account's standing and when it was fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AccountHubStates {
    pub accounts: Vec<AccountHubState>,
    /// UTC, RFC 3339; `None` before the first answer.
    pub fetched_at: Option<String>,
}

/// One indicator of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KinerjaIndicatorView {
    pub key: String,
    pub label: String,
    /// 0 to 1; `None` where it does not apply.
    pub value: Option<f64>,
    pub weight: u32,
    pub formula: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WeeklyScoreView {
    /// The Monday, `YYYY-MM-DD`.
    pub week_start: String,
    pub score: f64,
}

/// "Kinerja menurut Diskominfo": what Diskominfo's dashboard shows for this agency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KinerjaView {
    pub agency_name: String,
    pub from_day: String,
    pub to_day: String,
    pub score: f64,
    pub rank: Option<u32>,
    pub ranked_agencies: u32,
    pub indicators: Vec<KinerjaIndicatorView>,
    /// The last 8 weeks, oldest first.
    pub trend: Vec<WeeklyScoreView>,
    pub instagram_weekly_target: u32,
    pub facebook_weekly_target: u32,
    /// When the hub computed it (UTC, RFC 3339).
    pub computed_at: String,
    /// When this PC received it (UTC, RFC 3339).
    pub fetched_at: String,
}

fn platform(p: medsos_protocol::Platform) -> Platform {
    match p {
        medsos_protocol::Platform::Instagram => Platform::Instagram,
        medsos_protocol::Platform::Facebook => Platform::Facebook,
    }
}

/// Keeps the hub's answer about the agency's accounts.
pub fn store_account_states(
    conn: &Connection,
    clock: &dyn Clock,
    states: &AccountStates,
) -> Result<()> {
    let accounts: Vec<AccountHubState> = states
        .accounts
        .iter()
        .map(|s| AccountHubState {
            platform: platform(s.platform),
            handle: s.handle.clone(),
            status: s.status.into(),
            verified: s.verified,
            reason: s.reason.clone(),
            decided_at: s.decided_at.clone(),
        })
        .collect();
    let tx = crate::store::savepoint(conn)?;
    // Serialising plain structs of strings and numbers cannot fail.
    let json = serde_json::to_string(&accounts).unwrap_or_else(|_| "[]".to_owned());
    set_value(&tx, ACCOUNT_STATES_KEY, &json)?;
    set_value(&tx, ACCOUNT_STATES_AT_KEY, &to_stored(clock.now()))?;
    tx.finish()?;
    Ok(())
}

/// The standing of each account as last fetched (empty before the first sync).
pub fn account_states(conn: &Connection) -> Result<AccountHubStates> {
    let accounts = get_value(conn, ACCOUNT_STATES_KEY)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    Ok(AccountHubStates {
        accounts,
        fetched_at: get_value(conn, ACCOUNT_STATES_AT_KEY)?,
    })
}

/// Keeps the agency's kinerja and Diskominfo's weekly targets, which Beranda then uses.
pub fn store_kinerja(conn: &Connection, clock: &dyn Clock, kinerja: &Kinerja) -> Result<()> {
    let view = KinerjaView {
        agency_name: kinerja.agency_name.clone(),
        from_day: kinerja.from_day.clone(),
        to_day: kinerja.to_day.clone(),
        score: kinerja.score,
        rank: kinerja.rank,
        ranked_agencies: kinerja.ranked_agencies,
        indicators: kinerja
            .indicators
            .iter()
            .map(|i| KinerjaIndicatorView {
                key: i.key.clone(),
                label: i.label.clone(),
                value: i.value,
                weight: i.weight,
                formula: i.formula.clone(),
            })
            .collect(),
        trend: kinerja
            .trend
            .iter()
            .map(|w| WeeklyScoreView {
                week_start: w.week_start.clone(),
                score: w.score,
            })
            .collect(),
        instagram_weekly_target: kinerja.targets.instagram_per_week,
        facebook_weekly_target: kinerja.targets.facebook_per_week,
        computed_at: kinerja.computed_at.clone(),
        fetched_at: to_stored(clock.now()),
    };
    let tx = crate::store::savepoint(conn)?;
    if let Ok(json) = serde_json::to_string(&view) {
        set_value(&tx, KINERJA_KEY, &json)?;
    }
    set_value(&tx, KINERJA_AT_KEY, &view.fetched_at)?;
    set_value(
        &tx,
        IG_TARGET_KEY,
        &kinerja.targets.instagram_per_week.to_string(),
    )?;
    set_value(
        &tx,
        FB_TARGET_KEY,
        &kinerja.targets.facebook_per_week.to_string(),
    )?;
    tx.finish()?;
    Ok(())
}

/// The agency's kinerja as last fetched, if the hub ever sent it.
pub fn kinerja(conn: &Connection) -> Result<Option<KinerjaView>> {
    Ok(get_value(conn, KINERJA_KEY)?.and_then(|json| serde_json::from_str(&json).ok()))
}

/// Diskominfo's weekly targets (Instagram, Facebook), once the hub has sent them.
pub fn hub_targets(conn: &Connection) -> Result<Option<(u32, u32)>> {
    let read =
        |key| -> Result<Option<u32>> { Ok(get_value(conn, key)?.and_then(|v| v.parse().ok())) };
    Ok(match (read(IG_TARGET_KEY)?, read(FB_TARGET_KEY)?) {
        (Some(ig), Some(fb)) => Some((ig, fb)),
        _ => None,
    })
}

/// Fetches both and keeps them. An older hub without these endpoints is not a failure (the
/// PC goes on with what it has); any other failure is recorded in the history and answered,
/// and what was kept stays.
pub fn refresh(
    store: &impl StoreAccess,
    clock: &dyn Clock,
    client: &HubClient,
    token: &str,
    attempts: u32,
) -> std::result::Result<(), String> {
    let old_hub = |e: &SendError| {
        matches!(
            e,
            SendError::Permanent {
                status: Some(404 | 405),
                ..
            }
        )
    };
    let mut failure = None;
    match client.account_states(token, attempts) {
        Ok(states) => store.with_conn(|c| store_account_states(c, clock, &states))?,
        Err(e) if old_hub(&e) => {}
        Err(e) => {
            failure = Some(format!(
                "Keputusan Diskominfo atas akun resmi gagal diambil: {}",
                e.message()
            ))
        }
    }
    match client.kinerja(token, attempts) {
        Ok(kinerja) => store.with_conn(|c| store_kinerja(c, clock, &kinerja))?,
        Err(e) if old_hub(&e) => {}
        Err(e) => {
            failure.get_or_insert(format!(
                "Kinerja dari Diskominfo gagal diambil: {}",
                e.message()
            ));
        }
    }
    match failure {
        Some(message) => {
            let _ = store.with_conn(|c| record_failure(c, clock, &message));
            Err(message)
        }
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{self as targets, CalendarSettings};
    use crate::clock::FixedClock;
    use crate::test_support::store;
    use medsos_protocol::{
        AccountState, KinerjaIndicator, ScoreWeights, WeeklyScore, WeeklyTargets,
    };
    use time::macros::datetime;

    fn kinerja(ig: u32, fb: u32) -> Kinerja {
        Kinerja {
            agency_code: "DINKES".into(),
            agency_name: "Dinas Kesehatan".into(),
            from_day: "2026-11-01".into(),
            to_day: "2026-11-30".into(),
            computed_at: "2026-11-26T14:00:00Z".into(),
            score: 72.5,
            rank: Some(3),
            ranked_agencies: 32,
            indicators: vec![KinerjaIndicator {
                key: "posting".into(),
                label: "Unggahan".into(),
                value: Some(0.5),
                weight: 30,
                formula: "unggahan terbit ÷ target".into(),
            }],
            trend: vec![WeeklyScore {
                week_start: "2026-11-23".into(),
                score: 72.5,
            }],
            targets: WeeklyTargets {
                instagram_per_week: ig,
                facebook_per_week: fb,
            },
            weights: ScoreWeights {
                posting: 30,
                on_time: 15,
                response: 20,
                resolution: 15,
                reporting: 10,
                accounts: 10,
                interaction: 0,
            },
        }
    }

    #[test]
    fn diskominfo_targets_replace_the_local_setting_once_received() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
        targets::set_settings(
            conn,
            &CalendarSettings {
                instagram_weekly_target: 7,
                facebook_weekly_target: 2,
                reminder_lead_minutes: 30,
            },
        )
        .unwrap();
        let before = targets::week_progress(conn, &clock).unwrap();
        assert!(!before.targets_from_diskominfo);
        assert_eq!(
            before
                .platforms
                .iter()
                .map(|p| p.target)
                .collect::<Vec<_>>(),
            [7, 2]
        );
        assert_eq!(kinerja_view(conn), None);

        store_kinerja(conn, &clock, &kinerja(4, 5)).unwrap();
        let after = targets::week_progress(conn, &clock).unwrap();
        assert!(after.targets_from_diskominfo);
        assert_eq!(
            after.platforms.iter().map(|p| p.target).collect::<Vec<_>>(),
            [4, 5]
        );
        let view = kinerja_view(conn).expect("kept");
        assert_eq!(
            (view.score, view.rank, view.ranked_agencies),
            (72.5, Some(3), 32)
        );
        assert_eq!(view.indicators[0].formula, "unggahan terbit ÷ target");
        assert_eq!(view.fetched_at, "2026-11-26T03:00:00.000Z");
    }

    fn kinerja_view(conn: &Connection) -> Option<KinerjaView> {
        super::kinerja(conn).unwrap()
    }

    #[test]
    fn account_states_are_kept_until_the_next_answer() {
        let (_dir, store) = store();
        let conn = store.conn();
        let clock = FixedClock::new(datetime!(2026-11-26 03:00 UTC));
        assert_eq!(account_states(conn).unwrap().fetched_at, None);
        let answer = AccountStates {
            accounts: vec![
                AccountState {
                    platform: medsos_protocol::Platform::Instagram,
                    handle: "dinkescianjur".into(),
                    status: ListingStatus::Resmi,
                    verified: true,
                    reason: None,
                    decided_at: Some("2026-11-25T02:00:00Z".into()),
                },
                AccountState {
                    platform: medsos_protocol::Platform::Facebook,
                    handle: "dinkes.kab.cianjur".into(),
                    status: ListingStatus::Ditolak,
                    verified: false,
                    reason: Some("Bukan halaman resmi.".into()),
                    decided_at: Some("2026-11-25T02:05:00Z".into()),
                },
            ],
        };
        store_account_states(conn, &clock, &answer).unwrap();
        let kept = account_states(conn).unwrap();
        assert_eq!(kept.fetched_at.as_deref(), Some("2026-11-26T03:00:00.000Z"));
        assert_eq!(kept.accounts.len(), 2);
        assert_eq!(kept.accounts[0].status, HubAccountStatus::Resmi);
        assert_eq!(kept.accounts[1].platform, Platform::Facebook);
        assert_eq!(kept.accounts[1].status, HubAccountStatus::Ditolak);
        assert_eq!(
            kept.accounts[1].reason.as_deref(),
            Some("Bukan halaman resmi.")
        );
    }
}
