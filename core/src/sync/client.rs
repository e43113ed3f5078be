//! The blocking HTTP client that talks to the hub: enrolment, sending summaries, reading
//! holidays. It runs on the sync's own thread (window) or alone (`medsos-pd sync`), so it
//! blocks; it must not be built or used on an async runtime's worker thread.
//!
//! - TLS through rustls with the system's root certificates, plus an optional PEM file of a
//!   Diskominfo internal CA added to those roots.
//! - The system's proxy settings are honoured: reqwest reads `HTTPS_PROXY`, `HTTP_PROXY`,
//!   `ALL_PROXY` and `NO_PROXY` (upper or lower case), and, through its `system-proxy`
//!   feature (off with default features off, so named in core's Cargo.toml), on Windows the
//!   proxy set in Internet Options (`HKCU\...\Internet Settings`: `ProxyEnable`, a single
//!   `ProxyServer` `host:port`, `ProxyOverride`), used when no variable is set. Loopback is
//!   not exempt unless listed. Not understood there: the per-protocol form
//!   `http=a:80;https=b:443` of `ProxyServer`, `<local>` in `ProxyOverride`, and PAC scripts
//!   (then set `HTTPS_PROXY`). Tested under Wine (`tests/tests/windows_wine.rs`).
//! - Connect timeout 10 s, whole-request timeout 30 s, user agent `MedsosPD/<version>`.

use super::hub::{validate_hub_url, Credentials};
use crate::clock::{to_stored, Clock};
use crate::error::{Error, Result};
use backon::{BackoffBuilder, ExponentialBuilder};
use medsos_protocol::{
    AccountList, AccountListResult, AccountStates, ImpersonationReportBatch, Kinerja, Registry,
    ReportBatchResult,
};
use medsos_protocol::{
    ApiError, BriefList, EnrolmentRequest, EnrolmentResponse, FulfilmentBatch,
    FulfilmentBatchResult, HolidayList, SummaryBatch, SummaryBatchResult,
};
use medsos_protocol::{
    CommentAck, CommentAckResult, CommentList, MediaUploaded, MetaPostList, PublicationList,
    PublicationRequest, PublicationStatus, ReplyList, ReplyRequest, ReplyStatus,
};
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use std::path::Path;
use std::time::Duration;
use url::Url;

pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The shortest and longest wait between two attempts.
pub const MIN_BACKOFF: Duration = Duration::from_secs(1);
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The user agent the hub sees.
pub fn user_agent() -> String {
    format!("MedsosPD/{}", env!("CARGO_PKG_VERSION"))
}

/// `X-Medsos-App-Version: <this build's version>` on every request to the hub. The app and
/// core share the workspace's version.
fn version_header() -> reqwest::header::HeaderMap {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Ok(name) =
        reqwest::header::HeaderName::from_bytes(medsos_protocol::APP_VERSION_HEADER.as_bytes())
    {
        headers.insert(
            name,
            reqwest::header::HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
        );
    }
    headers
}

/// Why a send failed, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The network or the hub had a moment: no connection, a timeout, a 5xx, or 429 (with
    /// the wait the hub asked for). Nothing was acknowledged; the days stay pending.
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The hub refused the request (4xx): trying again unchanged will not help.
    Permanent {
        message: String,
        /// The HTTP status, when the hub answered.
        status: Option<u16>,
        /// The hub's stable error code, when it gave one.
        code: Option<String>,
    },
}

impl SendError {
    pub fn is_retryable(&self) -> bool {
        matches!(self, SendError::Retryable { .. })
    }

