//! `/pengaturan`: the weights of the kinerja score and the weekly posting targets.
//!
//! The form's numbers arrive as text and are read here, so "abc" is answered with a message in
//! Indonesian beside what the officer typed, not with the extractor's 422. Nothing is saved
//! unless every value is valid.

use super::error::WebError;
use super::layout;
use super::session::Officer;
use crate::dashboard::settings::{self, MAX_WEEKLY_TARGET};
use crate::dashboard::{DashboardSettings, Weights, INDICATORS};
use crate::error::Error;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use maud::html;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/pengaturan", get(page).post(save))
}

/// The form's field for each weight, in the order of [`INDICATORS`].
const WEIGHT_FIELDS: [&str; 7] = [
    "bobot_unggahan",
    "bobot_tepat_jadwal",
    "bobot_respons",
    "bobot_penyelesaian",
    "bobot_lapor",
    "bobot_akun",
    "bobot_interaksi",
];

#[derive(Debug, Default, Deserialize)]
struct Saved {
    tersimpan: Option<String>,
}

/// What the form holds: the numbers as typed.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    csrf: String,
    bobot_unggahan: String,
    bobot_tepat_jadwal: String,
    bobot_respons: String,
    bobot_penyelesaian: String,
    bobot_lapor: String,
    bobot_akun: String,
    bobot_interaksi: String,
    target_instagram: String,
    target_facebook: String,
}

impl SettingsForm {
    fn from_settings(settings: &DashboardSettings) -> Self {
        let w = settings.weights.as_array().map(|v| v.to_string());
        SettingsForm {
            csrf: String::new(),
            bobot_unggahan: w[0].clone(),
            bobot_tepat_jadwal: w[1].clone(),
            bobot_respons: w[2].clone(),
            bobot_penyelesaian: w[3].clone(),
            bobot_lapor: w[4].clone(),
            bobot_akun: w[5].clone(),
            bobot_interaksi: w[6].clone(),
            target_instagram: settings.weekly_target_instagram.to_string(),
            target_facebook: settings.weekly_target_facebook.to_string(),
        }
    }

    fn weights(&self) -> [&str; 7] {
        [
            &self.bobot_unggahan,
            &self.bobot_tepat_jadwal,
            &self.bobot_respons,
            &self.bobot_penyelesaian,
            &self.bobot_lapor,
            &self.bobot_akun,
            &self.bobot_interaksi,
        ]
    }

    /// The settings typed, or every problem found, in Indonesian.
    pub fn parse(&self) -> Result<DashboardSettings, Vec<String>> {
        let mut problems = Vec::new();
        let mut weights = [0u32; 7];
        for ((slot, typed), indicator) in weights.iter_mut().zip(self.weights()).zip(INDICATORS) {
            // Interaksi is optional: a form from before it existed leaves it out, meaning 0.
            let typed = if indicator == crate::dashboard::Indicator::Interaction
                && typed.trim().is_empty()
            {
                "0"
            } else {
                typed
            };
            match whole(typed, 100) {
                Some(value) => *slot = value,
                None => problems.push(format!(
                    "Bobot {} harus bilangan bulat 0 sampai 100 (terisi: \u{201c}{}\u{201d}).",
                    indicator.label(),
                    shown(typed)
                )),
            }
        }
        let mut targets = [0u32; 2];
        for (slot, (typed, platform)) in targets.iter_mut().zip([
            (&self.target_instagram, "Instagram"),
            (&self.target_facebook, "Facebook"),
        ]) {
            match whole(typed, MAX_WEEKLY_TARGET) {
                Some(value) => *slot = value,
                None => problems.push(format!(
                    "Target mingguan {platform} harus bilangan bulat 0 sampai {MAX_WEEKLY_TARGET} (terisi: \u{201c}{}\u{201d}).",
                    shown(typed)
                )),
            }
        }
        if problems.is_empty() && weights.iter().all(|w| *w == 0) {
            problems.push("Paling sedikit satu bobot harus lebih dari 0.".to_owned());
        }
        if problems.is_empty() {
            Ok(DashboardSettings {
                weights: Weights::from_array(weights),
                weekly_target_instagram: targets[0],
                weekly_target_facebook: targets[1],
            })
        } else {
            Err(problems)
        }
    }
}

/// A whole number from 0 to `max` as typed (spaces around it allowed).
fn whole(typed: &str, max: u32) -> Option<u32> {
    let typed = typed.trim();
    if typed.is_empty() || typed.len() > 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    typed.parse::<u32>().ok().filter(|v| *v <= max)
}

/// What was typed, cut short for the message.
fn shown(typed: &str) -> String {
    let typed = typed.trim();
    if typed.chars().count() > 20 {
        format!("{}…", typed.chars().take(19).collect::<String>())
    } else {
        typed.to_owned()
    }
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(saved): Query<Saved>,
) -> Result<Response, WebError> {
    let current = state.store.run(|db| settings::load(db)).await?;
    let notice = saved.tersimpan.is_some().then_some("Pengaturan tersimpan.");
    Ok(render(
        &officer,
        &SettingsForm::from_settings(&current),
        &current,
        notice,
        &[],
        StatusCode::OK,
    ))
}

