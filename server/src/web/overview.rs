//! `/dasbor`: every agency in one table for the chosen period, ranked by kinerja score.

use super::chart::sparkline;
use super::error::WebError;
use super::format::{self, percent};
use super::layout;
use super::meta_page;
use super::session::Officer;
use crate::clock::today_wib;
use crate::dashboard::{self, settings, Overview, Period, INDICATORS};
use crate::state::AppState;
use crate::store::meta::AgencyReach;
use axum::extract::{Query, State};
use axum::response::Html;
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub periode: Option<String>,
    pub dari: Option<String>,
    pub sampai: Option<String>,
}

impl PeriodQuery {
    /// The period asked for, or this month with the reason when the request was not usable.
    pub fn resolve(&self, today: time::Date) -> (Period, Option<&'static str>) {
        match Period::parse(
            self.periode.as_deref(),
            self.dari.as_deref(),
            self.sampai.as_deref(),
            today,
        ) {
            Ok(period) => (period, None),
            Err(message) => (Period::month_of(today), Some(message)),
        }
    }
}

/// The overview for a request's period, computed on the blocking pool.
pub async fn load(
    state: &AppState,
    query: &PeriodQuery,
) -> Result<(Overview, Option<&'static str>), WebError> {
    let now = state.clock.now();
    let (period, problem) = query.resolve(today_wib(now));
    let overview = state
        .store
        .run(move |db| {
            let settings = settings::load(db)?;
            dashboard::overview(db, period, settings, now)
        })
        .await?;
    Ok((overview, problem))
}

pub async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let (overview, problem) = load(&state, &query).await?;
    let (active_reports, disputed, connection) = state
        .store
        .run(|db| {
            Ok((
                db.active_impersonation_reports()?,
                db.accounts_awaiting_review()?,
                db.meta().meta_connection()?,
            ))
        })
        .await?;
    Ok(layout::page(
        "Ikhtisar kinerja",
        "/dasbor",
        &officer,
        html! {
            h1 { "Ikhtisar kinerja PD" }
            (meta_page::broken_banner(connection.as_ref()))
            (period_form("/dasbor", &overview.period, problem))
            (summary_line(&overview))
            @if active_reports > 0 || disputed > 0 {
                ul.tiles.accounts-alert {
                    @if active_reports > 0 {
                        li.warn { a href="/laporan-akun?status=masih_aktif" { strong { (format::number(active_reports)) } } " akun palsu masih aktif" }
                    }
                    @if disputed > 0 {
                        li.warn { a href="/akun#menunggu" { strong { (format::number(disputed)) } } " akun menunggu pemeriksaan Diskominfo" }
                    }
                }
            }
            p.actions {
                a.button href={"/dasbor/ekspor.xlsx?" (overview.period.query())} { "Unduh XLSX" }
                a.button href={"/dasbor/ekspor.csv?" (overview.period.query())} { "Unduh CSV" }
                a.button href="/laporan" { "Laporan bulanan (cetak)" }
            }
            (table(&overview))
            (weights_legend(&overview))
        },
    ))
}

/// The period chooser, a GET form so the address can be bookmarked and shared.
pub fn period_form(action: &str, period: &Period, problem: Option<&str>) -> Markup {
    let kind = period.kind.as_str();
    html! {
        form.period method="get" action=(action) {
            label { "Periode "
                select name="periode" {
                    @for (value, label) in [("minggu", "Minggu ini"), ("bulan", "Bulan ini"), ("tahun", "Tahun ini"), ("kustom", "Pilih tanggal")] {
                        option value=(value) selected[value == kind] { (label) }
                    }
                }
            }
            label { "Dari " input type="date" name="dari" value=(period.from_text()); }
            label { "Sampai " input type="date" name="sampai" value=(period.to_text()); }
            button type="submit" { "Tampilkan" }
            @if let Some(problem) = problem {
                p.error role="alert" { (problem) " Ditampilkan bulan ini." }
            }
        }
    }
}

fn summary_line(overview: &Overview) -> Markup {
    let active = overview.rows.iter().filter(|r| !r.revoked).count();
    let silent = overview.rows.iter().filter(|r| r.is_silent()).count();
    let received: i64 = overview.rows.iter().map(|r| r.received).sum();
    let overdue: i64 = overview.rows.iter().map(|r| r.overdue).sum();
    let published: i64 = overview
        .rows
        .iter()
        .map(|r| r.ig_published + r.fb_published)
        .sum();
    html! {
        p.period-label {
            (format::day(overview.period.from)) " – " (format::day(overview.period.to))
            " · " (active) " PD aktif"
        }
        ul.tiles {
            li { strong { (format::number(published)) } " unggahan terbit" }
            li { strong { (format::number(received)) } " aduan diterima" }
            li.warn[overdue > 0] { strong { (format::number(overdue)) } " aduan lewat tenggat" }
            li.warn[silent > 0] { strong { (silent) } " PD belum sinkron > 1 hari kerja" }
        }
    }
}

