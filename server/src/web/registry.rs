//! `/registri`: the public "Daftar Akun Resmi Perangkat Daerah Kabupaten Cianjur", for anyone,
//! without a session: every agency not revoked with the accounts Diskominfo listed for it
//! (what a PC merely claims never shows), and a form that checks a pasted handle or profile
//! address. The same list as `GET /api/v1/registry`.

use super::error::WebError;
use super::layout;
use crate::account::{check, CheckAnswer, Match};
use crate::client::ClientAddress;
use crate::public_limit::{self, Refusal, MAX_CHECKED_CHARS};
use crate::region::RegionCode;
use crate::registry_index::REGISTRY_CACHE;
use crate::state::AppState;
use crate::store::accounts::{Listing, PublicAgency};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use serde::Deserialize;

pub const TITLE: &str = "Daftar Akun Resmi Perangkat Daerah Kabupaten Cianjur";

pub fn routes() -> Router<AppState> {
    Router::new().route("/registri", get(page))
}

#[derive(Debug, Default, Deserialize)]
struct CheckQuery {
    cek: Option<String>,
    /// A region by BPS code: only its agencies are listed (the check still covers all).
    wilayah: Option<String>,
}

/// The page, with the verdict on `?cek=` when given. What a client sends is bounded before
/// any work (see [`public_limit`]); the list comes from memory ([`crate::registry_index`]);
/// matching and rendering run on the blocking pool, one page at a time.
async fn page(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    uri: Uri,
) -> Result<Response, WebError> {
    if let Err(refusal) =
        public_limit::check_query(uri.query()).and_then(|()| state.public_limiter.check(address))
    {
        return Ok(refused(refusal));
    }
    let query = Query::<CheckQuery>::try_from_uri(&uri)
        .map(|Query(query)| query)
        .unwrap_or_default();
    let asked = query.cek.filter(|text| !text.trim().is_empty());
    let wilayah = query.wilayah.filter(|text| !text.trim().is_empty());
    if let Some(Err(refusal)) = asked.as_deref().map(public_limit::check_text) {
        return Ok(refused(refusal));
    }
    let snapshot = state.registry.current(&state.store).await?;
    let page = state
        .registry
        .run_check(move || {
            let answer = asked.as_deref().map(|text| check(&snapshot.agencies, text));
            let region = wilayah.as_deref().map(RegionCode::parse);
            let shown: Vec<PublicAgency> = match &region {
                Some(Ok(region)) => snapshot
                    .agencies
                    .iter()
                    .filter(|a| crate::api::in_region(region, &a.region))
                    .cloned()
                    .collect(),
                _ => snapshot.agencies.clone(),
            };
            render(
                &shown,
                &snapshot.connected,
                asked.as_deref(),
                answer.as_ref(),
                &RegionFilter {
                    regions: &snapshot.regions,
                    chosen: region,
                },
            )
        })
        .await?;
    Ok(([(header::CACHE_CONTROL, REGISTRY_CACHE)], page).into_response())
}

/// The page's region filter: the regions with agencies, and the one asked for.
struct RegionFilter<'a> {
    regions: &'a [(String, String)],
    chosen: Option<Result<RegionCode, crate::error::Error>>,
}

fn region_filter(filter: &RegionFilter) -> Markup {
    let chosen = match &filter.chosen {
        Some(Ok(code)) => Some(code.as_str()),
        _ => None,
    };
    html! {
        // A choice only once there are two regencies or cities (a province alone is the
        // same list as its one regency).
        @if filter.regions.iter().filter(|(code, _)| code.contains('.')).count() > 1 {
            form.check method="get" action="/registri" {
                label { "Tampilkan wilayah"
                    select name="wilayah" {
                        option value="" selected[chosen.is_none()] { "Semua wilayah" }
                        @for (code, name) in filter.regions {
                            option value=(code) selected[chosen == Some(code.as_str())] {
                                (name) " (" (code) ")"
                            }
                        }
                    }
                }
                button type="submit" { "Tampilkan" }
            }
        }
        @if let Some(Err(problem)) = &filter.chosen {
            div.verdict.warn role="status" { p { (problem.to_string()) } }
        }
        @if let Some(code) = chosen {
            p {
                "Hanya PD di wilayah "
                strong {
                    (filter.regions.iter().find(|(c, _)| c == code).map_or(code, |(_, n)| n.as_str()))
                    " (" (code) ")"
                }
                ". " a href="/registri" { "Tampilkan semua wilayah" }
            }
        }
    }
}

