//! App releases for the PCs' updater (tauri-plugin-updater v2), public like the registry:
//! the updater asks `GET /api/v1/releases/{target}/{arch}/{current_version}` without a token
//! and downloads the artifact from the URL it is given.

use super::examples;
use crate::client::ClientAddress;
use crate::clock::to_wire;
use crate::error::Error;
use crate::release::{parse_version, Target};
use crate::state::AppState;
use crate::store::releases::Release;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use medsos_protocol::{ApiError, ReleaseManifest};
use std::net::SocketAddr;

/// The hub's address as the PC reached it, for absolute links: `--public-url` when set,
/// else the request's own scheme and `Host`; from a trusted reverse proxy, the scheme and
/// host it forwarded (`X-Forwarded-Proto`, `X-Forwarded-Host`).
pub struct HubAddress(pub String);

/// A host as a URL may carry it: a name or address with an optional port, nothing else.
fn plain_host(text: &str) -> Option<&str> {
    let text = text.trim();
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!text.is_empty() && text.len() <= 255 && text.chars().all(allowed)).then_some(text)
}

fn first_forwarded<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(str::trim)
}

impl FromRequestParts<AppState> for HubAddress {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if let Some(public) = &state.meta.public_url {
            return Ok(HubAddress(public.clone()));
        }
        let proxied = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .is_some_and(|info| state.proxies.is_trusted(info.0.ip()));
        let headers = &parts.headers;
        let forwarded_host = proxied
            .then(|| first_forwarded(headers, "x-forwarded-host"))
            .flatten()
            .and_then(plain_host);
        let host = forwarded_host
            .or_else(|| {
                headers
                    .get(header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .and_then(plain_host)
            })
            .or_else(|| parts.uri.authority().map(|a| a.as_str()))
            .ok_or_else(|| Error::BadPath {
                code: "request.no_host",
                message: "Permintaan tanpa header Host yang sah.".to_owned(),
            })?;
        let scheme = proxied
            .then(|| first_forwarded(headers, "x-forwarded-proto"))
            .flatten()
            .filter(|s| s.eq_ignore_ascii_case("https"))
            .map_or("http", |_| "https");
        Ok(HubAddress(format!("{scheme}://{host}")))
    }
}

/// Where the artifact of `release` is downloaded from.
fn file_path(release: &Release) -> String {
    format!(
        "/api/v1/releases/files/{}/{}",
        release.id, release.file_name
    )
}

#[utoipa::path(
    get,
    path = "/api/v1/releases/{target}/{arch}/{current_version}",
    tag = "releases",
    summary = "The newest app release for the PC's updater",
    description = "The endpoint of Medsos PD's updater (tauri-plugin-updater v2, \"dynamic \
        server\"). No token. Answers 204 when no release for this platform is newer than \
        `current_version` (semver order), else Tauri's JSON: `version`, `notes`, `pub_date` \
        (RFC 3339), `url` (absolute, on this hub: under `--public-url` when set, else the address \
        the request came to) and `signature` (the `.sig` content: base64 of a minisign signature \
        made with the updater key). Limited per client address like the registry.",
    params(
        ("target" = String, Path, description = "Operating system: `windows`, `linux` or `darwin`.", example = "windows"),
        ("arch" = String, Path, description = "`x86_64`, `aarch64`, `i686` or `armv7`.", example = "x86_64"),
        ("current_version" = String, Path, description = "The version the PC runs (semver).", example = "0.1.0"),
    ),
    responses(
        (status = 200, description = "A newer release.", body = ReleaseManifest),
        (status = 204, description = "Nothing newer for this platform (or an unknown platform)."),
        (status = 400, description = "`current_version` is not semver (`release.invalid_version`).", body = ApiError,
            example = examples::release_invalid_version),
        (status = 429, description = "Over the client address's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::client_rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn manifest(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    HubAddress(base): HubAddress,
    Path((target, arch, current)): Path<(String, String, String)>,
) -> Result<Response, Error> {
    state.public_limiter.check(address)?;
    let current = parse_version(&current).map_err(|e| Error::BadPath {
        code: e.code(),
        message: e.to_string(),
    })?;
    let Some(target) = Target::of(&target, &arch) else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    let newest = state
        .store
        .run(move |db| {
            db.releases()
                .newest_release_after(&target.os, &target.arch, &current)
        })
        .await?;
    let Some(release) = newest else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    Ok(Json(ReleaseManifest {
        version: release.version.to_string(),
        notes: release.notes.clone(),
        pub_date: to_wire(release.published_at),
        url: format!("{base}{}", file_path(&release)),
        signature: release.signature.clone(),
    })
    .into_response())
}

#[utoipa::path(
    get,
    path = "/api/v1/releases/files/{id}/{file_name}",
    tag = "releases",
    summary = "A release's artifact",
    description = "The bytes of the artifact the manifest's `url` names, streamed, as \
        `application/octet-stream` with `Content-Length`. No token. 404 for an unknown id or a \
        name that is not the release's.",
    params(
        ("id" = i64, Path, description = "The release's id.", example = 3),
        ("file_name" = String, Path, description = "The artifact's name as published.", example = "Medsos_PD_0.2.0_x64-setup.exe"),
    ),
    responses(
        (status = 200, description = "The file. Headers: `Content-Type: application/octet-stream`, `Content-Length`, \
            `Content-Disposition: attachment; filename=\"…\"`."),
        (status = 404, description = "No such release file (`not_found`).", body = ApiError, example = examples::release_file_not_found),
        (status = 429, description = "Over the client address's budget (`request.rate_limited`); see `Retry-After`.",
            body = ApiError, example = examples::client_rate_limited),
        (status = 500, description = "The hub failed inside.", body = ApiError, example = examples::internal),
    )
)]
pub async fn file(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path((id, file_name)): Path<(String, String)>,
) -> Result<Response, Error> {
    state.public_limiter.check(address)?;
    let not_found = || Error::NotFound("/api/v1/releases/files/".to_owned());
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let release = state
        .store
        .run(move |db| db.releases().release(id))
        .await?
        .filter(|r| r.file_name == file_name)
        .ok_or_else(not_found)?;
    let path = state
        .releases
        .path(release.id, &release.file_name)
        .ok_or_else(not_found)?;
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::error!(path = %path.display(), "release file missing");
            return Err(not_found());
        }
        Err(e) => {
            return Err(Error::FileRead {
                path,
                detail: e.to_string(),
            })
        }
    };
    let length = file
        .metadata()
        .await
        .map_err(|e| Error::FileRead {
            path: path.clone(),
            detail: e.to_string(),
        })?
        .len();
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, length.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", release.file_name),
            ),
            // An id's file never changes: a release is published once.
            (
                header::CACHE_CONTROL,
                "public, max-age=86400, immutable".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}