/// The ranked table; public so the benchmark renders exactly what officers see.
pub fn table(overview: &Overview) -> Markup {
    let trend_unit = if overview.bucket_days == 7 {
        "per minggu"
    } else {
        "per hari"
    };
    // The Meta figures take one column, and only once Meta reported something.
    let meta = overview.rows.iter().any(|r| r.meta.is_some());
    html! {
        div.table-wrap {
            table.overview {
                thead {
                    tr {
                        th rowspan="2" { "#" }
                        th rowspan="2" { "Perangkat Daerah" }
                        th colspan="3" { "Konten" }
                        @if meta {
                            th.meta rowspan="2" {
                                abbr title=(META_TITLE) { "Menurut Meta" }
                                br; small { "terbit · jangkauan · interaksi" }
                            }
                        }
                        th colspan="5" { "Aduan warga" }
                        th rowspan="2" { "Sinkron terakhir" }
                        th rowspan="2" { "Akun terverifikasi" }
                        th rowspan="2" { "Skor" }
                        th colspan=(INDICATORS.len()) { "Rincian indikator" }
                        th rowspan="2" { "Tren unggahan" br; small { (trend_unit) } }
                    }
                    tr {
                        th { "IG / target" } th { "FB / target" } th { "Tepat jadwal" }
                        th { "Diterima" } th { "Dijawab tepat waktu" } th { "Selesai" } th { "Lewat tenggat" } th { "Median respons" }
                        @for indicator in INDICATORS {
                            th title=(indicator.explanation()) { (indicator.label()) }
                        }
                    }
                }
                tbody {
                    @for r in &overview.rows {
                        tr.revoked[r.revoked] .silent[r.is_silent()] {
                            td.num { @if let Some(rank) = r.rank { (rank) } @else { "–" } }
                            td.name {
                                a href={"/pd/" (r.code) "?" (overview.period.query())} { (r.name) }
                                small { " " (r.code) }
                                @if r.revoked { " " span.badge { "dicabut" } }
                            }
                            td.num { (r.ig_published) " / " (r.ig_target) }
                            td.num { (r.fb_published) " / " (r.fb_target) }
                            td.num { (percent(r.on_time_share())) }
                            @if meta {
                                td.num.meta { (meta_cell(r.meta.as_ref())) }
                            }
                            td.num { (format::number(r.received)) }
                            td.num { (format::number(r.answered_in_time)) }
                            td.num { (format::number(r.resolved)) }
                            td.num.warn[r.overdue > 0] { (format::number(r.overdue)) }
                            td.num { (format::minutes(r.median_first_response)) }
                            td.sync {
                                (format::instant(r.last_sync))
                                @if r.is_silent() && !r.revoked {
                                    br; span.badge.warn {
                                        @match r.silent_working_days {
                                            Some(days) => { "diam " (days) " hari kerja" }
                                            None => { "belum pernah sinkron" }
                                        }
                                    }
                                }
                            }
                            td.num { (r.accounts_verified) " / " (r.accounts_total) }
                            td.num.score { strong { (format::score(r.score)) } }
                            @for value in r.indicators {
                                td.num.indicator { (percent(value)) }
                            }
                            td { (sparkline(&r.trend, 90, 22)) }
                        }
                    }
                }
            }
        }
    }
}

/// What the "Menurut Meta" column holds, for the header's explanation.
const META_TITLE: &str =
    "Terbit menurut Meta: postingan Instagram + Facebook yang dilaporkan Meta \
     untuk periode ini · Jangkauan: jumlah jangkauan postingan itu · Interaksi: suka, komentar, \
     bagikan dan simpan";

/// "12 · 4.951 · 310", or a dash when Meta reported nothing for the agency.
fn meta_cell(reach: Option<&AgencyReach>) -> Markup {
    html! {
        @match reach {
            Some(m) => {
                span title="Terbit menurut Meta" { (format::number(m.posts_instagram + m.posts_facebook)) }
                " · "
                span title="Jangkauan" { (format::number(m.reach)) }
                " · "
                span title="Interaksi" { (format::number(m.interactions)) }
            }
            None => { "–" }
        }
    }
}

fn weights_legend(overview: &Overview) -> Markup {
    let weights = overview.settings.weights.as_array();
    let total = overview.settings.weights.total().max(1);
    html! {
        section.legend-box {
            h2 { "Cara skor dihitung" }
            p {
                "Skor = rata-rata berbobot indikator yang berlaku, 0–100. Indikator yang tidak berlaku "
                "(mis. tidak ada aduan) tidak dihitung dan bobotnya dibagi ke indikator lain. "
                "Target unggahan: " (overview.settings.weekly_target_instagram) " Instagram dan "
                (overview.settings.weekly_target_facebook) " Facebook per minggu. "
                a href="/pengaturan" { "Ubah bobot dan target" }
            }
            table.weights {
                thead { tr { th { "Indikator" } th { "Bobot" } th { "Porsi" } th { "Rumus" } } }
                tbody {
                    @for (indicator, weight) in INDICATORS.iter().zip(weights) {
                        tr {
                            td { (indicator.label()) }
                            td.num { (weight) }
                            td.num { (format!("{}%", (f64::from(weight) * 100.0 / f64::from(total)).round())) }
                            td { (indicator.explanation()) }
                        }
                    }
                }
            }
        }
    }
}