fn render(
    registry: &[PublicAgency],
    connected: &Connected,
    asked: Option<&str>,
    answer: Option<&CheckAnswer>,
    filter: &RegionFilter,
) -> Html<String> {
    let json_link = match &filter.chosen {
        Some(Ok(code)) => format!("/api/v1/registry?region={}", code.as_str()),
        _ => "/api/v1/registry".to_owned(),
    };
    layout::public(
        TITLE,
        html! {
            h1 { (TITLE) }
            (lead())
            (check_form(asked))
            @if let (Some(asked), Some(answer)) = (asked, answer) {
                (verdict(asked, answer))
            }
            (region_filter(filter))
            @for agency in registry {
                (agency_section(agency, connected))
            }
            @if registry.is_empty() {
                p.muted { "Belum ada PD terdaftar." }
            }
            p.muted {
                "Data yang sama tersedia sebagai JSON di " a href=(json_link) { (json_link) } "."
            }
        },
    )
}

fn lead() -> Markup {
    html! {
        p {
            "Akun media sosial resmi Perangkat Daerah (PD) Pemerintah Kabupaten Cianjur, dicatat oleh "
            "Dinas Komunikasi, Informatika dan Persandian. Akun yang tidak ada di daftar ini bukan akun resmi PD; "
            "jangan menanggapi permintaan uang atau data pribadi dari akun seperti itu."
        }
    }
}

/// A request refused before any work: the form again with the reason, in words a citizen
/// understands, and no list (reading it is the work refused).
fn refused(refusal: Refusal) -> Response {
    let (status, message, retry_after) = match refusal {
        Refusal::TooLong => (
            StatusCode::UNPROCESSABLE_ENTITY,
            public_limit::too_long_message(),
            None,
        ),
        Refusal::RateLimited { retry_after_secs } => (
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Terlalu banyak pemeriksaan dari alamat Anda dalam waktu singkat. \
                 Silakan coba lagi dalam {retry_after_secs} detik."
            ),
            Some(retry_after_secs),
        ),
    };
    let page = layout::public(
        TITLE,
        html! {
            h1 { (TITLE) }
            (lead())
            (check_form(None))
            div.verdict.warn role="status" {
                p { strong { "Belum dapat diperiksa" } " — " (message) }
            }
            p { a href="/registri" { "Lihat daftar akun resmi" } }
        },
    );
    let mut response = (status, page).into_response();
    if let Some(secs) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    response
}

fn check_form(asked: Option<&str>) -> Markup {
    html! {
        form.check method="get" action="/registri" role="search" {
            label { "Periksa akun: tempel nama akun atau alamat profil"
                input type="text" name="cek" maxlength=(MAX_CHECKED_CHARS) value=(asked.unwrap_or_default())
                    placeholder="@namaakun atau https://www.instagram.com/namaakun/";
            }
            button type="submit" { "Periksa" }
        }
    }
}

/// An address as a link only when it is on the web over HTTPS; otherwise as text.
pub fn profile_link(url: &str, text: Markup) -> Markup {
    html! {
        @if url.starts_with("https://") {
            a href=(url) rel="noopener noreferrer" target="_blank" { (text) }
        } @else {
            (text)
        }
    }
}

fn owner(m: &Match) -> Markup {
    html! { (m.agency_name) " (" (m.agency_code) ")" }
}

