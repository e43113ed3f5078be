//! `/libur`: the national holidays and cuti bersama the hub publishes, year by year, and the
//! upload that replaces a year's list from a CSV `tanggal,jenis,keterangan`, read exactly as
//! `medsos-hub holidays import` reads it. PCs fetch the list at their next sync.

use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::clock::{parse_day, today_wib};
use crate::state::AppState;
use crate::store::holidays;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use medsos_protocol::{Holiday, HolidayKind};
use serde::Deserialize;
use time::Weekday;

/// A holiday list is a few kilobytes; this leaves room for comments and other years.
const UPLOAD_LIMIT_BYTES: usize = 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/libur",
        get(page)
            .post(upload)
            .layer(DefaultBodyLimit::max(UPLOAD_LIMIT_BYTES)),
    )
}

#[derive(Debug, Default, Deserialize)]
struct YearQuery {
    tahun: Option<String>,
    /// After a successful upload: the years replaced, e.g. `2026,2027`.
    diganti: Option<String>,
    /// After a successful upload: how many holidays the file held.
    jumlah: Option<String>,
}

/// What the page says above the list.
enum Notice {
    Replaced { years: String, count: usize },
    Refused(Vec<String>),
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<YearQuery>,
) -> Result<Response, WebError> {
    let notice = match (&query.diganti, &query.jumlah) {
        (Some(years), Some(count))
            if !years.is_empty()
                && years.len() <= 60
                && years.chars().all(|c| c.is_ascii_digit() || c == ',') =>
        {
            count.parse().ok().map(|count| Notice::Replaced {
                years: years.replace(',', ", "),
                count,
            })
        }
        _ => None,
    };
    let year = query.tahun.as_deref().and_then(|t| t.parse::<i32>().ok());
    render(&state, &officer, year, notice, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    officer: &Officer,
    year: Option<i32>,
    notice: Option<Notice>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let this_year = today_wib(state.clock.now()).year();
    let (years, shown, list) = state
        .store
        .run(move |db| {
            let years = db.holiday_years()?;
            let shown = year
                .filter(|y| (2000..=2100).contains(y))
                .or_else(|| {
                    years
                        .iter()
                        .any(|(y, _)| *y == this_year)
                        .then_some(this_year)
                })
                .or_else(|| years.last().map(|(y, _)| *y))
                .unwrap_or(this_year);
            let list = db.holidays_of_year(shown)?;
            Ok((years, shown, list))
        })
        .await?;
    let page = layout::page(
        "Hari libur",
        "/libur",
        officer,
        html! {
            h1 { "Hari libur nasional dan cuti bersama" }
            p.muted {
                "Dipakai PC PD untuk menghitung hari kerja tenggat aduan. PC mengambil daftar tahun berjalan "
                "pada setiap sinkron."
            }
            @match &notice {
                Some(Notice::Replaced { years, count }) => {
                    p.flash.ok role="status" {
                        "Daftar hari libur tahun " (years) " diganti (" (count) " hari). "
                        "Diterima PD pada sinkron berikutnya."
                    }
                }
                Some(Notice::Refused(problems)) => {
                    div.flash.error role="alert" {
                        "Berkas ditolak; tidak ada yang diganti. Perbaiki baris berikut lalu unggah lagi:"
                        ul { @for problem in problems { li { (problem) } } }
                    }
                }
                None => {}
            }
            (year_links(&years, shown))
            (table(shown, &list))
            (upload_form(officer))
        },
    );
    Ok((status, page).into_response())
}

fn year_links(years: &[(i32, usize)], shown: i32) -> Markup {
    html! {
        @if !years.is_empty() {
            p.years {
                "Tahun: "
                @for (year, count) in years {
                    a href={ "/libur?tahun=" (year) } aria-current=[(*year == shown).then_some("page")] {
                        (year)
                    }
                    small { " (" (count) " hari) " }
                }
            }
        }
    }
}

fn weekday(day: time::Date) -> &'static str {
    match day.weekday() {
        Weekday::Monday => "Senin",
        Weekday::Tuesday => "Selasa",
        Weekday::Wednesday => "Rabu",
        Weekday::Thursday => "Kamis",
        Weekday::Friday => "Jumat",
        Weekday::Saturday => "Sabtu",
        Weekday::Sunday => "Minggu",
    }
}

