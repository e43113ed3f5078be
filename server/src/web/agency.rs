//! `/pd/{code}`: one agency over the chosen period: its score and indicators (the same as its
//! line of the overview), its daily figures as charts and a table, its official accounts and
//! its enrolled PCs, and the accounts it reported for impersonating it.

use super::accounts::{connected_to_meta, meta_badge};
use super::chart::columns;
use super::error::WebError;
use super::format::{self, percent};
use super::layout;
use super::overview::{period_form, PeriodQuery};
use super::registry::profile_link;
use super::session::Officer;
use crate::agency::AgencyCode;
use crate::clock::today_wib;
use crate::dashboard::agency::{self, AgencyDetail};
use crate::dashboard::{settings, INDICATORS};
use crate::state::AppState;
use crate::store::audit::NewEntry;
use crate::store::dashboard::DayFigures;
use crate::store::users::Role;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Form;
use axum::Router;
use maud::{html, Markup, PreEscaped};
use medsos_protocol::{ListingStatus, Platform};
use serde::Deserialize;
use std::collections::HashSet;
use std::fmt::Write;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/pd/{code}", get(page))
        .route("/pd/{code}/pc/{device}/cabut", post(revoke_device))
}

/// Periods longer than this list only the days with a summary in the daily table.
const FULL_TABLE_DAYS: i64 = 62;

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let code = AgencyCode::parse(&code).map_err(|_| WebError::NotFound)?;
    let now = state.clock.now();
    let (period, problem) = query.resolve(today_wib(now));
    let code = code.as_str().to_owned();
    let (detail, connected) = state
        .store
        .run(move |db| {
            let settings = settings::load(db)?;
            Ok((
                agency::detail(db, &code, period, settings, now)?,
                db.meta().connected_meta_handles()?,
            ))
        })
        .await?;
    // An agency outside the officer's scope is not there for them.
    let detail = detail
        .filter(|d| officer.sees(&d.info.region))
        .ok_or(WebError::NotFound)?;
    let info = &detail.info;
    let title = format!("{} ({})", info.name, info.code);
    Ok(layout::page(
        &title,
        "/dasbor",
        &officer,
        html! {
            p.no-print { a href={"/dasbor?" (detail.period.query())} { "← Kembali ke ikhtisar" } }
            h1 {
                (info.name) " " small { (info.code) }
                @if info.revoked_at.is_some() { " " span.badge.warn { "dicabut" } }
            }
            @if let Some(revoked) = info.revoked_at {
                p.flash.error {
                    "PD ini dicabut pada " (format::instant(Some(revoked)))
                    ". Riwayatnya tetap ditampilkan, tetapi tidak diberi peringkat."
                }
            }
            (period_form(&format!("/pd/{}", info.code), &detail.period, problem))
            (tiles(&detail))
            (indicators(&detail))
            (charts(&detail))
            div.grid2 {
                (accounts(&detail, &connected))
                (devices(&officer, &detail))
            }
            section #laporan-akun {
                h2 { "Laporan akun palsu" }
                p.muted { "Akun yang dilaporkan PD ini karena meniru akunnya, terbaru lebih dulu." }
                (super::impersonation_reports::table(&detail.reports, false))
            }
            (daily_table(&detail))
        },
    ))
}

fn tiles(detail: &AgencyDetail) -> Markup {
    let r = &detail.row;
    let period = &detail.period;
    html! {
        p.period-label {
            (format::day(period.from)) " – " (format::day(period.to))
            " · " (r.days_reported) " hari dengan ringkasan"
        }
        ul.tiles {
            li {
                strong { (format::score(r.score)) }
                "skor kinerja"
                @if let Some(rank) = r.rank { br; small { "peringkat " (rank) " dari " (detail.ranked) " PD" } }
            }
            li {
                strong { (format::number(r.ig_published + r.fb_published)) }
                "unggahan terbit"
                br; small { "IG " (r.ig_published) " / " (r.ig_target) " · FB " (r.fb_published) " / " (r.fb_target) }
            }
            li {
                strong { (format::number(r.received)) }
                "aduan diterima"
                br; small { (format::number(r.resolved)) " selesai · median respons " (format::minutes(r.median_first_response)) }
            }
            li.warn[r.overdue > 0] { strong { (format::number(r.overdue)) } "aduan lewat tenggat" br; small { "pada hari terakhir yang dilaporkan" } }
            li.warn[r.is_silent()] {
                strong.when { (format::instant(r.last_sync)) }
                "sinkron terakhir"
                @if r.is_silent() {
                    br; small {
                        @match r.silent_working_days {
                            Some(days) => { "diam " (days) " hari kerja" }
                            None => { "belum pernah sinkron" }
                        }
                    }
                }
            }
        }
    }
}

