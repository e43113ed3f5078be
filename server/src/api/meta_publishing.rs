//! Terhubung ke Meta, the PC's side: photos up (`PUT /api/v1/media/{sha256}`), slots handed
//! over (`POST /api/v1/publications`), their states read back (`GET`), withdrawn (`DELETE`),
//! and the signed links Meta fetches photos from (`GET /m/...`).

use super::auth::Agency;
use super::examples;
use super::json::ApiJson;
use crate::clock::{from_wire, to_wire};
use crate::error::Error;
use crate::state::{AppState, SharedClock};
use crate::store::meta::{NewPublication, Publication};
use crate::store::Store;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use medsos_protocol::{
    ApiError, ConnectedPlatforms, MediaUploaded, Platform, PublicationList, PublicationRequest,
    PublicationStatus, MAX_MEDIA_BYTES, MAX_MEDIA_PER_PUBLICATION,
};
use medsos_rules::limits::{caption_chars, INSTAGRAM};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How far in the past a publication may be scheduled: "terbitkan sekarang" sends the PC's
/// now, which may lag the hub's clock a little.
const PAST_TOLERANCE_MINUTES: i64 = 5;
/// The longest alt text Meta takes, in characters.
const MAX_ALT_TEXT_CHARS: usize = 1_000;

fn invalid(code: &'static str, message: String) -> Error {
    Error::Rejected { code, message }
}

fn check_sha(text: &str) -> Result<(), Error> {
    if text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(invalid(
            "media.invalid_hash",
            format!(
                "\"{}\" bukan SHA-256 (64 huruf heksadesimal kecil).",
                text.chars().take(80).collect::<String>()
            ),
        ))
    }
}

/// The JPEG's size, or why it is not one Meta takes.
fn check_jpeg(bytes: &[u8]) -> Result<(u32, u32), Error> {
    let not_jpeg = || {
        invalid(
            "media.not_jpeg",
            "Foto harus JPEG (Instagram hanya menerima JPEG); berkas ini bukan JPEG yang dapat dibaca.".to_owned(),
        )
    };
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(not_jpeg());
    }
    let reader =
        image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg);
    let (width, height) = reader.into_dimensions().map_err(|_| not_jpeg())?;
    if width == 0 || height == 0 {
        return Err(not_jpeg());
    }
    Ok((width, height))
}

#[utoipa::path(
    put,
    path = "/api/v1/media/{sha256}",
    tag = "meta-publishing",
    summary = "Upload a photo for publishing",
    description = "Stores one photo for the agency's publications: the raw JPEG as the body \
        (`Content-Type: image/jpeg`), named by the SHA-256 of its bytes. The type is read from \
        the content, not the header: only a readable JPEG is taken, at most 8,000,000 bytes \
        (Instagram's limit). Idempotent: the same photo again answers 200 with `created: false`.",
    params(("sha256" = String, Path, description = "SHA-256 of the body, 64 lowercase hex digits.")),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The JPEG.",
        example = json!("<JPEG: FF D8 FF E0 ... FF D9>")),
    security(("agency_token" = [])),
    responses(
        (status = 201, description = "Stored.", body = MediaUploaded),
        (status = 200, description = "Already held.", body = MediaUploaded),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 413, description = "Over 8,000,000 bytes (`request.too_large`).", body = ApiError, example = examples::media_too_large),
        (status = 422, description = "Not a JPEG (`media.not_jpeg`), a malformed hash (`media.invalid_hash`), \
            or a body whose hash is not the one named (`media.hash_mismatch`). Nothing stored.", body = ApiError,
            example = examples::media_not_jpeg),
    )
)]
pub async fn put_media(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    Path(sha256): Path<String>,
    body: Body,
) -> Result<Response, Error> {
    let sha256 = sha256.to_ascii_lowercase();
    check_sha(&sha256)?;
    let bytes = read_photo(body).await?;
    let actual = hex(&Sha256::digest(&bytes));
    if actual != sha256 {
        return Err(invalid(
            "media.hash_mismatch",
            "SHA-256 isi berkas tidak sama dengan yang disebut di alamat; unggah ulang.".to_owned(),
        ));
    }
    let (width, height) = check_jpeg(&bytes)?;
    let now = clock.now();
    let size = bytes.len() as u64;
    let hash = sha256.clone();
    let created = store
        .run(move |db| {
            db.meta()
                .put_meta_media(agency.agency_id, &hash, &bytes, (width, height), now)
        })
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(MediaUploaded {
            sha256,
            width,
            height,
            bytes: size,
            created,
        }),
    )
        .into_response())
}