fn verdict(asked: &str, answer: &CheckAnswer) -> Markup {
    let platform = |m: &Match| {
        html! { @if answer.platform.is_none() { " di " (m.platform.label()) } }
    };
    let partly = !answer.unregistered_on.is_empty();
    html! {
        div.verdict.ok[!answer.official.is_empty() && answer.lookalikes.is_empty() && !partly]
            .warn[answer.homoglyph || !answer.lookalikes.is_empty() || partly]
            .unknown[answer.is_unregistered() && !answer.homoglyph]
            role="status" {
            p { "Hasil pemeriksaan untuk " q { (asked) } ":" }
            @if let Some(problem) = answer.problem {
                p { strong { "Tidak dapat diperiksa" } " — " (problem) }
            }
            @if answer.homoglyph {
                p {
                    strong { "Waspada: nama akun ini memakai huruf yang hanya mirip huruf latin" }
                    " (terbaca " code { (answer.handle.as_deref().unwrap_or_default()) } "). "
                    "Akun resmi PD tidak pernah memakainya."
                }
            }
            @for m in &answer.official {
                @if partly {
                    // Official on one platform only: say which, so that an account on the
                    // other platform using the same name never reads as official.
                    p { strong { "Resmi di " (m.platform.label()) " saja — akun " (owner(m)) } ": "
                        (profile_link(&m.url, html! { "@" (m.handle) })) }
                } @else {
                    p { strong { "Resmi — akun " (owner(m)) } (platform(m)) ": "
                        (profile_link(&m.url, html! { "@" (m.handle) })) }
                }
            }
            @for other in &answer.unregistered_on {
                p { strong { "Tidak terdaftar di " (other.label()) } " — @"
                    (answer.handle.as_deref().unwrap_or_default()) " di " (other.label())
                    " bukan akun resmi PD Kabupaten Cianjur. Bila akun yang Anda lihat ada di "
                    (other.label()) ", itu bukan akun resmi." }
            }
            @for m in &answer.lookalikes {
                p { strong { "Waspada: mirip akun resmi @" (m.handle) " milik " (owner(m)) } (platform(m))
                    ". Pastikan Anda membuka akun yang benar: "
                    (profile_link(&m.url, html! { "@" (m.handle) })) }
            }
            @if answer.is_unregistered() && !answer.homoglyph {
                p { strong { "Tidak terdaftar" } " — @" (answer.handle.as_deref().unwrap_or_default())
                    " bukan akun resmi PD Kabupaten Cianjur yang tercatat di daftar ini." }
            } @else if answer.is_unregistered() {
                p { "Tidak ada akun resmi yang terdaftar dengan nama itu." }
            }
        }
    }
}

/// Listed accounts the hub's Meta connection reaches, as (agency code, platform, handle).
pub type Connected = std::collections::HashSet<(String, medsos_protocol::Platform, String)>;

fn agency_section(agency: &PublicAgency, connected: &Connected) -> Markup {
    html! {
        section.registry-agency {
            h2 { (agency.name) " " small { (agency.code) } }
            @if agency.accounts.is_empty() {
                p.muted { "Belum ada akun resmi tercatat." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.registry {
                        thead { tr { th { "Platform" } th { "Akun" } th { "Nama tampilan" } th { "Status" } } }
                        tbody {
                            @for listing in &agency.accounts {
                                (account_row(listing, connected.contains(&(agency.code.clone(), listing.platform, listing.handle.clone()))))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn account_row(listing: &Listing, meta_connected: bool) -> Markup {
    html! {
        tr {
            td { (listing.platform.label()) }
            td { (profile_link(&listing.url, html! { "@" (listing.handle) })) }
            td { (listing.display_name) }
            td {
                span.badge.ok { "resmi" } " "
                // Diskominfo's confirmation of the platform's badge, not the PD's own word.
                @if listing.verified {
                    span.badge.ok title="Lencana terverifikasi platform sudah diperiksa Diskominfo" { "terverifikasi" }
                } @else {
                    span.badge { "belum terverifikasi" }
                }
                @if meta_connected {
                    " " span.badge.ok title="Medsos Hub terhubung ke akun ini lewat Meta" { "terhubung ke Meta" }
                }
            }
        }
    }
}
