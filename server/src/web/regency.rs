//! `/kabupaten`: the regency's complaints in a month by kecamatan, category, type and channel,
//! beside the five months before it.

use super::chart::bars;
use super::error::WebError;
use super::format;
use super::layout;
use super::session::Officer;
use crate::clock::today_wib;
use crate::dashboard::regency::{self, CountRow, RegencyMonth, MONTHS, UNKNOWN_KECAMATAN};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup};
use serde::Deserialize;
use time::Date;

pub fn routes() -> Router<AppState> {
    Router::new().route("/kabupaten", get(page))
}

/// `?bulan=YYYY-MM`, shared with the monthly report.
#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    pub bulan: Option<String>,
}

impl MonthQuery {
    /// The first day of the month asked for, or of this month (in WIB) with the reason when
    /// the request was not usable.
    pub fn resolve(&self, today: Date) -> (Date, Option<&'static str>) {
        let this_month = today.replace_day(1).unwrap_or(today);
        match self
            .bulan
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            None => (this_month, None),
            Some(text) => match regency::parse_month(text) {
                Some(month) => (month, None),
                None => (
                    this_month,
                    Some("Bulan harus berbentuk YYYY-MM (mis. 2026-11), tahun 2020 sampai 2100."),
                ),
            },
        }
    }
}

/// The month chooser, a GET form so the address can be bookmarked.
pub fn month_form(action: &str, month: Date, today: Date, problem: Option<&str>) -> Markup {
    let previous = regency::previous_month(month);
    let next = regency::next_month(month);
    html! {
        form.period method="get" action=(action) {
            label { "Bulan " input type="month" name="bulan" value=(regency::month_text(month)) pattern="[0-9]{4}-[0-9]{2}" placeholder="YYYY-MM"; }
            button type="submit" { "Tampilkan" }
            span.month-nav {
                a href={(action) "?bulan=" (regency::month_text(previous))} { "‹ " (format::month(previous.year(), previous.month())) }
                @if next <= today {
                    " · " a href={(action) "?bulan=" (regency::month_text(next))} { (format::month(next.year(), next.month())) " ›" }
                }
            }
            @if let Some(problem) = problem {
                p.error role="alert" { (problem) " Ditampilkan bulan ini." }
            }
        }
    }
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(query): Query<MonthQuery>,
) -> Result<Html<String>, WebError> {
    let today = today_wib(state.clock.now());
    let (month, problem) = query.resolve(today);
    let scope = officer.scope.clone();
    let data = state
        .store
        .run(move |db| regency::month_in(db, month, &scope))
        .await?;
    let title = format!(
        "Aduan kabupaten · {}",
        format::month(month.year(), month.month())
    );
    let current = data.total[MONTHS - 1];
    let previous = data.total[MONTHS - 2];
    let kecamatan_bars: Vec<(String, i64)> = data
        .by_kecamatan
        .iter()
        .map(|r| (r.label.clone(), r.current()))
        .collect();
    let category_bars: Vec<(String, i64)> = data
        .by_category
        .iter()
        .filter(|r| r.current() > 0)
        .take(10)
        .map(|r| (short(&r.label, 28), r.current()))
        .collect();
    Ok(layout::page(
        &title,
        "/kabupaten",
        &officer,
        html! {
            h1 { "Aduan warga se-Kabupaten Cianjur" }
            (month_form("/kabupaten", month, today, problem))
            p.period-label {
                (format::month(month.year(), month.month()))
                " · dijumlahkan dari ringkasan harian semua PD"
            }
            ul.tiles {
                li {
                    strong { (format::number(current)) }
                    "aduan diterima"
                    br; small { (change(current, previous)) " dibanding bulan sebelumnya" }
                }
                @for row in data.by_type.iter().filter(|r| r.current() > 0) {
                    li { strong { (format::number(row.current())) } (row.label) }
                }
                li {
                    strong { (format::number(data.without_kecamatan())) }
                    "aduan tanpa kecamatan"
                }
            }

            h2 { "Per kecamatan" }
            div.grid2 {
                figure.chart { (bars(&kecamatan_bars, 560)) }
                (comparison_table("Kecamatan", &data, &data.by_kecamatan, true))
            }

            h2 { "Per kategori" }
            @if data.by_category.is_empty() {
                p.muted { "Belum ada aduan berkategori dalam enam bulan ini." }
            } @else {
                div.grid2 {
                    div {
                        @if category_bars.is_empty() {
                            p.muted { "Tidak ada aduan berkategori pada bulan ini." }
                        } @else {
                            p.muted { "10 kategori terbanyak bulan ini" }
                            figure.chart { (bars(&category_bars, 560)) }
                        }
                    }
                    (comparison_table("Kategori", &data, &data.by_category, false))
                }
            }

            div.grid2 {
                section {
                    h2 { "Per jenis" }
                    (comparison_table("Jenis", &data, &data.by_type, false))
                }
                section {
                    h2 { "Per kanal" }
                    (comparison_table("Kanal", &data, &data.by_channel, false))
                }
            }
        },
    ))
}