/// Bodies up to this size are read to their end even when over the limit, so the client gets
/// the 413 instead of a connection cut mid-upload; larger ones are cut.
const DRAIN_LIMIT_BYTES: usize = 64 * 1024 * 1024;

/// The body, at most [`MAX_MEDIA_BYTES`]; a larger one is read to its end (up to
/// [`DRAIN_LIMIT_BYTES`]) and refused.
async fn read_photo(body: Body) -> Result<Vec<u8>, Error> {
    use http_body_util::BodyExt;
    let too_large = || Error::BodyTooLarge {
        limit_kb: MAX_MEDIA_BYTES / 1024,
    };
    let mut body = body;
    let mut bytes = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| Error::UnreadableBody(StatusCode::BAD_REQUEST))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        seen += data.len();
        if seen > DRAIN_LIMIT_BYTES {
            return Err(too_large());
        }
        if seen <= MAX_MEDIA_BYTES {
            bytes.extend_from_slice(&data);
        }
    }
    if seen > MAX_MEDIA_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn status_of(p: &Publication) -> PublicationStatus {
    PublicationStatus {
        id: p.id.clone(),
        platform: p.platform,
        scheduled_at: to_wire(p.scheduled_at),
        state: p.state.as_str().to_owned(),
        permalink: p.permalink.clone(),
        meta_id: p.meta_id.clone(),
        published_at: p.published_at.map(to_wire),
        failure: p.failure.clone(),
        waiting_reason: p.waiting_reason.clone(),
        updated_at: to_wire(p.updated_at),
    }
}

/// Any RFC 3339 instant (`…Z`, `…+07:00`, with or without a fraction), as UTC.
fn read_instant(text: &str) -> Option<time::OffsetDateTime> {
    from_wire(text)
        .or_else(|| medsos_rules::wib::parse_rfc3339(text))
        .map(|at| at.to_offset(time::UtcOffset::UTC))
}

/// Checks what can be checked without the store.
fn check_request(
    request: &PublicationRequest,
    now: time::OffsetDateTime,
) -> Result<time::OffsetDateTime, Error> {
    let id_ok = (1..=64).contains(&request.id.len())
        && request
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !id_ok {
        return Err(invalid(
            "publication.invalid_id",
            "Id publikasi harus 1 sampai 64 huruf, angka, - atau _.".to_owned(),
        ));
    }
    let at = read_instant(&request.scheduled_at).ok_or_else(|| {
        invalid(
            "publication.invalid_time",
            format!(
                "Waktu terbit \"{}\" bukan waktu RFC 3339, mis. 2026-12-07T09:00:00+07:00.",
                request.scheduled_at.chars().take(40).collect::<String>()
            ),
        )
    })?;
    if at < now - time::Duration::minutes(PAST_TOLERANCE_MINUTES) {
        return Err(invalid(
            "publication.time_passed",
            "Waktu terbit sudah lewat. Pilih waktu baru, atau terbitkan sekarang.".to_owned(),
        ));
    }
    if at > now + time::Duration::days(366) {
        return Err(invalid(
            "publication.time_too_far",
            "Waktu terbit paling jauh satu tahun dari sekarang.".to_owned(),
        ));
    }
    let limit = caption_chars(request.platform);
    let chars = request.caption.chars().count();
    if chars > limit {
        return Err(invalid(
            "publication.caption_too_long",
            format!(
                "Keterangan {chars} karakter; {} paling banyak {limit}.",
                request.platform.label()
            ),
        ));
    }
    if request.platform == Platform::Instagram {
        let hashtags = request.caption.matches('#').count();
        if hashtags > INSTAGRAM.hashtags {
            return Err(invalid(
                "publication.too_many_hashtags",
                format!(
                    "Keterangan memuat {hashtags} tagar; Instagram paling banyak {}.",
                    INSTAGRAM.hashtags
                ),
            ));
        }
    }
    if request.alt_text.chars().count() > MAX_ALT_TEXT_CHARS {
        return Err(invalid(
            "publication.alt_text_too_long",
            format!("Teks alternatif paling banyak {MAX_ALT_TEXT_CHARS} karakter."),
        ));
    }
    if request.media.is_empty() || request.media.len() > MAX_MEDIA_PER_PUBLICATION {
        return Err(invalid(
            "publication.media_count",
            format!(
                "Publikasi memerlukan 1 sampai {MAX_MEDIA_PER_PUBLICATION} foto; dikirim {}.",
                request.media.len()
            ),
        ));
    }
    for sha in &request.media {
        check_sha(sha)?;
    }
    Ok(at)
}

