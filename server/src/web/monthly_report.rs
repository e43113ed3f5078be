//! `/laporan?bulan=YYYY-MM`: the monthly report for the Bupati's meeting, one page made for
//! paper: the regency's totals, every agency ranked over the calendar month, the best and the
//! weakest, those gone silent, and where complaints came from. The browser prints it (Ctrl+P);
//! there is no script to press a button with.

use super::error::WebError;
use super::format::{self, percent};
use super::layout;
use super::regency::{month_form, MonthQuery};
use super::session::Officer;
use crate::clock::{show_wib, today_wib};
use crate::dashboard::regency::{self, CountRow, RegencyMonth};
use crate::dashboard::{self, settings, AgencyRow, Overview, Period};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};

pub fn routes() -> Router<AppState> {
    Router::new().route("/laporan", get(page))
}

pub const LETTERHEAD: &str =
    "Pemerintah Kabupaten Cianjur — Dinas Komunikasi, Informatika dan Persandian";
pub const TITLE: &str = "Laporan Kinerja Media Sosial Perangkat Daerah";

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<MonthQuery>,
) -> Result<Html<String>, WebError> {
    let now = state.clock.now();
    let today = today_wib(now);
    let (month, problem) = query.resolve(today);
    let period = Period::month_of(month);
    let scope = officer.scope.clone();
    let (overview, complaints) = state
        .store
        .run(move |db| {
            let settings = settings::load(db)?;
            let overview = dashboard::overview_in(db, period, settings, now, &scope)?;
            let complaints = regency::month_in(db, month, &scope)?;
            Ok((overview, complaints))
        })
        .await?;
    let month_name = format::month(month.year(), month.month());
    let ranked: Vec<&AgencyRow> = overview.rows.iter().filter(|r| !r.revoked).collect();
    let top: Vec<&AgencyRow> = ranked.iter().take(10).copied().collect();
    let bottom: Vec<&AgencyRow> = ranked
        .iter()
        .skip(ranked.len().saturating_sub(5))
        .copied()
        .collect();
    // A past month is judged by its own days, not by how long an agency has been quiet since.
    let closed = overview.period.to < overview.today;
    let month_days = overview.period.days_elapsed(overview.today);
    let silent: Vec<&AgencyRow> = ranked
        .iter()
        .filter(|r| {
            if closed {
                r.days_reported < month_days
            } else {
                r.is_silent() || r.days_reported == 0
            }
        })
        .copied()
        .collect();
    Ok(layout::page(
        &format!("Laporan bulanan · {month_name}"),
        "/dasbor",
        &officer,
        html! {
            div.report {
                div.print-only.letterhead {
                    p.letterhead-agency { (LETTERHEAD) }
                }
                h1 { (TITLE) }
                p.report-month { "Bulan " strong { (month_name) } " (" (format::day(period.from)) " – " (format::day(period.to)) ")" }
                p.print-only.printed { "Dicetak " (show_wib(now)) " dari Medsos Hub" }
                (month_form("/laporan", month, today, problem))
                p.no-print.print-hint { "Tekan Ctrl+P untuk mencetak atau menyimpan sebagai PDF." }
                @if period.from > today {
                    p.muted.partial { "Bulan ini belum dimulai: belum ada angka." }
                } @else if period.days_elapsed(today) < period.days() {
                    p.muted.partial { "Bulan ini belum selesai: angka sampai " (format::day(today)) "." }
                }

                h2 { "Ringkasan kabupaten" }
                (totals(&overview, &complaints))

                div.grid2 {
                    section {
                        h2 { "10 PD dengan skor tertinggi" }
                        (short_table(&top))
                    }
                    section {
                        h2 { "5 PD dengan skor terendah" }
                        (short_table(&bottom))
                    }
                }

                section {
                    h2 { "PD yang diam" }
                    @if silent.is_empty() {
                        p { "Semua PD mengirim ringkasan dan sinkron dalam satu hari kerja terakhir." }
                    } @else {
                        p.muted { "PD yang tidak mengirim ringkasan sama sekali bulan ini, atau belum sinkron lebih dari satu hari kerja." }
                        (silent_table(&silent, period.days_elapsed(today), closed))
                    }
                }

                div.grid2 {
                    section {
                        h2 { "10 kecamatan dengan aduan terbanyak" }
                        (top_counts(&complaints.by_kecamatan, "Kecamatan"))
                    }
                    section {
                        h2 { "10 kategori aduan terbanyak" }
                        (top_counts(&complaints.by_category, "Kategori"))
                    }
                }

                section.page-break {
                    h2 { "Peringkat seluruh PD · " (month_name) }
                    (ranked_table(&overview))
                    (weights_note(&overview))
                }
            }
        },
    ))
}