fn indicators(detail: &AgencyDetail) -> Markup {
    let weights = detail.settings.weights.as_array();
    html! {
        section {
            h2 { "Indikator kinerja" }
            div.table-wrap tabindex="0" {
                table.indicators {
                    thead { tr { th { "Indikator" } th.num { "Nilai" } th.num { "Bobot" } th { "Rumus" } } }
                    tbody {
                        @for ((indicator, value), weight) in INDICATORS.iter().zip(detail.row.indicators).zip(weights) {
                            tr {
                                td { (indicator.label()) }
                                td.num { (percent(value)) }
                                td.num { (weight) }
                                td { small { (indicator.explanation()) } }
                            }
                        }
                        tr.total {
                            td { strong { "Skor" } }
                            td.num.score { strong { (format::score(detail.row.score)) } }
                            td.num { (detail.settings.weights.total()) }
                            td { small { "rata-rata berbobot indikator yang berlaku, 0–100 " a href="/pengaturan" { "(ubah bobot)" } } }
                        }
                    }
                }
            }
        }
    }
}

fn charts(detail: &AgencyDetail) -> Markup {
    let days = &detail.days;
    let labels = agency::day_labels(days);
    let series = |f: fn(&DayFigures) -> i64| days.iter().map(f).collect::<Vec<_>>();
    // A day without a summary is a gap in a line, not a zero.
    let known = |f: fn(&DayFigures) -> Option<i64>| {
        days.iter()
            .map(|d| if d.reported { f(d) } else { None })
            .collect::<Vec<_>>()
    };
    html! {
        section {
            h2 { "Grafik harian" }
            div.grid2 {
                div {
                    h3 { "Unggahan terbit per hari" }
                    (columns(&labels, &[
                        ("Instagram", "s1", series(|d| d.ig_published)),
                        ("Facebook", "s2", series(|d| d.fb_published)),
                        ("Jadwal terlewat", "s3", series(DayFigures::missed)),
                    ], 520, 160))
                }
                div {
                    h3 { "Aduan diterima dan selesai per hari" }
                    (columns(&labels, &[
                        ("Diterima", "s1", series(|d| d.received)),
                        ("Selesai", "s2", series(|d| d.resolved)),
                    ], 520, 160))
                }
                div {
                    h3 { "Aduan terbuka dan lewat tenggat (akhir hari)" }
                    (lines(&labels, &[
                        ("Terbuka", "s1", known(|d| Some(d.open_backlog)), ""),
                        ("Lewat tenggat", "s3", known(|d| Some(d.overdue)), ""),
                    ], 520, 160))
                }
                div {
                    h3 { "Median respons pertama per hari" }
                    (lines(&labels, &[
                        ("Median respons", "s1", known(|d| d.median_first_response), " mnt"),
                    ], 520, 160))
                }
            }
        }
    }
}

