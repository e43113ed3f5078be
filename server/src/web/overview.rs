//! `/dasbor`: every agency in one table for the chosen period, ranked by kinerja score.

use super::chart::sparkline;
use super::error::WebError;
use super::format::{self, percent};
use super::layout;
use super::meta_page;
use super::session::{InScope, Officer};
use crate::clock::today_wib;
use crate::dashboard::{self, settings, Overview, Period, INDICATORS};
use crate::region::{RegionCode, Scope};
use crate::state::AppState;
use crate::store::meta::AgencyReach;
use axum::extract::{Query, State};
use axum::response::Html;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub periode: Option<String>,
    pub dari: Option<String>,
    pub sampai: Option<String>,
    /// One region inside the officer's scope (BPS code), for an officer who sees several.
    pub wilayah: Option<String>,
}

impl PeriodQuery {
    /// What the page shows: the officer's scope, or the region asked for inside it. A region
    /// outside the scope is not there for this officer.
    pub fn scope(&self, officer: &Officer) -> Result<Scope, WebError> {
        let Some(typed) = self.wilayah.as_deref().filter(|t| !t.trim().is_empty()) else {
            return Ok(officer.scope.clone());
        };
        let region = RegionCode::parse(typed)?;
        if officer.sees(region.as_str()) {
            Ok(Scope::Within(region))
        } else {
            Err(WebError::NotFound)
        }
    }
}

/// `&wilayah=CODE` when the page is one region of several, for links that keep it.
pub fn region_query(scope: &Scope, officer: &Officer) -> String {
    match scope {
        Scope::Within(region) if *scope != officer.scope => {
            format!("&wilayah={}", region.as_str())
        }
        _ => String::new(),
    }
}

/// One regency or city of the officer's scope, its agencies' figures summed and its
/// kinerja the mean of its ranked agencies' scores.
#[derive(Debug, Clone)]
pub struct RegionRow {
    pub code: String,
    pub name: String,
    pub agencies: usize,
    pub ranked: usize,
    pub score: Option<f64>,
    pub published: i64,
    pub received: i64,
    pub overdue: i64,
    pub silent: usize,
    pub rank: Option<usize>,
}

