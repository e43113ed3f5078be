//! `/meta`: the hub's Meta connection as officers see it — whether it works, the Pages and
//! Instagram accounts it reaches and the agency each belongs to (the same content as
//! `medsos-hub meta status`), the publications of the last 30 days, and a form per account to
//! assign it to an agency when no approved official account matched it.

use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::clock::show_wib;
use crate::error::Error;
use crate::state::AppState;
use crate::store::agencies::ListedAgency;
use crate::store::meta::{Account, Connection};
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use medsos_protocol::Platform;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/meta", get(page))
        .route("/meta/tetapkan", post(assign))
}

/// How far back the publication counts reach.
const COUNTED_DAYS: i64 = 30;

#[derive(Debug, Default, Deserialize)]
struct Saved {
    tersimpan: Option<String>,
}

/// One account's assignment as the form sends it; `agency` is an agency code, or empty to
/// unassign.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
struct AssignForm {
    csrf: String,
    platform: String,
    meta_id: String,
    agency: String,
}

/// What the page shows, read in one go.
struct Data {
    connection: Option<Connection>,
    accounts: Vec<Account>,
    agencies: Vec<ListedAgency>,
    /// Waiting now, published and failed in the last [`COUNTED_DAYS`] days.
    counts: (i64, i64, i64),
}

async fn load(state: &AppState) -> Result<Data, WebError> {
    let since = state.clock.now() - Duration::days(COUNTED_DAYS);
    Ok(state
        .store
        .run(move |db| {
            let meta = db.meta();
            Ok(Data {
                connection: meta.meta_connection()?,
                accounts: meta.meta_accounts()?,
                agencies: db.agencies()?,
                counts: meta.publication_counts(since)?,
            })
        })
        .await?)
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(saved): Query<Saved>,
) -> Result<Response, WebError> {
    let data = load(&state).await?;
    let notice = saved
        .tersimpan
        .is_some()
        .then_some("Penetapan PD untuk akun Meta tersimpan.");
    Ok(render(&officer, &data, notice, None, StatusCode::OK))
}

/// Why an assignment was refused, in Indonesian; nothing was changed.
fn refusal(message: impl Into<String>) -> Result<Option<String>, Error> {
    Ok(Some(message.into()))
}