    pub fn message(&self) -> &str {
        match self {
            SendError::Retryable { message, .. } | SendError::Permanent { message, .. } => message,
        }
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for SendError {}

pub const MSG_NO_FULFILMENTS: &str =
    "Hub belum menerima laporan pemenuhan arahan (versi hub lama); unggahan yang menjawab arahan akan dikirim lagi setelah hub diperbarui.";
/// The largest brief attachment the PC downloads.
pub const MAX_ATTACHMENT_BYTES: u64 = 100 * 1024 * 1024;
/// Attachments may be large; the whole download gets longer than a summary send.
pub const ATTACHMENT_TIMEOUT: Duration = Duration::from_secs(300);
pub const MSG_NO_ACCOUNTS: &str =
    "Hub belum menerima daftar akun resmi (versi hub lama); daftar akun akan dikirim lagi setelah hub diperbarui.";
pub const MSG_NO_REPORTS: &str =
    "Hub belum menerima laporan akun palsu (versi hub lama); laporan akan dikirim lagi setelah hub diperbarui.";
pub const MSG_NO_REGISTRY: &str =
    "Hub belum menerbitkan registri akun resmi (versi hub lama); Cek akun memakai registri yang tersimpan.";
pub const MSG_NO_ACCOUNT_STATES: &str =
    "Hub belum memberi tahu keputusan Diskominfo atas akun resmi (versi hub lama).";
pub const MSG_NO_KINERJA: &str =
    "Hub belum menerbitkan kinerja PD (versi hub lama); target mingguan memakai pengaturan PC ini.";
pub const MSG_NO_META: &str =
    "Hub belum tersambung ke Meta (versi hub lama); terbitkan manual seperti biasa.";

/// An endpoint an older hub does not have (404/405): `None`, not a failure.
fn optional_endpoint<T>(result: Result<T, SendError>) -> Result<Option<T>, SendError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(SendError::Permanent {
            status: Some(404 | 405),
            ..
        }) => Ok(None),
        Err(other) => Err(other),
    }
}

pub const MSG_UNREACHABLE: &str = "Hub tidak dapat dihubungi (jaringan terputus?).";
pub const MSG_TIMEOUT: &str = "Hub tidak menjawab dalam waktu yang wajar (jaringan lambat?).";
pub const MSG_TOKEN_REJECTED: &str =
    "Token PC ini ditolak hub; daftarkan ulang dengan kode baru dari Diskominfo.";

fn transport_error(e: &reqwest::Error) -> SendError {
    let message = if e.is_timeout() {
        MSG_TIMEOUT.to_string()
    } else if e.is_connect() {
        MSG_UNREACHABLE.to_string()
    } else if e.is_body() || e.is_decode() || e.is_request() {
        "Sambungan ke hub terputus di tengah jalan; akan dicoba lagi.".to_string()
    } else {
        format!("Gagal berbicara dengan hub: {e}")
    };
    SendError::Retryable {
        message,
        retry_after: None,
    }
}

fn retry_after(response: &Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

/// Turns a non-2xx answer into a [`SendError`].
fn status_error(response: Response) -> SendError {
    let status = response.status();
    let wait = retry_after(&response);
    let api: Option<ApiError> = response.json().ok();
    let hub_says = api.as_ref().map(|a| a.message.clone());
    let code = api.map(|a| a.code);
    if status == StatusCode::TOO_MANY_REQUESTS {
        return SendError::Retryable {
            message:
                "Hub sedang sibuk menerima kiriman (terlalu banyak permintaan); akan dicoba lagi."
                    .into(),
            retry_after: wait,
        };
    }
    if status.is_server_error() {
        return SendError::Retryable {
            message: format!(
                "Hub sedang bermasalah (kode {}); akan dicoba lagi.",
                status.as_u16()
            ),
            retry_after: wait,
        };
    }
    let message = match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => MSG_TOKEN_REJECTED.to_string(),
        StatusCode::NOT_FOUND => {
            "Alamat hub benar-benar ada, tetapi bukan hub Medsos (404). Periksa alamat hub.".into()
        }
        StatusCode::PAYLOAD_TOO_LARGE => "Kiriman terlalu besar untuk hub.".into(),
        _ => match hub_says {
            Some(m) => format!("Hub menolak kiriman: {m}"),
            None => format!("Hub menolak kiriman (kode {}).", status.as_u16()),
        },
    };
    SendError::Permanent {
        message,
        status: Some(status.as_u16()),
        code,
    }
}

/// A client for one hub.
#[derive(Debug, Clone)]
pub struct HubClient {
    base: Url,
    http: Client,
    min_backoff: Duration,
    max_backoff: Duration,
}

