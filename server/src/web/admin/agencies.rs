//! `/admin/pd`: register an agency (PD) and hand its admin the one-time enrolment code on a
//! printable slip; issue a new code for an agency already registered (one more PC, or every
//! PC replaced). The code is shown once, on the answer to the POST, and never again: the hub
//! keeps only its hash. An agency's PCs are listed and revoked on its own page (`/pd/{code}#pc`).

use super::{admit, admit_post};
use crate::agency::{AgencyCode, AgencyName};
use crate::error::Error;
use crate::region::RegionCode;
use crate::state::AppState;
use crate::store::agencies::ListedAgency;
use crate::store::audit::NewEntry;
use crate::store::enrolments::IssuedCode;
use crate::web::error::WebError;
use crate::web::format;
use crate::web::layout;
use crate::web::session::Officer;
use axum::extract::{Path, State};
use axum::http::header::HOST;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/pd", get(page).post(add))
        .route("/admin/pd/{code}/kode", post(issue))
}

/// The add form as typed; a field left out reads as empty and is refused by its rule.
#[derive(Debug, Default, Deserialize)]
struct AgencyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kode: String,
    #[serde(default)]
    nama: String,
    #[serde(default)]
    wilayah: String,
}

/// What the list and the form are drawn from.
struct Listing {
    agencies: Vec<ListedAgency>,
    /// Registered regencies and cities, as (code, name): an agency belongs to one.
    regencies: Vec<(String, String)>,
}

fn read_listing(db: &dyn crate::store::HubStore) -> Result<Listing, Error> {
    let regencies = db
        .regions()?
        .into_iter()
        .filter(|r| r.code.contains('.'))
        .map(|r| (r.code, r.name))
        .collect();
    Ok(Listing {
        agencies: db.agencies()?,
        regencies,
    })
}

async fn page(State(state): State<AppState>, officer: Officer) -> Result<Response, WebError> {
    admit(&officer)?;
    let listing = state.store.run(read_listing).await?;
    Ok(render(&officer, &listing, &AgencyForm::default(), None).into_response())
}

