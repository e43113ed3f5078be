//! `/akun`: every agency's official accounts as Diskominfo recorded them or the PCs synced
//! them, the handles two agencies claim with the form that assigns one to an agency
//! (`POST /akun/sengketa`), and the agencies still without an Instagram or Facebook account.

use super::error::WebError;
use super::format;
use super::layout;
use super::registry::{platform_label, profile_link};
use super::session::Officer;
use crate::state::AppState;
use crate::store::accounts::{self, Claim, ClaimStatus, Dispute, PublicAgency};
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use medsos_protocol::Platform;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/akun", get(page))
        .route("/akun/sengketa", post(decide))
}

#[derive(Debug, Default, Deserialize)]
struct Notice {
    /// After a decision.
    diputuskan: Option<String>,
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(notice): Query<Notice>,
) -> Result<Response, WebError> {
    let (claims, disputes, registry) = state
        .store
        .read(|conn| {
            Ok((
                accounts::claims(conn)?,
                accounts::disputes(conn)?,
                accounts::public_registry(conn)?,
            ))
        })
        .await?;
    let decided = notice.diputuskan.is_some();
    let page = layout::page(
        "Akun resmi",
        "/akun",
        &officer,
        html! {
            h1 { "Akun resmi PD" }
            p.muted {
                "Akun dicatat Diskominfo (" code { "medsos-hub account add" } ") atau dikirim PC PD saat sinkron. "
                "Bila akun yang sama diklaim lebih dari satu PD, klaim yang lebih dulu tetap resmi di "
                a href="/registri" { "registri publik" } " (catatan Diskominfo didahulukan atas kiriman PC PD); "
                "klaim berikutnya tidak resmi sampai diputuskan di bagian Sengketa."
            }
            @if decided {
                p.flash.ok role="status" { "Keputusan sengketa tersimpan; registri publik mengikutinya." }
            }
            (disputes_section(&officer, &disputes))
            (missing_section(&registry))
            (claims_section(&claims))
        },
    );
    Ok(page.into_response())
}

fn status_badge(status: ClaimStatus) -> Markup {
    html! {
        @match status {
            ClaimStatus::Official => span.badge.ok { "resmi" },
            ClaimStatus::Disputed => span.badge.warn { "sengketa" },
            ClaimStatus::Refused => span.badge { "ditolak Diskominfo" },
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

fn disputes_section(officer: &Officer, disputes: &[Dispute]) -> Markup {
    html! {
        section #sengketa {
            h2 { "Sengketa" }
            @if disputes.is_empty() {
                p.muted { "Tidak ada akun yang diklaim lebih dari satu PD." }
            } @else {
                p.muted {
                    "Akun yang sama diklaim lebih dari satu PD. Sampai diputuskan, klaim yang lebih dulu "
                    "(catatan Diskominfo didahulukan) tetap resmi. Tetapkan pemiliknya: klaim PD lain tetap "
                    "tercatat tetapi tidak resmi. Keputusan dapat diubah."
                }
                @for dispute in disputes {
                    div.card {
                        h3 {
                            (platform_label(dispute.platform)) " @" (dispute.handle) " "
                            @match &dispute.decided_for {
                                Some((_, code, name)) => {
                                    span.badge.ok { "diputuskan: " (name) " (" (code) ")" }
                                    " " small { (format::instant(dispute.decided_at)) }
                                }
                                None => span.badge.warn { "belum diputuskan" },
                            }
                        }
                        form method="post" action="/akun/sengketa" {
                            (layout::csrf_field(officer))
                            input type="hidden" name="platform" value=(dispute.platform.as_str());
                            input type="hidden" name="handle" value=(dispute.handle);
                            div.table-wrap {
                                table.claims {
                                    thead { tr { th { "Pemilik" } th { "PD" } th { "Nama tampilan" } th { "Sumber" } th { "Diperbarui" } th { "Status" } } }
                                    tbody {
                                        @for claim in &dispute.claims {
                                            tr {
                                                td {
                                                    input type="radio" name="pd" value=(claim.agency_id) required
                                                        checked[dispute.decided_for.as_ref().is_some_and(|(id, _, _)| *id == claim.agency_id)]
                                                        aria-label={ "Tetapkan milik " (claim.agency_name) };
                                                }
                                                td { (claim.agency_name) " " small { (claim.agency_code) } }
                                                td { (claim.display_name) }
                                                td { (source_label(&claim.source)) }
                                                td { (format::instant(claim.updated_at)) }
                                                td { (status_badge(claim.status)) }
                                            }
                                        }
                                    }
                                }
                            }
                            button type="submit" { "Tetapkan pemilik" }
                        }
                    }
                }
            }
        }
    }
}

fn missing_section(registry: &[PublicAgency]) -> Markup {
    let lacks = |agency: &PublicAgency, platform: Platform| {
        !agency
            .accounts
            .iter()
            .any(|c| c.platform == platform && c.status == ClaimStatus::Official)
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
                div.table-wrap {
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

fn claims_section(claims: &[Claim]) -> Markup {
    html! {
        section #semua {
            h2 { "Semua akun" }
            @if claims.is_empty() {
                p.muted { "Belum ada akun tercatat." }
            } @else {
                div.table-wrap {
                    table.accounts {
                        thead {
                            tr {
                                th { "PD" } th { "Platform" } th { "Akun" } th { "Nama tampilan" } th { "Sumber" }
                                th { "Verifikasi" } th { "Diajukan" } th { "Status" } th { "Diperbarui" }
                            }
                        }
                        tbody {
                            @for claim in claims {
                                tr.revoked[claim.agency_revoked] {
                                    td.name {
                                        a href={ "/pd/" (claim.agency_code) } { (claim.agency_name) } " " small { (claim.agency_code) }
                                        @if claim.agency_revoked { " " span.badge { "dicabut" } }
                                    }
                                    td { (platform_label(claim.platform)) }
                                    td { (profile_link(&claim.url, html! { "@" (claim.handle) })) }
                                    td { (claim.display_name) }
                                    td { (source_label(&claim.source)) }
                                    td {
                                        @if claim.verified { span.badge.ok { "terverifikasi" } }
                                        @else { span.badge { "belum" } }
                                    }
                                    td { (claim.verification_requested_on.as_deref().unwrap_or("–")) }
                                    td { (status_badge(claim.status)) }
                                    td { (format::instant(claim.updated_at)) }
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
}

async fn decide(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    officer.check_csrf(&form.csrf)?;
    let platform = Platform::parse(&form.platform).ok_or(WebError::NotFound)?;
    let agency_id: i64 = form
        .pd
        .as_deref()
        .and_then(|id| id.trim().parse().ok())
        .ok_or_else(|| WebError::Invalid("Pilih PD pemilik akun.".to_owned()))?;
    let handle = form.handle;
    let now = state.clock.now();
    let user = officer.user_id;
    let done = state
        .store
        .call(move |conn| accounts::decide(conn, platform, &handle, agency_id, Some(user), now))
        .await?;
    if !done {
        return Err(WebError::Invalid(
            "PD yang dipilih tidak mengklaim akun ini. Muat ulang halaman lalu pilih lagi."
                .to_owned(),
        ));
    }
    let location = "/akun?diputuskan=1#sengketa";
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}
