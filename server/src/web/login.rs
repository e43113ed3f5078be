//! Logging in and out of the dashboard.

use super::error::{safe_return, WebError};
use super::layout;
use super::session::{
    constant_time_eq, cookie_value, same_origin, set_cookie, CookieNames, Officer,
};
use crate::client::ClientAddress;
use crate::rate_limit;
use crate::state::AppState;
use crate::store::users::{self, SESSION_LIFETIME};
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, RETRY_AFTER, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Response};
use axum::Form;
use maud::html;
use serde::Deserialize;
use time::Duration;

#[derive(Debug, Deserialize)]
pub struct Next {
    lanjut: Option<String>,
}

pub async fn form(State(state): State<AppState>, Query(next): Query<Next>) -> Response {
    render(
        &state,
        next.lanjut.as_deref().unwrap_or("/dasbor"),
        "",
        None,
        StatusCode::OK,
    )
}

/// The form with a fresh double-submit token in a cookie and a hidden field.
fn render(
    state: &AppState,
    return_to: &str,
    username: &str,
    message: Option<&str>,
    status: StatusCode,
) -> Response {
    let token = users::random_token();
    let cookie = set_cookie(
        CookieNames::new(state.web.secure_cookies).login,
        &token,
        Duration::minutes(30),
        state.web.secure_cookies,
    );
    let page = layout::bare(
        "Masuk",
        html! {
            main.narrow.login {
                h1 { "Dasbor Kinerja Media Sosial PD" }
                p.muted { "Diskominfo Kabupaten Cianjur · Medsos Hub" }
                @if let Some(message) = message {
                    p.error role="alert" { (message) }
                }
                form method="post" action="/masuk" {
                    input type="hidden" name="csrf" value=(token);
                    input type="hidden" name="lanjut" value=(return_to);
                    label { "Nama pengguna" input name="username" autocomplete="username" required value=(username) autofocus[username.is_empty()]; }
                    label { "Kata sandi" input name="password" type="password" autocomplete="current-password" required autofocus[!username.is_empty()]; }
                    button type="submit" { "Masuk" }
                }
            }
        },
    );
    (status, AppendHeaders([(SET_COOKIE, cookie)]), page).into_response()
}

#[derive(Deserialize)]
pub struct Login {
    username: String,
    password: String,
    csrf: String,
    lanjut: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(login): Form<Login>,
) -> Result<Response, WebError> {
    let secure = state.web.secure_cookies;
    let names = CookieNames::new(secure);
    let expected = cookie_value(&headers, names.login).unwrap_or_default();
    if !same_origin(&headers)
        || expected.is_empty()
        || !constant_time_eq(expected.as_bytes(), login.csrf.as_bytes())
    {
        return Err(WebError::Forbidden);
    }
    let return_to = safe_return(login.lanjut.as_deref().unwrap_or(""));
    let return_to = return_to.as_str();
    let throttle = &state.web.login;
    let attempt = rate_limit::LoginAttempt::new(&login.username, address);
    let begun = {
        let (attempt, now) = (attempt.clone(), state.clock.now());
        state.store.run(move |db| attempt.begin(db, now)).await?
    };
    if let Err(wait) = begun {
        let seconds = rate_limit::seconds(wait);
        let message = format!(
            "Terlalu banyak percobaan masuk yang gagal dari perangkat ini. Coba lagi dalam {}.",
            wait_text(seconds)
        );
        let mut page = render(
            &state,
            return_to,
            &login.username,
            Some(&message),
            StatusCode::TOO_MANY_REQUESTS,
        );
        page.headers_mut().insert(RETRY_AFTER, seconds.into());
        return Ok(page);
    }
    let username = users::check_username(&login.username).unwrap_or_default();
    let password = login.password;
    let now = state.clock.now();
    let lookup = username.clone();
    let user = state.store.run(move |db| db.find_user(&lookup)).await?;
    // Argon2 is deliberately slow: run it off the async runtime, a few at a time, and
    // against a decoy hash when the name is unknown so both failures take as long.
    let _permit = throttle
        .checks
        .acquire()
        .await
        .map_err(|_| WebError::Internal(crate::error::Error::Export("login ditutup".into())))?;
    let (ok, user) = tokio::task::spawn_blocking(move || {
        let hash = user
            .as_ref()
            .filter(|u| !u.disabled)
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| users::decoy_hash().to_owned());
        let ok =
            users::verify_password(&password, &hash) && user.as_ref().is_some_and(|u| !u.disabled);
        (ok, user)
    })
    .await
    .map_err(|e| WebError::Internal(e.into()))?;
    drop(_permit);
    let Some(user) = user.filter(|_| ok) else {
        tracing::warn!(%username, ?address, "dashboard login failed");
        let (failed, now) = (attempt.clone(), state.clock.now());
        state.store.run(move |db| failed.failed(db, now)).await?;
        tokio::time::sleep(throttle.failure_delay()).await;
        return Ok(render(
            &state,
            return_to,
            &username,
            Some("Nama pengguna atau kata sandi salah."),
            StatusCode::UNAUTHORIZED,
        ));
    };
    state.store.run(move |db| attempt.succeeded(db)).await?;
    let user_id = user.id;
    let token = state
        .store
        .run(move |db| db.start_session(user_id, now))
        .await?;
    tracing::info!(%username, "dashboard login");
    let location = if return_to.starts_with('/')
        && !return_to.starts_with("//")
        && !return_to.contains('\\')
    {
        return_to.to_owned()
    } else {
        "/dasbor".to_owned()
    };
    Ok((
        StatusCode::SEE_OTHER,
        AppendHeaders([
            (
                SET_COOKIE,
                set_cookie(names.session, &token, SESSION_LIFETIME, secure),
            ),
            (
                SET_COOKIE,
                set_cookie(names.login, "", Duration::ZERO, secure),
            ),
            (LOCATION, location),
        ]),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct Logout {
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    officer: Officer,
    headers: HeaderMap,
    Form(form): Form<Logout>,
) -> Result<Response, WebError> {
    officer.check_csrf(&form.csrf)?;
    let secure = state.web.secure_cookies;
    let session_cookie = CookieNames::new(secure).session;
    if let Some(token) = cookie_value(&headers, session_cookie) {
        state.store.run(move |db| db.end_session(&token)).await?;
    }
    Ok((
        StatusCode::SEE_OTHER,
        AppendHeaders([
            (
                SET_COOKIE,
                set_cookie(session_cookie, "", Duration::ZERO, secure),
            ),
            (LOCATION, "/masuk".to_owned()),
        ]),
    )
        .into_response())
}

/// A wait in words: seconds up to a minute and a half, whole minutes (rounded up) beyond.
fn wait_text(seconds: u64) -> String {
    if seconds <= 90 {
        format!("{seconds} detik")
    } else {
        format!("{} menit", seconds.div_ceil(60))
    }
}