const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

/// "Nov 2026".
pub fn short_month(month: Date) -> String {
    format!(
        "{} {}",
        SHORT_MONTHS[usize::from(u8::from(month.month())) - 1],
        month.year()
    )
}

/// The change from `previous` to `current`: "+3 (+20%)", "−2 (−10%)", "+4 (baru)", "tetap".
pub fn change(current: i64, previous: i64) -> String {
    let delta = current - previous;
    if delta == 0 {
        return "tetap".to_owned();
    }
    let sign = if delta > 0 { "+" } else { "−" };
    let amount = format!("{sign}{}", format::number(delta.abs()));
    if previous == 0 {
        format!("{amount} (baru)")
    } else {
        let share = (delta.abs() as f64 * 100.0 / previous as f64).round() as i64;
        format!("{amount} ({sign}{share}%)")
    }
}

/// At most `max` characters of `text`, with "…" when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Rows × the six months, the change of the chosen month, and a total line.
pub fn comparison_table(
    heading: &str,
    data: &RegencyMonth,
    rows: &[CountRow],
    codes: bool,
) -> Markup {
    let mut totals = [0i64; MONTHS];
    for row in rows {
        for (t, v) in totals.iter_mut().zip(row.counts) {
            *t += v;
        }
    }
    html! {
        div.table-wrap tabindex="0" {
            table.comparison {
                thead {
                    tr {
                        th { (heading) }
                        @for (i, month) in data.months.iter().enumerate() {
                            th.num.current[i == MONTHS - 1] { (short_month(*month)) }
                        }
                        th.num { "Perubahan" }
                    }
                }
                tbody {
                    @if rows.is_empty() {
                        tr { td colspan=(MONTHS + 2) { small { "Tidak ada data." } } }
                    }
                    @for row in rows {
                        tr.zero[row.counts.iter().all(|c| *c == 0)] .unknown[codes && row.label == UNKNOWN_KECAMATAN] {
                            td {
                                (row.label)
                                @if codes {
                                    " " small { (short(&row.name, 60)) }
                                }
                            }
                            @for (i, count) in row.counts.iter().enumerate() {
                                td.num.current[i == MONTHS - 1] { (format::number(*count)) }
                            }
                            td.num.up[row.change() > 0] .down[row.change() < 0] { (change(row.current(), row.previous())) }
                        }
                    }
                }
                tfoot {
                    tr {
                        th { "Jumlah" }
                        @for (i, total) in totals.iter().enumerate() {
                            th.num.current[i == MONTHS - 1] { (format::number(*total)) }
                        }
                        th.num { (change(totals[MONTHS - 1], totals[MONTHS - 2])) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn changes_read_as_people_say_them() {
        assert_eq!(change(12, 10), "+2 (+20%)");
        assert_eq!(change(5, 10), "−5 (−50%)");
        assert_eq!(change(4, 0), "+4 (baru)");
        assert_eq!(change(3, 3), "tetap");
        assert_eq!(short_month(date!(2026 - 08 - 01)), "Agu 2026");
        assert_eq!(short("abcdef", 4), "abc…");
    }

    #[test]
    fn a_bad_month_falls_back_to_this_month_with_a_reason() {
        let today = date!(2026 - 11 - 26);
        let asked = |b: &str| {
            MonthQuery {
                bulan: Some(b.to_owned()),
            }
            .resolve(today)
        };
        assert_eq!(asked("2026-10"), (date!(2026 - 10 - 01), None));
        assert_eq!(asked("").0, date!(2026 - 11 - 01));
        let (month, problem) = asked("<b>");
        assert_eq!(month, date!(2026 - 11 - 01));
        assert!(problem.is_some());
    }
}