/// Lines of one or more series over the same days, broken where a day has no value; each
/// point is marked so a lone day shows. `series` are (name, css class, values, unit); the
/// legend gives each series' last value.
pub fn lines(
    days: &[String],
    series: &[(&str, &str, Vec<Option<i64>>, &str)],
    width: u32,
    height: u32,
) -> Markup {
    let max = series
        .iter()
        .flat_map(|(_, _, values, _)| values.iter().flatten().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = days.len().max(2) - 1;
    let plot_h = f64::from(height) - 18.0;
    let plot_w = f64::from(width) - 36.0;
    let mut shapes = String::new();
    for (_, class, values, _) in series {
        let mut run: Vec<(f64, f64)> = Vec::new();
        let flush = |run: &mut Vec<(f64, f64)>, shapes: &mut String| {
            if run.len() > 1 {
                let points: Vec<String> =
                    run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = write!(
                    shapes,
                    r#"<polyline class="{class}" points="{}"></polyline>"#,
                    points.join(" ")
                );
            }
            for (x, y) in run.iter() {
                let _ = write!(
                    shapes,
                    r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="1.8"></circle>"#
                );
            }
            run.clear();
        };
        for (i, value) in values.iter().enumerate() {
            match value {
                Some(v) => {
                    let x = 32.0 + plot_w * i as f64 / n as f64;
                    let y = plot_h - (plot_h - 4.0) * (*v as f64) / max;
                    run.push((x, y));
                }
                None => flush(&mut run, &mut shapes),
            }
        }
        flush(&mut run, &mut shapes);
    }
    let first = days.first().cloned().unwrap_or_default();
    let last = days.last().cloned().unwrap_or_default();
    html! {
        figure.chart.lines {
            svg width=(width) height=(height) viewBox={"0 0 " (width) " " (height)} role="img"
                aria-label={"Diagram garis harian " (first) " sampai " (last)} {
                text x="0" y="10" { (max as i64) }
                line x1="30" y1=(plot_h) x2=(width) y2=(plot_h) stroke="#999" {}
                // Classes and numbers only: nothing a person typed goes into this string.
                (PreEscaped(shapes))
                text x="30" y=(height - 2) { (first) }
                text x=(width) y=(height - 2) text-anchor="end" { (last) }
            }
            figcaption {
                @for (name, class, values, unit) in series {
                    span.legend {
                        i class=(class) {}
                        (name)
                        @if let Some(last) = values.iter().rev().flatten().next() {
                            " (terakhir " (format::number(*last)) (unit) ")"
                        } @else {
                            " (tidak ada data)"
                        }
                    }
                }
            }
        }
    }
}

fn accounts(detail: &AgencyDetail, connected: &HashSet<(i64, Platform, String)>) -> Markup {
    html! {
        section {
            h2 { "Akun resmi" }
            @if detail.accounts.is_empty() {
                p.muted { "PD ini belum mengirim atau dicatatkan akun apa pun." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.accounts {
                        thead { tr { th { "Platform" } th { "Akun" } th { "Nama tampilan" } th { "Terverifikasi (Diskominfo)" } th { "Status" } } }
                        tbody {
                            @for account in &detail.accounts {
                                tr {
                                    td { (account.platform.label()) }
                                    td {
                                        (profile_link(&account.url, html! { "@" (account.handle) }))
                                        @if account.status == ListingStatus::Resmi
                                            && connected_to_meta(connected, detail.info.id, account.platform, &account.handle) {
                                            " " (meta_badge())
                                        }
                                    }
                                    td { (account.display_name) }
                                    td {
                                        @if account.verified {
                                            span.badge.ok { "terverifikasi" }
                                        } @else {
                                            span.badge { "belum" }
                                        }
                                    }
                                    td {
                                        @match account.status {
                                            ListingStatus::Resmi => span.badge.ok { "resmi" },
                                            ListingStatus::Menunggu => a.badge.warn href="/akun#menunggu" { "menunggu pemeriksaan" },
                                            ListingStatus::Ditolak => span.badge title=[account.reason.as_deref()] { "ditolak" },
                                            ListingStatus::Dihapus => span.badge title=[account.reason.as_deref()] { "dihapus" },
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

fn devices(officer: &Officer, detail: &AgencyDetail) -> Markup {
    html! {
        section #pc {
            h2 { "PC terdaftar" }
            p { "Sinkron terakhir: " strong { (format::instant(detail.info.last_sync)) } }
            @if detail.devices.is_empty() {
                p.muted { "Belum ada PC yang terdaftar." }
            } @else {
                p.muted { "Angka PD adalah jumlah ringkasan semua PC-nya. Mencabut satu PC tidak menghapus kirimannya." }
                div.table-wrap tabindex="0" {
                    table.devices {
                        thead { tr { th { "ID" } th { "Nama PC" } th { "Terdaftar" } th { "Sinkron terakhir" } th { "Status" } } }
                        tbody {
                            @for device in &detail.devices {
                                tr.revoked[device.revoked_at.is_some()] {
                                    td { (device.id) }
                                    td { (device.name) }
                                    td { (format::instant(device.enrolled_at)) }
                                    td { (format::instant(device.last_sync_at)) }
                                    td {
                                        @if let Some(at) = device.revoked_at {
                                            span.badge { "dicabut" } " " small { (format::instant(Some(at))) }
                                        } @else {
                                            span.badge.ok { "aktif" } " "
                                            @if officer.role == Role::Admin {
                                            form.inline method="post" action={ "/pd/" (detail.info.code) "/pc/" (device.id) "/cabut" } {
                                                (layout::csrf_field(officer))
                                                button.secondary type="submit" aria-label={ "Cabut PC " (device.name) } { "Cabut" }
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
}

fn daily_table(detail: &AgencyDetail) -> Markup {
    let full = detail.period.days() <= FULL_TABLE_DAYS;
    let shown: Vec<&DayFigures> = detail
        .days
        .iter()
        .filter(|d| d.day <= detail.today)
        .filter(|d| full || d.reported)
        .collect();
    html! {
        section {
            h2 { "Angka harian" }
            @if !full {
                p.muted { "Periode panjang: hanya hari dengan ringkasan yang ditampilkan." }
            }
            @if shown.is_empty() {
                p.muted { "Belum ada hari dalam periode ini." }
            } @else {
                div.table-wrap tabindex="0" {
                    table.daily {
                        thead {
                            tr {
                                th { "Tanggal" } th.num { "IG terbit" } th.num { "FB terbit" } th.num { "Jadwal terlewat" }
                                th.num { "Aduan diterima" } th.num { "Selesai" } th.num { "Lewat tenggat" }
                            }
                        }
                        tbody {
                            @for d in shown {
                                tr.missing[!d.reported] {
                                    td { (format::day(d.day)) }
                                    @if d.reported {
                                        td.num { (d.ig_published) }
                                        td.num { (d.fb_published) }
                                        td.num.warn[d.missed() > 0] { (d.missed()) }
                                        td.num { (d.received) }
                                        td.num { (d.resolved) }
                                        td.num.warn[d.overdue > 0] { (d.overdue) }
                                    } @else {
                                        td colspan="6" { small { "tidak ada ringkasan" } }
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

#[derive(Debug, Deserialize)]
struct CsrfForm {
    csrf: String,
}

/// Cuts one PC of the agency off; its summaries stay and keep counting.
async fn revoke_device(
    State(state): State<AppState>,
    officer: Officer,
    Path((code, device)): Path<(String, i64)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    officer.check_csrf(&form.csrf)?;
    officer.require_admin()?;
    let code = AgencyCode::parse(&code).map_err(|_| WebError::NotFound)?;
    let now = state.clock.now();
    let wanted = code.as_str().to_owned();
    let scope = officer.scope.clone();
    let username = officer.username.clone();
    state
        .store
        .run(move |db| {
            let in_scope = db
                .agency_info(code.as_str())?
                .is_some_and(|info| scope.covers(&info.region));
            if !in_scope {
                return Err(crate::error::Error::Rejected {
                    code: "agency.out_of_scope",
                    message: "PD itu tidak ada di wilayah Anda.".to_owned(),
                });
            }
            let id = db.agency_id(&code)?;
            if !db.devices(id)?.iter().any(|d| d.id == device) {
                return Err(crate::error::Error::Rejected {
                    code: "device.unknown",
                    message: "PC itu bukan milik PD ini. Muat ulang halaman.".to_owned(),
                });
            }
            let revoked = db.revoke_device(device, now)?;
            db.record_audit(
                &NewEntry {
                    officer: &username,
                    action: "device.revoke",
                    target: &revoked.agency_code,
                    detail: &format!("PC {} (id {device})", revoked.name),
                },
                now,
            )
        })
        .await?;
    let location = format!("/pd/{wanted}#pc");
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}