impl HubClient {
    /// A client for the hub at `hub_url` (checked by [`validate_hub_url`]), trusting the
    /// system's roots and, when given, the CA certificates in the PEM file `ca_file`.
    pub fn new(hub_url: &str, ca_file: Option<&Path>) -> Result<HubClient> {
        let base = validate_hub_url(hub_url)?;
        let mut builder = Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .user_agent(user_agent())
            // The hub keeps which version each PC runs (its release page), from this header.
            .default_headers(version_header())
            .use_rustls_tls();
        if let Some(path) = ca_file {
            let pem = std::fs::read(path).map_err(|source| Error::Io {
                what: format!("Berkas sertifikat CA {} tidak dapat dibaca", path.display()),
                source,
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .ok()
                .filter(|c| !c.is_empty())
                .ok_or_else(|| {
                    Error::invalid(
                        "ca_file",
                        format!(
                            "Berkas {} bukan sertifikat CA berformat PEM (-----BEGIN CERTIFICATE-----).",
                            path.display()
                        ),
                    )
                })?;
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| {
            Error::invalid("hub_url", format!("Klien HTTP tidak dapat disiapkan: {e}"))
        })?;
        Ok(HubClient {
            base,
            http,
            min_backoff: MIN_BACKOFF,
            max_backoff: MAX_BACKOFF,
        })
    }

    /// The waits between attempts (tests shorten them).
    pub fn with_backoff(mut self, min: Duration, max: Duration) -> HubClient {
        self.min_backoff = min;
        self.max_backoff = max.max(min);
        self
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Url {
        // The base always ends in '/', and `path` never starts with one.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }

    /// Trades the one-time code for this PC's token (`POST /api/v1/enrolments`).
    /// `installation_id` names this PC's store, so a store enrolled again carries on its
    /// earlier summaries at the hub instead of being counted twice.
    pub fn enrol(
        &self,
        code: &str,
        device_name: &str,
        installation_id: Option<&str>,
    ) -> Result<EnrolmentResponse, SendError> {
        let response = self
            .http
            .post(self.url("api/v1/enrolments"))
            .json(&EnrolmentRequest {
                code: code.trim().to_string(),
                device_name: device_name.trim().to_string(),
                installation_id: installation_id.map(str::to_owned),
            })
            .send()
            .map_err(|e| transport_error(&e))?;
        if response.status().is_success() {
            return response.json().map_err(|_| SendError::Permanent {
                message: "Jawaban hub atas pendaftaran tidak terbaca.".into(),
                status: None,
                code: None,
            });
        }
        Err(match status_error(response) {
            SendError::Permanent {
                status: Some(s),
                code,
                message,
            } if s == 401 || s == 403 || s == 404 || s == 409 || s == 410 || s == 422 => {
                SendError::Permanent {
                    message: if s == 404 && code.is_none() {
                        message
                    } else {
                        "Kode pendaftaran ditolak hub: kode salah, sudah dipakai, atau sudah kedaluwarsa (berlaku 7 hari). Minta kode baru ke Diskominfo.".into()
                    },
                    status: Some(s),
                    code,
                }
            }
            other => other,
        })
    }

    /// One attempt at `POST /api/v1/summaries`.
    pub fn send_once(
        &self,
        token: &str,
        batch: &SummaryBatch,
    ) -> Result<SummaryBatchResult, SendError> {
        let response = self
            .http
            .post(self.url("api/v1/summaries"))
            .bearer_auth(token)
            .json(batch)
            .send()
            .map_err(|e| transport_error(&e))?;
        if !response.status().is_success() {
            return Err(status_error(response));
        }
        let result: SummaryBatchResult = response.json().map_err(|e| transport_error(&e))?;
        if result.results.len() != batch.days.len() {
            return Err(SendError::Retryable {
                message: "Jawaban hub tidak lengkap; akan dicoba lagi.".into(),
                retry_after: None,
            });
        }
        Ok(result)
    }

    /// Sends a batch, trying up to `attempts` times (at least once) while the failure is
    /// retryable, waiting an exponentially growing time with jitter between attempts (1 s
    /// up to 30 s, or what the hub asked for with Retry-After, capped at 30 s). A replayed
    /// batch is harmless: the hub is idempotent on (day, revision).
    pub fn send(
        &self,
        token: &str,
        batch: &SummaryBatch,
        attempts: u32,
    ) -> Result<SummaryBatchResult, SendError> {
        self.with_retries(attempts, || self.send_once(token, batch))
    }

    /// Runs `once` up to `attempts` times (at least once) while the failure is retryable,
    /// waiting an exponentially growing time with jitter between attempts, or what the hub
    /// asked for with Retry-After (capped).
    fn with_retries<T>(
        &self,
        attempts: u32,
        mut once: impl FnMut() -> Result<T, SendError>,
    ) -> Result<T, SendError> {
        let attempts = attempts.max(1);
        let mut delays = ExponentialBuilder::default()
            .with_min_delay(self.min_backoff)
            .with_max_delay(self.max_backoff)
            .with_max_times(attempts as usize - 1)
            .with_jitter()
            .build();
        loop {
            match once() {
                Ok(result) => return Ok(result),
                Err(error) if error.is_retryable() => {
                    let Some(delay) = delays.next() else {
                        return Err(error);
                    };
                    let asked = match &error {
                        SendError::Retryable { retry_after, .. } => *retry_after,
                        SendError::Permanent { .. } => None,
                    };
                    let wait = asked
                        .map(|a| a.min(self.max_backoff).max(delay))
                        .unwrap_or(delay);
                    std::thread::sleep(wait);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// `GET /api/v1/holidays/{year}`; `None` when the hub has none for that year (404).
    pub fn holidays(&self, year: i32) -> Result<Option<HolidayList>, SendError> {
        let response = self
            .http
            .get(self.url(&format!("api/v1/holidays/{year}")))
            .send()
            .map_err(|e| transport_error(&e))?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !response.status().is_success() {
            return Err(status_error(response));
        }
        response.json().map(Some).map_err(|e| transport_error(&e))
    }
}

impl HubClient {
    /// One attempt at `POST /api/v1/brief-fulfilments`. A hub from before fulfilments answers
    /// 404 (`not_found`); that is said plainly (the fulfilments stay for later).
    pub fn send_fulfilments_once(
        &self,
        token: &str,
        batch: &FulfilmentBatch,
    ) -> Result<FulfilmentBatchResult, SendError> {
        let response = self
            .http
            .post(self.url("api/v1/brief-fulfilments"))
            .bearer_auth(token)
            .json(batch)
            .send()
            .map_err(|e| transport_error(&e))?;
        if !response.status().is_success() {
            return Err(match status_error(response) {
                SendError::Permanent {
                    status: Some(status @ (404 | 405)),
                    code,
                    ..
                } => SendError::Permanent {
                    message: MSG_NO_FULFILMENTS.into(),
                    status: Some(status),
                    code,
                },
                other => other,
            });
        }
        response.json().map_err(|e| transport_error(&e))
    }

    /// Sends a batch of fulfilments with the same retries as [`HubClient::send`]. A replayed
    /// batch is harmless: the hub is idempotent on (brief, agency, url).
    pub fn send_fulfilments(
        &self,
        token: &str,
        batch: &FulfilmentBatch,
        attempts: u32,
    ) -> Result<FulfilmentBatchResult, SendError> {
        self.with_retries(attempts, || self.send_fulfilments_once(token, batch))
    }

    /// `GET /api/v1/briefs/{brief_id}/attachments/{id}` with the agency token: the file's
    /// bytes (at most [`MAX_ATTACHMENT_BYTES`]).
    pub fn brief_attachment(
        &self,
        token: &str,
        brief_id: i64,
        id: i64,
        attempts: u32,
    ) -> Result<Vec<u8>, SendError> {
        self.with_retries(attempts, || {
            let response = self
                .http
                .get(self.url(&format!("api/v1/briefs/{brief_id}/attachments/{id}")))
                .bearer_auth(token)
                .timeout(ATTACHMENT_TIMEOUT)
                .send()
                .map_err(|e| transport_error(&e))?;
            if response.status() == StatusCode::NOT_FOUND {
                return Err(SendError::Permanent {
                    message: "Lampiran ini tidak ada lagi di hub (mungkin sudah dihapus Diskominfo). Sinkronkan untuk memperbarui arahan.".into(),
                    status: Some(404),
                    code: None,
                });
            }
            if !response.status().is_success() {
                return Err(status_error(response));
            }
            if response
                .content_length()
                .is_some_and(|n| n > MAX_ATTACHMENT_BYTES)
            {
                return Err(SendError::Permanent {
                    message: "Lampiran terlalu besar untuk diunduh.".into(),
                    status: None,
                    code: None,
                });
            }
            let bytes = response.bytes().map_err(|e| transport_error(&e))?;
            if bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
                return Err(SendError::Permanent {
                    message: "Lampiran terlalu besar untuk diunduh.".into(),
                    status: None,
                    code: None,
                });
            }
            Ok(bytes.to_vec())
        })
    }

    /// `GET /api/v1/briefs` with the agency token: Diskominfo's content briefs.
    pub fn briefs(&self, token: &str) -> Result<BriefList, SendError> {
        let response = self
            .http
            .get(self.url("api/v1/briefs"))
            .bearer_auth(token)
            .send()
            .map_err(|e| transport_error(&e))?;
        if !response.status().is_success() {
            return Err(status_error(response));
        }
        response.json().map_err(|e| transport_error(&e))
    }
}

impl HubClient {
    /// One POST of `body` to `path` with the token; 404/405 (an older hub without the
    /// endpoint) become `old_hub`, said plainly.
    fn post_json<B: serde::Serialize, T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        body: &B,
        old_hub: &str,
    ) -> Result<T, SendError> {
        let response = self
            .http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .map_err(|e| transport_error(&e))?;
        if !response.status().is_success() {
            return Err(match status_error(response) {
                SendError::Permanent {
                    status: Some(status @ (404 | 405)),
                    code,
                    ..
                } => SendError::Permanent {
                    message: old_hub.into(),
                    status: Some(status),
                    code,
                },
                other => other,
            });
        }
        response.json().map_err(|e| transport_error(&e))
    }

    /// `POST /api/v1/accounts`: the whole list of official accounts, with retries.
    pub fn send_accounts(
        &self,
        token: &str,
        list: &AccountList,
        attempts: u32,
    ) -> Result<AccountListResult, SendError> {
        self.with_retries(attempts, || {
            self.post_json("api/v1/accounts", token, list, MSG_NO_ACCOUNTS)
        })
    }

    /// `POST /api/v1/impersonation-reports`, with retries (the hub upserts by id).
    pub fn send_reports(
        &self,
        token: &str,
        batch: &ImpersonationReportBatch,
        attempts: u32,
    ) -> Result<ReportBatchResult, SendError> {
        self.with_retries(attempts, || {
            self.post_json("api/v1/impersonation-reports", token, batch, MSG_NO_REPORTS)
        })
    }

    /// A GET with the token, with retries; 404/405 (an older hub without the endpoint)
    /// become `old_hub`, said plainly.
    fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
        old_hub: &str,
        attempts: u32,
    ) -> Result<T, SendError> {
        self.with_retries(attempts, || {
            let response = self
                .http
                .get(self.url(path))
                .bearer_auth(token)
                .send()
                .map_err(|e| transport_error(&e))?;
            if matches!(response.status().as_u16(), 404 | 405) {
                return Err(SendError::Permanent {
                    message: old_hub.into(),
                    status: Some(response.status().as_u16()),
                    code: None,
                });
            }
            if !response.status().is_success() {
                return Err(status_error(response));
            }
            response.json().map_err(|e| transport_error(&e))
        })
    }

    /// `GET /api/v1/accounts`: where each of the agency's account claims stands with
    /// Diskominfo.
    pub fn account_states(&self, token: &str, attempts: u32) -> Result<AccountStates, SendError> {
        self.get_json("api/v1/accounts", token, MSG_NO_ACCOUNT_STATES, attempts)
    }

    /// `GET /api/v1/kinerja`: the agency's kinerja as Diskominfo scores it, with the weekly
    /// targets and weights.
    pub fn kinerja(&self, token: &str, attempts: u32) -> Result<Kinerja, SendError> {
        self.get_json("api/v1/kinerja", token, MSG_NO_KINERJA, attempts)
    }

    /// `GET /api/v1/publications`: the slots handed to the hub and what became of them, and
    /// whether the agency's accounts are connected to Meta. `Ok(None)` from an older hub
    /// without Meta: the manual path stays.
    pub fn publications(
        &self,
        token: &str,
        attempts: u32,
    ) -> Result<Option<PublicationList>, SendError> {
        optional_endpoint(self.get_json("api/v1/publications", token, MSG_NO_META, attempts))
    }

    /// `PUT /api/v1/media/{sha256}`: one photo for the hub to publish (idempotent).
    pub fn put_media(
        &self,
        token: &str,
        sha256: &str,
        jpeg: Vec<u8>,
        attempts: u32,
    ) -> Result<MediaUploaded, SendError> {
        self.with_retries(attempts, || {
            let response = self
                .http
                .put(self.url(&format!("api/v1/media/{sha256}")))
                .bearer_auth(token)
                .header(reqwest::header::CONTENT_TYPE, "image/jpeg")
                .timeout(ATTACHMENT_TIMEOUT)
                .body(jpeg.clone())
                .send()
                .map_err(|e| transport_error(&e))?;
            if !response.status().is_success() {
                return Err(status_error(response));
            }
            response.json().map_err(|e| transport_error(&e))
        })
    }

    /// `POST /api/v1/publications`: hands a slot over (idempotent on its id).
    pub fn post_publication(
        &self,
        token: &str,
        request: &PublicationRequest,
        attempts: u32,
    ) -> Result<PublicationStatus, SendError> {
        self.with_retries(attempts, || {
            self.post_json("api/v1/publications", token, request, MSG_NO_META)
        })
    }

    /// `DELETE /api/v1/publications/{id}`: withdraws a slot still waiting; a publication the
    /// hub does not hold counts as withdrawn.
    pub fn withdraw_publication(
        &self,
        token: &str,
        id: &str,
        attempts: u32,
    ) -> Result<(), SendError> {
        self.with_retries(attempts, || {
            let response = self
                .http
                .delete(self.url(&format!("api/v1/publications/{id}")))
                .bearer_auth(token)
                .send()
                .map_err(|e| transport_error(&e))?;
            if response.status().is_success() || response.status() == StatusCode::NOT_FOUND {
                return Ok(());
            }
            Err(status_error(response))
        })
    }

    /// `GET /api/v1/comments`: new comments on the agency's posts.
    pub fn comments(&self, token: &str, attempts: u32) -> Result<Option<CommentList>, SendError> {
        optional_endpoint(self.get_json("api/v1/comments", token, MSG_NO_META, attempts))
    }

    /// `POST /api/v1/comments/ack`: these are stored here; the hub drops their text.
    pub fn ack_comments(
        &self,
        token: &str,
        ack: &CommentAck,
        attempts: u32,
    ) -> Result<CommentAckResult, SendError> {
        self.with_retries(attempts, || {
            self.post_json("api/v1/comments/ack", token, ack, MSG_NO_META)
        })
    }

    /// `POST /api/v1/comment-replies`: a reply for the hub to post.
    pub fn post_reply(
        &self,
        token: &str,
        reply: &ReplyRequest,
        attempts: u32,
    ) -> Result<ReplyStatus, SendError> {
        self.with_retries(attempts, || {
            self.post_json("api/v1/comment-replies", token, reply, MSG_NO_META)
        })
    }

    /// `GET /api/v1/comment-replies`: the agency's replies and their states.
    pub fn replies(&self, token: &str, attempts: u32) -> Result<Option<ReplyList>, SendError> {
        optional_endpoint(self.get_json("api/v1/comment-replies", token, MSG_NO_META, attempts))
    }

    /// `GET /api/v1/meta-posts`: the agency's posts with Meta's figures, and its best hours.
    pub fn meta_posts(
        &self,
        token: &str,
        attempts: u32,
    ) -> Result<Option<MetaPostList>, SendError> {
        optional_endpoint(self.get_json("api/v1/meta-posts", token, MSG_NO_META, attempts))
    }

    /// `GET /api/v1/registry` (public): every agency's official accounts.
    pub fn registry(&self, attempts: u32) -> Result<Registry, SendError> {
        self.with_retries(attempts, || {
            let response = self
                .http
                .get(self.url("api/v1/registry"))
                .send()
                .map_err(|e| transport_error(&e))?;
            if matches!(response.status().as_u16(), 404 | 405) {
                return Err(SendError::Permanent {
                    message: MSG_NO_REGISTRY.into(),
                    status: Some(response.status().as_u16()),
                    code: None,
                });
            }
            if !response.status().is_success() {
                return Err(status_error(response));
            }
            response.json().map_err(|e| transport_error(&e))
        })
    }
}

/// Enrols this PC at `hub_url` with Diskominfo's one-time `code`: answers the credentials
/// to save (the caller saves them; see [`super::run::enrol_and_save`]).
pub fn enrol(
    clock: &dyn Clock,
    hub_url: &str,
    code: &str,
    device_name: &str,
    installation_id: Option<&str>,
    ca_file: Option<&Path>,
) -> Result<Credentials> {
    if code.trim().is_empty() {
        return Err(Error::invalid(
            "code",
            "Isi kode pendaftaran dari Diskominfo.",
        ));
    }
    let device_name = match device_name.trim() {
        "" => "PC Medsos PD",
        name => name,
    };
    let client = HubClient::new(hub_url, ca_file)?;
    let answer = client
        .enrol(code, device_name, installation_id)
        .map_err(enrol_error)?;
    Ok(Credentials {
        hub_url: client.base_url().to_string(),
        agency_id: answer.agency_id,
        device_name: device_name.to_string(),
        token: answer.token,
        enrolled_at: to_stored(clock.now()),
    })
}

/// Says what a failed enrolment points at: the network (nothing was used up, try again),
/// the code (the hub refused it), or the hub's address (something answered, but not as a
/// hub would).
fn enrol_error(e: SendError) -> Error {
    match e {
        SendError::Retryable { message, .. } => Error::Network {
            message: format!(
                "{message} Kode pendaftaran belum terpakai: periksa jaringan dan alamat hub, lalu coba lagi."
            ),
        },
        SendError::Permanent {
            status: Some(s),
            code,
            message,
        } if matches!(s, 401 | 403 | 409 | 410 | 422) || (s == 404 && code.is_some()) => {
            Error::invalid("code", message)
        }
        SendError::Permanent { message, .. } => Error::invalid("hub_url", message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A one-shot HTTP server on loopback answering each connection with the next canned
    /// response; returns its base URL.
    fn canned(responses: Vec<String>) -> (String, std::thread::JoinHandle<usize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut served = 0;
            for response in responses {
                let (mut stream, _) = listener.accept().unwrap();
                let mut buf = [0u8; 65536];
                let _ = stream.read(&mut buf);
                stream.write_all(response.as_bytes()).unwrap();
                served += 1;
            }
            served
        });
        (url, handle)
    }

    fn http(status: &str, extra: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
            body.len()
        )
    }

    fn batch() -> SummaryBatch {
        SummaryBatch {
            schema_version: 1,
            days: vec![medsos_protocol::DailySummary::example("2026-11-26", 1)],
        }
    }

    const OK: &str = r#"{"results":[{"day":"2026-11-26","revision":1,"outcome":"stored"}]}"#;

    #[test]
    fn retryable_failures_are_retried_and_permanent_ones_are_not() {
        let (url, server) = canned(vec![
            http("503 Service Unavailable", "", "{}"),
            http("429 Too Many Requests", "Retry-After: 0\r\n", "{}"),
            http("200 OK", "", OK),
        ]);
        let client = HubClient::new(&url, None)
            .unwrap()
            .with_backoff(Duration::from_millis(10), Duration::from_millis(50));
        let result = client.send("t", &batch(), 5).unwrap();
        assert_eq!(result.results.len(), 1);
        assert_eq!(server.join().unwrap(), 3);

        let (url, server) = canned(vec![http(
            "401 Unauthorized",
            "",
            r#"{"code":"auth.invalid_token","message":"Token tidak dikenal."}"#,
        )]);
        let client = HubClient::new(&url, None)
            .unwrap()
            .with_backoff(Duration::from_millis(10), Duration::from_millis(50));
        let err = client.send("t", &batch(), 5).unwrap_err();
        assert!(!err.is_retryable());
        assert_eq!(err.message(), MSG_TOKEN_REJECTED);
        assert_eq!(server.join().unwrap(), 1);

        let (url, server) = canned(vec![http(
            "422 Unprocessable Entity",
            "",
            r#"{"code":"summary.invalid","message":"Hari 2019-01-01 di luar jangkauan."}"#,
        )]);
        let client = HubClient::new(&url, None).unwrap();
        let err = client.send("t", &batch(), 5).unwrap_err();
        assert_eq!(
            err,
            SendError::Permanent {
                message: "Hub menolak kiriman: Hari 2019-01-01 di luar jangkauan.".into(),
                status: Some(422),
                code: Some("summary.invalid".into()),
            }
        );
        assert_eq!(server.join().unwrap(), 1);
    }

    #[test]
    fn a_hub_that_is_not_there_is_retryable_and_said_plainly() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = HubClient::new(&format!("http://127.0.0.1:{port}"), None)
            .unwrap()
            .with_backoff(Duration::from_millis(1), Duration::from_millis(5));
        let err = client.send("t", &batch(), 3).unwrap_err();
        assert!(err.is_retryable());
        assert_eq!(err.message(), MSG_UNREACHABLE);
    }

    #[test]
    fn plain_http_to_another_machine_and_a_bad_ca_file_are_refused() {
        let err = HubClient::new("http://10.1.2.3:8787", None).unwrap_err();
        assert_eq!(err.code(), "invalid.hub_url");
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, "bukan sertifikat").unwrap();
        let err = HubClient::new("https://hub.example", Some(&ca)).unwrap_err();
        assert_eq!(err.code(), "invalid.ca_file");
        assert!(user_agent().starts_with("MedsosPD/"));
    }

    #[test]
    fn enrolling_with_no_hub_listening_is_a_network_problem_not_a_bad_code() {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let clock = crate::FixedClock::new(time::macros::datetime!(2026-11-26 01:00 UTC));
        let err = enrol(
            &clock,
            &format!("http://127.0.0.1:{port}"),
            "K7QF-2M9D-XW4T",
            "PC Admin",
            None,
            None,
        )
        .unwrap_err();
        assert_eq!(err.code(), "network");
        let message = err.to_string();
        assert!(message.contains("tidak dapat dihubungi"), "{message}");
        assert!(message.contains("jaringan"), "{message}");
        assert!(!message.contains("ditolak"), "{message}");
    }

    #[test]
    fn a_code_the_hub_refuses_is_reported_on_the_code_and_a_stranger_on_the_address() {
        let clock = crate::FixedClock::new(time::macros::datetime!(2026-11-26 01:00 UTC));
        let (url, server) = canned(vec![
            http(
                "410 Gone",
                "",
                r#"{"code":"enrolment.expired","message":"Kode kedaluwarsa."}"#,
            ),
            http("404 Not Found", "", "<html></html>"),
        ]);
        let err = enrol(&clock, &url, "K7QF-2M9D-XW4T", "PC", None, None).unwrap_err();
        assert_eq!(err.code(), "invalid.code");
        assert!(
            err.to_string().contains("Kode pendaftaran ditolak"),
            "{err}"
        );
        let err = enrol(&clock, &url, "K7QF-2M9D-XW4T", "PC", None, None).unwrap_err();
        assert_eq!(err.code(), "invalid.hub_url");
        assert!(err.to_string().contains("bukan hub Medsos"), "{err}");
        assert_eq!(server.join().unwrap(), 2);
    }
}