/// The regions of an overview, ranked by their agencies' mean score (ties by code); regions
/// with no ranked agency come last, unranked.
pub fn region_rows(overview: &Overview, names: &[(String, String)]) -> Vec<RegionRow> {
    let mut rows: Vec<RegionRow> = Vec::new();
    for r in &overview.rows {
        let i = match rows.iter().position(|row| row.code == r.region) {
            Some(i) => i,
            None => {
                rows.push(RegionRow {
                    code: r.region.clone(),
                    name: names
                        .iter()
                        .find(|(code, _)| *code == r.region)
                        .map(|(_, name)| name.clone())
                        .unwrap_or_else(|| r.region.clone()),
                    agencies: 0,
                    ranked: 0,
                    score: None,
                    published: 0,
                    received: 0,
                    overdue: 0,
                    silent: 0,
                    rank: None,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        if r.revoked {
            continue;
        }
        row.agencies += 1;
        row.published += r.ig_published + r.fb_published;
        row.received += r.received;
        row.overdue += r.overdue;
        row.silent += usize::from(r.is_silent());
        if r.rank.is_some() {
            row.ranked += 1;
            row.score = Some(row.score.unwrap_or(0.0) + r.score);
        }
    }
    for row in &mut rows {
        row.score = row.score.map(|sum| sum / row.ranked as f64);
    }
    rows.retain(|row| row.agencies > 0);
    rows.sort_by(|a, b| match (a.score, b.score) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.code.cmp(&b.code)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.code.cmp(&b.code),
    });
    let mut shown = 0;
    let mut previous: Option<f64> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(score) = row.score else { continue };
        // Equal scores share a rank (1, 2, 2, 4), as agencies do.
        if previous != Some(score) {
            shown = i + 1;
        }
        previous = Some(score);
        row.rank = Some(shown);
    }
    rows
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

/// Everything the overview page shows besides the officer: read once for all the requests
/// asking the same at once.
#[derive(Debug, Clone)]
pub struct PageData {
    pub overview: Overview,
    /// Impersonation reports still active, of the scope's agencies.
    pub active_reports: i64,
    /// Claims awaiting Diskominfo's review, of the scope's agencies.
    pub disputed: i64,
    pub connection: Option<crate::store::meta::Connection>,
    /// Every region's (code, name).
    pub names: Vec<(String, String)>,
}

/// The overview for a request's period, computed on the blocking pool.
pub async fn load(
    state: &AppState,
    query: &PeriodQuery,
    scope: &Scope,
) -> Result<(Overview, Option<&'static str>), WebError> {
    let (data, problem) = load_page(state, query, scope).await?;
    Ok((data.overview.clone(), problem))
}

/// [`load`] with the rest of what the page shows.
pub async fn load_page(
    state: &AppState,
    query: &PeriodQuery,
    scope: &Scope,
) -> Result<(Arc<PageData>, Option<&'static str>), WebError> {
    let now = state.clock.now();
    let (period, problem) = query.resolve(today_wib(now));
    let key = (
        scope.as_str().to_owned(),
        period.kind.as_str(),
        period.from,
        period.to,
    );
    let scope = scope.clone();
    let store = state.store.clone();
    let data = state
        .overviews
        .overview(key, || async move {
            store
                .run(move |db| {
                    let settings = settings::load(db)?;
                    let overview = dashboard::overview_in(db, period, settings, now, &scope)?;
                    let (active_reports, disputed) = alerts(db, &scope)?;
                    Ok(PageData {
                        overview,
                        active_reports,
                        disputed,
                        connection: db.meta().meta_connection()?,
                        names: db
                            .regions()?
                            .into_iter()
                            .map(|r| (r.code, r.name))
                            .collect(),
                    })
                })
                .await
        })
        .await?;
    Ok((data, problem))
}

/// Active impersonation reports and claims awaiting review, of the agencies in `scope`.
fn alerts(
    db: &dyn crate::store::HubStore,
    scope: &Scope,
) -> Result<(i64, i64), crate::error::Error> {
    if *scope == Scope::All {
        return Ok((
            db.active_impersonation_reports()?,
            db.accounts_awaiting_review()?,
        ));
    }
    let InScope { ids, codes } = InScope::read(db, scope)?;
    let waiting = db
        .account_claims()?
        .iter()
        .filter(|c| c.awaits_review() && ids.contains(&c.agency_id))
        .count() as i64;
    Ok((
        super::impersonation_reports::active_in(db, &codes)?,
        waiting,
    ))
}

pub async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<PeriodQuery>,
) -> Result<Html<String>, WebError> {
    let scope = query.scope(&officer)?;
    let (data, problem) = load_page(&state, &query, &scope).await?;
    let PageData {
        overview,
        active_reports,
        disputed,
        connection,
        names,
    } = &*data;
    let (active_reports, disputed) = (*active_reports, *disputed);
    let regions = region_rows(overview, names);
    let keep = region_query(&scope, &officer);
    let heading = match &scope {
        Scope::All => None,
        Scope::Within(region) => Some(
            names
                .iter()
                .find(|(code, _)| code == region.as_str())
                .map(|(_, name)| name.clone())
                .unwrap_or_else(|| region.as_str().to_owned()),
        ),
    };
    Ok(layout::page(
        "Ikhtisar kinerja",
        "/dasbor",
        &officer,
        html! {
            h1 {
                "Ikhtisar kinerja PD"
                @if let Some(name) = &heading { " · " (name) }
            }
            @if !keep.is_empty() {
                p { a href={"/dasbor?" (overview.period.query())} { "← Semua wilayah Anda" } }
            }
            (meta_page::broken_banner(connection.as_ref()))
            (period_form_in("/dasbor", &overview.period, problem, &keep))
            (summary_line(overview))
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
                a.button href={"/dasbor/ekspor.xlsx?" (overview.period.query()) (keep)} { "Unduh XLSX" }
                a.button href={"/dasbor/ekspor.csv?" (overview.period.query()) (keep)} { "Unduh CSV" }
                a.button href="/laporan" { "Laporan bulanan (cetak)" }
            }
            @if regions.len() > 1 {
                (region_table(&regions, &overview.period))
            } @else {
                (table(overview))
            }
            (weights_legend(overview))
        },
    ))
}

/// The period chooser, a GET form so the address can be bookmarked and shared.
pub fn period_form(action: &str, period: &Period, problem: Option<&str>) -> Markup {
    period_form_in(action, period, problem, "")
}

/// [`period_form`] that keeps the region chosen (`&wilayah=CODE`, or empty).
pub fn period_form_in(action: &str, period: &Period, problem: Option<&str>, keep: &str) -> Markup {
    let kind = period.kind.as_str();
    let region = keep.strip_prefix("&wilayah=");
    html! {
        form.period method="get" action=(action) {
            @if let Some(region) = region {
                input type="hidden" name="wilayah" value=(region);
            }
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

/// The regions ranked, for an officer who sees several; each opens its agencies' ranking.
pub fn region_table(regions: &[RegionRow], period: &Period) -> Markup {
    html! {
        h2 { "Peringkat kabupaten/kota" }
        p.hint { "Skor wilayah = rata-rata skor PD aktifnya. Pilih wilayah untuk melihat peringkat PD di dalamnya." }
        div.table-wrap tabindex="0" {
            table.overview.regions {
                thead {
                    tr {
                        th { "#" }
                        th { "Kabupaten/kota" }
                        th { "PD aktif" }
                        th { "Unggahan terbit" }
                        th { "Aduan diterima" }
                        th { "Lewat tenggat" }
                        th { "PD belum sinkron" }
                        th { "Skor" }
                    }
                }
                tbody {
                    @for r in regions {
                        tr {
                            td.num { @if let Some(rank) = r.rank { (rank) } @else { "–" } }
                            td.name {
                                a href={"/dasbor?" (period.query()) "&wilayah=" (r.code)} { (r.name) }
                                small { " " (r.code) }
                            }
                            td.num { (r.agencies) }
                            td.num { (format::number(r.published)) }
                            td.num { (format::number(r.received)) }
                            td.num.warn[r.overdue > 0] { (format::number(r.overdue)) }
                            td.num.warn[r.silent > 0] { (r.silent) }
                            td.num.score { strong { @if let Some(score) = r.score { (format::score(score)) } @else { "–" } } }
                        }
                    }
                }
            }
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
        p.narrow-hint {
            "Layar sempit: kolom akun terverifikasi, rincian indikator dan tren disembunyikan. "
            "Semuanya ada di halaman tiap PD dan di unduhan XLSX."
        }
        div.table-wrap tabindex="0" {
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
                        th.secondary rowspan="2" { "Akun terverifikasi" }
                        th rowspan="2" { "Skor" }
                        th.secondary colspan=(INDICATORS.len()) { "Rincian indikator" }
                        th.secondary rowspan="2" { "Tren unggahan" br; small { (trend_unit) } }
                    }
                    tr {
                        th { "IG / target" } th { "FB / target" } th { "Tepat jadwal" }
                        th { "Diterima" } th { "Dijawab tepat waktu" } th { "Selesai" } th { "Lewat tenggat" } th { "Median respons" }
                        @for indicator in INDICATORS {
                            th.secondary title=(indicator.explanation()) { (indicator.label()) }
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
