//! `/admin/petugas`: the dashboard's officers: add one (user name, name, password, role,
//! scope), change a role, set a new password, disable. The last active admin can be neither
//! disabled nor made a pemantau (the store refuses it, see `users::last_admin`).

use super::{admit, admit_post};
use crate::error::Error;
use crate::region::Scope;
use crate::state::AppState;
use crate::store::audit::NewEntry;
use crate::store::users::{check_username, NewOfficer, Role, User};
use crate::store::HubStore;
use crate::web::error::WebError;
use crate::web::layout;
use crate::web::session::Officer;
use axum::extract::{Path, Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::html;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/petugas", get(page).post(add))
        .route("/admin/petugas/{username}/peran", post(set_role))
        .route("/admin/petugas/{username}/sandi", post(set_password))
        .route("/admin/petugas/{username}/nonaktifkan", post(disable))
}

/// The add form as typed; a field left out reads as empty and is refused by its rule.
#[derive(Debug, Deserialize)]
struct OfficerForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    nama: String,
    #[serde(default)]
    sandi: String,
    #[serde(default)]
    peran: String,
    #[serde(default)]
    wilayah: String,
}

impl Default for OfficerForm {
    fn default() -> Self {
        OfficerForm {
            csrf: String::new(),
            username: String::new(),
            nama: String::new(),
            sandi: String::new(),
            peran: "pemantau".to_owned(),
            wilayah: "all".to_owned(),
        }
    }
}

/// After a change, the page says which (by a fixed word, so no typed text comes back in a
/// link).
#[derive(Debug, Default, Deserialize)]
struct Done {
    selesai: Option<String>,
}

fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "tambah" => "Petugas ditambahkan dan dapat masuk ke dasbor.",
        "peran" => "Peran petugas diubah; berlaku di halaman berikutnya.",
        "sandi" => "Kata sandi diganti; semua sesi petugas itu diakhiri.",
        "nonaktif" => "Petugas dinonaktifkan; semua sesinya diakhiri.",
        _ => return None,
    })
}

async fn page(
    State(state): State<AppState>,
    officer: Officer,
    Query(done): Query<Done>,
) -> Result<Html<String>, WebError> {
    admit(&officer)?;
    let users = state.store.run(|db| db.users()).await?;
    let notice = done.selesai.as_deref().and_then(done_message);
    Ok(render(
        &officer,
        &users,
        &OfficerForm::default(),
        notice,
        None,
    ))
}