fn render(
    officer: &Officer,
    listing: &Listing,
    typed: &AgencyForm,
    problem: Option<&str>,
) -> axum::response::Html<String> {
    layout::page(
        "Kelola PD",
        "/admin/pd",
        officer,
        html! {
            h1 { "Kelola PD" }
            p.muted {
                "Daftarkan PD baru dan berikan kode pendaftaran kepada admin PD-nya. Kode hanya "
                "ditampilkan sekali, dengan slip yang dapat dicetak. PC sebuah PD dilihat dan "
                "dicabut di halaman PD tersebut."
            }
            section #tambah.card {
                h2 { "Tambah PD" }
                @if let Some(problem) = problem { p.error role="alert" { (problem) } }
                form method="post" action="/admin/pd" {
                    (layout::csrf_field(officer))
                    label { "Kode PD" input name="kode" value=(typed.kode) maxlength="32" required placeholder="mis. DINKES"; }
                    label { "Nama PD" input name="nama" value=(typed.nama) maxlength="120" required placeholder="mis. Dinas Kesehatan"; }
                    @if listing.regencies.len() > 1 {
                        label { "Kabupaten/kota"
                            select name="wilayah" required {
                                option value="" { "— pilih —" }
                                @for (code, name) in &listing.regencies {
                                    option value=(code) selected[*code == typed.wilayah.trim()] { (name) " (" (code) ")" }
                                }
                            }
                        }
                    }
                    button type="submit" { "Daftarkan dan terbitkan kode" }
                }
            }
            section #daftar {
                h2 { "PD terdaftar" }
                @if listing.agencies.is_empty() {
                    p.muted { "Belum ada PD terdaftar." }
                } @else {
                    div.table-wrap {
                        table.agencies {
                            thead { tr { th { "Kode" } th { "Nama" } th { "Wilayah" } th { "PC aktif" } th { "Kode pendaftaran baru" } } }
                            tbody {
                                @for agency in &listing.agencies {
                                    tr {
                                        td { (agency.code) }
                                        td.name { a href={ "/pd/" (agency.code) "#pc" } { (agency.name) } }
                                        td { (agency.region) }
                                        td { @if agency.enrolled { span.badge.ok { "ada" } } @else { span.badge { "belum" } } }
                                        td {
                                            form.inline method="post" action={ "/admin/pd/" (agency.code) "/kode" } {
                                                (layout::csrf_field(officer))
                                                input type="hidden" name="cara" value="tambah";
                                                button.secondary type="submit" { "Kode PC tambahan" }
                                            }
                                            " "
                                            form.inline method="post" action={ "/admin/pd/" (agency.code) "/kode" } {
                                                (layout::csrf_field(officer))
                                                input type="hidden" name="cara" value="ganti";
                                                label.inline {
                                                    input type="checkbox" name="yakin" value="ya" required;
                                                    "cabut semua PC-nya"
                                                }
                                                button.secondary type="submit" title="Semua PC PD ini dicabut; PC pengganti mendaftar dengan kode baru." { "Ganti PC" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Registers the agency and shows its first code, once. Bad input re-renders the form with
/// what was typed and the reason.
async fn add(
    State(state): State<AppState>,
    officer: Officer,
    headers: HeaderMap,
    Form(form): Form<AgencyForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    let now = state.clock.now();
    let username = officer.username.clone();
    let kode = form.kode.clone();
    let nama = form.nama.clone();
    let wilayah = form.wilayah.clone();
    let outcome = state
        .store
        .run(move |db| {
            let added = (|| {
                let code = AgencyCode::parse(&kode)?;
                let name = AgencyName::parse(&nama)?;
                let region = match wilayah.trim() {
                    "" => None,
                    typed => Some(RegionCode::parse(typed)?),
                };
                if let Some(same) = db
                    .agencies()?
                    .into_iter()
                    .find(|a| a.name.to_lowercase() == name.as_str().to_lowercase())
                {
                    return Err(Error::Rejected {
                        code: "agency.name_taken",
                        message: format!(
                            "Nama PD \"{}\" sudah dipakai PD {}. Pakai nama lain.",
                            name.as_str(),
                            same.code
                        ),
                    });
                }
                let agency = match db.add_agency_in(&code, &name, region.as_ref(), now) {
                    Err(Error::AgencyCodeTaken(taken)) => {
                        return Err(Error::Rejected {
                            code: "agency.code_taken",
                            message: format!(
                                "Kode PD {taken} sudah dipakai PD lain. Pilih kode lain."
                            ),
                        })
                    }
                    other => other?,
                };
                db.record_audit(
                    &NewEntry {
                        officer: &username,
                        action: "agency.add",
                        target: code.as_str(),
                        detail: name.as_str(),
                    },
                    now,
                )?;
                Ok((code, name, agency.enrolment))
            })();
            match added {
                Ok(done) => Ok(Ok(done)),
                Err(error) if !error.status().is_server_error() => {
                    Ok(Err((error.to_string(), read_listing(db)?)))
                }
                Err(error) => Err(error),
            }
        })
        .await?;
    match outcome {
        Ok((code, name, issued)) => Ok(slip_page(
            &officer,
            &state,
            &headers,
            Slip {
                heading: "PD terdaftar",
                code: code.as_str(),
                name: name.as_str(),
                issued: &issued,
                note: "PD baru terdaftar. Berikan kode di bawah kepada admin PD untuk mendaftarkan PC-nya.",
            },
        )
        .into_response()),
        Err((problem, listing)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&officer, &listing, &form, Some(&problem)),
        )
            .into_response()),
    }
}

#[derive(Debug, Default, Deserialize)]
struct IssueForm {
    #[serde(default)]
    csrf: String,
    /// `tambah`: one more PC, the others stay; `ganti`: every PC revoked, one code to enrol
    /// the replacement with.
    #[serde(default)]
    cara: String,
    /// `ya` when the officer ticked "cabut semua PC-nya": replacing revokes every PC.
    #[serde(default)]
    yakin: String,
}

/// A new one-time code for an agency already registered.
async fn issue(
    State(state): State<AppState>,
    officer: Officer,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<IssueForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    let code = AgencyCode::parse(&code).map_err(|_| WebError::NotFound)?;
    let replace =
        match form.cara.as_str() {
            "tambah" => false,
            "ganti" if form.yakin == "ya" => true,
            "ganti" => return Err(WebError::Invalid(
                "Centang \"cabut semua PC-nya\" untuk mengganti PC: semua PC PD ini akan dicabut."
                    .to_owned(),
            )),
            _ => {
                return Err(WebError::Invalid(
                    "Pilih kode PC tambahan atau ganti PC. Muat ulang halaman lalu coba lagi."
                        .to_owned(),
                ))
            }
        };
    let now = state.clock.now();
    let username = officer.username.clone();
    let wanted = code.clone();
    let (name, issued, revoked) = state
        .store
        .run(move |db| {
            let name = db
                .agency_info(wanted.as_str())?
                .map(|info| info.name)
                .ok_or_else(|| Error::NotFound("PD itu tidak terdaftar.".to_owned()))?;
            let (revoked, issued) = if replace {
                db.rotate_agency(&wanted, now)?
            } else {
                (0, db.issue_additional_code(&wanted, now)?)
            };
            db.record_audit(
                &NewEntry {
                    officer: &username,
                    action: if replace {
                        "agency.rotate"
                    } else {
                        "agency.code"
                    },
                    target: wanted.as_str(),
                    detail: &if replace {
                        format!("{revoked} PC dicabut")
                    } else {
                        String::new()
                    },
                },
                now,
            )?;
            Ok((name, issued, revoked))
        })
        .await?;
    let note = if replace {
        format!("{revoked} PC lama PD ini dicabut. Daftarkan PC pengganti dengan kode di bawah.")
    } else {
        "Kode untuk satu PC tambahan. PC yang sudah terdaftar tetap aktif.".to_owned()
    };
    Ok(slip_page(
        &officer,
        &state,
        &headers,
        Slip {
            heading: "Kode pendaftaran baru",
            code: code.as_str(),
            name: &name,
            issued: &issued,
            note: &note,
        },
    )
    .into_response())
}

/// What a slip shows.
struct Slip<'a> {
    heading: &'a str,
    code: &'a str,
    name: &'a str,
    issued: &'a IssuedCode,
    note: &'a str,
}

/// The one page that ever shows an enrolment code: a note for the officer on screen, and the
/// slip for the agency, which is all that prints.
fn slip_page(
    officer: &Officer,
    state: &AppState,
    headers: &HeaderMap,
    slip: Slip<'_>,
) -> axum::response::Html<String> {
    let address = hub_address(state, headers);
    let expiry = format::instant(Some(slip.issued.expires_at));
    layout::page(
        slip.heading,
        "/admin/pd",
        officer,
        html! {
            div.no-print {
                h1 { (slip.heading) }
                p.flash.ok { (slip.note) }
                p.error {
                    "Kode ini hanya ditampilkan sekali. Cetak slip di bawah (Ctrl+P) atau catat kodenya "
                    "sebelum meninggalkan halaman ini."
                }
            }
            (slip_markup(&slip, &address, &expiry))
            p.no-print { a href="/admin/pd" { "← Kembali ke Kelola PD" } }
        },
    )
}

fn slip_markup(slip: &Slip<'_>, address: &str, expiry: &str) -> Markup {
    html! {
        section.slip aria-label="Slip kode pendaftaran" {
            h2 { "Slip pendaftaran PC Medsos PD" }
            dl {
                dt { "Perangkat Daerah" } dd { (slip.name) }
                dt { "Kode PD" } dd { (slip.code) }
                dt { "Alamat hub" } dd { (address) }
                dt { "Kode pendaftaran" } dd.code { strong { (slip.issued.code.to_string()) } }
                dt { "Berlaku sampai" } dd { (expiry) }
            }
            h3 { "Cara mendaftarkan PC" }
            ol {
                li { "Pasang aplikasi Medsos PD di PC admin PD." }
                li { "Buka aplikasi; pada layar pendaftaran, isi alamat hub dan kode pendaftaran di atas." }
                li { "Kode hanya berlaku untuk satu PC, sekali pakai, sampai waktu di atas." }
                li { "Simpan slip ini di tempat aman dan musnahkan setelah PC terdaftar." }
            }
            p.muted { "Diskominfo Kabupaten Cianjur · Medsos Hub" }
        }
    }
}

/// The address PCs reach the hub at, as the officer's browser reached it.
fn hub_address(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("(alamat hub)");
    let scheme = if state.web.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}