#[utoipa::path(
    post,
    path = "/api/v1/publications",
    tag = "meta-publishing",
    summary = "Hand a scheduled slot to the hub",
    description = "The hub publishes it on the agency's connected Instagram account or Facebook \
        Page at `scheduled_at`, even when the PC is off (checked every `--publish-interval` \
        seconds). Idempotent on `id`: sent again unchanged it answers 200; changed, it replaces \
        the publication while it still waits. Rules: caption within the platform's limit \
        (Instagram 2,200 characters and 30 hashtags, Facebook 63,206), 1 to 10 photos already \
        uploaded, a time not in the past (5 minutes' grace) and within a year, and the agency's \
        own connected account. Photos for Instagram must be 4:5 to 1.91:1.",
    request_body = PublicationRequest,
    security(("agency_token" = [])),
    responses(
        (status = 201, description = "Accepted; it waits for its time.", body = PublicationStatus),
        (status = 200, description = "Already held (unchanged) or changed while waiting.", body = PublicationStatus),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 409, description = "The agency has no account on this platform connected to Meta \
            (`meta.not_connected`: publish by hand as before), the id is another agency's \
            (`publication.id_taken`), or it was already published, withdrawn or is being published \
            (`publication.not_waiting`, `publication.in_progress`).", body = ApiError,
            example = examples::meta_not_connected),
        (status = 422, description = "A rule is broken; nothing changed. Codes: `publication.invalid_id`, \
            `publication.invalid_time`, `publication.time_passed`, `publication.time_too_far`, \
            `publication.caption_too_long`, `publication.too_many_hashtags`, `publication.alt_text_too_long`, \
            `publication.media_count`, `media.invalid_hash`, `publication.media_missing`, \
            `publication.media_aspect`, `publication.foreign_account`.", body = ApiError,
            example = examples::publication_time_passed),
    )
)]
pub async fn create_publication(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    ApiJson(mut request): ApiJson<PublicationRequest>,
) -> Result<Response, Error> {
    let now = clock.now();
    for sha in &mut request.media {
        *sha = sha.to_ascii_lowercase();
    }
    let scheduled_at = check_request(&request, now)?;
    let agency_id = agency.agency_id;
    let (outcome, publication) = store
        .run(move |db| {
            let meta = db.meta();
            let Some((account, _)) = meta.agency_meta_account(agency_id, request.platform)? else {
                return Err(Error::MetaNotConnected(format!(
                    "Akun {} PD ini belum terhubung ke Meta lewat Medsos Hub. Terbitkan manual seperti biasa, lalu tempel tautannya.",
                    request.platform.label()
                )));
            };
            if let Some(named) = &request.account {
                let named = named.trim().trim_start_matches('@').to_lowercase();
                let own = account.handle.as_deref() == Some(named.as_str())
                    || account.meta_id == named;
                if !own {
                    return Err(invalid(
                        "publication.foreign_account",
                        format!(
                            "Akun @{named} bukan akun {} PD ini yang terhubung ke Meta; publikasi hanya untuk akun PD sendiri.",
                            request.platform.label()
                        ),
                    ));
                }
            }
            let held = meta.agency_has_media(agency_id, &request.media)?;
            if let Some(position) = held.iter().position(|h| !h) {
                return Err(invalid(
                    "publication.media_missing",
                    format!(
                        "Foto ke-{} belum diunggah ke hub (PUT /api/v1/media/{{sha256}}).",
                        position + 1
                    ),
                ));
            }
            if request.platform == Platform::Instagram {
                for (i, sha) in request.media.iter().enumerate() {
                    let Some(bytes) = meta.meta_media(sha)? else { continue };
                    let (w, h) = check_jpeg(&bytes)?;
                    let ratio = f64::from(w) / f64::from(h);
                    if !(INSTAGRAM.image.min_aspect - 0.005..=INSTAGRAM.image.max_aspect + 0.005).contains(&ratio) {
                        return Err(invalid(
                            "publication.media_aspect",
                            format!("Foto ke-{} berukuran {w}×{h}; Instagram menerima rasio 4:5 sampai 1,91:1.", i + 1),
                        ));
                    }
                }
            }
            let new = NewPublication {
                id: request.id.clone(),
                platform: request.platform,
                account_meta_id: account.meta_id,
                scheduled_at,
                caption: request.caption,
                alt_text: request.alt_text,
                media: request.media,
            };
            let outcome = meta.upsert_publication(agency_id, &new, now)?;
            let stored = meta.publication(&new.id)?.ok_or_else(|| Error::Store("publication vanished".to_owned()))?;
            Ok((outcome, stored))
        })
        .await?;
    let status = match outcome {
        crate::store::meta::Upserted::Created => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    Ok((status, Json(status_of(&publication))).into_response())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Only publications changed after this instant (RFC 3339).
    pub since: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/publications",
    tag = "meta-publishing",
    summary = "The agency's publications and their states",
    description = "Each publication's state: `menunggu` (with `waiting_reason` when held up), \
        `diterbitkan` (with `permalink` and Meta's `meta_id`), `gagal` (with `failure`, in \
        Indonesian) or `ditarik`. Also which platforms the agency has connected, and why the \
        hub's Meta connection is broken when it is.",
    params(ListQuery),
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "The publications, oldest change first.", body = PublicationList),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 422, description = "`since` is not RFC 3339 (`publication.invalid_time`).", body = ApiError,
            example = json!({"code": "publication.invalid_time", "message": "`since` harus waktu RFC 3339."})),
    )
)]
pub async fn list_publications(
    State(store): State<Store>,
    Agency(agency): Agency,
    Query(query): Query<ListQuery>,
) -> Result<Json<PublicationList>, Error> {
    let since = match &query.since {
        Some(text) => Some(read_instant(text).ok_or_else(|| {
            invalid(
                "publication.invalid_time",
                "`since` harus waktu RFC 3339.".to_owned(),
            )
        })?),
        None => None,
    };
    let agency_id = agency.agency_id;
    let list = store
        .run(move |db| {
            let meta = db.meta();
            let publications = meta.agency_publications(agency_id, since)?;
            let connected = ConnectedPlatforms {
                instagram: meta
                    .agency_meta_account(agency_id, Platform::Instagram)?
                    .is_some(),
                facebook: meta
                    .agency_meta_account(agency_id, Platform::Facebook)?
                    .is_some(),
            };
            let connection_problem = meta.meta_connection()?.and_then(|c| c.broken_reason);
            Ok(PublicationList {
                publications: publications.iter().map(status_of).collect(),
                connected,
                connection_problem,
            })
        })
        .await?;
    Ok(Json(list))
}

