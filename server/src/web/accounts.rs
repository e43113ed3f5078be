//! `/akun`: Diskominfo decides which accounts are official. What a PC sends is a claim and
//! waits here; an officer approves it (confirming the platform's verified badge or not),
//! rejects it with a reason, and can later take a listing down with a reason. Every decision
//! keeps who, when and why, and the agency's PC shows it after its next sync. Also: agencies
//! still without an official Instagram or Facebook account.

use super::error::WebError;
use super::format;
use super::layout;
use super::registry::profile_link;
use super::session::{InScope, Officer};
use crate::region::Scope;
use crate::state::AppState;
use crate::store::accounts::{Claim, ListedAccount, ListingEvent, PublicAgency};
use crate::store::HubStore;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use medsos_protocol::{ListingStatus, Platform};
use serde::Deserialize;
use std::collections::HashSet;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/akun", get(page))
        .route("/akun/setujui", post(approve))
        .route("/akun/tolak", post(reject))
        .route("/akun/hapus", post(remove))
        .route("/akun/verifikasi", post(verify))
}

/// Decisions shown in the history.
const HISTORY_SHOWN: u32 = 50;

#[derive(Debug, Default, Deserialize)]
struct Notice {
    /// After a decision: which.
    selesai: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(notice): Query<Notice>,
) -> Result<Response, WebError> {
    let scope = officer.scope.clone();
    let (claims, listed, registry, history, connected) = state
        .store
        .run(move |db| {
            let mut claims = db.account_claims()?;
            let mut listed = db.listed_accounts()?;
            let mut registry = db.public_registry()?;
            let mut history = db.account_history(HISTORY_SHOWN)?;
            if scope != Scope::All {
                // An officer of one region reviews its agencies' accounts only.
                let ours = InScope::read(db, &scope)?;
                claims.retain(|c| ours.ids.contains(&c.agency_id));
                listed.retain(|l| ours.ids.contains(&l.agency_id));
                history.retain(|e| ours.codes.contains(&e.agency_code));
                registry.retain(|a| scope.covers(&a.region));
            }
            Ok((
                claims,
                listed,
                registry,
                history,
                db.meta().connected_meta_handles()?,
            ))
        })
        .await?;
    let flash = match notice.selesai.as_deref() {
        Some("setujui") => Some("Akun disetujui dan tampil di registri publik."),
        Some("tolak") => Some("Klaim ditolak; alasannya tampil di Medsos PD setelah sinkron."),
        Some("hapus") => Some("Akun dihapus dari registri publik."),
        Some("verifikasi") => Some("Tanda terverifikasi diperbarui."),
        _ => None,
    };
    let page = layout::page(
        "Akun resmi",
        "/akun",
        &officer,
        html! {
            h1 { "Akun resmi PD" }
            p.muted {
                "Akun yang dikirim PC PD adalah klaim: baru tampil di "
                a href="/registri" { "registri publik" }
                " setelah disetujui Diskominfo di sini. Tanda terverifikasi di registri adalah "
                "hasil pemeriksaan Diskominfo; pernyataan PD sendiri ditampilkan sebagai keterangan."
            }
            @if let Some(text) = flash {
                p.flash.ok role="status" { (text) }
            }
            (review_section(&officer, &claims))
            (listed_section(&officer, &listed, &connected))
            (missing_section(&registry))
            (refused_section(&claims))
            (history_section(&history))
        },
    );
    Ok(page.into_response())
}

fn stated(value: Option<bool>) -> Markup {
    html! {
        @match value {
            Some(true) => "PD: terverifikasi",
            Some(false) => "PD: belum terverifikasi",
            None => "–",
        }
    }
}

fn agency_cell(code: &str, name: &str, revoked: bool) -> Markup {
    html! {
        td.name {
            a href={ "/pd/" (code) } { (name) } " " small { (code) }
            @if revoked { " " span.badge { "dicabut" } }
        }
    }
}

fn claim_fields(officer: &Officer, platform: Platform, handle: &str, agency_id: i64) -> Markup {
    html! {
        (layout::csrf_field(officer))
        input type="hidden" name="platform" value=(platform.as_str());
        input type="hidden" name="handle" value=(handle);
        input type="hidden" name="pd" value=(agency_id);
    }
}