fn table(year: i32, list: &[Holiday]) -> Markup {
    html! {
        h2 { "Tahun " (year) }
        @if list.is_empty() {
            p.muted { "Medsos Hub belum punya daftar hari libur tahun " (year) "." }
        } @else {
            div.table-wrap tabindex="0" {
                table.holidays {
                    thead { tr { th { "Tanggal" } th { "Hari" } th { "Jenis" } th { "Keterangan" } } }
                    tbody {
                        @for holiday in list {
                            @let day = parse_day(&holiday.day);
                            tr {
                                td { @if let Some(day) = day { (format::day(day)) } @else { (holiday.day) } }
                                td { @if let Some(day) = day { (weekday(day)) } }
                                td {
                                    @match holiday.kind {
                                        HolidayKind::LiburNasional => { "Libur nasional" }
                                        HolidayKind::CutiBersama => { "Cuti bersama" }
                                    }
                                }
                                td { (holiday.name) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn upload_form(officer: &Officer) -> Markup {
    html! {
        section.card.holiday-upload {
            h2 { "Unggah daftar hari libur" }
            p {
                "Berkas CSV UTF-8 dengan kepala kolom " code { "tanggal,jenis,keterangan" } "; "
                code { "tanggal" } " YYYY-MM-DD, " code { "jenis" } " " code { "libur_nasional" } " atau "
                code { "cuti_bersama" } ". Daftar setiap tahun yang ada di berkas diganti seluruhnya; "
                "tahun lain tidak berubah. Bila satu baris salah, seluruh berkas ditolak."
            }
            pre.sample { "tanggal,jenis,keterangan\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi" }
            form method="post" action="/libur" enctype="multipart/form-data" {
                (layout::csrf_field(officer))
                label { "Berkas CSV" input type="file" name="berkas" accept=".csv,text/csv" required; }
                button type="submit" { "Unggah dan ganti" }
            }
        }
    }
}

async fn upload(
    State(state): State<AppState>,
    officer: Officer,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    // The holiday calendar counts working days for every region.
    officer.require_all()?;
    let mut multipart = multipart.map_err(|_| {
        WebError::Invalid("Formulir harus dikirim sebagai multipart/form-data.".to_owned())
    })?;
    let mut csrf_ok = false;
    let mut file: Option<Vec<u8>> = None;
    let mut unreadable = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                unreadable = Some(if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    "Berkas terlalu besar; paling besar 1 MB.".to_owned()
                } else {
                    "Berkas tidak terbaca utuh. Coba unggah lagi.".to_owned()
                });
                break;
            }
        };
        match field.name().unwrap_or_default() {
            "csrf" => {
                let sent = field.text().await.unwrap_or_default();
                officer.check_csrf(&sent)?;
                csrf_ok = true;
            }
            "berkas" => {
                if !csrf_ok {
                    return Err(WebError::Forbidden);
                }
                match field.bytes().await {
                    Ok(bytes) => file = Some(bytes.to_vec()),
                    Err(_) => {
                        unreadable =
                            Some("Berkas tidak terbaca utuh. Coba unggah lagi.".to_owned());
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(WebError::Forbidden);
    }
    let refused = |problems: Vec<String>| Some(Notice::Refused(problems));
    let bytes = match (unreadable, file) {
        (Some(message), _) => {
            return render(
                &state,
                &officer,
                None,
                refused(vec![message]),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        (None, None) => {
            let message = "Pilih berkas CSV yang akan diunggah.".to_owned();
            return render(
                &state,
                &officer,
                None,
                refused(vec![message]),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        (None, Some(bytes)) => bytes,
    };
    let found = match holidays::parse_csv(&bytes) {
        Ok(found) => found,
        Err(problems) => {
            return render(
                &state,
                &officer,
                None,
                refused(problems),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let count = found.len();
    let years = state
        .store
        .run(move |db| db.replace_holiday_years(&found))
        .await?;
    tracing::info!(
        ?years,
        count,
        officer = officer.user_id,
        "holidays uploaded"
    );
    let listed: Vec<String> = years.iter().map(ToString::to_string).collect();
    let first = years.first().copied().unwrap_or_default();
    let location = format!(
        "/libur?tahun={first}&diganti={}&jumlah={count}",
        listed.join(",")
    );
    Ok((StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response())
}