#[utoipa::path(
    delete,
    path = "/api/v1/publications/{id}",
    tag = "meta-publishing",
    summary = "Withdraw a waiting publication",
    description = "Withdraws it while it waits (state `ditarik`); idempotent. Once Meta has \
        been asked to publish it, it can no longer be withdrawn (409).",
    params(("id" = String, Path, description = "The publication's id.")),
    security(("agency_token" = [])),
    responses(
        (status = 200, description = "Withdrawn.", body = PublicationStatus),
        (status = 401, description = "No token or an unknown one.", body = ApiError, example = examples::invalid_token),
        (status = 404, description = "No such publication of this agency (`not_found`).", body = ApiError,
            example = examples::publication_not_found),
        (status = 409, description = "Already published, failed or being published (`publication.not_waiting`).", body = ApiError,
            example = examples::publication_not_waiting),
    )
)]
pub async fn withdraw_publication(
    State(store): State<Store>,
    State(clock): State<SharedClock>,
    Agency(agency): Agency,
    Path(id): Path<String>,
) -> Result<Json<PublicationStatus>, Error> {
    let now = clock.now();
    let agency_id = agency.agency_id;
    let found = store
        .run(move |db| {
            if !db.meta().withdraw_publication(agency_id, &id, now)? {
                return Err(Error::NotFound(format!("/api/v1/publications/{id}")));
            }
            db.meta().publication(&id)
        })
        .await?
        .ok_or_else(|| Error::NotFound("/api/v1/publications".to_owned()))?;
    Ok(Json(status_of(&found)))
}

/// `GET /m/{sha256}/{expires}/{signature}.jpg`: a photo for Meta to fetch, served only while
/// the signed link is valid. No token: Meta fetches it anonymously, which is why the link is
/// unguessable and expires.
pub async fn media_for_meta(
    State(state): State<AppState>,
    Path((sha256, expires, file)): Path<(String, i64, String)>,
) -> Result<Response, Error> {
    let gone = || Error::NotFound("/m/".to_owned());
    let key = state.meta.key.clone().ok_or_else(gone)?;
    let signature = file.strip_suffix(".jpg").ok_or_else(gone)?;
    if check_sha(&sha256).is_err()
        || expires < state.clock.now().unix_timestamp()
        || !key.verify(&format!("{sha256}|{expires}"), signature)
    {
        return Err(gone());
    }
    let bytes = state
        .store
        .run(move |db| db.meta().meta_media(&sha256))
        .await?
        .ok_or_else(gone)?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "private, max-age=3600"),
        ],
        bytes,
    )
        .into_response())
}
