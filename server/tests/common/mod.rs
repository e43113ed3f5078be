//! What the hub's router tests share: a stopped clock, requests, and the officer's way in
//! through the real login form. Each test file uses a part of it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use medsos_hub::clock::Clock;
use serde_json::{json, Value};
use time::OffsetDateTime;
use tower::ServiceExt;

/// A clock stopped at one instant.
pub struct StoppedAt(pub OffsetDateTime);

impl Clock for StoppedAt {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Sends `request` through the router; answers status, headers and the body's bytes.
pub async fn exchange_bytes(
    app: &Router,
    request: Request<Body>,
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body reads")
        .to_bytes()
        .to_vec();
    (status, headers, bytes)
}

/// As [`exchange_bytes`], with the body as text.
pub async fn exchange(app: &Router, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let (status, headers, bytes) = exchange_bytes(app, request).await;
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A `Cookie` header carrying the session `session`, under the name a hub serving Secure
/// cookies reads (`__Host-medsos_sesi`) and the one a hub with insecure cookies reads, so one
/// helper serves both kinds of hub.
pub fn session_cookie(session: &str) -> String {
    format!("__Host-medsos_sesi={session}; medsos_sesi={session}")
}

/// A GET, as the officer with this session cookie value when given.
pub fn get(path: &str, session: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path);
    if let Some(session) = session {
        request = request.header(header::COOKIE, session_cookie(session));
    }
    request.body(Body::empty()).expect("request")
}

/// A JSON POST, with the device token when given.
pub fn post_json(path: &str, token: Option<&str>, body: &Value) -> Request<Body> {
    let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).expect("request")
}

/// The value a `Set-Cookie` header gives the cookie `name`, unless it deletes it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            let (pair, _) = v.split_once(';').unwrap_or((v, ""));
            let (key, value) = pair.split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

/// The value of the first hidden `csrf` field of a page.
pub fn hidden_csrf(body: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let start = body
        .find(marker)
        .unwrap_or_else(|| panic!("no csrf field in {body}"))
        + marker.len();
    let end = body[start..].find('"').expect("end of value");
    body[start..start + end].to_owned()
}

/// Percent-encodes `text` for a form or query value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs `username` in through GET and POST /masuk as a browser does; returns the session
/// cookie's value.
pub async fn login(app: &Router, username: &str, password: &str) -> String {
    let (status, headers, body) = exchange(app, get("/masuk", None)).await;
    assert_eq!(status, StatusCode::OK);
    // `__Host-` names on a hub serving Secure cookies, plain ones with insecure cookies.
    let prefix = if cookie(&headers, "__Host-medsos_masuk").is_some() {
        "__Host-"
    } else {
        ""
    };
    let login_cookie = cookie(&headers, &format!("{prefix}medsos_masuk")).expect("login cookie");
    let csrf = hidden_csrf(&body);
    let form = format!(
        "username={}&password={}&csrf={}&lanjut=%2Fdasbor",
        encode(username),
        encode(password),
        encode(&csrf)
    );
    let request = Request::post("/masuk")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("{prefix}medsos_masuk={login_cookie}"),
        )
        .body(Body::from(form))
        .expect("request");
    let (status, headers, body) = exchange(app, request).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    cookie(&headers, &format!("{prefix}medsos_sesi")).expect("session cookie")
}

/// Enrols a PC with the agency's one-time code through the API; returns its token.
pub async fn enrol(app: &Router, code: &str) -> String {
    let request = post_json(
        "/api/v1/enrolments",
        None,
        &json!({"code": code, "device_name": "PC Admin"}),
    );
    let (status, _, body) = exchange(app, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let body: Value = serde_json::from_str(&body).expect("json");
    body["token"].as_str().expect("token").to_owned()
}