fn review_section(officer: &Officer, claims: &[Claim]) -> Markup {
    let waiting: Vec<&Claim> = claims.iter().filter(|c| c.awaits_review()).collect();
    // Handles with more than one agency's claim waiting, to warn beside each.
    let contested = |claim: &Claim| {
        claims
            .iter()
            .filter(|o| {
                o.platform == claim.platform
                    && o.handle == claim.handle
                    && o.agency_id != claim.agency_id
                    && o.awaits_review()
            })
            .map(|o| o.agency_name.as_str())
            .collect::<Vec<_>>()
    };
    html! {
        section #menunggu {
            h2 { "Menunggu pemeriksaan (" (waiting.len()) ")" }
            @if waiting.is_empty() {
                p.muted { "Tidak ada klaim akun yang menunggu." }
            } @else {
                p.muted {
                    "Buka profilnya, pastikan akun itu dikelola PD yang mengklaimnya, lalu setujui atau tolak. "
                    "Centang “terverifikasi” hanya bila lencana verifikasi platform terlihat di profil."
                }
                div.table-wrap tabindex="0" {
                    table.review {
                        thead {
                            tr {
                                th { "PD" } th { "Akun" } th { "Nama tampilan" } th { "Pernyataan PD" }
                                th { "Diajukan ke Meta" } th { "Sumber" } th { "Keputusan" }
                            }
                        }
                        tbody {
                            @for claim in &waiting {
                                tr {
                                    (agency_cell(&claim.agency_code, &claim.agency_name, claim.agency_revoked))
                                    td {
                                        (claim.platform.label()) " "
                                        (profile_link(&claim.url, html! { "@" (claim.handle) }))
                                        @if claim.needs_review {
                                            br; span.badge.warn { "tercatat sebelum pemeriksaan; periksa ulang" }
                                        }
                                        @let others = contested(claim);
                                        @if !others.is_empty() {
                                            br; span.badge.warn { "juga diklaim: " (others.join(", ")) }
                                        }
                                    }
                                    td { (claim.display_name) }
                                    td { (stated(claim.stated_verified)) }
                                    td { (claim.verification_requested_on.as_deref().unwrap_or("–")) }
                                    td { (source_label(&claim.source)) }
                                    td.decide {
                                        form.inline method="post" action="/akun/setujui" {
                                            (claim_fields(officer, claim.platform, &claim.handle, claim.agency_id))
                                            label {
                                                input type="checkbox" name="terverifikasi" value="1"
                                                    checked[claim.needs_review && claim.verified];
                                                " terverifikasi"
                                            }
                                            " "
                                            button type="submit" { "Setujui" }
                                        }
                                        @if claim.status == ListingStatus::Menunggu {
                                            form.inline method="post" action="/akun/tolak" {
                                                (claim_fields(officer, claim.platform, &claim.handle, claim.agency_id))
                                                label {
                                                    span.sr-only { "Alasan menolak @" (claim.handle) }
                                                    input type="text" name="alasan" required maxlength="500"
                                                        placeholder="Alasan menolak";
                                                }
                                                " "
                                                button.secondary type="submit" { "Tolak" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether the agency's official account is a Page or Instagram account the hub's Meta
/// connection reaches and has assigned to that same agency.
pub fn connected_to_meta(
    connected: &HashSet<(i64, Platform, String)>,
    agency_id: i64,
    platform: Platform,
    handle: &str,
) -> bool {
    let handle = handle.trim().trim_start_matches('@').to_lowercase();
    connected.contains(&(agency_id, platform, handle))
}

/// The badge beside an official account the hub reaches through Meta.
pub fn meta_badge() -> Markup {
    html! {
        span.badge.meta title="Akun ini terjangkau sambungan Meta Medsos Hub dan ditetapkan untuk PD yang sama" {
            "terhubung ke Meta"
        }
    }
}

fn listed_section(
    officer: &Officer,
    listed: &[ListedAccount],
    connected: &HashSet<(i64, Platform, String)>,
) -> Markup {
    html! {
        section #resmi {
            h2 { "Terdaftar resmi (" (listed.len()) ")" }
            @if listed.is_empty() {
                p.muted { "Belum ada akun yang disetujui." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.accounts {
                        thead {
                            tr {
                                th { "PD" } th { "Akun" } th { "Nama tampilan" } th { "Terverifikasi (Diskominfo)" }
                                th { "Pernyataan PD" } th { "Disetujui" } th { "Hapus dari registri" }
                            }
                        }
                        tbody {
                            @for item in listed {
                                @let l = &item.listing;
                                tr.revoked[item.agency_revoked] {
                                    (agency_cell(&item.agency_code, &item.agency_name, item.agency_revoked))
                                    td {
                                        (l.platform.label()) " " (profile_link(&l.url, html! { "@" (l.handle) }))
                                        @if connected_to_meta(connected, item.agency_id, l.platform, &l.handle) {
                                            " " (meta_badge())
                                        }
                                    }
                                    td { (l.display_name) }
                                    td {
                                        form.inline method="post" action="/akun/verifikasi" {
                                            (claim_fields(officer, l.platform, &l.handle, item.agency_id))
                                            @if l.verified {
                                                span.badge.ok { "terverifikasi" } " "
                                                input type="hidden" name="terverifikasi" value="0";
                                                button.secondary type="submit" { "Batalkan" }
                                            } @else {
                                                span.badge { "belum" } " "
                                                input type="hidden" name="terverifikasi" value="1";
                                                button.secondary type="submit" { "Tandai terverifikasi" }
                                            }
                                        }
                                    }
                                    td { (stated(item.stated_verified)) }
                                    td { (item.decided_by) br; small { (format::instant(item.decided_at)) } }
                                    td {
                                        form.inline method="post" action="/akun/hapus" {
                                            (claim_fields(officer, l.platform, &l.handle, item.agency_id))
                                            label {
                                                span.sr-only { "Alasan menghapus @" (l.handle) }
                                                input type="text" name="alasan" required maxlength="500"
                                                    placeholder="Alasan menghapus";
                                            }
                                            " "
                                            button.secondary type="submit" { "Hapus" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn source_label(source: &str) -> &str {
    match source {
        "diskominfo" => "Diskominfo",
        "pd" => "PC PD",
        other => other,
    }
}

fn missing_section(registry: &[PublicAgency]) -> Markup {
    let lacks = |agency: &PublicAgency, platform: Platform| {
        !agency.accounts.iter().any(|l| l.platform == platform)
    };
    let missing: Vec<(&PublicAgency, bool, bool)> = registry
        .iter()
        .map(|a| {
            (
                a,
                lacks(a, Platform::Instagram),
                lacks(a, Platform::Facebook),
            )
        })
        .filter(|(_, ig, fb)| *ig || *fb)
        .collect();
    html! {
        section #tanpa-akun {
            h2 { "PD tanpa akun resmi Instagram atau Facebook" }
            @if missing.is_empty() {
                p.muted { "Setiap PD punya akun resmi Instagram dan Facebook." }
            } @else {
                p { (missing.len()) " dari " (registry.len()) " PD (tidak termasuk PD yang dicabut)." }
                div.table-wrap tabindex="0" {
                    table.missing-accounts {
                        thead { tr { th { "PD" } th { "Instagram" } th { "Facebook" } } }
                        tbody {
                            @for (agency, ig, fb) in &missing {
                                tr {
                                    td.name { a href={ "/pd/" (agency.code) } { (agency.name) } " " small { (agency.code) } }
                                    td.warn[*ig] { @if *ig { "belum ada" } @else { "ada" } }
                                    td.warn[*fb] { @if *fb { "belum ada" } @else { "ada" } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn refused_section(claims: &[Claim]) -> Markup {
    let refused: Vec<&Claim> = claims
        .iter()
        .filter(|c| matches!(c.status, ListingStatus::Ditolak | ListingStatus::Dihapus))
        .collect();
    html! {
        section #ditolak {
            h2 { "Ditolak atau dihapus (" (refused.len()) ")" }
            @if refused.is_empty() {
                p.muted { "Belum ada klaim yang ditolak atau dihapus." }
            } @else {
                p.muted { "Untuk mengubah keputusan, setujui lewat baris perintah: " code { "medsos-hub account approve --agency KODE" } "." }
                div.table-wrap tabindex="0" {
                    table.refused {
                        thead { tr { th { "PD" } th { "Akun" } th { "Status" } th { "Alasan" } th { "Oleh" } } }
                        tbody {
                            @for claim in &refused {
                                tr {
                                    (agency_cell(&claim.agency_code, &claim.agency_name, claim.agency_revoked))
                                    td { (claim.platform.label()) " @" (claim.handle) }
                                    td {
                                        @if claim.status == ListingStatus::Ditolak { span.badge { "ditolak" } }
                                        @else { span.badge { "dihapus" } }
                                    }
                                    td { (claim.reason.as_deref().unwrap_or_default()) }
                                    td { (claim.decided_by.as_deref().unwrap_or_default()) br; small { (format::instant(claim.decided_at)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn action_label(action: &str) -> &str {
    match action {
        "approve" => "disetujui",
        "reject" => "ditolak",
        "remove" => "dihapus dari registri",
        "verify" => "ditandai terverifikasi",
        "unverify" => "tanda terverifikasi dibatalkan",
        "migrate" => "dibawa dari versi sebelumnya",
        other => other,
    }
}

fn history_section(history: &[ListingEvent]) -> Markup {
    html! {
        section #riwayat {
            h2 { "Riwayat keputusan" }
            @if history.is_empty() {
                p.muted { "Belum ada keputusan." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.history {
                        thead { tr { th { "Waktu" } th { "PD" } th { "Akun" } th { "Keputusan" } th { "Alasan" } th { "Oleh" } } }
                        tbody {
                            @for event in history {
                                tr {
                                    td { (format::instant(event.at)) }
                                    td { (event.agency_name) " " small { (event.agency_code) } }
                                    td { (event.platform.label()) " @" (event.handle) }
                                    td {
                                        (action_label(&event.action))
                                        @if event.action == "approve" && event.verified { " (terverifikasi)" }
                                    }
                                    td { (event.reason.as_deref().unwrap_or_default()) }
                                    td { (event.actor) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Debug, Deserialize)]
struct DecisionForm {
    csrf: String,
    platform: String,
    handle: String,
    pd: Option<String>,
    terverifikasi: Option<String>,
    alasan: Option<String>,
}

/// A decision form after its checks, with who decides and when.
struct Decision {
    platform: Platform,
    handle: String,
    /// The claiming agency's id, when the form names one.
    agency: Option<i64>,
    verified: bool,
    reason: String,
    actor: String,
    now: time::OffsetDateTime,
}

impl Decision {
    /// Checks the session's CSRF token and reads the fields.
    fn read(state: &AppState, officer: &Officer, form: DecisionForm) -> Result<Self, WebError> {
        officer.check_csrf(&form.csrf)?;
        let platform = Platform::parse(&form.platform).ok_or(WebError::NotFound)?;
        let agency =
            match form.pd.as_deref() {
                None => None,
                Some(id) => Some(id.trim().parse().map_err(|_| {
                    WebError::Invalid("PD pemilik klaim tidak dikenal.".to_owned())
                })?),
            };
        Ok(Decision {
            platform,
            handle: form.handle,
            agency,
            verified: form.terverifikasi.as_deref() == Some("1"),
            reason: form.alasan.unwrap_or_default(),
            actor: officer.display_name.clone(),
            now: state.clock.now(),
        })
    }

    /// Approvals and refusals are about one agency's claim: the form must name it.
    fn agency(&self) -> Result<Option<i64>, crate::error::Error> {
        self.agency.map(Some).ok_or(crate::error::Error::Invalid {
            code: "account.agency_required",
            message: "PD pemilik klaim tidak dikenal. Muat ulang halaman.",
        })
    }
}

/// Whether a decision is about an agency in `scope`: the claiming agency the form names, or
/// the agency whose listed account it is (removing, verifying).
fn decision_in_scope(
    db: &dyn HubStore,
    decision: &Decision,
    scope: &Scope,
) -> Result<bool, crate::error::Error> {
    let ids = InScope::read(db, scope)?.ids;
    let ours = |id: i64| ids.contains(&id);
    if let Some(agency) = decision.agency {
        return Ok(ours(agency));
    }
    Ok(db.listed_accounts()?.iter().any(|l| {
        l.listing.platform == decision.platform
            && l.listing
                .handle
                .eq_ignore_ascii_case(decision.handle.trim())
            && ours(l.agency_id)
    }))
}

/// Runs a decision on the store and sends the officer back to the section it changed.
async fn decide(
    state: AppState,
    officer: Officer,
    form: DecisionForm,
    done: (&str, &str),
    apply: impl FnOnce(&dyn HubStore, &Decision) -> Result<(), crate::error::Error> + Send + 'static,
) -> Result<Response, WebError> {
    let decision = Decision::read(&state, &officer, form)?;
    let scope = officer.scope.clone();
    state
        .store
        .run(move |db| {
            if scope != Scope::All && !decision_in_scope(db, &decision, &scope)? {
                return Err(crate::error::Error::Rejected {
                    code: "account.out_of_scope",
                    message: "Akun itu milik PD di luar wilayah Anda. Muat ulang halaman."
                        .to_owned(),
                });
            }
            apply(db, &decision)
        })
        .await?;
    let (what, anchor) = done;
    let location = format!("/akun?selesai={what}#{anchor}");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}

async fn approve(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    decide(state, officer, form, ("setujui", "resmi"), |db, d| {
        let agency = d.agency()?;
        db.approve_account(d.platform, &d.handle, agency, d.verified, &d.actor, d.now)
            .map(drop)
    })
    .await
}

async fn reject(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    decide(state, officer, form, ("tolak", "ditolak"), |db, d| {
        let agency = d.agency()?;
        db.reject_account(d.platform, &d.handle, agency, &d.reason, &d.actor, d.now)
            .map(drop)
    })
    .await
}

async fn remove(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    decide(state, officer, form, ("hapus", "ditolak"), |db, d| {
        db.remove_account(d.platform, &d.handle, &d.reason, &d.actor, d.now)
            .map(drop)
    })
    .await
}

async fn verify(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    decide(state, officer, form, ("verifikasi", "resmi"), |db, d| {
        let listed = db.set_account_verified(d.platform, &d.handle, d.verified, &d.actor, d.now)?;
        if listed {
            Ok(())
        } else {
            Err(crate::error::Error::Rejected {
                code: "account.not_listed",
                message: "Akun itu tidak ada di daftar akun resmi. Muat ulang halaman.".to_owned(),
            })
        }
    })
    .await
}