async fn assign(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<AssignForm>,
) -> Result<Response, WebError> {
    officer.check_csrf(&form.csrf)?;
    // The hub's one Meta connection serves every region.
    officer.require_all()?;
    let actor = officer.display_name.clone();
    let checked = form.clone();
    let problem = state
        .store
        .run(move |db| {
            let Some(platform) = Platform::parse(checked.platform.trim()) else {
                return refusal("Platform tidak dikenal; pilih akun dari daftar di halaman ini.");
            };
            let meta_id = checked.meta_id.trim();
            let meta = db.meta();
            let known = meta
                .meta_accounts()?
                .into_iter()
                .any(|a| a.platform == platform && a.meta_id == meta_id && !a.gone);
            if !known {
                return refusal(format!(
                    "Akun Meta {} dengan id \u{201c}{}\u{201d} tidak terjangkau sambungan ini. Muat ulang halaman.",
                    platform.label(),
                    shown(meta_id)
                ));
            }
            let code = checked.agency.trim();
            let agency = if code.is_empty() {
                None
            } else {
                match db
                    .agencies()?
                    .into_iter()
                    .find(|a| a.code.eq_ignore_ascii_case(code))
                {
                    Some(agency) => Some(agency.id),
                    None => {
                        return refusal(format!(
                            "PD dengan kode \u{201c}{}\u{201d} tidak ada.",
                            shown(code)
                        ))
                    }
                }
            };
            meta.assign_meta_account(platform, meta_id, agency, &actor)?;
            Ok(None)
        })
        .await?;
    match problem {
        None => Ok((
            StatusCode::SEE_OTHER,
            [(LOCATION, "/meta?tersimpan=1#akun")],
        )
            .into_response()),
        Some(problem) => {
            let data = load(&state).await?;
            Ok(render(
                &officer,
                &data,
                None,
                Some(&problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    }
}

/// What was sent, cut short for a message.
fn shown(text: &str) -> String {
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(39).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// The red banner of a broken connection, linking to `/meta`; nothing while it works.
pub fn broken_banner(connection: Option<&Connection>) -> Markup {
    html! {
        @if let Some(reason) = connection.and_then(|c| c.broken_reason.as_deref()) {
            div.flash.error.meta-broken role="alert" {
                strong { "Sambungan Meta terputus: " } (reason) " "
                "Publikasi menunggu dan tidak hilang. "
                a href="/meta" { "Lihat halaman Meta" }
            }
        }
    }
}

fn connection_section(connection: Option<&Connection>) -> Markup {
    html! {
        section #sambungan {
            @match connection {
                None => {
                    p.flash.error role="status" { "Medsos Hub belum tersambung ke Meta." }
                    p {
                        "Sambungkan dengan token pengguna sistem (system user) portofolio bisnis Diskominfo, "
                        "di komputer hub: "
                        code { "medsos-hub meta connect --db PATH --token TOKEN" }
                    }
                }
                Some(c) => {
                    @if let Some(reason) = &c.broken_reason {
                        div.flash.error.meta-broken role="alert" {
                            p { strong { "Sambungan Meta TERPUTUS sejak " (when(c.broken_at)) ": " } (reason) }
                            p {
                                "Publikasi menunggu dan tidak hilang; sambungkan ulang dengan "
                                code { "medsos-hub meta connect" } "."
                            }
                        }
                    } @else {
                        p.flash.ok role="status" {
                            "Sambungan Meta baik: tersambung " (show_wib(c.connected_at))
                            ", diperiksa " (show_wib(c.checked_at)) "."
                        }
                    }
                }
            }
        }
    }
}

fn when(at: Option<OffsetDateTime>) -> String {
    at.map(show_wib).unwrap_or_else(|| "-".to_owned())
}

fn counts_section(counts: (i64, i64, i64)) -> Markup {
    let (waiting, published, failed) = counts;
    html! {
        section #publikasi {
            h2 { "Publikasi lewat hub" }
            ul.tiles {
                li { strong { (format::number(waiting)) } " menunggu" }
                li { strong { (format::number(published)) } " diterbitkan " (COUNTED_DAYS) " hari terakhir" }
                li.warn[failed > 0] { strong { (format::number(failed)) } " gagal " (COUNTED_DAYS) " hari terakhir" }
            }
        }
    }
}

fn assign_form(officer: &Officer, account: &Account, agencies: &[ListedAgency]) -> Markup {
    let current = account.agency.as_ref().map(|a| a.id);
    html! {
        form.inline method="post" action="/meta/tetapkan" {
            (layout::csrf_field(officer))
            input type="hidden" name="platform" value=(account.platform.as_str());
            input type="hidden" name="meta_id" value=(account.meta_id);
            label {
                span.sr-only { "PD untuk " (account.name) }
                select name="agency" {
                    option value="" selected[current.is_none()] { "— tanpa PD —" }
                    @for agency in agencies {
                        option value=(agency.code) selected[current == Some(agency.id)] {
                            (agency.code) " · " (agency.name)
                        }
                    }
                }
            }
            " "
            button.secondary type="submit" { "Tetapkan" }
        }
    }
}

fn accounts_section(officer: &Officer, accounts: &[Account], agencies: &[ListedAgency]) -> Markup {
    // Unmatched first (the store lists them so), accounts no longer reached left out.
    let mut reached: Vec<&Account> = accounts.iter().filter(|a| !a.gone).collect();
    reached.sort_by_key(|a| a.agency.is_some());
    let unmatched = reached.iter().filter(|a| a.agency.is_none()).count();
    let gone = accounts.len() - reached.len();
    html! {
        section #akun {
            h2 { "Akun yang terjangkau (" (reached.len()) ")" }
            @if reached.is_empty() {
                p.muted { "Belum ada Page atau akun Instagram yang terjangkau." }
            } @else {
                @if unmatched > 0 {
                    p { strong { (unmatched) " akun belum dicocokkan dengan PD" } "; tetapkan PD-nya di kolom terakhir." }
                } @else {
                    p.muted { "Semua akun yang terjangkau sudah dicocokkan dengan PD." }
                }
                div.table-wrap tabindex="0" {
                    table.meta-accounts {
                        thead {
                            tr {
                                th { "Platform" } th { "Nama / akun" } th { "ID Meta" } th.num { "Pengikut" }
                                th { "PD" } th { "Dicocokkan" } th { "Tetapkan PD" }
                            }
                        }
                        tbody {
                            @for account in &reached {
                                tr.unmatched[account.agency.is_none()] {
                                    td { (account.platform.label()) }
                                    td {
                                        (account.name)
                                        @if let Some(handle) = &account.handle { br; small { "@" (handle) } }
                                        @if let Some(until) = account.blocked_until {
                                            br; span.badge.warn { "dibatasi Meta sampai " (show_wib(until)) }
                                        }
                                    }
                                    td { code { (account.meta_id) } }
                                    td.num { @match account.followers { Some(n) => (format::number(n)), None => "–" } }
                                    td.name {
                                        @match &account.agency {
                                            Some(agency) => { a href={ "/pd/" (agency.code) } { (agency.name) } " " small { (agency.code) } }
                                            None => { span.badge.warn { "belum dicocokkan" } }
                                        }
                                    }
                                    td { (account.matched_by.as_deref().unwrap_or("–")) }
                                    td { (assign_form(officer, account, agencies)) }
                                }
                            }
                        }
                    }
                }
            }
            @if gone > 0 {
                p.muted { (gone) " akun tidak terjangkau lagi sejak sambungan terakhir; riwayatnya disimpan." }
            }
        }
    }
}

fn render(
    officer: &Officer,
    data: &Data,
    notice: Option<&str>,
    problem: Option<&str>,
    status: StatusCode,
) -> Response {
    let page = layout::page(
        "Meta",
        "/meta",
        officer,
        html! {
            h1 { "Terhubung ke Meta" }
            @if let Some(notice) = notice {
                p.flash.ok role="status" { (notice) }
            }
            @if let Some(problem) = problem {
                div.flash.error role="alert" {
                    p { strong { "Penetapan tidak disimpan. " } (problem) }
                }
            }
            (connection_section(data.connection.as_ref()))
            @if data.connection.is_some() {
                (counts_section(data.counts))
                (accounts_section(officer, &data.accounts, &data.agencies))
            }
        },
    );
    (status, page).into_response()
}