fn render(
    officer: &Officer,
    users: &[User],
    typed: &OfficerForm,
    notice: Option<&str>,
    problem: Option<&str>,
) -> Html<String> {
    layout::page(
        "Petugas",
        "/admin/petugas",
        officer,
        html! {
            h1 { "Petugas dasbor" }
            p.muted {
                "Admin mengelola PD, PC dan petugas; pemantau hanya melihat dasbor. Wilayah "
                "membatasi PD yang dilihat petugas: all (semua), kode provinsi (mis. 32) atau "
                "kode kabupaten/kota (mis. 32.03)."
            }
            @if let Some(notice) = notice { p.flash.ok role="status" { (notice) } }
            @if let Some(problem) = problem { p.error role="alert" { (problem) } }
            div.table-wrap {
                table.officers {
                    thead { tr { th { "Nama pengguna" } th { "Nama" } th { "Peran" } th { "Wilayah" } th { "Status" } th { "Tindakan" } } }
                    tbody {
                        @for user in users {
                            tr.revoked[user.disabled] {
                                td { (user.username) }
                                td { (user.display_name) }
                                td { (user.role.as_str()) }
                                td { (user.scope) }
                                td { @if user.disabled { span.badge { "nonaktif" } } @else { span.badge.ok { "aktif" } } }
                                td {
                                    @if !user.disabled {
                                        form.inline method="post" action={ "/admin/petugas/" (user.username) "/peran" } {
                                            (layout::csrf_field(officer))
                                            select name="peran" aria-label={ "Peran " (user.username) } {
                                                option value="admin" selected[user.role == Role::Admin] { "admin" }
                                                option value="pemantau" selected[user.role == Role::Pemantau] { "pemantau" }
                                            }
                                            " " button.secondary type="submit" { "Ubah peran" }
                                        }
                                        form.inline method="post" action={ "/admin/petugas/" (user.username) "/sandi" } {
                                            (layout::csrf_field(officer))
                                            input type="password" name="sandi" autocomplete="new-password" minlength="10" maxlength="128" required aria-label={ "Kata sandi baru " (user.username) } placeholder="kata sandi baru";
                                            " " button.secondary type="submit" { "Ganti sandi" }
                                        }
                                        form.inline method="post" action={ "/admin/petugas/" (user.username) "/nonaktifkan" } {
                                            (layout::csrf_field(officer))
                                            button.secondary type="submit" aria-label={ "Nonaktifkan " (user.username) } { "Nonaktifkan" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section #tambah.card {
                h2 { "Tambah petugas" }
                form method="post" action="/admin/petugas" {
                    (layout::csrf_field(officer))
                    label { "Nama pengguna" input name="username" value=(typed.username) maxlength="40" required autocomplete="off" placeholder="mis. rina.kominfo"; }
                    label { "Nama lengkap" input name="nama" value=(typed.nama) maxlength="80" required; }
                    label { "Kata sandi (10–128 karakter)" input type="password" name="sandi" minlength="10" maxlength="128" required autocomplete="new-password"; }
                    label { "Peran"
                        select name="peran" {
                            option value="pemantau" selected[typed.peran == "pemantau"] { "pemantau (hanya melihat)" }
                            option value="admin" selected[typed.peran == "admin"] { "admin" }
                        }
                    }
                    label { "Wilayah" input name="wilayah" value=(typed.wilayah) maxlength="10" required; }
                    button type="submit" { "Tambah petugas" }
                }
            }
        },
    )
}

/// Back to the list, saying what was done.
fn done(what: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(LOCATION, format!("/admin/petugas?selesai={what}"))],
    )
        .into_response()
}

/// The list again with `problem` said above it (and the add form as typed), or the error as
/// it is when it is the hub's fault.
async fn refused(
    state: &AppState,
    officer: &Officer,
    typed: &OfficerForm,
    problem: Error,
) -> Result<Response, WebError> {
    if problem.status().is_server_error() {
        return Err(WebError::Internal(problem));
    }
    let users = state.store.run(|db| db.users()).await?;
    // The password is never sent back into the page.
    let typed = OfficerForm {
        sandi: String::new(),
        csrf: String::new(),
        username: typed.username.clone(),
        nama: typed.nama.clone(),
        peran: typed.peran.clone(),
        wilayah: typed.wilayah.clone(),
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(officer, &users, &typed, None, Some(&problem.to_string())),
    )
        .into_response())
}

async fn add(
    State(state): State<AppState>,
    officer: Officer,
    Form(form): Form<OfficerForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    let now = state.clock.now();
    let actor = officer.username.clone();
    let (username, nama, sandi, peran, wilayah) = (
        form.username.clone(),
        form.nama.clone(),
        form.sandi.clone(),
        form.peran.clone(),
        form.wilayah.clone(),
    );
    let added = state
        .store
        .run(move |db| {
            Ok((|| {
                let username = check_username(&username)?;
                let role = Role::parse(&peran)?;
                let scope = Scope::parse(&wilayah)?;
                if let Some(region) = scope.region() {
                    if !db.regions()?.iter().any(|r| r.code == region.as_str()) {
                        return Err(unknown_region_web(region));
                    }
                }
                db.add_officer(
                    &NewOfficer {
                        username: &username,
                        display_name: &nama,
                        password: &sandi,
                        role,
                        scope: &scope,
                    },
                    now,
                )?;
                db.record_audit(
                    &NewEntry {
                        officer: &actor,
                        action: "user.add",
                        target: &username,
                        detail: &format!("peran {}, wilayah {}", role.as_str(), scope.as_str()),
                    },
                    now,
                )
            })())
        })
        .await?;
    match added {
        Ok(()) => Ok(done("tambah")),
        Err(problem) => refused(&state, &officer, &form, problem).await,
    }
}

/// A region the hub does not have, said without the CLI's advice.
fn unknown_region_web(region: &crate::region::RegionCode) -> Error {
    Error::Rejected {
        code: "region.unknown",
        message: format!(
            "Wilayah {} belum terdaftar di hub. Isi all, atau kode wilayah yang terdaftar.",
            region.as_str()
        ),
    }
}

/// One change to the officer `username` and its audit entry (`action`, with the detail the
/// change answers), in one call to the store; then back to the list saying `what` was done,
/// or the list again with the refusal.
async fn audited_change(
    state: &AppState,
    officer: &Officer,
    username: String,
    action: &'static str,
    what: &'static str,
    change: impl FnOnce(&dyn HubStore, &str) -> Result<String, Error> + Send + 'static,
) -> Result<Response, WebError> {
    let now = state.clock.now();
    let actor = officer.username.clone();
    let changed = state
        .store
        .run(move |db| {
            Ok((|| {
                let username = check_username(&username)?;
                let detail = change(db, &username)?;
                db.record_audit(
                    &NewEntry {
                        officer: &actor,
                        action,
                        target: &username,
                        detail: &detail,
                    },
                    now,
                )
            })())
        })
        .await?;
    match changed {
        Ok(()) => Ok(done(what)),
        Err(problem) => refused(state, officer, &OfficerForm::default(), problem).await,
    }
}

#[derive(Debug, Deserialize)]
struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    peran: String,
}

async fn set_role(
    State(state): State<AppState>,
    officer: Officer,
    Path(username): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    audited_change(
        &state,
        &officer,
        username,
        "user.role",
        "peran",
        move |db, username| {
            let role = Role::parse(&form.peran)?;
            db.set_user_role(username, role)?;
            Ok(role.as_str().to_owned())
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    sandi: String,
}

async fn set_password(
    State(state): State<AppState>,
    officer: Officer,
    Path(username): Path<String>,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    audited_change(
        &state,
        &officer,
        username,
        "user.password",
        "sandi",
        move |db, username| {
            db.set_user_password(username, &form.sandi)?;
            Ok(String::new())
        },
    )
    .await
}

#[derive(Debug, Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn disable(
    State(state): State<AppState>,
    officer: Officer,
    Path(username): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    admit_post(&officer, &form.csrf)?;
    let now = state.clock.now();
    audited_change(
        &state,
        &officer,
        username,
        "user.disable",
        "nonaktif",
        move |db, username| {
            db.disable_officer(username, now)?;
            Ok(String::new())
        },
    )
    .await
}
