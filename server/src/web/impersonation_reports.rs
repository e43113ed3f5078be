//! `/laporan-akun`: accounts the agencies reported for impersonating them, across agencies,
//! newest first, filtered by status and agency, for Diskominfo's takedown follow-up.

use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::agency::AgencyCode;
use crate::clock::parse_day;
use crate::state::AppState;
use crate::store::impersonation_reports::{ListedReport, ReportFilter};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use medsos_protocol::ReportStatus;
use serde::Deserialize;

/// At most this many reports are listed.
const LISTED: usize = 500;

const STATUSES: [ReportStatus; 3] = [
    ReportStatus::MasihAktif,
    ReportStatus::Dilaporkan,
    ReportStatus::Ditutup,
];

pub fn routes() -> Router<AppState> {
    Router::new().route("/laporan-akun", get(page))
}

#[derive(Debug, Default, Deserialize)]
struct FilterQuery {
    status: Option<String>,
    pd: Option<String>,
}

pub fn status_label(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::MasihAktif => "masih aktif",
        ReportStatus::Dilaporkan => "dilaporkan ke platform",
        ReportStatus::Ditutup => "ditutup",
    }
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<FilterQuery>,
) -> Result<Response, WebError> {
    let filter = ReportFilter {
        status: query.status.as_deref().and_then(ReportStatus::parse),
        agency_code: query
            .pd
            .as_deref()
            .filter(|code| !code.is_empty())
            .and_then(|code| AgencyCode::parse(code).ok())
            .map(|code| code.as_str().to_owned()),
    };
    let shown_filter = filter.clone();
    let scope = officer.scope.clone();
    let (list, active, agencies) = state
        .store
        .run(move |db| {
            let mut list = db.impersonation_reports(&shown_filter, LISTED)?;
            let mut active = db.active_impersonation_reports()?;
            let mut agencies = db.reporting_agencies()?;
            if scope != crate::region::Scope::All {
                // An officer of one region follows its agencies' reports only.
                let ours = super::session::InScope::read(db, &scope)?.codes;
                list.retain(|r| ours.contains(&r.agency_code));
                agencies.retain(|(code, _)| ours.contains(code));
                active = active_in(db, &ours)?;
            }
            Ok((list, active, agencies))
        })
        .await?;
    let page = layout::page(
        "Laporan akun palsu",
        "/laporan-akun",
        &officer,
        html! {
            h1 { "Laporan akun palsu" }
            p.muted {
                "Akun yang dilaporkan PD karena meniru akunnya, dikirim PC PD saat sinkron. "
                "Status diperbarui oleh PD; tindak lanjuti yang masih aktif bersama platform."
            }
            ul.tiles {
                li.warn[active > 0] {
                    strong { (format::number(active)) }
                    "laporan masih aktif"
                    br; small { "di semua PD" }
                }
            }
            form.period method="get" action="/laporan-akun" {
                label { "Status"
                    select name="status" {
                        option value="" selected[filter.status.is_none()] { "Semua" }
                        @for status in STATUSES {
                            option value=(status.as_str()) selected[filter.status == Some(status)] { (status_label(status)) }
                        }
                    }
                }
                label { "PD"
                    select name="pd" {
                        option value="" selected[filter.agency_code.is_none()] { "Semua PD" }
                        @for (code, name) in &agencies {
                            option value=(code) selected[filter.agency_code.as_deref() == Some(code.as_str())] { (name) " (" (code) ")" }
                        }
                    }
                }
                button type="submit" { "Tampilkan" }
            }
            (table(&list, true))
        },
    );
    Ok(page.into_response())
}

/// The suspect's address as a link only when it is `https://`; anything else is text.
fn suspect_link(url: &str) -> Markup {
    html! {
        @if url.starts_with("https://") {
            a href=(url) rel="noopener noreferrer nofollow" target="_blank" { (url) }
        } @else {
            (url)
        }
    }
}

fn since(day: &str) -> String {
    parse_day(day).map_or_else(|| day.to_owned(), format::day)
}

/// Reports as a table; `with_agency` adds the column of the agency that reported each.
pub fn table(list: &[ListedReport], with_agency: bool) -> Markup {
    html! {
        @if list.is_empty() {
            p.muted { "Tidak ada laporan akun palsu." }
        } @else {
            div.table-wrap tabindex="0" {
                table.reports {
                    thead {
                        tr {
                            @if with_agency { th { "Dilaporkan oleh" } }
                            th { "Platform" } th { "Akun palsu" } th { "Meniru" } th { "Apa yang dilakukan" }
                            th { "Sejak" } th { "Status" } th { "Diperbarui" }
                        }
                    }
                    tbody {
                        @for report in list {
                            tr {
                                @if with_agency {
                                    td.name { a href={ "/pd/" (report.agency_code) } { (report.agency_name) } " " small { (report.agency_code) } }
                                }
                                td { (report.platform.label()) }
                                td.url { "@" (report.handle) br; small { (suspect_link(&report.url)) } }
                                td { @if let Some(official) = &report.imitates { "@" (official) } @else { "–" } }
                                td.description { (report.description) }
                                td { (since(&report.first_seen_on)) }
                                td {
                                    @match report.status {
                                        ReportStatus::MasihAktif => span.badge.warn { (status_label(report.status)) },
                                        ReportStatus::Dilaporkan => span.badge { (status_label(report.status)) },
                                        ReportStatus::Ditutup => span.badge.ok { (status_label(report.status)) },
                                    }
                                }
                                td { (format::instant(report.updated_at)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Reports still active of the agencies coded in `ours`.
pub fn active_in(
    db: &dyn crate::store::HubStore,
    ours: &std::collections::HashSet<String>,
) -> Result<i64, crate::error::Error> {
    let active = ReportFilter {
        status: Some(ReportStatus::MasihAktif),
        agency_code: None,
    };
    Ok(db
        .impersonation_reports(&active, usize::MAX)?
        .iter()
        .filter(|r| ours.contains(&r.agency_code))
        .count() as i64)
}