fn totals(overview: &Overview, complaints: &RegencyMonth) -> Markup {
    let active: Vec<&AgencyRow> = overview.rows.iter().filter(|r| !r.revoked).collect();
    let sum = |f: fn(&AgencyRow) -> i64| overview.rows.iter().map(f).sum::<i64>();
    let ig = sum(|r| r.ig_published);
    let fb = sum(|r| r.fb_published);
    let missed = sum(|r| r.ig_missed + r.fb_missed);
    let received = sum(|r| r.received);
    let in_time = sum(|r| r.answered_in_time);
    let resolved = sum(|r| r.resolved);
    let overdue = sum(|r| r.overdue);
    let average = if active.is_empty() {
        0.0
    } else {
        active.iter().map(|r| r.score).sum::<f64>() / active.len() as f64
    };
    let share =
        |part: i64, whole: i64| (whole > 0).then(|| (part as f64 / whole as f64).clamp(0.0, 1.0));
    let previous = complaints.total[regency::MONTHS - 2];
    let current = complaints.total[regency::MONTHS - 1];
    html! {
        ul.tiles.report-totals {
            li { strong { (active.len()) } "PD aktif" }
            li { strong { (format::score(average)) } "rata-rata skor" }
            li {
                strong { (format::number(ig + fb)) }
                "unggahan terbit"
                br; small { "Instagram " (format::number(ig)) " · Facebook " (format::number(fb)) }
            }
            li.warn[missed > 0] {
                strong { (format::number(missed)) }
                "jadwal terlewat"
                br; small { "tepat jadwal " (percent(share(ig + fb, ig + fb + missed))) }
            }
            li {
                strong { (format::number(received)) }
                "aduan diterima"
                br; small { (super::regency::change(current, previous)) " dibanding bulan sebelumnya" }
            }
            li {
                strong { (percent(share(in_time, received))) }
                "dijawab dalam tenggat"
                br; small { (format::number(in_time)) " aduan" }
            }
            li {
                strong { (format::number(resolved)) }
                "aduan selesai"
            }
            li.warn[overdue > 0] {
                strong { (format::number(overdue)) }
                "lewat tenggat"
                br; small { "pada hari terakhir yang dilaporkan" }
            }
        }
    }
}