async fn save(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<SettingsForm>,
) -> Result<Response, WebError> {
    officer.check_csrf(&form.csrf)?;
    // The weights and targets score every region: only an officer who sees all sets them.
    officer.require_all()?;
    let problems = match form.parse() {
        Ok(chosen) => {
            let saved = state.store.run(move |db| settings::save(db, &chosen)).await;
            match saved {
                Ok(()) => return Ok(Redirect::to("/pengaturan?tersimpan=1").into_response()),
                Err(Error::Invalid { message, .. }) => vec![message.to_owned()],
                Err(other) => return Err(other.into()),
            }
        }
        Err(problems) => problems,
    };
    let current = state.store.run(|db| settings::load(db)).await?;
    Ok(render(
        &officer,
        &form,
        &current,
        None,
        &problems,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

fn render(
    officer: &Officer,
    form: &SettingsForm,
    current: &DashboardSettings,
    notice: Option<&str>,
    problems: &[String],
    status: StatusCode,
) -> Response {
    let saved_weights = current.weights.as_array();
    let total = current.weights.total().max(1);
    let page = layout::page(
        "Pengaturan skor",
        "/pengaturan",
        officer,
        html! {
            h1 { "Pengaturan skor kinerja" }
            @if let Some(notice) = notice {
                p.flash.ok role="status" { (notice) }
            }
            @if !problems.is_empty() {
                div.flash.error role="alert" {
                    p { strong { "Pengaturan belum disimpan. Periksa isian berikut:" } }
                    ul { @for problem in problems { li { (problem) } } }
                }
            }
            p {
                "Skor kinerja tiap PD adalah rata-rata berbobot indikator yang berlaku, 0–100. "
                "Hanya perbandingan antarbobot yang berpengaruh; indikator yang tidak berlaku bagi "
                "suatu PD (mis. tidak ada aduan) tidak dihitung dan bobotnya terbagi ke indikator lain."
            }
            form.settings method="post" action="/pengaturan" {
                (layout::csrf_field(officer))
                div.table-wrap tabindex="0" {
                    table.settings {
                        thead {
                            tr { th { "Indikator" } th { "Bobot (0–100)" } th.num { "Porsi saat ini" } th { "Cara menghitung" } }
                        }
                        tbody {
                            @for (i, indicator) in INDICATORS.iter().enumerate() {
                                tr {
                                    td { label for=(WEIGHT_FIELDS[i]) { (indicator.label()) } }
                                    td {
                                        input id=(WEIGHT_FIELDS[i]) name=(WEIGHT_FIELDS[i]) type="number"
                                            min="0" max="100" step="1" required value=(form.weights()[i]);
                                    }
                                    td.num { (format!("{}%", (f64::from(saved_weights[i]) * 100.0 / f64::from(total)).round())) }
                                    td { small { (indicator.explanation()) } }
                                }
                            }
                        }
                    }
                }
                h2 { "Target unggahan per minggu" }
                p.muted { "Jumlah unggahan yang diminta dari setiap PD tiap minggu, per platform (0–" (MAX_WEEKLY_TARGET) "). Dipakai indikator Unggahan." }
                p {
                    label { "Instagram"
                        input name="target_instagram" type="number" min="0" max=(MAX_WEEKLY_TARGET) step="1" required value=(form.target_instagram);
                    }
                    label { "Facebook"
                        input name="target_facebook" type="number" min="0" max=(MAX_WEEKLY_TARGET) step="1" required value=(form.target_facebook);
                    }
                }
                p.actions {
                    button type="submit" { "Simpan pengaturan" }
                    a.button href="/dasbor" { "Kembali ke ikhtisar" }
                }
            }
        },
    );
    (status, page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(weights: [&str; 6], ig: &str, fb: &str) -> SettingsForm {
        SettingsForm {
            csrf: String::new(),
            bobot_unggahan: weights[0].to_owned(),
            bobot_tepat_jadwal: weights[1].to_owned(),
            bobot_respons: weights[2].to_owned(),
            bobot_penyelesaian: weights[3].to_owned(),
            bobot_lapor: weights[4].to_owned(),
            bobot_akun: weights[5].to_owned(),
            bobot_interaksi: "0".to_owned(),
            target_instagram: ig.to_owned(),
            target_facebook: fb.to_owned(),
        }
    }

    #[test]
    fn numbers_are_read_from_text_with_messages_for_each_problem() {
        let ok = typed(["30", " 15 ", "20", "15", "10", "10"], "3", "0")
            .parse()
            .expect("valid");
        assert_eq!(ok.weights, Weights::default());
        assert_eq!(ok.weekly_target_facebook, 0);

        let problems = typed(["abc", "101", "-1", "1.5", "", "10"], "51", "x")
            .parse()
            .expect_err("invalid");
        assert_eq!(problems.len(), 7, "{problems:?}");
        assert!(problems[0].contains("Unggahan"), "{problems:?}");
        assert!(problems[0].contains("abc"), "{problems:?}");
        assert!(problems[5].contains("Instagram"), "{problems:?}");

        let zero = typed(["0"; 6], "3", "3").parse().expect_err("all zero");
        assert_eq!(zero, ["Paling sedikit satu bobot harus lebih dari 0."]);
    }
}
