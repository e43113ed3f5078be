//! Official accounts: the agencies' claims, Diskominfo's decisions and the public registry.

use crate::error::Error;
use medsos_protocol::{ListingStatus, OfficialAccount, Platform, Registry, RegistryAgency};
use time::OffsetDateTime;

/// Who decided, when the decision came from the command line on the server.
pub const CLI_ACTOR: &str = "baris perintah hub (CLI)";

/// A reason for a refusal or a removal at most this many characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Checks the reason Diskominfo gives for a refusal or a removal: required, one line of at
/// most [`MAX_REASON_CHARS`], so the agency's admin can act on it.
pub fn check_reason(typed: &str) -> Result<String, Error> {
    let reason = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if reason.is_empty() {
        return Err(Error::Invalid {
            code: "account.reason_required",
            message: "Tuliskan alasannya: admin PD membacanya di Medsos PD.",
        });
    }
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(Error::Invalid {
            code: "account.invalid_reason",
            message: "Alasan paling banyak 500 karakter, tanpa karakter kendali.",
        });
    }
    Ok(reason)
}

/// The agency an account is listed for, with who listed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedOwner {
    pub agency_id: i64,
    pub code: String,
    pub name: String,
    pub decided_by: String,
    pub decided_at: Option<OffsetDateTime>,
    pub needs_review: bool,
}

/// What an approval did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub agency_code: String,
    pub agency_name: String,
    /// Other agencies whose undecided claims to the account were refused, as (code, name).
    pub refused: Vec<(String, String)>,
}

/// One agency's claim to an account, with the agency and Diskominfo's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub agency_revoked: bool,
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    /// Diskominfo confirmed the platform's badge (listed accounts only).
    pub verified: bool,
    /// What the agency's PCs state about the badge; `None` when only Diskominfo recorded it.
    pub stated_verified: Option<bool>,
    pub verification_requested_on: Option<String>,
    /// `diskominfo` when Diskominfo recorded it, else `pd`.
    pub source: String,
    /// Recorded by Diskominfo or sent by a PC not revoked.
    pub live: bool,
    pub status: ListingStatus,
    pub reason: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
    /// Listed before Diskominfo decided listings; still to be looked at.
    pub needs_review: bool,
    pub updated_at: Option<OffsetDateTime>,
}

impl Claim {
    /// Waiting for Diskominfo: undecided (and made by a PC still enrolled, of an agency not
    /// revoked), or listed before decisions existed.
    pub fn awaits_review(&self) -> bool {
        !self.agency_revoked
            && ((self.status == ListingStatus::Menunggu && self.live)
                || (self.status == ListingStatus::Resmi && self.needs_review))
    }
}

/// A listed (official) account, as the registry publishes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub platform: Platform,
    pub handle: String,
    pub url: String,
    pub display_name: String,
    /// Diskominfo confirmed the platform's verified badge.
    pub verified: bool,
}

/// An agency (not revoked) with its listed accounts, for the public page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicAgency {
    pub code: String,
    pub name: String,
    /// Its regency or city by BPS code.
    pub region: String,
    /// Instagram first, then by handle.
    pub accounts: Vec<Listing>,
}

/// `GET /api/v1/registry`: [`public_registry`]'s list in its wire form, listed accounts only.
pub fn registry_of(public: &[PublicAgency]) -> Registry {
    let agencies = public
        .iter()
        .map(|agency| {
            let mut accounts: Vec<OfficialAccount> = agency
                .accounts
                .iter()
                .map(|l| OfficialAccount {
                    platform: l.platform,
                    handle: l.handle.clone(),
                    url: l.url.clone(),
                    verified: l.verified,
                })
                .collect();
            // By platform name, then handle, as the registry always listed them.
            accounts.sort_by(|a, b| {
                (a.platform.as_str(), &a.handle).cmp(&(b.platform.as_str(), &b.handle))
            });
            RegistryAgency {
                code: agency.code.clone(),
                name: agency.name.clone(),
                accounts,
            }
        })
        .collect();
    Registry { agencies }
}

/// One decision on a listing, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingEvent {
    pub agency_code: String,
    pub agency_name: String,
    pub platform: Platform,
    pub handle: String,
    /// `approve`, `reject`, `remove`, `verify`, `unverify` or `migrate`.
    pub action: String,
    pub verified: bool,
    pub reason: Option<String>,
    pub actor: String,
    pub at: Option<OffsetDateTime>,
}

/// An account Diskominfo listed, with the decision and what the agency states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedAccount {
    pub agency_id: i64,
    pub agency_code: String,
    pub agency_name: String,
    pub agency_revoked: bool,
    pub listing: Listing,
    /// What the agency's PCs state about the badge; `None` when no PC sent it.
    pub stated_verified: Option<bool>,
    pub decided_by: String,
    pub decided_at: Option<OffsetDateTime>,
    pub needs_review: bool,
}