fn short_table(rows: &[&AgencyRow]) -> Markup {
    html! {
        @if rows.is_empty() {
            p.muted { "Belum ada PD aktif." }
        } @else {
            div.table-wrap tabindex="0" {
                table.short-rank {
                    thead { tr { th.num { "#" } th { "Perangkat Daerah" } th.num { "Skor" } th.num { "Unggahan" } th.num { "Aduan selesai" } } }
                    tbody {
                        @for r in rows {
                            tr {
                                td.num { @if let Some(rank) = r.rank { (rank) } }
                                td.name { (r.name) " " small { (r.code) } }
                                td.num.score { strong { (format::score(r.score)) } }
                                td.num { (format::number(r.ig_published + r.fb_published)) }
                                td.num { (format::number(r.resolved)) " / " (format::number(r.received)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn silent_table(rows: &[&AgencyRow], days_elapsed: i64, closed: bool) -> Markup {
    html! {
        div.table-wrap tabindex="0" {
            table.silent-list {
                thead { tr { th { "Perangkat Daerah" } th.num { "Hari dengan ringkasan" } th { "Sinkron terakhir" } th { "Keterangan" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td.name { (r.name) " " small { (r.code) } }
                            td.num.warn[r.days_reported == 0] { (r.days_reported) " / " (days_elapsed) }
                            td { (format::instant(r.last_sync)) }
                            td {
                                @if closed {
                                    (days_elapsed - r.days_reported) " hari tanpa ringkasan"
                                } @else {
                                @match (r.is_silent(), r.silent_working_days) {
                                    (true, Some(days)) => { "diam " (days) " hari kerja" }
                                    (true, None) => { "belum pernah sinkron" }
                                    (false, _) => { "tidak ada ringkasan bulan ini" }
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

fn top_counts(rows: &[CountRow], heading: &str) -> Markup {
    let mut shown: Vec<&CountRow> = rows.iter().filter(|r| r.current() > 0).collect();
    shown.sort_by(|a, b| {
        b.current()
            .cmp(&a.current())
            .then_with(|| a.label.cmp(&b.label))
    });
    shown.truncate(10);
    html! {
        @if shown.is_empty() {
            p.muted { "Tidak ada aduan bulan ini." }
        } @else {
            div.table-wrap tabindex="0" {
                table.top-counts {
                    thead { tr { th.num { "#" } th { (heading) } th.num { "Aduan" } th.num { "Perubahan" } } }
                    tbody {
                        @for (i, r) in shown.iter().enumerate() {
                            tr {
                                td.num { (i + 1) }
                                td { (r.label) }
                                td.num { (format::number(r.current())) }
                                td.num { (super::regency::change(r.current(), r.previous())) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The overview's ranking in fewer columns, to fit an A4 page across.
fn ranked_table(overview: &Overview) -> Markup {
    html! {
        div.table-wrap tabindex="0" {
            table.overview.compact {
                thead {
                    tr {
                        th.num { "#" }
                        th { "Perangkat Daerah" }
                        th.num { "IG / target" }
                        th.num { "FB / target" }
                        th.num { "Tepat jadwal" }
                        th.num { "Aduan" }
                        th.num { "Dijawab tepat waktu" }
                        th.num { "Selesai" }
                        th.num { "Lewat tenggat" }
                        th.num { "Median respons" }
                        th.num { "Hari lapor" }
                        th.num { "Akun terverifikasi" }
                        th.num { "Skor" }
                    }
                }
                tbody {
                    @for r in &overview.rows {
                        tr.revoked[r.revoked] {
                            td.num { @if let Some(rank) = r.rank { (rank) } @else { "–" } }
                            td.name {
                                (r.name) " " small { (r.code) }
                                @if r.revoked { " " span.badge { "dicabut" } }
                            }
                            td.num { (r.ig_published) " / " (r.ig_target) }
                            td.num { (r.fb_published) " / " (r.fb_target) }
                            td.num { (percent(r.on_time_share())) }
                            td.num { (format::number(r.received)) }
                            td.num { (format::number(r.answered_in_time)) }
                            td.num { (format::number(r.resolved)) }
                            td.num.warn[r.overdue > 0] { (format::number(r.overdue)) }
                            td.num { (format::minutes(r.median_first_response)) }
                            td.num { (r.days_reported) }
                            td.num { (r.accounts_verified) " / " (r.accounts_total) }
                            td.num.score { strong { (format::score(r.score)) } }
                        }
                    }
                }
            }
        }
    }
}

fn weights_note(overview: &Overview) -> Markup {
    let weights = overview.settings.weights.as_array();
    html! {
        p.muted.weights-note {
            "Skor 0–100: rata-rata berbobot indikator yang berlaku ("
            @for (i, (indicator, weight)) in dashboard::INDICATORS.iter().zip(weights).enumerate() {
                @if i > 0 { ", " }
                (indicator.label()) " " (weight)
            }
            "). Target unggahan per minggu: Instagram " (overview.settings.weekly_target_instagram)
            ", Facebook " (overview.settings.weekly_target_facebook) "."
        }
    }
}
